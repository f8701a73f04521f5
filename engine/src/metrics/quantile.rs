//! Sample quantiles, shared by the metrics that need an order statistic (the big-order fences,
//! the median gap between purchases). Depends on nothing else of the engine.

/// Quantile by linear interpolation between order statistics (Hyndman & Fan 1996, "Sample
/// quantiles in statistical packages", definition 7; R's and NumPy's default). `values` is
/// reordered. Returns 0 for no values.
pub fn quantile(values: &mut [f64], p: f64) -> f64 {
    quantile_of(values, p, f64::total_cmp, |x| x)
}

/// [`quantile`] of whole numbers (days), kept in 4 bytes each instead of 8: the same result,
/// bit for bit, as [`quantile`] of the same numbers as `f64`.
#[cfg(test)]
pub fn quantile_u32(values: &mut [u32], p: f64) -> f64 {
    quantile_of(values, p, u32::cmp, f64::from)
}

fn quantile_of<T: Copy>(
    values: &mut [T],
    p: f64,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
    value: impl Fn(T) -> f64,
) -> f64 {
    let n = values.len();
    if n == 0 {
        return 0.0;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let (_, &mut x_lo, above) = values.select_nth_unstable_by(lo, &order);
    let x_lo = value(x_lo);
    if lo + 1 >= n {
        return x_lo;
    }
    let x_hi = above
        .iter()
        .map(|&x| value(x))
        .fold(f64::INFINITY, f64::min);
    x_lo + (h - lo as f64) * (x_hi - x_lo)
}

/// [`quantile`] of whole numbers given as counts: `counts[x]` values equal to `x`. The same
/// result, bit for bit, as [`quantile`] of the values themselves; `None` for no values.
pub fn quantile_of_counts(counts: &[u64], p: f64) -> Option<f64> {
    let n: u64 = counts.iter().sum();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as u64;
    // The value of rank `rank` (from 0): the first whose running count passes it.
    let at = |rank: u64| {
        let mut seen = 0;
        counts
            .iter()
            .position(|&c| {
                seen += c;
                seen > rank
            })
            .unwrap_or(0) as f64
    };
    let x_lo = at(lo);
    if lo + 1 >= n {
        return Some(x_lo);
    }
    let x_hi = at(lo + 1);
    Some(x_lo + (h - lo as f64) * (x_hi - x_lo))
}

/// Bits per digit of the radix search of [`streamed_quantiles`]: a histogram of 65,536 counts.
const DIGIT_BITS: u32 = 16;

/// A value with a key whose unsigned order is the value's total order.
pub trait Keyed: Copy {
    /// The key.
    fn key(self) -> u64;
    /// The value of a key made by [`Keyed::key`].
    fn from_key(key: u64) -> Self;
    /// The value as a number.
    fn number(self) -> f64;
}

impl Keyed for f64 {
    /// IEEE 754's total order (as `f64::total_cmp`): negative numbers' bits reversed, the sign
    /// bit set on the others.
    fn key(self) -> u64 {
        let bits = self.to_bits();
        if bits >> 63 == 1 {
            !bits
        } else {
            bits | 1 << 63
        }
    }
    fn from_key(key: u64) -> Self {
        if key >> 63 == 1 {
            f64::from_bits(key & !(1 << 63))
        } else {
            f64::from_bits(!key)
        }
    }
    fn number(self) -> f64 {
        self
    }
}

impl Keyed for u32 {
    fn key(self) -> u64 {
        u64::from(self)
    }
    fn from_key(key: u64) -> Self {
        u32::try_from(key).unwrap_or(u32::MAX)
    }
    fn number(self) -> f64 {
        f64::from(self)
    }
}

/// [`quantile`] of the values `values()` yields, without holding them: `values` is called once
/// per pass and must yield the same values each time (in any order). The result is bit for bit
/// the one [`quantile`] gives on the same values collected into a slice.
#[cfg(test)]
pub fn streamed_quantile<T: Keyed, I: Iterator<Item = T>>(values: impl Fn() -> I, p: f64) -> f64 {
    let [q] = streamed_quantiles(values, [p]);
    q
}

/// [`quantile`] at each of `ps` of the values `values()` yields, without holding them: `values`
/// is called once per pass and must yield the same values each time (in any order). The results
/// are bit for bit the ones [`quantile`] gives on the same values collected into a slice; the
/// quantiles share the first pass.
///
/// A radix search on the values' keys: one pass finds how many values there are and the bits
/// all of them share, then for each quantile each pass counts the next 16 bits of the values
/// that share the bits found so far, until the order statistic's key is known (at most four
/// passes for `f64`, fewer when the values' keys share their leading bits, as whole days do),
/// plus one or two passes for the next order statistic. Memory: one histogram, whatever the
/// count.
pub fn streamed_quantiles<T: Keyed, I: Iterator<Item = T>, const N: usize>(
    values: impl Fn() -> I,
    ps: [f64; N],
) -> [f64; N] {
    let (mut n, mut low, mut high) = (0usize, u64::MAX, 0u64);
    for v in values() {
        let k = v.key();
        n += 1;
        low = low.min(k);
        high = high.max(k);
    }
    let mut counts = Vec::new();
    ps.map(|p| {
        if n == 0 {
            return 0.0;
        }
        let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
        let lo = h.floor() as usize;
        let (key, rank, equal) = order_statistic(&values, lo, (n, low, high), &mut counts);
        let x_lo = T::from_key(key).number();
        if lo + 1 >= n {
            return x_lo;
        }
        // `rank` of the `equal` values equal to the order statistic rank below it: the next one
        // is equal too when more follow, else the smallest value above it.
        let x_hi = if rank + 1 < equal {
            x_lo
        } else {
            values()
                .map(Keyed::key)
                .filter(|&k| k > key)
                .min()
                .map_or(x_lo, |k| T::from_key(k).number())
        };
        x_lo + (h - lo as f64) * (x_hi - x_lo)
    })
}

/// The key of the `lo`-th smallest value (from 0), how many values equal to it rank below it,
/// and how many values equal it; `n`, `low` and `high` are the count and the smallest and
/// largest keys.
fn order_statistic<T: Keyed, I: Iterator<Item = T>>(
    values: &impl Fn() -> I,
    lo: usize,
    (n, low, high): (usize, u64, u64),
    counts: &mut Vec<usize>,
) -> (u64, usize, usize) {
    counts.resize(1 << DIGIT_BITS, 0);
    // The bits below `shift` are unknown; the bits above it are `prefix`'s.
    let mut shift = 64 - (low ^ high).leading_zeros();
    let mut prefix = high_bits(low, shift);
    let mut rank = lo;
    // Values sharing the bits found so far: all of them before the first pass.
    let mut equal = n;
    while shift > 0 {
        let bits = shift.min(DIGIT_BITS);
        let digit_shift = shift - bits;
        let mask = (1u64 << bits) - 1;
        let counts = &mut counts[..=mask as usize];
        counts.fill(0);
        for v in values() {
            let k = v.key();
            if high_bits(k, shift) == prefix {
                counts[((k >> digit_shift) & mask) as usize] += 1;
            }
        }
        let mut digit = 0;
        for (d, &count) in counts.iter().enumerate() {
            if rank < count {
                digit = d as u64;
                equal = count;
                break;
            }
            rank -= count;
        }
        prefix = prefix << bits | digit;
        shift = digit_shift;
    }
    (prefix, rank, equal)
}

/// `key`'s bits above `shift` (none when `shift` is 64).
fn high_bits(key: u64, shift: u32) -> u64 {
    key.checked_shr(shift).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn definition_7_interpolates_between_order_statistics() {
        // Hyndman & Fan's definition 7 (R's default): quantile(c(1, 2, 4, 10), 0.5) = 3,
        // quantile(c(1, 2, 4, 10), 0.75) = 5.5.
        assert_eq!(quantile(&mut [10.0, 1.0, 4.0, 2.0], 0.5), 3.0);
        assert_eq!(quantile(&mut [10.0, 1.0, 4.0, 2.0], 0.75), 5.5);
        assert_eq!(quantile_u32(&mut [10, 1, 4, 2], 0.75), 5.5);
        assert_eq!(quantile(&mut [], 0.5), 0.0);
        assert_eq!(quantile_u32(&mut [], 0.5), 0.0);
        let values = [10.0, 1.0, 4.0, 2.0];
        assert_eq!(streamed_quantile(|| values.iter().copied(), 0.75), 5.5);
        assert_eq!(streamed_quantile(|| [5u32; 9].into_iter(), 0.5), 5.0);
        assert_eq!(
            streamed_quantile(|| [u32::MAX, 0].into_iter(), 1.0),
            4294967295.0
        );
        assert_eq!(streamed_quantile(std::iter::empty::<f64>, 0.5), 0.0);
    }

    proptest! {
        #[test]
        fn whole_days_give_the_quantile_of_the_same_numbers_as_f64(
            days in proptest::collection::vec(0u32..200_000, 1..300),
            p in 0.0f64..=1.0,
        ) {
            let mut as_f64: Vec<f64> = days.iter().map(|&d| f64::from(d)).collect();
            let mut whole = days.clone();
            prop_assert_eq!(
                quantile_u32(&mut whole, p).to_bits(),
                quantile(&mut as_f64, p).to_bits()
            );
        }

        #[test]
        fn streamed_quantiles_are_the_collected_ones(
            values in proptest::collection::vec(
                prop_oneof![
                    -1e6f64..1e6,
                    Just(0.0),
                    Just(-0.0),
                    Just(19.99),
                    (0u32..40).prop_map(f64::from),
                ],
                0..400,
            ),
            days in proptest::collection::vec(prop_oneof![0u32..200_000, Just(7u32)], 0..300),
            p in prop_oneof![0.0f64..=1.0, Just(0.0), Just(0.25), Just(0.5), Just(1.0)],
        ) {
            let streamed = streamed_quantile(|| values.iter().copied(), p);
            prop_assert_eq!(streamed.to_bits(), quantile(&mut values.clone(), p).to_bits());
            let streamed = streamed_quantile(|| days.iter().copied(), p);
            prop_assert_eq!(streamed.to_bits(), quantile_u32(&mut days.clone(), p).to_bits());
            let mut counts = vec![0u64; days.iter().max().map_or(0, |&d| d as usize + 1)];
            for &d in &days {
                counts[d as usize] += 1;
            }
            prop_assert_eq!(
                quantile_of_counts(&counts, p).map(f64::to_bits),
                (!days.is_empty()).then(|| quantile_u32(&mut days.clone(), p).to_bits())
            );
        }
    }
}
