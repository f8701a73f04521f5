//! Typed errors. Every error that comes from the input carries the position it applies to, so the
//! user can be told "line 17, column `order_date`: not a date".

use crate::import::columns::Role;
use crate::limits::{EARLIEST_DATE, LATEST_DATE, MAX_YEARS_AHEAD};
use crate::rows::SkippedRow;
use crate::time_unit::TimeUnit;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Any error the engine returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Error {
    /// The file could not be read as orders.
    Import(ImportError),
    /// The file was read but holds nothing to analyse: every row was skipped or is a return.
    NoOrders {
        /// Number of data rows that were read (all of them skipped or not orders).
        rows: u64,
        /// Of them, rows read as returns (negative amounts), which have no order to count.
        #[serde(default)]
        returns: u64,
        /// Of them, rows skipped, in all (the listed ones are counted in `reasons`).
        #[serde(default)]
        skipped: u64,
        /// The listed skipped rows by reason, most rows first (see [`SkipCount::group`]).
        #[serde(default)]
        reasons: Vec<SkipCount>,
    },
    /// An analysis option that cannot be used (a margin outside 0..1, a negative CAC…).
    InvalidOption(InvalidOption),
}

/// An analysis option that cannot be used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum InvalidOption {
    /// The margin is not a fraction between 0 and 1.
    Margin {
        /// The margin given.
        margin: f64,
    },
    /// A CAC is negative or not a number.
    Cac {
        /// The segment value it was given for.
        value: String,
        /// The CAC given.
        cac: f64,
    },
    /// The analysis date is outside [`EARLIEST_DATE`]..=[`LATEST_DATE`].
    AnalysisDate {
        /// The date given.
        date: NaiveDate,
    },
    /// The analysis date is before every order of the file, so no order can be counted.
    AnalysisDateBeforeOrders {
        /// The date given.
        date: NaiveDate,
        /// The file's first order date.
        first_order: NaiveDate,
    },
    /// The calibration end is outside [`EARLIEST_DATE`]..=[`LATEST_DATE`].
    CalibrationEnd {
        /// The date given.
        date: NaiveDate,
    },
    /// The horizon of expected purchases is not more than 0, or more than
    /// [`MAX_YEARS_AHEAD`] years.
    Horizon {
        /// The horizon given, in `unit`.
        horizon: f64,
        /// The longest horizon, in `unit`.
        limit: f64,
        /// The models' time unit, in which the horizon is counted.
        unit: TimeUnit,
    },
    /// More months of predicted CLV than [`crate::limits::MAX_CLV_MONTHS`].
    ClvMonths {
        /// The months given.
        months: u32,
        /// The most months.
        limit: u32,
    },
}

impl InvalidOption {
    /// The option's name, as the command line spells it.
    pub fn name(&self) -> &'static str {
        match self {
            InvalidOption::Margin { .. } => "margin",
            InvalidOption::Cac { .. } => "cac",
            InvalidOption::AnalysisDate { .. } | InvalidOption::AnalysisDateBeforeOrders { .. } => {
                "analysis-date"
            }
            InvalidOption::CalibrationEnd { .. } => "calibration-end",
            InvalidOption::Horizon { .. } => "horizon",
            InvalidOption::ClvMonths { .. } => "clv-months",
        }
    }

    /// The value given and the limit it breaks, as Rust writes them (for the page's wording
    /// and the `params` of the error): `value`, and `limit` or `first_order`, `earliest` and
    /// `latest`, `unit` (`days`, `weeks`) where they apply.
    pub fn values(&self) -> Vec<(&'static str, String)> {
        let range = || {
            [
                ("earliest", EARLIEST_DATE.to_string()),
                ("latest", LATEST_DATE.to_string()),
            ]
        };
        match self {
            InvalidOption::Margin { margin } => vec![("value", margin.to_string())],
            InvalidOption::Cac { value, cac } => {
                vec![("value", cac.to_string()), ("segment", value.clone())]
            }
            InvalidOption::AnalysisDate { date } | InvalidOption::CalibrationEnd { date } => {
                let mut v = vec![("value", date.to_string())];
                v.extend(range());
                v
            }
            InvalidOption::AnalysisDateBeforeOrders { date, first_order } => vec![
                ("value", date.to_string()),
                ("first_order", first_order.to_string()),
            ],
            InvalidOption::Horizon {
                horizon,
                limit,
                unit,
            } => vec![
                ("value", plain(*horizon)),
                ("limit", limit.to_string()),
                ("unit", unit_name(*unit).to_string()),
            ],
            InvalidOption::ClvMonths { months, limit } => {
                vec![("value", months.to_string()), ("limit", limit.to_string())]
            }
        }
    }
}

