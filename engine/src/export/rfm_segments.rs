//! The named RFM segments and their totals.

use super::{Cell, CsvFile, CsvTable};
use crate::rfm::RfmSegmentSummary;

/// The RFM segments as `rfm-segments.csv`, in the order of the rules (docs/report.md,
/// `rfm.segments`).
pub fn rfm_segments_csv(segments: &[RfmSegmentSummary]) -> CsvFile {
    let mut table = CsvTable::new(&[
        "segment",
        "customers",
        "customer_share",
        "revenue",
        "revenue_share",
        "average_days_since_last_order",
        "average_orders",
        "average_revenue",
    ]);
    for segment in segments {
        table.row(&[
            Cell::Text(&segment.segment),
            Cell::Int(segment.customers as i64),
            Cell::share(segment.customer_share),
            Cell::money(segment.revenue),
            Cell::share(segment.revenue_share),
            Cell::share(segment.average_days_since_last_order),
            Cell::share(segment.average_orders),
            Cell::money(segment.average_revenue),
        ]);
    }
    CsvFile::new("rfm-segments.csv", table)
}
