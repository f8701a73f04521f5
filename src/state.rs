//! The page's state, in one place: what the worker is doing and the last report. Components
//! read it from context; only [`AppState::apply`] writes what comes back from the worker.

use std::sync::Arc;

use clv_engine::{ImportOptions, ImportPreview, Progress, Stage, Validation};
use leptos::prelude::*;

use crate::mappings::export_kind;
use crate::snapshot::{self, Snapshot};
use crate::worker::{
    Failure, Overview, Response, Settings, TablePage, TableQuery, Timings, ValidationProblem,
};

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
    /// The last file could not be analysed (or the browser refused something); kept as data so
    /// the page words it in the language shown, and again when the language changes.
    Failed(Failure),
    /// The user stopped the analysis.
    Cancelled,
}

impl Status {
    /// The name of the file being analysed or analysed last; empty when there is none.
    pub fn file(&self) -> String {
        match self {
            Status::Working { file, .. } | Status::Done { file } => file.clone(),
            _ => String::new(),
        }
    }

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

/// The hold-out check of the models for the current analysis.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ModelCheck {
    /// Not asked for yet.
    #[default]
    NotAsked,
    /// Asked for; the worker is fitting.
    Pending,
    /// The worker's answer.
    Done(Result<Box<Validation>, ValidationProblem>),
}

/// A file for the browser to save.
#[derive(Debug, Clone, PartialEq)]
pub struct Download {
    /// File name.
    pub name: String,
    /// MIME type.
    pub mime: &'static str,
    /// Contents.
    pub text: String,
}

/// The sections of the analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// KPIs, CLV two ways, concentration.
    Overview,
    /// The per-customer table.
    Customers,
    /// RFM grid and segments.
    Rfm,
    /// Lorenz curve, AOV buckets, spend, big orders.
    Value,
    /// Segments by a column, CLV vs CAC.
    Channels,
    /// Customers by the product of their first order: who comes back.
    Products,
    /// Cohort retention and cumulative revenue.
    Cohorts,
    /// Model predictions and their check.
    Predictions,
    /// Customers to win back.
    WinBack,
}

impl Section {
    /// Every section, in the order of the tabs.
    pub const ALL: [Section; 9] = [
        Section::Overview,
        Section::Customers,
        Section::Rfm,
        Section::Value,
        Section::Channels,
        Section::Products,
        Section::Cohorts,
        Section::Predictions,
        Section::WinBack,
    ];

    /// Stable name (test ids, URL).
    pub fn key(self) -> &'static str {
        match self {
            Section::Overview => "overview",
            Section::Customers => "customers",
            Section::Rfm => "rfm",
            Section::Value => "value",
            Section::Channels => "channels",
            Section::Products => "products",
            Section::Cohorts => "cohorts",
            Section::Predictions => "predictions",
            Section::WinBack => "win-back",
        }
    }
}

/// Shared state of the page (cheap to copy: signals only).
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// What the page is doing.
    pub status: RwSignal<Status>,
    /// The last analysis (the report without its per-customer lists, which the worker pages),
    /// shared without copying.
    pub overview: RwSignal<Option<Arc<Overview>>>,
    /// Which customers the customer table shows, in which order (RFM clicks set its filter).
    pub query: RwSignal<TableQuery>,
    /// The window of the customer table the worker sent last.
    pub table: RwSignal<Option<TablePage>>,
    /// The hold-out check of the models, once asked for.
    pub validation: RwSignal<ModelCheck>,
    /// The user's settings (margin, currency's CACs, segment column, RFM rules, analysis date).
    pub settings: RwSignal<Settings>,
    /// Which section of the analysis is shown.
    pub section: RwSignal<Section>,
    /// Currency of the amounts in the file (ISO 4217), when the user named it; amounts are
    /// shown without a sign otherwise.
    pub currency: RwSignal<Option<String>>,
    /// How the current file is read (encoding, delimiter, columns, first rows).
    pub preview: RwSignal<Option<Arc<ImportPreview>>>,
    /// How long the last analysis took.
    pub timings: RwSignal<Option<Timings>>,
    /// The user's choices for reading the current file (column roles, encoding, delimiter,
    /// date order…); empty means "detect everything".
    pub import: RwSignal<ImportOptions>,
    /// Which kind of export the current file is ([`crate::mappings::export_kind`] of its
    /// first preview, read with detection alone, even when that read failed): the user's
    /// choices for it are remembered under this name.
    pub kind: RwSignal<Option<String>>,
    /// Whether the user keeps each analysis's summary to compare with the next export
    /// ([`crate::snapshot`]); off until they turn it on.
    pub compare: RwSignal<bool>,
    /// The kept summary this file's analysis is compared with: what was kept when the file
    /// was dropped (new settings for the same file compare with the same one).
    pub baseline: RwSignal<Option<Snapshot>>,
    /// Every section is laid out one after the other, for printing the report.
    pub printing: RwSignal<bool>,
}

