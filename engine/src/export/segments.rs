//! The segment table of one column (channels): CLV, CAC and ROI per value.

use super::{Cell, CsvFile, CsvTable};
use crate::metrics::SegmentTable;

/// The segments by `column` as `segments.csv`: one row per value of the column, headed by the
/// column's own name (docs/report.md, `segments`). No rows when no table is by that column.
pub fn segments_csv(tables: &[SegmentTable], column: &str) -> CsvFile {
    let mut table = CsvTable::new(&[
        column,
        "customers",
        "customer_share",
        "orders",
        "revenue",
        "revenue_share",
        "aov",
        "historical_clv",
        "predicted_clv",
        "cac",
        "roi",
        "clv_to_cac",
    ]);
    for segment in tables.iter().filter(|t| t.column == column) {
        for value in &segment.values {
            table.row(&[
                Cell::Text(&value.value),
                Cell::Int(value.customers as i64),
                Cell::Number(value.customer_share),
                Cell::Int(value.orders as i64),
                Cell::Number(value.revenue),
                Cell::Number(value.revenue_share),
                Cell::Number(value.aov),
                Cell::Number(value.historical_clv),
                value.predicted_clv.into(),
                value.cac.into(),
                value.roi.into(),
                value.clv_to_cac.into(),
            ]);
        }
    }
    CsvFile::new("segments.csv", table)
}
