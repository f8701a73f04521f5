//! The Pareto/NBD model of repeat buying (Schmittlein, Morrison & Colombo 1987, "Counting Your
//! Customers: Who Are They and What Will They Do Next?", Management Science 33(1)), with the
//! likelihood of Fader & Hardie (2005), "A Note on Deriving the Pareto/NBD Model and Related
//! Expressions" (below "the note").
//!
//! While alive a customer buys at rate λ ~ Gamma(r, α); their lifetime is exponential with
//! rate μ ~ Gamma(s, β).
//!
//! ## The Gauss hypergeometric function
//! The likelihood (the note, eq. 22) needs A₀ = G(t_x) − G(T) with
//! G(t) = ₂F₁(a, s+1; a+1; (α−β)/(α+t)) / (α+t)^a, a = r+s+x. For α ≥ β the argument lies in
//! [0, 1) and the series is summed directly. For α < β it is negative (and may be below −1), and
//! Pfaff's transformation (Abramowitz & Stegun 15.3.4) gives
//! ₂F₁(a, s+1; a+1; z) = (1−z)^−(s+1) ₂F₁(1, s+1; a+1; z/(z−1)) with
//! z/(z−1) = (β−α)/(β+t) ∈ [0, 1): the same function as the note's second case (related to it by
//! Euler's transformation, A&S 15.3.3), but with a second parameter s+1 that does not grow with x,
//! so the series stays short for customers with many purchases. Every term is positive; G is
//! kept in logs and A₀ formed as G(t_x) (1 − e^{ln G(T) − ln G(t_x)}) with `exp_m1`.
//!
//! ## Fallback: the integral form
//! Near the edge of the parameter space (s, β → ∞ when customers do not differ in their
//! dropout rate, or α/β far from 1) the argument of ₂F₁ tends to 1 and the series needs tens
//! of thousands of terms. After [`PARETO_SERIES_MAX_TERMS`] terms the likelihood switches to the
//! definition of the same quantity (the note, eqs. 12–14, before integrating):
//! (s/(r+s+x)) A₀ = s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ, summed by 16-point
//! Gauss–Legendre quadrature (A&S 25.4.30) on panels of doubling width from t_x, the first one
//! the integrand's initial decay length (it is log-convex, so the panels where it varies fast
//! are those where it is already negligible). Its gradient is the integral of the gradient.

use super::data::{IndexedTuples, RfmTuple};
use super::fit::{fit_four, positive, FitError, FitSummary, ParamError};
use super::special::{digamma, ln_gamma, ln_hyp2f1_capped, ln_hyp2f1_with_gradient, log_add_exp};
use super::tolerance::{PARETO_SERIES_MAX_TERMS, QUADRATURE_REL_TOL, SERIES_TAIL_TERMS};
use serde::{Deserialize, Serialize};

/// Pareto/NBD parameters: purchase rate λ ~ Gamma(r, α), dropout rate μ ~ Gamma(s, β).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ParetoNbdParams {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Rate of the purchase-rate distribution.
    pub alpha: f64,
    /// Shape of the dropout-rate distribution.
    pub s: f64,
    /// Rate of the dropout-rate distribution.
    pub beta: f64,
}

