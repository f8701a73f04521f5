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

/// SplitMix64's output function: a well-mixed 64-bit value from `z` (the generated files'
/// source of randomness, deterministic).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
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

/// The columns of Shopify's orders export (Orders > Export, "CSV for Excel, Numbers, or other
/// spreadsheet programs"), in its order.
const SHOPIFY_COLUMNS: [&str; 79] = [
    "Name",
    "Email",
    "Financial Status",
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Accepts Marketing",
    "Currency",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Code",
    "Discount Amount",
    "Shipping Method",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Billing Name",
    "Billing Street",
    "Billing Address1",
    "Billing Address2",
    "Billing Company",
    "Billing City",
    "Billing Zip",
    "Billing Province",
    "Billing Country",
    "Billing Phone",
    "Shipping Name",
    "Shipping Street",
    "Shipping Address1",
    "Shipping Address2",
    "Shipping Company",
    "Shipping City",
    "Shipping Zip",
    "Shipping Province",
    "Shipping Country",
    "Shipping Phone",
    "Notes",
    "Note Attributes",
    "Cancelled at",
    "Payment Method",
    "Payment Reference",
    "Refunded Amount",
    "Vendor",
    "Outstanding Balance",
    "Employee",
    "Location",
    "Device ID",
    "Id",
    "Tags",
    "Risk Level",
    "Source",
    "Lineitem discount",
    "Tax 1 Name",
    "Tax 1 Value",
    "Tax 2 Name",
    "Tax 2 Value",
    "Tax 3 Name",
    "Tax 3 Value",
    "Tax 4 Name",
    "Tax 4 Value",
    "Tax 5 Name",
    "Tax 5 Value",
    "Phone",
    "Receipt Number",
    "Duties",
    "Billing Province Name",
    "Shipping Province Name",
    "Payment ID",
    "Payment Terms Name",
    "Next Payment Due At",
    "Payment References",
];

