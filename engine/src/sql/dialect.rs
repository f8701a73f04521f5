//! Every difference between the warehouses that the generated SQL meets, in one place: how an
//! identifier is quoted, how a column becomes a date, a number or text, how days between two
//! dates are counted, and how a division is kept a floating-point one. The query itself
//! ([`super::plan`]) is written once, against [`Expr`]; [`Dialect::expr`] renders it.

use super::expr::{Agg, Expr};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A SQL engine the queries are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dialect {
    /// DuckDB.
    DuckDb,
    /// Apache Spark SQL (Databricks).
    Spark,
    /// Google BigQuery (GoogleSQL).
    BigQuery,
    /// Snowflake.
    Snowflake,
    /// PostgreSQL (also Redshift for the functions used here).
    Postgres,
}

/// Every dialect.
pub const DIALECTS: [Dialect; 5] = [
    Dialect::DuckDb,
    Dialect::Spark,
    Dialect::BigQuery,
    Dialect::Snowflake,
    Dialect::Postgres,
];

/// Words a column may not be named bare in at least one of the dialects: such names are quoted.
const RESERVED: [&str; 34] = [
    "all",
    "and",
    "as",
    "between",
    "by",
    "case",
    "cast",
    "create",
    "cross",
    "current_date",
    "default",
    "distinct",
    "else",
    "end",
    "exists",
    "false",
    "from",
    "full",
    "group",
    "having",
    "in",
    "inner",
    "is",
    "join",
    "left",
    "limit",
    "not",
    "null",
    "on",
    "or",
    "order",
    "select",
    "table",
    "where",
];

/// True for a name any dialect reads bare: a letter or `_`, then letters, digits or `_`, and
/// no reserved word.
fn is_plain(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !RESERVED.contains(&name.to_ascii_lowercase().as_str())
}

