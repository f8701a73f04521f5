//! The limits that keep the work bounded by the size of the data, never by its values: dates and
//! periods the user can choose, amounts a file can hold, the months the cohort table covers.
//! Every limit is refused or reported in plain words that name it (a typed error, skip reason
//! or warning), never applied silently.

use chrono::{Datelike, NaiveDate};

/// Earliest analysis date or calibration end: before 1900 no shop kept dated electronic orders,
/// so an earlier date is a typo (`0202-01-01`), not a choice.
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// Latest analysis date or calibration end: far enough for dated test data and forecasts,
/// near enough that a typo (`20204-01-01`, `9999-12-31`) is caught.
pub const LATEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2200, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// Longest horizon of expected purchases and of the predicted CLV, in years: beyond a century
/// the models say nothing a shop can use, and the CLV sum takes one step per month.
pub const MAX_YEARS_AHEAD: u32 = 100;

/// Most months of the predicted CLV ([`MAX_YEARS_AHEAD`] years).
pub const MAX_CLV_MONTHS: u32 = MAX_YEARS_AHEAD * 12;

/// Largest amount (in absolute value) a row can hold: a trillion in any currency is no single
/// order, and keeping amounts below it keeps every sum of a file finite and exact to the cent
/// for any realistic number of rows.
pub const MAX_AMOUNT: f64 = 1e12;

/// Most months the cohort table covers, counted back from the analysis date (30 years): the
/// table has a row per month and a column per month after it, so its size grows with the
/// square of the span. Customers acquired earlier are left out of the table with a warning.
pub const MAX_COHORT_MONTHS: u32 = 360;

/// Largest `frequency` of a per-customer summary row (repeat purchase days): orders are rebuilt
/// from it, one per purchase day.
pub const MAX_SUMMARY_FREQUENCY: f64 = 1_000.0;

/// Longest `recency` and `T` of a per-customer summary row, in days ([`MAX_YEARS_AHEAD`] years
/// of 365.25 days).
pub const MAX_SUMMARY_DAYS: f64 = 36_525.0;

/// Most orders rebuilt from a per-customer summary file; customers beyond keep their first
/// and last purchase only (with a warning), so a file's size, not its values, bounds the work.
pub const MAX_REBUILT_ORDERS: usize = 2_000_000;

/// The worker's memory (wasm) per order kept, in bytes, at its high-water mark with the report
/// built: the order (16 bytes) and its line (about 1), its numbered id (about 1, 4 or 8) and
/// its place in the id index, its segment values (2 each), the reading's side tables and the
/// report's transient grouping of the orders (12, now a range of customers at a time: at most
/// 25 MB whatever the count). Measured in Chromium on the generated
/// export of 100,000 customers (every order with an id `#1000`… and a channel), with the
/// per-order tables sized exactly instead of doubling: 839 MB for 10 M orders with 24-byte
/// orders, 570 MB once the orders, ids and segment values were packed, about 400 MB since the
/// models are added to the descriptive report instead of a second report and lines and ids
/// are kept as steps, 300 MB since the orders are grouped a range of customers at a time and
/// the predictions made a part at a time. Kept at the earlier 85, rounded up from the wider layout and the worst
/// case (ids in no order take 8 bytes): the limit in orders stays where it was measured
/// safe, and the tab's peak below it fell instead.
pub const BYTES_PER_ORDER: u64 = 85;

/// The worker's memory per customer kept, in bytes, at the peak of building the report: the
/// customer's key, row, prediction, contact and table keys. Measured on 1 M one-order
/// customers: 991 MB at the peak against 120 MB for their orders (≈ 870 bytes per customer),
/// rounded up.
pub const BYTES_PER_CUSTOMER: u64 = 900;

/// What the worker may spend on the orders and customers kept: with Chromium's own page
/// (≈ 160 MB) and the page's transient copies, the tab stays under 1.5 GB.
pub const BROWSER_MEMORY_BUDGET: u64 = 1_000_000_000;

/// How many orders a customer weighs against the limit ([`BYTES_PER_CUSTOMER`] /
/// [`BYTES_PER_ORDER`]): a file of one-order customers is stopped sooner than a file of loyal
/// ones, as it takes more memory.
pub const CUSTOMER_IN_ORDERS: u64 = BYTES_PER_CUSTOMER / BYTES_PER_ORDER;

/// Most orders a browser tab keeps ([`crate::ImportOptions::for_browser`]), each customer
/// counting as [`CUSTOMER_IN_ORDERS`] more: memory follows what is kept, not the file's bytes
/// (the worker streams it), so a file of any size is read until this is reached. Beyond it,
/// reading stops with [`crate::ImportErrorKind::TooManyOrders`], which says how many orders
/// and customers were read and points to the `clv` command line.
pub const BROWSER_MAX_ORDERS: u64 = BROWSER_MEMORY_BUDGET / BYTES_PER_ORDER;

/// Orders kept against a limit of orders: the orders, each customer counting as
/// [`CUSTOMER_IN_ORDERS`] more.
pub fn orders_kept(orders: u64, customers: u64) -> u64 {
    orders.saturating_add(customers.saturating_mul(CUSTOMER_IN_ORDERS))
}

/// True when `year` is within the years of [`EARLIEST_DATE`]..=[`LATEST_DATE`]: an order dated
/// outside them is skipped as out of range.
pub fn years_in_range(year: i32) -> bool {
    (EARLIEST_DATE.year()..=LATEST_DATE.year()).contains(&year)
}

/// True when `date` is within [`EARLIEST_DATE`]..=[`LATEST_DATE`].
pub fn date_in_range(date: NaiveDate) -> bool {
    (EARLIEST_DATE..=LATEST_DATE).contains(&date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_range_is_1900_to_2200() {
        assert_eq!(EARLIEST_DATE.to_string(), "1900-01-01");
        assert_eq!(LATEST_DATE.to_string(), "2200-12-31");
        assert!(date_in_range(EARLIEST_DATE) && date_in_range(LATEST_DATE));
        assert!(!date_in_range(
            NaiveDate::from_ymd_opt(9999, 12, 31).unwrap()
        ));
        assert!(!date_in_range(
            NaiveDate::from_ymd_opt(1899, 12, 31).unwrap()
        ));
    }
}
