//! Reading an order export into an [`OrderLog`].
//!
//! The file is read as CSV with a header row. Columns are found by their header names, matched
//! case-insensitively against the synonyms in [`columns`]. Every data row is accounted for:
//! imported (it starts an order or is a return), merged into an order already seen (same order
//! id), or skipped with its line, column and reason.

pub mod columns;
pub mod values;

use crate::error::{Error, ImportError, ImportErrorKind};
use crate::order::{Order, OrderLog, Return};
use crate::progress::{Progress, Stage};
use crate::report::{RowCounts, SkippedRow, Warning};
use columns::{ColumnMap, Role};
use rustc_hash::FxHashMap;

/// How a file is read. Build with [`ImportOptions::new`] and the setters.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ImportOptions {
    /// Field delimiter.
    pub delimiter: u8,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { delimiter: b',' }
    }
}

impl ImportOptions {
    /// Defaults: comma-separated with a header row.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the field delimiter.
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = delimiter;
        self
    }
}

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
}

/// Reads an order export.
pub fn read_orders(bytes: &[u8], options: &ImportOptions) -> Result<Imported, Error> {
    read_orders_with_progress(bytes, options, &mut |_| {})
}

/// How often (in rows) progress is reported while reading.
const PROGRESS_EVERY_ROWS: u64 = 16_384;

/// Reads an order export, reporting progress in bytes.
pub fn read_orders_with_progress(
    bytes: &[u8],
    options: &ImportOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Imported, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::new(ImportErrorKind::Empty).into());
    }
    if std::str::from_utf8(bytes).is_err() || bytes.contains(&0) {
        return Err(ImportError::new(ImportErrorKind::NotText).into());
    }
    let total_bytes = bytes.len() as u64;
    progress(Progress::new(Stage::Reading, 0, total_bytes));

    let mut reader = csv::ReaderBuilder::new()
        .delimiter(options.delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(malformed)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let map = ColumnMap::detect(&headers)?;

    let mut out = Imported::default();
    let mut customer_index: FxHashMap<String, u32> = FxHashMap::default();
    let mut order_index: FxHashMap<String, usize> = FxHashMap::default();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(malformed(e).into()),
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue; // blank line: not a row
        }
        out.rows.total += 1;
        if out.rows.total % PROGRESS_EVERY_ROWS == 0 {
            progress(Progress::new(
                Stage::Reading,
                reader.position().byte(),
                total_bytes,
            ));
        }
        match parse_row(&record, &map, &headers, line) {
            Err(skip) => out.skipped_rows.push(skip),
            Ok(row) => {
                let customer = intern(&mut customer_index, &mut out.log.customers, &row.customer);
                if let Some(id) = &row.order_id {
                    if let Some(&at) = order_index.get(id) {
                        let order: &mut Order = &mut out.log.orders[at];
                        order.amount += row.amount;
                        if let (Some(q), Some(more)) = (order.quantity.as_mut(), row.quantity) {
                            *q += more;
                        }
                        out.rows.merged += 1;
                        continue;
                    }
                }
                if row.amount < 0.0 && row.order_id.is_none() {
                    out.log.returns.push(Return {
                        customer,
                        date: row.date,
                        amount: -row.amount,
                        line,
                    });
                } else {
                    if let Some(id) = &row.order_id {
                        order_index.insert(id.clone(), out.log.orders.len());
                    }
                    out.log.orders.push(Order {
                        customer,
                        date: row.date,
                        amount: row.amount,
                        quantity: row.quantity,
                        order_id: row.order_id,
                        line,
                    });
                }
                out.rows.imported += 1;
            }
        }
    }
    out.rows.skipped = out.skipped_rows.len() as u64;
    if !out.log.returns.is_empty() {
        out.warnings.push(Warning::new(
            "negative_amounts_as_returns",
            format!(
                "{} rows with a negative amount and no order of their own were counted as returns: they lower the customer's revenue and are not orders.",
                out.log.returns.len()
            ),
        ));
    }
    progress(Progress::new(Stage::Reading, total_bytes, total_bytes));
    Ok(out)
}

