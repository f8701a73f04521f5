//! One customer's predictions from the fitted models, for the report (`models::run`) and for
//! `clv score` (`models::score`) alike, so both give the same numbers by construction: each
//! model's P(alive), expected purchases and CLV, Gamma-Gamma's expected order value, and the
//! headline model's figures with the 95 % range of the predicted CLV (delta method over each
//! fit's covariance, `models::interval`), the value if still active, the expected value lost
//! and the next order's date. Every CLV is margin × expected order value × discounted expected
//! purchases over the CLV months.
//!
//! What depends on the history (x, t_x, T) only is computed once per distinct history; a
//! [`Predictor`] keeps at most [`CACHE_HISTORIES`] of them (when full it starts afresh, which
//! changes no number), so it predicts a stream of any length in bounded memory. It also sums
//! the predicted CLV of every customer it was asked for, with the gradients the total's range
//! needs ([`Predictor::total`]). [`Predictor::predict_all`] predicts a whole list at once (the
//! report), its distinct histories and then its customers spread over the cores natively,
//! with the same numbers.
//!
//! Each model's factors are computed once: P(alive) per history, and once per (x, T) — they do
//! not depend on t_x — the horizon's expected purchases of a customer alive at T with the CLV
//! months' sum in one series pass (`clv::expectations_if_alive`) and, for a Pareto/NBD
//! headline, that sum's analytic gradient. The headline's range reuses them.
//!
//! ```
//! use clv_engine::models::predict::{Fits, Predictor, Sums};
//! use clv_engine::models::{bg_nbd, gamma_gamma, mbg_nbd, RfmTuple, SpendObservation};
//! use clv_engine::warning::ModelName;
//! use clv_engine::TimeUnit;
//!
//! let mut tuples = Vec::new();
//! let mut spend = Vec::new();
//! for i in 0..200u32 {
//!     let x = i % 5;
//!     let (recency, t) = (f64::from(x * 7), 70.0 + f64::from(i % 10));
//!     tuples.push(RfmTuple { frequency: x, recency, t, weight: 1.0 });
//!     if x > 0 {
//!         spend.push(SpendObservation { frequency: x, monetary_value: 20.0 + f64::from(i % 7) });
//!     }
//! }
//! let (bg, mbg) = (bg_nbd::fit(&tuples).ok(), mbg_nbd::fit(&tuples).ok());
//! let gg = gamma_gamma::fit(&spend).ok();
//! let fits = Fits {
//!     bg_nbd: bg.as_ref(),
//!     mbg_nbd: mbg.as_ref(),
//!     pareto_nbd: None,
//!     gamma_gamma: gg.as_ref(),
//! };
//! let sums = Sums::new(TimeUnit::Days);
//! let mut predictor = Predictor::new(fits, Some(ModelName::MbgNbd), sums, Some(0.3), None);
//! let p = predictor.predict("c1", 2, 14.0, 75.0, 21.0);
//! assert!(p.p_alive.is_some_and(|p| (0.0..=1.0).contains(&p)));
//! assert_eq!(p.p_alive, p.mbg_p_alive);
//! assert!(predictor.total().is_some_and(|t| t.value == p.predicted_clv.unwrap()));
//! ```

