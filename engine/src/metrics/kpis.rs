//! The shop's headline numbers (PRODUCT.md, "Descriptive analytics", KPIs and repeat customers).

use super::customers::{ratio, CustomerRow};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The shop's headline numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    /// Customers with at least one counted order.
    pub customers: u64,
    /// Counted orders.
    pub orders: u64,
    /// Net revenue of counted orders, less returns.
    pub revenue: f64,
    /// Average order value: revenue / orders.
    pub aov: f64,
    /// Orders per customer: orders / customers.
    pub orders_per_customer: f64,
    /// Average lifespan: mean over customers of the days from their first to their last order.
    pub average_lifespan_days: f64,
    /// Historical CLV: revenue per customer, × margin when a margin is given.
    pub historical_clv: f64,
    /// The margin (fraction 0..1) used for `historical_clv`, when one was given.
    pub margin: Option<f64>,
    /// First counted order date.
    pub first_order_date: NaiveDate,
    /// Last counted order date.
    pub last_order_date: NaiveDate,
    /// Customers with 2 or more counted orders.
    pub repeat_customers: u64,
    /// Repeat customers / customers (0..1).
    pub repeat_customer_rate: f64,
    /// Revenue of repeat customers / revenue (0..1 unless returns make revenue negative).
    pub repeat_revenue_share: f64,
}

/// Computes the KPIs from the per-customer table (PRODUCT.md, "KPIs" and "Repeat customers").
/// Returns `None` when there are no customers.
pub fn kpis(rows: &[CustomerRow], margin: Option<f64>) -> Option<Kpis> {
    let first_order_date = rows.iter().map(|r| r.first_order).min()?;
    let last_order_date = rows.iter().map(|r| r.last_order).max()?;
    let customers = rows.len() as u64;
    let orders: u64 = rows.iter().map(|r| r.orders as u64).sum();
    let revenue: f64 = rows.iter().map(|r| r.revenue).sum();
    let lifespan_days: i64 = rows
        .iter()
        .map(|r| crate::time_unit::days_between(r.first_order, r.last_order))
        .sum();
    let repeat = rows.iter().filter(|r| r.orders >= 2);
    let repeat_customers = repeat.clone().count() as u64;
    // From +0, not `sum()`'s −0: with no repeat customer the share is 0, not −0 ("-0 %").
    let repeat_revenue = repeat.fold(0.0, |total, r| total + r.revenue);
    let revenue_per_customer = ratio(revenue, customers as f64);
    Some(Kpis {
        customers,
        orders,
        revenue,
        aov: ratio(revenue, orders as f64),
        orders_per_customer: ratio(orders as f64, customers as f64),
        average_lifespan_days: ratio(lifespan_days as f64, customers as f64),
        historical_clv: revenue_per_customer * margin.unwrap_or(1.0),
        margin,
        first_order_date,
        last_order_date,
        repeat_customers,
        repeat_customer_rate: ratio(repeat_customers as f64, customers as f64),
        repeat_revenue_share: ratio(repeat_revenue, revenue),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::test_fixtures::{date, log};
    use crate::metrics::{test_fixtures::analyse, AnalyticsOptions};

    #[test]
    fn hand_computed_kpis_with_a_refund() {
        // a: 2024-01-01 100, 2024-03-01 50          → 2 orders, 150, lifespan 60 days
        // b: 2024-02-01 30, return of 10 on 02-05   → 1 order, 20, lifespan 0
        // c: 2024-03-01 30                           → 1 order, 30, lifespan 0
        // customers 3, orders 4, revenue 200, AOV 50, orders/customer 4/3,
        // lifespan (60 + 0 + 0) / 3 = 20 days, historical CLV 200 / 3 × 0.25 = 16.67,
        // repeat customers 1 → rate 1/3, repeat revenue share 150 / 200 = 0.75
        let log = log(
            &[
                ("a", "2024-01-01", 100.0),
                ("b", "2024-02-01", 30.0),
                ("a", "2024-03-01", 50.0),
                ("c", "2024-03-01", 30.0),
            ],
            &[("b", "2024-02-05", 10.0)],
        );
        let options = AnalyticsOptions::new().margin(0.25);
        let a = analyse(&log, date("2024-03-01"), &options).unwrap();
        let k = &a.summary.kpis;
        assert_eq!(
            (k.customers, k.orders, k.revenue, k.aov),
            (3, 4, 200.0, 50.0)
        );
        assert!((k.orders_per_customer - 4.0 / 3.0).abs() < 1e-12);
        assert_eq!(k.average_lifespan_days, 20.0);
        assert!((k.historical_clv - 200.0 / 3.0 * 0.25).abs() < 1e-12);
        assert_eq!(k.margin, Some(0.25));
        assert_eq!(k.first_order_date, date("2024-01-01"));
        assert_eq!(k.last_order_date, date("2024-03-01"));
        assert_eq!(k.repeat_customers, 1);
        assert!((k.repeat_customer_rate - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(k.repeat_revenue_share, 0.75);
    }

    #[test]
    fn everyone_bought_once() {
        // 3 one-time buyers: no repeat customers, lifespan 0, historical CLV = 60 / 3 = 20.
        let log = log(
            &[
                ("a", "2024-01-01", 10.0),
                ("b", "2024-01-02", 20.0),
                ("c", "2024-01-03", 30.0),
            ],
            &[],
        );
        let a = analyse(&log, date("2024-01-03"), &AnalyticsOptions::new()).unwrap();
        assert_eq!(a.summary.kpis.repeat_customers, 0);
        assert_eq!(a.summary.kpis.repeat_customer_rate, 0.0);
        // +0, not −0 (which a page writes "-0 %").
        assert_eq!(
            a.summary.kpis.repeat_revenue_share.to_bits(),
            0.0f64.to_bits()
        );
        assert_eq!(a.summary.kpis.average_lifespan_days, 0.0);
        assert_eq!(a.summary.kpis.historical_clv, 20.0);
        assert_eq!(a.summary.kpis.orders_per_customer, 1.0);
    }

    #[test]
    fn no_customers_no_kpis() {
        assert_eq!(kpis(&[], None), None);
    }
}
