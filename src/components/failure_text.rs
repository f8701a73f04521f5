//! Why a file could not be analysed, in the reader's language: worded from the typed problem,
//! with the file and the position (line, column) in front. The match is exhaustive, so an error
//! the engine or the worker adds is a compile error here until it is worded.

use clv_engine::error::{InvalidOption, SkipCount};
use clv_engine::import::Role;
use clv_engine::limits::{EARLIEST_DATE, LATEST_DATE};
use clv_engine::{Error, ImportErrorKind, TimeUnit};

use super::role_words::role_words;
use super::skip_reason_text::skip_reason_text;
use crate::format::{count, date, list, number};
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
                &[("role", &column_role(*role)), ("found", &list(found))],
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
            ImportErrorKind::UnknownColumn {
                role,
                column,
                found,
            } => t_with(
                "failure.unknown_column",
                &[
                    ("column", column),
                    ("role", &role_words(*role)),
                    ("found", &list(found)),
                ],
            ),
            ImportErrorKind::LineTooLong { bytes, limit } => t_with(
                "failure.line_too_long",
                &[("bytes", &count(*bytes)), ("limit", &count(*limit))],
            ),
            ImportErrorKind::TooManyOrders {
                orders,
                customers,
                percent: Some(percent),
                ..
            } => t_with(
                "failure.too_many_orders_share",
                &[
                    ("orders", &count(*orders)),
                    ("customers", &count(*customers)),
                    (
                        "share",
                        &crate::format::percent(f64::from(*percent) / 100.0),
                    ),
                ],
            ),
            ImportErrorKind::TooManyOrders {
                orders,
                customers,
                percent: None,
                ..
            } => t_with(
                "failure.too_many_orders",
                &[
                    ("orders", &count(*orders)),
                    ("customers", &count(*customers)),
                ],
            ),
        },
        Problem::Engine(Error::NoOrders { rows: 0, .. }) => t("failure.no_data_rows"),
        Problem::Engine(Error::NoOrders {
            rows,
            returns,
            skipped,
            reasons,
        }) => no_orders(*rows, *returns, *skipped, reasons),
        Problem::Engine(Error::InvalidOption(option)) => invalid_option(option),
        Problem::NoAnalysis => t("failure.no_analysis"),
        Problem::ReportNotSaved { .. } => t("failure.report_not_saved"),
        Problem::NotAboutLastAnalysis => t("failure.not_about_last_analysis"),
        Problem::ReadFailed { status } => {
            t_with("failure.read_failed", &[("status", &status.to_string())])
        }
        Problem::Browser { message } => t_with("failure.browser_error", &[("message", message)]),
    }
}

/// Why no row could be counted: the rows that are returns, then the skipped rows per reason
/// (the count, their first lines and the first one's reason), most first.
fn no_orders(rows: u64, returns: u64, skipped: u64, reasons: &[SkipCount]) -> String {
    let mut parts = Vec::new();
    if returns > 0 {
        parts.push(t_count("failure.no_orders_returns", returns as f64, &[]));
    }
    for r in reasons {
        let reason = skip_reason_text(&r.first);
        let reason = match &r.first.column {
            Some(column) => t_with(
                "failure.in_column",
                &[("column", column), ("text", &reason)],
            ),
            None => reason,
        };
        parts.push(t_count(
            "failure.no_orders_reason",
            r.rows as f64,
            &[("lines", &r.lines_text()), ("reason", &reason)],
        ));
    }
    let listed: u64 = reasons.iter().map(|r| r.rows).sum();
    if skipped > listed {
        parts.push(t_count(
            "failure.no_orders_unlisted",
            (skipped - listed) as f64,
            &[],
        ));
    }
    format!(
        "{} {}",
        t_count("failure.no_orders", rows as f64, &[]),
        parts.join("; ")
    )
}

/// An option that cannot be used, with the value given and the limit it breaks.
fn invalid_option(option: &InvalidOption) -> String {
    match option {
        InvalidOption::Margin { .. } => t_with(
            "failure.invalid_option_margin",
            &[
                ("min", &crate::format::percent(0.0)),
                ("max", &crate::format::percent(1.0)),
            ],
        ),
        InvalidOption::Cac { .. } => t("failure.invalid_option_cac"),
        InvalidOption::AnalysisDate { date: day } => t_with(
            "failure.invalid_option_analysis_date",
            &[
                ("value", &date(*day)),
                ("earliest", &date(EARLIEST_DATE)),
                ("latest", &date(LATEST_DATE)),
            ],
        ),
        InvalidOption::AnalysisDateBeforeOrders {
            date: day,
            first_order,
        } => t_with(
            "failure.invalid_option_analysis_date_before_orders",
            &[("value", &date(*day)), ("first_order", &date(*first_order))],
        ),
        InvalidOption::CalibrationEnd { date: day } => t_with(
            "failure.invalid_option_calibration_end",
            &[
                ("value", &date(*day)),
                ("earliest", &date(EARLIEST_DATE)),
                ("latest", &date(LATEST_DATE)),
            ],
        ),
        InvalidOption::Horizon {
            horizon,
            limit,
            unit,
        } => {
            let args = [
                // 1e300 rather than three hundred digits.
                (
                    "value",
                    if horizon.abs() < 1e15 {
                        number(*horizon, 0, 2)
                    } else {
                        format!("{horizon:e}")
                    },
                ),
                ("limit", number(*limit, 0, 0)),
            ];
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            match unit {
                TimeUnit::Days => t_with("failure.invalid_option_horizon_days", &args),
                TimeUnit::Weeks => t_with("failure.invalid_option_horizon_weeks", &args),
            }
        }
        InvalidOption::ClvMonths { months, limit } => t_with(
            "failure.invalid_option_clv_months",
            &[
                ("value", &count(u64::from(*months))),
                ("limit", &count(u64::from(*limit))),
            ],
        ),
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
