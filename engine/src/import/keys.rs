//! Looking up customers and order ids fast: a key is replaced by a 128-bit fingerprint, so the
//! index holds no strings and a lookup touches one table slot instead of chasing a pointer to
//! compare text.
//!
//! Two different keys share a fingerprint with probability about n² / 2¹²⁹ for n keys: for 10
//! million customers, 1 in 10²⁵ — far below any other source of error in an export.

use rustc_hash::FxHasher;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The customer key (PRODUCT.md, "customer key"; docs/report.md, `customer_id`): an id as
/// written, trimmed, so `A17` and `a17` are two customers, as they are in the shop's system; an
/// e-mail trimmed and lower-cased, so `Ann@Shop.com ` and `ann@shop.com` are one customer.
/// `from_email` says the key comes from the e-mail column; an id that is an e-mail address
/// (it has an `@`) is an e-mail too.
pub(crate) fn customer_key(text: &str, from_email: bool) -> std::borrow::Cow<'_, str> {
    let t = text.trim();
    if is_email(t, from_email) && t.bytes().any(|b| !b.is_ascii() || b.is_ascii_uppercase()) {
        t.to_lowercase().into()
    } else {
        t.into()
    }
}

/// True when the key `text` (from the e-mail column when `from_email`) is an e-mail, compared
/// lower-cased; any other key is compared as written.
pub(crate) fn is_email(text: &str, from_email: bool) -> bool {
    from_email || text.contains('@')
}

/// The [`fingerprint`] of the customer key of the trimmed `text` without writing the key out:
/// as written for an id, lower-cased for an e-mail. `None` for an e-mail that is not ASCII
/// (it is lower-cased into text first).
pub(crate) fn key_fingerprint(text: &str, email: bool) -> Option<u128> {
    if email {
        fingerprint_ascii_lowercase(text)
    } else {
        Some(fingerprint(text))
    }
}

/// murmur3's 64-bit finaliser: every input bit affects every output bit.
fn fmix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// A 128-bit fingerprint of `key`: two 64-bit lanes with different multipliers and rotations,
/// each finalised (the same on 32- and 64-bit targets).
pub(crate) fn fingerprint(key: &str) -> u128 {
    fingerprint_words(key.as_bytes(), |w| w)
}

/// The [`fingerprint`] of `key` lower-cased when `key` is ASCII (`None` otherwise), without
/// writing the lower-cased text anywhere: each 8-byte word is checked and lower-cased as it is
/// read. `fingerprint_ascii_lowercase(k) == Some(fingerprint(&k.to_ascii_lowercase()))` for
/// ASCII `k`.
pub(crate) fn fingerprint_ascii_lowercase(key: &str) -> Option<u128> {
    let mut seen = 0u64;
    let fp = fingerprint_words(key.as_bytes(), |w| {
        seen |= w;
        ascii_lowercase_word(w)
    });
    (seen & (ONES * 0x80) == 0).then_some(fp)
}

/// One in every byte of a word.
const ONES: u64 = 0x0101_0101_0101_0101;

/// Eight ASCII bytes lower-cased at once: a byte gets the 0x20 bit when it is in `A..=Z`.
/// Adding 0x80 − `A` (resp. 0x80 − `Z` − 1) to a byte below 0x80 sets its top bit exactly when
/// it is ≥ `A` (resp. > `Z`), without a carry into the next byte.
fn ascii_lowercase_word(w: u64) -> u64 {
    let at_least_a = w.wrapping_add(ONES * u64::from(0x80 - b'A'));
    let above_z = w.wrapping_add(ONES * u64::from(0x80 - b'Z' - 1));
    let upper = at_least_a & !above_z & (ONES * 0x80);
    w | (upper >> 2)
}

