//! The skipped rows as a CSV file the user can download and open in a spreadsheet.

use crate::export::{Cell, CsvTable};
use crate::report::SkippedRow;

/// Writes `rows` as CSV (`line,column,reason`, UTF-8, CRLF), neutralised against formula
/// injection (see [`crate::export`]).
pub fn skipped_rows_csv(rows: &[SkippedRow]) -> String {
    let mut table = CsvTable::new(&["line", "column", "reason"]);
    for row in rows {
        table.row(&[
            Cell::Int(row.line as i64),
            Cell::Text(row.column.as_deref().unwrap_or("")),
            Cell::Text(&row.reason),
        ]);
    }
    table.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_and_formula_safe() {
        let rows = vec![
            SkippedRow {
                line: 3,
                column: Some("date".into()),
                reason: "`=1+1` is not a date".into(),
            },
            SkippedRow {
                line: 9,
                column: Some("=HYPERLINK(\"x\")".into()),
                reason: "no amount, really".into(),
            },
            SkippedRow {
                line: 12,
                column: None,
                reason: "-5".into(),
            },
        ];
        assert_eq!(
            skipped_rows_csv(&rows),
            "line,column,reason\r\n3,date,`=1+1` is not a date\r\n9,\"'=HYPERLINK(\"\"x\"\")\",\"no amount, really\"\r\n12,,'-5\r\n"
        );
    }
}
