//! The report's lists as CSV files for spreadsheets (UTF-8, CRLF, a header row), the same in
//! the app and in `clv`. Every file leaves through one writer, [`CsvTable`], which keeps them
//! safe to open: a text cell that a spreadsheet would run as a formula — one starting with `=`,
//! `+`, `-`, `@`, tab or CR — gets a leading `'`, as the OWASP "CSV Injection" page advises.
//! Numbers are written as numbers (they cannot be formulas), so `-12.5` stays a negative amount;
//! money is rounded to cents and shares and probabilities to four places ([`Cell::money`],
//! [`Cell::share`]). Headers are the engine's stable names (what `clv` writes); the page gives
//! them in the reader's language with [`CsvFile::with_headers`], same columns, same order.
//!
//! One function per list turns the report's table into a [`CsvFile`]: [`customers_csv`] (the
//! columns and rows asked for), [`win_back_csv`], [`big_orders_csv`], [`segments_csv`],
//! [`rfm_segments_csv`], [`cohorts_csv`] and [`skipped_rows_csv`]; [`contacts_csv`] writes a
//! segment's customers as a contact list in the layout Klaviyo, Mailchimp or Shopify imports.
//!
//! ```
//! use clv_engine::export::{customers_csv, CustomerColumn};
//!
//! let csv = "customer_id,date,amount\n=ann,2024-01-05,30\nbob,2024-02-01,20\n";
//! let report = clv_engine::analyze(csv.as_bytes(), &clv_engine::AnalysisOptions::new()).unwrap();
//! let columns = [CustomerColumn::CustomerId, CustomerColumn::Revenue];
//! let file = customers_csv(&report, &columns, [1, 0]);
//! assert_eq!(file.name, "customers.csv");
//! assert_eq!(file.text, "customer_id,revenue\r\nbob,20\r\n'=ann,30\r\n");
//! ```

mod big_orders;
mod cohorts;
mod contacts;
mod customers;
mod headers;
mod rfm_segments;
mod segments;
mod skipped_rows;
mod win_back;
mod writer;

pub use big_orders::big_orders_csv;
pub use cohorts::cohorts_csv;
pub use contacts::{contacts_csv, ContactList, ContactTool, ContactsFile};
pub use customers::{customers_csv, CustomerColumn};
pub use headers::HeaderNames;
pub use rfm_segments::rfm_segments_csv;
pub use segments::{segments_csv, segments_file_name};
pub use skipped_rows::skipped_rows_csv;
pub use win_back::win_back_csv;
pub use writer::{Cell, CsvTable, LINE_END};

/// A CSV file ready to save: the name it is offered under and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvFile {
    /// File name, named after what it holds, e.g. `win-back.csv`, `clv-by-channel.csv`.
    pub name: String,
    /// The file's text (UTF-8, CRLF line ends).
    pub text: String,
    /// The header row's column names as the engine writes them.
    header: Vec<String>,
    /// Bytes of the header row in `text`, with its line end.
    header_len: usize,
}

impl CsvFile {
    fn new(name: impl Into<String>, table: CsvTable) -> Self {
        let (header, header_len) = (table.header().to_vec(), table.header_len());
        CsvFile {
            name: name.into(),
            text: table.finish(),
            header,
            header_len,
        }
    }

    /// The file with its header row in other words (the page's: the reader's language), the
    /// columns and rows unchanged, so every language gets the same columns in the same order.
    /// A column `names` does not know keeps the engine's name.
    pub fn with_headers(mut self, names: &HeaderNames) -> Self {
        if names.is_empty() || self.header_len > self.text.len() {
            return self;
        }
        let header: Vec<String> = self.header.iter().map(|h| names.name(h)).collect();
        let line = CsvTable::new(&header).finish();
        self.text.replace_range(..self.header_len, &line);
        self.header_len = line.len();
        self
    }
}
