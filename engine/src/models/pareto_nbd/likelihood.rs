//! The Pareto/NBD likelihood (Fader & Hardie 2005, "the note", eq. 22) and G(t), the Gauss
//! hypergeometric term it needs; "the module doc" below is the [model's](super), which derives
//! both cases of the series and the fallback.

use super::params::ParetoNbdParams;
use crate::models::bg_nbd::logistic_complement;
use crate::models::data::{FrequencyGroup, IndexedTuples, RfmTuple};
use crate::models::special::{
    digamma, ln_gamma, ln_hyp2f1_capped, ln_hyp2f1_with_gradient, log_add_exp,
};
use crate::models::tolerance::{PARETO_SERIES_MAX_TERMS, SERIES_TAIL_TERMS};
use crate::parallel;

impl ParetoNbdParams {
    /// Whether the series for G(t) is short enough to sum: its terms rise while
    /// (b+j) z/(j+1) > 1, i.e. for about b z/(1−z) terms (only when α ≥ β), then fall
    /// geometrically with ratio → z, so ~ [`SERIES_TAIL_TERMS`]/(1−z) more reach 1e-15 relative. Longer series are
    /// left to the quadrature fallback (module doc).
    fn series_is_short(&self, t: f64) -> bool {
        let ParetoNbdParams { alpha, s, beta, .. } = *self;
        let terms = if alpha >= beta {
            let z = (alpha - beta) / (alpha + t);
            ((s + 1.0) * z + SERIES_TAIL_TERMS) / (1.0 - z)
        } else {
            SERIES_TAIL_TERMS * (beta + t) / (alpha + t)
        };
        terms <= PARETO_SERIES_MAX_TERMS as f64
    }

    /// ln G(t) = ln[₂F₁(a, s+1; a+1; (α−β)/(α+t)) / (α+t)^a], a = r+s+x (see the module doc);
    /// NaN when the series would be long (then the likelihood uses the quadrature fallback).
    fn ln_g(&self, x: f64, t: f64) -> f64 {
        if !self.series_is_short(t) {
            return f64::NAN;
        }
        let ParetoNbdParams { r, alpha, s, beta } = *self;
        let a = r + s + x;
        let b = s + 1.0;
        if alpha >= beta {
            let z = (alpha - beta) / (alpha + t);
            ln_hyp2f1_capped(a, b, a + 1.0, z, PARETO_SERIES_MAX_TERMS)
                .map_or(f64::NAN, |f| f - a * (alpha + t).ln())
        } else {
            let w = (beta - alpha) / (beta + t);
            ln_hyp2f1_capped(1.0, b, a + 1.0, w, PARETO_SERIES_MAX_TERMS).map_or(f64::NAN, |f| {
                f - a * (alpha + t).ln() - b * ((beta + t).ln() - (alpha + t).ln())
            })
        }
    }

    /// ln G(t) and its gradient in (r, α, s, β), by the chain rule through the arguments of
    /// ₂F₁ (see [`ln_hyp2f1_with_gradient`]) in either case of the module doc.
    pub(super) fn ln_g_with_gradient(&self, x: f64, t: f64) -> (f64, [f64; 4]) {
        if !self.series_is_short(t) {
            return (f64::NAN, [f64::NAN; 4]);
        }
        let ParetoNbdParams { alpha, beta, .. } = *self;
        self.ln_g_with_gradient_from(x, t, ((alpha + t).ln(), (beta + t).ln()))
    }

    /// [`Self::ln_g_with_gradient`] given (ln(α+t), ln(β+t)), for a short series.
    fn ln_g_with_gradient_from(
        &self,
        x: f64,
        t: f64,
        (ln_at, ln_bt): (f64, f64),
    ) -> (f64, [f64; 4]) {
        let ParetoNbdParams { r, alpha, s, beta } = *self;
        let a = r + s + x;
        let b = s + 1.0;
        let (at, bt) = (alpha + t, beta + t);
        if alpha >= beta {
            // ln G = ln F(a, b; a+1; z) − a ln(α+t), z = (α−β)/(α+t).
            let z = (alpha - beta) / at;
            match ln_hyp2f1_with_gradient(a, b, a + 1.0, z, PARETO_SERIES_MAX_TERMS) {
                Some((f, [fa, fb, fc, fz])) => (
                    f - a * ln_at,
                    [
                        fa + fc - ln_at,
                        fz * bt / (at * at) - a / at,
                        fa + fb + fc - ln_at,
                        -fz / at,
                    ],
                ),
                None => (f64::NAN, [f64::NAN; 4]),
            }
        } else {
            // ln G = ln F(1, b; a+1; w) − a ln(α+t) − b ln(β+t) + b ln(α+t), w = (β−α)/(β+t).
            let w = (beta - alpha) / bt;
            match ln_hyp2f1_with_gradient(1.0, b, a + 1.0, w, PARETO_SERIES_MAX_TERMS) {
                Some((f, [_, fb, fc, fw])) => (
                    f - a * ln_at - b * (ln_bt - ln_at),
                    [
                        fc - ln_at,
                        -fw / bt - (a - b) / at,
                        fb + fc - ln_bt,
                        fw * at / (bt * bt) - b / bt,
                    ],
                ),
                None => (f64::NAN, [f64::NAN; 4]),
            }
        }
    }

