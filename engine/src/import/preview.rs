//! The "check the import" step: what the engine made of the start of a file, before the
//! analysis runs, so the user can see and change every decision.

use super::build::left_out_status;
use super::dates::{parse_date, DateOrder, OrderEvidence};
use super::keys::customer_key;
use super::numbers::parse_amount;
use super::role::Role;
use super::stream::preview_reader;
use super::{ImportInfo, ImportOptions};
use crate::error::Error;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Rows shown in the preview.
pub(crate) const PREVIEW_ROWS: usize = 20;

/// What the engine made of the start of a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// Encoding, delimiter, preset, header line, columns and their roles, decimal separator.
    pub info: ImportInfo,
    /// Day/month order dates like `5/3/2024` are read with.
    pub date_order: DateOrder,
    /// True when no date in the sample settles the day/month order (the UI offers a switch).
    pub date_order_ambiguous: bool,
    /// Header names (column numbers as text when the file has none).
    pub headers: Vec<String>,
    /// The first data rows, as read.
    pub rows: Vec<PreviewRow>,
}

/// One data row as the engine reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewRow {
    /// 1-based line in the file.
    pub line: u64,
    /// The cells as written.
    pub cells: Vec<String>,
    /// Customer key (id, or e-mail trimmed and lower-cased).
    pub customer: Option<String>,
    /// Order date.
    pub date: Option<NaiveDate>,
    /// Amount.
    pub amount: Option<f64>,
    /// Order id.
    pub order_id: Option<String>,
    /// Why the row would not count as an order by itself, if it would not.
    pub note: Option<String>,
}

/// Reads the start of a file (`bytes`; all of it when `complete`) and says how it would be
/// imported with `options`. Decisions made on more rows may differ slightly (e.g. a date order
/// settled only further down).
pub fn preview(
    bytes: &[u8],
    complete: bool,
    options: &ImportOptions,
) -> Result<ImportPreview, Error> {
    let mut reader = preview_reader(bytes, complete, options)?;
    let mut records = Vec::new();
    while let Some(record) = reader.next_data_record(complete) {
        records.push(record);
        if records.len() >= 500 {
            break;
        }
    }
    let map = reader.builder.map().clone();
    let mut evidence = OrderEvidence::default();
    for (_, fields) in &records {
        if let Some(cell) = map
            .index(Role::Date)
            .and_then(|i| fields.get(i))
            .and_then(parse_date)
        {
            evidence.add(&cell);
        }
    }
    let date_order = options
        .date_order
        .or(evidence.decided())
        .unwrap_or(reader.date_order_hint());
    let separator = reader.info.decimal_separator;
    let rows = records
        .iter()
        .take(PREVIEW_ROWS)
        .map(|(line, fields)| {
            let cell = |role: Role| {
                map.index(role)
                    .and_then(|i| fields.get(i))
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
            };
            let customer = cell(Role::Customer)
                .map(|c| customer_key(c, false))
                .or_else(|| cell(Role::Email).map(|e| customer_key(e, true)))
                .map(|c| c.into_owned());
            let date = cell(Role::Date)
                .and_then(parse_date)
                .and_then(|d| d.resolve(date_order));
            let amount = cell(Role::Amount)
                .and_then(parse_amount)
                .and_then(|a| a.value(separator))
                .filter(|v| v.is_finite());
            let note = if let Some(why) = cell(Role::Status).and_then(left_out_status) {
                Some(format!("left out: {why}"))
            } else if cell(Role::CancelledAt).is_some() {
                Some("left out: cancelled".into())
            } else if customer.is_none() && !map.is_summary() {
                Some("no customer".into())
            } else if date.is_none() && !map.is_summary() {
                Some("no date".into())
            } else if amount.is_none() && !map.is_summary() {
                Some("no amount (a line item of an order above, or skipped)".into())
            } else if amount.is_some_and(|a| a < 0.0) {
                Some("a return".into())
            } else {
                None
            };
            PreviewRow {
                line: *line,
                cells: fields.to_vec(),
                customer,
                date,
                amount,
                order_id: cell(Role::OrderId).map(str::to_string),
                note,
            }
        })
        .collect();
    Ok(ImportPreview {
        headers: reader
            .info
            .columns
            .iter()
            .map(|c| c.header.clone())
            .collect(),
        info: reader.info.clone(),
        date_order,
        date_order_ambiguous: options.date_order.is_none()
            && evidence.decided().is_none()
            && evidence.either > 0,
        rows,
    })
}
