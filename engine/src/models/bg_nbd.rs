//! The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting Your Customers the
//! Easy Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275–284; below
//! "FHL") with the log-space likelihood of Fader, Hardie & Lee, "Implementing the BG/NBD Model
//! for Customer Base Analysis in Excel" (2005; below "the note").
//!
//! While alive a customer buys at rate λ ~ Gamma(r, α); after each purchase they drop out with
//! probability p ~ Beta(a, b).

use super::data::{IndexedTuples, RfmTuple};
use super::fit::{fit_four, positive, FitError, FitSummary, ParamError};
use super::special::{digamma, hyp2f1, ln_gamma, ln_hyp2f1, ln_hyp2f1_many, MANY_LANES};
use serde::{Deserialize, Serialize};

/// BG/NBD parameters: purchase rate λ ~ Gamma(shape r, rate α), dropout p ~ Beta(a, b).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BgNbdParams {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Rate (scale, in time units) of the purchase-rate distribution.
    pub alpha: f64,
    /// First shape of the dropout-probability distribution.
    pub a: f64,
    /// Second shape of the dropout-probability distribution.
    pub b: f64,
}

impl BgNbdParams {
    /// Validated parameters: all four positive and finite.
    pub fn new(r: f64, alpha: f64, a: f64, b: f64) -> Result<Self, ParamError> {
        Ok(BgNbdParams {
            r: positive("r", r)?,
            alpha: positive("alpha", alpha)?,
            a: positive("a", a)?,
            b: positive("b", b)?,
        })
    }

    /// Log-likelihood of the data (FHL eq. 6, in the log form of the note: ln L = A1 + A2 +
    /// ln(e^A3 + δ(x>0) e^A4)), with its gradient in (r, α, a, b) written to `gradient`.
    pub fn log_likelihood(&self, data: &[RfmTuple], gradient: &mut [f64; 4]) -> f64 {
        self.log_likelihood_indexed(&IndexedTuples::new(data), gradient, &mut Vec::new())
    }

    /// [`Self::log_likelihood`] on prepared data; `scratch` is reused between calls.
    pub(crate) fn log_likelihood_indexed(
        &self,
        data: &IndexedTuples,
        gradient: &mut [f64; 4],
        scratch: &mut Vec<(f64, f64)>,
    ) -> f64 {
        log_likelihood(self, Dropout::AfterRepeatPurchases, data, gradient, scratch)
    }

    /// P(alive | x, t_x, T) (FHL eq. 13 rearranged; Fader, Hardie & Lee 2008, "Computing
    /// P(alive) Using the BG/NBD Model"): 1 for x = 0, else
    /// 1 / (1 + a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)).
    pub fn p_alive(&self, frequency: u32, recency: f64, t: f64) -> f64 {
        p_alive(self, Dropout::AfterRepeatPurchases, frequency, recency, t)
    }

    /// Expected repeat purchases in the next `horizon` time units of a customer with history
    /// (x, t_x, T) (FHL eq. 10):
    /// P(alive) · (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))].
    /// The formula is continuous in a at a = 1; there a is moved by 1e-7.
    pub fn expected_purchases(&self, frequency: u32, recency: f64, t: f64, horizon: f64) -> f64 {
        self.p_alive(frequency, recency, t)
            * self.expected_purchases_if_alive(frequency, t, horizon)
    }

    /// [`Self::expected_purchases`] for a customer known to be alive at T.
    pub(crate) fn expected_purchases_if_alive(&self, frequency: u32, t: f64, horizon: f64) -> f64 {
        expected_purchases_if_alive(self, Dropout::AfterRepeatPurchases, frequency, t, horizon)
    }

    /// [`Self::expected_purchases_if_alive`] at each of `horizons`, into `out`.
    pub(crate) fn expected_purchases_if_alive_at(
        &self,
        frequency: u32,
        t: f64,
        horizons: &[f64],
        out: &mut [f64],
    ) {
        expected_purchases_if_alive_at(
            self,
            Dropout::AfterRepeatPurchases,
            frequency,
            t,
            horizons,
            out,
        )
    }

    /// Expected repeat purchases of a new customer in their first `horizon` time units
    /// (FHL eq. 9): (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))].
    pub(crate) fn expected_purchases_new(&self, horizon: f64) -> f64 {
        expected_purchases_new(self, Dropout::AfterRepeatPurchases, horizon)
    }
}