/// A number as the user would write it: `36525`, `0.5`, and `1e300` rather than 301 digits.
fn plain(v: f64) -> String {
    if v != 0.0 && v.is_finite() && !(1e-4..1e15).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

/// A time unit's plural name.
fn unit_name(unit: TimeUnit) -> &'static str {
    match unit {
        TimeUnit::Days => "days",
        TimeUnit::Weeks => "weeks",
    }
}

impl fmt::Display for InvalidOption {
    /// What is wrong, in the user's words.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidOption::Margin { margin } => write!(
                f,
                "the margin is a fraction between 0 and 1 (20 % is 0.2); got {margin}"
            ),
            InvalidOption::Cac { value, cac } => write!(
                f,
                "the CAC of `{value}` must be a number of at least 0; got {cac}"
            ),
            InvalidOption::AnalysisDate { date } => write!(
                f,
                "the analysis date must be between {EARLIEST_DATE} and {LATEST_DATE}; got {date}"
            ),
            InvalidOption::AnalysisDateBeforeOrders { date, first_order } => write!(
                f,
                "the analysis date {date} is before the file's first order ({first_order}), so no order can be counted; choose {first_order} or later"
            ),
            InvalidOption::CalibrationEnd { date } => write!(
                f,
                "the calibration end must be between {EARLIEST_DATE} and {LATEST_DATE}; got {date}"
            ),
            InvalidOption::Horizon {
                horizon,
                limit,
                unit,
            } => write!(
                f,
                "the horizon is counted in the models' {units} and must be more than 0 and at most {MAX_YEARS_AHEAD} years ({limit:.0} {units}); got {}",
                plain(*horizon),
                units = unit_name(*unit)
            ),
            InvalidOption::ClvMonths { months, limit } => write!(
                f,
                "the predicted CLV covers at most {limit} months ({MAX_YEARS_AHEAD} years); got {months}"
            ),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Import(e) => e.fmt(f),
            Error::NoOrders { rows: 0, .. } => {
                write!(f, "The file has no data rows below the header.")
            }
            Error::NoOrders {
                rows,
                returns,
                skipped,
                reasons,
            } => {
                write!(
                    f,
                    "None of the file's {rows} rows is an order that can be counted:"
                )?;
                if *returns > 0 {
                    let what = if *returns == 1 {
                        "row is a return (a negative amount)"
                    } else {
                        "rows are returns (negative amounts)"
                    };
                    write!(f, "\n  - {returns} {what}, with no order to count against")?;
                }
                for r in reasons {
                    write!(f, "\n  - {r}")?;
                }
                let listed: u64 = reasons.iter().map(|r| r.rows).sum();
                if *skipped > listed {
                    write!(
                        f,
                        "\n  - {} more rows skipped, not listed",
                        skipped - listed
                    )?;
                }
                Ok(())
            }
            Error::InvalidOption(o) => write!(f, "Option {}: {o}.", o.name()),
        }
    }
}

impl std::error::Error for Error {}

/// Every code [`Error::code`] can give (a page that words errors itself checks that it knows
/// each of them).
pub const ERROR_CODES: [&str; 14] = [
    "empty",
    "not_text",
    "missing_column",
    "malformed",
    "unclosed_quote",
    "unknown_encoding",
    "no_header",
    "too_large",
    "too_many_rows",
    "no_orders",
    "invalid_option",
    "unknown_column",
    "line_too_long",
    "too_many_orders",
];

impl Error {
    /// No order can be counted among the file's `rows`: `returns` of them are returns, the
    /// rest are in `skipped` (the listed ones; `rows.skipped` counts them all).
    pub fn no_orders(rows: &crate::rows::RowCounts, returns: u64, skipped: &[SkippedRow]) -> Error {
        Error::NoOrders {
            rows: rows.total,
            returns,
            skipped: rows.skipped,
            reasons: SkipCount::group(skipped),
        }
    }

