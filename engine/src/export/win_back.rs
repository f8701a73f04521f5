//! The win-back list, for an e-mail tool.

use super::{Cell, CsvFile, CsvTable};
use crate::rfm::win_back::WinBack;

/// The win-back list as `win-back.csv`, most valuable first (docs/report.md, `win_back`).
pub fn win_back_csv(win_back: &WinBack) -> CsvFile {
    let mut table = CsvTable::new(&[
        "customer_id",
        "kind",
        "orders",
        "revenue",
        "last_order",
        "days_since_last_order",
        "segment",
        "value",
    ]);
    for customer in &win_back.customers {
        table.row(&[
            Cell::Text(&customer.customer_id),
            Cell::Text(&customer.kind),
            Cell::Int(customer.orders as i64),
            Cell::money(customer.revenue),
            Cell::Date(customer.last_order),
            Cell::Int(customer.days_since_last_order),
            Cell::Text(&customer.segment),
            Cell::money(customer.value),
        ]);
    }
    CsvFile::new("win-back.csv", table)
}