/// P(alive | x, t_x, T) of BG/NBD (above) or MBG/NBD (Batislam et al. 2007, eq. 9):
/// 1 / (1 + a/(b+x+k−1) · ((α+T)/(α+t_x))^(r+x)), k as in [`log_likelihood`]; 1 for a BG/NBD
/// customer without repeat purchases.
pub(crate) fn p_alive(
    params: &BgNbdParams,
    dropout: Dropout,
    frequency: u32,
    recency: f64,
    t: f64,
) -> f64 {
    if frequency == 0 && dropout == Dropout::AfterRepeatPurchases {
        return 1.0;
    }
    let BgNbdParams { r, alpha, a, b } = *params;
    let x = frequency as f64;
    let z = a.ln() - (b + x + dropout.shift() - 1.0).ln()
        + (r + x) * ((alpha + t).ln() - (alpha + recency).ln());
    logistic_complement(z)
}

/// Expected purchases in the next `horizon` time units of a customer with x repeat purchases in
/// T time units *who is still alive*: FHL eq. 10 (BG/NBD) and Batislam et al. eq. 10 (MBG/NBD)
/// without their P(alive) factor:
/// (a+b+x+k−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+k; a+b+x+k−1; t/(α+T+t))].
pub(crate) fn expected_purchases_if_alive(
    params: &BgNbdParams,
    dropout: Dropout,
    frequency: u32,
    t: f64,
    horizon: f64,
) -> f64 {
    if horizon <= 0.0 {
        return 0.0;
    }
    let x = frequency as f64 + dropout.shift();
    let a = nudge_from_one(params.a);
    let (r, alpha, b) = (params.r, params.alpha, params.b);
    let z = horizon / (alpha + t + horizon);
    let bracket = one_minus_scaled_hyp2f1(r + frequency as f64, b + x, a + b + x - 1.0, z);
    (a + b + x - 1.0) / (a - 1.0) * bracket
}

/// [`expected_purchases_if_alive`] at each of `horizons` (at most [`MANY_LANES`] at a time),
/// written to `out`: the hypergeometric series of all horizons share their coefficients
/// ([`ln_hyp2f1_many`]), and each result is exactly the one-horizon value.
pub(crate) fn expected_purchases_if_alive_at(
    params: &BgNbdParams,
    dropout: Dropout,
    frequency: u32,
    t: f64,
    horizons: &[f64],
    out: &mut [f64],
) {
    let x = frequency as f64 + dropout.shift();
    let a = nudge_from_one(params.a);
    let (r, alpha, b) = (params.r, params.alpha, params.b);
    let (k, c) = (r + frequency as f64, a + b + x - 1.0);
    if c <= 0.0 || horizons.len() > MANY_LANES {
        for (o, &h) in out.iter_mut().zip(horizons) {
            *o = expected_purchases_if_alive(params, dropout, frequency, t, h);
        }
        return;
    }
    let mut zs = [0.0; MANY_LANES];
    for (z, &h) in zs.iter_mut().zip(horizons) {
        *z = h / (alpha + t + h);
    }
    let zs = &zs[..horizons.len()];
    let mut ln_f = [None; MANY_LANES];
    ln_hyp2f1_many(k, b + x, c, zs, &mut ln_f);
    for i in 0..horizons.len() {
        out[i] = if horizons[i] <= 0.0 {
            0.0
        } else {
            let bracket =
                ln_f[i].map_or(f64::NAN, |ln_f| -(k * (1.0 - zs[i]).ln() + ln_f).exp_m1());
            (a + b + x - 1.0) / (a - 1.0) * bracket
        };
    }
}

/// Expected repeat purchases of a new customer in their first `horizon` time units: FHL eq. 9
/// for BG/NBD; for MBG/NBD (Batislam et al. eq. 8) b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b;
/// t/(α+t))], i.e. the BG/NBD form with b+1 times the chance b/(a+b) of surviving the first
/// purchase.
pub(crate) fn expected_purchases_new(params: &BgNbdParams, dropout: Dropout, horizon: f64) -> f64 {
    if horizon <= 0.0 {
        return 0.0;
    }
    let k = dropout.shift();
    let a = nudge_from_one(params.a);
    let (r, alpha, b) = (params.r, params.alpha, params.b);
    let z = horizon / (alpha + horizon);
    let survive = if k > 0.0 { b / (a + b) } else { 1.0 };
    survive * one_minus_scaled_hyp2f1(r, b + k, a + b + k - 1.0, z) * (a + b + k - 1.0) / (a - 1.0)
}

