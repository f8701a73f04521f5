//! The skipped rows as a CSV file the user can download and open in a spreadsheet.

use crate::report::SkippedRow;

/// Writes `rows` as CSV (`line,column,reason`, UTF-8, CRLF). Cells that a spreadsheet would
/// run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) get a leading `'`, as OWASP
/// advises against CSV injection.
pub fn skipped_rows_csv(rows: &[SkippedRow]) -> String {
    let mut out = String::from("line,column,reason\r\n");
    for row in rows {
        out.push_str(&row.line.to_string());
        out.push(',');
        out.push_str(&cell(row.column.as_deref().unwrap_or("")));
        out.push(',');
        out.push_str(&cell(&row.reason));
        out.push_str("\r\n");
    }
    out
}

fn cell(text: &str) -> String {
    let guarded = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
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
