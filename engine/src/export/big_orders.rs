//! The big orders, to check by hand.

use super::{Cell, CsvFile, CsvTable};
use crate::metrics::BigOrders;

/// The big orders as `big-orders.csv`, biggest first (docs/report.md, `big_orders`).
pub fn big_orders_csv(big_orders: &BigOrders) -> CsvFile {
    let mut table = CsvTable::new(&[
        "customer_id",
        "order_id",
        "date",
        "amount",
        "quantity",
        "line",
        "reason",
    ]);
    for order in &big_orders.orders {
        table.row(&[
            Cell::Text(&order.customer_id),
            Cell::Text(order.order_id.as_deref().unwrap_or("")),
            Cell::Date(order.date),
            Cell::money(order.amount),
            order.quantity.into(),
            Cell::Int(order.line as i64),
            Cell::Text(&order.reason),
        ]);
    }
    CsvFile::new("big-orders.csv", table)
}
