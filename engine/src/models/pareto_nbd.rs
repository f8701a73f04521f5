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
//! of thousands of terms. After `PARETO_SERIES_MAX_TERMS` terms (in `tolerance.rs`) the
//! likelihood switches to the definition of the same quantity (the note, eqs. 12–14, before
//! integrating):
//! (s/(r+s+x)) A₀ = s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ, summed by 16-point
//! Gauss–Legendre quadrature (A&S 25.4.30) on panels of doubling width from t_x, the first one
//! the integrand's initial decay length (it is log-convex, so the panels where it varies fast
//! are those where it is already negligible). Its gradient is the integral of the gradient.
//!
//! Files: [`ParetoNbdParams`] in `params.rs`; the likelihood in `likelihood.rs`, its quadrature
//! fallback in `quadrature.rs`; the predictions and the fit here.

use super::data::RfmTuple;
use super::fit::{fit_four, FitError, FitSummary};
use serde::{Deserialize, Serialize};

mod likelihood;
mod params;
mod quadrature;

pub(crate) use likelihood::AtAge;
pub use params::ParetoNbdParams;

impl ParetoNbdParams {
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
        self.p_alive(frequency, recency, t)
            * self.expected_purchases_if_alive(frequency, t, horizon)
    }

    /// [`Self::expected_purchases`] for a customer known to be alive at T:
    /// (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)].
    pub(crate) fn expected_purchases_if_alive(&self, frequency: u32, t: f64, horizon: f64) -> f64 {
        if horizon <= 0.0 {
            return 0.0;
        }
        let x = frequency as f64;
        let ParetoNbdParams { r, alpha, s, beta } = *self;
        let ln_y = ((beta + t) / (beta + t + horizon)).ln();
        (r + x) * (beta + t) / (alpha + t) * ratio_expm1(s - 1.0, ln_y)
    }

    /// Expected repeat purchases of a new customer in their first `horizon` time units
    /// (Schmittlein et al. 1987, eq. 17): r β / (α (s−1)) · [1 − (β/(β+t))^(s−1)].
    pub(crate) fn expected_purchases_new(&self, horizon: f64) -> f64 {
        if horizon <= 0.0 {
            return 0.0;
        }
        let ParetoNbdParams { r, alpha, s, beta } = *self;
        r * beta / alpha * ratio_expm1(s - 1.0, (beta / (beta + horizon)).ln())
    }
}

impl ParetoNbdParams {
    /// ∇ P(alive | x, t_x, T) in (r, α, s, β): with P = 1/(1 + e^(died − alive)) (the two
    /// log terms of the likelihood bracket), ∇P = −P (1 − P) (∇died − ∇alive), both gradients
    /// analytic as in the likelihood.
    pub(crate) fn p_alive_gradient(&self, frequency: u32, recency: f64, t: f64) -> [f64; 4] {
        let ((alive, d_alive), (died, d_died)) =
            self.bracket_terms_with_gradient(frequency as f64, recency, t);
        let p = super::bg_nbd::logistic_complement(died - alive);
        likelihood::p_alive_gradient_from(p, died, d_alive, d_died)
    }

