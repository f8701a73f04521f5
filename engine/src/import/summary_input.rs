//! A per-customer summary file (`customer_id, frequency, recency, T[, monetary_value]`, the
//! lifetimes convention) computed elsewhere, e.g. by SQL in a warehouse. It skips the order
//! stage: its rows are kept as written for the models, and orders are rebuilt from them so the
//! rest of the report can be made.

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
        let customer_id = cell(Role::Customer).ok_or((Role::Customer, SkipReason::NoCustomer))?;
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
        })
    }
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
    for (i, row) in rows.iter().enumerate() {
        let customer = log.customers.len() as u32;
        log.customers.push(row.customer_id.clone());
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
        let room = MAX_REBUILT_ORDERS.saturating_sub(log.orders.len() + (rows.len() - i));
        if repeats > 1 && repeats as usize > room {
            repeats = 1;
            thinned += 1;
        }
        let value = row.monetary_value.unwrap_or(0.0);
        for k in 0..=repeats {
            let offset = if repeats == 0 { 0 } else { span * k / repeats };
            log.orders.push(Order {
                customer,
                date: first + Duration::days(offset),
                amount: value,
                quantity: None,
                order_id: None,
                line: i as u64 + 2,
            });
        }
    }
    let mut warnings = vec![Warning::SummaryInput { period_end: end }];
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
