//! Reading an order export (or a per-customer summary) into an [`OrderLog`].
//!
//! The pipeline, the same for [`read_orders`] and the worker's [`StreamingImport`]:
//! bytes → [`decode`] (BOM, UTF-8 check, then the legacy code page under which the header and the
//! letters make sense; encoding_rs decoder, chunk by chunk) →
//! [`sniff`] (delimiter, header row, roles of a header-less file) → [`columns`] (roles from
//! header names in the vocabulary, presets, the user's `--map`) → [`split`] (records, quoted
//! fields) → [`build`] (cells read by [`numbers`] and [`dates`], line items merged into
//! orders, cancelled and refunded orders left out, every row accounted for).
//!
//! Where to add things:
//! - a header name or a language: a row of `vocabulary.tsv` (role, the name exactly as the tool
//!   writes it, language, source), under its role and above the names it should beat; the
//!   tests of `vocabulary.rs` check every row (see that module's docs), and read whole headers
//!   of documented exports (PrestaShop, WooCommerce Analytics, Magento, Allegro, Przelewy24,
//!   YooKassa) written exactly as their source shows; add one there for a newly sourced export;
//! - a known export (preset): `PRESETS` in [`columns`] — the headers that identify it and the
//!   columns it fixes — plus a fixture with exact KPIs in `engine/tests/data/` and a test in
//!   `engine/tests/import.rs`;
//! - a status that means "no purchase": `build::left_out_status`;
//! - a currency mark: `CURRENCIES` in [`numbers`]; a date form: `dates::parse_date`.
//!
//! ```
//! use clv_engine::import::{read_orders, ImportOptions};
//!
//! // Ids are compared as written (trimmed): `Anna` and `anna` are two customers; e-mails are
//! // lower-cased, so `Anna@shop.lv` and `anna@shop.lv ` are one.
//! let csv = "Klients;Datums;Summa\nAnna;05.03.2024;12,50\nAnna ;06.03.2024;1 000,00\n\
//!            anna;07.03.2024;3\nAnna@shop.lv;08.03.2024;4\nanna@shop.lv ;09.03.2024;5\n";
//! let got = read_orders(csv.as_bytes(), &ImportOptions::new()).unwrap();
//! assert_eq!(got.log.customers, vec!["Anna", "anna", "anna@shop.lv"]);
//! assert_eq!(got.log.orders[1].amount, 1000.0);
//! assert_eq!(got.info.delimiter, ";");
//! ```

pub mod build;
pub mod columns;
pub mod dates;
pub mod decode;
mod generated;
pub mod keys;
pub mod numbers;
mod options;
pub mod preview;
mod role;
pub mod skip_reason;
pub mod sniff;
pub mod split;
pub mod stream;
pub mod summary_input;
mod vocabulary;

pub use columns::{ColumnRef, Preset, Role};
pub use dates::DateOrder;
pub use generated::{
    generated_order_export, generated_order_log, generated_shopify_export, GENERATED_CUSTOMERS,
};
pub use numbers::DecimalSeparator;
pub use options::{parse_column_map, ImportOptions};
pub use preview::{preview, ImportPreview, PreviewRow, ENCODINGS};
pub use skip_reason::{NoPurchase, SkipReason, SKIP_REASON_CODES};
pub use split::Delimiter;
pub use stream::StreamingImport;
pub use summary_input::SummaryRow;

use crate::error::Error;
use crate::order::OrderLog;
use crate::progress::Progress;
use crate::rows::{RowCounts, SkippedRow};
use crate::warning::Warning;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The result of reading a file: the orders and the account of every row.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Imported {
    /// Counted orders and returns.
    pub log: OrderLog,
    /// How the rows were accounted for.
    pub rows: RowCounts,
    /// Rows that were left out, with why.
    pub skipped_rows: Vec<SkippedRow>,
    /// Things the user should know about the file.
    pub warnings: Vec<Warning>,
    /// How the file was read (encoding, delimiter, columns…), for the report and the preview.
    pub info: ImportInfo,
    /// For a per-customer summary file: its rows as written (the `log` then holds orders
    /// rebuilt from them so the report can be made).
    pub customer_summary: Option<Vec<SummaryRow>>,
    /// The analysis date the file implies (a summary file's end of period), if any.
    pub analysis_date_hint: Option<NaiveDate>,
}

/// How a file was read: everything the user may want to check or change.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ImportInfo {
    /// Text encoding (`UTF-8`, `windows-1251`, `UTF-16LE`…).
    pub encoding: String,
    /// How the encoding was found: `bom`, `detected` or `chosen`.
    pub encoding_source: String,
    /// Field delimiter: `,` `;` `|`, `tab` or `spaces`.
    pub delimiter: String,
    /// The known export recognised from the header, if any.
    pub preset: Option<Preset>,
    /// Line of the header row; `None` when the file has no header.
    pub header_line: Option<u64>,
    /// Every column and what it was used for.
    pub columns: Vec<ColumnInfo>,
    /// Day/month order used for dates like `5/3/2024`, when the file has such dates.
    pub date_order: Option<DateOrder>,
    /// Decimal separator of the amount column.
    pub decimal_separator: DecimalSeparator,
    /// Bytes read.
    pub bytes: u64,
}

