//! The MBG/NBD model of repeat buying (Batislam, Denizel & Filiztekin 2007, "Empirical
//! validation and comparison of models for customer base analysis", International Journal of
//! Research in Marketing 24(3), 201–209; below "BDF").
//!
//! BG/NBD with one change: a customer may drop out right after the *first* purchase too, not
//! only after repeat purchases. While alive a customer buys at rate λ ~ Gamma(r, α); after each
//! purchase, the first included, they drop out with probability p ~ Beta(a, b). So a customer
//! who never came back is not certainly alive (BG/NBD's P(alive | x = 0) = 1): their P(alive)
//! falls with the time since their purchase, which is what the page calls "still active".
//!
//! The formulas are those of BG/NBD with b shifted by one where a dropout chance has passed
//! (`bg_nbd::Dropout::AfterEveryPurchase`), written once in `bg_nbd.rs`.

use super::bg_nbd::{self, BgNbdParams, Dropout};
use super::data::{IndexedTuples, RfmTuple};
use super::fit::{fit_four, FitError, FitSummary, ParamError};
use serde::{Deserialize, Serialize};

/// MBG/NBD parameters: purchase rate λ ~ Gamma(shape r, rate α), dropout p ~ Beta(a, b).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MbgNbdParams {
    /// Shape of the purchase-rate distribution.
    pub r: f64,
    /// Rate (scale, in time units) of the purchase-rate distribution.
    pub alpha: f64,
    /// First shape of the dropout-probability distribution.
    pub a: f64,
    /// Second shape of the dropout-probability distribution.
    pub b: f64,
}

impl MbgNbdParams {
    /// Validated parameters: all four positive and finite.
    pub fn new(r: f64, alpha: f64, a: f64, b: f64) -> Result<Self, ParamError> {
        let p = BgNbdParams::new(r, alpha, a, b)?;
        Ok(MbgNbdParams::from(p))
    }

    /// The same four numbers read as BG/NBD parameters, for the shared formulas.
    fn as_bg(&self) -> BgNbdParams {
        let MbgNbdParams { r, alpha, a, b } = *self;
        BgNbdParams { r, alpha, a, b }
    }

    /// Log-likelihood of the data (BDF eq. 4): ln L = A1 + A2 + ln(e^A3 + e^A4) with
    /// A2 = ln B(a, b+x+1) − ln B(a, b) and A4 = ln a − ln(b+x) − (r+x) ln(α+t_x); its gradient
    /// in (r, α, a, b) is written to `gradient`.
    pub fn log_likelihood(&self, data: &[RfmTuple], gradient: &mut [f64; 4]) -> f64 {
        self.log_likelihood_indexed(&IndexedTuples::new(data), gradient, &mut Vec::new())
    }

    fn log_likelihood_indexed(
        &self,
        data: &IndexedTuples,
        gradient: &mut [f64; 4],
        scratch: &mut Vec<(f64, f64)>,
    ) -> f64 {
        bg_nbd::log_likelihood(
            &self.as_bg(),
            Dropout::AfterEveryPurchase,
            data,
            gradient,
            scratch,
        )
    }

    /// P(alive | x, t_x, T) (BDF eq. 9): 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)), below 1
    /// also for x = 0.
    pub fn p_alive(&self, frequency: u32, recency: f64, t: f64) -> f64 {
        bg_nbd::p_alive(
            &self.as_bg(),
            Dropout::AfterEveryPurchase,
            frequency,
            recency,
            t,
        )
    }

    /// Expected purchases in the next `horizon` time units given (x, t_x, T) (BDF eq. 10):
    /// P(alive) · (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+1; a+b+x; t/(α+T+t))].
    pub fn expected_purchases(&self, frequency: u32, recency: f64, t: f64, horizon: f64) -> f64 {
        self.p_alive(frequency, recency, t)
            * self.expected_purchases_if_alive(frequency, t, horizon)
    }

    /// [`Self::expected_purchases`] for a customer known to be alive.
    pub(crate) fn expected_purchases_if_alive(&self, frequency: u32, t: f64, horizon: f64) -> f64 {
        bg_nbd::expected_purchases_if_alive(
            &self.as_bg(),
            Dropout::AfterEveryPurchase,
            frequency,
            t,
            horizon,
        )
    }

    /// [`Self::expected_purchases_if_alive`] at each of `horizons`, into `out`.
    pub(crate) fn expected_purchases_if_alive_at(
        &self,
        frequency: u32,
        t: f64,
        horizons: &[f64],
        out: &mut [f64],
    ) {
        bg_nbd::expected_purchases_if_alive_at(
            &self.as_bg(),
            Dropout::AfterEveryPurchase,
            frequency,
            t,
            horizons,
            out,
        )
    }

