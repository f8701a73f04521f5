//! How the rows of a file were accounted for: the counts that always add up, and each row that
//! was left out with its line, column and typed reason.
//!
//! The report's JSON writes a skipped row in the documented shape `{line, column, code, reason,
//! params}` (docs/report.md), made here and nowhere else: [`serialize_documented`]. Formats that
//! are not human-readable (the worker's messages) carry the typed reason as it is.

use crate::import::skip_reason::SkipReason;
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;

/// How the rows of the file were accounted for: `imported + merged + skipped = total`, always.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RowCounts {
    /// Data rows in the file (blank lines are not rows).
    pub total: u64,
    /// Rows that became an order or a return.
    pub imported: u64,
    /// Rows merged into an order already seen (line items of one order).
    pub merged: u64,
    /// Rows left out; each one is listed in `skipped_rows`.
    pub skipped: u64,
}

/// A row that was left out, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedRow {
    /// 1-based line of the row in the file.
    pub line: u64,
    /// Header of the column that made the row unusable, when one did.
    pub column: Option<String>,
    /// Why; its `Display` is the English reason of the command line, the JSON and the CSV.
    pub reason: SkipReason,
}

impl SkippedRow {
    /// The row at `line`, left out for `reason` (because of `column`, when one).
    pub fn new(line: u64, column: Option<String>, reason: SkipReason) -> Self {
        SkippedRow {
            line,
            column,
            reason,
        }
    }
}

/// One skipped row in the documented JSON shape.
#[derive(Serialize)]
struct Documented<'a> {
    line: u64,
    column: &'a Option<String>,
    code: &'static str,
    reason: String,
    params: BTreeMap<String, String>,
}

/// Writes skipped rows as the report documents them (`line`, `column`, `code`, `reason` in
/// English, `params` as plain strings) for a human-readable format such as JSON, and typed for
/// any other (the worker's messages). For `#[serde(serialize_with = …)]`.
pub fn serialize_documented<S: Serializer>(
    rows: &[SkippedRow],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if !serializer.is_human_readable() {
        return rows.serialize(serializer);
    }
    serializer.collect_seq(rows.iter().map(|row| Documented {
        line: row.line,
        column: &row.column,
        code: row.reason.code(),
        reason: row.reason.to_string(),
        params: row.reason.params(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Report<'a> {
        #[serde(serialize_with = "serialize_documented")]
        skipped_rows: &'a [SkippedRow],
    }

    #[test]
    fn json_has_the_code_the_english_reason_and_its_params() {
        let row = SkippedRow::new(
            7,
            Some("Datum".into()),
            SkipReason::NotADate {
                text: "gestern".into(),
            },
        );
        let json = serde_json::to_value(Report {
            skipped_rows: &[row],
        })
        .unwrap();
        assert_eq!(
            json["skipped_rows"][0],
            serde_json::json!({
                "line": 7,
                "column": "Datum",
                "code": "not_a_date",
                "reason": "`gestern` is not a date",
                "params": {"value": "gestern"},
            })
        );
    }
}