    /// [`Self::expected_purchases_if_alive`] and its gradient in (r, α, s, β). With
    /// C = (r+x)(β+T)/(α+T), k = s − 1, L = ln((β+T)/(β+T+t)) and R = (1 − e^(kL))/k, the value
    /// is C R; ∂/∂r = C R/(r+x), ∂/∂α = −C R/(α+T), ∂/∂s = C ∂R/∂k with
    /// ∂R/∂k = −(L e^(kL) + R)/k (its series −L²/2 − kL³/3 − k²L⁴/8 near k = 0), and
    /// ∂/∂β = (r+x)/(α+T) · [R − (β+T) e^(kL) ∂L/∂β], ∂L/∂β = t/((β+T)(β+T+t)).
    pub(crate) fn expected_purchases_if_alive_with_gradient(
        &self,
        frequency: u32,
        t: f64,
        horizon: f64,
    ) -> (f64, [f64; 4]) {
        if horizon <= 0.0 {
            return (0.0, [0.0; 4]);
        }
        let x = frequency as f64;
        let ParetoNbdParams { r, alpha, s, beta } = *self;
        let ln_y = ((beta + t) / (beta + t + horizon)).ln();
        let k = s - 1.0;
        let ratio = ratio_expm1(k, ln_y);
        let c = (r + x) * (beta + t) / (alpha + t);
        let value = c * ratio;
        let e = (k * ln_y).exp();
        let d_ratio_dk = if k.abs() < 1e-4 {
            let l2 = ln_y * ln_y;
            -l2 / 2.0 - k * l2 * ln_y / 3.0 - k * k * l2 * l2 / 8.0
        } else {
            -(ln_y * e + ratio) / k
        };
        let d_ln_y = horizon / ((beta + t) * (beta + t + horizon));
        (
            value,
            [
                (beta + t) / (alpha + t) * ratio,
                -value / (alpha + t),
                c * d_ratio_dk,
                (r + x) / (alpha + t) * (ratio - (beta + t) * e * d_ln_y),
            ],
        )
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
pub struct FittedParetoNbd {
    /// Maximum-likelihood parameters (the report's JSON writes them side by side with the fit
    /// summary: [`super::fit::serialize_documented`]).
    pub params: ParetoNbdParams,
    /// How the fit went.
    pub fit: FitSummary,
}

impl super::fit::FittedModel for FittedParetoNbd {
    type Params = ParetoNbdParams;
    type Extra = ();

    fn params(&self) -> &ParetoNbdParams {
        &self.params
    }

    fn fit(&self) -> &FitSummary {
        &self.fit
    }

    fn extra(&self) -> Self::Extra {}
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
    use crate::models::optimize::StopReason;

    fn cdnow() -> ParetoNbdParams {
        ParetoNbdParams::new(0.553, 10.578, 0.606, 11.669).unwrap()
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
    fn p_alive_from_the_term_at_t_computed_once_is_the_same_to_the_bit() {
        // CDNOW's fit; one with α < β (the other case of the series); one whose series are
        // long (s, β large: the quadrature fallback).
        for p in [
            cdnow(),
            ParetoNbdParams::new(0.96, 2.17, 11.4, 463.0).unwrap(),
            ParetoNbdParams::new(0.55, 10.6, 1e4, 5e5).unwrap(),
        ] {
            for &(x, tx, t) in &[
                (0, 0.0, 38.0),
                (2, 5.0, 38.0),
                (7, 30.0, 31.0),
                (4, 9.0, 9.0),
                (40, 0.5, 300.0),
            ] {
                for gradient in [false, true] {
                    let at = p.at_age(x, t, gradient);
                    assert_eq!(
                        p.p_alive_at(x, tx, t, &at).to_bits(),
                        p.p_alive(x, tx, t).to_bits()
                    );
                    let (value, g) = p.p_alive_with_gradient_at(x, tx, t, &at);
                    let (expected, expected_g) =
                        p.p_alive_with_gradient_at(x, tx, t, &AtAge::default());
                    assert_eq!(value.to_bits(), expected.to_bits());
                    assert_eq!(g.map(f64::to_bits), expected_g.map(f64::to_bits));
                }
            }
        }
    }

    #[test]
    fn analytic_gradients_of_the_predictions_match_finite_differences() {
        use crate::models::optimize::central_gradient;
        for p in [
            cdnow(),
            ParetoNbdParams::new(0.96, 2.17, 11.4, 463.0).unwrap(),
            ParetoNbdParams::new(0.7, 8.0, 1.00001, 3.0).unwrap(),
        ] {
            let theta = [p.r, p.alpha, p.s, p.beta];
            let at = |q: &[f64]| ParetoNbdParams::new(q[0], q[1], q[2], q[3]).unwrap();
            for &(x, tx, t) in &[
                (0, 0.0, 38.0),
                (2, 5.0, 38.0),
                (7, 30.0, 31.0),
                (4, 9.0, 9.0),
            ] {
                let analytic = p.p_alive_gradient(x, tx, t);
                let (value, together) = p.p_alive_with_gradient_at(x, tx, t, &AtAge::default());
                assert_eq!(value.to_bits(), p.p_alive(x, tx, t).to_bits());
                for i in 0..4 {
                    assert!((together[i] - analytic[i]).abs() <= 1e-9 * (1.0 + analytic[i].abs()));
                }
                let mut numeric = [0.0; 4];
                central_gradient(&|q: &[f64]| at(q).p_alive(x, tx, t), &theta, &mut numeric);
                let (value, analytic_n) = p.expected_purchases_if_alive_with_gradient(x, t, 13.0);
                assert_eq!(value, p.expected_purchases_if_alive(x, t, 13.0));
                let mut numeric_n = [0.0; 4];
                central_gradient(
                    &|q: &[f64]| at(q).expected_purchases_if_alive(x, t, 13.0),
                    &theta,
                    &mut numeric_n,
                );
                for i in 0..4 {
                    let close = |a: f64, b: f64| (a - b).abs() < 1e-6 * (1.0 + b.abs());
                    assert!(
                        close(analytic[i], numeric[i]),
                        "{p:?} ({x}, {tx}, {t}) P {i}: {analytic:?} vs {numeric:?}"
                    );
                    assert!(
                        close(analytic_n[i], numeric_n[i]),
                        "{p:?} ({x}, {t}) N {i}: {analytic_n:?} vs {numeric_n:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn new_customer_expectation_matches_the_conditional_one_at_t_zero() {
        let p = cdnow();
        let c = p.expected_purchases(0, 0.0, 0.0, 39.0);
        let u = p.expected_purchases_new(39.0);
        assert!((c - u).abs() < 1e-12 * u);
    }

    #[test]
    fn a_fit_from_a_samples_optimum_ends_where_the_fit_from_the_start_does() {
        // The CDNOW estimates above as the truth; 20,000 customers, every
        // history distinct, so the fit starts from a sample's optimum.
        let data = crate::models::simulate::pareto_nbd(&cdnow(), 20_000, 52.0, 13.0, 11);
        assert!(data.len() >= crate::models::tolerance::WARM_START_TUPLES);
        let fitted = fit(&data).unwrap();
        let bg = crate::models::bg_nbd::start_values(&data);
        let (cold, cold_fit) = crate::models::fit::fit_four_from_start(
            &data,
            [bg[0], bg[1], 1.0, bg[1]],
            |[r, alpha, s, beta], d, g, scratch: &mut likelihood::Scratch| {
                ParetoNbdParams { r, alpha, s, beta }.log_likelihood_indexed(d, g, scratch)
            },
        )
        .unwrap();
        assert!(fitted.fit.converged && cold_fit.converged);
        let p = fitted.params;
        for (x, y) in [p.r, p.alpha, p.s, p.beta].iter().zip(&cold) {
            assert!((x - y).abs() <= 1e-4 * y, "{p:?} against {cold:?}");
        }
        assert!((fitted.fit.log_likelihood - cold_fit.log_likelihood).abs() < 1e-6);
        assert!(fitted.fit.iterations * 3 <= cold_fit.iterations);
    }

    #[test]
    fn without_an_interior_maximum_the_fit_from_a_samples_end_reaches_the_box_too() {
        // The generated export's customers never drop out: the likelihood keeps rising as
        // s → 0 along a ridge, and the sample's fit stops at the parameter box.
        let export = crate::import::generated_order_export(300_000);
        let mut import = crate::StreamingImport::new(crate::ImportOptions::new());
        import.push(&export).unwrap();
        let imported = import.finish().unwrap();
        let options = crate::AnalysisOptions::new();
        let (date, model_options) = crate::Report::models_step(&imported, &options).unwrap();
        let plan = crate::models::prepare(&imported.log, date, &model_options).unwrap();
        let data = plan.tuples();
        assert!(data.len() >= crate::models::tolerance::WARM_START_TUPLES);
        let fitted = fit(data).unwrap();
        let bg = crate::models::bg_nbd::start_values(data);
        let (_, cold_fit) = crate::models::fit::fit_four_from_start(
            data,
            [bg[0], bg[1], 1.0, bg[1]],
            |[r, alpha, s, beta], d, g, scratch: &mut likelihood::Scratch| {
                ParetoNbdParams { r, alpha, s, beta }.log_likelihood_indexed(d, g, scratch)
            },
        )
        .unwrap();
        assert_eq!(cold_fit.reason, StopReason::Boundary);
        // From the sample's end, the whole's fit stalls on the same ridge (the value no longer
        // changes, the gradient is small) or reaches the box: as likely (to 0.008 in 785,000),
        // in fewer iterations.
        assert!(fitted.fit.converged || fitted.fit.reason == StopReason::Boundary);
        let (warm, cold) = (fitted.fit.log_likelihood, cold_fit.log_likelihood);
        assert!(
            (warm - cold).abs() <= 1e-8 * cold.abs(),
            "{warm} against {cold}"
        );
        assert!(
            fitted.fit.iterations < cold_fit.iterations,
            "{} against {}",
            fitted.fit.iterations,
            cold_fit.iterations
        );
    }
}
