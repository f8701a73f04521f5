//! The page's components. Each reads [`crate::state::AppState`] from context and stays thin:
//! computation lives in the engine and in [`crate::charts`].

mod analysis;
mod calculator;
mod calculator_page;
mod data_table;
mod download;
mod drop_zone;
mod embed_dialog;
mod export_button;
mod export_headers;
mod failure_text;
mod import_check;
mod import_summary;
mod kpi_tiles;
mod language_switcher;
mod progress_bar;
mod role_words;
mod skip_reason_text;
pub(crate) mod warning_text;

pub use analysis::{page_format, segment_label, AnalysisView, ChartView};
pub use calculator::{lever_sentence, Calculator, Field};
pub use calculator_page::CalculatorPage;
pub use download::DownloadReport;
pub use drop_zone::DropZone;
pub use embed_dialog::{snippet, EmbedDialog};
pub use export_headers::export_header_names;
pub use failure_text::failure_text;
pub use import_check::ImportCheck;
pub use import_summary::ImportSummary;
pub use kpi_tiles::KpiTiles;
pub use language_switcher::LanguageSwitcher;
pub use progress_bar::ProgressBar;
