//! Turning data rows into orders (PRODUCT.md, "Order semantics"): line items merged by order
//! id, cancelled / voided / failed / fully refunded orders left out, partial refunds deducted,
//! negative rows without an order of their own kept as returns, every row accounted for.

use super::columns::{ColumnMap, Role};
use super::dates::{parse_date, DateCell, DateOrder, OrderEvidence};
use super::numbers::{parse_amount, DecimalSeparator, SeparatorEvidence};
use super::split::Fields;
use super::summary_input::SummaryRow;
use crate::order::{AttributeColumn, Order, OrderLog, Return};
use crate::report::{RowCounts, SkippedRow, Warning};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;

/// Distinct values beyond which an extra column is no use for segmenting and is dropped.
pub const MAX_SEGMENT_VALUES: usize = 2_000;
/// Extra columns kept for segmenting, at most.
pub const MAX_SEGMENT_COLUMNS: usize = 32;
/// Marks an empty attribute cell while reading.
const NO_VALUE: u32 = u32::MAX;

/// One amount-like column and what its values said about the decimal separator.
#[derive(Debug, Clone, Copy, Default)]
pub struct NumberColumn {
    /// Column index.
    pub index: Option<usize>,
    /// Separator used for values that read either way.
    pub separator: DecimalSeparator,
    /// What all values said.
    pub evidence: SeparatorEvidence,
}

/// An order while the file is being read (its date may wait for the column's day/month order).
#[derive(Debug, Clone)]
struct PendingOrder {
    customer: u32,
    date: DateCell,
    total: f64,
    refunded: f64,
    quantity: Option<f64>,
    line: u64,
    order_id: Option<String>,
}

struct Segment {
    index: usize,
    name: String,
    values: Vec<String>,
    lookup: FxHashMap<String, u32>,
    per_order: Vec<u32>,
    dropped: bool,
}

/// Reads data rows one by one and keeps the account.
pub struct Builder {
    map: ColumnMap,
    headers: Vec<String>,
    amount: NumberColumn,
    refunded: NumberColumn,
    quantity: NumberColumn,
    dates: OrderEvidence,
    customers: Vec<String>,
    customer_index: FxHashMap<String, u32>,
    orders: Vec<PendingOrder>,
    order_index: FxHashMap<String, u32>,
    returns: Vec<(u32, DateCell, f64, u64)>,
    left_out: FxHashMap<String, &'static str>,
    left_out_counts: FxHashMap<&'static str, u64>,
    segments: Vec<Segment>,
    summary: Vec<SummaryRow>,
    /// Row accounting.
    pub rows: RowCounts,
    skipped: Vec<SkippedRow>,
    conflicting_ids: u64,
    conflict_example: Option<String>,
    currencies: Vec<String>,
    partly_refunded: u64,
}

/// Why an order is left out, from its status; `None` when it counts.
pub fn left_out_status(status: &str) -> Option<&'static str> {
    let s = status.trim().to_lowercase();
    let s = s.strip_prefix("wc-").unwrap_or(&s);
    match s {
        "cancelled" | "canceled" | "anulowane" | "anulowany" | "atcelts" | "отменен"
        | "отменён" | "отменено" | "已取消" | "取消" => Some("cancelled"),
        "voided" | "void" => Some("voided"),
        "failed" | "declined" | "expired" | "nieudane" | "ошибка" | "失敗" | "失败" => {
            Some("failed")
        }
        "refunded" | "fully_refunded" | "zwrócone" | "zwrocone" | "возвращен" | "возвращён"
        | "已退款" => Some("refunded"),
        _ => None,
    }
}

/// The customer key: trimmed and lower-cased, so `Ann@Shop.com ` and `ann@shop.com` are one
/// customer (PRODUCT.md, "customer key").
pub fn customer_key(text: &str) -> std::borrow::Cow<'_, str> {
    let t = text.trim();
    if t.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase()) {
        t.to_lowercase().into()
    } else {
        t.into()
    }
}

