//! The report's lists as CSV files for spreadsheets (UTF-8, CRLF, a header row), the same in
//! the app and in `clv`. Every file leaves through one writer, [`CsvTable`], which keeps them
//! safe to open: a text cell that a spreadsheet would run as a formula — one starting with `=`,
//! `+`, `-`, `@`, tab or CR — gets a leading `'`, as the OWASP "CSV Injection" page advises.
//! Numbers are written as numbers (they cannot be formulas), so `-12.5` stays a negative amount.
//!
//! One function per list turns the report's table into a [`CsvFile`]: [`win_back_csv`],
//! [`big_orders_csv`], [`segments_csv`], [`rfm_segments_csv`], [`cohorts_csv`] and
//! [`skipped_rows_csv`].
//!
//! ```
//! use clv_engine::export::win_back_csv;
//!
//! let csv = "customer_id,date,amount\n=ann,2023-01-05,30\nbob,2024-02-01,20\n";
//! let report = clv_engine::analyze(csv.as_bytes(), &clv_engine::AnalysisOptions::new()).unwrap();
//! let file = win_back_csv(&report.win_back);
//! assert_eq!(file.name, "win-back.csv");
//! assert!(file.text.starts_with("customer_id,kind,orders,revenue,"));
//! assert!(file.text.contains("\r\n'=ann,one_time,1,30,2023-01-05,392,"));
//! ```

mod big_orders;
mod cohorts;
mod rfm_segments;
mod segments;
mod skipped_rows;
mod win_back;
mod writer;

pub use big_orders::big_orders_csv;
pub use cohorts::cohorts_csv;
pub use rfm_segments::rfm_segments_csv;
pub use segments::segments_csv;
pub use skipped_rows::skipped_rows_csv;
pub use win_back::win_back_csv;
pub use writer::{neutralise, Cell, CsvTable, LINE_END};

/// A CSV file ready to save: the name it is offered under and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvFile {
    /// File name, e.g. `win-back.csv`.
    pub name: &'static str,
    /// The file's text (UTF-8, CRLF line ends).
    pub text: String,
}

impl CsvFile {
    fn new(name: &'static str, table: CsvTable) -> Self {
        CsvFile {
            name,
            text: table.finish(),
        }
    }
}