/// One column of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnInfo {
    /// 1-based column number.
    pub number: usize,
    /// Header (the column number as text when the file has no header).
    pub header: String,
    /// What the column is used for, if anything.
    pub role: Option<Role>,
    /// True when the column's values are kept for segmenting (channel, product, tags…).
    pub segment: bool,
}

/// Reads an order export held in memory (the same code as [`StreamingImport`]).
pub fn read_orders(bytes: &[u8], options: &ImportOptions) -> Result<Imported, Error> {
    read_orders_with_progress(bytes, options, &mut |_| {})
}

/// Bytes handed to the importer at a time by [`read_orders`].
const CHUNK_BYTES: usize = 1 << 20;

/// Reads an order export, reporting progress in bytes after every MiB.
pub fn read_orders_with_progress(
    bytes: &[u8],
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Imported, Error> {
    let mut import = StreamingImport::new(options.clone()).with_total_bytes(bytes.len() as u64)?;
    progress(import.progress());
    for chunk in bytes.chunks(CHUNK_BYTES) {
        import.push(chunk)?;
        progress(import.progress());
    }
    import.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ImportError, ImportErrorKind};

    fn read(text: &str) -> Imported {
        read_orders(text.as_bytes(), &ImportOptions::new()).unwrap()
    }

    #[test]
    fn columns_in_any_order_with_synonyms_and_case() {
        let got =
            read("Total,Order Date,E-mail\n10.5,2024-01-02, Ann@Shop.com \n4,2024-01-03,bob@x\n");
        assert_eq!(got.log.customers, vec!["ann@shop.com", "bob@x"]);
        assert_eq!(got.log.orders.len(), 2);
        assert_eq!(got.log.orders[0].amount, 10.5);
        assert_eq!(got.log.line(0), 2);
    }

    #[test]
    fn polish_invoicing_and_1c_exports_are_read() {
        // the amount column named as Polish invoicing tools name it: gross, not net
        let got = read(
            "Lp.;Numer;Data wystawienia;Nabywca;Wartość netto;Wartość brutto;Waluta\n\
             1;FV/1/2024;05.03.2024;Jan Kowalski;100,00;123,00;PLN\n\
             2;FV/2/2024;06.03.2024;Jan Kowalski;10,00;12,30;PLN\n",
        );
        assert_eq!(got.log.orders.len(), 2);
        assert_eq!(got.log.orders[0].amount, 123.0);
        assert_eq!(got.log.customers.len(), 1);
        let got = read(
            "Дата;Номер;Сумма документа;Контрагент;Организация\n\
             05.03.2024;0000-000001;1 234,50;ООО Ромашка;ООО Мы\n\
             07.03.2024;0000-000002;100,00;ИП Иванов;ООО Мы\n",
        );
        let customers: Vec<String> = got.log.customers.iter().map(|c| c.to_lowercase()).collect();
        assert_eq!(customers, ["ооо ромашка", "ип иванов"]);
        assert_eq!(got.log.orders[0].amount, 1234.5);
        assert_eq!(got.log.order_id(1).as_deref(), Some("0000-000002"));
    }

    #[test]
    fn every_row_is_accounted_for() {
        // line 2 ok, 3 bad date, 4 blank (not a row), 5 merged into order A, 6 return, 7 no amount
        let got = read(
            "customer_id,date,amount,order_id\n\
             c1,2024-01-01,10,A\n\
             c1,yesterday,10,B\n\
             \n\
             c1,2024-01-01,5,A\n\
             c2,2024-01-04,-3,\n\
             c2,2024-01-04,,C\n",
        );
        assert_eq!(got.rows.total, 5);
        assert_eq!(
            (got.rows.imported, got.rows.merged, got.rows.skipped),
            (2, 1, 2)
        );
        assert_eq!(got.log.orders[0].amount, 15.0);
        assert_eq!(got.log.returns[0].amount, 3.0);
        assert_eq!(
            got.skipped_rows[0],
            SkippedRow::new(
                3,
                Some("date".into()),
                SkipReason::NotADate {
                    text: "yesterday".into()
                }
            )
        );
        assert_eq!(got.skipped_rows[1].line, 7);
        assert!(got
            .warnings
            .iter()
            .any(|w| w.code() == "negative_amounts_as_returns"));
    }

    #[test]
    fn missing_column_is_a_typed_error() {
        let err = read_orders(b"name,when\nx,2024-01-01\n", &ImportOptions::new()).unwrap_err();
        match err {
            Error::Import(ImportError {
                kind: ImportErrorKind::MissingColumn { role, found },
                ..
            }) => {
                assert_eq!(role, Role::Customer);
                assert_eq!(found, vec!["name", "when"]);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn binary_and_empty_input_are_refused() {
        let kind = |bytes: &[u8]| match read_orders(bytes, &ImportOptions::new()) {
            Err(Error::Import(e)) => Some(e.kind),
            _ => None,
        };
        assert_eq!(kind(b""), Some(ImportErrorKind::Empty));
        assert_eq!(kind(b" \r\n\n"), Some(ImportErrorKind::Empty));
        assert_eq!(
            kind(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(ImportErrorKind::NotText)
        );
    }
}
