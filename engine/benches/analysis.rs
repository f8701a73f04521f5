//! Speed of the analysis (without models) on a generated shop of 1 M orders and 100 k customers.
//! Run with `cargo bench -p clv-engine --bench analysis`; figures go to BENCHMARKS.md, "Analysis".

use std::sync::LazyLock;

use chrono::{Days, NaiveDate};
use clv_engine::order::{AttributeColumn, Order, OrderLines, OrderLog};
use clv_engine::{analyze, AnalysisOptions, AnalyticsOptions, Report};

const CUSTOMERS: u32 = 100_000;
const ORDERS: usize = 1_000_000;
/// Orders spread over three years.
const DAYS: u64 = 3 * 365;

/// A small deterministic generator (SplitMix64), so the bench needs no random crate.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 1, 1).unwrap()
}

/// 1 M orders of 100 k customers (a skewed mix: low ids order more), 5 channels.
static SHOP: LazyLock<OrderLog> = LazyLock::new(|| {
    let mut rng = SplitMix(42);
    let mut orders = Vec::with_capacity(ORDERS);
    let mut channel = Vec::with_capacity(ORDERS);
    let mut lines = OrderLines::default();
    let mut quantities = Vec::with_capacity(ORDERS);
    for i in 0..ORDERS {
        let a = rng.next() % CUSTOMERS as u64;
        let b = rng.next() % CUSTOMERS as u64;
        let customer = if i < CUSTOMERS as usize {
            i as u64
        } else {
            a.min(b)
        };
        let day = rng.next() % DAYS;
        let cents = 500 + rng.next() % 20_000;
        orders.push(Order {
            customer: customer as u32,
            date: start().checked_add_days(Days::new(day)).unwrap(),
            amount: cents as f64 / 100.0,
        });
        lines.push(i as u64 + 2);
        quantities.push(Some((1 + rng.next() % 5) as f64));
        channel.push((rng.next() % 5) as u16);
    }
    OrderLog {
        customers: (0..CUSTOMERS).map(|c| format!("customer-{c}")).collect(),
        orders,
        lines,
        order_ids: Default::default(),
        quantities,
        returns: Vec::new(),
        attributes: vec![AttributeColumn {
            name: "channel".into(),
            values: ["ads", "email", "organic", "referral", "social"]
                .map(String::from)
                .to_vec(),
            per_order: channel,
        }],
        contacts: Vec::new(),
        products: None,
    }
});

/// The same shop as CSV text.
static SHOP_CSV: LazyLock<Vec<u8>> = LazyLock::new(|| {
    use std::fmt::Write;
    let shop = &*SHOP;
    let mut out = String::from("customer_id,date,amount,quantity\n");
    for (i, o) in shop.orders.iter().enumerate() {
        let _ = writeln!(
            out,
            "{},{},{},{}",
            shop.customers[o.customer as usize],
            o.date,
            o.amount,
            shop.quantity(i).unwrap_or(1.0)
        );
    }
    out.into_bytes()
});

fn main() {
    divan::main();
}

/// Everything but the import: per-customer table, KPIs, concentration, AOV buckets, big
/// orders, segments, cohorts, RFM, win-back.
#[divan::bench(sample_count = 10)]
fn whole_analysis_1m_orders(bencher: divan::Bencher) {
    let shop = &*SHOP;
    let at = start().checked_add_days(Days::new(DAYS)).unwrap();
    let options = AnalyticsOptions::new().margin(0.3);
    bencher
        .with_inputs(|| shop.clone())
        .bench_values(|log| Report::descriptive(divan::black_box(log), at, &options).unwrap());
}

/// From CSV bytes to the report (import included), for comparison.
#[divan::bench(sample_count = 3)]
fn csv_to_report_1m_rows(bencher: divan::Bencher) {
    let bytes = &*SHOP_CSV;
    bencher.bench(|| analyze(divan::black_box(bytes), &AnalysisOptions::new()).unwrap());
}