/// [`fingerprint`] over the words of `bytes`, each passed through `word` first (the zero
/// padding of the last word must stay zero).
#[inline(always)]
fn fingerprint_words(bytes: &[u8], mut word: impl FnMut(u64) -> u64) -> u128 {
    const K1: u64 = 0x9e37_79b9_7f4a_7c15;
    const K2: u64 = 0xc2b2_ae3d_27d4_eb4f;
    let (mut a, mut b) = (bytes.len() as u64, !(bytes.len() as u64));
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(chunk);
        let w = word(u64::from_le_bytes(eight));
        a = (a.rotate_left(5) ^ w).wrapping_mul(K1);
        b = (b.rotate_left(23) ^ w).wrapping_mul(K2);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let w = word(u64::from_le_bytes(tail));
    a = (a.rotate_left(5) ^ w).wrapping_mul(K1);
    b = (b.rotate_left(23) ^ w).wrapping_mul(K2);
    (u128::from(fmix64(a)) << 64) | u128::from(fmix64(b ^ a.rotate_left(32)))
}

/// Hashes a fingerprint by taking its low half (already well mixed).
#[derive(Default)]
pub(crate) struct FingerprintHasher(u64);

impl Hasher for FingerprintHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Only used for u128 keys, which hash through write_u128.
        let mut h = FxHasher::default();
        h.write(bytes);
        self.0 = fmix64(h.finish());
    }

    fn write_u128(&mut self, i: u128) {
        self.0 = i as u64;
    }

    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Keys (by fingerprint) to dense indices.
pub(crate) type KeyIndex = HashMap<u128, u32, BuildHasherDefault<FingerprintHasher>>;

/// Keys to dense indices by 128-bit fingerprint, in 16-byte slots: the table is keyed by the
/// low 64 bits and keeps 32 more bits to check (96 bits decide: for 10 M keys a false match has
/// probability about 10⁻¹⁵); a key whose 64-bit half is taken by another goes to `overflow`
/// under its full fingerprint. Half the memory of [`KeyIndex`], so more of it stays in cache.
#[derive(Default)]
pub(crate) struct CompactKeyIndex {
    slots: HashMap<u64, (u32, u32), BuildHasherDefault<FingerprintHasher>>,
    overflow: KeyIndex,
}

impl CompactKeyIndex {
    /// The index of `key`, inserting `next` for a key not seen before.
    pub(crate) fn get_or_insert(&mut self, key: &str, next: u32) -> u32 {
        self.get_or_insert_fingerprint(fingerprint(key), next)
    }

    /// The index of the key whose [`fingerprint`] is `fp`, if it was inserted.
    pub(crate) fn get_fingerprint(&self, fp: u128) -> Option<u32> {
        let (low, check) = (fp as u64, (fp >> 64) as u32);
        match self.slots.get(&low) {
            None => None,
            Some(&(index, known)) if known == check => Some(index),
            Some(_) => self.overflow.get(&fp).copied(),
        }
    }

    /// The index of the key whose [`fingerprint`] is `fp`, inserting `next` for a key not seen
    /// before.
    pub(crate) fn get_or_insert_fingerprint(&mut self, fp: u128, next: u32) -> u32 {
        let (low, check) = (fp as u64, (fp >> 64) as u32);
        match self.slots.entry(low) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert((next, check));
                next
            }
            std::collections::hash_map::Entry::Occupied(slot) if slot.get().1 == check => {
                slot.get().0
            }
            std::collections::hash_map::Entry::Occupied(_) => {
                *self.overflow.entry(fp).or_insert(next)
            }
        }
    }
}

/// 64-bit fingerprints to indices: half the memory of [`KeyIndex`], for indexes whose hits are
/// checked against the stored key (a 64-bit fingerprint alone could collide in a 10 M-row file).
pub(crate) type ShortKeyIndex = HashMap<u64, u32, BuildHasherDefault<FingerprintHasher>>;

