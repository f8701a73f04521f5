//! Per-customer summary: what each customer bought and when, in the lifetimes convention used by
//! the customer-base models (Fader, Hardie & Lee 2005):
//! - frequency = number of distinct purchase days − 1 (repeat purchases),
//! - recency = time from the first to the last purchase day,
//! - T = time from the first purchase day to the analysis date.

use crate::order::OrderLog;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Days in a week, for [`TimeUnit::Weeks`].
const DAYS_PER_WEEK: f64 = 7.0;

/// Unit of frequency-independent durations (recency, T).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Days.
    #[default]
    Days,
    /// Weeks (days / 7), the unit of the CDNOW papers.
    Weeks,
}

impl TimeUnit {
    /// Converts a number of days to this unit.
    pub fn from_days(self, days: i64) -> f64 {
        match self {
            TimeUnit::Days => days as f64,
            TimeUnit::Weeks => days as f64 / DAYS_PER_WEEK,
        }
    }
}

/// One customer's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerSummary {
    /// Customer key (id, or e-mail trimmed and lower-cased).
    pub customer_id: String,
    /// Counted orders.
    pub orders: u32,
    /// Net revenue: sum of the orders' net amounts, less returns.
    pub revenue: f64,
    /// Date of the first counted order.
    pub first_order: NaiveDate,
    /// Date of the last counted order.
    pub last_order: NaiveDate,
    /// Repeat purchase days: distinct purchase days − 1.
    pub frequency: u32,
    /// First to last purchase day, in the report's time unit.
    pub recency: f64,
    /// First purchase day to the analysis date, in the report's time unit.
    #[serde(rename = "T")]
    pub t: f64,
}

/// Builds the summary of every customer with at least one counted order, in order of first
/// appearance in the file. Orders after `analysis_date` are not counted (they are in the future
/// from the analysis' point of view); the caller reports them.
pub fn summarize(log: &OrderLog, analysis_date: NaiveDate, unit: TimeUnit) -> Vec<CustomerSummary> {
    struct Acc {
        orders: u32,
        revenue: f64,
        first: NaiveDate,
        last: NaiveDate,
        days: Vec<NaiveDate>,
    }
    let mut acc: Vec<Option<Acc>> = Vec::new();
    acc.resize_with(log.customers.len(), || None);
    for order in log.orders.iter().filter(|o| o.date <= analysis_date) {
        let slot = &mut acc[order.customer as usize];
        let a = slot.get_or_insert_with(|| Acc {
            orders: 0,
            revenue: 0.0,
            first: order.date,
            last: order.date,
            days: Vec::new(),
        });
        a.orders += 1;
        a.revenue += order.amount;
        a.first = a.first.min(order.date);
        a.last = a.last.max(order.date);
        a.days.push(order.date);
    }
    for ret in log.returns.iter().filter(|r| r.date <= analysis_date) {
        if let Some(a) = acc[ret.customer as usize].as_mut() {
            a.revenue -= ret.amount;
        }
    }
    acc.into_iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let mut a = a?;
            a.days.sort_unstable();
            a.days.dedup();
            Some(CustomerSummary {
                customer_id: log.customers[i].clone(),
                orders: a.orders,
                revenue: a.revenue,
                first_order: a.first,
                last_order: a.last,
                frequency: a.days.len() as u32 - 1,
                recency: unit.from_days((a.last - a.first).num_days()),
                t: unit.from_days((analysis_date - a.first).num_days()),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::{Order, Return};

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn order(customer: u32, d: &str, amount: f64) -> Order {
        Order {
            customer,
            date: date(d),
            amount,
            quantity: None,
            order_id: None,
            line: 0,
        }
    }

    #[test]
    fn lifetimes_convention_in_days_and_weeks() {
        // Customer 0: orders on Jan 1 (twice, one purchase day), Jan 8 and Jan 15.
        //   frequency = 3 distinct days − 1 = 2; recency = 14 days; T = Jan 29 − Jan 1 = 28 days.
        // Customer 1: one order on Jan 22: frequency 0, recency 0, T 7 days; one return of 5.
        let log = OrderLog {
            customers: vec!["a".into(), "b".into(), "c".into()],
            orders: vec![
                order(0, "2024-01-01", 10.0),
                order(0, "2024-01-01", 5.0),
                order(0, "2024-01-08", 20.0),
                order(1, "2024-01-22", 30.0),
                order(0, "2024-01-15", 1.0),
                order(2, "2024-02-15", 1.0), // after the analysis date: not counted
            ],
            returns: vec![Return {
                customer: 1,
                date: date("2024-01-23"),
                amount: 5.0,
                line: 0,
            }],
            attributes: vec![],
        };
        let days = summarize(&log, date("2024-01-29"), TimeUnit::Days);
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].customer_id, "a");
        assert_eq!(days[0].orders, 4);
        assert_eq!(days[0].revenue, 36.0);
        assert_eq!(days[0].frequency, 2);
        assert_eq!(days[0].recency, 14.0);
        assert_eq!(days[0].t, 28.0);
        assert_eq!(days[1].revenue, 25.0);
        assert_eq!(
            (days[1].frequency, days[1].recency, days[1].t),
            (0, 0.0, 7.0)
        );
        let weeks = summarize(&log, date("2024-01-29"), TimeUnit::Weeks);
        assert_eq!((weeks[0].recency, weeks[0].t), (2.0, 4.0));
    }
}