/// When a customer of a BG-type model may drop out: after each repeat purchase (BG/NBD) or
/// also right after the first one (MBG/NBD, Batislam, Denizel & Filiztekin 2007).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dropout {
    /// BG/NBD: a customer without repeat purchases is alive for sure.
    AfterRepeatPurchases,
    /// MBG/NBD: the first purchase may be the last.
    AfterEveryPurchase,
}

impl Dropout {
    /// k of the formulas: purchases after which a dropout chance has passed, beyond x.
    fn shift(self) -> f64 {
        match self {
            Dropout::AfterRepeatPurchases => 0.0,
            Dropout::AfterEveryPurchase => 1.0,
        }
    }
}

/// The log-likelihood of BG/NBD (FHL eq. 6, in the log form of the note) or MBG/NBD (Batislam,
/// Denizel & Filiztekin 2007, eq. 4): ln L = A1 + A2 + ln(e^A3 + δ e^A4) with
/// A1 = ln Γ(r+x) − ln Γ(r) + r ln α, A2 = ln B(a, b+x+k) − ln B(a, b),
/// A3 = −(r+x) ln(α+T), A4 = ln a − ln(b+x+k−1) − (r+x) ln(α+t_x), where k = 0 and δ = [x > 0]
/// for BG/NBD (dropout only after a repeat purchase) and k = 1, δ = 1 for MBG/NBD (dropout
/// also right after the first purchase). The gradient in (r, α, a, b) is written to
/// `gradient`.
pub(crate) fn log_likelihood(
    params: &BgNbdParams,
    dropout: Dropout,
    data: &IndexedTuples,
    gradient: &mut [f64; 4],
    scratch: &mut Vec<(f64, f64)>,
) -> f64 {
    let BgNbdParams { r, alpha, a, b } = *params;
    let k = dropout.shift();
    let (ln_alpha, ln_a) = (alpha.ln(), a.ln());
    let (lg_r, lg_ab, lg_b) = (ln_gamma(r), ln_gamma(a + b), ln_gamma(b));
    let (dg_r, dg_ab, dg_b) = (digamma(r), digamma(a + b), digamma(b));
    let mut ll = 0.0;
    let mut g = [0.0; 4];
    for group in &data.groups {
        // Terms that depend on x only, once per distinct frequency.
        let x = group.frequency;
        let xf = x as f64;
        let rx = r + xf;
        let a1 = ln_gamma(rx) - lg_r + r * ln_alpha; // A1
        let a2 = lg_ab + ln_gamma(b + xf + k) - lg_b - ln_gamma(a + b + xf + k); // A2
        let dg_abx = digamma(a + b + xf + k);
        let (mut sum_w, mut sum_w4, mut d_r, mut d_alpha) = (0.0, 0.0, 0.0, 0.0);
        // ln(α + t) and 1/(α + t) once per distinct time of the group.
        scratch.clear();
        scratch.extend(group.times.iter().map(|&k| {
            let v = alpha + data.times[k as usize];
            (v.ln(), 1.0 / v)
        }));
        let with_a4 = x > 0 || dropout == Dropout::AfterEveryPurchase;
        let ln_a_bx = if with_a4 {
            ln_a - (b + xf + k - 1.0).ln()
        } else {
            0.0
        };
        for &(w, rec, age) in &group.rows {
            let (ln_at, inv_at) = scratch[age as usize];
            let a3 = -rx * ln_at; // A3
            if with_a4 {
                let (ln_atx, inv_atx) = scratch[rec as usize];
                let a4 = ln_a_bx - rx * ln_atx; // A4
                                                // ln(e^A3 + e^A4) and the share of e^A4, with one exp.
                let d = a4 - a3;
                let (lse, w4) = if d > 0.0 {
                    let e = (-d).exp();
                    (a4 + e.ln_1p(), 1.0 / (1.0 + e))
                } else {
                    let e = d.exp();
                    (a3 + e.ln_1p(), e / (1.0 + e))
                };
                let w3 = 1.0 - w4;
                ll += w * lse;
                sum_w4 += w * w4;
                d_r -= w * (w3 * ln_at + w4 * ln_atx);
                d_alpha -= w * rx * (w3 * inv_at + w4 * inv_atx);
            } else {
                ll += w * a3;
                d_r -= w * ln_at;
                d_alpha -= w * rx * inv_at;
            }
            sum_w += w;
        }
        ll += sum_w * (a1 + a2);
        g[0] += sum_w * (digamma(rx) - dg_r + ln_alpha) + d_r;
        g[1] += sum_w * r / alpha + d_alpha;
        g[2] += sum_w * (dg_ab - dg_abx) + sum_w4 / a;
        g[3] += sum_w * (dg_ab + digamma(b + xf + k) - dg_b - dg_abx)
            - if with_a4 {
                sum_w4 / (b + xf + k - 1.0)
            } else {
                0.0
            };
    }
    *gradient = g;
    ll
}

