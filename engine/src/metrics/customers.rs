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
    #[serde(serialize_with = "crate::iso_date::serialize")]
    pub first_order: NaiveDate,
    /// Date of the last counted order.
    #[serde(serialize_with = "crate::iso_date::serialize")]
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

/// Most counted orders in one range of customers (25 MB of [`Entry`]s): a log with more is
/// grouped a range of customers at a time, each range by one more pass over the orders, so the
/// grouping never copies ten million orders at once. A log of up to 2,097,152 counted orders is
/// one range, grouped in one pass.
pub(crate) const RANGE_ORDERS: usize = 1 << 21;

/// Counted orders (dated on or before the cut-off) grouped by customer, a range of customers at a
/// time ([`RANGE_ORDERS`]): [`Grouped::visit`] hands over each customer's orders, sorted by
/// date (file order on a tie), customers in index order.
pub(crate) struct Grouped<'a> {
    log: &'a OrderLog,
    cutoff: NaiveDate,
    /// Customer `c`'s orders are entries `starts[c]..starts[c + 1]` of the whole grouping.
    starts: Vec<usize>,
    /// Per customer, the index into [`OrderLog::orders`] of the first of its entries.
    pub first_order: Vec<u32>,
    /// Range `b` covers customers `ranges[b]..ranges[b + 1]`.
    ranges: Vec<usize>,
    /// The orders of one range of customers, from `starts[ranges[b]]` on.
    entries: Vec<Entry>,
    /// The range `entries` holds.
    held: Option<usize>,
}

