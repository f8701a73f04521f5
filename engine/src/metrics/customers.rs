//! The per-customer table: one pass over the counted orders, grouped by customer with a counting
//! sort on the interned customer index (no hashing, no per-customer allocation).

use crate::order::OrderLog;
use crate::time_unit::TimeUnit;
use crate::time_unit::DAYS_PER_YEAR;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Shortest tenure used for annual spend: one month (PRODUCT.md, "annual spend").
pub const MIN_TENURE_YEARS: f64 = 1.0 / 12.0;

/// One customer's row of the per-customer table (`clv customers`, `report.customers`).
///
/// Rows are in order of the customer's first appearance in the file; the model columns
/// (predictions) are kept in their own table with the same order, joined by index or
/// `customer_id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerRow {
    /// Customer key (id, or e-mail trimmed and lower-cased).
    pub customer_id: String,
    /// Counted orders.
    pub orders: u32,
    /// Net revenue: the orders' net amounts less returns.
    pub revenue: f64,
    /// The customer's own average order value: revenue / orders.
    pub aov: f64,
    /// Date of the first counted order.
    pub first_order: NaiveDate,
    /// Date of the last counted order.
    pub last_order: NaiveDate,
    /// Days from the first order to the analysis date (how long they have been a customer).
    pub tenure_days: i64,
    /// Revenue per year of tenure: revenue / max(tenure in years, 1/12) (PRODUCT.md, "annual
    /// spend"), so a 2-year customer can be compared with a 5-year one.
    pub annual_spend: f64,
    /// Repeat purchase days: distinct purchase days − 1 (lifetimes convention, Fader, Hardie &
    /// Lee 2005).
    pub frequency: u32,
    /// First to last purchase day, in the report's time unit.
    pub recency: f64,
    /// First purchase day to the analysis date, in the report's time unit.
    #[serde(rename = "T")]
    pub t: f64,
    /// Mean revenue of the repeat purchase days (all purchase days but the first); 0 when there
    /// are none (lifetimes convention, as used by the Gamma-Gamma spend model).
    pub monetary_value: f64,
    /// Days from the last order to the analysis date (the R of RFM).
    pub days_since_last_order: i64,
    /// Recency score 1..=5, most recent = highest.
    pub r_score: u8,
    /// Frequency score 1..=5, most orders = highest.
    pub f_score: u8,
    /// Monetary score 1..=5, most revenue = highest.
    pub m_score: u8,
    /// RFM cell: the three score digits, e.g. `"545"`.
    pub rfm_cell: String,
    /// Combined RFM score R + F + M (3..=15).
    pub rfm_score: u8,
    /// Named RFM segment, e.g. `"Champions"`; `"Other"` when no rule matches.
    pub segment: String,
}

/// What one pass over the orders yields per customer, before RFM. Internal to the analysis.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CustomerAgg {
    /// Index into [`OrderLog::customers`].
    pub customer: u32,
    /// Index into [`OrderLog::orders`] of the customer's first counted order (earliest date,
    /// first in the file on a tie): the order whose attributes are the customer's.
    pub first_order_index: u32,
    pub orders: u32,
    pub revenue: f64,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub purchase_days: u32,
    pub repeat_day_revenue: f64,
}

/// One counted order, compact (12 bytes: the amount aligned to 4 bytes, not 8) so the
/// per-customer passes stay in cache and ten million orders group in 120 MB.
#[derive(Debug, Clone, Copy, PartialEq)]
#[repr(C, packed(4))]
pub(crate) struct Entry {
    pub date: NaiveDate,
    pub amount: f64,
}

/// Counted orders (dated on or before the analysis date) grouped by customer: customer `c`'s
/// orders are `entries[starts[c]..starts[c + 1]]`, sorted by date (file order on a tie).
pub(crate) struct Grouped {
    pub starts: Vec<usize>,
    pub entries: Vec<Entry>,
    /// Per customer, the index into [`OrderLog::orders`] of the first of its entries.
    pub first_order: Vec<u32>,
}

impl Grouped {
    /// The counted orders of customer `c`.
    pub fn of(&self, c: usize) -> &[Entry] {
        &self.entries[self.starts[c]..self.starts[c + 1]]
    }
}

