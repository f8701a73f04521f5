//! Scoring a per-customer summary of any size, one row at a time: fit the models on what can
//! be gathered in bounded memory ([`FitInput`]: the compressed (x, t_x, T) tuples, and the
//! repeat customers' spend — a uniform sample past [`MAX_SPEND_SAMPLE`]), then score each row
//! with a [`Scorer`], which computes what depends on the history (x, t_x, T) once per distinct
//! history and keeps at most [`CACHE_HISTORIES`] of them.
//!
//! The predictions are those of the report (`models::run`), per model: P(alive) and expected
//! purchases of BG/NBD and Pareto/NBD, Gamma-Gamma's expected order value, and the predicted
//! CLV = margin × expected order value × discounted expected purchases over the CLV months.
//!
//! ```
//! use clv_engine::models::score::{FitInput, ScoreOptions, Scorer};
//! use clv_engine::TimeUnit;
//!
//! let mut input = FitInput::new();
//! for i in 0..200u32 {
//!     let x = i % 5;
//!     let m = if x > 0 { 20.0 + f64::from(i % 7) } else { 0.0 };
//!     input.add(x, f64::from(x * 7), 70.0 + f64::from(i % 10), m, 1);
//! }
//! let models = input.fit();
//! let mut scorer = Scorer::new(models, ScoreOptions::new(TimeUnit::Days));
//! let s = scorer.score(2, 14.0, 75.0, 21.0);
//! assert!(s.bg_p_alive.is_some_and(|p| (0.0..=1.0).contains(&p)));
//! ```

use super::bg_nbd::{self, BgNbdParams};
use super::clv::{discounted_purchases, PurchaseModel};
use super::data::{RfmTuple, SpendObservation};
use super::fit::FitError;
use super::gamma_gamma::{self, GammaGammaParams};
use super::pareto_nbd::{self, ParetoNbdParams};
use crate::time_unit::{TimeUnit, DAYS_PER_YEAR};
use rustc_hash::FxHashMap;

/// Repeat customers kept for the Gamma-Gamma fit, at most (16 bytes each): past it, a uniform
/// sample of this many (reservoir sampling, seeded: the same file gives the same sample).
pub const MAX_SPEND_SAMPLE: usize = 1_000_000;
/// Distinct histories whose predictions a [`Scorer`] keeps; when full, it starts afresh.
pub const CACHE_HISTORIES: usize = 200_000;

/// What the fits need, gathered row by row in bounded memory.
#[derive(Debug, Clone)]
pub struct FitInput {
    tuples: FxHashMap<(u32, u64, u64), f64>,
    spend: Vec<SpendObservation>,
    repeat_customers: u64,
    state: u64,
}

impl Default for FitInput {
    fn default() -> Self {
        Self::new()
    }
}

impl FitInput {
    /// Nothing gathered yet.
    pub fn new() -> Self {
        FitInput {
            tuples: FxHashMap::default(),
            spend: Vec::new(),
            repeat_customers: 0,
            state: 0x9E37_79B9_7F4A_7C15,
        }
    }