/// FxHash with a final avalanche: plain FxHash leaves the top bits of similar keys
/// (`customer123@example.com`, `customer124@…`) alike, and hashbrown probes by the top bits.
#[derive(Default)]
pub(crate) struct KeyHasher(FxHasher);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }

    fn write_u8(&mut self, i: u8) {
        self.0.write_u8(i);
    }

    fn write_u64(&mut self, i: u64) {
        self.0.write_u64(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.0.write_usize(i);
    }

    fn finish(&self) -> u64 {
        fmix64(self.0.finish())
    }
}

/// A hash map keyed through [`KeyHasher`] (for small maps of text: segment values, statuses).
pub(crate) type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<KeyHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_compared_as_written_and_e_mails_lower_cased() {
        assert_eq!(customer_key("  Ann@Shop.COM ", false), "ann@shop.com");
        assert_eq!(customer_key("ŁUKASZ", true), "łukasz");
        assert_eq!(customer_key(" ŁUKASZ ", false), "ŁUKASZ");
        assert_eq!(customer_key(" A17\t", false), "A17");
        assert!(matches!(
            customer_key("ann", true),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(matches!(
            customer_key("Ann", false),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(key_fingerprint("A17", false), Some(fingerprint("A17")));
        assert_ne!(key_fingerprint("A17", false), key_fingerprint("a17", false));
        assert_eq!(
            key_fingerprint("Ann@X.com", true),
            Some(fingerprint("ann@x.com"))
        );
        assert_eq!(key_fingerprint("Łukasz@x.pl", true), None);
    }

    #[test]
    fn compact_index_gives_each_key_one_index() {
        let mut index = CompactKeyIndex::default();
        let mut next = 0;
        for round in 0..2 {
            for i in 0..50_000u32 {
                let key = format!("customer{i}@example.com");
                let got = index.get_or_insert(&key, next);
                if got == next {
                    next += 1;
                }
                assert_eq!(got, i, "round {round}");
            }
        }
        for i in 0..50_000u32 {
            let fp = fingerprint(&format!("customer{i}@example.com"));
            assert_eq!(index.get_fingerprint(fp), Some(i));
        }
        assert_eq!(index.get_fingerprint(fingerprint("nobody")), None);
        // a key whose low half collides goes to the overflow table
        index
            .slots
            .insert(fingerprint("x") as u64, (7, 0xdead_beef));
        assert_eq!(index.get_fingerprint(fingerprint("x")), None);
        assert_eq!(index.get_or_insert("x", 99), 99);
        assert_eq!(index.get_or_insert("x", 100), 99);
        assert_eq!(index.get_fingerprint(fingerprint("x")), Some(99));
    }

    #[test]
    fn lower_casing_while_fingerprinting_is_lower_casing_first() {
        for key in [
            "",
            "A",
            "Customer123@Example.com",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "@[`{ az AZ 09 ~\x7f\x00",
            "MiXeD-CaSe_Key.With/Punctuation!",
        ] {
            assert_eq!(
                fingerprint_ascii_lowercase(key),
                Some(fingerprint(&key.to_ascii_lowercase())),
                "{key}"
            );
        }
        for key in ["é", "Łukasz@Shop.pl", "customer1@example.com\u{a0}", "日本"] {
            assert_eq!(fingerprint_ascii_lowercase(key), None, "{key}");
        }
        for byte in 0u8..0x80 {
            let word = u64::from_le_bytes([byte; 8]);
            let want = u64::from_le_bytes([byte.to_ascii_lowercase(); 8]);
            assert_eq!(ascii_lowercase_word(word), want, "{byte}");
        }
    }

    #[test]
    fn fingerprints_differ_for_near_keys_and_lengths() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..200_000 {
            assert!(seen.insert(fingerprint(&format!("customer{i}@example.com"))));
        }
        assert_ne!(fingerprint(""), fingerprint("\0"));
        assert_ne!(fingerprint("a"), fingerprint("a\0"));
        assert_eq!(fingerprint("ann"), fingerprint("ann"));
    }
}