impl Builder {
    /// A builder for rows laid out as `map` says.
    pub fn new(
        map: ColumnMap,
        headers: Vec<String>,
        amount: NumberColumn,
        refunded: NumberColumn,
        quantity: NumberColumn,
    ) -> Self {
        let mut segments = Vec::new();
        if !map.is_summary() {
            for (index, name) in headers.iter().enumerate() {
                let kept = match map.role_of(index) {
                    None => true,
                    Some(role) => role.is_segment(),
                };
                if kept && segments.len() < MAX_SEGMENT_COLUMNS && !name.trim().is_empty() {
                    segments.push(Segment {
                        index,
                        name: name.clone(),
                        values: Vec::new(),
                        lookup: FxHashMap::default(),
                        per_order: Vec::new(),
                        dropped: false,
                    });
                }
            }
        }
        Builder {
            map,
            headers,
            amount,
            refunded,
            quantity,
            dates: OrderEvidence::default(),
            customers: Vec::new(),
            customer_index: FxHashMap::default(),
            orders: Vec::new(),
            order_index: FxHashMap::default(),
            returns: Vec::new(),
            left_out: FxHashMap::default(),
            left_out_counts: FxHashMap::default(),
            segments,
            summary: Vec::new(),
            rows: RowCounts::default(),
            skipped: Vec::new(),
            conflicting_ids: 0,
            conflict_example: None,
            currencies: Vec::new(),
            partly_refunded: 0,
        }
    }

    /// The column map in use.
    pub fn map(&self) -> &ColumnMap {
        &self.map
    }

    fn column_name(&self, role: Role) -> Option<String> {
        self.map.index(role).map(|i| {
            self.headers
                .get(i)
                .cloned()
                .unwrap_or_else(|| (i + 1).to_string())
        })
    }

    fn skip(&mut self, line: u64, role: Option<Role>, reason: String) {
        let column = role.and_then(|r| self.column_name(r));
        self.skipped.push(SkippedRow {
            line,
            column,
            reason,
        });
        self.rows.skipped += 1;
    }

    fn note_currency(&mut self, currency: &str) {
        if self.currencies.len() < 8 && !self.currencies.iter().any(|c| c == currency) {
            self.currencies.push(currency.to_string());
        }
    }

    /// Reads an amount cell of `column`; `Err` with the reason when it is not a number.
    fn number(&mut self, which: Role, text: &str) -> Result<f64, String> {
        let Some(amount) = parse_amount(text) else {
            return Err(format!("`{text}` is not a number"));
        };
        if let Some(currency) = amount.currency {
            self.note_currency(currency);
        }
        let column = match which {
            Role::Refunded => &mut self.refunded,
            Role::Quantity => &mut self.quantity,
            _ => &mut self.amount,
        };
        column.evidence.add(&amount);
        amount
            .value(column.separator)
            .ok_or_else(|| format!("`{text}` is not a number"))
    }

