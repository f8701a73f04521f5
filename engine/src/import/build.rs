//! Turning data rows into orders (PRODUCT.md, "Order semantics"): line items merged by order
//! id, cancelled / voided / failed / fully refunded orders left out, partial refunds deducted,
//! negative rows without an order of their own kept as returns, every row accounted for.

use super::columns::{ColumnMap, Role};
use super::dates::{parse_date, DateCell, DateOrder, OrderEvidence};
use super::keys::{customer_key, is_email, key_fingerprint, CompactKeyIndex, FxHashMap};
use super::numbers::{parse_amount, DecimalSeparator, SeparatorEvidence};
use super::skip_reason::{NoPurchase, SkipReason};
use super::split::{Broken, Fields, MAX_RECORD_BYTES};
use super::summary_input::SummaryRow;
use crate::order::{Contact, Order, OrderIds, OrderLines};
use crate::rows::{RowCounts, SkippedRow};
use chrono::NaiveDate;
use std::borrow::Cow;

mod finish;
mod order_index;
use order_index::{OrderIndex, Probe};

/// Distinct values beyond which an extra column is no use for segmenting and is dropped.
pub(crate) const MAX_SEGMENT_VALUES: usize = 2_000;
/// Extra columns kept for segmenting, at most.
pub(crate) const MAX_SEGMENT_COLUMNS: usize = 32;
/// Skipped rows listed with their line and reason, at most; the rest are counted.
pub(crate) const MAX_LISTED_SKIPPED: usize = 100_000;
/// Marks an empty attribute cell while reading.
const NO_VALUE: u16 = crate::order::AttributeColumn::EMPTY;
// Every value's code fits the 2 bytes of `AttributeColumn::per_order`, below its EMPTY.
const _: () = assert!(MAX_SEGMENT_VALUES < NO_VALUE as usize);

/// One amount-like column and what its values said about the decimal separator.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NumberColumn {
    /// Separator used for values that read either way.
    pub separator: DecimalSeparator,
    /// What all values said.
    pub evidence: SeparatorEvidence,
}

struct Segment {
    index: usize,
    name: String,
    values: Vec<String>,
    lookup: FxHashMap<String, u16>,
    per_order: Vec<u16>,
    dropped: bool,
}

/// The product column read with every line item: each row adds its product to its order
/// ([`crate::order::ProductColumn`]). Its size grows with the rows, never beyond them.
struct ProductReader {
    index: usize,
    name: String,
    values: Vec<String>,
    lookup: FxHashMap<String, u32>,
    /// (order, product) of each row with a product, in file order.
    items: Vec<(u32, u32)>,
}

impl ProductReader {
    /// Notes the product of a row of order `order`, when its cell is filled.
    fn add(&mut self, order: usize, fields: &Fields) {
        let Some(text) = cell(fields, Some(self.index)) else {
            return;
        };
        let code = match self.lookup.get(text) {
            Some(&code) => code,
            None => {
                let code = self.values.len() as u32;
                self.values.push(text.to_string());
                self.lookup.insert(text.to_string(), code);
                code
            }
        };
        let item = (order as u32, code);
        if self.items.last() != Some(&item) {
            self.items.push(item);
        }
    }
}

/// Values beyond which a segment column's values are looked up by hash instead of one by one.
const FEW_SEGMENT_VALUES: usize = 8;

impl Segment {
    /// The code of value `v` (its place in `values`), if it was seen. A channel or a country
    /// column has a handful of values: comparing with each is cheaper than hashing.
    fn find(&self, v: &str) -> Option<u16> {
        if self.values.len() <= FEW_SEGMENT_VALUES {
            return self
                .values
                .iter()
                .position(|known| known == v)
                .map(|at| at as u16);
        }
        self.lookup.get(v).copied()
    }
}