    /// A stable name for the error, one of [`ERROR_CODES`], so a page can word it in its own
    /// language (the `Display` text is English).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Import(e) => match &e.kind {
                ImportErrorKind::Empty => "empty",
                ImportErrorKind::NotText => "not_text",
                ImportErrorKind::MissingColumn { .. } => "missing_column",
                ImportErrorKind::Malformed(_) => "malformed",
                ImportErrorKind::UnclosedQuote => "unclosed_quote",
                ImportErrorKind::UnknownEncoding(_) => "unknown_encoding",
                ImportErrorKind::NoHeader { .. } => "no_header",
                ImportErrorKind::TooLarge { .. } => "too_large",
                ImportErrorKind::TooManyRows { .. } => "too_many_rows",
                ImportErrorKind::UnknownColumn { .. } => "unknown_column",
                ImportErrorKind::LineTooLong { .. } => "line_too_long",
                ImportErrorKind::TooManyOrders { .. } => "too_many_orders",
            },
            Error::NoOrders { .. } => "no_orders",
            Error::InvalidOption(_) => "invalid_option",
        }
    }

    /// The values the message mentions, by name, without a locale: numbers as Rust writes them,
    /// roles by their name (`customer`, `date`, `amount`…), words from the file or the user as
    /// they are. The position is apart: [`Error::line`] and [`Error::column`].
    ///
    /// `missing_column`: `role`, `found` (the header's names joined by `, `; empty when none);
    /// `malformed`: `detail` (English); `unknown_encoding`: `encoding`; `no_header`: `columns`,
    /// `missing` (a role); `too_large`: `bytes`, `limit`; `too_many_rows`: `limit`;
    /// `no_orders`: `rows`, `returns`, `skipped`, `reasons` (`code:rows` of each reason, joined
    /// by `, `); `invalid_option`: `option` (`margin`, `cac`, `analysis-date`,
    /// `calibration-end`, `horizon`, `clv-months`), `message` (English) and the values of
    /// [`InvalidOption::values`]; `unknown_column`: `role`, `column`, `found`.
    /// `line_too_long`: `bytes` (read of the line, at least), `limit`.
    /// `too_many_orders`: `limit`, `orders` and `customers` (read), `percent` (of the file's
    /// bytes read, when its size is known).
    pub fn params(&self) -> BTreeMap<String, String> {
        let pairs: Vec<(&str, String)> = match self {
            Error::Import(e) => match &e.kind {
                ImportErrorKind::MissingColumn { role, found } => {
                    vec![
                        ("role", role.name().to_string()),
                        ("found", found.join(", ")),
                    ]
                }
                ImportErrorKind::Malformed(detail) => vec![("detail", detail.clone())],
                ImportErrorKind::UnknownEncoding(label) => vec![("encoding", label.clone())],
                ImportErrorKind::NoHeader { columns, missing } => vec![
                    ("columns", columns.to_string()),
                    ("missing", missing.name().to_string()),
                ],
                ImportErrorKind::TooLarge { bytes, limit } => {
                    vec![("bytes", bytes.to_string()), ("limit", limit.to_string())]
                }
                ImportErrorKind::TooManyRows { limit } => vec![("limit", limit.to_string())],
                ImportErrorKind::UnknownColumn {
                    role,
                    column,
                    found,
                } => vec![
                    ("role", role.name().to_string()),
                    ("column", column.clone()),
                    ("found", found.join(", ")),
                ],
                ImportErrorKind::LineTooLong { bytes, limit } => {
                    vec![("bytes", bytes.to_string()), ("limit", limit.to_string())]
                }
                ImportErrorKind::TooManyOrders {
                    limit,
                    orders,
                    customers,
                    percent,
                } => {
                    let mut pairs = vec![
                        ("limit", limit.to_string()),
                        ("orders", orders.to_string()),
                        ("customers", customers.to_string()),
                    ];
                    if let Some(percent) = percent {
                        pairs.push(("percent", percent.to_string()));
                    }
                    pairs
                }
                ImportErrorKind::Empty
                | ImportErrorKind::NotText
                | ImportErrorKind::UnclosedQuote => Vec::new(),
            },
            Error::NoOrders {
                rows,
                returns,
                skipped,
                reasons,
            } => vec![
                ("rows", rows.to_string()),
                ("returns", returns.to_string()),
                ("skipped", skipped.to_string()),
                (
                    "reasons",
                    reasons
                        .iter()
                        .map(|r| format!("{}:{}", r.first.reason.code(), r.rows))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            ],
            Error::InvalidOption(o) => {
                let mut pairs = vec![("option", o.name().to_string()), ("message", o.to_string())];
                pairs.extend(o.values());
                pairs
            }
        };
        pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }

    /// The 1-based line the error belongs to, when one.
    pub fn line(&self) -> Option<u64> {
        match self {
            Error::Import(e) => e.line,
            _ => None,
        }
    }

    /// The column the error belongs to (header, or 1-based number as text), when one.
    pub fn column(&self) -> Option<&str> {
        match self {
            Error::Import(e) => e.column.as_deref(),
            _ => None,
        }
    }
}

