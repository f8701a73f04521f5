//! Why a file could not be analysed, in the reader's language: worded from the typed problem,
//! with the file and the position (line, column) in front. The match is exhaustive, so an error
//! the engine or the worker adds is a compile error here until it is worded.

use clv_engine::error::InvalidOption;
use clv_engine::import::Role;
use clv_engine::{Error, ImportErrorKind};

use super::role_words::role_words;
use crate::format::count;
use crate::i18n::{t, t_count, t_with};
use crate::worker::{Failure, Problem};

/// The failure in the current language, with its file and position.
pub fn failure_text(failure: &Failure) -> String {
    let text = worded(&failure.problem);
    let line = failure.line().map(count);
    let text = match (&line, failure.column()) {
        (Some(line), Some(column)) => t_with(
            "failure.at_line_column",
            &[("line", line), ("column", column), ("text", &text)],
        ),
        (Some(line), None) => t_with("failure.at_line", &[("line", line), ("text", &text)]),
        (None, Some(column)) => t_with("failure.in_column", &[("column", column), ("text", &text)]),
        (None, None) => text,
    };
    match &failure.file {
        Some(file) => t_with("failure.in_file", &[("file", file), ("text", &text)]),
        None => text,
    }
}

/// The failure worded from its typed problem, without file and position.
fn worded(problem: &Problem) -> String {
    match problem {
        Problem::Engine(Error::Import(e)) => match &e.kind {
            ImportErrorKind::Empty => t("failure.empty"),
            ImportErrorKind::NotText => t("failure.not_text"),
            ImportErrorKind::MissingColumn { role, found } if found.is_empty() => t_with(
                "failure.missing_column_no_names",
                &[("role", &column_role(*role))],
            ),
            ImportErrorKind::MissingColumn { role, found } => t_with(
                "failure.missing_column",
                &[("role", &column_role(*role)), ("found", &found.join(", "))],
            ),
            ImportErrorKind::Malformed(_) => t("failure.malformed"),
            ImportErrorKind::UnclosedQuote => t("failure.unclosed_quote"),
            ImportErrorKind::UnknownEncoding(encoding) => {
                t_with("failure.unknown_encoding", &[("encoding", encoding)])
            }
            ImportErrorKind::NoHeader { columns, missing } => t_with(
                "failure.no_header",
                &[
                    ("columns", &count(*columns as u64)),
                    ("role", &column_role(*missing)),
                ],
            ),
            ImportErrorKind::TooLarge { bytes, limit } => t_with(
                "failure.too_large",
                &[
                    ("size", &count(bytes / 1_000_000)),
                    ("limit", &count(limit / 1_000_000)),
                ],
            ),
            ImportErrorKind::TooManyRows { limit } => {
                t_with("failure.too_many_rows", &[("limit", &count(*limit))])
            }
            ImportErrorKind::LineTooLong { bytes, limit } => t_with(
                "failure.line_too_long",
                &[("bytes", &count(*bytes)), ("limit", &count(*limit))],
            ),
        },
        Problem::Engine(Error::NoOrders { rows: 0 }) => t("failure.no_data_rows"),
        Problem::Engine(Error::NoOrders { rows }) => {
            t_count("failure.no_orders", *rows as f64, &[])
        }
        Problem::Engine(Error::InvalidOption(InvalidOption::Margin { .. })) => {
            t("failure.invalid_option_margin")
        }
        Problem::Engine(Error::InvalidOption(InvalidOption::Cac { .. })) => {
            t("failure.invalid_option_cac")
        }
        Problem::NoAnalysis => t("failure.no_analysis"),
        Problem::ReportNotSaved { .. } => t("failure.report_not_saved"),
        Problem::NotAboutLastAnalysis => t("failure.not_about_last_analysis"),
        Problem::ReadFailed { status } => {
            t_with("failure.read_failed", &[("status", &status.to_string())])
        }
        Problem::Browser { message } => t_with("failure.browser_error", &[("message", message)]),
    }
}

/// A column the file lacks, named by its role as the sentence "no … column was found" needs.
fn column_role(role: Role) -> String {
    match role {
        Role::Customer => t("failure.column_customer"),
        Role::Date => t("failure.column_date"),
        Role::Amount => t("failure.column_amount"),
        role => role_words(role),
    }
}
