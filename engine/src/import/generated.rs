//! A generated order export of any size, the same natively and in the browser, so the import
//! benchmark (engine/benches/import.rs, and the app's worker benchmark) measures one file.

/// Distinct customers in a generated export.
pub const GENERATED_CUSTOMERS: usize = 100_000;

/// An order export with `rows` orders: `order_id,email,created_at,total,channel`, e-mails
/// with capitals (so keys are lower-cased), ISO date-times with an offset, amounts with cents.
/// Deterministic (xorshift), about 70 bytes a row.
pub fn generated_order_export(rows: usize) -> Vec<u8> {
    use std::fmt::Write;
    let mut out = String::with_capacity(rows.saturating_mul(72).min(1 << 31));
    out.push_str("order_id,email,created_at,total,channel\n");
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..rows {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let customer = state as usize % GENERATED_CUSTOMERS;
        let day = 1 + (i * 28 / rows.max(1));
        let month = 1 + (state >> 20) as usize % 12;
        let cents = (state >> 32) % 50_000;
        let channel = ["web", "pos", "instagram", "marketplace"][(state >> 40) as usize % 4];
        let _ = writeln!(
            out,
            "#{},Customer{customer}@Example.com,2024-{month:02}-{day:02} 12:{:02}:00 +0100,{}.{:02},{channel}",
            1000 + i,
            i % 60,
            cents / 100,
            cents % 100,
        );
    }
    out.into_bytes()
}

/// A plain order log with `rows` orders of [`GENERATED_CUSTOMERS`] customers:
/// `customer,date,amount` (numeric customer ids, ISO days over three years from 2021-01-01,
/// amounts with cents), about 25 bytes a row, drawn as the models assume shops work: each
/// customer starts on a day of the first two years, buys at a rate λ while active and stops
/// after an exponential lifetime (cut at the end of the three years); λ and the dropout rate
/// vary between customers (exponential: Gamma with shape 1, so Pareto/NBD with r = s = 1). The
/// first `GENERATED_CUSTOMERS` rows are each customer's first order; every further row goes to
/// a customer with probability proportional to λ × their active days, on a day drawn
/// uniformly within them. Each order's amount is the customer's own mean (exponential across
/// customers, from 15 up, mean 90) times a uniform factor from 0.5 to 1.5. Deterministic
/// (SplitMix64); the file the native peer benchmark (`scripts/bench-peers.sh`) gives
/// `clv report` and Python's lifetimes.
pub fn generated_order_log(rows: usize) -> Vec<u8> {
    use std::fmt::Write;
    const DAYS: u64 = 3 * 365;
    fn mix(mut z: u64) -> u64 {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A uniform draw in (0, 1) from 53 bits of `h`.
    fn unit(h: u64) -> f64 {
        ((h >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    let customers = GENERATED_CUSTOMERS as u64;
    // Each customer's active days (first, last) and mean order value, and the running sum of
    // λ × active days by which further rows are shared out.
    let mut active = Vec::with_capacity(GENERATED_CUSTOMERS);
    let mut cumulative = Vec::with_capacity(GENERATED_CUSTOMERS);
    let mut weight = 0.0;
    for customer in 0..customers {
        let h = mix(customer ^ 0x5EED);
        let (h2, h3, h4) = (mix(h), mix(h ^ 1), mix(h ^ 2));
        let first = h % (2 * 365);
        // Dropout rate μ ~ Exp(mean 1/365 a day): mean lifetime a year, varying widely.
        let mu = -unit(h2).ln() / 365.0;
        let lifetime = (-unit(h3).ln() / mu).min(DAYS as f64) as u64;
        let last = (first + lifetime).min(DAYS - 1);
        let lambda = -unit(h4).ln();
        let mean_cents = 1_500.0 - unit(mix(h ^ 3)).ln() * 7_500.0;
        weight += lambda * (last - first + 1) as f64;
        active.push((first, last, mean_cents));
        cumulative.push(weight);
    }
    let mut out = String::with_capacity(rows.saturating_mul(26).min(1 << 31));
    out.push_str("customer,date,amount\n");
    let mut state: u64 = 42;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(state)
    };
    let start = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default();
    for i in 0..rows as u64 {
        let customer = if i < customers {
            i as usize
        } else {
            let target = unit(next()) * weight;
            cumulative
                .partition_point(|&w| w < target)
                .min(GENERATED_CUSTOMERS - 1)
        };
        let (first, last, mean_cents) = active[customer];
        let day = if i < customers {
            first
        } else {
            first + next() % (last - first + 1)
        };
        let cents = (mean_cents * (0.5 + (next() % 1_000) as f64 / 1_000.0)) as u64;
        let date = start + chrono::Days::new(day);
        let _ = writeln!(out, "{customer},{date},{}.{:02}", cents / 100, cents % 100);
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_back_with_every_row_imported() {
        let file = generated_order_export(1_000);
        let got = crate::read_orders(&file, &crate::ImportOptions::new()).unwrap();
        assert_eq!((got.rows.total, got.rows.imported), (1_000, 1_000));
        assert_eq!(got.log.attributes[0].name, "channel");
    }

    #[test]
    fn the_log_reads_back_with_every_customer() {
        let file = generated_order_log(GENERATED_CUSTOMERS + 10);
        let got = crate::read_orders(&file, &crate::ImportOptions::new()).unwrap();
        assert_eq!(got.rows.imported as usize, GENERATED_CUSTOMERS + 10);
        assert_eq!(got.log.customers.len(), GENERATED_CUSTOMERS);
    }
}