use super::bg_nbd::FittedBgNbd;
use super::clv::{discounted_purchases_new, expectations_if_alive, next_order_date, PurchaseModel};
use super::fit::FitSummary;
use super::gamma_gamma::{FittedGammaGamma, GammaGammaParams};
use super::interval::{gradient, quadratic_form, Estimate};
use super::mbg_nbd::FittedMbgNbd;
use super::pareto_nbd::{AtAge, FittedParetoNbd};
use crate::parallel;
use crate::time_unit::{TimeUnit, DAYS_PER_YEAR};
use crate::warning::ModelName;
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// What the models predict for one customer (join with the customer table by `customer_id`).
/// The unprefixed figures come from the headline model ([`Headline::model`]; `null` without
/// one), the prefixed ones from each model; values a model could not give are `null`. Every
/// CLV is on the basis of [`Headline::margin`].
///
/// [`Headline::model`]: super::headline::Headline::model
/// [`Headline::margin`]: super::headline::Headline::margin
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerPrediction {
    /// Customer key.
    pub customer_id: String,
    /// Probability that the customer is still active.
    pub p_alive: Option<f64>,
    /// Expected purchases in the horizon.
    pub expected_purchases: Option<f64>,
    /// Gamma-Gamma expected value of an order (revenue).
    pub expected_avg_value: Option<f64>,
    /// Predicted CLV over `clv_months`, discounted.
    pub predicted_clv: Option<f64>,
    /// Lower end of the 95 % range of `predicted_clv` (delta method, `models::interval`).
    pub predicted_clv_low: Option<f64>,
    /// Upper end of the 95 % range of `predicted_clv`.
    pub predicted_clv_high: Option<f64>,
    /// Predicted CLV if the customer is still active: `predicted_clv` / `p_alive`.
    pub value_if_active: Option<f64>,
    /// Expected value lost: (1 − `p_alive`) × `value_if_active`; ranks the win-back list.
    pub expected_value_lost: Option<f64>,
    /// Median date of the next order if still active (see `clv::next_order_date`).
    #[serde(serialize_with = "crate::iso_date::serialize_option")]
    pub next_order_date: Option<NaiveDate>,
    /// BG/NBD probability that the customer is still active (1 for x = 0, by the model).
    pub bg_p_alive: Option<f64>,
    /// BG/NBD expected purchases in the horizon.
    pub bg_expected_purchases: Option<f64>,
    /// BG/NBD × Gamma-Gamma predicted CLV.
    pub bg_predicted_clv: Option<f64>,
    /// MBG/NBD probability that the customer is still active.
    pub mbg_p_alive: Option<f64>,
    /// MBG/NBD expected purchases in the horizon.
    pub mbg_expected_purchases: Option<f64>,
    /// MBG/NBD × Gamma-Gamma predicted CLV.
    pub mbg_predicted_clv: Option<f64>,
    /// Pareto/NBD probability that the customer is still active.
    pub pnbd_p_alive: Option<f64>,
    /// Pareto/NBD expected purchases in the horizon.
    pub pnbd_expected_purchases: Option<f64>,
    /// Pareto/NBD × Gamma-Gamma predicted CLV.
    pub pnbd_predicted_clv: Option<f64>,
}

impl CustomerPrediction {
    /// Every numeric prediction, in the order of the fields.
    pub fn values(&self) -> [Option<f64>; 17] {
        [
            self.p_alive,
            self.expected_purchases,
            self.expected_avg_value,
            self.predicted_clv,
            self.predicted_clv_low,
            self.predicted_clv_high,
            self.value_if_active,
            self.expected_value_lost,
            self.bg_p_alive,
            self.bg_expected_purchases,
            self.bg_predicted_clv,
            self.mbg_p_alive,
            self.mbg_expected_purchases,
            self.mbg_predicted_clv,
            self.pnbd_p_alive,
            self.pnbd_expected_purchases,
            self.pnbd_predicted_clv,
        ]
    }
}

/// Distinct histories (and distinct (x, T)) whose predictions a [`Predictor`] keeps; when
/// full, it starts afresh.
pub const CACHE_HISTORIES: usize = 200_000;

/// `map[key]`, made by `make` when missing; a map that holds [`CACHE_HISTORIES`] entries starts
/// afresh, so memory stays bounded whatever the stream.
fn bounded<K: std::hash::Hash + Eq, V: Copy>(
    map: &mut FxHashMap<K, V>,
    key: K,
    make: impl FnOnce() -> V,
) -> V {
    if let Some(value) = map.get(&key) {
        return *value;
    }
    if map.len() >= CACHE_HISTORIES {
        map.clear();
    }
    let value = make();
    map.insert(key, value);
    value
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// How the CLV sums of the models are set up.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Sums {
    /// Horizon of the expected purchases, in `unit`.
    pub horizon: f64,
    /// Months of the predicted CLV.
    pub months: u32,
    /// Monthly discount rate of the predicted CLV.
    pub discount: f64,
    /// Unit of recency, T and the horizon.
    pub unit: TimeUnit,
}

impl Sums {
    /// The report's defaults: a horizon of one year, CLV over 12 months at 1 % a month.
    pub fn new(unit: TimeUnit) -> Self {
        Sums {
            horizon: match unit {
                TimeUnit::Days => DAYS_PER_YEAR,
                TimeUnit::Weeks => DAYS_PER_YEAR / 7.0,
            },
            months: 12,
            discount: 0.01,
            unit,
        }
    }
    /// Sets the horizon, in time units.
    pub fn horizon(mut self, horizon: f64) -> Self {
        self.horizon = horizon;
        self
    }
    /// Sets the CLV months and monthly discount rate.
    pub fn clv(mut self, months: u32, discount_monthly: f64) -> Self {
        self.months = months;
        self.discount = discount_monthly;
        self
    }
}

