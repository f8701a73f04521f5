//! Orders as the rest of the engine sees them: one counted order per entry, customers interned
//! to dense indices so per-customer work is a vector lookup, not a string hash.

use chrono::NaiveDate;
use std::borrow::Cow;

/// One counted order (after merging line items and removing cancelled / fully refunded orders).
///
/// 16 bytes: what every pass over the orders reads. Its line in the file is kept beside the
/// orders in about a byte ([`OrderLog::lines`]), and so are its id and quantity, which only
/// some files have ([`OrderLog::order_ids`], about a byte an order when the ids count up or
/// down; [`OrderLog::quantities`]), so a file without them does not pay for them (ten million
/// orders take 170 MB with their lines, not 640 MB).
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    /// Index into [`OrderLog::customers`].
    pub customer: u32,
    /// Order date as written in the file (the shop's local date).
    pub date: NaiveDate,
    /// Net amount: order total − refunded amount (≥ 0 for an order).
    pub amount: f64,
}

/// The 1-based line of each order's first row in the file (same index as [`OrderLog::orders`]),
/// in about one byte an order: the lines only grow, and nearly always by less than 128 from
/// one order to the next ([`Steps`]).
///
/// ```
/// use clv_engine::order::OrderLines;
///
/// let mut lines = OrderLines::default();
/// for line in [2, 5, 1 << 32, (1 << 32) + 7] {
///     lines.push(line);
/// }
/// assert_eq!(lines.get(2), Some(1 << 32));
/// lines.drop_orders(&[0, 2]);
/// assert_eq!((lines.get(0), lines.get(1), lines.get(2)), (Some(5), Some((1 << 32) + 7), None));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrderLines(Steps);

impl OrderLines {
    /// Adds the next order's line.
    pub fn push(&mut self, line: u64) {
        self.0.push(line);
    }

    /// The line of order `index`.
    pub fn get(&self, index: usize) -> Option<u64> {
        self.0.get(index)
    }

    /// Orders with a line.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when no order has a line.
    pub fn is_empty(&self) -> bool {
        self.0.len() == 0
    }

    /// Makes room for `orders` lines in all, exactly.
    pub fn reserve(&mut self, orders: usize) {
        self.0.reserve_exact(orders);
    }

    /// Drops the lines of the orders at `dropped` (ascending).
    pub fn drop_orders(&mut self, dropped: &[usize]) {
        self.0.drop_at(dropped);
    }
}

/// Values that mostly move by a small step from one to the next (the lines of the orders, the
/// numbers of ids that count up or down), in about one byte each: each value's step from the
/// one before in an `i8`, every [`Steps::EVERY`]-th value whole, and the few values a step does
/// not reach listed aside. A value is read in at most [`Steps::EVERY`] additions.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Steps {
    /// Per value: its step from the one before; [`Steps::FAR`] when the value is in `far`, and
    /// 0 for every `EVERY`-th value (which is in `whole`).
    steps: Vec<i8>,
    /// Every `EVERY`-th value, whole.
    whole: Vec<u64>,
    /// (index, value) of the values a step does not reach, ascending.
    far: Vec<(usize, u64)>,
    /// The last value.
    last: u64,
}

impl Steps {
    /// Every this many values one is kept whole.
    const EVERY: usize = 64;
    /// The step of a value listed in `far`.
    const FAR: i8 = i8::MIN;

    pub(crate) fn len(&self) -> usize {
        self.steps.len()
    }

    /// Room for this many values without growing.
    pub(crate) fn steps_capacity(&self) -> usize {
        self.steps.capacity()
    }

    /// The values listed aside (the rest take a byte each).
    pub(crate) fn far_count(&self) -> usize {
        self.far.len()
    }

    pub(crate) fn push(&mut self, value: u64) {
        let i = self.steps.len();
        if i.is_multiple_of(Self::EVERY) {
            self.whole.push(value);
            self.steps.push(0);
        } else {
            match i8::try_from(value.wrapping_sub(self.last) as i64) {
                Ok(step) if step != Self::FAR => self.steps.push(step),
                _ => {
                    self.steps.push(Self::FAR);
                    self.far.push((i, value));
                }
            }
        }
        self.last = value;
    }

    fn far_value(&self, index: usize) -> u64 {
        let k = self.far.partition_point(|&(at, _)| at < index);
        self.far.get(k).map_or(0, |&(_, v)| v)
    }

    pub(crate) fn get(&self, index: usize) -> Option<u64> {
        if index + 1 == self.steps.len() {
            return Some(self.last);
        }
        if *self.steps.get(index)? == Self::FAR {
            return Some(self.far_value(index));
        }
        let from = index - index % Self::EVERY;
        let mut value = *self.whole.get(from / Self::EVERY)?;
        for (j, &step) in self.steps.get(from + 1..=index)?.iter().enumerate() {
            value = if step == Self::FAR {
                self.far_value(from + 1 + j)
            } else {
                value.wrapping_add(step as i64 as u64)
            };
        }
        Some(value)
    }

