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
        // The CSV is the English reason; the code and params are for a page to word it.
        let row = |line: u64, column: Option<&str>, reason: &str| SkippedRow {
            line,
            column: column.map(str::to_string),
            code: "not_a_date".into(),
            reason: reason.into(),
            params: Default::default(),
        };
        let rows = vec![
            row(3, Some("date"), "`=1+1` is not a date"),
            row(9, Some("=HYPERLINK(\"x\")"), "no amount, really"),
            row(12, None, "-5"),
        ];
        assert_eq!(
            skipped_rows_csv(&rows),
            "line,column,reason\r\n3,date,`=1+1` is not a date\r\n9,\"'=HYPERLINK(\"\"x\"\")\",\"no amount, really\"\r\n12,,'-5\r\n"
        );
    }
}