impl From<ImportError> for Error {
    fn from(e: ImportError) -> Self {
        Error::Import(e)
    }
}

/// How many skipped rows share one reason, and where they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkipCount {
    /// The first such row (its reason's code names the kind; its column and values are the
    /// example the message shows).
    pub first: SkippedRow,
    /// Rows skipped for a reason of this kind.
    pub rows: u64,
    /// Their first lines, as ranges of consecutive lines (first, last), at most
    /// [`SkipCount::RANGES`]; more lines follow when the ranges hold fewer than `rows`.
    pub lines: Vec<(u64, u64)>,
}

impl SkipCount {
    /// Ranges of lines kept per reason.
    pub const RANGES: usize = 5;

    /// The skipped rows grouped by their reason's code, most rows first (then by first line).
    pub fn group(skipped: &[SkippedRow]) -> Vec<SkipCount> {
        let mut by_code: BTreeMap<&'static str, (SkippedRow, Vec<u64>)> = BTreeMap::new();
        for row in skipped {
            let entry = by_code
                .entry(row.reason.code())
                .or_insert_with(|| (row.clone(), Vec::new()));
            if row.line < entry.0.line {
                entry.0 = row.clone();
            }
            entry.1.push(row.line);
        }
        let mut groups: Vec<SkipCount> = by_code
            .into_values()
            .map(|(first, mut lines)| {
                lines.sort_unstable();
                let rows = lines.len() as u64;
                let mut ranges: Vec<(u64, u64)> = Vec::new();
                for line in lines {
                    let full = ranges.len() == Self::RANGES;
                    match ranges.last_mut() {
                        Some(last) if line <= last.1 + 1 => last.1 = last.1.max(line),
                        _ if full => break,
                        _ => ranges.push((line, line)),
                    }
                }
                SkipCount {
                    first,
                    rows,
                    lines: ranges,
                }
            })
            .collect();
        groups.sort_by_key(|g| (std::cmp::Reverse(g.rows), g.first.line));
        groups
    }

    /// True when the rows have more lines than [`SkipCount::lines`] holds.
    pub fn more_lines(&self) -> bool {
        let held: u64 = self.lines.iter().map(|(a, b)| b - a + 1).sum();
        self.rows > held
    }

