//! The Pareto/NBD likelihood's fallback when the series for G(t) would be long: the same
//! quantity as an integral, by Gauss–Legendre quadrature ("Fallback" in the [model's](super)
//! module doc, which "the module doc" below means).

use super::params::ParetoNbdParams;
use crate::models::special::log_add_exp;
use crate::models::tolerance::QUADRATURE_REL_TOL;

/// Nodes (positive half) and weights of 16-point Gauss–Legendre quadrature on [−1, 1]
/// (A&S table 25.4; computed by Newton's method on P₁₆).
const GL16_NODES: [f64; 8] = [
    0.989_400_934_991_649_9,
    0.944_575_023_073_232_6,
    0.865_631_202_387_831_8,
    0.755_404_408_355_003,
    0.617_876_244_402_643_8,
    0.458_016_777_657_227_4,
    0.281_603_550_779_258_9,
    0.095_012_509_837_637_44,
];
/// See [`GL16_NODES`].
const GL16_WEIGHTS: [f64; 8] = [
    0.027_152_459_411_754_058,
    0.062_253_523_938_647_776,
    0.095_158_511_682_492_9,
    0.124_628_971_255_533_95,
    0.149_595_988_816_576_82,
    0.169_156_519_395_002_56,
    0.182_603_415_044_923_6,
    0.189_450_610_455_068_47,
];

impl ParetoNbdParams {
    /// Stand-in for ln G at each of a group's times when the series would be long (module doc,
    /// "Fallback"): ln[a ∫_t^{t_max} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ], a = r+s+x, t_max the group's
    /// latest time (there −∞), with its gradient. G(t) itself is a times the same integral to ∞,
    /// so differences G(t_x) − G(T), all the likelihood uses, are the same. Built from the
    /// quadratures between consecutive times, summed from the end in log space (positive terms
    /// only, no cancellation): one quadrature per distinct time, like the series.
    pub(super) fn ln_g_by_quadrature(
        &self,
        x: f64,
        times: &[u32],
        all_times: &[f64],
        out: &mut Vec<(f64, [f64; 4])>,
    ) {
        let ParetoNbdParams { r, s, .. } = *self;
        let a = r + s + x;
        let (ln_a, ln_s) = (a.ln(), s.ln());
        out.clear();
        out.resize(times.len(), (f64::NEG_INFINITY, [0.0; 4]));
        let mut order: Vec<usize> = (0..times.len()).collect();
        order.sort_by_key(|&k| times[k]);
        // ln S and its gradient, S = ∫ from the current time to t_max.
        let (mut ln_sum, mut d_sum) = (f64::NEG_INFINITY, [0.0; 4]);
        for pair in order.windows(2).rev() {
            let (lo, hi) = (
                all_times[times[pair[0]] as usize],
                all_times[times[pair[1]] as usize],
            );
            let (died, mut d_piece) = self.died_by_quadrature(x, lo, hi);
            let ln_piece = died - ln_s;
            d_piece[2] -= 1.0 / s;
            let total = log_add_exp(ln_sum, ln_piece);
            let (w_piece, w_sum) = ((ln_piece - total).exp(), (ln_sum - total).exp());
            for i in 0..4 {
                d_sum[i] = w_piece * d_piece[i] + w_sum * d_sum[i];
            }
            ln_sum = total;
            let mut d = d_sum;
            d[0] += 1.0 / a;
            d[2] += 1.0 / a;
            out[pair[0]] = (ln_a + ln_sum, d);
        }
    }

