//! SQL that a warehouse runs over its orders table to give what the models need: one row per
//! customer (`customer_id, frequency, recency, T, monetary_value`, plus orders, revenue, first
//! and last order date: the per-customer summary the import reads), or those rows compressed
//! to distinct `(frequency, recency, T, monetary_value)` with the number of `customers` who
//! have them.
//!
//! The conventions are written once, as a small query plan ([`plan`]), and rendered for each
//! [`Dialect`] ([`dialect`] holds every quirk: quoting, casts, day differences, division).
//! They are those of the import and of `models::data`, so a summary computed by the warehouse
//! gives the models the same input as the order export would.
//!
//! ```
//! use clv_engine::sql::{sql, Dialect, Shape, SqlSpec};
//!
//! let spec = SqlSpec::new("orders", "customer_id", "date", "amount");
//! let text = sql(&spec, Dialect::DuckDb, Shape::Summary);
//! assert!(text.contains(r#"AS "frequency""#));
//! assert!(text.contains("date_diff('day'"));
//! ```
//!
//! Where the SQL cannot follow the engine (the engine reads a file in order, a table has no
//! order): the rows of one order id are merged with the earliest date and the smallest
//! customer key among them, and the order is left out when any of its rows has a status that
//! says so (the engine takes the first row's); the same whenever an order's rows agree, as
//! they do in the exports the engine warns about otherwise (`duplicate_order_ids`).

pub mod dialect;
mod expr;
mod plan;

pub use dialect::{Dialect, DIALECTS};

use crate::time_unit::TimeUnit;
use chrono::NaiveDate;

/// What the SQL gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One row per customer.
    Summary,
    /// Distinct (frequency, recency, T, monetary_value) with their number of customers.
    Tuples,
}

/// The orders table and how to read it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SqlSpec {
    /// The table (`orders`, `shop.orders`, `project.dataset.orders`).
    pub table: String,
    /// The customer column.
    pub customer: String,
    /// The order date column (a date, a timestamp, or ISO text).
    pub date: String,
    /// The order amount column.
    pub amount: String,
    /// The order id column: rows of one id are one order.
    pub order_id: Option<String>,
    /// The status column.
    pub status: Option<String>,
    /// Statuses that count as a purchase (compared trimmed, lower-cased); empty: every status
    /// but those the engine leaves out (cancelled, voided, failed, refunded… in every language
    /// the import knows), and an empty status counts.
    pub counted_statuses: Vec<String>,
    /// The refunded amount column: deducted; an order refunded in full is left out.
    pub refunded: Option<String>,
    /// The analysis date (T is counted to it; later orders are left out); `None`: the last
    /// counted order's date.
    pub as_of: Option<NaiveDate>,
    /// Unit of recency and T.
    pub time_unit: TimeUnit,
}

impl SqlSpec {
    /// A table with a customer, a date and an amount column; days, up to the last order.
    pub fn new(table: &str, customer: &str, date: &str, amount: &str) -> Self {
        SqlSpec {
            table: table.into(),
            customer: customer.into(),
            date: date.into(),
            amount: amount.into(),
            order_id: None,
            status: None,
            counted_statuses: Vec::new(),
            refunded: None,
            as_of: None,
            time_unit: TimeUnit::Days,
        }
    }
    /// Rows of one order id are one order.
    pub fn order_id(mut self, column: &str) -> Self {
        self.order_id = Some(column.into());
        self
    }
    /// The status column, and the statuses that count (empty: the engine's rule).
    pub fn status(mut self, column: &str, counted: &[String]) -> Self {
        self.status = Some(column.into());
        self.counted_statuses = counted.to_vec();
        self
    }
    /// The refunded amount column.
    pub fn refunded(mut self, column: &str) -> Self {
        self.refunded = Some(column.into());
        self
    }
    /// The analysis date.
    pub fn as_of(mut self, day: NaiveDate) -> Self {
        self.as_of = Some(day);
        self
    }
    /// The time unit of recency and T.
    pub fn time_unit(mut self, unit: TimeUnit) -> Self {
        self.time_unit = unit;
        self
    }
}

/// The SQL statement for `spec` in `dialect`.
pub fn sql(spec: &SqlSpec, dialect: Dialect, shape: Shape) -> String {
    dialect.render(&plan::plan(spec, shape))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::build::left_out_status;

    fn spec() -> SqlSpec {
        SqlSpec::new("orders", "customer_id", "date", "amount")
    }

    #[test]
    fn the_left_out_statuses_are_the_imports() {
        for s in plan::LEFT_OUT_STATUSES {
            assert!(left_out_status(s).is_some(), "{s}");
            assert!(left_out_status(&format!("wc-{s}")).is_some(), "wc-{s}");
        }
        for s in ["paid", "completed", "partially_refunded", "pending"] {
            assert!(!plan::LEFT_OUT_STATUSES.contains(&s));
        }
    }

    #[test]
    fn every_dialect_names_the_columns_the_summary_import_reads() {
        for d in DIALECTS {
            let text = sql(&spec(), d, Shape::Summary);
            for name in [
                "customer_id",
                "frequency",
                "recency",
                "T",
                "monetary_value",
                "orders",
                "revenue",
                "first_order_date",
                "last_order_date",
            ] {
                assert!(
                    text.contains(&format!(" AS {}", d.output_name(name))),
                    "{d:?} {name}"
                );
            }
            assert!(text.trim_end().ends_with(';'));
            let tuples = sql(&spec(), d, Shape::Tuples);
            assert!(tuples.contains(&format!("COUNT(*) AS {}", d.output_name("customers"))));
        }
    }

    #[test]
    fn optional_columns_add_their_steps() {
        let plain = sql(&spec(), Dialect::DuckDb, Shape::Summary);
        assert!(!plain.contains("UNION ALL"));
        assert!(!plain.contains("IN ('cancelled'"));
        assert!(plain.contains(
            r#"SELECT
    MAX("order_date") AS "as_of""#
        ));
        let full = spec()
            .order_id("order_id")
            .status("status", &[])
            .refunded("refunded")
            .as_of(NaiveDate::from_ymd_opt(1998, 6, 30).unwrap())
            .time_unit(TimeUnit::Weeks);
        let text = sql(&full, Dialect::DuckDb, Shape::Summary);
        assert!(text.contains("UNION ALL"));
        assert!(text.contains(r#"GROUP BY "order_id""#));
        assert!(text.contains("IN ('cancelled', 'wc-cancelled', 'canceled'"));
        assert!(text.contains("ABS(COALESCE(CAST(refunded AS DOUBLE), 0))"));
        assert!(text.contains(r#"DATE '1998-06-30' AS "as_of""#));
        assert!(text.contains("/ 7)"));
        let counted = spec().status("state", &[" Paid ".into(), "shipped".into()]);
        let text = sql(&counted, Dialect::Postgres, Shape::Summary);
        assert!(text.contains("IN ('paid', 'shipped')) THEN 0 ELSE 1 END"));
    }

    #[test]
    fn a_column_named_like_a_keyword_is_quoted() {
        let odd = SqlSpec::new("sales.orders", "Customer ID", "order", "amount");
        let text = sql(&odd, Dialect::Spark, Shape::Summary);
        assert!(text.contains("CAST(`Customer ID` AS STRING)"));
        assert!(text.contains("CAST(`order` AS DATE)"));
        assert!(text.contains("FROM sales.orders"));
    }
}