    /// The lines as `2–31, 40, 45–46` (with ` …` when there are more).
    pub fn lines_text(&self) -> String {
        let mut text = self
            .lines
            .iter()
            .map(|&(a, b)| {
                if a == b {
                    a.to_string()
                } else {
                    format!("{a}–{b}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        if self.more_lines() {
            text.push_str(" …");
        }
        text
    }
}

impl fmt::Display for SkipCount {
    /// `30 rows, lines 2–31, e.g. line 2, column `refunded`: refunded 10 of 10: fully refunded,
    /// not a purchase`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = &self.first;
        if self.rows == 1 {
            write!(f, "1 row, line {}", first.line)?;
        } else {
            write!(
                f,
                "{} rows, lines {}, e.g. line {}",
                self.rows,
                self.lines_text(),
                first.line
            )?;
        }
        if let Some(column) = &first.column {
            write!(f, ", column `{column}`")?;
        }
        write!(f, ": {}", first.reason)
    }
}

/// An error reading the file, with where it happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportError {
    /// What went wrong.
    pub kind: ImportErrorKind,
    /// 1-based line in the file, when the error belongs to one.
    pub line: Option<u64>,
    /// Column header (or 1-based column number as text), when the error belongs to one.
    pub column: Option<String>,
}

/// What went wrong reading the file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ImportErrorKind {
    /// The file is empty.
    Empty,
    /// The bytes are not text in an encoding we read.
    NotText,
    /// A column the analysis needs was not found in the header.
    MissingColumn {
        /// The role that has no column, e.g. the customer.
        role: Role,
        /// The header names that were found.
        found: Vec<String>,
    },
    /// The CSV structure is broken.
    Malformed(String),
    /// A quote opened at the error's line is never closed.
    UnclosedQuote,
    /// The encoding the user chose is not one we know.
    UnknownEncoding(String),
    /// The file has no header row and its columns could not be told from their values.
    NoHeader {
        /// Columns of the data rows.
        columns: usize,
        /// A role that could not be found, e.g. the amount.
        missing: Role,
    },
    /// The file is larger than the limit set for this device.
    TooLarge {
        /// Size of the file.
        bytes: u64,
        /// The limit.
        limit: u64,
    },
    /// The file has more rows than the limit set for this device.
    TooManyRows {
        /// The limit.
        limit: u64,
    },
    /// A column the user named (`--map`, the page's column picker) is not in the file.
    UnknownColumn {
        /// The role it was named for.
        role: Role,
        /// The column as the user named it (a header, or a 1-based number as text).
        column: String,
        /// The file's columns (header names, or numbers for a file without a header).
        found: Vec<String>,
    },
    /// The first line is longer than a row may be (a file without line ends, or not CSV), so
    /// the structure cannot be read.
    LineTooLong {
        /// Bytes of the line read (UTF-8), at least; all of them when the line ends in the file.
        bytes: u64,
        /// The most a row may have.
        limit: u64,
    },
    /// The file holds more orders than this device keeps in memory (a browser tab:
    /// [`crate::limits::BROWSER_MAX_ORDERS`], each customer counting as
    /// [`crate::limits::CUSTOMER_IN_ORDERS`] more); the error's line is the row where reading
    /// stopped. It stops there: a report of part of the orders would be wrong.
    TooManyOrders {
        /// The limit of orders kept.
        limit: u64,
        /// Orders read until then.
        orders: u64,
        /// Their customers.
        customers: u64,
        /// How much of the file was read, in whole percent of its bytes, when its size is known.
        percent: Option<u8>,
    },
}

impl ImportError {
    /// An error with no position.
    pub fn new(kind: ImportErrorKind) -> Self {
        ImportError {
            kind,
            line: None,
            column: None,
        }
    }