/// The fitted models a [`Predictor`] predicts with (`None`: not fitted).
#[derive(Debug, Clone, Copy, Default)]
pub struct Fits<'a> {
    /// BG/NBD.
    pub bg_nbd: Option<&'a FittedBgNbd>,
    /// MBG/NBD.
    pub mbg_nbd: Option<&'a FittedMbgNbd>,
    /// Pareto/NBD.
    pub pareto_nbd: Option<&'a FittedParetoNbd>,
    /// Gamma-Gamma.
    pub gamma_gamma: Option<&'a FittedGammaGamma>,
}

/// What one purchase model expects of a customer alive at T, which depends on (x, T) only:
/// purchases in the horizon, the CLV months' discounted purchases and, for the headline model
/// when it knows it analytically, the latter's gradient.
#[derive(Debug, Clone, Copy)]
struct IfAlive {
    expected: f64,
    discounted: f64,
    d_discounted: Option<[f64; 4]>,
    /// What the model's P(alive) needs of (x, T) alone.
    at: AtAge,
}

impl IfAlive {
    fn of(model: &impl PurchaseModel, (frequency, t): (u32, f64), sums: Sums, head: bool) -> Self {
        // The horizon's expectation and the CLV months' sum in one series pass.
        let (expected, discounted) = expectations_if_alive(
            model,
            frequency,
            t,
            sums.horizon,
            sums.months,
            sums.discount,
            sums.unit,
        );
        let d_discounted = if head {
            model.discounted_if_alive_gradient(
                frequency,
                t,
                (sums.months, sums.discount, sums.unit),
            )
        } else {
            None
        };
        IfAlive {
            expected,
            discounted,
            d_discounted,
            at: model.at_age(frequency, t, head),
        }
    }
}

/// What each model expects of the customers with one (x, T) if they are alive.
#[derive(Debug, Clone, Copy, Default)]
struct AliveAt {
    bg: Option<IfAlive>,
    mbg: Option<IfAlive>,
    pnbd: Option<IfAlive>,
}

/// What one purchase model predicts for one history, with the factors the headline's range
/// builds on.
#[derive(Debug, Clone, Copy)]
struct ModelPrediction {
    p_alive: Option<f64>,
    expected: Option<f64>,
    discounted: Option<f64>,
    /// The factors, each computed once: P(alive), expected purchases in the horizon if alive,
    /// discounted purchases if alive.
    factors: (f64, f64, f64),
    /// ∇P(alive), when the model gave it alongside (asked for the headline model only).
    d_p_alive: Option<[f64; 4]>,
    /// ∇ of the discounted purchases if alive, when known (headline model only).
    d_if_alive: Option<[f64; 4]>,
}

impl ModelPrediction {
    fn of(model: &impl PurchaseModel, h: (u32, f64, f64), alive: IfAlive, head: bool) -> Self {
        let (p, d_p_alive) = if head {
            model.p_alive_with_gradient_at(h.0, h.1, h.2, &alive.at)
        } else {
            (model.p_alive_at(h.0, h.1, h.2, &alive.at), None)
        };
        let IfAlive {
            expected,
            discounted: if_alive,
            d_discounted,
            ..
        } = alive;
        ModelPrediction {
            p_alive: finite(p),
            expected: finite(p * expected),
            discounted: finite(p * if_alive),
            factors: (p, expected, if_alive),
            d_p_alive,
            d_if_alive: d_discounted,
        }
    }
}

/// What the headline model predicts for one history, with what its range needs.
#[derive(Debug, Clone, Copy)]
struct HeadPrediction {
    p_alive: f64,
    expected: f64,
    /// Discounted purchases if alive (A); the expected discounted purchases are p_alive × A.
    if_alive: f64,
    /// ∇(p_alive × A) in the model's parameters.
    gradient: [f64; 4],
}