impl AppState {
    /// Fresh state: no file yet.
    pub fn new() -> Self {
        AppState {
            status: RwSignal::new(Status::Idle),
            overview: RwSignal::new(None),
            query: RwSignal::new(TableQuery::default()),
            table: RwSignal::new(None),
            validation: RwSignal::new(ModelCheck::NotAsked),
            settings: RwSignal::new(Settings::default()),
            section: RwSignal::new(Section::Overview),
            currency: RwSignal::new(None),
            preview: RwSignal::new(None),
            timings: RwSignal::new(None),
            import: RwSignal::new(ImportOptions::new()),
            kind: RwSignal::new(None),
            compare: RwSignal::new(false),
            baseline: RwSignal::new(None),
            printing: RwSignal::new(false),
        }
    }

    /// Shows how the current file reads; the first preview of a file read with detection
    /// alone names its kind of export.
    fn set_preview(&self, preview: ImportPreview) {
        if self.import.with_untracked(|o| *o == ImportOptions::new()) {
            self.kind.set(Some(export_kind(&preview)));
        }
        self.preview.set(Some(Arc::new(preview)));
    }

    /// A new file is being analysed: everything of the previous one goes away.
    pub fn start(&self, file: String) {
        self.overview.set(None);
        self.table.set(None);
        self.validation.set(ModelCheck::NotAsked);
        self.query.set(TableQuery::default());
        self.section.set(Section::Overview);
        self.baseline
            .set(self.compare.get_untracked().then(snapshot::load).flatten());
        self.status.set(Status::Working {
            file,
            progress: Progress::new(Stage::Reading, 0, 1),
        });
    }

    /// Applies a message from the worker. Returns the file when the message carries an
    /// export, for the caller to save.
    pub fn apply(&self, response: Response) -> Option<Download> {
        match response {
            Response::Progress(progress) => {
                self.status.update(|s| {
                    if let Status::Working { progress: p, .. } = s {
                        *p = progress;
                    }
                });
            }
            Response::Overview(overview) => {
                let file = self.status.with_untracked(Status::file);
                self.table.set(None);
                self.validation.set(ModelCheck::NotAsked);
                // The full report is kept for the next comparison, not the descriptive one
                // shown while the models are fitted.
                if self.compare.get_untracked() && !overview.models_pending {
                    snapshot::save(&Snapshot::of(&overview, &file));
                }
                self.overview.set(Some(Arc::new(*overview)));
                self.status.set(Status::Done { file });
            }
            Response::Customers(page) => {
                // Only the answer to the latest query counts.
                if page.id == self.query.with_untracked(|q| q.id) {
                    self.table.set(Some(page));
                }
            }
            Response::Validation(result) => {
                self.validation.set(ModelCheck::Done(result.map(Box::new)))
            }
            Response::Preview(preview) => self.set_preview(*preview),
            Response::Failed(mut failure) => {
                // A file that could not be analysed is still shown, with the pickers: the
                // preview and the failure change the page together.
                if let Some(preview) = failure.preview.take() {
                    self.set_preview(*preview);
                }
                self.status.set(Status::Failed(failure));
            }
            // Only an analysis under way is stopped. A Cancel that crossed the finished result
            // on its way (the result arrived first) leaves the result as it is: the page never
            // says "stopped" above a full result.
            Response::Cancelled => {
                if matches!(self.status.get_untracked(), Status::Working { .. }) {
                    self.status.set(Status::Cancelled);
                }
            }
            Response::Timings(timings) => self.timings.set(Some(timings)),
            // Only a helper worker answers this, to the worker that asked it.
            Response::ParetoNbd { .. } => {}
            Response::ReportJson(json) => {
                return Some(Download {
                    name: "clv-report.json".into(),
                    mime: "application/json",
                    text: json,
                })
            }
            Response::Csv { name, text } => {
                return Some(Download {
                    name,
                    mime: "text/csv;charset=utf-8",
                    text,
                })
            }
        }
        None
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = include_bytes!("../public/sample-orders.csv");

    #[test]
    fn cancel_stops_an_analysis_under_way_and_never_a_finished_one() {
        let state = AppState::new();
        // Cancelled while reading: stopped, nothing of the file shown.
        state.start("sample-orders.csv".into());
        state.apply(Response::Cancelled);
        assert_eq!(state.status.get_untracked(), Status::Cancelled);
        assert!(state.overview.with_untracked(Option::is_none));
        // The result arrives before the Cancel the user clicked while it was on its way: the
        // result stays, with no "stopped" above it.
        state.start("sample-orders.csv".into());
        let mut responses = Vec::new();
        crate::worker::run_in_memory(
            "sample-orders.csv",
            SAMPLE,
            1 << 16,
            ImportOptions::new(),
            |r| responses.push(r),
        );
        for response in responses {
            state.apply(response);
        }
        assert!(state.overview.with_untracked(Option::is_some));
        state.apply(Response::Cancelled);
        assert_eq!(
            state.status.get_untracked(),
            Status::Done {
                file: "sample-orders.csv".into()
            }
        );
        assert!(state.overview.with_untracked(Option::is_some));
    }
}