    /// Log-likelihood with its gradient in (r, α, s, β) on prepared data (the note, eq. 22,
    /// differentiated term by term); G is computed once per distinct (x, time), ln(α+t) and
    /// ln(β+t) once per distinct time. On data of [`SPLIT_ROWS`] histories or more the
    /// frequency groups are summed in two halves, at the same time natively (one after the
    /// other in WebAssembly: the same numbers either way).
    pub(crate) fn log_likelihood_indexed(
        &self,
        data: &IndexedTuples,
        gradient: &mut [f64; 4],
        scratch: &mut Scratch,
    ) -> f64 {
        let ParetoNbdParams { alpha, beta, .. } = *self;
        let Scratch { logs, g, g_second } = scratch;
        logs.clear();
        logs.extend(
            data.times
                .iter()
                .map(|&t| ((alpha + t).ln(), (beta + t).ln())),
        );
        let logs = &logs[..];
        let split = split_point(&data.groups);
        let ((mut ll, mut sum), (ll_second, g2)) = if split == 0 {
            (
                self.groups_log_likelihood(data, &data.groups, logs, g),
                (0.0, [0.0; 4]),
            )
        } else {
            let (first, second) = data.groups.split_at(split);
            parallel::join(
                || self.groups_log_likelihood(data, first, logs, g),
                || self.groups_log_likelihood(data, second, logs, g_second),
            )
        };
        ll += ll_second;
        for i in 0..4 {
            sum[i] += g2[i];
        }
        *gradient = sum;
        ll
    }

    /// The log-likelihood of the frequency groups `groups` of `data` with its gradient, given
    /// (ln(α+t), ln(β+t)) of every distinct time; `scratch` holds each group's G.
    fn groups_log_likelihood(
        &self,
        data: &IndexedTuples,
        groups: &[FrequencyGroup],
        logs: &[(f64, f64)],
        scratch: &mut Vec<(f64, [f64; 4])>,
    ) -> (f64, [f64; 4]) {
        let ParetoNbdParams { r, alpha, s, beta } = *self;
        let constant = -ln_gamma(r) + r * alpha.ln() + s * beta.ln();
        let d_constant = [-digamma(r) + alpha.ln(), r / alpha, beta.ln(), s / beta];
        let ln_s = s.ln();
        let mut ll = 0.0;
        let mut g = [0.0; 4];
        for group in groups {
            let xf = group.frequency as f64;
            let (rx, a) = (r + xf, r + s + xf);
            let ln_share = ln_s - a.ln();
            let d_extra = [-1.0 / a, 0.0, 1.0 / s - 1.0 / a, 0.0];
            scratch.clear();
            if group
                .times
                .iter()
                .all(|&k| self.series_is_short(data.times[k as usize]))
            {
                scratch.extend(group.times.iter().map(|&k| {
                    let k = k as usize;
                    self.ln_g_with_gradient_from(xf, data.times[k], logs[k])
                }));
            } else {
                self.ln_g_by_quadrature(xf, &group.times, &data.times, scratch);
            }
            let mut weight = 0.0;
            for &(w, rec, age) in &group.rows {
                let k = group.times[age as usize] as usize;
                let t = data.times[k];
                let (ln_at, ln_bt) = logs[k];
                let alive = -rx * ln_at - s * ln_bt;
                let d_alive = [-ln_at, -rx / (alpha + t), -ln_bt, -s / (beta + t)];
                let (g_tx, dg_tx) = scratch[rec as usize];
                let (g_t, dg_t) = scratch[age as usize];
                let diff = g_t - g_tx;
                let mut row_ll = alive;
                let mut row_g = d_alive;
                let mut died_term = None;
                if diff < 0.0 {
                    // With m = e^D − 1 (D = diff < 0): ln(1 − e^D) = ln(−m), and
                    // d ln(1 − e^D) = −q dD with q = e^D / (1 − e^D) = −(1 + m)/m.
                    let m = diff.exp_m1();
                    let died = ln_share + g_tx + (-m).ln();
                    let q = -(1.0 + m) / m;
                    let mut d_died = [0.0; 4];
                    for i in 0..4 {
                        d_died[i] = (1.0 + q) * dg_tx[i] - q * dg_t[i] + d_extra[i];
                    }
                    died_term = Some((died, d_died));
                } else if diff.is_nan() {
                    // The series gave up (module doc, "Fallback").
                    let rec_t = data.times[group.times[rec as usize] as usize];
                    died_term = Some(self.died_by_quadrature(xf, rec_t, t));
                }
                if let Some((died, d_died)) = died_term {
                    if died > f64::NEG_INFINITY || died.is_nan() {
                        // ln(e^alive + e^died) and died's share e^died / (e^alive + e^died),
                        // from one exponential (NaN stays NaN).
                        let z = alive - died;
                        let e = (-z.abs()).exp();
                        let share;
                        (row_ll, share) = if z > 0.0 {
                            (alive + e.ln_1p(), e / (1.0 + e))
                        } else {
                            (died + e.ln_1p(), 1.0 / (1.0 + e))
                        };
                        for i in 0..4 {
                            row_g[i] = (1.0 - share) * d_alive[i] + share * d_died[i];
                        }
                    }
                }
                ll += w * row_ll;
                for i in 0..4 {
                    g[i] += w * row_g[i];
                }
                weight += w;
            }
            ll += weight * (ln_gamma(rx) + constant);
            let d_lg = digamma(rx);
            g[0] += weight * (d_lg + d_constant[0]);
            for i in 1..4 {
                g[i] += weight * d_constant[i];
            }
        }
        (ll, g)
    }

