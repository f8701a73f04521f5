//! A per-customer summary file (`customer_id, frequency, recency, T[, monetary_value]`, the
//! lifetimes convention) computed elsewhere, e.g. by SQL in a warehouse (`clv sql`). It skips
//! the order stage: its rows are kept as written for the models, and orders are rebuilt from
//! them so the rest of the report can be made.
//!
//! Compressed, a row stands for the number of customers in its `customers` column (`clv sql
//! tuples`: distinct frequency, recency, T and monetary value); the file then needs no customer
//! id, and each of those customers is rebuilt (named `L<line>#<k>`), so the models see what the
//! uncompressed summary would give them.

use super::columns::{ColumnMap, Role};
use super::numbers::{parse_amount, within_limit, DecimalSeparator};
use super::skip_reason::SkipReason;
use super::split::Fields;
use crate::limits::{MAX_AMOUNT, MAX_REBUILT_ORDERS, MAX_SUMMARY_DAYS, MAX_SUMMARY_FREQUENCY};
use crate::order::{Order, OrderLog};
use crate::time_unit::TimeUnit;
use crate::warning::Warning;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// The largest value a summary file's column can hold: orders are rebuilt from frequency,
/// recency and T, so their limits bound the work (a frequency of 10⁹ would be 10⁹ orders).
/// Recency and T are limited to 100 years counted in days (whatever the file's unit).
fn limit_of(role: Role) -> f64 {
    match role {
        Role::Frequency => MAX_SUMMARY_FREQUENCY,
        Role::Recency | Role::T => MAX_SUMMARY_DAYS,
        Role::Customers => MAX_REBUILT_ORDERS as f64,
        _ => MAX_AMOUNT,
    }
}

/// One customer of a summary file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryRow {
    /// Customer key.
    pub customer_id: String,
    /// Repeat purchases (distinct purchase days − 1).
    pub frequency: f64,
    /// First to last purchase, in the file's time unit.
    pub recency: f64,
    /// First purchase to the end of the period, in the file's time unit.
    #[serde(rename = "T")]
    pub t: f64,
    /// Mean value of the repeat purchases, when the file has it.
    pub monetary_value: Option<f64>,
    /// Customers the row stands for: 1, or the `customers` column of a compressed summary.
    #[serde(default = "one")]
    pub customers: u64,
}

fn one() -> u64 {
    1
}