/// A wide export shaped like Shopify's orders export: its 79 columns, one row per line item
/// (1 to 4 an order), the order's own cells (totals, addresses, payment, taxes, a quoted note
/// with commas on some orders and note attributes over two lines on others) on its first row
/// only, the later rows holding the order's name, e-mail, date and their line item, as Shopify
/// writes them. `orders` orders of [`GENERATED_CUSTOMERS`] customers over two years, about
/// 0.9 KB a line item; a twentieth refunded in part. Deterministic (SplitMix64). What the
/// browser benchmark's `--shopify` file is (`scripts/bench-browser.mjs`).
pub fn generated_shopify_export(orders: usize) -> Vec<u8> {
    use std::fmt::Write;
    const PRODUCTS: [(&str, &str, u64); 6] = [
        (
            "Organic Sencha Green Tea - 100 g tin / Loose leaf",
            "TEA-SEN-100-LL",
            1_290,
        ),
        (
            "Hand-thrown Stoneware Teapot - 0.8 l / Celadon glaze",
            "POT-STW-080-CEL",
            5_900,
        ),
        (
            "Double-walled Glass Mug - 350 ml / Set of 2",
            "MUG-DWG-350-2",
            2_450,
        ),
        (
            "First Flush Darjeeling Black Tea - 50 g pouch",
            "TEA-DAR-FF-050",
            1_690,
        ),
        (
            "Bamboo Tea Whisk (Chasen) - 100 prongs",
            "ACC-CHS-100",
            1_800,
        ),
        (
            "Gift Box: Three Teas of the Season - with card",
            "GFT-3TS-CARD",
            3_990,
        ),
    ];
    const CITIES: [(&str, &str, &str, &str); 4] = [
        ("Berlin", "10115", "BE", "Berlin"),
        ("München", "80331", "BY", "Bavaria"),
        ("Hamburg", "20095", "HH", "Hamburg"),
        ("Köln", "50667", "NW", "North Rhine-Westphalia"),
    ];
    let money = |cents: u64| format!("{}.{:02}", cents / 100, cents % 100);
    let mut out = String::with_capacity(orders.saturating_mul(1_700).min(1 << 31));
    out.push_str(&SHOPIFY_COLUMNS.join(","));
    out.push('\n');
    let start = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
    for i in 0..orders as u64 {
        let h = mix(i ^ 0x0540_91F7);
        let customer = h % GENERATED_CUSTOMERS as u64;
        let day = i * 730 / (orders as u64).max(1);
        let date = start + chrono::Days::new(day);
        let time = format!(
            "{:02}:{:02}:{:02}",
            8 + (h >> 8) % 12,
            (h >> 16) % 60,
            (h >> 24) % 60
        );
        let created = format!("{date} {time} +0100");
        let paid = created.clone();
        let fulfilled = format!(
            "{} {time} +0100",
            date + chrono::Days::new(1 + (h >> 28) % 3)
        );
        let items = 1 + ((h >> 32) % 10).saturating_sub(5).min(3) as usize;
        let lines: Vec<(usize, u64)> = (0..items)
            .map(|k| {
                let g = mix(h ^ k as u64);
                ((g % PRODUCTS.len() as u64) as usize, 1 + (g >> 8) % 3 / 2)
            })
            .collect();
        let subtotal: u64 = lines.iter().map(|&(p, q)| PRODUCTS[p].2 * q).sum();
        let discounted = (h >> 40).is_multiple_of(10);
        let discount = if discounted { subtotal / 10 } else { 0 };
        let shipping = if subtotal >= 5_000 { 0 } else { 490 };
        let total = subtotal - discount + shipping;
        let taxes = total * 19 / 119;
        let refunded = if (h >> 44).is_multiple_of(20) {
            total / 3
        } else {
            0
        };
        let status = if refunded > 0 {
            "partially_refunded"
        } else {
            "paid"
        };
        let (city, zip, province, province_name) = CITIES[(customer % 4) as usize];
        let name = format!("Kundin{customer} Nachname{}", customer % 997);
        let street = format!("Lange Straße {}", 1 + customer % 180);
        let phone = format!("+49 30 {:07}", customer * 7 % 10_000_000);
        let email = format!("Customer{customer}@Example.com");
        let note = match (h >> 48) % 10 {
            0 => "\"Please leave the parcel with the neighbour, Mrs. Weber, if nobody is home.\"",
            1 => "\"Gift - please do not include the invoice, thank you!\"",
            _ => "",
        };
        let attributes = if (h >> 52).is_multiple_of(8) {
            "\"gift_message: Alles Gute zum Geburtstag!\nutm_source: newsletter\""
        } else {
            ""
        };
        let source = ["web", "pos", "instagram", "shopify_draft_order"][((h >> 56) % 4) as usize];
        let (product, sku, price) = PRODUCTS[lines[0].0];
        let _ = writeln!(
            out,
            "#{number},{email},{status},{paid},fulfilled,{fulfilled},{marketing},EUR,\
             {subtotal},{shipping},{taxes},{total},{code},{discount},\
             Standard Shipping (3-5 business days),{created},{quantity},{product},{price},\
             {compare},{sku},true,true,fulfilled,{name},{street},{street},Apartment {flat},,\
             {city},{zip},{province},DE,{phone},{name},{street},{street},Apartment {flat},,\
             {city},{zip},{province},DE,{phone},{note},{attributes},,Shopify Payments,\
             c{reference}.1,{refunded},Teehaus Nord GmbH,0.00,,,,{id},\"newsletter, vip\",\
             Low,{source},0.00,DE VAT 19%,{taxes},,,,,,,,,{phone},,,{province_name},\
             {province_name},c{reference}.1,,,r-{payment}",
            number = 1_001 + i,
            marketing = if customer.is_multiple_of(3) {
                "no"
            } else {
                "yes"
            },
            subtotal = money(subtotal),
            shipping = money(shipping),
            taxes = money(taxes),
            total = money(total),
            code = if discounted { "WELCOME10" } else { "" },
            discount = money(discount),
            quantity = lines[0].1,
            price = money(price),
            compare = money(price + price / 5),
            flat = 1 + customer % 40,
            reference = 29_384_756_123 + i,
            refunded = money(refunded),
            id = 5_123_456_789_012 + i,
            payment = h % 1_000_000_007,
        );
        for &(p, quantity) in &lines[1..] {
            let (product, sku, price) = PRODUCTS[p];
            let _ = writeln!(
                out,
                "#{},{email},,,,,,,,,,,,,,{created},{quantity},{product},{},{},{sku},true,true,\
                 fulfilled,,,,,,,,,,,,,,,,,,,,,,,,,,,Teehaus Nord GmbH,,,,,,,,,0.00,,,,,,,,,,,,,,,,,,,",
                1_001 + i,
                money(price),
                money(price + price / 5),
            );
        }
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
    fn the_shopify_shaped_export_reads_back_as_its_orders() {
        let file = generated_shopify_export(2_000);
        let text = String::from_utf8(file.clone()).unwrap();
        let header = text.lines().next().unwrap();
        assert_eq!(header.split(',').count(), SHOPIFY_COLUMNS.len());
        let got = crate::read_orders(&file, &crate::ImportOptions::new()).unwrap();
        // Every line item read, merged into the 2,000 orders, nothing skipped.
        assert_eq!(got.rows.skipped, 0, "{:?}", got.skipped_rows.first());
        assert_eq!(got.log.orders.len(), 2_000);
        assert!(got.rows.total > 2_000);
    }

    #[test]
    fn the_log_reads_back_with_every_customer() {
        let file = generated_order_log(GENERATED_CUSTOMERS + 10);
        let got = crate::read_orders(&file, &crate::ImportOptions::new()).unwrap();
        assert_eq!(got.rows.imported as usize, GENERATED_CUSTOMERS + 10);
        assert_eq!(got.log.customers.len(), GENERATED_CUSTOMERS);
    }
}