impl Dialect {
    /// The name used on the command line (`duckdb`, `spark`, `bigquery`, `snowflake`,
    /// `postgres`).
    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "duckdb",
            Dialect::Spark => "spark",
            Dialect::BigQuery => "bigquery",
            Dialect::Snowflake => "snowflake",
            Dialect::Postgres => "postgres",
        }
    }

    /// The dialect named `name` (as in [`Dialect::name`], case-insensitive).
    pub fn from_name(name: &str) -> Option<Dialect> {
        let wanted = name.trim().to_ascii_lowercase();
        DIALECTS.into_iter().find(|d| d.name() == wanted)
    }

    /// Backticks in Spark and BigQuery, double quotes elsewhere.
    fn quote_char(self) -> char {
        match self {
            Dialect::Spark | Dialect::BigQuery => '`',
            _ => '"',
        }
    }

    /// A name quoted, with the quote character doubled (Spark, DuckDB, Postgres, Snowflake) or
    /// escaped with a backslash (BigQuery).
    pub fn quoted(self, name: &str) -> String {
        let q = self.quote_char();
        let escaped = match self {
            Dialect::BigQuery => name.replace('\\', "\\\\").replace(q, "\\`"),
            _ => name.replace(q, &format!("{q}{q}")),
        };
        format!("{q}{escaped}{q}")
    }

    /// A column or table name of the user's: left bare when every dialect reads it bare (so
    /// the warehouse folds its case as it does in the user's own queries: Snowflake to upper,
    /// Postgres to lower case), quoted otherwise.
    pub fn source_name(self, name: &str) -> String {
        if is_plain(name) {
            name.to_string()
        } else {
            self.quoted(name)
        }
    }

    /// A table name, `schema.table` or `project.dataset.table`: each part as
    /// [`Dialect::source_name`].
    pub fn table_name(self, name: &str) -> String {
        name.split('.')
            .map(|part| self.source_name(part))
            .collect::<Vec<_>>()
            .join(".")
    }

    /// A name this SQL gives (a column of its output, a step): always quoted, so `T` stays
    /// upper-case and `customer_id` lower-case in every warehouse.
    pub fn output_name(self, name: &str) -> String {
        self.quoted(name)
    }

    /// A step of the query (`WITH` name): prefixed, so that no step takes the name of the
    /// user's table (`orders`) and hides it.
    pub(crate) fn step_name(self, step: &str) -> String {
        self.quoted(&format!("clv_{step}"))
    }

    /// A text literal: `'` doubled in DuckDB, Snowflake and Postgres; escaped with a backslash
    /// in BigQuery and Spark, which read a backslash in a literal as an escape.
    fn string(self, text: &str) -> String {
        match self {
            Dialect::BigQuery | Dialect::Spark => {
                format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
            }
            _ => format!("'{}'", text.replace('\'', "''")),
        }
    }

    /// The type of a 64-bit float.
    fn double_type(self) -> &'static str {
        match self {
            Dialect::BigQuery => "FLOAT64",
            Dialect::Postgres => "DOUBLE PRECISION",
            _ => "DOUBLE",
        }
    }

    /// The type of text.
    fn text_type(self) -> &'static str {
        match self {
            Dialect::Spark | Dialect::BigQuery => "STRING",
            Dialect::Postgres => "TEXT",
            _ => "VARCHAR",
        }
    }

    /// Whole days from `from` to `to` (both dates), as an integer.
    fn days_between(self, from: &str, to: &str) -> String {
        match self {
            Dialect::DuckDb => format!("date_diff('day', {from}, {to})"),
            Dialect::Spark => format!("datediff({to}, {from})"),
            Dialect::BigQuery => format!("DATE_DIFF({to}, {from}, DAY)"),
            Dialect::Snowflake => format!("DATEDIFF(day, {from}, {to})"),
            // date − date is the integer number of days.
            Dialect::Postgres => format!("({to} - {from})"),
        }
    }

    /// Renders `e`.
    pub(crate) fn expr(self, e: &Expr) -> String {
        let d = self;
        match e {
            Expr::Source(name) => d.source_name(name),
            Expr::Column(name) => d.output_name(name),
            Expr::Qualified(step, name) => {
                format!("{}.{}", d.step_name(step), d.output_name(name))
            }
            Expr::Int(v) => v.to_string(),
            Expr::Text(t) => d.string(t),
            Expr::Date(day) => d.date_literal(*day),
            Expr::Null => "NULL".into(),
            Expr::ToDate(x) => format!("CAST({} AS DATE)", d.expr(x)),
            Expr::ToDouble(x) => format!("CAST({} AS {})", d.expr(x), d.double_type()),
            Expr::ToText(x) => format!("CAST({} AS {})", d.expr(x), d.text_type()),
            Expr::Trim(x) => format!("TRIM({})", d.expr(x)),
            Expr::Lower(x) => format!("LOWER({})", d.expr(x)),
            Expr::Abs(x) => format!("ABS({})", d.expr(x)),
            Expr::Coalesce(a, b) => format!("COALESCE({}, {})", d.expr(a), d.expr(b)),
            Expr::DaysBetween(a, b) => d.days_between(&d.expr(a), &d.expr(b)),
            Expr::Divide(a, b) => d.divide(&d.expr(a), &d.expr(b)),
            Expr::Binary(a, op, b) => format!("({} {} {})", d.expr(a), op, d.expr(b)),
            Expr::IsNull(x) => format!("({} IS NULL)", d.expr(x)),
            Expr::IsNotNull(x) => format!("({} IS NOT NULL)", d.expr(x)),
            Expr::Like(x, pattern) => format!("({} LIKE {})", d.expr(x), d.string(pattern)),
            Expr::InList(x, items) => {
                let items: Vec<String> = items.iter().map(|i| d.string(i)).collect();
                format!("({} IN ({}))", d.expr(x), items.join(", "))
            }
            Expr::Case(arms, otherwise) => {
                let mut s = String::from("CASE");
                for (when, then) in arms {
                    s += &format!(" WHEN {} THEN {}", d.expr(when), d.expr(then));
                }
                s += &format!(" ELSE {} END", d.expr(otherwise));
                s
            }
            Expr::Agg(agg, x) => {
                let name = match agg {
                    Agg::Sum => "SUM",
                    Agg::Min => "MIN",
                    Agg::Max => "MAX",
                };
                format!("{name}({})", d.expr(x))
            }
            Expr::CountAll => "COUNT(*)".into(),
            Expr::MinOver(x, partition) => format!(
                "MIN({}) OVER (PARTITION BY {})",
                d.expr(x),
                d.expr(partition)
            ),
        }
    }

    /// A date literal.
    fn date_literal(self, day: NaiveDate) -> String {
        format!("DATE '{}'", day.format("%Y-%m-%d"))
    }

    /// `a / b` as a floating-point division: Postgres divides integers to an integer and
    /// Snowflake to a decimal of a few digits, so both operands are cast there; DuckDB, Spark
    /// and BigQuery divide to a double already, and a cast would not change the result.
    fn divide(self, a: &str, b: &str) -> String {
        match self {
            Dialect::Postgres | Dialect::Snowflake => {
                let t = self.double_type();
                format!("(CAST({a} AS {t}) / CAST({b} AS {t}))")
            }
            _ => format!("({a} / {b})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::expr::Expr;

    fn col(name: &str) -> Box<Expr> {
        Box::new(Expr::Column(name.into()))
    }

    #[test]
    fn names_round_trip() {
        for d in DIALECTS {
            assert_eq!(Dialect::from_name(d.name()), Some(d));
        }
        assert_eq!(Dialect::from_name(" DuckDB "), Some(Dialect::DuckDb));
        assert_eq!(Dialect::from_name("oracle"), None);
    }

    #[test]
    fn days_between_dates_per_dialect() {
        let e = Expr::DaysBetween(col("first"), col("last"));
        let got: Vec<String> = DIALECTS.iter().map(|d| d.expr(&e)).collect();
        assert_eq!(
            got,
            [
                r#"date_diff('day', "first", "last")"#,
                "datediff(`last`, `first`)",
                "DATE_DIFF(`last`, `first`, DAY)",
                r#"DATEDIFF(day, "first", "last")"#,
                r#"("last" - "first")"#,
            ]
        );
    }

    #[test]
    fn division_is_floating_point_everywhere() {
        let e = Expr::Divide(col("days"), Box::new(Expr::Int(7)));
        assert_eq!(Dialect::DuckDb.expr(&e), r#"("days" / 7)"#);
        assert_eq!(Dialect::Spark.expr(&e), "(`days` / 7)");
        assert_eq!(Dialect::BigQuery.expr(&e), "(`days` / 7)");
        assert_eq!(
            Dialect::Postgres.expr(&e),
            r#"(CAST("days" AS DOUBLE PRECISION) / CAST(7 AS DOUBLE PRECISION))"#
        );
        assert_eq!(
            Dialect::Snowflake.expr(&e),
            r#"(CAST("days" AS DOUBLE) / CAST(7 AS DOUBLE))"#
        );
    }

    #[test]
    fn casts_use_each_dialects_types() {
        let double = Expr::ToDouble(Box::new(Expr::Source("amount".into())));
        let text = Expr::ToText(Box::new(Expr::Source("id".into())));
        let types: Vec<(String, String)> = DIALECTS
            .iter()
            .map(|d| (d.expr(&double), d.expr(&text)))
            .collect();
        assert_eq!(types[0].0, "CAST(amount AS DOUBLE)");
        assert_eq!(types[1].1, "CAST(id AS STRING)");
        assert_eq!(types[2].0, "CAST(amount AS FLOAT64)");
        assert_eq!(types[3].1, "CAST(id AS VARCHAR)");
        assert_eq!(
            types[4],
            (
                "CAST(amount AS DOUBLE PRECISION)".into(),
                "CAST(id AS TEXT)".into()
            )
        );
        let day = NaiveDate::from_ymd_opt(1998, 6, 30).unwrap();
        for d in DIALECTS {
            assert_eq!(d.expr(&Expr::Date(day)), "DATE '1998-06-30'");
            assert_eq!(
                d.expr(&Expr::ToDate(Box::new(Expr::Source("date".into())))),
                "CAST(date AS DATE)"
            );
        }
    }

    #[test]
    fn identifiers_are_quoted_only_when_they_must_be() {
        for d in DIALECTS {
            assert_eq!(d.source_name("customer_id"), "customer_id");
            assert_eq!(d.table_name("shop.orders"), "shop.orders");
        }
        assert_eq!(Dialect::DuckDb.source_name("Order Date"), r#""Order Date""#);
        assert_eq!(Dialect::Spark.source_name("order"), "`order`");
        assert_eq!(Dialect::Postgres.source_name("a\"b"), r#""a""b""#);
        assert_eq!(Dialect::Spark.source_name("a`b"), "`a``b`");
        assert_eq!(Dialect::BigQuery.source_name("a`b"), r"`a\`b`");
        assert_eq!(
            Dialect::BigQuery.table_name("my-project.sales.orders"),
            "`my-project`.sales.orders"
        );
        // What the SQL names keeps its case: T stays T in Postgres and Snowflake.
        assert_eq!(Dialect::Postgres.output_name("T"), r#""T""#);
        assert_eq!(Dialect::BigQuery.output_name("T"), "`T`");
    }

    #[test]
    fn text_literals_are_escaped_per_dialect() {
        let e = Expr::Text("it's".into());
        assert_eq!(Dialect::Postgres.expr(&e), "'it''s'");
        assert_eq!(Dialect::Snowflake.expr(&e), "'it''s'");
        assert_eq!(Dialect::DuckDb.expr(&e), "'it''s'");
        assert_eq!(Dialect::Spark.expr(&e), r"'it\'s'");
        assert_eq!(Dialect::BigQuery.expr(&e), r"'it\'s'");
    }
}
