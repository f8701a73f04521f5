//! The expressions of the query plan ([`super::plan`]), which each [`super::Dialect`] renders.

use chrono::NaiveDate;

/// Aggregate functions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Agg {
    Sum,
    Min,
    Max,
}

/// An expression of the plan.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    /// A column of the user's table.
    Source(String),
    /// A column this SQL names.
    Column(String),
    /// A column of a step, `step.column`.
    Qualified(String, String),
    Int(i64),
    Text(String),
    Date(NaiveDate),
    Null,
    ToDate(Box<Expr>),
    ToDouble(Box<Expr>),
    ToText(Box<Expr>),
    Trim(Box<Expr>),
    Lower(Box<Expr>),
    Abs(Box<Expr>),
    Coalesce(Box<Expr>, Box<Expr>),
    /// Whole days from the first date to the second.
    DaysBetween(Box<Expr>, Box<Expr>),
    /// Floating-point division.
    Divide(Box<Expr>, Box<Expr>),
    /// `a op b` with an operator every dialect writes alike (`+ - = <> < <= > >= AND OR`).
    Binary(Box<Expr>, &'static str, Box<Expr>),
    IsNull(Box<Expr>),
    IsNotNull(Box<Expr>),
    Like(Box<Expr>, String),
    InList(Box<Expr>, Vec<String>),
    Case(Vec<(Expr, Expr)>, Box<Expr>),
    Agg(Agg, Box<Expr>),
    CountAll,
    /// `MIN(x) OVER (PARTITION BY p)`.
    MinOver(Box<Expr>, Box<Expr>),
}
