//! The segment table of one column (channels): CLV, CAC and ROI per value.

use super::{Cell, CsvFile, CsvTable};
use crate::metrics::SegmentTable;

/// The segments by `column` as `clv-by-<column>.csv` ([`segments_file_name`]): one row per value of the column, headed by the
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
                Cell::share(value.customer_share),
                Cell::Int(value.orders as i64),
                Cell::money(value.revenue),
                Cell::share(value.revenue_share),
                Cell::money(value.aov),
                Cell::money(value.historical_clv),
                Cell::money_or_empty(value.predicted_clv),
                Cell::money_or_empty(value.cac),
                Cell::money_or_empty(value.roi),
                Cell::share_or_empty(value.clv_to_cac),
            ]);
        }
    }
    CsvFile::new(segments_file_name(column), table)
}

/// The file's name, after the column it is by: `clv-by-channel.csv`, `clv-by-product-group.csv`
/// (letters and digits of the column's name, lower-cased, any other run of characters one `-`).
pub fn segments_file_name(column: &str) -> String {
    let mut slug = String::new();
    for c in column.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "clv-by-segment.csv".to_string()
    } else {
        format!("clv-by-{slug}.csv")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_named_after_its_column() {
        assert_eq!(segments_file_name("channel"), "clv-by-channel.csv");
        assert_eq!(
            segments_file_name(" Product group "),
            "clv-by-product-group.csv"
        );
        assert_eq!(
            segments_file_name("Канал/источник"),
            "clv-by-канал-источник.csv"
        );
        assert_eq!(segments_file_name("../.."), "clv-by-segment.csv");
    }
}
