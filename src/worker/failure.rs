//! Why an analysis (or a request about it) failed, as a typed value: the engine's own error as
//! it is, or one of the few things the worker and the browser can fail at. The page words it in
//! the reader's language by matching [`Problem`] exhaustively, and can word it again when the
//! language changes; `Display` is the same thing in English (file and position included).

use std::fmt;

use serde::{Deserialize, Serialize};

/// What went wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Problem {
    /// The engine could not read or analyse the file (its error carries the position).
    Engine(clv_engine::Error),
    /// A request about the last analysis came before any analysis.
    NoAnalysis,
    /// The report could not be written as JSON.
    ReportNotSaved {
        /// Why, in the serialiser's (English) words.
        detail: String,
    },
    /// A request that is not about the last analysis reached the part that answers those.
    NotAboutLastAnalysis,
    /// The browser answered the file's read with an HTTP error status.
    ReadFailed {
        /// The status.
        status: u16,
    },
    /// The browser reported an error, in its own (English) words.
    Browser {
        /// The browser's message.
        message: String,
    },
}

/// A failure the user is told about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    /// The file it is about, when one.
    pub file: Option<String>,
    /// What went wrong.
    pub problem: Problem,
    /// How the start of the file reads, when the failure is about a file that could be read
    /// as text (a column the analysis needs not found, above all): the page shows its columns
    /// with the role and encoding pickers, so a failure is never a dead end. Carried by the
    /// failure itself so the page has both at once.
    pub preview: Option<Box<clv_engine::ImportPreview>>,
}

impl Failure {
    /// A failure about no file.
    pub fn new(problem: Problem) -> Self {
        Failure {
            file: None,
            problem,
            preview: None,
        }
    }

    /// An error the browser reported, in its own (English) words.
    pub fn browser(message: impl Into<String>) -> Self {
        Failure::new(Problem::Browser {
            message: message.into(),
        })
    }

    /// The engine's error, with its position.
    pub fn engine(error: clv_engine::Error) -> Self {
        Failure::new(Problem::Engine(error))
    }

    /// The failure as being about the file `name`.
    pub fn in_file(mut self, name: &str) -> Self {
        self.file = Some(name.to_string());
        self
    }

    /// The failure with how the start of the file reads.
    pub fn with_preview(mut self, preview: Option<clv_engine::ImportPreview>) -> Self {
        self.preview = preview.map(Box::new);
        self
    }

    /// The 1-based line in the file the failure belongs to, when one.
    pub fn line(&self) -> Option<u64> {
        match &self.problem {
            Problem::Engine(e) => e.line(),
            _ => None,
        }
    }

    /// The column (header, or 1-based number as text) the failure belongs to, when one.
    pub fn column(&self) -> Option<&str> {
        match &self.problem {
            Problem::Engine(e) => e.column(),
            _ => None,
        }
    }
}

impl fmt::Display for Failure {
    /// The failure in English, the file's name first.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{file}: ")?;
        }
        match &self.problem {
            Problem::Engine(e) => write!(f, "{e}"),
            Problem::NoAnalysis => f.write_str("There is no analysis yet: load a file first."),
            Problem::ReportNotSaved { detail } => {
                write!(f, "The report could not be saved: {detail}")
            }
            Problem::NotAboutLastAnalysis => {
                f.write_str("This request is not about the last analysis.")
            }
            Problem::ReadFailed { status } => write!(f, "it could not be read ({status})"),
            Problem::Browser { message } => f.write_str(message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clv_engine::import::Role;
    use clv_engine::{ImportError, ImportErrorKind};

    #[test]
    fn an_engine_error_keeps_its_english_message_position_and_values() {
        let error = clv_engine::Error::from(
            ImportError::new(ImportErrorKind::MissingColumn {
                role: Role::Customer,
                found: vec!["name".into(), "when".into()],
            })
            .at_line(1),
        );
        let failure = Failure::engine(error).in_file("notes.csv");
        assert_eq!(
            failure.to_string(),
            "notes.csv: Line 1: no customer column was found. The header has: name, when."
        );
        assert_eq!((failure.line(), failure.column()), (Some(1), None));
        assert_eq!(failure.file.as_deref(), Some("notes.csv"));
    }

    #[test]
    fn a_browser_error_keeps_the_browsers_words() {
        let failure = Failure::browser("Failed to fetch").in_file("a.csv");
        assert_eq!(failure.to_string(), "a.csv: Failed to fetch");
        assert_eq!(
            failure.problem,
            Problem::Browser {
                message: "Failed to fetch".into()
            }
        );
    }
}