/// Reads data rows one by one and keeps the account.
pub(crate) struct Builder {
    map: ColumnMap,
    headers: Vec<String>,
    amount: NumberColumn,
    refunded: NumberColumn,
    quantity: NumberColumn,
    dates: OrderEvidence,
    customers: Vec<String>,
    customer_index: CompactKeyIndex,
    /// Orders in file order; `date` and `amount` are final only after [`Builder::finish`].
    orders: Vec<Order>,
    /// Per order: its line.
    lines: OrderLines,
    /// Per order, when the file has an order-id column: its id.
    order_ids: OrderIds,
    /// Per order, when the file has a quantity column: its number of items.
    quantities: Vec<Option<f64>>,
    /// The orders whose date waits for the column's day/month order (`3/4/2024`), by order
    /// index in increasing order. Their order holds the date read month-first until the end;
    /// a file written `a/b/year` has about one such date in three (those a day-first and a
    /// month-first reading both fit), so 4 bytes each.
    undecided: Vec<u32>,
    /// Per order, once an order of the file has a refund (empty before): its refunds, deducted
    /// from its amount at the end.
    refunds: Vec<f64>,
    order_index: OrderIndex,
    cols: Cols,
    is_summary: bool,
    key_buf: String,
    returns: Vec<(u32, DateCell, f64, u64)>,
    left_out: FxHashMap<String, NoPurchase>,
    left_out_counts: FxHashMap<NoPurchase, u64>,
    segments: Vec<Segment>,
    product: Option<ProductReader>,
    summary: Vec<SummaryRow>,
    /// Row accounting.
    pub rows: RowCounts,
    skipped: Vec<SkippedRow>,
    conflicting_ids: u64,
    conflict_example: Option<String>,
    currencies: Vec<String>,
    partly_refunded: u64,
    /// Named columns: fields after the last header name that are not empty are dropped.
    width: usize,
    /// Rows with more filled fields than `width`, the first lines of them, and the first one's
    /// dropped fields.
    extra_rows: u64,
    extra_lines: Vec<u64>,
    extra_dropped: Vec<String>,
    /// The contact columns, when the file has any beyond the customer key.
    contact_cols: Option<ContactCols>,
    /// Contact details per customer (same index as `customers`), filled while reading.
    contacts: Vec<Contact>,
}

/// The columns a customer's contact details are read from.
#[derive(Debug, Clone, Copy)]
struct ContactCols {
    email: Option<usize>,
    first: Option<usize>,
    last: Option<usize>,
    full: Option<usize>,
    accepts: Option<usize>,
}

impl ContactCols {
    /// The contact columns of `map`, when it has a name or consent column, or an e-mail column
    /// beside the customer id (without an id, the e-mail is the key and needs no copy).
    fn of(map: &ColumnMap) -> Option<ContactCols> {
        let cols = ContactCols {
            email: map
                .index(Role::Email)
                .filter(|_| map.index(Role::Customer).is_some()),
            first: map.index(Role::FirstName),
            last: map.index(Role::LastName),
            full: map.index(Role::FullName),
            accepts: map.index(Role::AcceptsMarketing),
        };
        [cols.email, cols.first, cols.last, cols.full, cols.accepts]
            .iter()
            .any(Option::is_some)
            .then_some(cols)
    }
}

/// A whole name split for first / last name columns: at the first space, the rest being the
/// last name ("Anna Maria Kowalska" → "Anna", "Maria Kowalska"); a name without a space is a
/// first name ("王小明", "Madonna").
pub(crate) fn split_full_name(name: &str) -> (Option<&str>, Option<&str>) {
    let name = name.trim();
    match name.split_once(char::is_whitespace) {
        Some((first, last)) => (Some(first), Some(last.trim()).filter(|l| !l.is_empty())),
        None => (Some(name).filter(|n| !n.is_empty()), None),
    }
}

