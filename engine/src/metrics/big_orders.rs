//! Unusually large orders: likely business buyers worth a personal call (PRODUCT.md, "Big
//! orders").
//!
//! An order is big by amount when its amount is above Q3 + 3 × IQR of all counted orders' amounts
//! *and* at least 2 × AOV; big by quantity when its quantity is above Q3 + 3 × IQR of all
//! quantities *and* at least 2 × the average quantity per order. The 3 × IQR fence is Tukey's
//! "far out" fence (Tukey 1977, "Exploratory Data Analysis", ch. 2).

use super::customers::ratio;
#[cfg(test)]
use super::quantile::quantile;
use super::quantile::streamed_quantiles;
use crate::order::OrderLog;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Most big orders listed in the report (the count says how many there are in all).
pub const MAX_BIG_ORDERS_LISTED: usize = 500;
/// Multiple of the IQR above Q3 (Tukey's far-out fence).
pub const IQR_MULTIPLE: f64 = 3.0;
/// A big order is also at least this multiple of the average.
pub const AVERAGE_MULTIPLE: f64 = 2.0;

/// One big order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BigOrder {
    /// Who placed it.
    pub customer_id: String,
    /// Order id from the file, when it has one.
    pub order_id: Option<String>,
    /// Order date.
    pub date: NaiveDate,
    /// Net amount.
    pub amount: f64,
    /// Number of items, when the file has quantities.
    pub quantity: Option<f64>,
    /// 1-based line of the order's first row in the file.
    pub line: u64,
    /// Why it is listed: `amount`, `quantity` or `amount_and_quantity`.
    pub reason: String,
}

/// The big-orders list and the thresholds used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BigOrders {
    /// Q3 + 3 × IQR of the order amounts: a big order's amount is above this…
    pub amount_threshold: f64,
    /// …and at least this (2 × AOV).
    pub minimum_amount: f64,
    /// An order's quantity must be above this, when the file has quantities.
    pub quantity_threshold: Option<f64>,
    /// How many orders are big.
    pub count: u64,
    /// The biggest of them by amount, at most [`MAX_BIG_ORDERS_LISTED`].
    pub orders: Vec<BigOrder>,
}

/// The Tukey far-out fence Q3 + 3 × IQR of the values `values()` yields (each call the same
/// values): they are read in passes, not copied (ten million orders' amounts would be 80 MB).
pub fn far_out_fence<I: Iterator<Item = f64>>(values: impl Fn() -> I) -> f64 {
    let [q1, q3] = streamed_quantiles(values, [0.25, 0.75]);
    q3 + IQR_MULTIPLE * (q3 - q1)
}

