//! The page's state, in one place: what the worker is doing and the last report. Components
//! read it from context; only [`AppState::apply`] writes what comes back from the worker.

use std::sync::Arc;

use clv_engine::{ImportOptions, ImportPreview, Progress, Report, Stage};
use leptos::prelude::*;

use crate::worker::{Response, Timings};

/// What the page is doing.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Waiting for a file.
    Idle,
    /// The worker is analysing a file.
    Working {
        /// The file's name.
        file: String,
        /// Last progress message.
        progress: Progress,
    },
    /// The last file was analysed.
    Done {
        /// The file's name.
        file: String,
    },
    /// The last file could not be analysed; the message is for the user.
    Failed(String),
    /// The user stopped the analysis.
    Cancelled,
}

impl Status {
    /// Overall fraction done (reading counts for 90 %, summarising for the rest).
    pub fn fraction(&self) -> f64 {
        match self {
            Status::Working { progress, .. } => match progress.stage {
                Stage::Reading => 0.9 * progress.fraction(),
                Stage::Summarising => 0.9 + 0.1 * progress.fraction(),
                Stage::Done => 1.0,
            },
            Status::Done { .. } => 1.0,
            _ => 0.0,
        }
    }
}

/// Shared state of the page (cheap to copy: signals only).
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// What the page is doing.
    pub status: RwSignal<Status>,
    /// The last report, shared without copying.
    pub report: RwSignal<Option<Arc<Report>>>,
    /// How the current file is read (encoding, delimiter, columns, first rows).
    pub preview: RwSignal<Option<Arc<ImportPreview>>>,
    /// How long the last analysis took.
    pub timings: RwSignal<Option<Timings>>,
    /// The user's choices for reading the current file (column roles, date order…); empty
    /// means "detect everything".
    pub import: RwSignal<ImportOptions>,
}

impl AppState {
    /// Fresh state: no file yet.
    pub fn new() -> Self {
        AppState {
            status: RwSignal::new(Status::Idle),
            report: RwSignal::new(None),
            preview: RwSignal::new(None),
            timings: RwSignal::new(None),
            import: RwSignal::new(ImportOptions::new()),
        }
    }

    /// A new file is being analysed: the previous report goes away.
    pub fn start(&self, file: String) {
        self.report.set(None);
        self.status.set(Status::Working {
            file,
            progress: Progress::new(Stage::Reading, 0, 1),
        });
    }

    /// Applies a message from the worker. Returns the JSON text when the message carries an
    /// export, for the caller to save.
    pub fn apply(&self, response: Response) -> Option<String> {
        match response {
            Response::Progress(progress) => {
                self.status.update(|s| {
                    if let Status::Working { progress: p, .. } = s {
                        *p = progress;
                    }
                });
            }
            Response::Report(report) => {
                let file = match self.status.get_untracked() {
                    Status::Working { file, .. } => file,
                    _ => String::new(),
                };
                self.report.set(Some(Arc::new(*report)));
                self.status.set(Status::Done { file });
            }
            Response::Preview(preview) => self.preview.set(Some(Arc::new(*preview))),
            Response::Failed(message) => self.status.set(Status::Failed(message)),
            Response::Cancelled => self.status.set(Status::Cancelled),
            Response::Timings(timings) => self.timings.set(Some(timings)),
            Response::ReportJson(json) => return Some(json),
        }
        None
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}