    /// Expected repeat purchases of a new customer in their first `horizon` time units (BDF
    /// eq. 8): b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))].
    pub(crate) fn expected_purchases_new(&self, horizon: f64) -> f64 {
        bg_nbd::expected_purchases_new(&self.as_bg(), Dropout::AfterEveryPurchase, horizon)
    }
}

impl From<BgNbdParams> for MbgNbdParams {
    fn from(p: BgNbdParams) -> Self {
        let BgNbdParams { r, alpha, a, b } = p;
        MbgNbdParams { r, alpha, a, b }
    }
}

/// A fitted MBG/NBD model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedMbgNbd {
    /// Maximum-likelihood parameters.
    pub params: MbgNbdParams,
    /// How the fit went.
    pub fit: FitSummary,
}

impl super::fit::FittedModel for FittedMbgNbd {
    type Params = MbgNbdParams;
    type Extra = ();

    fn params(&self) -> &MbgNbdParams {
        &self.params
    }

    fn fit(&self) -> &FitSummary {
        &self.fit
    }

    fn extra(&self) -> Self::Extra {}
}

/// Fits MBG/NBD by maximum likelihood, from the same start as BG/NBD.
pub fn fit(data: &[RfmTuple]) -> Result<FittedMbgNbd, FitError> {
    let start = bg_nbd::start_values(data);
    let start = [start[0], start[1], start[2], start[3]];
    let (theta, fit) = fit_four(data, start, ["r", "alpha", "a", "b"], |p, d, g, scratch| {
        let [r, alpha, a, b] = p;
        MbgNbdParams { r, alpha, a, b }.log_likelihood_indexed(d, g, scratch)
    })?;
    let params = MbgNbdParams::new(theta[0], theta[1], theta[2], theta[3])
        .map_err(|_| FitError::NotComputable)?;
    Ok(FittedMbgNbd { params, fit })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The MBG/NBD parameters lifetimes 0.11.3's `ModifiedBetaGeoFitter` fits to the CDNOW
    /// summary (tests/data/cdnow/cdnow_customers_summary.csv); see engine/tests/models.rs for
    /// the fit itself and how the reference was made.
    fn cdnow() -> MbgNbdParams {
        MbgNbdParams::new(0.5248377, 6.1829885, 0.8913563, 1.6140000).unwrap()
    }

    #[test]
    fn p_alive_of_a_one_time_buyer_falls_with_the_time_since_the_purchase() {
        let p = cdnow();
        let mut previous = 1.0;
        for weeks in [0.0, 1.0, 5.0, 10.0, 20.0, 38.86, 78.0, 200.0] {
            let alive = p.p_alive(0, 0.0, weeks);
            assert!(alive < previous, "{weeks}: {alive} !< {previous}");
            previous = alive;
        }
        // Right after the first purchase: the chance of not having dropped out at it, b/(a+b).
        let fresh = p.p_alive(0, 0.0, 0.0);
        assert!((fresh - p.b / (p.a + p.b)).abs() < 1e-12, "{fresh}");
        assert!(p.p_alive(0, 0.0, 38.86) < 0.5);
    }

    #[test]
    fn matches_lifetimes_predictions_on_cdnow() {
        // lifetimes 0.11.3 ModifiedBetaGeoFitter with the parameters above:
        // (x, t_x, T) → conditional_probability_alive, conditional_expected_number_of_
        // purchases_up_to_time(39, …); expected_number_of_purchases_up_to_time(39) = 1.1822838.
        let p = cdnow();
        for (x, tx, t, alive, expected) in [
            (0, 0.0, 38.86, 0.38971644, 0.15395364),
            (0, 0.0, 10.0, 0.52217279, 0.48251580),
            (2, 30.43, 38.86, 0.70612626, 1.26267078),
            (1, 1.71, 38.86, 0.17081963, 0.18878924),
            (7, 35.0, 38.0, 0.85059739, 4.39332304),
        ] {
            let a = p.p_alive(x, tx, t);
            let e = p.expected_purchases(x, tx, t, 39.0);
            assert!(
                (a / alive - 1.0).abs() < 1e-6,
                "{x} {tx} {t}: {a} vs {alive}"
            );
            assert!(
                (e / expected - 1.0).abs() < 1e-6,
                "{x} {tx} {t}: {e} vs {expected}"
            );
        }
        let new = p.expected_purchases_new(39.0);
        assert!((new / 1.1822838 - 1.0).abs() < 1e-6, "{new}");
    }
}
