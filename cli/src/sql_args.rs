//! `clv sql`: the SQL a warehouse runs over its orders table to give the per-customer summary
//! (or its compressed tuples) that `clv report` and `clv score` read.

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use clv_engine::sql::{sql, Dialect, Shape, SqlSpec};
use clv_engine::TimeUnit;

/// Unit of recency and T.
#[derive(Clone, Copy, ValueEnum)]
pub enum Unit {
    Days,
    Weeks,
}

/// What the SQL gives.
#[derive(Clone, Copy, ValueEnum)]
pub enum SqlShape {
    /// One row per customer: customer_id, frequency, recency, T, monetary_value, orders,
    /// revenue, first_order_date, last_order_date.
    Summary,
    /// Distinct (frequency, recency, T, monetary_value) with their number of customers.
    Tuples,
}

/// The warehouse.
#[derive(Clone, Copy, ValueEnum)]
pub enum DialectArg {
    Duckdb,
    Spark,
    Bigquery,
    Snowflake,
    Postgres,
}

/// The orders table and how to read it.
#[derive(Args)]
pub struct SqlArgs {
    /// What the SQL gives.
    #[arg(value_enum)]
    shape: SqlShape,
    /// The warehouse's SQL dialect (Spark also for Databricks).
    #[arg(long, value_enum)]
    dialect: DialectArg,
    /// The orders table (`orders`, `shop.orders`, `project.dataset.orders`).
    #[arg(long)]
    table: String,
    /// The customer id column.
    #[arg(long)]
    customer: String,
    /// The order date column (a date, a timestamp, or ISO text).
    #[arg(long)]
    date: String,
    /// The order amount column.
    #[arg(long)]
    amount: String,
    /// The order id column: rows of one id are the line items of one order.
    #[arg(long)]
    order_id: Option<String>,
    /// The status column: cancelled, voided, failed and refunded orders are left out.
    #[arg(long)]
    status: Option<String>,
    /// A status that counts as a purchase (repeat the flag for more); without it every status
    /// counts but those that say the order is no purchase.
    #[arg(long, requires = "status")]
    counted_status: Vec<String>,
    /// The refunded amount column: deducted from the order; an order refunded in full is left out.
    #[arg(long)]
    refunded: Option<String>,
    /// The analysis date (YYYY-MM-DD): later orders are left out, T is counted to it (default:
    /// the last order date).
    #[arg(long)]
    as_of: Option<NaiveDate>,
    /// Unit of recency and T.
    #[arg(long, value_enum, default_value = "days")]
    time_unit: Unit,
}

impl SqlArgs {
    /// The SQL statement.
    pub fn run(&self) -> String {
        let mut spec = SqlSpec::new(&self.table, &self.customer, &self.date, &self.amount)
            .time_unit(match self.time_unit {
                Unit::Days => TimeUnit::Days,
                Unit::Weeks => TimeUnit::Weeks,
            });
        if let Some(o) = &self.order_id {
            spec = spec.order_id(o);
        }
        if let Some(s) = &self.status {
            spec = spec.status(s, &self.counted_status);
        }
        if let Some(r) = &self.refunded {
            spec = spec.refunded(r);
        }
        if let Some(day) = self.as_of {
            spec = spec.as_of(day);
        }
        let dialect = match self.dialect {
            DialectArg::Duckdb => Dialect::DuckDb,
            DialectArg::Spark => Dialect::Spark,
            DialectArg::Bigquery => Dialect::BigQuery,
            DialectArg::Snowflake => Dialect::Snowflake,
            DialectArg::Postgres => Dialect::Postgres,
        };
        let shape = match self.shape {
            SqlShape::Summary => Shape::Summary,
            SqlShape::Tuples => Shape::Tuples,
        };
        sql(&spec, dialect, shape)
    }
}
