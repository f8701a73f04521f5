//! The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005, "RFM and CLV: Using
//! Iso-Value Curves for Customer Base Analysis", Journal of Marketing Research 42(4), 415–430,
//! section "Adding monetary value"; Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary
//! Value", eqs. 1–5).
//!
//! A customer's purchase amounts are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers; the
//! model sees each repeat customer's number of repeat purchases x and their mean m̄. It assumes
//! spend is independent of purchase frequency.

use super::data::SpendObservation;
use super::fit::{maximize, positive, FitError, FitSummary, ParamError};
use super::optimize::StopReason;
use super::special::{digamma, ln_gamma};
use super::tolerance::{FINITE_DIFFERENCE_STEP, MIN_REPEAT_CUSTOMERS};
use serde::{Deserialize, Serialize};

/// Gamma-Gamma parameters: p (shape of spend per purchase), q and v (shape and rate, γ in the
/// paper, of the across-customer distribution of the spend scale).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GammaGammaParams {
    /// Shape of the spend of one purchase.
    pub p: f64,
    /// Shape of the across-customer scale distribution.
    pub q: f64,
    /// Rate of the across-customer scale distribution (γ in FHL 2005).
    pub v: f64,
}

impl GammaGammaParams {
    /// Validated parameters: all three positive and finite.
    pub fn new(p: f64, q: f64, v: f64) -> Result<Self, ParamError> {
        Ok(GammaGammaParams {
            p: positive("p", p)?,
            q: positive("q", q)?,
            v: positive("v", v)?,
        })
    }

    /// Log-likelihood of the observed mean spends (Fader & Hardie 2013, eq. 3):
    /// ln f(m̄ | x) = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m̄ + px ln x
    /// − (px+q) ln(v + x m̄), with its gradient in (p, q, v). `data` sorted by frequency.
    pub fn log_likelihood(&self, data: &[SpendObservation], gradient: &mut [f64; 3]) -> f64 {
        self.log_likelihood_grouped(&SpendGroups::new(data), gradient)
    }

    /// [`Self::log_likelihood`] on customers grouped by frequency: per group the sums of ln m̄
    /// are precomputed, so an evaluation costs one log and one division per customer.
    fn log_likelihood_grouped(&self, data: &SpendGroups, gradient: &mut [f64; 3]) -> f64 {
        let GammaGammaParams { p, q, v } = *self;
        let (lg_q, dg_q, ln_v) = (ln_gamma(q), digamma(q), v.ln());
        let mut ll = 0.0;
        let mut g = [0.0; 3];
        for group in &data.groups {
            let x = group.frequency as f64;
            let n = group.values.len() as f64;
            let px = p * x;
            let ln_x = x.ln();
            let (mut sum_ln, mut sum_inv) = (0.0, 0.0);
            for &m in &group.values {
                let vm = v + x * m;
                sum_ln += vm.ln();
                sum_inv += 1.0 / vm;
            }
            let dg_pxq = digamma(px + q);
            ll += n * (ln_gamma(px + q) - ln_gamma(px) - lg_q + q * ln_v + px * ln_x)
                + (px - 1.0) * group.sum_ln_values
                - (px + q) * sum_ln;
            g[0] += n * x * (dg_pxq - digamma(px) + ln_x) + x * (group.sum_ln_values - sum_ln);
            g[1] += n * (dg_pxq - dg_q + ln_v) - sum_ln;
            g[2] += n * q / v - (px + q) * sum_inv;
        }
        *gradient = g;
        ll
    }

    /// Expected spend per purchase of a customer with x repeat purchases of mean m̄ (Fader &
    /// Hardie 2013, eq. 5; FHL 2005 "RFM and CLV", eq. 5): (p (v + x m̄)) / (p x + q − 1), a
    /// weighted mean of the population mean p v/(q−1) and m̄. `None` when q ≤ 1 (the population
    /// mean is infinite). For x = 0 it is the population mean.
    pub(crate) fn expected_average_value(
        &self,
        frequency: u32,
        monetary_value: f64,
    ) -> Option<f64> {
        let x = frequency as f64;
        let m = if frequency == 0 { 0.0 } else { monetary_value };
        let denominator = self.p * x + self.q - 1.0;
        (self.q > 1.0 && denominator > 0.0).then(|| self.p * (self.v + x * m) / denominator)
    }
}

/// Mean spends grouped by frequency, with Σ ln m̄ per group.
struct SpendGroups {
    groups: Vec<SpendGroup>,
}

struct SpendGroup {
    frequency: u32,
    values: Vec<f64>,
    sum_ln_values: f64,
}

