//! Order ids to order indices.
//!
//! Most exports number their orders (`#1001`, `1002`, `А-17`): such ids are kept in a dense
//! table indexed by the number, so a lookup reads a slot next to the last one instead of a
//! random place in a hash table (the largest cost of reading a file with order ids). There are
//! two such tables, from the first id's number up and below it: many exports list the newest
//! order first, and count down. Other ids go to a hash table keyed by a 64-bit fingerprint,
//! checked against the order's id on a hit; the rare id whose fingerprint is taken goes to
//! `collisions`.

use crate::import::keys::{fingerprint, FxHashMap, ShortKeyIndex};
use crate::order::{numbered, Numbered, OrderIds};

/// Marks an empty slot of the dense table.
const EMPTY: u32 = u32::MAX;
/// The dense table may span this many numbers beyond 4 × the orders seen.
const DENSE_SLACK: u64 = 1 << 20;

/// An order id looked at once per row: [`OrderIndex::find`] and [`OrderIndex::add`] share it
/// instead of cutting the id again.
pub(super) struct Probe<'a> {
    id: &'a str,
    numbered: Option<Numbered<'a>>,
}

impl<'a> Probe<'a> {
    /// Looks at `id`.
    pub(super) fn new(id: &'a str) -> Self {
        Probe {
            id,
            numbered: numbered(id),
        }
    }

    /// The id with its cut, as [`OrderIds::push_cut`] takes it.
    pub(super) fn cut(&self) -> (&'a str, Option<Numbered<'a>>) {
        (self.id, self.numbered)
    }

    /// Whether order `at` of `ids` has the probed id (the id is not cut again).
    pub(super) fn is_order(&self, ids: &OrderIds, at: usize) -> bool {
        ids.is_cut(at, self.id, self.numbered)
    }
}

/// Which of the two dense tables a number's slot is in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Side {
    /// The first numbered id's number and those above it.
    Up,
    /// The numbers below it: an export that lists the newest order first counts down.
    Down,
}

#[derive(Default)]
pub(super) struct OrderIndex {
    /// Text before the number of the ids in the dense tables.
    prefix: Option<String>,
    /// The width their numbers are written in ([`Numbered::width`]).
    width: u8,
    /// Number of the first numbered id.
    base: u64,
    /// Order index per number from `base` up (slot n − base), or [`EMPTY`].
    up: Vec<u32>,
    /// Order index per number below `base` (slot base − 1 − n), or [`EMPTY`].
    down: Vec<u32>,
    /// The orders the reading expects ([`OrderIndex::reserve`]).
    room: usize,
    /// The table given that room at once: the first to take a second id, i.e. the direction
    /// the file's numbers go. The other grows as a vector does, so a file counting down does
    /// not leave a table of 4 bytes an order unused.
    roomy: Option<Side>,
    by_fingerprint: ShortKeyIndex,
    collisions: FxHashMap<String, u32>,
}

impl OrderIndex {
    fn dense_slot(&self, probe: &Probe) -> Option<(Side, usize)> {
        let cut = probe.numbered?;
        if self.prefix.as_deref() != Some(cut.prefix) || !cut.written_in(self.width) {
            return None;
        }
        let n = cut.number;
        let (side, slot) = match n.checked_sub(self.base) {
            Some(above) => (Side::Up, above),
            None => (Side::Down, self.base - 1 - n),
        };
        Some((side, usize::try_from(slot).ok()?))
    }

    fn table(&self, side: Side) -> &Vec<u32> {
        match side {
            Side::Up => &self.up,
            Side::Down => &self.down,
        }
    }

    fn table_mut(&mut self, side: Side) -> &mut Vec<u32> {
        match side {
            Side::Up => &mut self.up,
            Side::Down => &mut self.down,
        }
    }

    /// The order with id `id`, if one was inserted.
    #[cfg(test)]
    pub(super) fn get(&self, id: &str, ids: &OrderIds) -> Option<u32> {
        self.find(&Probe::new(id), ids)
    }

    /// Records that order `at` has id `id` (not yet in the index).
    #[cfg(test)]
    pub(super) fn insert(&mut self, id: &str, at: u32, ids: &OrderIds) {
        self.add(&Probe::new(id), at, ids);
    }