/// 1 − (1−z)^k ₂F₁(k, b; c; z), the bracket of FHL eqs. 9–10: in logs with `exp_m1` (exact
/// when the bracket is small) for c > 0; by the signed series when c < 0 (a + b + x < 1, possible
/// only for x = 0). NaN when the series cannot be summed.
fn one_minus_scaled_hyp2f1(k: f64, b: f64, c: f64, z: f64) -> f64 {
    if c > 0.0 {
        ln_hyp2f1(k, b, c, z).map_or(f64::NAN, |ln_f| -(k * (1.0 - z).ln() + ln_f).exp_m1())
    } else {
        hyp2f1(k, b, c, z).map_or(f64::NAN, |f| 1.0 - (1.0 - z).powf(k) * f)
    }
}

/// 1 / (1 + e^z) without overflow.
pub(crate) fn logistic_complement(z: f64) -> f64 {
    if z > 0.0 {
        let e = (-z).exp();
        e / (1.0 + e)
    } else {
        1.0 / (1.0 + z.exp())
    }
}

/// Moves a away from the removable singularity of FHL eq. 9–10 at a = 1.
fn nudge_from_one(a: f64) -> f64 {
    const NUDGE: f64 = 1e-7;
    if (a - 1.0).abs() < NUDGE {
        1.0 + NUDGE.copysign(a - 1.0 + f64::MIN_POSITIVE)
    } else {
        a
    }
}

/// A fitted BG/NBD model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedBgNbd {
    /// Maximum-likelihood parameters (the report's JSON writes them side by side with the fit
    /// summary: [`super::fit::serialize_documented`]).
    pub params: BgNbdParams,
    /// How the fit went.
    pub fit: FitSummary,
}

impl super::fit::FittedModel for FittedBgNbd {
    type Params = BgNbdParams;
    type Extra = ();

    fn params(&self) -> &BgNbdParams {
        &self.params
    }

    fn fit(&self) -> &FitSummary {
        &self.fit
    }

    fn extra(&self) -> Self::Extra {}
}

/// Fits BG/NBD by maximum likelihood (to compressed data for speed, see
/// [`super::data::compress`]).
pub fn fit(data: &[RfmTuple]) -> Result<FittedBgNbd, FitError> {
    let start = start_values(data);
    let start = [start[0], start[1], start[2], start[3]];
    let (theta, fit) = fit_four(data, start, ["r", "alpha", "a", "b"], |p, d, g, scratch| {
        let [r, alpha, a, b] = p;
        BgNbdParams { r, alpha, a, b }.log_likelihood_indexed(d, g, scratch)
    })?;
    let params = BgNbdParams::new(theta[0], theta[1], theta[2], theta[3])
        .map_err(|_| FitError::NotComputable)?;
    Ok(FittedBgNbd { params, fit })
}