impl SpendGroups {
    fn new(data: &[SpendObservation]) -> Self {
        let mut sorted = data.to_vec();
        sorted.sort_by_key(|d| d.frequency);
        let mut groups: Vec<SpendGroup> = Vec::new();
        for d in sorted {
            if groups.last().is_none_or(|g| g.frequency != d.frequency) {
                groups.push(SpendGroup {
                    frequency: d.frequency,
                    values: Vec::new(),
                    sum_ln_values: 0.0,
                });
            }
            let g = groups.last_mut().expect("just pushed");
            g.values.push(d.monetary_value);
            g.sum_ln_values += d.monetary_value.ln();
        }
        SpendGroups { groups }
    }
}

/// A fitted Gamma-Gamma model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedGammaGamma {
    /// Maximum-likelihood parameters (the report's JSON writes them side by side with the fit
    /// summary: [`super::fit::serialize_documented`]).
    pub params: GammaGammaParams,
    /// How the fit went.
    pub fit: FitSummary,
    /// Pearson correlation of repeat purchases and mean spend among the customers fitted; the
    /// model assumes it is near 0.
    pub spend_frequency_correlation: f64,
}

/// The figure Gamma-Gamma's report adds after its fit summary.
#[derive(Serialize)]
pub(crate) struct SpendCorrelation {
    spend_frequency_correlation: f64,
}

impl super::fit::FittedModel for FittedGammaGamma {
    type Params = GammaGammaParams;
    type Extra = SpendCorrelation;

    fn params(&self) -> &GammaGammaParams {
        &self.params
    }

    fn fit(&self) -> &FitSummary {
        &self.fit
    }

    fn extra(&self) -> Self::Extra {
        SpendCorrelation {
            spend_frequency_correlation: self.spend_frequency_correlation,
        }
    }
}

/// Fits Gamma-Gamma by maximum likelihood to repeat customers with a positive mean spend.
pub fn fit(data: &[SpendObservation]) -> Result<FittedGammaGamma, FitError> {
    let mut sorted: Vec<SpendObservation> = data
        .iter()
        .copied()
        .filter(|d| d.frequency > 0 && d.monetary_value > 0.0 && d.monetary_value.is_finite())
        .collect();
    // Sums are taken in one order whatever the customers' order (an order log, its per-customer
    // summary and its compressed tuples list them differently): a sum's last bit would
    // otherwise move where the optimiser stops by up to 1e-7 relative.
    sorted.sort_by(|a, b| {
        a.frequency
            .cmp(&b.frequency)
            .then(a.monetary_value.total_cmp(&b.monetary_value))
    });
    if sorted.len() < MIN_REPEAT_CUSTOMERS {
        return Err(FitError::TooFewRepeatCustomers {
            customers: sorted.len(),
            needed: MIN_REPEAT_CUSTOMERS,
        });
    }
    let n = sorted.len() as f64;
    let mean_m = sorted.iter().map(|d| d.monetary_value).sum::<f64>() / n;
    // v is a scale in the currency's units (m̄ → c m̄ takes v → c v, p and q unchanged): fit on
    // spends divided by their mean so that v is of order q whatever the currency, well inside
    // the optimiser's parameter box (tolerance::LN_PARAM_BOUND), then scale back.
    let scaled: Vec<SpendObservation> = sorted
        .iter()
        .map(|d| SpendObservation {
            monetary_value: d.monetary_value / mean_m,
            ..*d
        })
        .collect();
    let groups = SpendGroups::new(&scaled);
    // Start where the population mean p v / (q − 1) equals the observed mean (1): p = 1, q = 2.
    let start = [1.0, 2.0, 1.0];
    let ll = |t: &[f64], g: &mut [f64]| {
        let params = GammaGammaParams {
            p: t[0],
            q: t[1],
            v: t[2],
        };
        let mut grad = [0.0; 3];
        // The density of m̄ = c m̄' is f'(m̄')/c: the log-likelihood of the spends as given is that
        // of the scaled ones minus n ln c (same optimum, same convergence test as unscaled).
        let value = params.log_likelihood_grouped(&groups, &mut grad) - n * mean_m.ln();
        g.copy_from_slice(&grad);
        value
    };
    let (mut theta, mut fit) = maximize(ll, &start, &["p", "q", "v"], n)?;
    if fit.converged && fit.reason != StopReason::Boundary {
        if let Some(polished) = polish(&groups, &theta) {
            let mut grad = [0.0; 3];
            let at = GammaGammaParams {
                p: polished[0],
                q: polished[1],
                v: polished[2],
            };
            fit.log_likelihood = at.log_likelihood_grouped(&groups, &mut grad) - n * mean_m.ln();
            fit.gradient_norm = (0..3)
                .map(|i| (grad[i] * polished[i]).abs())
                .fold(0.0, f64::max);
            theta = polished.to_vec();
        }
    }
    let params = GammaGammaParams::new(theta[0], theta[1], theta[2] * mean_m)
        .map_err(|_| FitError::NotComputable)?;
    if let Some(se) = fit.standard_errors.as_mut().and_then(|se| se.get_mut("v")) {
        *se *= mean_m;
    }
    Ok(FittedGammaGamma {
        params,
        fit,
        spend_frequency_correlation: correlation(&sorted),
    })
}