    /// The order with the probed id, if one was inserted.
    pub(super) fn find(&self, probe: &Probe, ids: &OrderIds) -> Option<u32> {
        let id = probe.id;
        if let Some((side, slot)) = self.dense_slot(probe) {
            match self.table(side).get(slot) {
                Some(&at) if at != EMPTY => return Some(at),
                _ if self.by_fingerprint.is_empty() => return None,
                _ => {} // it may have gone to the hash table before the dense table reached it
            }
        }
        let at = *self.by_fingerprint.get(&(fingerprint(id) as u64))?;
        if probe.is_order(ids, at as usize) {
            Some(at)
        } else {
            self.collisions.get(id).copied()
        }
    }

    /// Records that order `at` has the probed id (not yet in the index).
    pub(super) fn add(&mut self, probe: &Probe, at: u32, ids: &OrderIds) {
        let id = probe.id;
        if self.prefix.is_none() {
            if let Some(cut) = probe.numbered {
                self.prefix = Some(cut.prefix.to_string());
                self.width = cut.width();
                self.base = cut.number;
            }
        }
        if let Some((side, slot)) = self.dense_slot(probe) {
            let limit = 4 * (ids.len() as u64 + 1) + DENSE_SLACK;
            if (slot as u64) < limit {
                self.grow(side, slot);
                self.table_mut(side)[slot] = at;
                return;
            }
        }
        let key = fingerprint(id) as u64;
        match self.by_fingerprint.get(&key) {
            None => {
                self.by_fingerprint.insert(key, at);
            }
            Some(&other) => {
                if !probe.is_order(ids, other as usize) {
                    self.collisions.insert(id.to_string(), at);
                }
            }
        }
    }

    /// Makes `side`'s table reach `slot`. The first table to take a second id is given the
    /// room expected at once.
    fn grow(&mut self, side: Side, slot: usize) {
        let len = self.table(side).len();
        if slot < len {
            return;
        }
        if len > 0 && self.roomy.is_none() {
            self.roomy = Some(side);
            let room = self.room;
            self.table_mut(side).reserve_exact(room.saturating_sub(len));
        }
        self.table_mut(side).resize(slot + 1, EMPTY);
    }

    /// Makes room for `orders` ids in the dense table the numbers go into, exactly (see
    /// [`super::Builder::reserve`]); before that is known, when it is.
    pub(super) fn reserve(&mut self, orders: usize) {
        self.room = orders;
        if let Some(side) = self.roomy {
            let table = self.table_mut(side);
            table.reserve_exact(orders.saturating_sub(table.len()));
        }
    }