    /// Every value, in order.
    pub(crate) fn values(&self) -> impl Iterator<Item = u64> + '_ {
        let mut far = self.far.iter().peekable();
        let mut value = 0u64;
        self.steps.iter().enumerate().map(move |(i, &step)| {
            value = if i.is_multiple_of(Self::EVERY) {
                self.whole.get(i / Self::EVERY).copied().unwrap_or_default()
            } else if step == Self::FAR {
                far.next_if(|&&(at, _)| at == i).map_or(0, |&(_, v)| v)
            } else {
                value.wrapping_add(step as i64 as u64)
            };
            value
        })
    }

    pub(crate) fn reserve_exact(&mut self, values: usize) {
        self.steps
            .reserve_exact(values.saturating_sub(self.steps.len()));
        self.whole.reserve_exact(
            values
                .div_ceil(Self::EVERY)
                .saturating_sub(self.whole.len()),
        );
    }

    /// Drops the values at `dropped` (ascending).
    pub(crate) fn drop_at(&mut self, dropped: &[usize]) {
        if dropped.is_empty() {
            return;
        }
        let mut next_dropped = dropped.iter().copied().peekable();
        let mut kept = Steps::default();
        kept.reserve_exact(self.len().saturating_sub(dropped.len()));
        for (i, v) in self.values().enumerate() {
            if next_dropped.next_if_eq(&i).is_none() {
                kept.push(v);
            }
        }
        *self = kept;
    }
}

/// Bytes of an order id kept inside [`OrderId`] itself.
const INLINE_ID_BYTES: usize = 22;

/// An order id as written in the file (`#1001`, `ch_3Nabc…`), read as a `&str`.
///
/// Ids of up to 22 bytes, nearly all of them, are kept inline in the 24 bytes a `String` would
/// take, so reading a million orders does not allocate (and later free) a million small
/// strings; longer ids are kept on the heap.
///
/// ```
/// use clv_engine::order::OrderId;
///
/// let id = OrderId::new("#1001");
/// assert_eq!(&*id, "#1001");
/// assert_eq!(id, "#1001");
/// assert_eq!(Some(id).as_deref(), Some("#1001"));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct OrderId(IdRepr);

/// Each id has one representation (inline exactly when short), so the derived equality is
/// equality of the text.
#[derive(Clone, PartialEq, Eq)]
enum IdRepr {
    Inline {
        len: u8,
        bytes: [u8; INLINE_ID_BYTES],
    },
    Heap(Box<str>),
}

impl OrderId {
    /// The id `text`.
    pub fn new(text: &str) -> Self {
        let mut bytes = [0u8; INLINE_ID_BYTES];
        match bytes.get_mut(..text.len()) {
            Some(inline) => {
                inline.copy_from_slice(text.as_bytes());
                OrderId(IdRepr::Inline {
                    len: text.len() as u8,
                    bytes,
                })
            }
            None => OrderId(IdRepr::Heap(text.into())),
        }
    }

    /// The id's bytes (its UTF-8 text).
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            IdRepr::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            IdRepr::Heap(text) => text.as_bytes(),
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Copied from a `&str` and cut at its length, so always valid UTF-8.
            IdRepr::Inline { .. } => std::str::from_utf8(self.as_bytes()).unwrap_or_default(),
            IdRepr::Heap(text) => text,
        }
    }
}

impl std::ops::Deref for OrderId {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for OrderId {
    fn from(text: &str) -> Self {
        OrderId::new(text)
    }
}

impl PartialEq<str> for OrderId {
    fn eq(&self, other: &str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl PartialEq<&str> for OrderId {
    fn eq(&self, other: &&str) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

/// Shown as the text it is (`"#1001"`), as a `String` would be.
impl std::fmt::Debug for OrderId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for OrderId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
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
    /// For each order (same index as [`OrderLog::orders`]), an index into `values`, or
    /// [`AttributeColumn::EMPTY`] when the cell was empty: 2 bytes an order (a column kept
    /// for segmenting has at most 2,000 values; a wide export keeps up to 32 such columns, and
    /// this table is as long as the orders).
    pub per_order: Vec<u16>,
}

impl AttributeColumn {
    /// The index in [`AttributeColumn::per_order`] of an empty cell.
    pub const EMPTY: u16 = u16::MAX;

    /// The index into `values` of order `order`'s value; `None` when its cell was empty.
    pub fn value_of(&self, order: usize) -> Option<u32> {
        self.per_order
            .get(order)
            .copied()
            .filter(|&v| v != Self::EMPTY)
            .map(u32::from)
    }
}

/// Separates the parts of [`Contact`]'s one string (a control character no cell keeps).
const CONTACT_SEPARATOR: char = '\u{1f}';

/// A customer's contact details as the file gives them, for the contact lists an e-mail tool
/// imports (`export::contacts_csv`): the e-mail (when the customer key is an id, not the
/// e-mail itself), the first and last name, and whether they accept e-mail marketing.
///
/// The three texts are kept in one string per customer (an empty one allocates nothing), so a
/// file of a million customers with names costs one small string each.
///
/// ```
/// use clv_engine::order::Contact;
///
/// let mut c = Contact::default();
/// c.fill(Some("ann@example.com"), None, Some("Bērziņa"));
/// c.fill(Some("other@example.com"), Some("Anna"), None); // only what was missing is filled
/// assert_eq!(c.email(), Some("ann@example.com"));
/// assert_eq!((c.first_name(), c.last_name()), (Some("Anna"), Some("Bērziņa")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Contact {
    /// E-mail, first name and last name, joined by [`CONTACT_SEPARATOR`]; empty when none.
    text: Box<str>,
    /// Whether the customer accepts e-mail marketing: `Some(true)` only when every order row
    /// that says so says yes; `None` when no row says.
    pub accepts_marketing: Option<bool>,
}

impl Contact {
    /// The i-th part (0 e-mail, 1 first name, 2 last name), if filled.
    fn part(&self, i: usize) -> Option<&str> {
        self.text
            .split(CONTACT_SEPARATOR)
            .nth(i)
            .filter(|p| !p.is_empty())
    }