impl HeadPrediction {
    /// From the model's own prediction of the same history (`of`), plus the gradient
    /// (analytic where the model has it, else forward differences from the known value).
    fn of<M: PurchaseModel>(
        model: &M,
        h: (u32, f64, f64),
        sums: Sums,
        of: ModelPrediction,
    ) -> Option<Self> {
        let (p, expected, if_alive) = of.factors;
        let p_alive = finite(p)?;
        let if_alive = finite(if_alive)?;
        Some(HeadPrediction {
            p_alive,
            expected: finite(p * expected)?,
            if_alive,
            gradient: model.discounted_gradient(
                h,
                (sums.months, sums.discount, sums.unit),
                (p, of.d_p_alive),
                (if_alive, of.d_if_alive),
            ),
        })
    }

    /// Expected discounted purchases.
    fn discounted(&self) -> f64 {
        self.p_alive * self.if_alive
    }
}

/// What is kept of a [`ModelPrediction`] once the headline's range has what it needs.
#[derive(Debug, Clone, Copy)]
struct Predicted {
    p_alive: Option<f64>,
    expected: Option<f64>,
    discounted: Option<f64>,
}

impl From<ModelPrediction> for Predicted {
    fn from(m: ModelPrediction) -> Self {
        Predicted {
            p_alive: m.p_alive,
            expected: m.expected,
            discounted: m.discounted,
        }
    }
}

/// Predictions shared by every customer with one (x, t_x, T).
#[derive(Debug, Clone, Copy)]
struct HistoryPrediction {
    bg: Option<Predicted>,
    mbg: Option<Predicted>,
    pnbd: Option<Predicted>,
    head: Option<HeadPrediction>,
    next_order: Option<NaiveDate>,
}

/// The headline model's parameters and covariance.
#[derive(Debug, Clone, Copy)]
enum Head<'a> {
    Mbg(&'a FittedMbgNbd),
    Pnbd(&'a FittedParetoNbd),
}

impl<'a> Head<'a> {
    /// The headline prediction of history `h`, from its model's own prediction of it (the
    /// `mbg` or `pnbd` one of the same history).
    fn predict(
        self,
        h: (u32, f64, f64),
        sums: Sums,
        mbg: Option<ModelPrediction>,
        pnbd: Option<ModelPrediction>,
    ) -> Option<HeadPrediction> {
        match self {
            Head::Mbg(m) => HeadPrediction::of(&m.params, h, sums, mbg?),
            Head::Pnbd(m) => HeadPrediction::of(&m.params, h, sums, pnbd?),
        }
    }
    fn next_order(
        self,
        frequency: u32,
        t: f64,
        cutoff: NaiveDate,
        unit: TimeUnit,
    ) -> Option<NaiveDate> {
        match self {
            Head::Mbg(m) => next_order_date(&m.params, frequency, t, cutoff, unit),
            Head::Pnbd(m) => next_order_date(&m.params, frequency, t, cutoff, unit),
        }
    }
    fn fit(self) -> &'a FitSummary {
        match self {
            Head::Mbg(m) => &m.fit,
            Head::Pnbd(m) => &m.fit,
        }
    }
    fn model(self) -> ModelName {
        match self {
            Head::Mbg(_) => ModelName::MbgNbd,
            Head::Pnbd(_) => ModelName::ParetoNbd,
        }
    }
    /// A new customer's expected repeat purchases over the CLV period, discounted, with its
    /// gradient in the model's parameters.
    fn new_customer(self, sums: Sums) -> (f64, [f64; 4]) {
        fn of<M: PurchaseModel>(m: &M, sums: Sums) -> (f64, [f64; 4]) {
            let n = |m: &M| discounted_purchases_new(m, sums.months, sums.discount, sums.unit);
            let g = gradient(m.to_array(), |theta| {
                M::from_array(theta).map_or(f64::NAN, |m| n(&m))
            });
            (n(m), g)
        }
        match self {
            Head::Mbg(m) => of(&m.params, sums),
            Head::Pnbd(m) => of(&m.params, sums),
        }
    }
}

/// The Gamma-Gamma expected order value of a customer with its gradient in (p, q, v).
fn spend_with_gradient(g: &GammaGammaParams, frequency: u32, mean: f64) -> Option<(f64, [f64; 3])> {
    let value = finite(g.expected_average_value(frequency, mean)?)?;
    let grad = gradient([g.p, g.q, g.v], |[p, q, v]| {
        GammaGammaParams::new(p, q, v)
            .ok()
            .and_then(|g| g.expected_average_value(frequency, mean))
            .unwrap_or(f64::NAN)
    });
    Some((value, grad))
}

