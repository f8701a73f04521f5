//! Ranges of the predictions: the delta method over the parameters' covariance (the inverse
//! Hessian of the log-likelihood, [`super::fit::FitSummary::covariance`]).
//!
//! Why the delta method and not a parametric bootstrap: the bootstrap refits or re-predicts
//! every customer once per draw (hundreds of times), which the page cannot afford on a large
//! export; the delta method needs one derivative per distinct history, from the covariance the
//! fit already has. Both describe the same thing, the uncertainty of the fitted parameters
//! (not the randomness of one customer's own purchases); the delta method assumes the
//! predictions are close to linear in the parameters over their likely range, which holds when
//! the fit has enough repeat buyers, and the range is reported as wide when it does not.
//!
//! A prediction f(θ̂) with gradient ∇f has variance ∇fᵀ Σ ∇f (Oehlert 1992, "A Note on the
//! Delta Method", The American Statistician 46(1)). Predicted CLV is positive and skewed, so
//! the 95 % range is taken on the log scale: f · exp(± 1.96 σ / f).

use serde::{Deserialize, Serialize};

/// z of a two-sided 95 % normal interval.
const Z_95: f64 = 1.959_963_984_540_054;

/// Relative step of the forward differences of the gradients: the predictions are smooth in
/// the parameters, and a step of 1e-6 of each keeps the truncation and rounding errors far below
/// the width of any range.
const STEP: f64 = 1e-6;

/// A prediction with its 95 % range.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The prediction.
    pub value: f64,
    /// Lower end of the 95 % range; `None` when the fit has no covariance (it stopped at the
    /// edge of the parameter space, where the data cannot say how uncertain it is).
    pub low: Option<f64>,
    /// Upper end of the 95 % range; `None` with `low`.
    pub high: Option<f64>,
}

impl Estimate {
    /// `value` with the 95 % range of standard deviation `sd`, on the log scale; without a
    /// range when `sd` is not finite or the value is not positive. `None` when the value is not
    /// finite.
    pub(crate) fn new(value: f64, sd: f64) -> Option<Estimate> {
        if !value.is_finite() {
            return None;
        }
        let (low, high) = if sd.is_finite() && value > 0.0 && sd >= 0.0 {
            let spread = (Z_95 * sd / value).min(700.0);
            (Some(value * (-spread).exp()), Some(value * spread.exp()))
        } else {
            (None, None)
        };
        Some(Estimate { value, low, high })
    }

    /// The range, when known.
    pub fn range(&self) -> Option<(f64, f64)> {
        self.low.zip(self.high)
    }

    /// True when the range is wider than the value itself: the data says little yet.
    pub fn is_wide(&self) -> bool {
        self.range()
            .is_some_and(|(low, high)| high - low > self.value)
    }
}

/// ∇f at `theta` by forward differences with relative step [`STEP`]; a component is NaN where
/// f is not finite.
pub(crate) fn gradient<const N: usize>(theta: [f64; N], f: impl Fn([f64; N]) -> f64) -> [f64; N] {
    let at = f(theta);
    let mut g = [f64::NAN; N];
    for (j, gj) in g.iter_mut().enumerate() {
        let mut probe = theta;
        let h = STEP * theta[j].abs().max(1e-12);
        probe[j] += h;
        *gj = (f(probe) - at) / h;
    }
    g
}

/// gᵀ Σ g, the delta-method variance; NaN when Σ does not match g.
pub(crate) fn quadratic_form(g: &[f64], covariance: &[Vec<f64>]) -> f64 {
    if covariance.len() != g.len() || covariance.iter().any(|row| row.len() != g.len()) {
        return f64::NAN;
    }
    covariance
        .iter()
        .zip(g)
        .map(|(row, gi)| gi * row.iter().zip(g).map(|(s, gj)| s * gj).sum::<f64>())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_of_a_linear_function_is_its_normal_range_on_the_log_scale() {
        // f(θ) = 2θ₀ + θ₁ with Var θ₀ = 0.01, Var θ₁ = 0.04, Cov = 0.01: Var f = 0.04 + 0.04 +
        // 0.04 = 0.12.
        let cov = vec![vec![0.01, 0.01], vec![0.01, 0.04]];
        let g = gradient([1.0, 3.0], |t| 2.0 * t[0] + t[1]);
        assert!(
            (g[0] - 2.0).abs() < 1e-6 && (g[1] - 1.0).abs() < 1e-6,
            "{g:?}"
        );
        let var = quadratic_form(&g, &cov);
        assert!((var - 0.12).abs() < 1e-6, "{var}");
        let e = Estimate::new(5.0, var.sqrt()).unwrap();
        let (low, high) = e.range().unwrap();
        assert!(low < 5.0 && 5.0 < high);
        assert!(
            (low * high - 25.0).abs() < 1e-9,
            "symmetric on the log scale"
        );
        assert!(!e.is_wide());
        assert!(Estimate::new(f64::NAN, 1.0).is_none());
        assert!(Estimate::new(0.0, 1.0).unwrap().range().is_none());
        assert!(Estimate::new(1.0, f64::NAN).unwrap().range().is_none());
        assert!(Estimate::new(1.0, 1.0).unwrap().is_wide());
    }
}