    /// The two log terms of the likelihood bracket of the note (eq. 22):
    /// (ln 1/((α+T)^(r+x) (β+T)^s), ln (s/(r+s+x)) A₀). The second is −∞ when t_x = T.
    pub(super) fn bracket_terms(&self, x: f64, recency: f64, t: f64) -> (f64, f64) {
        self.bracket_terms_from(x, recency, t, self.ln_g(x, recency), self.ln_g(x, t))
    }

    /// [`Self::bracket_terms`] given ln G(t_x) and ln G(T) (NaN: by quadrature).
    pub(super) fn bracket_terms_from(
        &self,
        x: f64,
        recency: f64,
        t: f64,
        ln_g_tx: f64,
        ln_g_t: f64,
    ) -> (f64, f64) {
        let ParetoNbdParams { r, alpha, s, beta } = *self;
        let alive = -(r + x) * (alpha + t).ln() - s * (beta + t).ln();
        let diff = ln_g_t - ln_g_tx; // ≤ 0: G decreases in t
        let died = if diff.is_nan() {
            // The series gave up (module doc, "Fallback").
            self.died_by_quadrature(x, recency, t).0
        } else if diff < 0.0 {
            s.ln() - (r + s + x).ln() + ln_g_tx + (-diff.exp_m1()).ln()
        } else {
            f64::NEG_INFINITY
        };
        (alive, died)
    }

    /// [`Self::bracket_terms`] with their gradients in (r, α, s, β), by the same chain rule as
    /// the likelihood's: ((alive, ∇alive), (died, ∇died)). The gradient of "died" is zero
    /// where it is −∞ (t_x = T).
    pub(super) fn bracket_terms_with_gradient(
        &self,
        x: f64,
        recency: f64,
        t: f64,
    ) -> ((f64, [f64; 4]), (f64, [f64; 4])) {
        self.bracket_terms_with_gradient_from(x, recency, t, self.ln_g_with_gradient(x, t))
    }

    /// [`Self::bracket_terms_with_gradient`] given ln G(T) with its gradient.
    fn bracket_terms_with_gradient_from(
        &self,
        x: f64,
        recency: f64,
        t: f64,
        (g_t, dg_t): (f64, [f64; 4]),
    ) -> ((f64, [f64; 4]), (f64, [f64; 4])) {
        let ParetoNbdParams { r, alpha, s, beta } = *self;
        let (rx, a) = (r + x, r + s + x);
        let (ln_at, ln_bt) = ((alpha + t).ln(), (beta + t).ln());
        let alive = (
            -rx * ln_at - s * ln_bt,
            [-ln_at, -rx / (alpha + t), -ln_bt, -s / (beta + t)],
        );
        let (g_tx, dg_tx) = self.ln_g_with_gradient(x, recency);
        let diff = g_t - g_tx;
        let died = if diff.is_nan() {
            self.died_by_quadrature(x, recency, t)
        } else if diff < 0.0 {
            let q = 1.0 / (-diff).exp_m1();
            let d_extra = [-1.0 / a, 0.0, 1.0 / s - 1.0 / a, 0.0];
            let mut d_died = [0.0; 4];
            for i in 0..4 {
                d_died[i] = (1.0 + q) * dg_tx[i] - q * dg_t[i] + d_extra[i];
            }
            (s.ln() - a.ln() + g_tx + (-diff.exp_m1()).ln(), d_died)
        } else {
            (f64::NEG_INFINITY, [0.0; 4])
        };
        (alive, died)
    }