/// Standard deviation of a product CLV = margin × V × D from the gradients of D (purchase
/// model, covariance `cov_d`) and V (spend model, `cov_v`), the two fits being independent.
fn product_sd(
    margin: f64,
    (v, grad_v, cov_v): (f64, &[f64], Option<&Vec<Vec<f64>>>),
    (d, grad_d, cov_d): (f64, &[f64], Option<&Vec<Vec<f64>>>),
) -> Option<f64> {
    let var_d = quadratic_form(grad_d, cov_d?);
    let var_v = quadratic_form(grad_v, cov_v?);
    let sd = margin * (v * v * var_d + d * d * var_v).max(0.0).sqrt();
    sd.is_finite().then_some(sd)
}

/// What one customer's predicted CLV adds to the total: margin × `value` × `discounted`, and
/// the gradients of `discounted` and `value` in their model's parameters.
#[derive(Debug, Clone, Copy)]
struct Share {
    value: f64,
    discounted: f64,
    grad_d: [f64; 4],
    grad_v: [f64; 3],
}

/// (x, t_x bits, T bits): a history, as the cache's key.
type HistoryKey = (u32, u64, u64);

/// (x, T bits): what the expectations if alive depend on.
type AliveKey = (u32, u64);

/// Predicts customer by customer (see the module's docs).
#[derive(Debug)]
pub struct Predictor<'a> {
    fits: Fits<'a>,
    head: Option<Head<'a>>,
    sums: Sums,
    margin: f64,
    cutoff: Option<NaiveDate>,
    cache: FxHashMap<HistoryKey, HistoryPrediction>,
    alive_cache: FxHashMap<AliveKey, AliveAt>,
    /// The total's value and its gradients in the purchase model's and the spend model's
    /// parameters (every customer's CLV depends on the same parameters).
    total: f64,
    total_grad_d: [f64; 4],
    total_grad_v: [f64; 3],
}

impl<'a> Predictor<'a> {
    /// A predictor with these models: `headline` is the model behind the unprefixed figures
    /// (MBG/NBD or Pareto/NBD, `models::headline`; none without it or when it is not among
    /// `fits`), every CLV is profit at `margin` (revenue when `None`), and the next order's
    /// date counts from `cutoff` (none without it).
    pub fn new(
        fits: Fits<'a>,
        headline: Option<ModelName>,
        sums: Sums,
        margin: Option<f64>,
        cutoff: Option<NaiveDate>,
    ) -> Self {
        let head = match headline {
            Some(ModelName::MbgNbd) => fits.mbg_nbd.map(Head::Mbg),
            Some(ModelName::ParetoNbd) => fits.pareto_nbd.map(Head::Pnbd),
            _ => None,
        };
        Predictor {
            fits,
            head,
            sums,
            margin: margin.unwrap_or(1.0),
            cutoff,
            cache: FxHashMap::default(),
            alive_cache: FxHashMap::default(),
            total: 0.0,
            total_grad_d: [0.0; 4],
            total_grad_v: [0.0; 3],
        }
    }

    /// The headline model it predicts with, if any.
    pub fn headline(&self) -> Option<ModelName> {
        self.head.map(Head::model)
    }

    /// What every customer with (x, T) = `at` expects if alive, by each model.
    fn alive_at(&self, at: (u32, f64)) -> AliveAt {
        let (fits, head, sums) = (self.fits, self.head, self.sums);
        AliveAt {
            bg: fits.bg_nbd.map(|m| IfAlive::of(&m.params, at, sums, false)),
            mbg: fits
                .mbg_nbd
                .map(|m| IfAlive::of(&m.params, at, sums, matches!(head, Some(Head::Mbg(_))))),
            pnbd: fits
                .pareto_nbd
                .map(|m| IfAlive::of(&m.params, at, sums, matches!(head, Some(Head::Pnbd(_))))),
        }
    }