impl<'a> Grouped<'a> {
    /// Counts the counted orders of each customer (one pass over the orders) and splits the
    /// customers into ranges of at most [`RANGE_ORDERS`] orders (a customer with more has a
    /// range of its own).
    pub fn new(log: &'a OrderLog, cutoff: NaiveDate) -> Grouped<'a> {
        Grouped::in_ranges_of(log, cutoff, RANGE_ORDERS)
    }

    /// [`Grouped::new`] with ranges of at most `most` orders.
    fn in_ranges_of(log: &'a OrderLog, cutoff: NaiveDate, most: usize) -> Grouped<'a> {
        let n = log.customers.len();
        let mut starts = vec![0usize; n + 1];
        // Each customer's earliest order so far, first in the file on a tie (the first entry
        // once sorted): its date and index.
        let mut first = vec![(NaiveDate::MAX, 0u32); n];
        for (i, o) in log.orders.iter().enumerate() {
            if o.date <= cutoff {
                let c = o.customer as usize;
                starts[c + 1] += 1;
                if o.date < first[c].0 {
                    first[c] = (o.date, i as u32);
                }
            }
        }
        let mut ranges = vec![0];
        let mut in_range = 0;
        for c in 0..n {
            let count = starts[c + 1];
            if in_range > 0 && in_range + count > most {
                ranges.push(c);
                in_range = 0;
            }
            in_range += count;
            starts[c + 1] += starts[c];
        }
        ranges.push(n);
        Grouped {
            log,
            cutoff,
            starts,
            first_order: first.into_iter().map(|(_, i)| i).collect(),
            ranges,
            entries: Vec::new(),
            held: None,
        }
    }

    /// Hands `f` each customer's counted orders (empty for a customer without any), customers
    /// in index order. Each range not already held costs a pass over the orders.
    pub fn visit(&mut self, mut f: impl FnMut(usize, &[Entry])) {
        for b in 0..self.ranges.len() - 1 {
            if self.held != Some(b) {
                self.fill(b);
            }
            let base = self.starts[self.ranges[b]];
            for c in self.ranges[b]..self.ranges[b + 1] {
                f(
                    c,
                    &self.entries[self.starts[c] - base..self.starts[c + 1] - base],
                );
            }
        }
    }

    /// [`Grouped::visit`] of the customers of `aggs` (made by [`aggregate`] from the same
    /// grouping, so in index order): each with its counted orders.
    pub fn visit_aggs(&mut self, aggs: &[CustomerAgg], mut f: impl FnMut(&CustomerAgg, &[Entry])) {
        let mut aggs = aggs.iter().peekable();
        self.visit(|c, entries| {
            if let Some(agg) = aggs.next_if(|a| a.customer as usize == c) {
                f(agg, entries);
            }
        });
    }

    /// Puts the orders of range `b` into `entries`, each customer's sorted by date.
    fn fill(&mut self, b: usize) {
        let (from, to) = (self.ranges[b], self.ranges[b + 1]);
        let base = self.starts[from];
        let mut at: Vec<usize> = self.starts[from..to].iter().map(|s| s - base).collect();
        self.entries.clear();
        if self.entries.capacity() == 0 {
            // Room for the largest range at once: growing range by range would double it.
            let largest = self
                .ranges
                .windows(2)
                .map(|r| self.starts[r[1]] - self.starts[r[0]]);
            self.entries.reserve_exact(largest.max().unwrap_or(0));
        }
        self.entries.resize(
            self.starts[to] - base,
            Entry {
                date: self.cutoff,
                amount: 0.0,
            },
        );
        let width = to - from;
        for o in self.log.orders.iter() {
            let k = (o.customer as usize).wrapping_sub(from);
            if k < width && o.date <= self.cutoff {
                self.entries[at[k]] = Entry {
                    date: o.date,
                    amount: o.amount,
                };
                at[k] += 1;
            }
        }
        for c in from..to {
            let slice = &mut self.entries[self.starts[c] - base..self.starts[c + 1] - base];
            if slice.len() > 1 && slice.windows(2).any(|w| w[0].date > w[1].date) {
                // Stable: orders of one day stay in file order.
                slice.sort_by_key(|e| e.date);
            }
        }
        self.held = Some(b);
    }
}

/// Aggregates each customer with at least one counted order; returns are subtracted from the
/// revenue of customers who have orders (PRODUCT.md, "Order semantics": revenue = net amounts of
/// counted orders, less returns).
pub(crate) fn aggregate(
    log: &OrderLog,
    grouped: &mut Grouped,
    analysis_date: NaiveDate,
) -> (Vec<CustomerAgg>, DayGaps) {
    let mut aggs = Vec::new();
    let mut gaps = DayGaps::default();
    let mut row_of = vec![u32::MAX; log.customers.len()];
    let first_order = std::mem::take(&mut grouped.first_order);
    grouped.visit(|c, slice| {
        let Some(first_entry) = slice.first() else {
            return;
        };
        let mut agg = CustomerAgg {
            customer: c as u32,
            first_order_index: first_order.get(c).copied().unwrap_or(0),
            orders: 0,
            revenue: 0.0,
            first: first_entry.date,
            last: first_entry.date,
            purchase_days: 0,
            repeat_day_revenue: 0.0,
        };
        let mut day: Option<NaiveDate> = None;
        for o in slice {
            agg.orders += 1;
            agg.revenue += o.amount;
            agg.last = o.date;
            if day != Some(o.date) {
                if let Some(before) = day {
                    gaps.add(crate::time_unit::days_between(before, o.date));
                }
                day = Some(o.date);
                agg.purchase_days += 1;
            }
            if o.date != agg.first {
                agg.repeat_day_revenue += o.amount;
            }
        }
        if let Some(row) = row_of.get_mut(c) {
            *row = aggs.len() as u32;
        }
        aggs.push(agg);
    });
    grouped.first_order = first_order;
    for r in log.returns.iter().filter(|r| r.date <= analysis_date) {
        if let Some(&row) = row_of.get(r.customer as usize) {
            if let Some(agg) = aggs.get_mut(row as usize) {
                agg.revenue -= r.amount;
            }
        }
    }
    (aggs, gaps)
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

/// The days between a customer's consecutive purchase days, over every repeat purchase of every
/// customer, counted by length: a count per day of the longest gap (dates are within
/// 1900..=2200, [`crate::limits`], so at most 110,000 counts), whatever the number of orders.
#[derive(Debug, Default)]
pub(crate) struct DayGaps {
    counts: Vec<u64>,
}

impl DayGaps {
    /// Counts a gap of `days` (orders on one day are one purchase: a gap is never 0).
    fn add(&mut self, days: i64) {
        let Ok(days) = usize::try_from(days) else {
            return;
        };
        if days == 0 {
            return;
        }
        if self.counts.len() <= days {
            self.counts.resize(days + 1, 0);
        }
        self.counts[days] += 1;
    }

    /// The median gap: how long a returning customer typically takes to come back (PRODUCT.md,
    /// "frequency": orders on the same day are one purchase). `None` when no customer bought on
    /// two days.
    pub fn median(&self) -> Option<f64> {
        super::quantile::quantile_of_counts(&self.counts, 0.5)
    }
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
        let median = |l: &OrderLog, at| {
            aggregate(l, &mut Grouped::new(l, date(at)), date(at))
                .1
                .median()
        };
        assert_eq!(median(&l, "2024-12-31"), Some(10.0));
        // Orders after the analysis date are not counted: only a's Jan 1 → Jan 11 and b's gap.
        assert_eq!(median(&l, "2024-01-20"), Some(7.0));
        let one_each = log(&[("a", "2024-01-01", 1.0), ("b", "2024-02-01", 1.0)], &[]);
        assert_eq!(median(&one_each, "2024-12-31"), None);
    }

    #[test]
    fn grouping_a_range_of_customers_at_a_time_hands_over_the_same_orders() {
        // Dates out of order, ties within a day (file order kept), orders after the cut-off,
        // a customer with more orders than a range holds and one with none before the cut-off.
        let l = log(
            &[
                ("a", "2024-01-05", 1.0),
                ("b", "2024-01-03", 2.0),
                ("a", "2024-01-01", 3.0),
                ("c", "2024-03-01", 4.0),
                ("a", "2024-01-05", 5.0),
                ("d", "2024-01-02", 6.0),
                ("b", "2024-01-01", 7.0),
                ("a", "2024-01-02", 8.0),
                ("e", "2024-01-09", 9.0),
                ("a", "2024-02-20", 10.0),
                ("d", "2024-01-02", 11.0),
            ],
            &[],
        );
        let cutoff = date("2024-02-01");
        let visited = |grouped: &mut Grouped| {
            let mut seen = Vec::new();
            grouped.visit(|c, orders| seen.push((c, orders.to_vec())));
            seen
        };
        let whole = visited(&mut Grouped::new(&l, cutoff));
        let amounts: Vec<Vec<f64>> = whole
            .iter()
            .map(|(_, o)| o.iter().map(|e| e.amount).collect())
            .collect();
        assert_eq!(
            amounts,
            [
                vec![3.0, 8.0, 1.0, 5.0],
                vec![7.0, 2.0],
                vec![],
                vec![6.0, 11.0],
                vec![9.0]
            ]
        );
        for most in 1..=5 {
            let mut grouped = Grouped::in_ranges_of(&l, cutoff, most);
            assert_eq!(visited(&mut grouped), whole, "ranges of {most}");
            // A second visit fills the ranges again, in order.
            assert_eq!(visited(&mut grouped), whole, "ranges of {most}, again");
            assert_eq!(grouped.first_order, Grouped::new(&l, cutoff).first_order);
        }
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
        let (aggs, _) = aggregate(&log, &mut Grouped::new(&log, at), at);
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
        let (aggs, _) = aggregate(&log, &mut Grouped::new(&log, at), at);
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