impl ParetoNbdParams {
    /// Validated parameters: all four positive and finite.
    pub fn new(r: f64, alpha: f64, s: f64, beta: f64) -> Result<Self, ParamError> {
        Ok(ParetoNbdParams {
            r: positive("r", r)?,
            alpha: positive("alpha", alpha)?,
            s: positive("s", s)?,
            beta: positive("beta", beta)?,
        })
    }

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
    fn ln_g_with_gradient(&self, x: f64, t: f64) -> (f64, [f64; 4]) {
        if !self.series_is_short(t) {
            return (f64::NAN, [f64::NAN; 4]);
        }
        let ParetoNbdParams { r, alpha, s, beta } = *self;
        let a = r + s + x;
        let b = s + 1.0;
        let (at, bt) = (alpha + t, beta + t);
        let ln_at = at.ln();
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
            let ln_bt = bt.ln();
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
    /// differentiated term by term); G is computed once per distinct (x, time).
    pub(crate) fn log_likelihood_indexed(
        &self,
        data: &IndexedTuples,
        gradient: &mut [f64; 4],
        scratch: &mut Vec<(f64, [f64; 4])>,
    ) -> f64 {
        let ParetoNbdParams { r, alpha, s, beta } = *self;
        let constant = -ln_gamma(r) + r * alpha.ln() + s * beta.ln();
        let d_constant = [-digamma(r) + alpha.ln(), r / alpha, beta.ln(), s / beta];
        let mut ll = 0.0;
        let mut g = [0.0; 4];
        for group in &data.groups {
            let xf = group.frequency as f64;
            let (rx, a) = (r + xf, r + s + xf);
            scratch.clear();
            if group
                .times
                .iter()
                .all(|&k| self.series_is_short(data.times[k as usize]))
            {
                scratch.extend(
                    group
                        .times
                        .iter()
                        .map(|&k| self.ln_g_with_gradient(xf, data.times[k as usize])),
                );
            } else {
                self.ln_g_by_quadrature(xf, &group.times, &data.times, scratch);
            }
            let mut weight = 0.0;
            for &(w, rec, age) in &group.rows {
                let t = data.times[group.times[age as usize] as usize];
                let (ln_at, ln_bt) = ((alpha + t).ln(), (beta + t).ln());
                let alive = -rx * ln_at - s * ln_bt;
                let d_alive = [-ln_at, -rx / (alpha + t), -ln_bt, -s / (beta + t)];
                let (g_tx, dg_tx) = scratch[rec as usize];
                let (g_t, dg_t) = scratch[age as usize];
                let diff = g_t - g_tx;
                let mut row_ll = alive;
                let mut row_g = d_alive;
                let mut died_term = None;
                if diff < 0.0 {
                    let died = s.ln() - a.ln() + g_tx + (-diff.exp_m1()).ln();
                    // d ln(1 − e^D) = −q dD with q = e^D / (1 − e^D) = 1 / expm1(−D).
                    let q = 1.0 / (-diff).exp_m1();
                    let d_extra = [-1.0 / a, 0.0, 1.0 / s - 1.0 / a, 0.0];
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
                        let share = super::bg_nbd::logistic_complement(alive - died); // e^died / (e^alive + e^died)
                        row_ll = log_add_exp(alive, died);
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
        *gradient = g;
        ll
    }

    /// The two log terms of the likelihood bracket of the note (eq. 22):
    /// (ln 1/((α+T)^(r+x) (β+T)^s), ln (s/(r+s+x)) A₀). The second is −∞ when t_x = T.
    fn bracket_terms(&self, x: f64, recency: f64, t: f64) -> (f64, f64) {
        let ParetoNbdParams { r, alpha, s, beta } = *self;
        let alive = -(r + x) * (alpha + t).ln() - s * (beta + t).ln();
        let ln_g_tx = self.ln_g(x, recency);
        let ln_g_t = self.ln_g(x, t);
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

    /// Log-likelihood with its analytic gradient in (r, α, s, β) written to `gradient`.
    pub fn log_likelihood_gradient(&self, data: &[RfmTuple], gradient: &mut [f64; 4]) -> f64 {
        self.log_likelihood_indexed(&IndexedTuples::new(data), gradient, &mut Vec::new())
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

    /// P(alive | x, t_x, T) (the note, eq. 18):
    /// 1 / (1 + (s/(r+s+x)) (α+T)^(r+x) (β+T)^s A₀).
    pub fn p_alive(&self, frequency: u32, recency: f64, t: f64) -> f64 {
        let (alive, died) = self.bracket_terms(frequency as f64, recency, t);
        super::bg_nbd::logistic_complement(died - alive)
    }

    /// Expected purchases in the next `horizon` time units (Schmittlein et al. 1987, eq. 22;
    /// the note, eq. 20): P(alive) · (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)],
    /// with the bracket over (s−1) computed as −expm1((s−1) ln y)/(s−1), which tends to −ln y
    /// as s → 1.
    pub fn expected_purchases(&self, frequency: u32, recency: f64, t: f64, horizon: f64) -> f64 {
        if horizon <= 0.0 {
            return 0.0;
        }
        let x = frequency as f64;
        let ParetoNbdParams { r, alpha, s, beta } = *self;
        let ln_y = ((beta + t) / (beta + t + horizon)).ln();
        self.p_alive(frequency, recency, t) * (r + x) * (beta + t) / (alpha + t)
            * ratio_expm1(s - 1.0, ln_y)
    }

    /// Expected repeat purchases of a new customer in their first `horizon` time units
    /// (Schmittlein et al. 1987, eq. 17): r β / (α (s−1)) · [1 − (β/(β+t))^(s−1)].
    pub fn expected_purchases_new(&self, horizon: f64) -> f64 {
        if horizon <= 0.0 {
            return 0.0;
        }
        let ParetoNbdParams { r, alpha, s, beta } = *self;
        r * beta / alpha * ratio_expm1(s - 1.0, (beta / (beta + horizon)).ln())
    }
}

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
    fn ln_g_by_quadrature(
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
    fn died_by_quadrature(&self, x: f64, recency: f64, t: f64) -> (f64, [f64; 4]) {
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

/// −expm1(k ln y)/k = (1 − y^k)/k, and its limit −ln y at k = 0.
fn ratio_expm1(k: f64, ln_y: f64) -> f64 {
    if k.abs() < 1e-12 {
        -ln_y
    } else {
        -(k * ln_y).exp_m1() / k
    }
}

/// A fitted Pareto/NBD model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "FittedParetoNbdRecord", into = "FittedParetoNbdRecord")]
pub struct FittedParetoNbd {
    /// Maximum-likelihood parameters.
    pub params: ParetoNbdParams,
    /// How the fit went.
    pub fit: FitSummary,
}

/// The serialised form of [`FittedParetoNbd`]: parameters and fit summary side by side as one struct
/// with a fixed list of fields. `serde(flatten)` would give the same JSON but makes the
/// struct a map of unknown length, which bincode (the Web Worker codec) cannot encode.
#[derive(Serialize, Deserialize)]
struct FittedParetoNbdRecord {
    r: f64,
    alpha: f64,
    s: f64,
    beta: f64,
    log_likelihood: f64,
    converged: bool,
    iterations: usize,
    gradient_norm: f64,
    reason: super::optimize::StopReason,
    customers: u64,
    standard_errors: Option<std::collections::BTreeMap<String, f64>>,
}

impl From<FittedParetoNbd> for FittedParetoNbdRecord {
    fn from(m: FittedParetoNbd) -> Self {
        FittedParetoNbdRecord {
            r: m.params.r,
            alpha: m.params.alpha,
            s: m.params.s,
            beta: m.params.beta,
            log_likelihood: m.fit.log_likelihood,
            converged: m.fit.converged,
            iterations: m.fit.iterations,
            gradient_norm: m.fit.gradient_norm,
            reason: m.fit.reason,
            customers: m.fit.customers,
            standard_errors: m.fit.standard_errors,
        }
    }
}

impl From<FittedParetoNbdRecord> for FittedParetoNbd {
    fn from(r: FittedParetoNbdRecord) -> Self {
        FittedParetoNbd {
            params: ParetoNbdParams {
                r: r.r,
                alpha: r.alpha,
                s: r.s,
                beta: r.beta,
            },
            fit: FitSummary {
                log_likelihood: r.log_likelihood,
                converged: r.converged,
                iterations: r.iterations,
                gradient_norm: r.gradient_norm,
                reason: r.reason,
                customers: r.customers,
                standard_errors: r.standard_errors,
            },
        }
    }
}

/// Fits Pareto/NBD by maximum likelihood (to compressed data for speed), with the analytic
/// gradient of [`ParetoNbdParams::log_likelihood_gradient`].
pub fn fit(data: &[RfmTuple]) -> Result<FittedParetoNbd, FitError> {
    let bg = super::bg_nbd::start_values(data);
    // r, α as for BG/NBD; s = 1, β = α (a mean lifetime of the order of the purchase interval).
    let start = [bg[0], bg[1], 1.0, bg[1]];
    let (theta, fit) = fit_four(
        data,
        start,
        ["r", "alpha", "s", "beta"],
        |p, d, g, scratch| {
            let [r, alpha, s, beta] = p;
            ParetoNbdParams { r, alpha, s, beta }.log_likelihood_indexed(d, g, scratch)
        },
    )?;
    let params = ParetoNbdParams::new(theta[0], theta[1], theta[2], theta[3])
        .map_err(|_| FitError::NotComputable)?;
    Ok(FittedParetoNbd { params, fit })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cdnow() -> ParetoNbdParams {
        ParetoNbdParams::new(0.553, 10.578, 0.606, 11.669).unwrap()
    }

    #[test]
    fn both_cases_of_the_hypergeometric_agree_at_alpha_equal_beta() {
        // G is continuous in α − β: the direct series and the Pfaff-transformed one meet at 0.
        let below = ParetoNbdParams::new(0.5, 10.0 - 1e-9, 0.6, 10.0).unwrap();
        let above = ParetoNbdParams::new(0.5, 10.0 + 1e-9, 0.6, 10.0).unwrap();
        let (lb, la) = (below.ln_g(3.0, 7.0), above.ln_g(3.0, 7.0));
        assert!((lb - la).abs() < 1e-8, "{lb} vs {la}");
    }

    #[test]
    fn p_alive_is_a_probability_and_one_after_a_purchase_today() {
        let p = cdnow();
        assert!((p.p_alive(5, 30.0, 30.0) - 1.0).abs() < 1e-12);
        for &(x, tx, t) in &[(0, 0.0, 38.0), (2, 5.0, 38.0), (200, 1.0, 500.0)] {
            let v = p.p_alive(x, tx, t);
            assert!((0.0..=1.0).contains(&v), "{v}");
        }
    }

    #[test]
    fn new_customer_expectation_matches_the_conditional_one_at_t_zero() {
        let p = cdnow();
        let c = p.expected_purchases(0, 0.0, 0.0, 39.0);
        let u = p.expected_purchases_new(39.0);
        assert!((c - u).abs() < 1e-12 * u);
    }
}

#[cfg(test)]
mod gradient_tests {
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
