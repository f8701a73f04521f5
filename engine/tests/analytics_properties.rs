//! Property tests of the analytics on random shops: whatever the orders, the totals add up and
//! the scores stay in range.

use crate::analytics::analyse;
use chrono::{Days, NaiveDate};
use clv_engine::order::{AttributeColumn, Order, OrderLines, OrderLog, Return};
use clv_engine::AnalyticsOptions;
use proptest::prelude::*;

/// Relative tolerance for sums of money (float addition in a different order).
const TOLERANCE: f64 = 1e-9;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE * (1.0 + a.abs().max(b.abs()))
}

/// (customer, day offset, amount in cents, channel) per order; (customer, day, cents) per return.
type Shop = (
    usize,
    Vec<(usize, u64, u32, Option<u8>)>,
    Vec<(usize, u64, u32)>,
);

fn shops() -> impl Strategy<Value = Shop> {
    (1usize..40).prop_flat_map(|customers| {
        (
            Just(customers),
            prop::collection::vec(
                (
                    0..customers,
                    0u64..800,
                    0u32..100_000,
                    prop::option::of(0u8..4),
                ),
                1..200,
            ),
            prop::collection::vec((0..customers, 0u64..800, 0u32..2_000), 0..5),
        )
    })
}

fn build((customers, orders, returns): &Shop) -> OrderLog {
    let start = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
    let day = |d: u64| start.checked_add_days(Days::new(d)).unwrap();
    OrderLog {
        customers: (0..*customers).map(|c| format!("c{c}")).collect(),
        orders: orders
            .iter()
            .map(|&(c, d, cents, _)| Order {
                customer: c as u32,
                date: day(d),
                amount: cents as f64 / 100.0,
            })
            .collect(),
        lines: {
            let mut lines = OrderLines::default();
            for i in 0..orders.len() {
                lines.push(i as u64 + 2);
            }
            lines
        },
        order_ids: Default::default(),
        quantities: orders
            .iter()
            .map(|&(_, _, cents, _)| Some((cents % 7) as f64))
            .collect(),
        returns: returns
            .iter()
            .map(|&(c, d, cents)| Return {
                customer: c as u32,
                date: day(d),
                amount: cents as f64 / 100.0,
                line: 0,
            })
            .collect(),
        attributes: vec![AttributeColumn {
            name: "channel".into(),
            values: vec!["ads".into(), "email".into(), "shop".into(), "ref".into()],
            per_order: orders
                .iter()
                .map(|o| o.3.map_or(AttributeColumn::EMPTY, u16::from))
                .collect(),
        }],
        contacts: Vec::new(),
        products: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn totals_add_up_and_scores_stay_in_range(shop in shops()) {
        let log = build(&shop);
        // Day 800 from 2022-01-01: after every generated order.
        let at = NaiveDate::from_ymd_opt(2024, 3, 11).unwrap();
        let options = AnalyticsOptions::new().margin(0.4).cac(vec![("ads".into(), 5.0)]);
        let a = analyse(&log, at, &options).unwrap();
        let revenue = a.summary.kpis.revenue;
        let n = a.customers.len() as u64;
        prop_assert_eq!(a.summary.kpis.customers, n);

        // Every customer in exactly one RFM segment, scores 1..=5, cell and score consistent.
        let names: Vec<&str> = a.summary.rfm.segments.iter().map(|s| s.segment.as_str()).collect();
        for c in &a.customers {
            prop_assert_eq!(names.iter().filter(|&&s| s == c.segment).count(), 1);
            for s in [c.r_score, c.f_score, c.m_score] {
                prop_assert!((1..=5).contains(&s));
            }
            prop_assert_eq!(&c.rfm_cell, &format!("{}{}{}", c.r_score, c.f_score, c.m_score));
            prop_assert_eq!(c.rfm_score, c.r_score + c.f_score + c.m_score);
        }
        prop_assert_eq!(a.summary.rfm.segments.iter().map(|s| s.customers).sum::<u64>(), n);

        // Segment revenues sum to total revenue; shares sum to 1.
        let rfm_revenue: f64 = a.summary.rfm.segments.iter().map(|s| s.revenue).sum();
        prop_assert!(close(rfm_revenue, revenue), "{} vs {}", rfm_revenue, revenue);
        let table = &a.summary.segments[0];
        prop_assert_eq!(table.values.iter().map(|v| v.customers).sum::<u64>(), n);
        let column_revenue: f64 = table.values.iter().map(|v| v.revenue).sum();
        prop_assert!(close(column_revenue, revenue));
        let customer_shares = [
            a.summary.rfm.segments.iter().map(|s| s.customer_share).sum::<f64>(),
            a.summary.aov_buckets.iter().map(|b| b.customer_share).sum::<f64>(),
            table.values.iter().map(|v| v.customer_share).sum::<f64>(),
        ];
        for s in customer_shares {
            prop_assert!(close(s, 1.0), "customer shares sum to {}", s);
        }
        prop_assert_eq!(a.summary.aov_buckets.iter().map(|b| b.customers).sum::<u64>(), n);
        if revenue > 1.0 {
            let revenue_shares = [
                a.summary.rfm.segments.iter().map(|s| s.revenue_share).sum::<f64>(),
                a.summary.aov_buckets.iter().map(|b| b.revenue_share).sum::<f64>(),
                table.values.iter().map(|v| v.revenue_share).sum::<f64>(),
            ];
            for s in revenue_shares {
                prop_assert!((s - 1.0).abs() < 1e-6, "revenue shares sum to {}", s);
            }
        }

        // Concentration.
        let c = &a.summary.concentration;
        prop_assert!(c.top20_revenue_share >= c.top10_revenue_share);
        prop_assert!(c.gini >= 0.0 && c.gini < 1.0, "gini {}", c.gini);
        prop_assert!(c.lorenz.len() <= 101);
        prop_assert!(c.lorenz.windows(2).all(|w| w[0].revenue_share <= w[1].revenue_share + 1e-12));

        // Cohorts hold every customer; retention within 0..1, month 0 = 1.
        prop_assert_eq!(a.summary.cohorts.iter().map(|c| c.customers).sum::<u64>(), n);
        for cohort in &a.summary.cohorts {
            prop_assert_eq!(cohort.retention[0], 1.0);
            prop_assert!(cohort.retention.iter().all(|r| (0.0..=1.0).contains(r)));
        }
        let cohort_revenue: f64 = a
            .summary.cohorts
            .iter()
            .map(|c| c.cumulative_revenue_per_customer.last().unwrap() * c.customers as f64)
            .sum();
        prop_assert!((cohort_revenue - revenue).abs() < 1e-6 * (1.0 + revenue.abs()));

        // Never NaN or infinity.
        let k = &a.summary.kpis;
        for x in [k.aov, k.orders_per_customer, k.historical_clv, k.repeat_customer_rate, k.repeat_revenue_share] {
            prop_assert!(x.is_finite());
        }
        for r in &a.customers {
            prop_assert!(r.aov.is_finite() && r.annual_spend.is_finite() && r.monetary_value.is_finite());
        }
    }
}