impl SummaryRow {
    /// Reads one row; `Err` names the column and the reason.
    pub(crate) fn read(
        map: &ColumnMap,
        fields: &Fields,
        sep: DecimalSeparator,
    ) -> Result<SummaryRow, (Role, SkipReason)> {
        let cell = |role: Role| {
            map.index(role)
                .and_then(|i| fields.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let number = |role: Role| -> Result<Option<f64>, (Role, SkipReason)> {
            match cell(role) {
                None => Ok(None),
                Some(t) => match parse_amount(t).and_then(|a| a.value(sep)) {
                    Some(v) if v >= 0.0 => within_limit(v, t, limit_of(role))
                        .map(Some)
                        .map_err(|reason| (role, reason)),
                    _ => Err((
                        role,
                        SkipReason::NotANonNegativeNumber {
                            text: t.to_string(),
                        },
                    )),
                },
            }
        };
        let customers = match number(Role::Customers)? {
            Some(n) => n.round() as u64,
            None if map.index(Role::Customers).is_some() => {
                return Err((
                    Role::Customers,
                    SkipReason::NoValue {
                        role: Role::Customers,
                    },
                ))
            }
            None => 1,
        };
        let customer_id = match cell(Role::Customer) {
            Some(id) => id,
            // A compressed row names no customer: each is named when rebuilt.
            None if map.index(Role::Customers).is_some() => "",
            None => return Err((Role::Customer, SkipReason::NoCustomer)),
        };
        let need = |role: Role| number(role)?.ok_or((role, SkipReason::NoValue { role }));
        let (frequency, recency, t) =
            (need(Role::Frequency)?, need(Role::Recency)?, need(Role::T)?);
        if recency > t {
            return Err((Role::Recency, SkipReason::RecencyAboveT { recency, t }));
        }
        Ok(SummaryRow {
            customer_id: super::keys::customer_key(customer_id, false).into_owned(),
            frequency,
            recency,
            t,
            monetary_value: number(Role::MonetaryValue)?,
            customers,
        })
    }
}

/// The amount of the last of `repeats` rebuilt repeat purchases worth `mean` each, so that the
/// models' mean of them (summed in order, then divided: `models::data`) is `mean` exactly,
/// not an ulp off: Gamma-Gamma's fit then sees the file's values bit for bit, and gives the
/// parameters the order log gives (its optimiser stops where a change of an ulp in the data
/// can move it by 1e-7).
fn last_repeat_amount(mean: f64, repeats: i64) -> f64 {
    if repeats < 1 {
        return mean;
    }
    let n = repeats as f64;
    let mut before = 0.0;
    for _ in 1..repeats {
        before += mean;
    }
    let exact = |last: f64| (before + last) / n == mean;
    let mut below = mean * n - before;
    let mut above = below;
    for _ in 0..8 {
        if exact(below) {
            return below;
        }
        if exact(above) {
            return above;
        }
        below = below.next_down();
        above = above.next_up();
    }
    mean
}

/// End of period used when the user gives none: only differences of dates matter to the
/// models, so any fixed day does.
fn default_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default()
}

/// Rebuilds orders from summary rows: the first purchase T before `end`, the last `recency`
/// after it, `frequency` repeat purchases spread evenly between, each worth `monetary_value`
/// (0 without it). Returns the log, the end date and the warnings saying so. At most
/// [`MAX_REBUILT_ORDERS`] orders are rebuilt: customers beyond keep their first and last
/// purchase (and a warning says how many).
pub(crate) fn rebuild_orders(
    rows: &[SummaryRow],
    unit: TimeUnit,
    end: Option<NaiveDate>,
) -> (OrderLog, NaiveDate, Vec<Warning>) {
    let end = end.unwrap_or_else(default_end);
    let days_per_unit = match unit {
        TimeUnit::Days => 1.0,
        TimeUnit::Weeks => 7.0,
    };
    let mut log = OrderLog::default();
    let mut thinned = 0u64;
    let mut capped = 0u64;
    // Customers still to come, each needing an order or two.
    let mut to_come: usize = rows
        .iter()
        .map(|r| r.customers as usize)
        .fold(0, usize::saturating_add);
    for (i, row) in rows.iter().enumerate() {
        let room_for_customers = MAX_REBUILT_ORDERS.saturating_sub(log.customers.len());
        let rebuilt = (row.customers as usize).min(room_for_customers);
        capped += row.customers - rebuilt as u64;
        to_come = to_come.saturating_sub(row.customers as usize);
        for k in 0..rebuilt {
            let customer = log.customers.len() as u32;
            log.customers.push(if row.customer_id.is_empty() {
                format!("L{}#{}", i + 2, k + 1)
            } else if row.customers > 1 {
                format!("{}#{}", row.customer_id, k + 1)
            } else {
                row.customer_id.clone()
            });
            // Rows are read within the limits (`limit_of`); the clamps only keep a hand-made row
            // from overflowing the calendar.
            let days = |v: f64| {
                (v * days_per_unit)
                    .round()
                    .clamp(0.0, 7.0 * MAX_SUMMARY_DAYS) as i64
            };
            let first = end - Duration::days(days(row.t));
            let span = days(row.recency);
            let mut repeats = row.frequency.round().clamp(0.0, MAX_SUMMARY_FREQUENCY) as i64;
            // Rows still to come need an order or two each.
            let later = to_come.min(MAX_REBUILT_ORDERS.saturating_sub(log.customers.len()));
            let room = MAX_REBUILT_ORDERS.saturating_sub(log.orders.len() + later + (rebuilt - k));
            if repeats > 1 && repeats as usize > room {
                repeats = 1;
                thinned += 1;
            }
            let value = row.monetary_value.unwrap_or(0.0);
            let last_value = last_repeat_amount(value, repeats);
            for k in 0..=repeats {
                let offset = if repeats == 0 { 0 } else { span * k / repeats };
                log.orders.push(Order {
                    customer,
                    date: first + Duration::days(offset),
                    amount: if k == repeats { last_value } else { value },
                });
                log.lines.push(i as u64 + 2);
            }
        }
    }
    let mut warnings = vec![Warning::SummaryInput { period_end: end }];
    if capped > 0 {
        warnings.push(Warning::SummaryCustomersCapped {
            customers: capped,
            limit: MAX_REBUILT_ORDERS as u64,
        });
    }
    if thinned > 0 {
        warnings.push(Warning::SummaryOrdersThinned {
            customers: thinned,
            limit: MAX_REBUILT_ORDERS as u64,
        });
    }
    (log, end, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, frequency: f64) -> SummaryRow {
        SummaryRow {
            customer_id: id.into(),
            frequency,
            recency: 50.0,
            t: 60.0,
            monetary_value: Some(2.0),
            customers: 1,
        }
    }

    #[test]
    fn rebuilt_repeat_purchases_average_to_the_mean_exactly() {
        // A mean is a sum divided by the repeat purchases (`models::data`).
        for sum in [0.3, 52.07, 1.0 / 3.0, 123_456.789, 2.0f64.sqrt()] {
            for repeats in 1..200 {
                let mean = sum / repeats as f64;
                let last = last_repeat_amount(mean, repeats);
                let mut sum = 0.0;
                for _ in 1..repeats {
                    sum += mean;
                }
                sum += last;
                assert_eq!(sum / repeats as f64, mean, "{mean} × {repeats}");
            }
        }
    }

    #[test]
    fn rebuilt_orders_are_bounded_whatever_the_frequencies() {
        // 2,100 customers of 1,000 repeat purchases would be 2.1 M orders.
        let rows: Vec<SummaryRow> = (0..2_100).map(|i| row(&format!("c{i}"), 1_000.0)).collect();
        let (log, _, warnings) = rebuild_orders(&rows, TimeUnit::Days, None);
        assert!(log.orders.len() <= MAX_REBUILT_ORDERS);
        let thinned = warnings.iter().find_map(|w| match w {
            Warning::SummaryOrdersThinned { customers, limit } => Some((*customers, *limit)),
            _ => None,
        });
        assert_eq!(thinned, Some((103, MAX_REBUILT_ORDERS as u64)));
        let (log, _, warnings) = rebuild_orders(&rows[..3], TimeUnit::Days, None);
        assert_eq!(log.orders.len(), 3 * 1_001);
        assert_eq!(warnings.len(), 1);
    }
}