/// A marketing-consent cell read as yes or no (Shopify writes `yes` / `no`, other tools
/// `true` / `false`, `1` / `0`, `subscribed`…); anything else says nothing.
pub(crate) fn consent(text: &str) -> Option<bool> {
    let text = text.trim();
    // Nearly every cell is a short ASCII word: compared without a lower-cased copy.
    let mut ascii = [0u8; 16];
    let lower = if text.is_ascii() && text.len() <= ascii.len() {
        let ascii = &mut ascii[..text.len()];
        ascii.copy_from_slice(text.as_bytes());
        ascii.make_ascii_lowercase();
        std::borrow::Cow::Borrowed(std::str::from_utf8(ascii).unwrap_or_default())
    } else {
        std::borrow::Cow::Owned(text.to_lowercase())
    };
    match lower.as_ref() {
        "yes" | "y" | "true" | "1" | "subscribed" | "opted in" | "opt-in" | "jā" | "ja" | "tak"
        | "да" | "是" => Some(true),
        "no" | "n" | "false" | "0" | "unsubscribed" | "not subscribed" | "never subscribed"
        | "opted out" | "opt-out" | "nē" | "ne" | "nie" | "нет" | "否" => Some(false),
        _ => None,
    }
}

/// Lines of rows with extra fields named in the warning, at most.
const LISTED_EXTRA_LINES: usize = 5;
/// Characters of a dropped field shown in the warning, at most.
const DROPPED_CHARS: usize = 40;

/// A trimmed, non-empty cell. Always inlined: it runs for every role of every row.
#[inline(always)]
fn cell(fields: &Fields, index: Option<usize>) -> Option<&str> {
    let text = super::split::trim(fields.get(index?)?);
    (!text.is_empty()).then_some(text)
}

/// The cell a row's customer key comes from: the customer id, or the e-mail when the id is
/// empty (then `true`).
#[inline(always)]
fn customer_cell(fields: &Fields, c: Cols) -> Option<(&str, bool)> {
    match cell(fields, c.customer) {
        Some(id) => Some((id, false)),
        None => cell(fields, c.email).map(|e| (e, true)),
    }
}

/// The columns of the roles a row is read with (looked up once, not per cell).
#[derive(Debug, Clone, Copy)]
struct Cols {
    customer: Option<usize>,
    email: Option<usize>,
    date: Option<usize>,
    amount: Option<usize>,
    order_id: Option<usize>,
    quantity: Option<usize>,
    status: Option<usize>,
    refunded: Option<usize>,
    cancelled_at: Option<usize>,
    currency: Option<usize>,
}