    /// The e-mail from the file's e-mail column, when the customer key is not the e-mail.
    pub fn email(&self) -> Option<&str> {
        self.part(0)
    }

    /// The first (given) name.
    pub fn first_name(&self) -> Option<&str> {
        self.part(1)
    }

    /// The last (family) name.
    pub fn last_name(&self) -> Option<&str> {
        self.part(2)
    }

    /// Fills the parts that are still empty with the given ones (the first value seen wins).
    pub fn fill(&mut self, email: Option<&str>, first: Option<&str>, last: Option<&str>) {
        let given = [email, first, last];
        if given.iter().all(Option::is_none) {
            return;
        }
        // The three parts in one pass over the text (this runs for every row of a file with
        // names, most of them a customer's later orders with nothing new).
        let mut parts: [Option<&str>; 3] = [None; 3];
        for (part, text) in parts.iter_mut().zip(self.text.split(CONTACT_SEPARATOR)) {
            *part = Some(text).filter(|t| !t.is_empty());
        }
        let mut changed = false;
        for (part, new) in parts.iter_mut().zip(given) {
            if part.is_none() {
                if let Some(new) = new.filter(|n| !n.is_empty()) {
                    *part = Some(new);
                    changed = true;
                }
            }
        }
        if changed {
            let clean = |p: Option<&str>| p.unwrap_or_default().replace(CONTACT_SEPARATOR, " ");
            let text = format!(
                "{}{CONTACT_SEPARATOR}{}{CONTACT_SEPARATOR}{}",
                clean(parts[0]),
                clean(parts[1]),
                clean(parts[2])
            );
            self.text = text.into_boxed_str();
        }
    }

    /// Notes one order row's consent: a customer accepts marketing only while every row that
    /// says so says yes (one "no" is taken as a withdrawal).
    pub fn note_consent(&mut self, accepts: bool) {
        self.accepts_marketing = Some(self.accepts_marketing.unwrap_or(true) && accepts);
    }
}

/// The product column (the role `product`) with every product of every order: each line item
/// of an order adds its own, so an order can hold several products (a Shopify export has one row
/// per line item). [`AttributeColumn`] keeps the first line's value only; this keeps them all.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProductColumn {
    /// Header of the column.
    pub name: String,
    /// Distinct products, in order of first appearance.
    pub values: Vec<String>,
    /// Order `i`'s products are `codes[starts[i]..starts[i + 1]]`; `starts` has one entry per
    /// order of [`OrderLog::orders`] and one more.
    pub starts: Vec<usize>,
    /// Indices into `values`: each order's products, ascending and distinct.
    pub codes: Vec<u32>,
}

impl ProductColumn {
    /// The products of order `order` (an index into [`OrderLog::orders`]); none for an order
    /// whose product cells are empty, or an index beyond the orders.
    pub fn of(&self, order: usize) -> &[u32] {
        match (self.starts.get(order), self.starts.get(order + 1)) {
            (Some(&from), Some(&to)) => self.codes.get(from..to).unwrap_or_default(),
            _ => &[],
        }
    }

    /// The column from `(order, product)` pairs of `orders` orders, in any order and with
    /// repeats (a product bought twice in one order is one product of it).
    pub fn from_items(
        name: String,
        values: Vec<String>,
        orders: usize,
        mut items: Vec<(u32, u32)>,
    ) -> Self {
        items.sort_unstable();
        items.dedup();
        let mut starts = vec![0usize; orders + 1];
        items.retain(|&(o, _)| (o as usize) < orders);
        for &(o, _) in &items {
            starts[o as usize + 1] += 1;
        }
        for i in 0..orders {
            starts[i + 1] += starts[i];
        }
        ProductColumn {
            name,
            values,
            starts,
            codes: items.into_iter().map(|(_, c)| c).collect(),
        }
    }
}

/// An id cut into its text before a number and the number (`#1001` → `#` and 1001;
/// `000000417` → `` and 417 in nine digits, as some shop systems number their orders).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Numbered<'a> {
    /// The text before the number.
    pub(crate) prefix: &'a str,
    /// The number.
    pub(crate) number: u64,
    /// Its digits as written.
    digits: u8,
    /// Whether they start with a zero (there being more than one).
    padded: bool,
}

