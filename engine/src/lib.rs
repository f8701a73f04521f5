//! # clv-engine
//!
//! The computing core of CLV Lens: it reads an order export, turns it into orders, summarises
//! each customer and builds the [`Report`] that the app, the worker and the `clv` command line
//! all show. Pure Rust with no web dependency, so it runs natively and in a Web Worker alike.
//!
//! Data flows one way: bytes → [`import`] → [`OrderLog`] → [`models`] (BG/NBD, Pareto/NBD,
//! Gamma-Gamma: P(alive), expected purchases, predicted CLV, validation) → [`metrics`] and
//! [`rfm`] (KPIs, the per-customer table, concentration, segments, cohorts, RFM, win-back) →
//! [`report`], which only assembles. The vocabulary every stage shares — [`warning`], [`rows`]
//! (row accounting and skipped rows), [`time_unit`] — depends on no stage. The calculator formulas need no file: [`calculator`].
//!
//! ```
//! use clv_engine::{analyze, AnalysisOptions};
//!
//! let csv = "customer_id,date,amount\nann,2024-01-05,30\nann,2024-02-10,50\nbob,2024-02-01,20\n";
//! let report = analyze(csv.as_bytes(), &AnalysisOptions::new()).unwrap();
//! assert_eq!(report.summary.kpis.customers, 2);
//! assert_eq!(report.summary.kpis.orders, 3);
//! assert_eq!(report.summary.kpis.revenue, 100.0);
//! assert!((report.summary.kpis.aov - 100.0 / 3.0).abs() < 1e-12);
//! ```
#![deny(missing_docs)]

pub mod calculator;
pub mod error;
pub mod export;
pub mod import;
mod iso_date;
pub mod limits;
pub mod metrics;
pub mod models;
pub mod order;
mod parallel;
pub mod progress;
pub mod report;
pub mod rfm;
pub mod rows;
pub mod sql;
pub mod time_unit;
pub mod warning;

pub use error::{Error, ImportError, ImportErrorKind, ERROR_CODES};
pub use export::{CsvFile, CustomerColumn};
pub use import::{
    preview, read_orders, ImportInfo, ImportOptions, ImportPreview, Imported, SkipReason,
    StreamingImport, SKIP_REASON_CODES,
};
pub use metrics::{AnalyticsOptions, CustomerRow, Kpis};
pub use models::{CustomerPrediction, ModelOptions, ModelsReport, Validation};
pub use order::{Order, OrderId, OrderLog};
pub use progress::{Progress, Stage};
pub use report::{Report, ReportSummary};
pub use rows::{RowCounts, SkippedRow};
pub use time_unit::TimeUnit;
pub use warning::{Warning, WARNING_CODES};

use chrono::NaiveDate;

/// Options for a whole analysis: how to read the file and how to look at it.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct AnalysisOptions {
    /// How the file is read.
    pub import: ImportOptions,
    /// The date the analysis is made at ("today" for recency and T). Defaults to the last order
    /// date in the file.
    pub analysis_date: Option<NaiveDate>,
    /// Unit of frequency, recency and T in the per-customer table.
    pub time_unit: TimeUnit,
    /// Margin, CAC per segment, segment column, RFM rules… (the descriptive analytics).
    pub analytics: AnalyticsOptions,
    /// The customer-base models: on/off, calibration end, horizon, CLV months and discount.
    pub models: ModelOptions,
}

impl AnalysisOptions {
    /// Default options: columns detected from the header, analysis date = last order date, days.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets how the file is read.
    pub fn import(mut self, import: ImportOptions) -> Self {
        self.import = import;
        self
    }

    /// Sets the analysis date.
    pub fn analysis_date(mut self, date: NaiveDate) -> Self {
        self.analysis_date = Some(date);
        self
    }

    /// Sets the time unit of frequency, recency and T.
    pub fn time_unit(mut self, unit: TimeUnit) -> Self {
        self.time_unit = unit;
        self
    }

    /// Sets the options of the descriptive analytics (margin, CAC, segment column, RFM rules).
    pub fn analytics(mut self, analytics: AnalyticsOptions) -> Self {
        self.analytics = analytics;
        self
    }

    /// Sets what the customer-base models do.
    pub fn models(mut self, models: ModelOptions) -> Self {
        self.models = models;
        self
    }
}

/// Reads an order export and builds the full report.
pub fn analyze(bytes: &[u8], options: &AnalysisOptions) -> Result<Report, Error> {
    analyze_with_progress(bytes, options, &mut |_| {})
}

/// Like [`analyze`], calling `progress` as the work advances (the worker forwards these to the
/// page's progress bar).
pub fn analyze_with_progress(
    bytes: &[u8],
    options: &AnalysisOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Report, Error> {
    let imported = import::read_orders_with_progress(bytes, &options.import, progress)?;
    progress(Progress::new(Stage::Summarising, 0, 1));
    let report = Report::build(imported, options)?;
    progress(Progress::new(Stage::Done, 1, 1));
    Ok(report)
}