fn malformed(e: csv::Error) -> ImportError {
    let line = e.position().map(|p| p.line());
    let err = ImportError::new(ImportErrorKind::Malformed(e.to_string()));
    match line {
        Some(line) => err.at_line(line),
        None => err,
    }
}

fn intern(index: &mut FxHashMap<String, u32>, keys: &mut Vec<String>, key: &str) -> u32 {
    if let Some(&i) = index.get(key) {
        return i;
    }
    let i = keys.len() as u32;
    keys.push(key.to_string());
    index.insert(key.to_string(), i);
    i
}

/// One data row, parsed.
struct Row {
    customer: String,
    date: chrono::NaiveDate,
    amount: f64,
    quantity: Option<f64>,
    order_id: Option<String>,
}

fn parse_row(
    record: &csv::StringRecord,
    map: &ColumnMap,
    headers: &[String],
    line: u64,
) -> Result<Row, SkippedRow> {
    let cell = |role: Role| -> Option<&str> {
        map.index(role)
            .and_then(|i| record.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let skip = |role: Role, reason: String| SkippedRow {
        line,
        column: map.index(role).and_then(|i| headers.get(i)).cloned(),
        reason,
    };
    let customer = match cell(Role::Customer) {
        Some(c) => values::customer_key(c),
        None => return Err(skip(Role::Customer, "no customer".into())),
    };
    let date_text = cell(Role::Date).ok_or_else(|| skip(Role::Date, "no date".into()))?;
    let date = values::parse_date(date_text)
        .ok_or_else(|| skip(Role::Date, format!("`{date_text}` is not a date")))?;
    let amount_text = cell(Role::Amount).ok_or_else(|| skip(Role::Amount, "no amount".into()))?;
    let amount = values::parse_amount(amount_text)
        .ok_or_else(|| skip(Role::Amount, format!("`{amount_text}` is not an amount")))?;
    let quantity = match cell(Role::Quantity) {
        None => None,
        Some(q) => Some(
            values::parse_amount(q)
                .ok_or_else(|| skip(Role::Quantity, format!("`{q}` is not a quantity")))?,
        ),
    };
    Ok(Row {
        customer,
        date,
        amount,
        quantity,
        order_id: cell(Role::OrderId).map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(got.log.orders[0].line, 2);
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
        assert_eq!(got.rows.imported, 2);
        assert_eq!(got.rows.merged, 1);
        assert_eq!(got.rows.skipped, 2);
        assert_eq!(
            got.rows.imported + got.rows.merged + got.rows.skipped,
            got.rows.total
        );
        assert_eq!(got.log.orders[0].amount, 15.0);
        assert_eq!(got.log.returns[0].amount, 3.0);
        assert_eq!(
            got.skipped_rows[0],
            SkippedRow {
                line: 3,
                column: Some("date".into()),
                reason: "`yesterday` is not a date".into()
            }
        );
        assert_eq!(got.skipped_rows[1].line, 7);
        assert_eq!(got.warnings[0].code, "negative_amounts_as_returns");
    }

    #[test]
    fn missing_column_is_a_typed_error() {
        let err = read_orders(b"name,when\nx,2024-01-01\n", &ImportOptions::new()).unwrap_err();
        match err {
            Error::Import(ImportError {
                kind: ImportErrorKind::MissingColumn { role, found },
                ..
            }) => {
                assert_eq!(role, "customer");
                assert_eq!(found, vec!["name", "when"]);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn binary_and_empty_input_are_refused() {
        assert!(matches!(
            read_orders(b"", &ImportOptions::new()),
            Err(Error::Import(ImportError {
                kind: ImportErrorKind::Empty,
                ..
            }))
        ));
        assert!(matches!(
            read_orders(b"\x89PNG\r\n\x1a\n\0\0", &ImportOptions::new()),
            Err(Error::Import(ImportError {
                kind: ImportErrorKind::NotText,
                ..
            }))
        ));
    }
}