    #[cfg(test)]
    pub(super) fn pretend_fingerprint_taken(&mut self, id: &str, by: u32) {
        self.by_fingerprint.insert(fingerprint(id) as u64, by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orders(ids: &[&str]) -> OrderIds {
        let mut out = OrderIds::default();
        for id in ids {
            out.push(Some(id));
        }
        out
    }

    /// `numbered(id)` as (prefix, number, width).
    fn cut(id: &str) -> Option<(&str, u64, u8)> {
        numbered(id).map(|c| (c.prefix, c.number, c.width()))
    }

    #[test]
    fn numbered_ids() {
        assert_eq!(cut("#1001"), Some(("#", 1001, 0)));
        assert_eq!(cut("1002"), Some(("", 1002, 0)));
        assert_eq!(cut("А-17"), Some(("А-", 17, 0)));
        assert_eq!(cut("0"), Some(("", 0, 0)));
        assert_eq!(cut("007"), Some(("", 7, 3)));
        assert_eq!(cut("000000417"), Some(("", 417, 9)));
        assert_eq!(cut("SO-0042"), Some(("SO-", 42, 4)));
        assert_eq!(cut("00"), Some(("", 0, 2)));
        assert_eq!(cut("ch_3Nabc"), None);
        assert_eq!(cut("1234567890123456789"), None);
        assert_eq!(
            cut("x123456789012345678"),
            Some(("x", 123456789012345678, 0))
        );
        assert_eq!(cut("#10"), Some(("#", 10, 0)));
        assert_eq!(cut("#"), None);
        assert_eq!(cut(""), None);
        assert_eq!(cut("abcdefghijklmnopq1"), None);
        assert_eq!(cut("abcdefghijklmnop1"), Some(("abcdefghijklmnop", 1, 0)));
        // In a width, an id without leading zeros of that many digits is one of its kind.
        let nine = |id| numbered(id).is_some_and(|c| c.written_in(9));
        assert!(nine("000000417") && nine("123456789"));
        assert!(!nine("1234") && !nine("0001234") && !nine("0000001234"));
        let plain = |id| numbered(id).is_some_and(|c| c.written_in(0));
        assert!(plain("1234") && plain("0") && !plain("01234"));
    }

    #[test]
    fn every_kind_of_id_is_found_again() {
        let ids = [
            "#1001",
            "#1003",
            "#999",
            "1001",
            "#01001",
            "ch_x",
            "#1002",
            "#5000000000",
            "#001002",
            "#00",
        ];
        let orders = orders(&ids);
        let mut index = OrderIndex::default();
        let mut seen = OrderIds::default();
        for (at, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id, &orders), None, "{id} before insert");
            seen.push(Some(id));
            index.insert(id, at as u32, &seen);
        }
        for (at, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id, &orders), Some(at as u32), "{id}");
        }
        for id in [
            "#1004", "1003", "#0", "ch_y", "#1000", "#01003", "#001001", "#000",
        ] {
            assert_eq!(index.get(id, &orders), None, "{id}");
        }
    }

    #[test]
    fn numbers_counting_down_or_both_ways_are_found_again_in_the_dense_tables() {
        // Newest first (#1500 down to #1001), then an older and a newer order out of place.
        let mut ids: Vec<String> = (1001..=1500).rev().map(|n| format!("#{n}")).collect();
        ids.extend(["#900".to_string(), "#1700".to_string()]);
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let orders = orders(&refs);
        let mut index = OrderIndex::default();
        index.reserve(500);
        let mut seen = OrderIds::default();
        for (at, id) in refs.iter().enumerate() {
            assert_eq!(index.get(id, &orders), None, "{id} before insert");
            seen.push(Some(id));
            index.insert(id, at as u32, &seen);
        }
        for (at, id) in refs.iter().enumerate() {
            assert_eq!(index.get(id, &orders), Some(at as u32), "{id}");
        }
        for id in ["#1501", "#1000", "#901", "#899", "#1600", "1500"] {
            assert_eq!(index.get(id, &orders), None, "{id}");
        }
        // None went to the hash table; the room went to the table the numbers went into.
        assert!(index.by_fingerprint.is_empty());
        assert_eq!(index.roomy, Some(Side::Down));
        assert!(index.down.capacity() >= 500 && index.up.capacity() < 500);
        index.reserve(2_000);
        assert!(index.down.capacity() >= 2_000 && index.up.capacity() < 2_000);
    }

    #[test]
    fn zero_padded_numbers_go_to_the_dense_tables() {
        let ids: Vec<String> = (1..=3_000).map(|n| format!("{n:09}")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let orders = orders(&refs);
        let mut index = OrderIndex::default();
        let mut seen = OrderIds::default();
        for (at, id) in refs.iter().enumerate() {
            seen.push(Some(id));
            index.insert(id, at as u32, &seen);
        }
        assert!(index.by_fingerprint.is_empty());
        for (at, id) in refs.iter().enumerate() {
            assert_eq!(index.get(id, &orders), Some(at as u32), "{id}");
        }
        for id in ["3001", "0000003000", "00000300", "000003001"] {
            assert_eq!(index.get(id, &orders), None, "{id}");
        }
    }

    #[test]
    fn survives_a_fingerprint_collision() {
        let orders = orders(&["A", "B"]);
        let mut index = OrderIndex::default();
        index.insert("A", 0, &orders);
        index.pretend_fingerprint_taken("B", 0);
        index.insert("B", 1, &orders);
        assert_eq!(index.get("A", &orders), Some(0));
        assert_eq!(index.get("B", &orders), Some(1));
        assert_eq!(index.get("C", &orders), None);
    }
}