impl Numbered<'_> {
    /// The width the ids of this one's kind are written in: 0 for numbers without leading
    /// zeros, the digits for a zero-padded one.
    pub(crate) fn width(&self) -> u8 {
        if self.padded {
            self.digits
        } else {
            0
        }
    }

    /// Whether the id is written in `width` (see [`Numbered::width`]): without leading zeros
    /// for 0, in exactly `width` digits otherwise. Among the ids with one prefix written in one
    /// width, the number is one-to-one with the id.
    pub(crate) fn written_in(&self, width: u8) -> bool {
        if width == 0 {
            !self.padded
        } else {
            self.digits == width
        }
    }
}

/// `id` cut into its text before a number and the number, when it ends in 1 to 18 digits
/// after at most 16 bytes. One pass over the bytes from the end, reading the number as it goes.
pub(crate) fn numbered(id: &str) -> Option<Numbered<'_>> {
    let bytes = id.as_bytes();
    let mut start = bytes.len();
    let mut number = 0u64;
    let mut scale = 1u64;
    while start > 0 {
        let digit = bytes[start - 1].wrapping_sub(b'0');
        if digit > 9 {
            break;
        }
        if bytes.len() - start == 18 {
            return None; // 19 digits or more
        }
        number += u64::from(digit) * scale;
        scale = scale.wrapping_mul(10);
        start -= 1;
    }
    let digits = bytes.len() - start;
    if digits == 0 || start > 16 {
        return None;
    }
    Some(Numbered {
        prefix: id.get(..start)?,
        number,
        digits: digits as u8,
        padded: digits > 1 && bytes[start] == b'0',
    })
}

/// The order ids of a log, one per order (or none, for an order without one): ids of the form
/// prefix + number (`#1001`, `1002`, `SO-17`, `000000417`) with the prefix of the first such id,
/// their number written as its number is (without leading zeros, or zero-padded to the same
/// width), are kept as their number, any other id as its text (24
/// bytes more). Most shops number their orders and export them in order, newest or oldest
/// first, so each slot is a small step from the one before and takes about a byte ([`Steps`]):
/// ten million ids take 11 MB, not 240. Ids in no order (more than one step in eight too far
/// for a byte) turn the slots to 4 bytes each, and numbers more than 2³⁰ away from the first
/// one to 8 bytes, as do all slots from then on.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrderIds {
    /// The prefix of the numbered ids kept as numbers.
    prefix: Option<String>,
    /// The width their numbers are written in ([`Numbered::width`]).
    width: u8,
    /// Per order: its id's slot.
    slots: Slots,
    /// The ids kept as text.
    texts: Vec<OrderId>,
}

/// What a slot says of its order's id.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    /// The order has no id.
    None,
    /// The id is `texts[i]`.
    Text(usize),
    /// The id is the prefix and this number.
    Number(u64),
}

/// The slots: about 1 byte each while an id is mostly a small step from the one before (ids
/// that count up or down, with gaps; texts, which are numbered in order), else 4 or 8.
#[derive(Debug, Clone, PartialEq)]
enum Slots {
    /// Each slot's wide code ([`Slots::wide`]) as a step from the one before.
    Steps(Steps),
    /// A number as its distance from `base` (below 2³¹), a text index with [`NARROW_TEXT`]
    /// set, or [`NARROW_NONE`]; `base` is set by the first number.
    Narrow { base: Option<u64>, slots: Vec<u32> },
    /// A number (below 10¹⁸ < 2⁶³), a text index with [`WIDE_TEXT`] set, or [`WIDE_NONE`].
    Wide(Vec<u64>),
}

impl Default for Slots {
    fn default() -> Self {
        Slots::Steps(Steps::default())
    }
}

/// A narrow slot of an order without an id.
const NARROW_NONE: u32 = u32::MAX;
/// A narrow slot's tag for an id kept as text.
const NARROW_TEXT: u32 = 1 << 31;
/// How far below the first number a narrow slot reaches.
const NARROW_BELOW: u64 = 1 << 30;
/// A wide slot of an order without an id.
const WIDE_NONE: u64 = u64::MAX;
/// A wide slot's tag for an id kept as text (numbers are below 10¹⁸ < 2⁶³).
const WIDE_TEXT: u64 = 1 << 63;

impl Slots {
    /// From this many slots on, steps listed aside for more than one slot in
    /// [`Slots::FAR_SHARE`] (ids in no order) turn the slots narrow.
    const STEPS_CHECKED_FROM: usize = 1_024;
    const FAR_SHARE: usize = 8;