    fn next_random(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    /// Adds `customers` customers with history (x, t_x, T) and mean repeat spend `monetary`.
    pub fn add(&mut self, frequency: u32, recency: f64, t: f64, monetary: f64, customers: u64) {
        *self
            .tuples
            .entry((frequency, recency.to_bits(), t.to_bits()))
            .or_default() += customers as f64;
        if frequency == 0 || !(monetary > 0.0 && monetary.is_finite()) {
            return;
        }
        let observation = SpendObservation {
            frequency,
            monetary_value: monetary,
        };
        for _ in 0..customers {
            self.repeat_customers += 1;
            if self.spend.len() < MAX_SPEND_SAMPLE {
                self.spend.push(observation);
            } else {
                let at = self.next_random() % self.repeat_customers;
                if let Some(slot) = self.spend.get_mut(at as usize) {
                    *slot = observation;
                }
            }
        }
    }

    /// Repeat customers with a positive spend seen, and how many the Gamma-Gamma fit uses.
    pub fn spend_sample(&self) -> (u64, usize) {
        (self.repeat_customers, self.spend.len())
    }

    /// Distinct (x, t_x, T) histories gathered.
    pub fn histories(&self) -> usize {
        self.tuples.len()
    }

    /// Fits BG/NBD and Pareto/NBD on the tuples and Gamma-Gamma on the spend (what was
    /// gathered is freed as it is used, so the fits' own copies do not add to it).
    pub fn fit(self) -> FittedModels {
        let FitInput { tuples, spend, .. } = self;
        // Already distinct: sorted as `compress` sorts, without its second index.
        let mut list: Vec<RfmTuple> = Vec::with_capacity(tuples.len());
        list.extend(tuples.into_iter().map(|((x, r, t), weight)| RfmTuple {
            frequency: x,
            recency: f64::from_bits(r),
            t: f64::from_bits(t),
            weight,
        }));
        list.sort_by(|a, b| {
            (a.frequency, a.recency, a.t)
                .partial_cmp(&(b.frequency, b.recency, b.t))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let gamma_gamma = gamma_gamma::fit(&spend).map(|m| m.params);
        drop(spend);
        FittedModels {
            bg_nbd: bg_nbd::fit(&list).map(|m| m.params),
            pareto_nbd: pareto_nbd::fit(&list).map(|m| m.params),
            gamma_gamma,
        }
    }
}

/// The fitted parameters a [`Scorer`] predicts with (each `Err` when that model could not be
/// fitted, with why).
#[derive(Debug, Clone, PartialEq)]
pub struct FittedModels {
    /// BG/NBD.
    pub bg_nbd: Result<BgNbdParams, FitError>,
    /// Pareto/NBD.
    pub pareto_nbd: Result<ParetoNbdParams, FitError>,
    /// Gamma-Gamma.
    pub gamma_gamma: Result<GammaGammaParams, FitError>,
}

/// How to score: the summary's time unit, the horizon and the CLV period.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct ScoreOptions {
    /// Unit of recency, T and the horizon.
    pub time_unit: TimeUnit,
    /// Horizon of the expected purchases, in `time_unit`.
    pub horizon: f64,
    /// Months of the predicted CLV.
    pub clv_months: u32,
    /// Monthly discount rate of the predicted CLV.
    pub discount_monthly: f64,
    /// Gross margin: every CLV is profit at this margin, or revenue when `None` (as the
    /// report's `ModelOptions::margin`).
    pub margin: Option<f64>,
}

impl ScoreOptions {
    /// The report's defaults: a horizon of one year, CLV over 12 months at 1 % a month.
    pub fn new(time_unit: TimeUnit) -> Self {
        ScoreOptions {
            time_unit,
            horizon: match time_unit {
                TimeUnit::Days => DAYS_PER_YEAR,
                TimeUnit::Weeks => DAYS_PER_YEAR / 7.0,
            },
            clv_months: 12,
            discount_monthly: 0.01,
            margin: None,
        }
    }
    /// Sets the margin of every CLV (`None`: revenue).
    pub fn margin(mut self, margin: Option<f64>) -> Self {
        self.margin = margin;
        self
    }
    /// Sets the horizon, in time units.
    pub fn horizon(mut self, horizon: f64) -> Self {
        self.horizon = horizon;
        self
    }
    /// Sets the CLV months and monthly discount rate.
    pub fn clv(mut self, months: u32, discount_monthly: f64) -> Self {
        self.clv_months = months;
        self.discount_monthly = discount_monthly;
        self
    }
}

/// One customer's predictions, named as the report's per-model fields (`bg_…`, `pnbd_…`);
/// `None` where a model was not fitted or gave no finite value.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Score {
    /// BG/NBD P(alive).
    pub bg_p_alive: Option<f64>,
    /// BG/NBD expected purchases in the horizon.
    pub bg_expected_purchases: Option<f64>,
    /// Gamma-Gamma expected order value (revenue).
    pub expected_avg_value: Option<f64>,
    /// BG/NBD × Gamma-Gamma predicted CLV (× the margin when one is given).
    pub bg_predicted_clv: Option<f64>,
    /// Pareto/NBD P(alive).
    pub pnbd_p_alive: Option<f64>,
    /// Pareto/NBD expected purchases in the horizon.
    pub pnbd_expected_purchases: Option<f64>,
    /// Pareto/NBD × Gamma-Gamma predicted CLV.
    pub pnbd_predicted_clv: Option<f64>,
}

/// What one purchase model gives for one history.
#[derive(Debug, Clone, Copy, Default)]
struct History {
    p_alive: Option<f64>,
    expected: Option<f64>,
    discounted: Option<f64>,
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

impl History {
    fn of(model: &impl PurchaseModel, h: (u32, f64, f64), o: &ScoreOptions) -> Self {
        History {
            p_alive: finite(model.p_alive(h.0, h.1, h.2)),
            expected: finite(model.expected_purchases(h.0, h.1, h.2, o.horizon)),
            discounted: finite(discounted_purchases(
                model,
                h,
                o.clv_months,
                o.discount_monthly,
                o.time_unit,
            )),
        }
    }
}

/// (x, t_x bits, T bits): a history, as the cache's key.
type HistoryKey = (u32, u64, u64);

/// Scores customers one by one (see the module's docs).
#[derive(Debug)]
pub struct Scorer {
    models: FittedModels,
    options: ScoreOptions,
    cache: FxHashMap<HistoryKey, (Option<History>, Option<History>)>,
}

impl Scorer {
    /// A scorer with these models and options.
    pub fn new(models: FittedModels, options: ScoreOptions) -> Self {
        Scorer {
            models,
            options,
            cache: FxHashMap::default(),
        }
    }

