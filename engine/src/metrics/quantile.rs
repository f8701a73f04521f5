//! Sample quantiles, shared by the metrics that need an order statistic (the big-order fences,
//! the median gap between purchases). Depends on nothing else of the engine.

/// Quantile by linear interpolation between order statistics (Hyndman & Fan 1996, "Sample
/// quantiles in statistical packages", definition 7; R's and NumPy's default). `values` is
/// reordered. Returns 0 for no values.
pub fn quantile(values: &mut [f64], p: f64) -> f64 {
    let n = values.len();
    if n == 0 {
        return 0.0;
    }
    let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let (_, &mut x_lo, above) = values.select_nth_unstable_by(lo, f64::total_cmp);
    if lo + 1 >= n {
        return x_lo;
    }
    let x_hi = above.iter().copied().fold(f64::INFINITY, f64::min);
    x_lo + (h - lo as f64) * (x_hi - x_lo)
}