    fn len(&self) -> usize {
        match self {
            Slots::Steps(steps) => steps.len(),
            Slots::Narrow { slots, .. } => slots.len(),
            Slots::Wide(slots) => slots.len(),
        }
    }

    fn get(&self, index: usize) -> Option<Slot> {
        Some(match self {
            Slots::Steps(steps) => Self::from_wide(steps.get(index)?),
            Slots::Narrow { base, slots } => match *slots.get(index)? {
                NARROW_NONE => Slot::None,
                v if v & NARROW_TEXT != 0 => Slot::Text((v & !NARROW_TEXT) as usize),
                v => Slot::Number(base.unwrap_or_default() + u64::from(v)),
            },
            Slots::Wide(slots) => Self::from_wide(*slots.get(index)?),
        })
    }

    fn from_wide(code: u64) -> Slot {
        match code {
            WIDE_NONE => Slot::None,
            v if v & WIDE_TEXT != 0 => Slot::Text((v & !WIDE_TEXT) as usize),
            v => Slot::Number(v),
        }
    }

    /// `slot` in 4 bytes, if it fits (a number sets the base when none is set).
    fn narrow(base: &mut Option<u64>, slot: Slot) -> Option<u32> {
        match slot {
            Slot::None => Some(NARROW_NONE),
            Slot::Text(i) => u32::try_from(i)
                .ok()
                .filter(|&i| i < NARROW_TEXT - 1)
                .map(|i| i | NARROW_TEXT),
            Slot::Number(n) => {
                let base = *base.get_or_insert(n.saturating_sub(NARROW_BELOW));
                n.checked_sub(base)
                    .and_then(|d| u32::try_from(d).ok())
                    .filter(|&d| d < NARROW_TEXT)
            }
        }
    }

    fn wide(slot: Slot) -> u64 {
        match slot {
            Slot::None => WIDE_NONE,
            Slot::Text(i) => WIDE_TEXT | i as u64,
            Slot::Number(n) => n,
        }
    }

    fn push(&mut self, slot: Slot) {
        if let Slots::Steps(steps) = self {
            steps.push(Self::wide(slot));
            let n = steps.len();
            if n < Self::STEPS_CHECKED_FROM || steps.far_count() * Self::FAR_SHARE <= n {
                return;
            }
            // Ids in no order: narrow (or wide) slots from now on, with room for as many slots
            // as were reserved.
            let mut narrow = Slots::Narrow {
                base: None,
                slots: Vec::with_capacity(steps.steps_capacity()),
            };
            for code in steps.values() {
                narrow.push(Self::from_wide(code));
            }
            *self = narrow;
            return;
        }
        if let Slots::Narrow { base, slots } = self {
            if let Some(v) = Self::narrow(base, slot) {
                slots.push(v);
                return;
            }
            // Widened once, with room for as many slots as were reserved.
            let mut wide = Vec::with_capacity(slots.capacity().max(slots.len() + 1));
            wide.extend((0..slots.len()).filter_map(|i| self.get(i)).map(Self::wide));
            *self = Slots::Wide(wide);
        }
        if let Slots::Wide(slots) = self {
            slots.push(Self::wide(slot));
        }
    }

    fn reserve_exact(&mut self, orders: usize) {
        match self {
            Slots::Steps(steps) => steps.reserve_exact(orders),
            Slots::Narrow { slots, .. } => slots.reserve_exact(orders.saturating_sub(slots.len())),
            Slots::Wide(slots) => slots.reserve_exact(orders.saturating_sub(slots.len())),
        }
    }

    fn drop_at(&mut self, dropped: &[usize]) {
        match self {
            Slots::Steps(steps) => steps.drop_at(dropped),
            Slots::Narrow { slots, .. } => drop_at(slots, dropped),
            Slots::Wide(slots) => drop_at(slots, dropped),
        }
    }
}

impl OrderIds {
    /// Orders with a slot (every order, when the file has an order-id column).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// True when no order has a slot (the file has no order-id column).
    pub fn is_empty(&self) -> bool {
        self.slots.len() == 0
    }