    /// What P(alive) needs of (x, T) alone, for every history with that (x, T): ln G(T) and,
    /// with `gradient`, ln G(T) with its gradient (the series that gives both).
    pub(crate) fn at_age(&self, frequency: u32, t: f64, gradient: bool) -> AtAge {
        let x = frequency as f64;
        AtAge {
            ln_g: Some(self.ln_g(x, t)),
            with_gradient: gradient.then(|| self.ln_g_with_gradient(x, t)),
        }
    }

    /// [`ParetoNbdParams::p_alive`] given [`Self::at_age`] of (x, T): the same number.
    pub(crate) fn p_alive_at(&self, frequency: u32, recency: f64, t: f64, at: &AtAge) -> f64 {
        let x = frequency as f64;
        let ln_g_t = at.ln_g.unwrap_or_else(|| self.ln_g(x, t));
        let (alive, died) = self.bracket_terms_from(x, recency, t, self.ln_g(x, recency), ln_g_t);
        logistic_complement(died - alive)
    }

    /// P(alive) exactly as [`ParetoNbdParams::p_alive`] gives it, with its gradient in
    /// (r, α, s, β) (see [`ParetoNbdParams::p_alive_gradient`]), given [`Self::at_age`] of
    /// (x, T) (with [`AtAge::default`] the term at T is computed here: the same numbers); when
    /// the series are long, one quadrature gives both.
    pub(crate) fn p_alive_with_gradient_at(
        &self,
        frequency: u32,
        recency: f64,
        t: f64,
        at: &AtAge,
    ) -> (f64, [f64; 4]) {
        let x = frequency as f64;
        let ln_g_tx = self.ln_g(x, recency);
        let ln_g_t = at.ln_g.unwrap_or_else(|| self.ln_g(x, t));
        if (ln_g_t - ln_g_tx).is_nan() {
            // A long series: one quadrature gives "died" and its gradient.
            let ParetoNbdParams { r, alpha, s, beta } = *self;
            let (ln_at, ln_bt) = ((alpha + t).ln(), (beta + t).ln());
            let alive = -(r + x) * ln_at - s * ln_bt;
            let d_alive = [-ln_at, -(r + x) / (alpha + t), -ln_bt, -s / (beta + t)];
            let (died, d_died) = self.died_by_quadrature(x, recency, t);
            let p = logistic_complement(died - alive);
            return (p, p_alive_gradient_from(p, died, d_alive, d_died));
        }
        let (alive, died) = self.bracket_terms_from(x, recency, t, ln_g_tx, ln_g_t);
        let p = logistic_complement(died - alive);
        let g_t = at
            .with_gradient
            .unwrap_or_else(|| self.ln_g_with_gradient(x, t));
        let ((alive_g, d_alive), (died_g, d_died)) =
            self.bracket_terms_with_gradient_from(x, recency, t, g_t);
        let gp = logistic_complement(died_g - alive_g);
        (p, p_alive_gradient_from(gp, died_g, d_alive, d_died))
    }

    /// Log-likelihood with its analytic gradient in (r, α, s, β) written to `gradient`.
    pub fn log_likelihood_gradient(&self, data: &[RfmTuple], gradient: &mut [f64; 4]) -> f64 {
        self.log_likelihood_indexed(&IndexedTuples::new(data), gradient, &mut Scratch::default())
    }

    /// Log-likelihood of the data (the note, eq. 22):
    /// L = Γ(r+x) α^r β^s / Γ(r) · [1/((α+T)^(r+x) (β+T)^s) + (s/(r+s+x)) A₀].
    pub fn log_likelihood(&self, data: &[RfmTuple]) -> f64 {
        let ParetoNbdParams { r, alpha, s, beta } = *self;
        let constant = -ln_gamma(r) + r * alpha.ln() + s * beta.ln();
        let mut ll = 0.0;
        let mut i = 0;
        while i < data.len() {
            let x = data[i].frequency;
            let xf = x as f64;
            let per_x = ln_gamma(r + xf) + constant;
            while i < data.len() && data[i].frequency == x {
                let d = &data[i];
                let (alive, died) = self.bracket_terms(xf, d.recency, d.t);
                ll += d.weight * (per_x + log_add_exp(alive, died));
                i += 1;
            }
        }
        ll
    }
}