/// Newton steps in log-parameters from the optimiser's optimum `theta` (p, q, v of the scaled
/// spends), with the analytic gradient and a Hessian from its central differences. The
/// optimiser stops once the gradient is small relative to the log-likelihood, which leaves the
/// parameters uncertain at ~1e-7: a change in the last bit of one customer's spend (a sum taken
/// in another order, as a warehouse does) could move them that much. Polished, they are the
/// likelihood's maximum to ~1e-12, so the order log, its summary and its tuples give the same
/// fit. `None` when a step is not small and finite (then the optimiser's point stands).
fn polish(groups: &SpendGroups, theta: &[f64]) -> Option<[f64; 3]> {
    let gradient = |x: &[f64; 3]| -> [f64; 3] {
        let params = GammaGammaParams {
            p: x[0].exp(),
            q: x[1].exp(),
            v: x[2].exp(),
        };
        let mut g = [0.0; 3];
        params.log_likelihood_grouped(groups, &mut g);
        [g[0] * params.p, g[1] * params.q, g[2] * params.v]
    };
    let mut x = [theta.first()?.ln(), theta.get(1)?.ln(), theta.get(2)?.ln()];
    for _ in 0..POLISH_STEPS {
        let g = gradient(&x);
        let mut h = [[0.0; 3]; 3];
        for j in 0..3 {
            let step = FINITE_DIFFERENCE_STEP * (1.0 + x[j].abs());
            let (mut up, mut down) = (x, x);
            up[j] += step;
            down[j] -= step;
            let (gu, gd) = (gradient(&up), gradient(&down));
            for i in 0..3 {
                h[i][j] = (gu[i] - gd[i]) / (2.0 * step);
            }
        }
        let delta = solve3(h, [-g[0], -g[1], -g[2]])?;
        if !delta
            .iter()
            .all(|d| d.is_finite() && d.abs() < POLISH_MAX_STEP)
        {
            return None;
        }
        for i in 0..3 {
            x[i] += delta[i];
        }
        if delta.iter().all(|d| d.abs() < 1e-15) {
            break;
        }
    }
    Some([x[0].exp(), x[1].exp(), x[2].exp()])
}

/// Newton steps of [`polish`], at most (each shrinks the error quadratically).
const POLISH_STEPS: usize = 4;
/// The largest step in a log-parameter [`polish`] takes: a point the optimiser called an
/// optimum is this close to it.
const POLISH_MAX_STEP: f64 = 1e-3;

/// Solves the 3 × 3 system `a x = b` (Cramer's rule); `None` when `a` is singular.
fn solve3(a: [[f64; 3]; 3], b: [f64; 3]) -> Option<[f64; 3]> {
    let det = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(a);
    if d == 0.0 || !d.is_finite() {
        return None;
    }
    let mut x = [0.0; 3];
    for (k, xk) in x.iter_mut().enumerate() {
        let mut m = a;
        for i in 0..3 {
            m[i][k] = b[i];
        }
        *xk = det(m) / d;
    }
    Some(x)
}

/// Pearson correlation of frequency and mean spend (0 when either does not vary).
fn correlation(data: &[SpendObservation]) -> f64 {
    let n = data.len() as f64;
    let mx = data.iter().map(|d| d.frequency as f64).sum::<f64>() / n;
    let my = data.iter().map(|d| d.monetary_value).sum::<f64>() / n;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for d in data {
        let (dx, dy) = (d.frequency as f64 - mx, d.monetary_value - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    let c = sxy / (sxx * syy).sqrt();
    if c.is_finite() {
        c
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_value_shrinks_towards_the_population_mean() {
        let p = GammaGammaParams::new(6.25, 3.74, 15.44).unwrap();
        let population = p.expected_average_value(0, 0.0).unwrap();
        assert!((population - 6.25 * 15.44 / 2.74).abs() < 1e-12);
        let one = p.expected_average_value(1, 100.0).unwrap();
        let many = p.expected_average_value(50, 100.0).unwrap();
        assert!(population < one && one < many && many < 100.0);
        assert!(GammaGammaParams::new(1.0, 0.9, 1.0)
            .unwrap()
            .expected_average_value(1, 5.0)
            .is_none());
    }

    #[test]
    fn too_few_repeat_customers_are_refused() {
        let data = vec![
            SpendObservation {
                frequency: 1,
                monetary_value: 10.0
            };
            3
        ];
        assert!(matches!(
            fit(&data),
            Err(FitError::TooFewRepeatCustomers { customers: 3, .. })
        ));
    }
}