    /// The id of order `index`, as the file wrote it.
    pub fn get(&self, index: usize) -> Option<Cow<'_, str>> {
        match self.slots.get(index)? {
            Slot::None => None,
            Slot::Text(i) => self.texts.get(i).map(|id| Cow::Borrowed(&**id)),
            Slot::Number(number) => Some(Cow::Owned(format!(
                "{}{number:0width$}",
                self.prefix.as_deref().unwrap_or_default(),
                width = usize::from(self.width)
            ))),
        }
    }

    /// Whether order `index` has the id `id` (without building the id's text).
    pub fn is(&self, index: usize, id: &str) -> bool {
        self.is_cut(index, id, numbered(id))
    }

    /// [`Self::is`] given `numbered(id)`, for a caller that has cut the id already.
    pub(crate) fn is_cut(&self, index: usize, id: &str, cut: Option<Numbered>) -> bool {
        match self.slots.get(index) {
            None | Some(Slot::None) => false,
            Some(Slot::Text(i)) => self.texts.get(i).is_some_and(|known| known == id),
            Some(Slot::Number(number)) => cut.is_some_and(|c| {
                c.number == number
                    && self.prefix.as_deref() == Some(c.prefix)
                    && c.written_in(self.width)
            }),
        }
    }

    /// Adds the next order's id.
    pub fn push(&mut self, id: Option<&str>) {
        self.push_cut(id.map(|id| (id, numbered(id))));
    }

    /// [`Self::push`] given the id with `numbered(id)`, for a caller that has cut it already.
    pub(crate) fn push_cut(&mut self, id: Option<(&str, Option<Numbered>)>) {
        let slot = match id {
            None => Slot::None,
            Some((id, cut)) => match cut {
                Some(c)
                    if self
                        .prefix
                        .as_deref()
                        .is_none_or(|known| known == c.prefix && c.written_in(self.width)) =>
                {
                    if self.prefix.is_none() {
                        self.prefix = Some(c.prefix.to_string());
                        self.width = c.width();
                    }
                    Slot::Number(c.number)
                }
                _ => {
                    self.texts.push(OrderId::new(id));
                    Slot::Text(self.texts.len() - 1)
                }
            },
        };
        self.slots.push(slot);
    }

    /// Makes room for `orders` ids in all, exactly.
    pub fn reserve(&mut self, orders: usize) {
        self.slots.reserve_exact(orders);
    }

    /// Drops the slots of the orders at `dropped` (ascending), in place; texts stay where they
    /// are (the slots left point to them).
    pub(crate) fn drop_orders(&mut self, dropped: &[usize]) {
        self.slots.drop_at(dropped);
    }
}

/// Removes from `values` (one per order read) those of the orders at `dropped` (ascending), in
/// place.
pub(crate) fn drop_at<T>(values: &mut Vec<T>, dropped: &[usize]) {
    if dropped.is_empty() {
        return;
    }
    let mut next_dropped = dropped.iter().copied().peekable();
    let mut i = 0;
    values.retain(|_| {
        let keep = next_dropped.next_if_eq(&i).is_none();
        i += 1;
        keep
    });
}

/// All counted orders of a file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OrderLog {
    /// Customer keys, indexed by [`Order::customer`].
    pub customers: Vec<String>,
    /// Counted orders, in file order.
    pub orders: Vec<Order>,
    /// The line of each order (same index as `orders`). Read it with [`OrderLog::line`].
    pub lines: OrderLines,
    /// The order id of each order (same index as `orders`) when the file has an order-id
    /// column; empty otherwise. Read it with [`OrderLog::order_id`].
    pub order_ids: OrderIds,
    /// The number of items of each order (same index as `orders`) when the file has a
    /// quantity column; empty otherwise. Read it with [`OrderLog::quantity`].
    pub quantities: Vec<Option<f64>>,
    /// Returns without an order of their own.
    pub returns: Vec<Return>,
    /// Extra columns kept for segmenting.
    pub attributes: Vec<AttributeColumn>,
    /// Contact details per customer (same index as `customers`) when the file has an e-mail
    /// column beside the customer id, a name or a marketing-consent column; empty otherwise.
    pub contacts: Vec<Contact>,
    /// Every product of every order, when a column has the role `product`.
    pub products: Option<ProductColumn>,
}