/// What Pareto/NBD's P(alive) needs of (x, T) alone ([`ParetoNbdParams::at_age`]), computed
/// once per (x, T) by the predictions; `None`: computed at each history.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct AtAge {
    /// ln G(T).
    pub(crate) ln_g: Option<f64>,
    /// ln G(T) with its gradient.
    pub(crate) with_gradient: Option<(f64, [f64; 4])>,
}

/// What one evaluation of the likelihood reuses from the last (so it allocates nothing).
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    /// (ln(α+t), ln(β+t)) of each distinct time.
    logs: Vec<(f64, f64)>,
    /// ln G and its gradient at each time of one frequency group (of the first half).
    g: Vec<(f64, [f64; 4])>,
    /// The same for the second half.
    g_second: Vec<(f64, [f64; 4])>,
}

/// Histories from which the likelihood is summed in two halves.
const SPLIT_ROWS: usize = 4_096;

/// Where the frequency groups are split in two halves of about the same work (a group's work:
/// a series per distinct time, a few logarithms per history); 0 (no split) below
/// [`SPLIT_ROWS`] histories. It depends on the data only, so the sums are the same on any
/// number of cores.
fn split_point(groups: &[FrequencyGroup]) -> usize {
    let work = |g: &FrequencyGroup| 4 * g.times.len() + g.rows.len();
    let rows: usize = groups.iter().map(|g| g.rows.len()).sum();
    if rows < SPLIT_ROWS || groups.len() < 2 {
        return 0;
    }
    let total: usize = groups.iter().map(work).sum();
    let mut so_far = 0;
    for (i, g) in groups.iter().enumerate() {
        so_far += work(g);
        if 2 * so_far >= total {
            return (i + 1).min(groups.len() - 1);
        }
    }
    0
}

/// ∇P from P = 1/(1 + e^(died − alive)): −P (1 − P) (∇died − ∇alive); zero where "died" is
/// −∞ (P = 1).
pub(super) fn p_alive_gradient_from(
    p: f64,
    died: f64,
    d_alive: [f64; 4],
    d_died: [f64; 4],
) -> [f64; 4] {
    if died == f64::NEG_INFINITY {
        return [0.0; 4];
    }
    let weight = -p * (1.0 - p);
    let mut g = [0.0; 4];
    for i in 0..4 {
        g[i] = weight * (d_died[i] - d_alive[i]);
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::optimize::central_gradient;

    #[test]
    fn both_cases_of_the_hypergeometric_agree_at_alpha_equal_beta() {
        // G is continuous in α − β: the direct series and the Pfaff-transformed one meet at 0.
        let below = ParetoNbdParams::new(0.5, 10.0 - 1e-9, 0.6, 10.0).unwrap();
        let above = ParetoNbdParams::new(0.5, 10.0 + 1e-9, 0.6, 10.0).unwrap();
        let (lb, la) = (below.ln_g(3.0, 7.0), above.ln_g(3.0, 7.0));
        assert!((lb - la).abs() < 1e-8, "{lb} vs {la}");
    }

    #[test]
    fn gradient_of_ln_g_matches_finite_differences_in_both_cases() {
        for &(alpha, beta) in &[(2.0, 1.0), (1.0, 2.0), (1.0, 1.0)] {
            for &(x, t) in &[(0.0, 0.0), (0.0, 0.01), (3.0, 5.0)] {
                let p = ParetoNbdParams::new(0.7, alpha, 0.9, beta).unwrap();
                let (_, analytic) = p.ln_g_with_gradient(x, t);
                let f = |q: &[f64]| {
                    ParetoNbdParams::new(q[0], q[1], q[2], q[3])
                        .unwrap()
                        .ln_g(x, t)
                };
                let mut numeric = [0.0; 4];
                central_gradient(&f, &[0.7, alpha, 0.9, beta], &mut numeric);
                for i in 0..4 {
                    assert!(
                        (analytic[i] - numeric[i]).abs() < 1e-6 * (1.0 + numeric[i].abs()),
                        "α {alpha} β {beta} x {x} t {t} param {i}: {} vs {}",
                        analytic[i],
                        numeric[i]
                    );
                }
            }
        }
    }
}