/// Groups the counted orders by customer with a counting sort (linear time, two sequential
/// passes over the orders).
pub(crate) fn group_orders(log: &OrderLog, analysis_date: NaiveDate) -> Grouped {
    let n = log.customers.len();
    let mut starts = vec![0usize; n + 1];
    for o in log.orders.iter().filter(|o| o.date <= analysis_date) {
        starts[o.customer as usize + 1] += 1;
    }
    for c in 0..n {
        starts[c + 1] += starts[c];
    }
    let mut fill = starts.clone();
    let mut entries = vec![
        Entry {
            date: analysis_date,
            amount: 0.0,
        };
        starts[n]
    ];
    // Each customer's earliest order so far, first in the file on a tie (the first entry once
    // sorted): its date and index.
    let mut first = vec![(NaiveDate::MAX, 0u32); n];
    for (i, o) in log.orders.iter().enumerate() {
        if o.date <= analysis_date {
            let c = o.customer as usize;
            let at = &mut fill[c];
            entries[*at] = Entry {
                date: o.date,
                amount: o.amount,
            };
            *at += 1;
            if o.date < first[c].0 {
                first[c] = (o.date, i as u32);
            }
        }
    }
    for c in 0..n {
        let slice = &mut entries[starts[c]..starts[c + 1]];
        if slice.len() > 1 && slice.windows(2).any(|w| w[0].date > w[1].date) {
            // Stable: orders of one day stay in file order.
            slice.sort_by_key(|e| e.date);
        }
    }
    Grouped {
        starts,
        entries,
        first_order: first.into_iter().map(|(_, i)| i).collect(),
    }
}

/// Aggregates each customer with at least one counted order; returns are subtracted from the
/// revenue of customers who have orders (PRODUCT.md, "Order semantics": revenue = net amounts of
/// counted orders, less returns).
pub(crate) fn aggregate(
    log: &OrderLog,
    grouped: &Grouped,
    analysis_date: NaiveDate,
) -> Vec<CustomerAgg> {
    let mut aggs = Vec::new();
    let mut row_of = vec![u32::MAX; log.customers.len()];
    for (c, row) in row_of.iter_mut().enumerate() {
        let slice = grouped.of(c);
        let Some(first_order) = slice.first() else {
            continue;
        };
        let mut agg = CustomerAgg {
            customer: c as u32,
            first_order_index: grouped.first_order.get(c).copied().unwrap_or(0),
            orders: 0,
            revenue: 0.0,
            first: first_order.date,
            last: first_order.date,
            purchase_days: 0,
            repeat_day_revenue: 0.0,
        };
        let mut day = None;
        for o in slice {
            agg.orders += 1;
            agg.revenue += o.amount;
            agg.last = o.date;
            if day != Some(o.date) {
                day = Some(o.date);
                agg.purchase_days += 1;
            }
            if o.date != agg.first {
                agg.repeat_day_revenue += o.amount;
            }
        }
        *row = aggs.len() as u32;
        aggs.push(agg);
    }
    for r in log.returns.iter().filter(|r| r.date <= analysis_date) {
        if let Some(&row) = row_of.get(r.customer as usize) {
            if let Some(agg) = aggs.get_mut(row as usize) {
                agg.revenue -= r.amount;
            }
        }
    }
    aggs
}

/// `a / b`, or 0 when `b` is 0: the report never holds NaN or infinity.
pub fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 || !b.is_finite() {
        0.0
    } else {
        let q = a / b;
        if q.is_finite() {
            q
        } else {
            0.0
        }
    }
}

/// Builds a customer's row without the RFM columns (filled in by [`crate::rfm`]).
pub(crate) fn row(
    log: &OrderLog,
    agg: &CustomerAgg,
    analysis_date: NaiveDate,
    unit: TimeUnit,
) -> CustomerRow {
    let tenure_days = crate::time_unit::days_between(agg.first, analysis_date);
    let tenure_years = (tenure_days as f64 / DAYS_PER_YEAR).max(MIN_TENURE_YEARS);
    let frequency = agg.purchase_days.saturating_sub(1);
    CustomerRow {
        customer_id: log.customers[agg.customer as usize].clone(),
        orders: agg.orders,
        revenue: agg.revenue,
        aov: ratio(agg.revenue, agg.orders as f64),
        first_order: agg.first,
        last_order: agg.last,
        tenure_days,
        annual_spend: ratio(agg.revenue, tenure_years),
        frequency,
        recency: unit.from_days(crate::time_unit::days_between(agg.first, agg.last)),
        t: unit.from_days(tenure_days),
        monetary_value: ratio(agg.repeat_day_revenue, frequency as f64),
        days_since_last_order: crate::time_unit::days_between(agg.last, analysis_date),
        r_score: 0,
        f_score: 0,
        m_score: 0,
        rfm_cell: String::new(),
        rfm_score: 0,
        segment: String::new(),
    }
}

