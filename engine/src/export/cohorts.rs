//! The cohorts: retention and cumulative revenue per customer by month since the first order.

use super::{Cell, CsvFile, CsvTable};
use crate::metrics::Cohort;

/// The cohorts as `cohorts.csv`: `cohort`, `customers`, then `retention_m0…` and
/// `revenue_per_customer_m0…` up to the oldest cohort's last month; a younger cohort's later
/// months are empty cells (docs/report.md, `cohorts`).
pub fn cohorts_csv(cohorts: &[Cohort]) -> CsvFile {
    let months = cohorts.iter().map(|c| c.retention.len()).max().unwrap_or(0);
    let mut header = vec!["cohort".to_string(), "customers".to_string()];
    header.extend((0..months).map(|m| format!("retention_m{m}")));
    header.extend((0..months).map(|m| format!("revenue_per_customer_m{m}")));
    let mut table = CsvTable::new(&header);
    let mut cells = Vec::with_capacity(header.len());
    for cohort in cohorts {
        cells.clear();
        cells.extend([
            Cell::Text(&cohort.cohort),
            Cell::Int(cohort.customers as i64),
        ]);
        cells.extend((0..months).map(|m| Cell::share_or_empty(cohort.retention.get(m).copied())));
        cells.extend(
            (0..months).map(|m| {
                Cell::money_or_empty(cohort.cumulative_revenue_per_customer.get(m).copied())
            }),
        );
        table.row(&cells);
    }
    CsvFile::new("cohorts.csv", table)
}
