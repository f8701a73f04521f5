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
}