    /// The "died" log term of the likelihood bracket, ln[s ∫_{t_x}^{T} (α+τ)^−(r+x)
    /// (β+τ)^−(s+1) dτ], and its gradient in (r, α, s, β), by quadrature (module doc,
    /// "Fallback"). −∞ when t_x ≥ T.
    pub(super) fn died_by_quadrature(&self, x: f64, recency: f64, t: f64) -> (f64, [f64; 4]) {
        let ParetoNbdParams { r, alpha, s, beta } = *self;
        let length = t - recency;
        if length.is_nan() || length <= 0.0 {
            return (f64::NEG_INFINITY, [0.0; 4]);
        }
        let (n_a, n_b) = (r + x, s + 1.0);
        let (a0, b0) = (alpha + recency, beta + recency);
        // Integrand relative to its value at t_x: e^φ(u), φ(u) = −n_a ln(1 + u/a0) − n_b ln(1 + u/b0).
        let decay = n_a / a0 + n_b / b0;
        let mut width = length.min(1.0 / decay);
        let mut lo = 0.0;
        // Σ w e^φ and the sums behind the expectations of ln(α+τ), 1/(α+τ), ln(β+τ), 1/(β+τ).
        let (mut sum, mut e_la, mut e_ia, mut e_lb, mut e_ib) = (0.0, 0.0, 0.0, 0.0, 0.0);
        while lo < length {
            let hi = (lo + width).min(length);
            let (mid, half) = (0.5 * (lo + hi), 0.5 * (hi - lo));
            let mut panel = 0.0;
            for k in 0..16 {
                let node = if k < 8 {
                    GL16_NODES[k]
                } else {
                    -GL16_NODES[k - 8]
                };
                let u = mid + half * node;
                let (la, lb) = ((u / a0).ln_1p(), (u / b0).ln_1p());
                let v = half * GL16_WEIGHTS[k % 8] * (-n_a * la - n_b * lb).exp();
                panel += v;
                e_la += v * la;
                e_ia += v / (a0 + u);
                e_lb += v * lb;
                e_ib += v / (b0 + u);
            }
            sum += panel;
            // The integrand decreases: what is left is at most its value at `hi` times the rest.
            let rest = (-n_a * (hi / a0).ln_1p() - n_b * (hi / b0).ln_1p()).exp() * (length - hi);
            if rest <= QUADRATURE_REL_TOL * sum {
                break;
            }
            lo = hi;
            width *= 2.0;
        }
        if sum.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
            return (f64::NAN, [f64::NAN; 4]);
        }
        let (ln_a0, ln_b0) = (a0.ln(), b0.ln());
        let value = s.ln() - n_a * ln_a0 - n_b * ln_b0 + sum.ln();
        let gradient = [
            -(ln_a0 + e_la / sum),
            -n_a * e_ia / sum,
            1.0 / s - (ln_b0 + e_lb / sum),
            -n_b * e_ib / sum,
        ];
        (value, gradient)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::optimize::central_gradient;

    #[test]
    fn differences_of_the_quadrature_stand_in_for_g_are_those_of_the_series() {
        let all = [0.0, 1.5, 7.0, 20.0, 38.0];
        let times = [3u32, 0, 4, 1]; // a group's times, not in order
        for &(alpha, beta) in &[(10.578, 11.669), (30.0, 10.0), (3.0, 20.0)] {
            let p = ParetoNbdParams::new(0.553, alpha, 0.606, beta).unwrap();
            let mut out = Vec::new();
            p.ln_g_by_quadrature(2.0, &times, &all, &mut out);
            let g = |k: usize| p.ln_g_with_gradient(2.0, all[times[k] as usize]);
            // Index 2 is t_max: the stand-in is −∞ there.
            assert_eq!(out[2].0, f64::NEG_INFINITY);
            for (i, j) in [(1, 3), (3, 0), (1, 0)] {
                let series = (g(i).0.exp() - g(j).0.exp()).ln();
                let quad = (out[i].0.exp() - out[j].0.exp()).ln();
                assert!(
                    (series - quad).abs() < 1e-9,
                    "{alpha} {beta}: {series} vs {quad}"
                );
            }
            // G(t) − G(t_max) by both: gradients agree too.
            let (gs, dgs) = g(1);
            let (gm, dgm) = g(2);
            let q = 1.0 / (gs - gm).exp_m1();
            for k in 0..4 {
                let series = (1.0 + q) * dgs[k] - q * dgm[k];
                assert!(
                    (series - out[1].1[k]).abs() < 1e-8 * (1.0 + series.abs()),
                    "{k}: {series} vs {}",
                    out[1].1[k]
                );
            }
        }
    }

    #[test]
    fn the_quadrature_fallback_matches_the_series_and_its_own_gradient() {
        // Both cases of the series (α ≥ β and α < β), short and long histories, many purchases.
        for &(r, alpha, s, beta) in &[
            (0.553, 10.578, 0.606, 11.669),
            (0.7, 30.0, 2.0, 3.0),
            (2.0, 70.0, 50.0, 2000.0),
        ] {
            let p = ParetoNbdParams::new(r, alpha, s, beta).unwrap();
            for &(x, tx, t) in &[
                (0.0, 0.0, 38.0),
                (2.0, 5.0, 38.0),
                (40.0, 30.0, 78.0),
                (3.0, 9.9, 10.0),
            ] {
                let (_, series) = p.bracket_terms(x, tx, t);
                let (quad, analytic) = p.died_by_quadrature(x, tx, t);
                assert!(
                    (quad - series).abs() < 1e-10 * (1.0 + series.abs()),
                    "{r} {alpha} {s} {beta} at {x} {tx} {t}: {quad} vs {series}"
                );
                let f = |q: &[f64]| {
                    ParetoNbdParams::new(q[0], q[1], q[2], q[3])
                        .unwrap()
                        .died_by_quadrature(x, tx, t)
                        .0
                };
                let mut numeric = [0.0; 4];
                central_gradient(&f, &[r, alpha, s, beta], &mut numeric);
                for i in 0..4 {
                    assert!(
                        (analytic[i] - numeric[i]).abs() < 1e-5 * (1.0 + numeric[i].abs()),
                        "param {i}: {} vs {}",
                        analytic[i],
                        numeric[i]
                    );
                }
            }
        }
    }
}