impl OrderLog {
    /// The order id of order `index`, when the file gives one.
    pub fn order_id(&self, index: usize) -> Option<Cow<'_, str>> {
        self.order_ids.get(index)
    }

    /// The 1-based line of order `index`'s first row in the file (0 for an order that was not
    /// read from a file).
    pub fn line(&self, index: usize) -> u64 {
        self.lines.get(index).unwrap_or(0)
    }

    /// The number of items of order `index`, when the file gives it.
    pub fn quantity(&self, index: usize) -> Option<f64> {
        self.quantities.get(index).copied().flatten()
    }

    /// Earliest and latest order date, or `None` when there are no orders.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let mut dates = self.orders.iter().map(|o| o.date);
        let first = dates.next()?;
        Some(dates.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_ids_read_back_as_written_inline_or_not() {
        let long = "x".repeat(INLINE_ID_BYTES + 1);
        let exact = "é".repeat(INLINE_ID_BYTES / 2);
        for text in [
            "",
            "#1001",
            "ch_3NabcDEF",
            "Заказ-17",
            exact.as_str(),
            long.as_str(),
        ] {
            let id = OrderId::new(text);
            assert_eq!(id.as_str(), text);
            assert_eq!(id.as_bytes(), text.as_bytes());
            assert_eq!(id, text);
            assert_eq!(format!("{id:?}"), format!("{text:?}"));
            assert_eq!(id.to_string(), text);
        }
        assert_ne!(OrderId::new("#1001"), OrderId::new("#1002"));
        assert_ne!(OrderId::new("a"), OrderId::new("a\0"));
        assert_eq!(OrderId::new(&long), OrderId::new(&long.clone()));
    }

    #[test]
    fn a_contact_keeps_the_first_value_of_each_part_and_withdrawn_consent() {
        let mut c = Contact::default();
        assert_eq!(
            (c.email(), c.first_name(), c.last_name()),
            (None, None, None)
        );
        c.fill(None, Some("Jānis"), None);
        c.fill(Some("j@x.lv"), Some("Other"), Some(""));
        c.fill(None, None, Some("Bērziņš\u{1f}x"));
        assert_eq!(c.email(), Some("j@x.lv"));
        assert_eq!(c.first_name(), Some("Jānis"));
        assert_eq!(c.last_name(), Some("Bērziņš x"));
        assert_eq!(c.accepts_marketing, None);
        c.note_consent(true);
        assert_eq!(c.accepts_marketing, Some(true));
        c.note_consent(false);
        c.note_consent(true);
        assert_eq!(c.accepts_marketing, Some(false));
        assert_eq!(std::mem::size_of::<Contact>(), 24);
    }

    #[test]
    fn products_of_each_order_sorted_and_distinct() {
        // order 0: products 1, 0 and 1 again; order 1: none; order 2: 2; an order 7 that is not
        let items = vec![(2, 2), (0, 1), (0, 0), (0, 1), (7, 0)];
        let p = ProductColumn::from_items("p".into(), vec![], 3, items);
        assert_eq!(p.of(0), [0, 1]);
        assert_eq!(p.of(1), [] as [u32; 0]);
        assert_eq!(p.of(2), [2]);
        assert_eq!(p.of(3), [] as [u32; 0]);
        assert_eq!(p.starts, [0, 2, 2, 3]);
    }

    #[test]
    fn order_ids_read_back_as_the_file_wrote_them_numbered_or_not() {
        let long = "x".repeat(40);
        let ids = [
            Some("#1001"),
            Some("#1002"),
            None,
            Some("1003"),   // another prefix: kept as text
            Some("#01004"), // a leading zero: kept as text
            Some("#0"),
            Some("ch_3Nabc"),
            Some(long.as_str()),
            Some("#999999999999999999"),  // 18 digits: still a number
            Some("#1234567890123456789"), // 19: text
            Some("Заказ-17"),
        ];
        let mut kept = OrderIds::default();
        for id in ids {
            kept.push(id);
        }
        assert_eq!(kept.len(), ids.len());
        assert_eq!(
            kept.texts.len(),
            6,
            "only the ids that are not # + number are text"
        );
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(kept.get(i).as_deref(), *id, "order {i}");
            for (j, other) in ids.iter().enumerate() {
                let same = other.is_some() && ids[i] == *other;
                assert_eq!(
                    kept.is(i, other.unwrap_or("")),
                    same,
                    "order {i} is {other:?} ({j})"
                );
            }
        }
        assert!(!kept.is(0, "#01001") && !kept.is(0, "1001") && !kept.is(0, "#1001 "));
        assert_eq!(kept.get(ids.len()), None);
        kept.drop_orders(&[0, 2, 6]);
        let left: Vec<_> = (0..kept.len()).map(|i| kept.get(i)).collect();
        let expected: Vec<_> = ids
            .iter()
            .enumerate()
            .filter(|(i, _)| ![0, 2, 6].contains(i))
            .map(|(_, id)| id.map(Cow::Borrowed))
            .collect();
        assert_eq!(left, expected);
    }

    #[test]
    fn zero_padded_ids_are_kept_as_numbers_in_their_width() {
        // Increment ids of nine digits (`000000001`…), counting down across 10³, then ids of
        // other widths, which are text.
        let mut ids: Vec<String> = (995..1_005).rev().map(|n| format!("{n:09}")).collect();
        ids.extend(["123456789", "417", "0000417", "0000000417", "00000000"].map(String::from));
        let mut kept = OrderIds::default();
        for id in &ids {
            kept.push(Some(id));
        }
        assert_eq!(kept.texts.len(), 4, "417 and the ids of 7, 10 and 8 digits");
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(kept.get(i).as_deref(), Some(id.as_str()), "order {i}");
            for (j, other) in ids.iter().enumerate() {
                assert_eq!(kept.is(i, other), i == j, "order {i} is {other} ({j})");
            }
        }
        assert!(matches!(&kept.slots, Slots::Steps(s) if s.len() == ids.len()));
    }

    #[test]
    fn an_order_takes_16_bytes_and_ids_that_count_about_one_more() {
        assert_eq!(std::mem::size_of::<Option<OrderId>>(), 24);
        assert_eq!(std::mem::size_of::<Order>(), 16);
        // Counting up, and counting down with gaps (an export newest first, orders deleted).
        for step in [1i64, -3] {
            let mut ids = OrderIds::default();
            for n in 0..5_000i64 {
                ids.push(Some(&format!("#{}", 100_000 + step * n)));
            }
            assert!(
                matches!(&ids.slots, Slots::Steps(s) if s.len() == 5_000 && s.far_count() == 0)
            );
            assert!(ids.texts.is_empty());
            assert_eq!(
                ids.get(4_321).as_deref(),
                Some(&*format!("#{}", 100_000 + step * 4_321))
            );
        }
        // Ids kept as text are numbered in order: a step of one too.
        let mut texts = OrderIds::default();
        for n in 0..2_000 {
            texts.push(Some(&format!("ch_{n:x}z")));
        }
        assert!(matches!(&texts.slots, Slots::Steps(s) if s.far_count() == 0));
        assert_eq!(texts.get(1_999).as_deref(), Some("ch_7cfz"));
        // Ids in no order turn the slots narrow, every id kept.
        let shuffled: Vec<String> = (0..3_000u64)
            .map(|n| format!("#{}", n * 7_919 % 10_007))
            .collect();
        let mut ids = OrderIds::default();
        for id in &shuffled {
            ids.push(Some(id));
        }
        assert!(matches!(&ids.slots, Slots::Narrow { slots, .. } if slots.len() == 3_000));
        for (k, id) in shuffled.iter().enumerate() {
            assert!(ids.is(k, id), "id {k}");
        }
    }

    #[test]
    fn steps_read_back_every_value_near_far_or_wrapped() {
        // Small steps, steps past an i8 either way, the largest values, 0 after them.
        let mut values = Vec::new();
        let mut v = 1_000u64;
        let mut seed = 12_345u64;
        for _ in 0..2_000 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            v = match seed >> 60 {
                0 => v.wrapping_add(200),
                1 => v.wrapping_sub(129),
                2 => u64::MAX - (seed >> 62),
                3 => 0,
                _ => v.wrapping_add((seed >> 56) % 255).wrapping_sub(127),
            };
            values.push(v);
        }
        let mut steps = Steps::default();
        for &v in &values {
            steps.push(v);
        }
        assert!(steps.far_count() > 0 && steps.far_count() < values.len());
        for (i, &v) in values.iter().enumerate() {
            assert_eq!(steps.get(i), Some(v), "value {i}");
        }
        assert_eq!(steps.get(values.len()), None);
        assert!(steps.values().eq(values.iter().copied()));
        let dropped: Vec<usize> = (0..values.len())
            .filter(|i| i % 3 == 1 || *i == 0)
            .collect();
        steps.drop_at(&dropped);
        let kept: Vec<u64> = values
            .iter()
            .enumerate()
            .filter(|(i, _)| dropped.binary_search(i).is_err())
            .map(|(_, &v)| v)
            .collect();
        assert!(steps.values().eq(kept.iter().copied()));
        for (i, &v) in kept.iter().enumerate() {
            assert_eq!(steps.get(i), Some(v), "kept value {i}");
        }
    }

    #[test]
    fn ids_far_from_the_first_number_widen_the_slots_and_keep_every_id() {
        let far = 5_123_456_789_012u64;
        let written: Vec<Option<String>> = vec![
            Some("#1001".into()),
            None,
            Some("x-17".into()),
            Some("#1".into()),
            Some(format!("#{}", 1001 + (1u64 << 31))),
            Some(format!("#{far}")),
            Some("#1002".into()),
            Some(format!("#{}", u64::MAX / 100)),
        ];
        // Narrow slots (ids in no order) widen at the first id they cannot reach.
        let mut ids = OrderIds {
            slots: Slots::Narrow {
                base: None,
                slots: Vec::new(),
            },
            ..OrderIds::default()
        };
        for (k, id) in written.iter().enumerate() {
            ids.push(id.as_deref());
            let narrow = matches!(ids.slots, Slots::Narrow { .. });
            assert_eq!(narrow, k < 4, "after {k} ids");
        }
        assert_eq!(ids.len(), written.len());
        for (k, id) in written.iter().enumerate() {
            assert_eq!(ids.get(k).as_deref(), id.as_deref());
            if let Some(id) = id {
                assert!(ids.is(k, id));
            }
        }
        ids.drop_orders(&[1, 5]);
        assert_eq!(ids.get(1).as_deref(), Some("x-17"));
        assert_eq!(ids.get(4).as_deref(), Some("#1002"));
        // The same ids as steps (the slots a file starts with): far ones listed aside.
        let mut steps = OrderIds::default();
        for id in &written {
            steps.push(id.as_deref());
        }
        assert!(matches!(&steps.slots, Slots::Steps(s) if s.far_count() > 0));
        for (k, id) in written.iter().enumerate() {
            assert_eq!(steps.get(k).as_deref(), id.as_deref());
        }
        steps.drop_orders(&[1, 5]);
        assert_eq!(steps.get(1).as_deref(), Some("x-17"));
        assert_eq!(steps.get(4).as_deref(), Some("#1002"));
        assert_eq!(steps.get(5).as_deref(), written[7].as_deref());
    }
}