/// Finds the big orders among the counted orders (those dated on or before the analysis date).
pub(crate) fn big_orders(log: &OrderLog, analysis_date: NaiveDate, shop_aov: f64) -> BigOrders {
    let counted = || {
        log.orders
            .iter()
            .enumerate()
            .filter(move |(_, o)| o.date <= analysis_date)
    };
    // The counted orders' amounts, in file order: a quantile does not depend on the order.
    let amount_fence = far_out_fence(|| counted().map(|(_, o)| o.amount));
    let quantities = || counted().filter_map(|(i, _)| log.quantity(i));
    let (quantity_count, quantity_sum) =
        quantities().fold((0usize, 0.0), |(n, sum), q| (n + 1, sum + q));
    let quantity_rule = (quantity_count > 0).then(|| {
        let average = ratio(quantity_sum, quantity_count as f64);
        (far_out_fence(quantities), AVERAGE_MULTIPLE * average)
    });
    let floor = AVERAGE_MULTIPLE * shop_aov;
    let mut big: Vec<(u32, &'static str)> = Vec::new();
    for (i, o) in counted() {
        let by_amount = o.amount > amount_fence && o.amount >= floor;
        let by_quantity = match (quantity_rule, log.quantity(i)) {
            (Some((fence, at_least)), Some(q)) => q > fence && q >= at_least,
            _ => false,
        };
        let reason = match (by_amount, by_quantity) {
            (true, true) => "amount_and_quantity",
            (true, false) => "amount",
            (false, true) => "quantity",
            (false, false) => continue,
        };
        big.push((i as u32, reason));
    }
    let count = big.len() as u64;
    big.sort_by(|a, b| {
        let (x, y) = (&log.orders[a.0 as usize], &log.orders[b.0 as usize]);
        let line = |i: u32| log.line(i as usize);
        y.amount
            .total_cmp(&x.amount)
            .then_with(|| line(a.0).cmp(&line(b.0)))
    });
    big.truncate(MAX_BIG_ORDERS_LISTED);
    BigOrders {
        amount_threshold: amount_fence,
        minimum_amount: floor,
        quantity_threshold: quantity_rule.map(|(fence, _)| fence),
        count,
        orders: big
            .into_iter()
            .map(|(i, reason)| {
                let o = &log.orders[i as usize];
                BigOrder {
                    customer_id: log.customers[o.customer as usize].clone(),
                    order_id: log.order_id(i as usize).map(|id| id.into_owned()),
                    date: o.date,
                    amount: o.amount,
                    quantity: log.quantity(i as usize),
                    line: log.line(i as usize),
                    reason: reason.to_string(),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::test_fixtures::{date, log};
    use crate::metrics::{test_fixtures::analyse, AnalyticsOptions};

    #[test]
    fn quantiles_interpolate_linearly() {
        // 1..=8: Q1 at h = 7 × 0.25 = 1.75 → 2 + 0.75 × 1 = 2.75; Q3 at h = 5.25 → 6.25
        let mut v = vec![8.0, 1.0, 7.0, 2.0, 6.0, 3.0, 5.0, 4.0];
        assert_eq!(quantile(&mut v, 0.25), 2.75);
        assert_eq!(quantile(&mut v, 0.75), 6.25);
        assert_eq!(quantile(&mut v, 1.0), 8.0);
        assert_eq!(quantile(&mut [], 0.5), 0.0);
        assert_eq!(quantile(&mut [3.0], 0.75), 3.0);
    }

    #[test]
    fn hand_computed_big_orders() {
        // Amounts 10, 10, 10, 10, 10, 10, 10, 200 (8 orders, revenue 270, AOV 33.75).
        // Q1 = 10, Q3 at h = 5.25 → 10 (both neighbours 10), IQR 0 → fence 10.
        // Orders above 10 and ≥ 2 × 33.75 = 67.5: only the 200.
        let mut orders: Vec<(&str, &str, f64)> = vec![("a", "2024-01-01", 10.0); 7];
        orders.push(("b", "2024-01-02", 200.0));
        let log = log(&orders, &[]);
        let a = analyse(&log, date("2024-01-02"), &AnalyticsOptions::new()).unwrap();
        assert_eq!(a.summary.big_orders.amount_threshold, 10.0);
        assert_eq!(a.summary.big_orders.count, 1);
        assert_eq!(a.summary.big_orders.orders[0].customer_id, "b");
        assert_eq!(a.summary.big_orders.orders[0].amount, 200.0);
        assert_eq!(a.summary.big_orders.orders[0].reason, "amount");
        assert_eq!(a.summary.big_orders.quantity_threshold, None);
    }

    #[test]
    fn above_the_fence_but_below_twice_aov_is_not_big() {
        // 10, 10, 10, 10, 11: fence 10 (IQR 0); 11 > 10 but AOV = 51 / 5 = 10.2, 2 × = 20.4 > 11.
        let log = log(
            &[
                ("a", "2024-01-01", 10.0),
                ("a", "2024-01-02", 10.0),
                ("a", "2024-01-03", 10.0),
                ("a", "2024-01-04", 10.0),
                ("b", "2024-01-04", 11.0),
            ],
            &[],
        );
        let a = analyse(&log, date("2024-01-04"), &AnalyticsOptions::new()).unwrap();
        assert_eq!(a.summary.big_orders.count, 0);
    }

    #[test]
    fn big_by_quantity() {
        // Same amount 20 for all; quantities 1, 1, 1, 1, 50. Amount fence 20 → no amount rule.
        // Quantity: Q1 = Q3 = 1, fence 1; average (4 + 50) / 5 = 10.8, 2× = 21.6; 50 qualifies.
        let mut log = log(&[("a", "2024-01-01", 20.0); 5], &[]);
        log.quantities = (0..log.orders.len())
            .map(|i| Some(if i == 4 { 50.0 } else { 1.0 }))
            .collect();
        let a = analyse(&log, date("2024-01-01"), &AnalyticsOptions::new()).unwrap();
        assert_eq!(a.summary.big_orders.count, 1);
        assert_eq!(a.summary.big_orders.orders[0].reason, "quantity");
        assert_eq!(a.summary.big_orders.quantity_threshold, Some(1.0));
    }
}
