//! Why an analysis (or a request about it) failed, as data: the page words it in the reader's
//! language from `code`, `params` and the position, and can word it again when the language
//! changes. `message` is the same thing in English, the fallback for a code the page does not
//! know.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Codes of the failures the worker and the page make themselves; the engine's are
/// [`clv_engine::ERROR_CODES`].
pub const FAILURE_CODES: [&str; 5] = [
    "no_analysis",
    "report_not_saved",
    "not_about_last_analysis",
    "read_failed",
    "browser_error",
];

/// A failure the user is told about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    /// The file it is about, when one.
    pub file: Option<String>,
    /// Stable machine-readable code: one of [`clv_engine::ERROR_CODES`] or [`FAILURE_CODES`].
    pub code: String,
    /// The values the message mentions, by name, without a locale (numbers as Rust writes
    /// them, words from the file or the browser as they are).
    pub params: BTreeMap<String, String>,
    /// 1-based line in the file, when the failure belongs to one.
    pub line: Option<u64>,
    /// Column header (or 1-based number as text), when the failure belongs to one.
    pub column: Option<String>,
    /// The whole message in English, file and position included.
    pub message: String,
}

impl Failure {
    /// A failure made here, with no file, position or params; add them with
    /// [`Failure::param`] and [`Failure::in_file`].
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        debug_assert!(
            FAILURE_CODES.contains(&code),
            "failure code {code} is not listed in FAILURE_CODES"
        );
        Failure {
            file: None,
            code: code.to_string(),
            params: BTreeMap::new(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// An error the browser reported, in its own (English) words.
    pub fn browser(message: impl Into<String>) -> Self {
        let message = message.into();
        Failure::new("browser_error", message.clone()).param("message", message)
    }

    /// The engine's error, with its position.
    pub fn engine(error: &clv_engine::Error) -> Self {
        Failure {
            file: None,
            code: error.code().to_string(),
            params: error.params(),
            line: error.line(),
            column: error.column().map(str::to_string),
            message: error.to_string(),
        }
    }

    /// The failure with the value `name` set (written with `Display`, so without a locale).
    pub fn param(mut self, name: &str, value: impl std::fmt::Display) -> Self {
        self.params.insert(name.to_string(), value.to_string());
        self
    }

    /// The failure as being about the file `name` (its message starts with the name).
    pub fn in_file(mut self, name: &str) -> Self {
        self.message = format!("{name}: {}", self.message);
        self.file = Some(name.to_string());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clv_engine::{ImportError, ImportErrorKind};

    #[test]
    fn an_engine_error_keeps_its_english_message_position_and_values() {
        let error = clv_engine::Error::from(
            ImportError::new(ImportErrorKind::MissingColumn {
                role: "customer",
                found: vec!["name".into(), "when".into()],
            })
            .at_line(1),
        );
        let failure = Failure::engine(&error).in_file("notes.csv");
        assert_eq!(
            failure.message,
            "notes.csv: Line 1: no customer column was found. The header has: name, when."
        );
        assert_eq!(failure.code, "missing_column");
        assert_eq!((failure.line, failure.column.as_deref()), (Some(1), None));
        assert_eq!(failure.file.as_deref(), Some("notes.csv"));
        assert_eq!(failure.params.get("found").unwrap(), "name, when");
    }

    #[test]
    fn a_browser_error_keeps_the_browsers_words() {
        let failure = Failure::browser("Failed to fetch").in_file("a.csv");
        assert_eq!(failure.code, "browser_error");
        assert_eq!(failure.message, "a.csv: Failed to fetch");
        assert_eq!(failure.params.get("message").unwrap(), "Failed to fetch");
    }
}
