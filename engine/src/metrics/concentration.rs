//! How concentrated revenue is on few customers (PRODUCT.md, "Concentration").
//!
//! Customers with a negative revenue (returns larger than their orders) count as 0 here, so the
//! shares stay within 0..1 and the Gini coefficient within 0..1.

use super::customers::{ratio, CustomerRow};
use serde::{Deserialize, Serialize};

/// Most points the Lorenz curve has (101: every percent of customers, 0 % to 100 %).
pub const MAX_LORENZ_POINTS: usize = 101;

/// One point of the Lorenz curve: the poorest `customer_share` of customers bring
/// `revenue_share` of revenue.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LorenzPoint {
    /// Share of customers (0..1), least valuable first.
    pub customer_share: f64,
    /// Share of revenue they bring (0..1).
    pub revenue_share: f64,
}

/// Revenue concentration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concentration {
    /// Share of revenue (0..1) from the top 10 % of customers, top k = ceil(n × 0.1).
    pub top10_revenue_share: f64,
    /// Share of revenue (0..1) from the top 20 % of customers, top k = ceil(n × 0.2).
    pub top20_revenue_share: f64,
    /// Gini coefficient of customer revenue: 0 = everyone brings the same, towards 1 = one
    /// customer brings everything.
    pub gini: f64,
    /// Lorenz curve, at most [`MAX_LORENZ_POINTS`] points from (0, 0) to (1, 1); read from the
    /// right it is the Pareto curve.
    pub lorenz: Vec<LorenzPoint>,
}

/// Top k = ceil(n × percent / 100), in integers so that 30 × 10 % is 3, not 4.
pub fn top_k(n: usize, percent: usize) -> usize {
    (n * percent).div_ceil(100)
}

/// Computes the concentration of customer revenue (PRODUCT.md, "Concentration").
///
/// Gini = 2 Σᵢ i·xᵢ / (n Σ x) − (n + 1) / n for x sorted ascending, i = 1..n (the
/// mean-difference formula for sorted data; Damgaard & Weiner 2000, "Describing inequality in
/// plant size or fecundity", Ecology 81(4), eq. 2 without the small-sample factor).
pub fn concentration(rows: &[CustomerRow]) -> Concentration {
    let mut revenue: Vec<f64> = rows.iter().map(|r| r.revenue.max(0.0)).collect();
    revenue.sort_unstable_by(f64::total_cmp);
    let n = revenue.len();
    let total: f64 = revenue.iter().sum();
    // cumulative[k] = revenue of the k least valuable customers
    let mut cumulative = Vec::with_capacity(n + 1);
    cumulative.push(0.0);
    let mut acc = 0.0;
    let mut weighted = 0.0;
    for (i, x) in revenue.iter().enumerate() {
        acc += x;
        weighted += (i + 1) as f64 * x;
        cumulative.push(acc);
    }
    let top_share = |percent: usize| {
        let k = top_k(n, percent);
        ratio(total - cumulative[n - k], total).clamp(0.0, 1.0)
    };
    let gini = if n == 0 || total <= 0.0 {
        0.0
    } else {
        (2.0 * weighted / (n as f64 * total) - (n as f64 + 1.0) / n as f64).clamp(0.0, 1.0)
    };
    let m = n.min(MAX_LORENZ_POINTS - 1);
    let lorenz = (0..=m)
        .map(|j| {
            // k = ceil(n × j / m) customers
            let k = if m == 0 { 0 } else { (n * j).div_ceil(m) };
            LorenzPoint {
                customer_share: ratio(k as f64, n as f64),
                revenue_share: ratio(cumulative[k], total).clamp(0.0, 1.0),
            }
        })
        .collect();
    Concentration {
        top10_revenue_share: top_share(10),
        top20_revenue_share: top_share(20),
        gini,
        lorenz,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::test_fixtures::{date, log};
    use crate::metrics::{test_fixtures::analyse, AnalyticsOptions};

    fn shop(revenues: &[f64]) -> Concentration {
        let names: Vec<String> = (0..revenues.len()).map(|i| format!("c{i}")).collect();
        let orders: Vec<_> = names
            .iter()
            .zip(revenues)
            .map(|(n, &r)| (n.as_str(), "2024-01-01", r))
            .collect();
        let log = log(&orders, &[]);
        analyse(&log, date("2024-01-01"), &AnalyticsOptions::new())
            .unwrap()
            .summary
            .concentration
    }

    #[test]
    fn top_k_is_integer_ceiling() {
        assert_eq!(top_k(30, 10), 3);
        assert_eq!(top_k(31, 10), 4);
        assert_eq!(top_k(1, 20), 1);
        assert_eq!(top_k(10, 20), 2);
        assert_eq!(top_k(0, 10), 0);
    }

    #[test]
    fn hand_computed_concentration() {
        // Revenues 1, 2, 3, 4, 10 (total 20), n = 5.
        // top10: k = ceil(0.5) = 1 → 10 / 20 = 0.5; top20: k = ceil(1) = 1 → 0.5
        // Gini: Σ i·x = 1 + 4 + 9 + 16 + 50 = 80; 2 × 80 / (5 × 20) − 6 / 5 = 1.6 − 1.2 = 0.4
        // Lorenz (m = 5): 0, 1/20, 3/20, 6/20, 10/20, 1
        let c = shop(&[3.0, 10.0, 1.0, 4.0, 2.0]);
        assert_eq!(c.top10_revenue_share, 0.5);
        assert_eq!(c.top20_revenue_share, 0.5);
        assert!((c.gini - 0.4).abs() < 1e-12);
        let shares: Vec<f64> = c.lorenz.iter().map(|p| p.revenue_share).collect();
        assert_eq!(shares, vec![0.0, 0.05, 0.15, 0.3, 0.5, 1.0]);
        assert_eq!(c.lorenz[2].customer_share, 0.4);
    }

    #[test]
    fn equal_customers_have_gini_zero_and_one_customer_too() {
        // 4 × 25: Σ i·x = 25 × 10 = 250; 2 × 250 / (4 × 100) − 5/4 = 0; top10 = 1 of 4 = 0.25
        let c = shop(&[25.0; 4]);
        assert!(c.gini.abs() < 1e-12);
        assert_eq!(c.top10_revenue_share, 0.25);
        // A single customer brings everything: top shares 1, Gini 2·x/x − 2 = 0.
        let c = shop(&[42.0]);
        assert_eq!((c.top10_revenue_share, c.top20_revenue_share), (1.0, 1.0));
        assert_eq!(c.gini, 0.0);
        assert_eq!(c.lorenz.len(), 2);
    }

    #[test]
    fn lorenz_points_are_bounded() {
        let c = shop(&vec![1.0; 1000]);
        assert_eq!(c.lorenz.len(), MAX_LORENZ_POINTS);
        assert_eq!(c.lorenz[50].customer_share, 0.5);
        assert_eq!(c.lorenz[100].revenue_share, 1.0);
    }

    #[test]
    fn nothing_to_concentrate() {
        let c = concentration(&[]);
        assert_eq!((c.top10_revenue_share, c.gini), (0.0, 0.0));
    }
}
