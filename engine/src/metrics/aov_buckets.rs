//! Customers grouped by their own average order value against the shop's (PRODUCT.md,
//! "AOV buckets"): `< 0.5 × AOV`, `0.5–2 × AOV` (both ends inclusive), `> 2 × AOV`.

use super::customers::{ratio, CustomerRow};
use serde::{Deserialize, Serialize};

/// Lower edge of the middle bucket, as a multiple of the shop AOV.
pub const LOW_MULTIPLE: f64 = 0.5;
/// Upper edge of the middle bucket, as a multiple of the shop AOV.
pub const HIGH_MULTIPLE: f64 = 2.0;

/// One AOV bucket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AovBucket {
    /// `below_half_aov`, `half_to_double_aov` or `above_double_aov`.
    pub bucket: String,
    /// Lowest customer AOV in the bucket (money), `None` for the open lower end.
    pub from: Option<f64>,
    /// Highest customer AOV in the bucket (money), `None` for the open upper end.
    pub to: Option<f64>,
    /// Customers whose own AOV falls in the bucket.
    pub customers: u64,
    /// Their share of all customers (0..1).
    pub customer_share: f64,
    /// Their revenue.
    pub revenue: f64,
    /// Their share of revenue (0..1).
    pub revenue_share: f64,
}

/// Sorts customers into the three AOV buckets; `shop_aov` = revenue / orders of the shop.
pub fn aov_buckets(rows: &[CustomerRow], shop_aov: f64) -> Vec<AovBucket> {
    let low = LOW_MULTIPLE * shop_aov;
    let high = HIGH_MULTIPLE * shop_aov;
    let mut counts = [0u64; 3];
    let mut revenue = [0.0f64; 3];
    for r in rows {
        let b = if r.aov < low {
            0
        } else if r.aov > high {
            2
        } else {
            1
        };
        counts[b] += 1;
        revenue[b] += r.revenue;
    }
    let customers = rows.len() as f64;
    let total: f64 = revenue.iter().sum();
    let names = ["below_half_aov", "half_to_double_aov", "above_double_aov"];
    let edges = [
        (None, Some(low)),
        (Some(low), Some(high)),
        (Some(high), None),
    ];
    (0..3)
        .map(|b| AovBucket {
            bucket: names[b].to_string(),
            from: edges[b].0,
            to: edges[b].1,
            customers: counts[b],
            customer_share: ratio(counts[b] as f64, customers),
            revenue: revenue[b],
            revenue_share: ratio(revenue[b], total),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::metrics::test_fixtures::{date, log};
    use crate::metrics::{test_fixtures::analyse, AnalyticsOptions};

    #[test]
    fn hand_computed_buckets_with_inclusive_edges() {
        // a: orders 10 + 10 → AOV 10;  b: 40;  c: 160;  d: 190 + 0 (a free order) → AOV 95.
        // Shop: revenue 410, orders 6 → AOV 68.33; edges 0.5× = 34.17 and 2× = 136.67.
        // below: a (10) → 1 customer, revenue 20
        // middle: b (40), d (95) → 2 customers, revenue 230
        // above: c (160) → 1 customer, revenue 160
        let log = log(
            &[
                ("a", "2024-01-01", 10.0),
                ("a", "2024-01-02", 10.0),
                ("b", "2024-01-01", 40.0),
                ("c", "2024-01-01", 160.0),
                ("d", "2024-01-01", 190.0),
                ("d", "2024-01-02", 0.0),
            ],
            &[],
        );
        let a = analyse(&log, date("2024-01-02"), &AnalyticsOptions::new()).unwrap();
        let counts: Vec<u64> = a.summary.aov_buckets.iter().map(|b| b.customers).collect();
        assert_eq!(counts, vec![1, 2, 1]);
        let revenue: Vec<f64> = a.summary.aov_buckets.iter().map(|b| b.revenue).collect();
        assert_eq!(revenue, vec![20.0, 230.0, 160.0]);
        assert_eq!(a.summary.aov_buckets[1].customer_share, 0.5);
        assert!((a.summary.aov_buckets[2].revenue_share - 160.0 / 410.0).abs() < 1e-12);
    }

    #[test]
    fn edges_are_inclusive() {
        // a: 25, b: 100 (exactly 0.5× and 2× of AOV 50? shop AOV = (25 + 100 + 25) / 3 = 50)
        // c: 25. Half of AOV = 25, double = 100: all three are in the middle bucket.
        let log = log(
            &[
                ("a", "2024-01-01", 25.0),
                ("b", "2024-01-01", 100.0),
                ("c", "2024-01-01", 25.0),
            ],
            &[],
        );
        let a = analyse(&log, date("2024-01-01"), &AnalyticsOptions::new()).unwrap();
        assert_eq!(a.summary.aov_buckets[1].customers, 3);
        assert_eq!(a.summary.aov_buckets[1].customer_share, 1.0);
        assert_eq!(a.summary.aov_buckets[1].revenue_share, 1.0);
    }
}
