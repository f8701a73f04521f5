//! The page's components. Each reads [`crate::state::AppState`] from context and stays thin:
//! computation lives in the engine and in [`crate::charts`].

mod customer_table;
mod download;
mod drop_zone;
mod import_check;
mod import_summary;
mod kpi_tiles;
mod progress_bar;
mod revenue_chart;

pub use customer_table::CustomerTable;
pub use download::DownloadReport;
pub use drop_zone::DropZone;
pub use import_check::ImportCheck;
pub use import_summary::ImportSummary;
pub use kpi_tiles::KpiTiles;
pub use progress_bar::ProgressBar;
pub use revenue_chart::RevenueChart;
