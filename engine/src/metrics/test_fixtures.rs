//! Small hand-written order logs for the unit tests.

use crate::error::Error;
use crate::metrics::AnalyticsOptions;
use crate::order::{Order, OrderLog, Return};
use crate::report::Report;
use chrono::NaiveDate;

/// The report of `log` at `analysis_date` with the models off: the descriptive analytics only.
pub fn analyse(
    log: &OrderLog,
    analysis_date: NaiveDate,
    options: &AnalyticsOptions,
) -> Result<Report, Error> {
    Report::descriptive(log.clone(), analysis_date, options)
}

/// Parses an ISO date.
pub fn date(s: &str) -> NaiveDate {
    s.parse().expect("fixture date")
}

/// An order log from `(customer, date, amount)` orders and returns; customers are interned in
/// order of first appearance, orders first.
pub fn log(orders: &[(&str, &str, f64)], returns: &[(&str, &str, f64)]) -> OrderLog {
    let mut out = OrderLog::default();
    let intern = |out: &mut OrderLog, key: &str| -> u32 {
        match out.customers.iter().position(|c| c == key) {
            Some(i) => i as u32,
            None => {
                out.customers.push(key.to_string());
                out.customers.len() as u32 - 1
            }
        }
    };
    for (line, &(c, d, amount)) in orders.iter().enumerate() {
        let customer = intern(&mut out, c);
        out.orders.push(Order {
            customer,
            date: date(d),
            amount,
        });
        out.lines.push(line as u64 + 2);
    }
    for &(c, d, amount) in returns {
        let customer = intern(&mut out, c);
        out.returns.push(Return {
            customer,
            date: date(d),
            amount,
            line: 0,
        });
    }
    out
}
