//! Typed errors. Every error that comes from the input carries the position it applies to, so the
//! user can be told "line 17, column `order_date`: not a date".

use crate::import::columns::Role;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Any error the engine returns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Error {
    /// The file could not be read as orders.
    Import(ImportError),
    /// The file was read but holds nothing to analyse.
    NoOrders {
        /// Number of data rows that were read (all of them skipped or not orders).
        rows: u64,
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
}

impl InvalidOption {
    /// The option's name, as the command line spells it.
    pub fn name(&self) -> &'static str {
        match self {
            InvalidOption::Margin { .. } => "margin",
            InvalidOption::Cac { .. } => "cac",
        }
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
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Import(e) => e.fmt(f),
            Error::NoOrders { rows: 0 } => write!(f, "The file has no data rows below the header."),
            Error::NoOrders { rows } => write!(
                f,
                "None of the file's {rows} rows is an order that can be counted; see the skipped rows for why."
            ),
            Error::InvalidOption(o) => write!(f, "Option {}: {o}.", o.name()),
        }
    }
}

impl std::error::Error for Error {}

/// Every code [`Error::code`] can give (a page that words errors itself checks that it knows
/// each of them).
pub const ERROR_CODES: [&str; 12] = [
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
    "line_too_long",
];

impl Error {
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
                ImportErrorKind::LineTooLong { .. } => "line_too_long",
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
    /// `line_too_long`: `bytes` (read of the line, at least), `limit`; `no_orders`: `rows`; `invalid_option`: `option` (`margin`, `cac`…), `message` (English).
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
                ImportErrorKind::LineTooLong { bytes, limit } => {
                    vec![("bytes", bytes.to_string()), ("limit", limit.to_string())]
                }
                ImportErrorKind::Empty
                | ImportErrorKind::NotText
                | ImportErrorKind::UnclosedQuote => Vec::new(),
            },
            Error::NoOrders { rows } => vec![("rows", rows.to_string())],
            Error::InvalidOption(o) => {
                vec![("option", o.name().to_string()), ("message", o.to_string())]
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
    /// The first line is longer than a row may be (a file without line ends, or not CSV), so
    /// the structure cannot be read.
    LineTooLong {
        /// Bytes of the line read (UTF-8), at least; all of them when the line ends in the file.
        bytes: u64,
        /// The most a row may have.
        limit: u64,
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
            ImportErrorKind::LineTooLong { bytes, limit } => write!(
                f,
                "this line is at least {bytes} bytes long, more than the {limit} a row may have, so the file's columns cannot be read. Is it a CSV file with one row per line?"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

#[cfg(test)]
mod tests {
    use super::*;

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
            Error::NoOrders { rows: 4 },
            Error::InvalidOption(InvalidOption::Margin { margin: 2.0 }),
            Error::from(
                ImportError::new(ImportErrorKind::LineTooLong {
                    bytes: 10_000_000,
                    limit: 1_048_576,
                })
                .at_line(1),
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
        assert_eq!(errors[11].params().get("bytes").unwrap(), "10000000");
        assert_eq!(errors[11].line(), Some(1));
    }
}
