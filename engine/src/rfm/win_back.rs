//! The win-back list: one-time buyers and lapsed repeat buyers, ranked by what they are worth
//! (PRODUCT.md, "Win-back list").
//!
//! A customer is on the list when their last order is more than `after_days` days before the
//! analysis date. Without a model, worth = their historical revenue; once a model is fitted the
//! caller passes each customer's expected value lost, (1 − P(alive)) × the predicted CLV they
//! would bring if still active ([`win_back`]'s `predicted`): what is at stake if nobody acts.

use crate::metrics::customers::CustomerRow;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Default number of days without an order after which a customer counts as lapsed (half a
/// year, a common retail definition).
pub const DEFAULT_WIN_BACK_AFTER_DAYS: u32 = 180;

/// Most customers listed (the count says how many qualify in all).
pub const MAX_WIN_BACK_LISTED: usize = 500;

/// One customer to win back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WinBackCustomer {
    /// Customer key.
    pub customer_id: String,
    /// `one_time` (a single order) or `lapsed_repeat` (2 or more orders).
    pub kind: String,
    /// Counted orders.
    pub orders: u32,
    /// Revenue so far.
    pub revenue: f64,
    /// Date of the last order.
    pub last_order: NaiveDate,
    /// Days from the last order to the analysis date.
    pub days_since_last_order: i64,
    /// Named RFM segment.
    pub segment: String,
    /// What the customer is worth, the ranking key (see `value_basis`).
    pub value: f64,
    /// Probability that the customer is still active, once a model is fitted.
    pub p_alive: Option<f64>,
    /// Expected date of the next order, when the customer is likely still active (P(alive) of
    /// one half or more).
    pub next_order_date: Option<NaiveDate>,
}

/// What the models say about one customer, for the win-back list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WinBackPrediction {
    /// Expected value lost (NaN without a prediction).
    pub value: f64,
    /// Probability that the customer is still active.
    pub p_alive: Option<f64>,
    /// Expected date of the next order if still active.
    pub next_order_date: Option<NaiveDate>,
}

/// The win-back list.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WinBack {
    /// A customer is listed when their last order is more than this many days old.
    pub after_days: u32,
    /// `revenue` (historical), or `expected_value_lost` once a model is fitted.
    pub value_basis: String,
    /// One-time buyers on the list.
    pub one_time_customers: u64,
    /// Lapsed repeat buyers on the list.
    pub lapsed_repeat_customers: u64,
    /// The most valuable of them, at most [`MAX_WIN_BACK_LISTED`], highest value first.
    pub customers: Vec<WinBackCustomer>,
    /// The recommendation's key (`win_back`, see [`super::actions::WIN_BACK_ACTION`]).
    pub action: String,
    /// What winning them back is worth: the sum of `value` over everyone who qualifies (not
    /// only the customers listed), on `value_basis`.
    pub worth: f64,
    /// The customers who qualify and have an e-mail (set by the report, which holds them).
    pub customers_with_email: u64,
}

/// Builds the win-back list. `predicted[i]`, when given, holds the expected value lost of
/// `rows[i]`, which replaces historical revenue as the ranking value (a customer without a
/// prediction, NaN, then has value 0), and its P(alive) and next-order date.
pub fn win_back(
    rows: &[CustomerRow],
    after_days: u32,
    predicted: Option<&[WinBackPrediction]>,
) -> WinBack {
    let prediction = |i: usize| predicted.and_then(|p| p.get(i));
    let value_of = |i: usize, row: &CustomerRow| match predicted {
        Some(_) => prediction(i)
            .map(|p| p.value)
            .filter(|v| v.is_finite())
            .unwrap_or(0.0),
        None => row.revenue,
    };
    let mut listed: Vec<WinBackCustomer> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.days_since_last_order > after_days as i64)
        .map(|(i, r)| WinBackCustomer {
            customer_id: r.customer_id.clone(),
            kind: if r.orders >= 2 {
                "lapsed_repeat"
            } else {
                "one_time"
            }
            .to_string(),
            orders: r.orders,
            revenue: r.revenue,
            last_order: r.last_order,
            days_since_last_order: r.days_since_last_order,
            segment: r.segment.clone(),
            value: value_of(i, r),
            p_alive: prediction(i).and_then(|p| p.p_alive),
            next_order_date: prediction(i)
                .filter(|p| p.p_alive.is_some_and(|a| a >= 0.5))
                .and_then(|p| p.next_order_date),
        })
        .collect();
    let one_time = listed.iter().filter(|c| c.orders < 2).count() as u64;
    // From +0, not `sum()`'s −0: nobody to win back is worth 0, not −0.
    let worth = listed.iter().fold(0.0, |total, c| total + c.value);
    let lapsed = listed.len() as u64 - one_time;
    listed.sort_by(|a, b| {
        b.value
            .total_cmp(&a.value)
            .then_with(|| a.customer_id.cmp(&b.customer_id))
    });
    listed.truncate(MAX_WIN_BACK_LISTED);
    WinBack {
        after_days,
        value_basis: if predicted.is_some() {
            "expected_value_lost"
        } else {
            "revenue"
        }
        .to_string(),
        one_time_customers: one_time,
        lapsed_repeat_customers: lapsed,
        customers: listed,
        action: super::actions::WIN_BACK_ACTION.key.to_string(),
        worth,
        customers_with_email: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::test_fixtures::{date, log};
    use crate::metrics::{test_fixtures::analyse, AnalyticsOptions};

    #[test]
    fn one_time_and_lapsed_buyers_ranked_by_value() {
        // Analysis 2024-12-31, after 180 days:
        // a: 2 orders (100 + 100), last 2024-01-10 → 356 days: lapsed repeat, value 200
        // b: 1 order 50 on 2024-02-01 → 334 days: one-time, value 50
        // c: 1 order 500 on 2024-12-01 → 30 days: recent, not listed
        // d: 1 order 300 on 2024-06-01 → 213 days: one-time, value 300
        let log = log(
            &[
                ("a", "2024-01-01", 100.0),
                ("a", "2024-01-10", 100.0),
                ("b", "2024-02-01", 50.0),
                ("c", "2024-12-01", 500.0),
                ("d", "2024-06-01", 300.0),
            ],
            &[],
        );
        let a = analyse(&log, date("2024-12-31"), &AnalyticsOptions::new()).unwrap();
        let w = &a.summary.win_back;
        let ids: Vec<_> = w.customers.iter().map(|c| c.customer_id.as_str()).collect();
        assert_eq!(ids, ["d", "a", "b"]);
        assert_eq!((w.one_time_customers, w.lapsed_repeat_customers), (2, 1));
        assert_eq!(w.customers[1].kind, "lapsed_repeat");
        assert_eq!(w.customers[1].days_since_last_order, 356);
        assert_eq!(w.value_basis, "revenue");
        assert_eq!((w.action.as_str(), w.worth), ("win_back", 550.0));
        // The model hook: P(alive) × predicted value reorders the list.
        let predicted = [5.0, 40.0, 0.0, 1.0].map(|value| WinBackPrediction {
            value,
            p_alive: Some(0.5),
            next_order_date: None,
        });
        let w = win_back(&a.customers, 180, Some(&predicted));
        let ids: Vec<_> = w.customers.iter().map(|c| c.customer_id.as_str()).collect();
        assert_eq!(ids, ["b", "a", "d"]);
        assert_eq!(w.value_basis, "expected_value_lost");
        assert_eq!(w.worth, 46.0, "5 + 40 + 1: everyone listed; c is recent");
    }
}