/// Why an order is left out, from its status; `None` when it counts.
pub(crate) fn left_out_status(status: &str) -> Option<NoPurchase> {
    let status = status.trim();
    if matches!(
        status,
        "paid" | "Paid" | "completed" | "wc-completed" | "succeeded"
    ) {
        return None; // the common case, without lower-casing
    }
    let s = status.to_lowercase();
    let s = s.strip_prefix("wc-").unwrap_or(&s);
    match s {
        "cancelled" | "canceled" | "anulowane" | "anulowany" | "atcelts" | "отменен"
        | "отменён" | "отменено" | "已取消" | "取消" => {
            Some(NoPurchase::Cancelled)
        }
        "voided" | "void" => Some(NoPurchase::Voided),
        // Przelewy24 writes `odrzucona` for a rejected payment; YooKassa `canceled` (above).
        "failed" | "declined" | "rejected" | "expired" | "nieudane" | "odrzucona" | "odrzucone"
        | "odrzucony" | "ошибка" | "отклонен" | "отклонён" | "失敗" | "失败" => {
            Some(NoPurchase::Failed)
        }
        "refunded" | "fully_refunded" | "zwrócone" | "zwrocone" | "возвращен" | "возвращён"
        | "已退款" => Some(NoPurchase::Refunded),
        _ => None,
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
        let cols = Cols {
            customer: map.index(Role::Customer),
            email: map.index(Role::Email),
            date: map.index(Role::Date),
            amount: map.index(Role::Amount),
            order_id: map.index(Role::OrderId),
            quantity: map.index(Role::Quantity),
            status: map.index(Role::Status),
            refunded: map.index(Role::Refunded),
            cancelled_at: map.index(Role::CancelledAt),
            currency: map.index(Role::Currency),
        };
        let is_summary = map.is_summary();
        let contact_cols = if is_summary {
            None
        } else {
            ContactCols::of(&map)
        };
        let product = map
            .index(Role::Product)
            .filter(|_| !is_summary)
            .map(|index| ProductReader {
                index,
                name: headers
                    .get(index)
                    .filter(|h| !h.trim().is_empty())
                    .cloned()
                    .unwrap_or_else(|| (index + 1).to_string()),
                values: Vec::new(),
                lookup: FxHashMap::default(),
                items: Vec::new(),
            });
        Builder {
            map,
            amount,
            refunded,
            quantity,
            dates: OrderEvidence::default(),
            customers: Vec::new(),
            customer_index: CompactKeyIndex::default(),
            orders: Vec::new(),
            lines: OrderLines::default(),
            order_ids: OrderIds::default(),
            quantities: Vec::new(),
            undecided: Vec::new(),
            refunds: Vec::new(),
            order_index: OrderIndex::default(),
            cols,
            is_summary,
            key_buf: String::new(),
            returns: Vec::new(),
            left_out: FxHashMap::default(),
            left_out_counts: FxHashMap::default(),
            segments,
            product,
            summary: Vec::new(),
            rows: RowCounts::default(),
            skipped: Vec::new(),
            conflicting_ids: 0,
            conflict_example: None,
            currencies: Vec::new(),
            partly_refunded: 0,
            width: super::sniff::filled(&headers),
            extra_rows: 0,
            extra_lines: Vec::new(),
            extra_dropped: Vec::new(),
            contact_cols,
            contacts: Vec::new(),
            headers,
        }
    }

    /// Orders kept so far.
    pub(crate) fn order_count(&self) -> usize {
        self.orders.len()
    }

    /// Customers kept so far.
    pub(crate) fn customer_count(&self) -> usize {
        self.customers.len()
    }

    /// Makes room for `orders` orders in every per-order table, exactly: growing a table of
    /// millions by doubling would copy it and, in the browser's worker whose memory never
    /// shrinks, leave the old copy's space behind as part of its high-water mark.
    pub(crate) fn reserve(&mut self, orders: usize) {
        if self.is_summary {
            return;
        }
        fn exact<T>(v: &mut Vec<T>, capacity: usize) {
            v.reserve_exact(capacity.saturating_sub(v.len()));
        }
        exact(&mut self.orders, orders);
        self.lines.reserve(orders);
        if !self.refunds.is_empty() {
            exact(&mut self.refunds, orders);
        }
        if self.cols.order_id.is_some() {
            self.order_index.reserve(orders);
            self.order_ids.reserve(orders);
        }
        if self.cols.quantity.is_some() {
            exact(&mut self.quantities, orders);
        }
        for s in self.segments.iter_mut().filter(|s| !s.dropped) {
            exact(&mut s.per_order, orders);
        }
    }

    /// Room left in the per-order tables before they must grow.
    pub(crate) fn order_room(&self) -> usize {
        self.orders.capacity() - self.orders.len()
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

    fn skip(&mut self, line: u64, role: Option<Role>, reason: SkipReason) {
        self.rows.skipped += 1;
        if self.skipped.len() >= MAX_LISTED_SKIPPED {
            return; // counted, not listed: a wrong mapping must not fill the memory
        }
        let column = role.and_then(|r| self.column_name(r));
        self.skipped.push(SkippedRow::new(line, column, reason));
    }

    /// Notes a row with fields after the last named column, when any of them is filled.
    #[cold]
    fn note_extra_fields(&mut self, line: u64, fields: &Fields) {
        let extra = (self.width..fields.len()).filter_map(|i| fields.get(i));
        if extra.clone().all(|f| f.trim().is_empty()) {
            return; // delimiters at the end of the row
        }
        self.extra_rows += 1;
        if self.extra_lines.len() < LISTED_EXTRA_LINES {
            self.extra_lines.push(line);
        }
        if self.extra_dropped.is_empty() {
            let last = (self.width..fields.len())
                .rev()
                .find(|&i| fields.get(i).is_some_and(|f| !f.trim().is_empty()))
                .unwrap_or(self.width);
            self.extra_dropped = extra
                .take(last + 1 - self.width)
                .take(LISTED_EXTRA_LINES)
                .map(|f| {
                    let f = f.trim();
                    let mut short: String = f.chars().take(DROPPED_CHARS).collect();
                    if short.len() < f.len() {
                        short.push('…');
                    }
                    short
                })
                .collect();
        }
    }

    /// Accounts for a record that could not be read (see [`Broken`]): a skipped row.
    pub(crate) fn broken_row(&mut self, broken: Broken) {
        self.rows.total += 1;
        let (line, field, reason) = match broken {
            Broken::UnclosedQuote { line, field, text } => {
                (line, Some(field), SkipReason::UnclosedQuote { text })
            }
            Broken::TooLong { line, bytes } => (
                line,
                None,
                SkipReason::RowTooLong {
                    bytes,
                    limit: MAX_RECORD_BYTES as u64,
                },
            ),
        };
        self.rows.skipped += 1;
        if self.skipped.len() < MAX_LISTED_SKIPPED {
            let column = field.map(|i| {
                self.headers
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| (i + 1).to_string())
            });
            self.skipped.push(SkippedRow::new(line, column, reason));
        }
    }

    fn note_currency(&mut self, currency: &str) {
        if self.currencies.len() < 8 && !self.currencies.iter().any(|c| c == currency) {
            self.currencies.push(currency.to_string());
        }
    }

    /// Reads an amount cell of `column`; `Err` with the reason when it is not a number.
    fn number(&mut self, which: Role, text: &str) -> Result<f64, SkipReason> {
        let not_a_number = || SkipReason::NotANumber {
            text: text.to_string(),
        };
        let Some(amount) = parse_amount(text) else {
            return Err(not_a_number());
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
        let value = amount.value(column.separator).ok_or_else(not_a_number)?;
        super::numbers::within_amount_limit(value, text)
    }

    /// The fingerprint of a row's customer key, when it is ASCII (nearly always), for
    /// [`Builder::known_customer`].
    pub(crate) fn customer_fingerprint(&self, fields: &Fields) -> Option<u128> {
        let (key, from_email) = customer_cell(fields, self.cols)?;
        key_fingerprint(key, is_email(key, from_email))
    }

    /// The customer with key fingerprint `fp` if already known; changes nothing.
    ///
    /// The customer table is far bigger than the processor's cache, so each row's look-up
    /// waits for memory. Looking up the customers of a batch of rows one after the other, with
    /// nothing else in between, lets the processor wait for several at once; the rows then
    /// pass what was found to [`Builder::row_of_customer`] instead of looking up again.
    pub fn known_customer(&self, fp: u128) -> Option<u32> {
        self.customer_index.get_fingerprint(fp)
    }

    /// Accounts for one data row whose customer, when `known`, was found by
    /// [`Builder::known_customer`] for this row's key.
    pub fn row_of_customer(&mut self, line: u64, fields: &Fields, known: Option<u32>) {
        self.rows.total += 1;
        if fields.len() > self.width {
            self.note_extra_fields(line, fields);
        }
        if self.is_summary {
            match SummaryRow::read(&self.map, fields, self.amount.separator) {
                Ok(row) => {
                    self.summary.push(row);
                    self.rows.imported += 1;
                }
                Err((role, reason)) => self.skip(line, Some(role), reason),
            }
            return;
        }
        let c = self.cols;
        let order_id = cell(fields, c.order_id);
        let probe = order_id.map(Probe::new);
        if let (Some(id), Some(probe)) = (order_id, &probe) {
            // Line items usually follow their order: try the last order before the index.
            let last = self.order_ids.len().checked_sub(1);
            let same_as_last = last.filter(|&at| probe.is_order(&self.order_ids, at));
            if let Some(at) = same_as_last.or_else(|| {
                self.order_index
                    .find(probe, &self.order_ids)
                    .map(|at| at as usize)
            }) {
                return self.merge(line, at, fields);
            }
            let left_out = if self.left_out.is_empty() {
                None
            } else {
                self.left_out.get(id)
            };
            if let Some(&why) = left_out {
                let reason = SkipReason::PartOfLeftOutOrder {
                    order_id: id.to_string(),
                    why,
                };
                return self.skip(line, Some(Role::OrderId), reason);
            }
        }
        let by_status = cell(fields, c.status).and_then(left_out_status);
        let why = by_status.or_else(|| cell(fields, c.cancelled_at).map(|_| NoPurchase::Cancelled));
        if let Some(why) = why {
            if let Some(id) = order_id {
                self.left_out.insert(id.to_string(), why);
            }
            *self.left_out_counts.entry(why).or_default() += 1;
            let role = if by_status.is_some() {
                Role::Status
            } else {
                Role::CancelledAt
            };
            let reason = SkipReason::NotAPurchase {
                order_id: order_id.map(str::to_string),
                why,
            };
            return self.skip(line, Some(role), reason);
        }
        let Some((key_text, from_email)) = customer_cell(fields, c) else {
            let role = if c.customer.is_some() {
                Role::Customer
            } else {
                Role::Email
            };
            return self.skip(line, Some(role), SkipReason::NoCustomer);
        };
        let Some(date_text) = cell(fields, c.date) else {
            return self.skip(line, Some(Role::Date), SkipReason::NoDate);
        };
        let Some(date) = parse_date(date_text) else {
            let reason = SkipReason::NotADate {
                text: date_text.to_string(),
            };
            return self.skip(line, Some(Role::Date), reason);
        };
        if !crate::limits::years_in_range(date.year()) {
            let reason = SkipReason::DateOutOfRange {
                text: date_text.to_string(),
            };
            return self.skip(line, Some(Role::Date), reason);
        }
        let Some(amount_text) = cell(fields, c.amount) else {
            return self.skip(line, Some(Role::Amount), SkipReason::NoAmount);
        };
        let amount = match self.number(Role::Amount, amount_text) {
            Ok(v) => v,
            Err(reason) => return self.skip(line, Some(Role::Amount), reason),
        };
        let refunded = match cell(fields, c.refunded) {
            None => 0.0,
            Some(t) => match self.number(Role::Refunded, t) {
                Ok(v) => v.abs(),
                Err(reason) => return self.skip(line, Some(Role::Refunded), reason),
            },
        };
        let quantity = match cell(fields, c.quantity) {
            None => None,
            Some(t) => match self.number(Role::Quantity, t) {
                Ok(v) => Some(v),
                Err(reason) => return self.skip(line, Some(Role::Quantity), reason),
            },
        };
        if let Some(currency) = cell(fields, c.currency) {
            if currency.len() <= 8 {
                self.note_currency(&currency.to_uppercase());
            }
        }
        self.dates.add(&date);
        let customer = match known {
            Some(customer) => customer,
            None => self.intern(key_text, from_email),
        };
        if self.contact_cols.is_some() {
            self.note_contact(customer, fields, from_email);
        }
        if amount < 0.0 {
            self.returns.push((customer, date, -amount, line));
            self.rows.imported += 1;
            return;
        }
        if refunded > 0.0 && refunded >= amount && amount > 0.0 {
            if let Some(id) = order_id {
                self.left_out
                    .insert(id.to_string(), NoPurchase::FullyRefunded);
            }
            *self
                .left_out_counts
                .entry(NoPurchase::FullyRefunded)
                .or_default() += 1;
            let reason = SkipReason::FullyRefunded { refunded, amount };
            return self.skip(line, Some(Role::Refunded), reason);
        }
        if refunded > 0.0 {
            self.partly_refunded += 1;
        }
        let at = self.orders.len() as u32;
        if let Some(probe) = &probe {
            self.order_index.add(probe, at, &self.order_ids);
        }
        let date = match date {
            DateCell::Exact(d) | DateCell::Settles(d, _) => d,
            DateCell::Either { .. } => {
                // Read month-first until finish() knows the column's order. (Every such cell has
                // a month-first reading; were one without, finish() would leave its order out.)
                self.undecided.push(at);
                date.resolve(DateOrder::MonthFirst)
                    .unwrap_or(NaiveDate::MIN)
            }
        };
        self.orders.push(Order {
            customer,
            date,
            amount,
        });
        self.lines.push(line);
        if self.cols.order_id.is_some() {
            self.order_ids.push_cut(probe.as_ref().map(Probe::cut));
        }
        if self.cols.quantity.is_some() {
            self.quantities.push(quantity);
        }
        if refunded != 0.0 || !self.refunds.is_empty() {
            self.add_refund(at as usize, refunded);
        }
        self.rows.imported += 1;
        self.keep_segments(fields);
        if let Some(p) = self.product.as_mut() {
            p.add(at as usize, fields);
        }
    }

    /// Notes what a row says of its customer's contact details (see [`Contact`]).
    fn note_contact(&mut self, customer: u32, fields: &Fields, from_email: bool) {
        let Some(c) = self.contact_cols else {
            return;
        };
        let at = customer as usize;
        if self.contacts.len() <= at {
            self.contacts.resize_with(at + 1, Contact::default);
        }
        let email = if from_email {
            None
        } else {
            cell(fields, c.email)
        };
        let (first, last) = match (cell(fields, c.first), cell(fields, c.last)) {
            (None, None) => cell(fields, c.full).map_or((None, None), split_full_name),
            named => named,
        };
        let contact = &mut self.contacts[at];
        contact.fill(email, first, last);
        if let Some(accepts) = cell(fields, c.accepts).and_then(consent) {
            contact.note_consent(accepts);
        }
    }

    /// Keeps the extra columns' values of a new order (its first row).
    fn keep_segments(&mut self, fields: &Fields) {
        for s in self.segments.iter_mut().filter(|s| !s.dropped) {
            let code = match cell(fields, Some(s.index)) {
                None => NO_VALUE,
                Some(v) => match s.find(v) {
                    Some(code) => code,
                    None if s.values.len() >= MAX_SEGMENT_VALUES => {
                        s.dropped = true;
                        s.values = Vec::new();
                        s.lookup = FxHashMap::default();
                        s.per_order = Vec::new();
                        continue;
                    }
                    None => {
                        // Below MAX_SEGMENT_VALUES, so it fits.
                        let code = s.values.len() as u16;
                        s.values.push(v.to_string());
                        s.lookup.insert(v.to_string(), code);
                        code
                    }
                },
            };
            s.per_order.push(code);
        }
    }

    /// The customer's index, by key ([`customer_key`]: an id as written, an e-mail
    /// lower-cased). An id, or an ASCII e-mail, is fingerprinted as it is read (an e-mail
    /// lower-cased word by word) and written out only for a new customer; other e-mails are
    /// lower-cased into a reused buffer first.
    fn intern(&mut self, text: &str, from_email: bool) -> u32 {
        let t = super::split::trim(text);
        let email = is_email(t, from_email);
        let next = self.customers.len() as u32;
        if let Some(fp) = key_fingerprint(t, email) {
            let i = self.customer_index.get_or_insert_fingerprint(fp, next);
            if i == next {
                self.customers.push(if email {
                    t.to_ascii_lowercase()
                } else {
                    t.to_string()
                });
            }
            return i;
        }
        self.key_buf.clear();
        self.key_buf.extend(t.chars().flat_map(char::to_lowercase));
        let i = self.customer_index.get_or_insert(&self.key_buf, next);
        if i == next {
            self.customers.push(self.key_buf.clone());
        }
        i
    }

    /// Adds `refunded` to the refunds of order `at` (the table of refunds is made, sized for
    /// every order, the first time an order has one).
    fn add_refund(&mut self, at: usize, refunded: f64) {
        if self.refunds.len() <= at {
            let room = self.orders.capacity().max(at + 1);
            self.refunds.reserve_exact(room - self.refunds.len());
            self.refunds.resize(at + 1, 0.0);
        }
        self.refunds[at] += refunded;
    }

    /// Whether order `at` was read with the date of `cell` (under either day/month order when
    /// the date waits for the column's).
    fn has_date(&self, at: usize, cell: DateCell) -> bool {
        let waiting = self.undecided.binary_search(&(at as u32)).is_ok();
        let read = self.orders.get(at).map(|o| o.date);
        match cell {
            DateCell::Exact(d) | DateCell::Settles(d, _) => !waiting && read == Some(d),
            DateCell::Either { .. } => waiting && cell.resolve(DateOrder::MonthFirst) == read,
        }
    }

    /// A line-item row of an order already seen: its amount, refund and quantity are added.
    fn merge(&mut self, line: u64, at: usize, fields: &Fields) {
        let c = self.cols;
        let mut add = [0.0; 3];
        let numbers = [
            (Role::Amount, c.amount),
            (Role::Refunded, c.refunded),
            (Role::Quantity, c.quantity),
        ];
        for (k, (role, index)) in numbers.into_iter().enumerate() {
            if let Some(text) = cell(fields, index) {
                match self.number(role, text) {
                    Ok(v) => add[k] = v,
                    Err(reason) => return self.skip(line, Some(role), reason),
                }
            }
        }
        let key = customer_cell(fields, c);
        let customer_differs = key.is_some_and(|(k, from_email)| {
            let customer = self.orders[at].customer as usize;
            self.customers
                .get(customer)
                .is_some_and(|known| *known != customer_key(k, from_email))
        });
        let date = cell(fields, c.date).and_then(parse_date);
        let date_differs = date.is_some_and(|d| !self.has_date(at, d));
        if add[1] != 0.0 {
            self.add_refund(at, add[1].abs());
        }
        self.orders[at].amount += add[0];
        if let Some(quantity) = self.quantities.get_mut(at) {
            if let Some(q) = quantity.as_mut() {
                *q += add[2];
            } else if add[2] != 0.0 {
                *quantity = Some(add[2]);
            }
        }
        if customer_differs || date_differs {
            self.conflicting_ids += 1;
            if self.conflict_example.is_none() {
                self.conflict_example = self.order_ids.get(at).map(Cow::into_owned);
            }
        }
        if let Some(p) = self.product.as_mut() {
            p.add(at, fields);
        }
        self.rows.merged += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_words_in_any_case_and_script() {
        for (cell, expected) in [
            ("yes", Some(true)),
            (" YES ", Some(true)),
            ("Opted In", Some(true)),
            ("Jā", Some(true)),
            ("ДА", Some(true)),
            ("是", Some(true)),
            ("Never Subscribed", Some(false)),
            ("nē", Some(false)),
            ("НЕТ", Some(false)),
            ("否", Some(false)),
            ("maybe", None),
            ("", None),
            ("yes, please send me everything", None),
        ] {
            assert_eq!(consent(cell), expected, "{cell:?}");
        }
    }

    #[test]
    fn statuses_that_are_no_purchase() {
        for (status, why) in [
            ("voided", Some(NoPurchase::Voided)),
            ("wc-cancelled", Some(NoPurchase::Cancelled)),
            ("Failed", Some(NoPurchase::Failed)),
            ("REFUNDED", Some(NoPurchase::Refunded)),
            (" Отменён ", Some(NoPurchase::Cancelled)),
            ("已退款", Some(NoPurchase::Refunded)),
            ("Odrzucona", Some(NoPurchase::Failed)),
            ("отклонён", Some(NoPurchase::Failed)),
            ("paid", None),
            ("partially_refunded", None),
            ("wc-processing", None),
            ("", None),
        ] {
            assert_eq!(left_out_status(status), why, "{status}");
        }
    }
}
