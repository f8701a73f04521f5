//! The skipped rows as a CSV file the user can download and open in a spreadsheet.

use crate::export::{Cell, CsvTable};
use crate::rows::SkippedRow;

/// Writes `rows` as CSV (`line,column,reason`, UTF-8, CRLF), neutralised against formula
/// injection (see [`crate::export`]).
pub fn skipped_rows_csv(rows: &[SkippedRow]) -> String {
    let mut table = CsvTable::new(&["line", "column", "reason"]);
    for row in rows {
        table.row(&[
            Cell::Int(row.line as i64),
            Cell::Text(row.column.as_deref().unwrap_or("")),
            Cell::Text(&row.reason.to_string()),
        ]);
    }
    table.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_and_formula_safe() {
        // The CSV is the English reason; the code and params are for a page to word it.
        use crate::import::skip_reason::SkipReason;
        let rows = vec![
            SkippedRow::new(
                3,
                Some("date".into()),
                SkipReason::NotADate {
                    text: "=1+1".into(),
                },
            ),
            SkippedRow::new(
                9,
                Some("=HYPERLINK(\"x\")".into()),
                SkipReason::NotANumber { text: "1,5".into() },
            ),
            SkippedRow::new(12, None, SkipReason::NoAmount),
        ];
        assert_eq!(
            skipped_rows_csv(&rows),
            "line,column,reason\r\n3,date,`=1+1` is not a date\r\n9,\"'=HYPERLINK(\"\"x\"\")\",\"`1,5` is not a number\"\r\n12,,no amount\r\n"
        );
    }
}