    /// The models it scores with.
    pub fn models(&self) -> &FittedModels {
        &self.models
    }

    /// The predictions for history (x, t_x, T) and mean repeat spend `monetary`.
    pub fn score(&mut self, frequency: u32, recency: f64, t: f64, monetary: f64) -> Score {
        let key = (frequency, recency.to_bits(), t.to_bits());
        if self.cache.len() >= CACHE_HISTORIES && !self.cache.contains_key(&key) {
            self.cache.clear();
        }
        let (models, options) = (&self.models, &self.options);
        let margin = options.margin.unwrap_or(1.0);
        let h = (frequency, recency, t);
        let (bg, pnbd) = *self.cache.entry(key).or_insert_with(|| {
            (
                models
                    .bg_nbd
                    .as_ref()
                    .ok()
                    .map(|m| History::of(m, h, options)),
                models
                    .pareto_nbd
                    .as_ref()
                    .ok()
                    .map(|m| History::of(m, h, options)),
            )
        });
        let value = models
            .gamma_gamma
            .as_ref()
            .ok()
            .and_then(|g| g.expected_average_value(frequency, monetary))
            .and_then(finite);
        let clv = |m: Option<History>| {
            m.and_then(|m| m.discounted)
                .zip(value)
                .and_then(|(d, v)| finite(d * v * margin))
        };
        Score {
            bg_p_alive: bg.and_then(|m| m.p_alive),
            bg_expected_purchases: bg.and_then(|m| m.expected),
            expected_avg_value: value,
            bg_predicted_clv: clv(bg),
            pnbd_p_alive: pnbd.and_then(|m| m.p_alive),
            pnbd_expected_purchases: pnbd.and_then(|m| m.expected),
            pnbd_predicted_clv: clv(pnbd),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, AnalysisOptions, ModelOptions};

    /// The scorer predicts what the report predicts, customer by customer.
    #[test]
    fn scores_equal_the_reports_predictions() {
        let mut csv = String::from("customer_id,date,amount\n");
        for c in 0..300u32 {
            for k in 0..(c % 4 + 1) {
                let day = 1 + (c * 7 + k * 29) % 170;
                let month = 1 + day / 30;
                let day = 1 + day % 28;
                csv += &format!("c{c},2024-{month:02}-{day:02},{}\n", 10 + (c * k) % 37);
            }
        }
        let options = AnalysisOptions::new()
            .analysis_date("2024-07-31".parse().unwrap())
            .models(ModelOptions::new().time_unit(TimeUnit::Days));
        let report = analyze(csv.as_bytes(), &options).unwrap();
        let m = report.summary.models.as_ref().unwrap();
        let models = FittedModels {
            bg_nbd: Ok(m.bg_nbd.as_ref().unwrap().params),
            pareto_nbd: Ok(m.pareto_nbd.as_ref().unwrap().params),
            gamma_gamma: Ok(m.gamma_gamma.as_ref().unwrap().params),
        };
        let mut scorer = Scorer::new(models, ScoreOptions::new(TimeUnit::Days));
        for (row, c) in report.customers.iter().enumerate() {
            let want = report.prediction(row).unwrap();
            let got = scorer.score(c.frequency, c.recency, c.t, c.monetary_value);
            assert_eq!(got.bg_p_alive, want.bg_p_alive, "{}", c.customer_id);
            assert_eq!(got.bg_expected_purchases, want.bg_expected_purchases);
            assert_eq!(got.expected_avg_value, want.expected_avg_value);
            assert_eq!(got.bg_predicted_clv, want.bg_predicted_clv);
            assert_eq!(got.pnbd_p_alive, want.pnbd_p_alive);
            assert_eq!(got.pnbd_predicted_clv, want.pnbd_predicted_clv);
        }
    }

    #[test]
    fn the_spend_sample_is_bounded_and_counts_every_customer() {
        let mut input = FitInput::new();
        input.add(1, 1.0, 2.0, 5.0, MAX_SPEND_SAMPLE as u64 + 10);
        input.add(0, 0.0, 2.0, 0.0, 7);
        assert_eq!(
            input.spend_sample(),
            (MAX_SPEND_SAMPLE as u64 + 10, MAX_SPEND_SAMPLE)
        );
        assert_eq!(input.histories(), 2);
    }
}
