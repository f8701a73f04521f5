//! Orders as the rest of the engine sees them: one counted order per entry, customers interned
//! to dense indices so per-customer work is a vector lookup, not a string hash.

use chrono::NaiveDate;

/// One counted order (after merging line items and removing cancelled / fully refunded orders).
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    /// Index into [`OrderLog::customers`].
    pub customer: u32,
    /// Order date as written in the file (the shop's local date).
    pub date: NaiveDate,
    /// Net amount: order total − refunded amount (≥ 0 for an order).
    pub amount: f64,
    /// Number of items, when the file has a quantity column.
    pub quantity: Option<f64>,
    /// The order id from the file, when it has one.
    pub order_id: Option<String>,
    /// 1-based line of the order's first row in the file.
    pub line: u64,
}

/// A return: a row with a negative amount and no order of its own. It lowers the customer's
/// revenue and is never an order (PRODUCT.md, "Order semantics").
#[derive(Debug, Clone, PartialEq)]
pub struct Return {
    /// Index into [`OrderLog::customers`].
    pub customer: u32,
    /// Date of the return.
    pub date: NaiveDate,
    /// Amount returned, a positive number.
    pub amount: f64,
    /// 1-based line in the file.
    pub line: u64,
}

/// An extra column of the file kept for segmenting (channel, product group, tags…): one value
/// per order, interned.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AttributeColumn {
    /// Header of the column.
    pub name: String,
    /// Distinct values.
    pub values: Vec<String>,
    /// For each order (same index as [`OrderLog::orders`]), an index into `values`, or `None`
    /// when the cell was empty.
    pub per_order: Vec<Option<u32>>,
}

/// All counted orders of a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrderLog {
    /// Customer keys, indexed by [`Order::customer`].
    pub customers: Vec<String>,
    /// Counted orders, in file order.
    pub orders: Vec<Order>,
    /// Returns without an order of their own.
    pub returns: Vec<Return>,
    /// Extra columns kept for segmenting.
    pub attributes: Vec<AttributeColumn>,
}

impl OrderLog {
    /// Earliest and latest order date, or `None` when there are no orders.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let mut dates = self.orders.iter().map(|o| o.date);
        let first = dates.next()?;
        Some(dates.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
    }
}
