//! Why a file could not be analysed, in the reader's language: worded from the failure's `code`
//! and locale-free `params`, with the file and the position (line, column) in front. A code this
//! page does not know yet keeps the English `message`, which has the file and position too.

use clv_engine::import::columns::Role;

use super::import_check::role_words;
use crate::format::count;
use crate::i18n::{t, t_count, t_with};
use crate::worker::Failure;

/// The failure in the current language, with its file and position.
pub fn failure_text(failure: &Failure) -> String {
    let Some(text) = worded(failure) else {
        return failure.message.clone();
    };
    let line = failure.line.map(count);
    let text = match (&line, &failure.column) {
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

/// The failure worded from its code, `None` for a code not known here.
fn worded(failure: &Failure) -> Option<String> {
    let raw = |name: &str| failure.params.get(name).map_or("", String::as_str);
    let number = |name: &str| raw(name).parse::<u64>().ok();
    // A count written for the language; as written when it is not one.
    let counted = |name: &str| number(name).map_or_else(|| raw(name).to_string(), count);
    let text = match failure.code.as_str() {
        "empty" => t("failure.empty"),
        "not_text" => t("failure.not_text"),
        "missing_column" => match raw("found") {
            "" => t_with(
                "failure.missing_column_no_names",
                &[("role", &column_role(raw("role")))],
            ),
            found => t_with(
                "failure.missing_column",
                &[("role", &column_role(raw("role"))), ("found", found)],
            ),
        },
        "malformed" => t("failure.malformed"),
        "unclosed_quote" => t("failure.unclosed_quote"),
        "unknown_encoding" => t_with("failure.unknown_encoding", &[("encoding", raw("encoding"))]),
        "no_header" => t_with(
            "failure.no_header",
            &[
                ("columns", &counted("columns")),
                ("role", &column_role(raw("missing"))),
            ],
        ),
        "too_large" => {
            let megabytes = |name: &str| number(name).map(|b| count(b / 1_000_000));
            t_with(
                "failure.too_large",
                &[
                    ("size", &megabytes("bytes")?),
                    ("limit", &megabytes("limit")?),
                ],
            )
        }
        "too_many_rows" => t_with("failure.too_many_rows", &[("limit", &counted("limit"))]),
        "no_orders" => match number("rows")? {
            0 => t("failure.no_data_rows"),
            rows => t_count("failure.no_orders", rows as f64, &[]),
        },
        "invalid_option" => match raw("option") {
            "margin" => t("failure.invalid_option_margin"),
            "cac" => t("failure.invalid_option_cac"),
            _ => return None,
        },
        "no_analysis" => t("failure.no_analysis"),
        "report_not_saved" => t("failure.report_not_saved"),
        "not_about_last_analysis" => t("failure.not_about_last_analysis"),
        "read_failed" => t_with("failure.read_failed", &[("status", raw("status"))]),
        "browser_error" => t_with("failure.browser_error", &[("message", raw("message"))]),
        _ => return None,
    };
    Some(text)
}

/// A column the file lacks, named by its role as the sentence "no … column was found" needs.
fn column_role(name: &str) -> String {
    match Role::from_name(name) {
        Some(Role::Customer) => t("failure.column_customer"),
        Some(Role::Date) => t("failure.column_date"),
        Some(Role::Amount) => t("failure.column_amount"),
        Some(role) => role_words(role),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::worker::FAILURE_CODES;
    use clv_engine::ERROR_CODES;

    /// Formatting needs the browser's `Intl`, so natively the wording is checked in the source:
    /// every code the engine and the worker can fail with has its own arm and key here.
    #[test]
    fn every_failure_code_is_worded() {
        let source = include_str!("failure_text.rs");
        for code in ERROR_CODES.iter().chain(&FAILURE_CODES) {
            assert!(
                source.contains(&format!("\"{code}\" =>")),
                "no arm for the failure code {code}"
            );
            assert!(
                source.contains(&format!("\"failure.{code}")),
                "no translation key for the failure code {code}"
            );
        }
    }
}