    /// What every customer with history `h` = (x, t_x, T) shares, given what its (x, T)
    /// expects if alive (`alive`, from [`Self::alive_at`]).
    fn history(&self, h: (u32, f64, f64), alive: AliveAt) -> HistoryPrediction {
        let (fits, head, sums) = (self.fits, self.head, self.sums);
        let mbg = fits
            .mbg_nbd
            .zip(alive.mbg)
            .map(|(m, a)| ModelPrediction::of(&m.params, h, a, matches!(head, Some(Head::Mbg(_)))));
        let pnbd = fits.pareto_nbd.zip(alive.pnbd).map(|(m, a)| {
            ModelPrediction::of(&m.params, h, a, matches!(head, Some(Head::Pnbd(_))))
        });
        HistoryPrediction {
            bg: fits
                .bg_nbd
                .zip(alive.bg)
                .map(|(m, a)| ModelPrediction::of(&m.params, h, a, false).into()),
            mbg: mbg.map(Predicted::from),
            pnbd: pnbd.map(Predicted::from),
            head: head.and_then(|m| m.predict(h, sums, mbg, pnbd)),
            next_order: head
                .zip(self.cutoff)
                .and_then(|(m, cutoff)| m.next_order(h.0, h.2, cutoff, sums.unit)),
        }
    }

    /// The predictions of a customer with history predictions `hp`, `frequency` and mean
    /// repeat spend `monetary`, with what it adds to the total (see [`Self::add`]).
    fn customer(
        &self,
        hp: HistoryPrediction,
        customer_id: String,
        frequency: u32,
        monetary: f64,
    ) -> (CustomerPrediction, Option<Share>) {
        let (fits, head, margin) = (self.fits, self.head, self.margin);
        let gg_cov = fits.gamma_gamma.and_then(|g| g.fit.covariance.as_ref());
        let head_cov = head.and_then(|h| h.fit().covariance.as_ref());
        let spend = fits
            .gamma_gamma
            .and_then(|g| spend_with_gradient(&g.params, frequency, monetary));
        let value = spend.map(|(v, _)| v);
        let clv = |m: Option<Predicted>| {
            m.zip(value)
                .and_then(|(m, v)| m.discounted.and_then(|d| finite(d * v * margin)))
        };
        let head_value = hp.head.zip(spend);
        let predicted = head_value.and_then(|(hp, (v, _))| finite(margin * v * hp.discounted()));
        let mut share = None;
        let range = head_value.and_then(|(hp, (v, grad_v))| {
            let d = hp.discounted();
            if predicted.is_some() {
                share = Some(Share {
                    value: v,
                    discounted: d,
                    grad_d: hp.gradient,
                    grad_v,
                });
            }
            let sd = product_sd(1.0, (v, &grad_v, gg_cov), (d, &hp.gradient, head_cov))?;
            Estimate::new(margin * v * d, margin * sd)?.range()
        });
        let if_active = head_value.and_then(|(hp, (v, _))| finite(margin * v * hp.if_alive));
        let prediction = CustomerPrediction {
            customer_id,
            p_alive: hp.head.map(|m| m.p_alive),
            expected_purchases: hp.head.map(|m| m.expected),
            expected_avg_value: value,
            predicted_clv: predicted,
            predicted_clv_low: range.map(|r| r.0),
            predicted_clv_high: range.map(|r| r.1),
            value_if_active: if_active,
            expected_value_lost: hp
                .head
                .zip(if_active)
                .and_then(|(m, v)| finite((1.0 - m.p_alive) * v)),
            next_order_date: hp.next_order,
            bg_p_alive: hp.bg.and_then(|m| m.p_alive),
            bg_expected_purchases: hp.bg.and_then(|m| m.expected),
            bg_predicted_clv: clv(hp.bg),
            mbg_p_alive: hp.mbg.and_then(|m| m.p_alive),
            mbg_expected_purchases: hp.mbg.and_then(|m| m.expected),
            mbg_predicted_clv: clv(hp.mbg),
            pnbd_p_alive: hp.pnbd.and_then(|m| m.p_alive),
            pnbd_expected_purchases: hp.pnbd.and_then(|m| m.expected),
            pnbd_predicted_clv: clv(hp.pnbd),
        };
        (prediction, share)
    }

    /// Adds a customer's predicted CLV to the total, with its gradients.
    fn add(&mut self, share: Option<Share>) {
        let Some(Share {
            value: v,
            discounted: d,
            grad_d,
            grad_v,
        }) = share
        else {
            return;
        };
        let margin = self.margin;
        self.total += margin * v * d;
        for (t, g) in self.total_grad_d.iter_mut().zip(grad_d) {
            *t += margin * v * g;
        }
        for (t, g) in self.total_grad_v.iter_mut().zip(grad_v) {
            *t += margin * d * g;
        }
    }