/// Start: r = 1, α = mean T / (mean x + 1) (so r/α ≈ the observed purchase rate), a = b = 1.
pub(crate) fn start_values(data: &[RfmTuple]) -> Vec<f64> {
    let w: f64 = data.iter().map(|t| t.weight).sum();
    let mean_t = data.iter().map(|t| t.weight * t.t).sum::<f64>() / w;
    let mean_x = data
        .iter()
        .map(|t| t.weight * t.frequency as f64)
        .sum::<f64>()
        / w;
    vec![1.0, (mean_t / (mean_x + 1.0)).max(1e-3), 1.0, 1.0]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::optimize::StopReason;

    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a+b).
    fn ln_beta(a: f64, b: f64) -> f64 {
        ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
    }

    /// The test oracle for [`BgNbdParams::expected_purchases`]: the probability of exactly `n`
    /// purchases in the next `horizon` time units given the history
    /// (x, t_x, T). Derived from FHL's assumptions as their eq. 8 is for a new customer: if
    /// alive at T, the posterior is λ ~ Gamma(r+x, α+T) and p ~ Beta(a, b+x), independent
    /// (FHL section 3). With N(t) ~ Poisson(λt) and dropout after each purchase,
    /// P(Y = 0) = P(N = 0) and, for n ≥ 1, P(Y = n) = (1−p)^(n−1) [p P(N ≥ n) + (1−p) P(N = n)];
    /// over λ, N is NBD(r+x, (α+T)/(α+T+t)), and over p the powers give Beta-function ratios.
    /// A customer who is no longer alive makes no purchase: the result is mixed with
    /// 1 − P(alive) at n = 0.
    fn probability_of_purchases(
        p: &BgNbdParams,
        frequency: u32,
        recency: f64,
        t: f64,
        horizon: f64,
        n: u32,
    ) -> f64 {
        let alive = p.p_alive(frequency, recency, t);
        let x = frequency as f64;
        let (shape, a, b) = (p.r + x, p.a, p.b + x);
        let ln_keep = (p.alpha + t).ln() - (p.alpha + t + horizon).ln(); // ln (α+T)/(α+T+t)
        let ln_go = if horizon > 0.0 {
            horizon.ln() - (p.alpha + t + horizon).ln()
        } else {
            f64::NEG_INFINITY
        };
        // NBD probability of j purchases by a customer alive throughout.
        let nbd = |j: u32| {
            let jf = j as f64;
            let ln = ln_gamma(shape + jf) - ln_gamma(shape) - ln_gamma(jf + 1.0)
                + shape * ln_keep
                + if j == 0 { 0.0 } else { jf * ln_go };
            ln.exp()
        };
        let conditional = if n == 0 {
            nbd(0)
        } else {
            let nf = n as f64;
            let at_least: f64 = (1.0 - (0..n).map(nbd).sum::<f64>()).max(0.0);
            let ln_b = ln_beta(a, b);
            (ln_beta(a + 1.0, b + nf - 1.0) - ln_b).exp() * at_least
                + (ln_beta(a, b + nf) - ln_b).exp() * nbd(n)
        };
        alive * conditional + if n == 0 { 1.0 - alive } else { 0.0 }
    }

    #[test]
    fn p_alive_is_one_without_repeat_purchases_and_falls_with_silence() {
        let p = BgNbdParams::new(0.243, 4.414, 0.793, 2.426).unwrap();
        assert_eq!(p.p_alive(0, 0.0, 30.0), 1.0);
        assert!(p.p_alive(3, 30.0, 30.0) > p.p_alive(3, 10.0, 30.0));
        let far = p.p_alive(300, 1.0, 1e6);
        assert!((0.0..=1.0).contains(&far) && far.is_finite());
    }

    #[test]
    fn probabilities_of_n_purchases_sum_to_one_and_give_the_expectation() {
        let p = BgNbdParams::new(0.243, 4.414, 0.793, 2.426).unwrap();
        for &(x, tx, t) in &[(0, 0.0, 38.86), (2, 30.43, 38.86), (7, 35.0, 38.0)] {
            let probs: Vec<f64> = (0..400)
                .map(|n| probability_of_purchases(&p, x, tx, t, 39.0, n))
                .collect();
            let total: f64 = probs.iter().sum();
            let mean: f64 = probs.iter().enumerate().map(|(n, q)| n as f64 * q).sum();
            assert!((total - 1.0).abs() < 1e-9, "{total}");
            let expected = p.expected_purchases(x, tx, t, 39.0);
            assert!(
                (mean - expected).abs() < 1e-7 * (1.0 + expected),
                "{mean} vs {expected}"
            );
        }
    }

    #[test]
    fn horizons_together_give_exactly_each_horizon_alone() {
        let hs: Vec<f64> = (1..=12).map(|k| k as f64 * 4.348).collect();
        for p in [
            BgNbdParams::new(0.243, 4.414, 0.793, 2.426).unwrap(),
            BgNbdParams::new(0.9, 1.7, 9e4, 1e6).unwrap(),
            BgNbdParams::new(0.5, 3.0, 0.2, 0.3).unwrap(),
        ] {
            for dropout in [Dropout::AfterRepeatPurchases, Dropout::AfterEveryPurchase] {
                for &(x, t) in &[(0, 0.0), (0, 38.0), (5, 20.0), (300, 150.0)] {
                    let mut out = [0.0; 12];
                    expected_purchases_if_alive_at(&p, dropout, x, t, &hs, &mut out);
                    for (h, got) in hs.iter().zip(out) {
                        let want = expected_purchases_if_alive(&p, dropout, x, t, *h);
                        assert_eq!(got.to_bits(), want.to_bits(), "{p:?} {x} {t} {h}");
                    }
                }
            }
        }
    }

    #[test]
    fn invalid_params_are_refused() {
        assert!(BgNbdParams::new(0.0, 1.0, 1.0, 1.0).is_err());
        assert!(BgNbdParams::new(1.0, f64::NAN, 1.0, 1.0).is_err());
    }

    #[test]
    fn conditional_expectation_of_a_new_customer_is_the_unconditional_one() {
        // A customer with x = 0 and T = 0 has no information: eq. 10 reduces to eq. 9.
        let p = BgNbdParams::new(0.243, 4.414, 0.793, 2.426).unwrap();
        let c = p.expected_purchases(0, 0.0, 0.0, 39.0);
        let u = p.expected_purchases_new(39.0);
        assert!((c - u).abs() < 1e-12 * u, "{c} vs {u}");
    }

    #[test]
    fn a_fit_from_a_samples_optimum_ends_where_the_fit_from_the_start_does() {
        // FHL 2005's CDNOW estimates as the truth; 24,000 customers, every history distinct.
        let truth = BgNbdParams::new(0.243, 4.414, 0.793, 2.426).unwrap();
        let data = crate::models::simulate::bg_nbd(&truth, 24_000, 38.86, 12.0, 5);
        assert!(data.len() >= crate::models::tolerance::WARM_START_TUPLES);
        let warm = fit(&data).unwrap();
        let (cold, cold_fit) = cold_fit(&data);
        assert_eq!(cold_fit.reason, StopReason::GradientSmall);
        assert_eq!(warm.fit.reason, StopReason::GradientSmall);
        // Both stop where the gradient is below the same tolerance: the same optimum, to the
        // precision that tolerance gives, for fewer iterations over the whole data.
        let p = warm.params;
        for (x, y) in [p.r, p.alpha, p.a, p.b].iter().zip(&cold) {
            assert!((x - y).abs() <= 1e-4 * y, "{p:?} against {cold:?}");
        }
        assert!((warm.fit.log_likelihood - cold_fit.log_likelihood).abs() < 1e-6);
        assert!(
            warm.fit.iterations * 3 <= cold_fit.iterations,
            "{} against {}",
            warm.fit.iterations,
            cold_fit.iterations
        );
        let (cov_warm, cov_cold) = (warm.fit.covariance.unwrap(), cold_fit.covariance.unwrap());
        for i in 0..4 {
            let (v, w) = (cov_warm[i][i], cov_cold[i][i]);
            assert!((v - w).abs() <= 1e-3 * w, "variance {i}: {v} against {w}");
        }
    }

    #[test]
    fn few_histories_are_fitted_from_the_start_values() {
        let truth = BgNbdParams::new(0.243, 4.414, 0.793, 2.426).unwrap();
        let data = crate::models::simulate::bg_nbd(&truth, 2_000, 38.86, 12.0, 5);
        assert!(data.len() < crate::models::tolerance::WARM_START_TUPLES);
        let fitted = fit(&data).unwrap();
        let (cold, cold_fit) = cold_fit(&data);
        let p = fitted.params;
        assert_eq!([p.r, p.alpha, p.a, p.b], cold);
        assert_eq!(fitted.fit.iterations, cold_fit.iterations);
    }

    /// The whole data's fit from the start values, as on small data.
    fn cold_fit(data: &[RfmTuple]) -> ([f64; 4], FitSummary) {
        let sv = start_values(data);
        crate::models::fit::fit_four_from_start(
            data,
            [sv[0], sv[1], sv[2], sv[3]],
            |[r, alpha, a, b], d, g, s: &mut Vec<(f64, f64)>| {
                BgNbdParams { r, alpha, a, b }.log_likelihood_indexed(d, g, s)
            },
        )
        .unwrap()
    }
}