    /// Accounts for one data row.
    pub fn row(&mut self, line: u64, fields: &Fields) {
        self.rows.total += 1;
        if self.map.is_summary() {
            match SummaryRow::read(&self.map, fields, self.amount.separator) {
                Ok(row) => {
                    self.summary.push(row);
                    self.rows.imported += 1;
                }
                Err((role, reason)) => self.skip(line, Some(role), reason),
            }
            return;
        }
        let cell = |role: Role| {
            self.map
                .index(role)
                .and_then(|i| fields.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let order_id = cell(Role::OrderId);
        if let Some(id) = order_id {
            if let Some(&at) = self.order_index.get(id) {
                self.merge(line, at as usize, fields);
                return;
            }
            if let Some(&why) = self.left_out.get(id) {
                let reason = format!("part of order {id}, which is {why}: not a purchase");
                self.skip(line, Some(Role::OrderId), reason);
                return;
            }
        }
        let by_status = cell(Role::Status).and_then(left_out_status);
        let why = by_status.or_else(|| cell(Role::CancelledAt).map(|_| "cancelled"));
        if let Some(why) = why {
            let id = order_id.map(str::to_string);
            let what = match &id {
                Some(id) => format!("order {id}"),
                None => "the order".into(),
            };
            if let Some(id) = id {
                self.left_out.insert(id, why);
            }
            *self.left_out_counts.entry(why).or_default() += 1;
            let role = if by_status.is_some() {
                Role::Status
            } else {
                Role::CancelledAt
            };
            self.skip(line, Some(role), format!("{what} is {why}: not a purchase"));
            return;
        }
        let id_text = cell(Role::Customer);
        let key_text = id_text.or_else(|| cell(Role::Email));
        let Some(key_text) = key_text else {
            let role = if self.map.index(Role::Customer).is_some() {
                Role::Customer
            } else {
                Role::Email
            };
            self.skip(line, Some(role), "no customer".into());
            return;
        };
        let Some(date_text) = cell(Role::Date) else {
            self.skip(line, Some(Role::Date), "no date".into());
            return;
        };
        let Some(date) = parse_date(date_text) else {
            let reason = format!("`{date_text}` is not a date");
            self.skip(line, Some(Role::Date), reason);
            return;
        };
        let Some(amount_text) = cell(Role::Amount) else {
            self.skip(line, Some(Role::Amount), "no amount".into());
            return;
        };
        let amount_text = amount_text.to_string();
        let refunded_text = cell(Role::Refunded).map(str::to_string);
        let quantity_text = cell(Role::Quantity).map(str::to_string);
        let currency = cell(Role::Currency).map(str::to_string);
        let order_id = order_id.map(str::to_string);
        let key = customer_key(key_text).into_owned();
        let amount = match self.number(Role::Amount, &amount_text) {
            Ok(v) => v,
            Err(reason) => return self.skip(line, Some(Role::Amount), reason),
        };
        let refunded = match refunded_text {
            None => 0.0,
            Some(t) => match self.number(Role::Refunded, &t) {
                Ok(v) => v.abs(),
                Err(reason) => return self.skip(line, Some(Role::Refunded), reason),
            },
        };
        let quantity = match quantity_text {
            None => None,
            Some(t) => match self.number(Role::Quantity, &t) {
                Ok(v) => Some(v),
                Err(reason) => return self.skip(line, Some(Role::Quantity), reason),
            },
        };
        if let Some(c) = currency {
            self.note_currency(&c.to_uppercase());
        }
        self.dates.add(&date);
        let customer = self.intern(&key);
        if amount < 0.0 {
            self.returns.push((customer, date, -amount, line));
            self.rows.imported += 1;
            return;
        }
        if refunded > 0.0 && refunded >= amount && amount > 0.0 {
            if let Some(id) = order_id {
                self.left_out.insert(id, "fully refunded");
            }
            *self.left_out_counts.entry("fully refunded").or_default() += 1;
            let reason = format!("refunded {refunded} of {amount}: fully refunded, not a purchase");
            return self.skip(line, Some(Role::Refunded), reason);
        }
        if refunded > 0.0 {
            self.partly_refunded += 1;
        }
        if let Some(id) = &order_id {
            self.order_index
                .insert(id.clone(), self.orders.len() as u32);
        }
        self.orders.push(PendingOrder {
            customer,
            date,
            total: amount,
            refunded,
            quantity,
            line,
            order_id,
        });
        self.rows.imported += 1;
        for s in self.segments.iter_mut().filter(|s| !s.dropped) {
            let value = fields.get(s.index).map(str::trim).filter(|v| !v.is_empty());
            let code = match value {
                None => NO_VALUE,
                Some(v) => match s.lookup.get(v) {
                    Some(&code) => code,
                    None if s.values.len() >= MAX_SEGMENT_VALUES => {
                        s.dropped = true;
                        s.values = Vec::new();
                        s.lookup = FxHashMap::default();
                        s.per_order = Vec::new();
                        continue;
                    }
                    None => {
                        let code = s.values.len() as u32;
                        s.values.push(v.to_string());
                        s.lookup.insert(v.to_string(), code);
                        code
                    }
                },
            };
            s.per_order.push(code);
        }
    }

    fn intern(&mut self, key: &str) -> u32 {
        if let Some(&i) = self.customer_index.get(key) {
            return i;
        }
        let i = self.customers.len() as u32;
        self.customers.push(key.to_string());
        self.customer_index.insert(key.to_string(), i);
        i
    }

    /// A line-item row of an order already seen: its amount, refund and quantity are added.
    fn merge(&mut self, line: u64, at: usize, fields: &Fields) {
        let cell = |role: Role| {
            self.map
                .index(role)
                .and_then(|i| fields.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let (amount, refunded, quantity) = (
            cell(Role::Amount),
            cell(Role::Refunded),
            cell(Role::Quantity),
        );
        let key = cell(Role::Customer).or_else(|| cell(Role::Email));
        let date = cell(Role::Date).and_then(|d| parse_date(&d));
        let mut add = [0.0; 3];
        for (k, (role, text)) in [
            (Role::Amount, amount),
            (Role::Refunded, refunded),
            (Role::Quantity, quantity),
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(text) = text {
                match self.number(role, &text) {
                    Ok(v) => add[k] = v,
                    Err(reason) => return self.skip(line, Some(role), reason),
                }
            }
        }
        let customer_differs = key.is_some_and(|k| {
            let customer = self.orders[at].customer as usize;
            self.customers
                .get(customer)
                .is_some_and(|c| *c != customer_key(&k))
        });
        let order = &mut self.orders[at];
        let date_differs = date.is_some_and(|d| d != order.date);
        order.total += add[0];
        order.refunded += add[1].abs();
        if let Some(q) = order.quantity.as_mut() {
            *q += add[2];
        } else if add[2] != 0.0 {
            order.quantity = Some(add[2]);
        }
        if customer_differs || date_differs {
            self.conflicting_ids += 1;
            if self.conflict_example.is_none() {
                self.conflict_example = order.order_id.clone();
            }
        }
        self.rows.merged += 1;
    }

    /// The day/month order the dates read so far point to.
    pub fn date_evidence(&self) -> OrderEvidence {
        self.dates
    }

    /// Ends reading: decides the date order, resolves dates, and collects the warnings.
    pub fn finish(self, date_order: DateOrder, chosen: bool, today: Option<NaiveDate>) -> Finished {
        let mut warnings = Vec::new();
        let mut rows = self.rows;
        let mut skipped = self.skipped;
        let evidence = self.dates;
        let order = if chosen {
            date_order
        } else {
            evidence.decided().unwrap_or(date_order)
        };
        if evidence.either > 0 && !chosen && evidence.decided().is_none() {
            let example = match order {
                DateOrder::DayFirst => "5/3/2024 was read as 5 March 2024",
                DateOrder::MonthFirst => "5/3/2024 was read as May 3, 2024",
            };
            warnings.push(Warning::new(
                "ambiguous_date_order",
                format!("No date in the file says whether the day or the month comes first; {example}. Switch the date order if that is wrong."),
            ));
        }
        if evidence.day_first > 0 && evidence.month_first > 0 {
            warnings.push(Warning::new(
                "mixed_date_orders",
                format!("The date column mixes day-first ({}) and month-first ({}) dates; each was read the only way it can be, the rest as {}.", evidence.day_first, evidence.month_first, match order { DateOrder::DayFirst => "day-first", DateOrder::MonthFirst => "month-first" }),
            ));
        }
        let mut log = OrderLog {
            customers: self.customers,
            ..OrderLog::default()
        };
        let mut kept = Vec::with_capacity(self.orders.len());
        for (i, o) in self.orders.into_iter().enumerate() {
            let Some(date) = o.date.resolve(order) else {
                rows.imported -= 1;
                rows.skipped += 1;
                skipped.push(SkippedRow {
                    line: o.line,
                    column: None,
                    reason: "the date is not a real day".into(),
                });
                continue;
            };
            kept.push(i);
            log.orders.push(Order {
                customer: o.customer,
                date,
                amount: o.total - o.refunded,
                quantity: o.quantity,
                order_id: o.order_id,
                line: o.line,
            });
        }
        for (customer, date, amount, line) in self.returns {
            if let Some(date) = date.resolve(order) {
                log.returns.push(Return {
                    customer,
                    date,
                    amount,
                    line,
                });
            }
        }
        for s in self
            .segments
            .into_iter()
            .filter(|s| !s.dropped && !s.values.is_empty())
        {
            let all_numbers = s
                .values
                .iter()
                .all(|v| parse_amount(v).is_some() || parse_date(v).is_some());
            if all_numbers {
                continue; // amounts, ids and timestamps are no segments
            }
            let per_order = kept
                .iter()
                .map(|&i| s.per_order.get(i).copied().filter(|&c| c != NO_VALUE))
                .collect();
            log.attributes.push(AttributeColumn {
                name: s.name,
                values: s.values,
                per_order,
            });
        }
        skipped.sort_by_key(|s| s.line);
        if !log.returns.is_empty() {
            warnings.push(Warning::new(
                "negative_amounts_as_returns",
                format!("{} rows with a negative amount and no order of their own were counted as returns: they lower the customer's revenue and are not orders.", log.returns.len()),
            ));
        }
        let left_out: u64 = self.left_out_counts.values().sum();
        if left_out > 0 {
            let mut parts: Vec<String> = self
                .left_out_counts
                .iter()
                .map(|(why, n)| format!("{n} {why}"))
                .collect();
            parts.sort();
            warnings.push(Warning::new(
                "orders_left_out",
                format!(
                    "{left_out} orders were left out as no purchase: {}.",
                    parts.join(", ")
                ),
            ));
        }
        if self.partly_refunded > 0 {
            warnings.push(Warning::new(
                "partial_refunds",
                format!(
                    "{} orders were partly refunded; their revenue is the total less the refund.",
                    self.partly_refunded
                ),
            ));
        }
        if self.conflicting_ids > 0 {
            warnings.push(Warning::new(
                "duplicate_order_ids",
                format!("{} rows repeat an order id (e.g. {}) with a different customer or date; they were merged into the first row's order.", self.conflicting_ids, self.conflict_example.unwrap_or_default()),
            ));
        }
        if self.currencies.len() > 1 {
            warnings.push(Warning::new("mixed_currencies", format!("The amounts are in more than one currency ({}); they were added up as they are.", self.currencies.join(", "))));
        }
        if let Some(today) = today {
            let future = log.orders.iter().filter(|o| o.date > today).count();
            if future > 0 {
                warnings.push(Warning::new("future_dates", format!("{future} orders are dated after today ({today}); check the date column and its day/month order.")));
            }
        }
        if self.amount.evidence.ambiguous > 0 {
            let decided = self.amount.evidence.decided();
            if decided.is_none() || decided != Some(self.amount.separator) {
                let sep = match self.amount.separator {
                    DecimalSeparator::Dot => "`.`",
                    DecimalSeparator::Comma => "`,`",
                };
                warnings.push(Warning::new("ambiguous_decimal_separator", format!("{} amounts such as 1,234 can be read two ways; they were read with {sep} as the decimal separator.", self.amount.evidence.ambiguous)));
            }
        }
        Finished {
            log,
            rows,
            skipped,
            warnings,
            date_order: (evidence.either + evidence.day_first + evidence.month_first > 0)
                .then_some(order),
            summary: self.map.is_summary().then_some(self.summary),
        }
    }
}

/// What [`Builder::finish`] hands back.
pub struct Finished {
    /// Counted orders and returns.
    pub log: OrderLog,
    /// Row accounting.
    pub rows: RowCounts,
    /// Skipped rows, by line.
    pub skipped: Vec<SkippedRow>,
    /// Warnings.
    pub warnings: Vec<Warning>,
    /// The day/month order used, when the file has dates where it matters.
    pub date_order: Option<DateOrder>,
    /// Rows of a per-customer summary file.
    pub summary: Option<Vec<SummaryRow>>,
}