/// The median number of days between a customer's consecutive purchase days, over every repeat
/// purchase of every customer: how long a returning customer typically takes to come back.
/// Orders on the same day are one purchase (PRODUCT.md, "frequency"). `None` when no customer
/// bought on two days. Linear in the orders and held in no list: the median is found in a few
/// passes over the gaps (see [`super::quantile::streamed_quantile`]).
pub(crate) fn median_days_between_purchases(grouped: &Grouped) -> Option<f64> {
    // Whole days (dates are within 1900..=2200, so any gap fits 4 bytes).
    let gaps = || {
        grouped
            .starts
            .windows(2)
            .flat_map(|w| grouped.entries[w[0]..w[1]].windows(2))
            .map(|pair| crate::time_unit::days_between(pair[0].date, pair[1].date))
            .filter(|&days| days > 0)
            .map(|days| u32::try_from(days).unwrap_or(u32::MAX))
    };
    gaps()
        .next()
        .map(|_| super::quantile::streamed_quantile(gaps, 0.5))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::test_fixtures::{date, log};

    #[test]
    fn days_between_is_chronos_difference_in_days() {
        let dates = [
            "1900-01-01",
            "1999-12-31",
            "2000-02-29",
            "2024-03-01",
            "2200-12-31",
        ];
        for a in dates {
            for b in dates {
                let (a, b) = (date(a), date(b));
                assert_eq!(crate::time_unit::days_between(a, b), (b - a).num_days());
            }
        }
    }

    #[test]
    fn median_days_between_purchases_counts_purchase_days() {
        // a: Jan 1, Jan 1 (same day: one purchase), Jan 11, Jan 31 → gaps 10, 20
        // b: Jan 5, Jan 9 → gap 4; c: one purchase → no gap. Median of 4, 10, 20 = 10.
        let l = log(
            &[
                ("a", "2024-01-01", 10.0),
                ("a", "2024-01-01", 5.0),
                ("b", "2024-01-05", 10.0),
                ("a", "2024-01-11", 10.0),
                ("b", "2024-01-09", 10.0),
                ("c", "2024-01-09", 10.0),
                ("a", "2024-01-31", 10.0),
            ],
            &[],
        );
        let grouped = group_orders(&l, date("2024-12-31"));
        assert_eq!(median_days_between_purchases(&grouped), Some(10.0));
        // Orders after the analysis date are not counted: only a's Jan 1 → Jan 11 and b's gap.
        let grouped = group_orders(&l, date("2024-01-20"));
        assert_eq!(median_days_between_purchases(&grouped), Some(7.0));
        let one_each = log(&[("a", "2024-01-01", 1.0), ("b", "2024-02-01", 1.0)], &[]);
        let grouped = group_orders(&one_each, date("2024-12-31"));
        assert_eq!(median_days_between_purchases(&grouped), None);
    }

    #[test]
    fn rows_follow_the_lifetimes_convention() {
        // a: Jan 1 (10 + 5, one purchase day), Jan 8 (20), Jan 15 (1) → 4 orders, revenue 36,
        //    frequency 2, recency 14, T 28, monetary value (20 + 1) / 2 = 10.5.
        // b: Jan 22 (30), return 5 on Jan 23 → revenue 25, frequency 0, monetary value 0.
        // c: only an order after the analysis date → no row.
        let log = log(
            &[
                ("a", "2024-01-01", 10.0),
                ("a", "2024-01-01", 5.0),
                ("a", "2024-01-08", 20.0),
                ("b", "2024-01-22", 30.0),
                ("a", "2024-01-15", 1.0),
                ("c", "2024-02-15", 1.0),
            ],
            &[("b", "2024-01-23", 5.0)],
        );
        let at = date("2024-01-29");
        let grouped = group_orders(&log, at);
        let aggs = aggregate(&log, &grouped, at);
        let rows: Vec<_> = aggs
            .iter()
            .map(|a| row(&log, a, at, TimeUnit::Days))
            .collect();
        assert_eq!(rows.len(), 2);
        let a = &rows[0];
        assert_eq!((a.orders, a.revenue, a.aov), (4, 36.0, 9.0));
        assert_eq!((a.frequency, a.recency, a.t), (2, 14.0, 28.0));
        assert_eq!(a.monetary_value, 10.5);
        assert_eq!(a.days_since_last_order, 14);
        // tenure 28 days = 0.0767 years < 1/12 → annual spend = 36 × 12 = 432
        assert_eq!(a.tenure_days, 28);
        assert!((a.annual_spend - 432.0).abs() < 1e-9);
        assert_eq!(rows[1].revenue, 25.0);
        assert_eq!(rows[1].monetary_value, 0.0);
        assert_eq!(aggs[0].first_order_index, 0);
        // In weeks: recency 14 / 7 = 2, T 28 / 7 = 4.
        let w = row(&log, &aggs[0], at, TimeUnit::Weeks);
        assert_eq!((w.frequency, w.recency, w.t), (2, 2.0, 4.0));
    }

    #[test]
    fn annual_spend_over_two_years() {
        // One order of 730.5 on 2022-01-01, analysis 2024-01-01: 730 days = 1.9986 years
        // → annual spend 730.5 / (730 / 365.25) = 365.5
        let log = log(&[("a", "2022-01-01", 730.5)], &[]);
        let at = date("2024-01-01");
        let aggs = aggregate(&log, &group_orders(&log, at), at);
        let r = row(&log, &aggs[0], at, TimeUnit::Days);
        assert!((r.annual_spend - 730.5 / (730.0 / 365.25)).abs() < 1e-9);
    }

    #[test]
    fn ratio_never_gives_nan() {
        assert_eq!(ratio(1.0, 0.0), 0.0);
        assert_eq!(ratio(0.0, 0.0), 0.0);
        assert_eq!(ratio(3.0, 2.0), 1.5);
    }
}
