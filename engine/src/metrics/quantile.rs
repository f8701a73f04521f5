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
    }
}