    /// The predictions for `customer_id` with history (x, t_x, T) = (`frequency`, `recency`,
    /// `t`) and mean repeat spend `monetary`; its predicted CLV is added to the total.
    pub fn predict(
        &mut self,
        customer_id: impl Into<String>,
        frequency: u32,
        recency: f64,
        t: f64,
        monetary: f64,
    ) -> CustomerPrediction {
        // The caches are taken out while the predictor computes what they lack.
        let (mut cache, mut alive_cache) = (
            std::mem::take(&mut self.cache),
            std::mem::take(&mut self.alive_cache),
        );
        let hp = bounded(
            &mut cache,
            (frequency, recency.to_bits(), t.to_bits()),
            || {
                let alive = bounded(&mut alive_cache, (frequency, t.to_bits()), || {
                    self.alive_at((frequency, t))
                });
                self.history((frequency, recency, t), alive)
            },
        );
        (self.cache, self.alive_cache) = (cache, alive_cache);
        let (prediction, share) = self.customer(hp, customer_id.into(), frequency, monetary);
        self.add(share);
        prediction
    }

    /// [`Self::predict`] of every item at once, in the items' order: `history` gives an item's
    /// (x, t_x, T, mean repeat spend), `customer_id` its customer's id. The distinct histories and then the
    /// customers are spread over the cores natively; the total is summed in the items' order,
    /// so every number is the one [`Self::predict`] gives item by item. It does not use the
    /// bounded cache: memory grows with the items, as the returned predictions do anyway.
    pub fn predict_all<T: Sync>(
        &mut self,
        items: &[T],
        history: impl Fn(&T) -> (u32, f64, f64, f64) + Sync,
        customer_id: impl Fn(&T) -> String + Sync,
    ) -> Vec<CustomerPrediction> {
        let mut index: FxHashMap<HistoryKey, u32> = FxHashMap::default();
        let mut histories: Vec<(u32, f64, f64)> = Vec::new();
        let history_of: Vec<u32> = items
            .iter()
            .map(|item| {
                let (x, recency, t, _) = history(item);
                *index
                    .entry((x, recency.to_bits(), t.to_bits()))
                    .or_insert_with(|| {
                        histories.push((x, recency, t));
                        (histories.len() - 1) as u32
                    })
            })
            .collect();
        drop(index);
        // What the histories' (x, T) expect if alive, once per distinct (x, T).
        let mut alive_index: FxHashMap<AliveKey, u32> = FxHashMap::default();
        let mut alive_keys: Vec<(u32, f64)> = Vec::new();
        let histories: Vec<((u32, f64, f64), u32)> = histories
            .into_iter()
            .map(|h @ (x, _, t)| {
                let at = *alive_index.entry((x, t.to_bits())).or_insert_with(|| {
                    alive_keys.push((x, t));
                    (alive_keys.len() - 1) as u32
                });
                (h, at)
            })
            .collect();
        drop(alive_index);
        let this = &*self;
        let alive: Vec<AliveAt> = parallel::map(&alive_keys, |&at| this.alive_at(at));
        let per_history: Vec<HistoryPrediction> =
            parallel::map(&histories, |&(h, at)| this.history(h, alive[at as usize]));
        drop(alive);
        // A part of the customers at a time: their predictions go straight into the output and
        // their shares of the total are added in the items' order, so only one part's shares
        // (80 bytes a customer) wait beside the output, not every customer's.
        const PART: usize = 16_384;
        let mut predictions = Vec::with_capacity(items.len());
        let mut pairs: Vec<(&T, u32)> = Vec::with_capacity(PART.min(items.len()));
        for (part, indices) in items.chunks(PART).zip(history_of.chunks(PART)) {
            pairs.clear();
            pairs.extend(part.iter().zip(indices.iter().copied()));
            let this = &*self;
            let predicted = parallel::map(&pairs, |&(item, index)| {
                let (x, _, _, monetary) = history(item);
                this.customer(per_history[index as usize], customer_id(item), x, monetary)
            });
            for (prediction, share) in predicted {
                self.add(share);
                predictions.push(prediction);
            }
        }
        predictions
    }

