//! The skipped rows: where each left-out row was and why, in English.

use super::{Cell, CsvFile, CsvTable};
use crate::rows::SkippedRow;

/// The skipped rows as `skipped-rows.csv`: `line`, `column`, `reason` (the English wording).
pub fn skipped_rows_csv(rows: &[SkippedRow]) -> CsvFile {
    let mut table = CsvTable::new(&["line", "column", "reason"]);
    for row in rows {
        let reason = row.reason.to_string();
        table.row(&[
            Cell::Int(row.line as i64),
            Cell::Text(row.column.as_deref().unwrap_or("")),
            Cell::Text(&reason),
        ]);
    }
    CsvFile::new("skipped-rows.csv", table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::SkipReason;

    #[test]
    fn a_row_per_skipped_row_with_its_english_reason_formula_safe() {
        let not_a_date = SkipReason::NotADate {
            text: "=1+1".into(),
        };
        let rows = vec![
            SkippedRow::new(3, Some("date".into()), not_a_date.clone()),
            SkippedRow::new(9, Some("=HYPERLINK(\"x\")".into()), SkipReason::NoAmount),
            SkippedRow::new(12, None, SkipReason::NoCustomer),
        ];
        let file = skipped_rows_csv(&rows);
        assert_eq!(file.name, "skipped-rows.csv");
        assert_eq!(
            file.text,
            format!(
                "line,column,reason\r\n3,date,{}\r\n9,\"'=HYPERLINK(\"\"x\"\")\",{}\r\n12,,{}\r\n",
                not_a_date,
                SkipReason::NoAmount,
                SkipReason::NoCustomer
            )
        );
    }
}