    /// Attaches a column header.
    pub fn in_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// Attaches a 1-based line number.
    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "Line {line}")?;
            if let Some(column) = &self.column {
                write!(f, ", column `{column}`")?;
            }
            write!(f, ": ")?;
        }
        match &self.kind {
            ImportErrorKind::Empty => write!(f, "the file is empty."),
            ImportErrorKind::NotText => write!(
                f,
                "this does not look like a text (CSV) file. Export your orders as CSV and try again."
            ),
            ImportErrorKind::MissingColumn { role, found } => write!(
                f,
                "no {} column was found. The header has: {}.",
                role.name(),
                if found.is_empty() {
                    "no columns".to_string()
                } else {
                    found.join(", ")
                }
            ),
            ImportErrorKind::Malformed(msg) => write!(f, "the file is not valid CSV: {msg}."),
            ImportErrorKind::UnclosedQuote => write!(
                f,
                "a quote (\") opened here is never closed, so the rest of the file reads as one cell. Check this line in a text editor."
            ),
            ImportErrorKind::UnknownEncoding(label) => write!(
                f,
                "`{label}` is not a text encoding we know; try utf-8, windows-1250, windows-1251, windows-1252, big5 or gbk."
            ),
            ImportErrorKind::NoHeader { columns, missing } => write!(
                f,
                "the file has no header row, and which of its {columns} columns holds the {} could not be told from the values. Name the columns, e.g. customer=1,date=2,amount=3.",
                missing.name()
            ),
            ImportErrorKind::TooLarge { bytes, limit } => write!(
                f,
                "the file is {} MB, more than the {} MB this page can read. Use the `clv` command line for files this large, or export a shorter period.",
                bytes / 1_000_000,
                limit / 1_000_000
            ),
            ImportErrorKind::TooManyRows { limit } => write!(
                f,
                "the file has more than {limit} rows, more than this page can hold. Use the `clv` command line for files this large, or export a shorter period."
            ),
            ImportErrorKind::UnknownColumn {
                role,
                column,
                found,
            } => write!(
                f,
                "the column `{column}` given for the {} is not in the file. Its columns are: {}.",
                role.name(),
                if found.is_empty() {
                    "none".to_string()
                } else {
                    found.join(", ")
                }
            ),
            ImportErrorKind::LineTooLong { bytes, limit } => write!(
                f,
                "this line is at least {bytes} bytes long, more than the {limit} a row may have, so the file's columns cannot be read. Is it a CSV file with one row per line?"
            ),
            ImportErrorKind::TooManyOrders {
                orders,
                customers,
                percent,
                ..
            } => {
                write!(
                    f,
                    "the file holds more orders than this page can keep: {orders} orders of {customers} customers were read"
                )?;
                if let Some(percent) = percent {
                    write!(f, " ({percent} % of the file)")?;
                }
                write!(f, ", and reading stopped at this row. Use the `clv` command line (`clv report`) for files this large, export a shorter period, or let your database summarise the orders per customer (`clv sql`).")
            }
        }
    }
}

