//! Histogram bins with "nice" widths (1, 2 or 5 × 10ⁿ) over the bulk of the data. Spending is
//! skewed (a few customers spend far more than the rest), so the bins cover up to the 95th
//! percentile and the last bin is open-ended: it holds everyone above it. Values below the first
//! edge (negative net revenue after returns) are counted in the first bin. No value is dropped.

use serde::{Deserialize, Serialize};

/// One bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bin {
    /// Lower edge (inclusive).
    pub start: f64,
    /// Upper edge (exclusive; for the open-ended last bin, the drawn edge).
    pub end: f64,
    /// Number of values in the bin.
    pub count: u32,
}

/// Bars of a histogram.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Histogram {
    /// The bars, left to right, contiguous.
    pub bins: Vec<Bin>,
    /// Whether the last bin also holds every value at or above its end.
    pub open_ended: bool,
    /// How many values below the first edge were counted in the first bin.
    pub below_first: u32,
}

impl Histogram {
    /// The tallest bar's count.
    pub(crate) fn max_count(&self) -> u32 {
        self.bins.iter().map(|b| b.count).max().unwrap_or(0)
    }
}

/// Percentile of the bulk the bins cover; values above go in the open-ended last bin.
const BULK_PERCENTILE: f64 = 0.95;

/// The smallest 1, 2 or 5 × 10ⁿ at least `raw`.
pub(crate) fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw * (1.0 - 1e-12))
        .unwrap_or(10.0 * magnitude)
}

/// Bins `values` into about `target_bins` bars starting at 0 (or below, never above the
/// smallest value when it is positive, 0 is the natural origin for money).
pub fn histogram(values: &[f64], target_bins: usize) -> Histogram {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() || target_bins == 0 {
        return Histogram::default();
    }
    sorted.sort_by(f64::total_cmp);
    let max = sorted[sorted.len() - 1];
    let bulk_index = ((sorted.len() - 1) as f64 * BULK_PERCENTILE).round() as usize;
    let bulk_top = sorted[bulk_index].max(f64::MIN_POSITIVE);
    let step = nice_step(bulk_top / target_bins as f64);
    let n_bins = ((bulk_top / step).floor() as usize + 1).max(1);
    let mut bins: Vec<Bin> = (0..n_bins)
        .map(|i| Bin {
            start: i as f64 * step,
            end: (i + 1) as f64 * step,
            count: 0,
        })
        .collect();
    let mut below_first = 0;
    for &v in &sorted {
        if v < 0.0 {
            below_first += 1;
        }
        let i = ((v / step).floor().max(0.0) as usize).min(n_bins - 1);
        bins[i].count += 1;
    }
    Histogram {
        open_ended: max >= n_bins as f64 * step,
        bins,
        below_first,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many values the bins hold in all.
    fn total(h: &Histogram) -> u64 {
        h.bins.iter().map(|b| b.count as u64).sum()
    }

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.0), 1.0);
        assert_eq!(nice_step(1.3), 2.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(130.0), 200.0);
        assert_eq!(nice_step(0.0), 1.0);
    }

    #[test]
    fn every_value_is_counted_once() {
        // 20 values 1..=20 and one outlier 1000: p95 index round(20 × 0.95) = 19 → 20;
        // step = nice(20 / 4 = 5) = 5; bins [0,5) [5,10) [10,15) [15,20) [20,25).
        let mut values: Vec<f64> = (1..=20).map(f64::from).collect();
        values.push(1000.0);
        values.push(-3.0); // a net return: counted in the first bin
        let h = histogram(&values, 4);
        assert_eq!(h.bins.len(), 5);
        assert_eq!(h.bins[0].start, 0.0);
        assert_eq!(h.bins[4].end, 25.0);
        // [0,5): 1,2,3,4 and −3 → 5; [5,10): 5..9 → 5; [20,25) + open end: 20 and 1000 → 2
        let counts: Vec<u32> = h.bins.iter().map(|b| b.count).collect();
        assert_eq!(counts, vec![5, 5, 5, 5, 2]);
        assert!(h.open_ended);
        assert_eq!(h.below_first, 1);
        assert_eq!(total(&h), 22);
        assert_eq!(h.max_count(), 5);
    }

    #[test]
    fn empty_and_constant_inputs() {
        assert_eq!(histogram(&[], 10), Histogram::default());
        let h = histogram(&[0.0, 0.0], 10);
        assert_eq!(total(&h), 2);
        assert!(!h.open_ended);
        let h = histogram(&[f64::NAN, 5.0], 10);
        assert_eq!(total(&h), 1);
    }
}