    /// The predicted CLV of every customer predicted so far, summed, with its 95 % range;
    /// `None` without a headline model.
    pub fn total(&self) -> Option<Estimate> {
        self.head.and_then(|head| {
            let gg_cov = self
                .fits
                .gamma_gamma
                .and_then(|g| g.fit.covariance.as_ref());
            let head_cov = head.fit().covariance.as_ref();
            let sd = match (head_cov, gg_cov) {
                (Some(cd), Some(cv)) => (quadratic_form(&self.total_grad_d, cd)
                    + quadratic_form(&self.total_grad_v, cv))
                .max(0.0)
                .sqrt(),
                _ => f64::NAN,
            };
            Estimate::new(self.total, sd)
        })
    }

    /// What a new customer is worth over the CLV period: the first order and the expected
    /// repeat purchases, discounted, at the mean spend per order, with its 95 % range; `None`
    /// without a headline model or a spend model.
    pub fn new_customer_clv(&self) -> Option<Estimate> {
        let gg_cov = self
            .fits
            .gamma_gamma
            .and_then(|g| g.fit.covariance.as_ref());
        self.head.zip(self.fits.gamma_gamma).and_then(|(h, g)| {
            let head_cov = h.fit().covariance.as_ref();
            // The first order and the expected repeat purchases, at the mean spend per order.
            let (mean, grad_v) = spend_with_gradient(&g.params, 0, 0.0)?;
            let (n, grad_n) = h.new_customer(self.sums);
            let sd = product_sd(1.0, (mean, &grad_v, gg_cov), (1.0 + n, &grad_n, head_cov));
            Estimate::new(
                self.margin * mean * (1.0 + n),
                self.margin * sd.unwrap_or(f64::NAN),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{bg_nbd, gamma_gamma, mbg_nbd, RfmTuple, SpendObservation};

    #[test]
    fn predict_all_gives_what_predict_gives_one_by_one() {
        // Enough customers and histories to be split between threads natively, simulated
        // from an MBG/NBD-like process (a fixed generator, so the test is repeatable).
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut uniform = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        };
        let customers: Vec<(u32, f64, f64, f64)> = (0..5_000u32)
            .map(|i| {
                let rate = 0.005 + 0.1 * uniform() * uniform();
                let drop = 0.05 + 0.4 * uniform();
                let t = f64::from(100 + i % 300);
                let (mut x, mut recency, mut now) = (0, 0.0, 0.0);
                while uniform() > drop {
                    now += -uniform().ln() / rate;
                    if now > t {
                        break;
                    }
                    x += 1;
                    recency = now.floor();
                }
                (x, recency, t, 10.0 + 30.0 * uniform())
            })
            .collect();
        let tuples: Vec<RfmTuple> = customers
            .iter()
            .map(|&(frequency, recency, t, _)| RfmTuple {
                frequency,
                recency,
                t,
                weight: 1.0,
            })
            .collect();
        let spend: Vec<SpendObservation> = customers
            .iter()
            .filter(|c| c.0 > 0)
            .map(|&(frequency, _, _, monetary_value)| SpendObservation {
                frequency,
                monetary_value,
            })
            .collect();
        let (bg, mbg) = (bg_nbd::fit(&tuples).ok(), mbg_nbd::fit(&tuples).ok());
        let gg = gamma_gamma::fit(&spend).ok();
        assert!(bg.is_some() && mbg.is_some() && gg.is_some());
        let fits = Fits {
            bg_nbd: bg.as_ref(),
            mbg_nbd: mbg.as_ref(),
            pareto_nbd: None,
            gamma_gamma: gg.as_ref(),
        };
        let sums = Sums::new(TimeUnit::Days);
        let cutoff = NaiveDate::from_ymd_opt(2024, 6, 30);
        let new = || Predictor::new(fits, Some(ModelName::MbgNbd), sums, Some(0.4), cutoff);
        let mut one_by_one = new();
        let expected: Vec<CustomerPrediction> = customers
            .iter()
            .enumerate()
            .map(|(i, &(x, r, t, m))| one_by_one.predict(i.to_string(), x, r, t, m))
            .collect();
        let mut all = new();
        let got = all.predict_all(
            &customers.iter().enumerate().collect::<Vec<_>>(),
            |&(_, &(x, r, t, m))| (x, r, t, m),
            |(i, _)| i.to_string(),
        );
        assert_eq!(got, expected);
        assert!(expected.iter().any(|p| p.predicted_clv_low.is_some()));
        assert_eq!(all.total(), one_by_one.total());
        assert!(all.total().is_some());
    }
}