impl std::error::Error for ImportError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::SkipReason;

    fn import(kind: ImportErrorKind) -> Error {
        ImportError::new(kind).into()
    }

    #[test]
    fn every_error_has_a_listed_code_and_its_params() {
        let errors = [
            import(ImportErrorKind::Empty),
            import(ImportErrorKind::NotText),
            Error::from(
                ImportError::new(ImportErrorKind::MissingColumn {
                    role: Role::Customer,
                    found: vec!["name".into(), "when".into()],
                })
                .at_line(1),
            ),
            import(ImportErrorKind::Malformed(
                "the file could not be read".into(),
            )),
            Error::from(
                ImportError::new(ImportErrorKind::UnclosedQuote)
                    .at_line(7)
                    .in_column("note"),
            ),
            import(ImportErrorKind::UnknownEncoding("klingon".into())),
            import(ImportErrorKind::NoHeader {
                columns: 3,
                missing: Role::Amount,
            }),
            import(ImportErrorKind::TooLarge {
                bytes: 900_000_000,
                limit: 500_000_000,
            }),
            import(ImportErrorKind::TooManyRows { limit: 1_000 }),
            Error::NoOrders {
                rows: 4,
                returns: 0,
                skipped: 4,
                reasons: Vec::new(),
            },
            Error::InvalidOption(InvalidOption::Margin { margin: 2.0 }),
            import(ImportErrorKind::UnknownColumn {
                role: Role::Amount,
                column: "Betrag".into(),
                found: vec!["Kunde".into(), "Datum".into()],
            }),
            Error::from(
                ImportError::new(ImportErrorKind::LineTooLong {
                    bytes: 10_000_000,
                    limit: 1_048_576,
                })
                .at_line(1),
            ),
            Error::from(
                ImportError::new(ImportErrorKind::TooManyOrders {
                    limit: 30,
                    orders: 5,
                    customers: 3,
                    percent: Some(40),
                })
                .at_line(8),
            ),
        ];
        let codes: Vec<&str> = errors.iter().map(Error::code).collect();
        assert_eq!(codes, ERROR_CODES);
        let missing = &errors[2];
        assert_eq!(missing.params().get("role").unwrap(), "customer");
        assert_eq!(missing.params().get("found").unwrap(), "name, when");
        assert_eq!((missing.line(), missing.column()), (Some(1), None));
        assert_eq!(
            (errors[4].line(), errors[4].column()),
            (Some(7), Some("note"))
        );
        assert!(errors[0].params().is_empty());
        assert_eq!(errors[7].params().get("limit").unwrap(), "500000000");
        assert_eq!(errors[9].params().get("rows").unwrap(), "4");
        assert_eq!(errors[10].params().get("option").unwrap(), "margin");
        assert_eq!(errors[10].params().get("value").unwrap(), "2");
        assert_eq!(errors[11].params().get("column").unwrap(), "Betrag");
        assert_eq!(errors[12].params().get("bytes").unwrap(), "10000000");
        assert_eq!(errors[12].line(), Some(1));
        assert_eq!(errors[13].params().get("limit").unwrap(), "30");
        assert_eq!(errors[13].params().get("orders").unwrap(), "5");
        assert_eq!(errors[13].params().get("customers").unwrap(), "3");
        assert_eq!(errors[13].params().get("percent").unwrap(), "40");
        assert_eq!(errors[13].line(), Some(8));
        assert!(errors[13]
            .to_string()
            .contains("5 orders of 3 customers were read (40 % of the file)"));
        assert_eq!(
            errors[11].to_string(),
            "the column `Betrag` given for the amount is not in the file. Its columns are: Kunde, Datum."
        );
    }

    fn skipped(line: u64, reason: SkipReason) -> SkippedRow {
        SkippedRow::new(line, Some("col".into()), reason)
    }

    #[test]
    fn no_orders_counts_the_rows_of_each_reason_with_their_first_lines() {
        let mut rows: Vec<SkippedRow> = (2..=31)
            .map(|line| {
                skipped(
                    line,
                    SkipReason::FullyRefunded {
                        refunded: 10.0,
                        amount: 10.0,
                    },
                )
            })
            .collect();
        rows.push(skipped(40, SkipReason::NoAmount));
        for line in [50, 52, 54, 56, 58, 60, 62] {
            rows.push(skipped(line, SkipReason::NoDate));
        }
        let counts = crate::rows::RowCounts {
            total: 40,
            imported: 2,
            merged: 0,
            skipped: 40,
        };
        let e = Error::no_orders(&counts, 2, &rows);
        let Error::NoOrders { reasons, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(reasons.len(), 3);
        assert_eq!(
            (reasons[0].rows, reasons[0].lines.clone()),
            (30, vec![(2, 31)])
        );
        assert_eq!(reasons[1].rows, 7);
        assert_eq!(reasons[1].lines.len(), SkipCount::RANGES);
        assert_eq!(reasons[1].lines_text(), "50, 52, 54, 56, 58 …");
        assert_eq!(reasons[2].first.line, 40);
        assert_eq!(
            e.to_string(),
            "None of the file's 40 rows is an order that can be counted:\n  \
             - 2 rows are returns (negative amounts), with no order to count against\n  \
             - 30 rows, lines 2–31, e.g. line 2, column `col`: refunded 10 of 10: fully refunded, not a purchase\n  \
             - 7 rows, lines 50, 52, 54, 56, 58 …, e.g. line 50, column `col`: no date\n  \
             - 1 row, line 40, column `col`: no amount\n  \
             - 2 more rows skipped, not listed"
        );
        assert_eq!(
            e.params().get("reasons").unwrap(),
            "fully_refunded:30, no_date:7, no_amount:1"
        );
    }

    #[test]
    fn invalid_options_name_the_option_the_value_and_the_limit() {
        let date = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
        let e = Error::InvalidOption(InvalidOption::AnalysisDate { date });
        assert_eq!(
            e.to_string(),
            "Option analysis-date: the analysis date must be between 1900-01-01 and 2200-12-31; got 9999-12-31."
        );
        let e = Error::InvalidOption(InvalidOption::Horizon {
            horizon: 1e300,
            limit: 36_525.0 / 7.0,
            unit: TimeUnit::Weeks,
        });
        assert!(
            e.to_string()
                .contains("at most 100 years (5218 weeks); got 1e300"),
            "{e}"
        );
        assert_eq!(e.params().get("unit").unwrap(), "weeks");
        assert_eq!(e.params().get("value").unwrap(), "1e300");
        let e = Error::InvalidOption(InvalidOption::ClvMonths {
            months: 4_000_000_000,
            limit: 1200,
        });
        assert_eq!(
            e.to_string(),
            "Option clv-months: the predicted CLV covers at most 1200 months (100 years); got 4000000000."
        );
        assert_eq!(e.params().get("limit").unwrap(), "1200");
    }
}
