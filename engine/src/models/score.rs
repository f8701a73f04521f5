//! Scoring a per-customer summary of any size, one row at a time: fit the models on what can
//! be gathered in bounded memory ([`FitInput`]: the compressed (x, t_x, T) tuples, and the
//! repeat customers' spend — a uniform sample past [`MAX_SPEND_SAMPLE`]), choose the headline
//! model as the report does (`models::headline`, without a hold-out period: by likelihood),
//! then predict each row with the report's own [`Predictor`] (`models::predict`), which keeps
//! at most [`CACHE_HISTORIES`](super::predict::CACHE_HISTORIES) distinct histories.
//!
//! ```
//! use clv_engine::models::predict::Sums;
//! use clv_engine::models::score::FitInput;
//! use clv_engine::TimeUnit;
//!
//! let mut input = FitInput::new();
//! for i in 0..200u32 {
//!     let x = i % 5;
//!     let m = if x > 0 { 20.0 + f64::from(i % 7) } else { 0.0 };
//!     input.add(x, f64::from(x * 7), 70.0 + f64::from(i % 10), m, 1);
//! }
//! let models = input.fit(TimeUnit::Days);
//! let mut predictor = models.predictor(Sums::new(TimeUnit::Days), None, None);
//! let p = predictor.predict("c1", 2, 14.0, 75.0, 21.0);
//! assert!(p.bg_p_alive.is_some_and(|p| (0.0..=1.0).contains(&p)));
//! ```

use super::bg_nbd::{self, FittedBgNbd};
use super::data::{RfmTuple, SpendObservation};
use super::fit::FitError;
use super::gamma_gamma::{self, FittedGammaGamma};
use super::headline::{choose, Candidate, ChosenBy};
use super::mbg_nbd::{self, FittedMbgNbd};
use super::pareto_nbd::{self, FittedParetoNbd};
use super::predict::{Fits, Predictor, Sums};
use crate::time_unit::TimeUnit;
use crate::warning::ModelName;
use chrono::NaiveDate;
use rustc_hash::FxHashMap;

/// Repeat customers kept for the Gamma-Gamma fit, at most (16 bytes each): past it, a uniform
/// sample of this many (reservoir sampling, seeded: the same file gives the same sample).
pub const MAX_SPEND_SAMPLE: usize = 1_000_000;

/// What the fits need, gathered row by row in bounded memory.
#[derive(Debug, Clone)]
pub struct FitInput {
    tuples: FxHashMap<(u32, u64, u64), f64>,
    spend: Vec<SpendObservation>,
    repeat_customers: u64,
    /// Customers with a repeat purchase (with or without a spend), for the headline.
    repeat_buyers: u64,
    /// The longest T, for the headline's history length.
    longest_t: f64,
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
            repeat_buyers: 0,
            longest_t: 0.0,
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
        if customers > 0 {
            self.longest_t = self.longest_t.max(t);
        }
        if frequency > 0 {
            self.repeat_buyers += customers;
        }
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

    /// Fits BG/NBD, MBG/NBD and Pareto/NBD on the tuples and Gamma-Gamma on the spend (what
    /// was gathered is freed as it is used, so the fits' own copies do not add to it), and
    /// chooses the headline model as the report does without a hold-out period. `unit` is
    /// the unit of recency and T (for the history's length in days).
    pub fn fit(self, unit: TimeUnit) -> FittedModels {
        let FitInput {
            tuples,
            spend,
            repeat_buyers,
            longest_t,
            ..
        } = self;
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
        let gamma_gamma = gamma_gamma::fit(&spend);
        drop(spend);
        let bg_nbd = bg_nbd::fit(&list);
        let mbg_nbd = mbg_nbd::fit(&list);
        let pareto_nbd = pareto_nbd::fit(&list);
        // As the report: the first purchase T before the cut-off, in whole days.
        let days = match unit {
            TimeUnit::Days => 1.0,
            TimeUnit::Weeks => 7.0,
        };
        let history_days = (longest_t * days).round() as i64;
        let candidates: Vec<Candidate> = [
            (ModelName::MbgNbd, mbg_nbd.as_ref().ok().map(|m| &m.fit)),
            (
                ModelName::ParetoNbd,
                pareto_nbd.as_ref().ok().map(|m| &m.fit),
            ),
        ]
        .into_iter()
        .filter_map(|(model, fit)| {
            let fit = fit?;
            Some(Candidate {
                model,
                log_likelihood: fit.log_likelihood,
                converged: fit.converged,
                hold_out_error: None,
            })
        })
        .collect();
        let (headline, chosen_by) = if gamma_gamma.is_ok() {
            choose(&candidates, repeat_buyers, history_days)
        } else {
            (None, ChosenBy::NoModel)
        };
        FittedModels {
            bg_nbd,
            mbg_nbd,
            pareto_nbd,
            gamma_gamma,
            headline,
            chosen_by,
        }
    }
}

/// The fitted models a [`Predictor`] predicts with (each `Err` when that model could not be
/// fitted, with why), and the headline model.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedModels {
    /// BG/NBD.
    pub bg_nbd: Result<FittedBgNbd, FitError>,
    /// MBG/NBD.
    pub mbg_nbd: Result<FittedMbgNbd, FitError>,
    /// Pareto/NBD.
    pub pareto_nbd: Result<FittedParetoNbd, FitError>,
    /// Gamma-Gamma.
    pub gamma_gamma: Result<FittedGammaGamma, FitError>,
    /// The model behind the headline figures (`models::headline`); `None` when the data is
    /// too thin or nothing could be fitted.
    pub headline: Option<ModelName>,
    /// Why.
    pub chosen_by: ChosenBy,
}

impl FittedModels {
    /// The models that could be fitted.
    pub fn fits(&self) -> Fits<'_> {
        Fits {
            bg_nbd: self.bg_nbd.as_ref().ok(),
            mbg_nbd: self.mbg_nbd.as_ref().ok(),
            pareto_nbd: self.pareto_nbd.as_ref().ok(),
            gamma_gamma: self.gamma_gamma.as_ref().ok(),
        }
    }

    /// A predictor with these models (see [`Predictor::new`]).
    pub fn predictor(
        &self,
        sums: Sums,
        margin: Option<f64>,
        cutoff: Option<NaiveDate>,
    ) -> Predictor<'_> {
        Predictor::new(self.fits(), self.headline, sums, margin, cutoff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, AnalysisOptions, ModelOptions};

    /// The scorer predicts what the report predicts, customer by customer.
    #[test]
    fn scores_equal_the_reports_predictions() {
        // Customers who differ in how often they buy, how long they stay and what they spend.
        let mut csv = String::from("customer_id,date,amount\n");
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let start: chrono::NaiveDate = "2023-01-01".parse().unwrap();
        for c in 0..600u32 {
            let first = next(400);
            let stays = first + next(700);
            let gap = 10 + next(120);
            let mean = 10 + next(60);
            let mut day = first;
            while day <= stays.min(575) {
                let date = start + chrono::Days::new(day);
                csv += &format!("c{c},{date},{}\n", mean + next(mean / 2 + 1));
                day += 1 + next(2 * gap);
            }
        }
        let options = AnalysisOptions::new()
            .analysis_date("2024-07-31".parse().unwrap())
            .models(ModelOptions::new().time_unit(TimeUnit::Days));
        let report = analyze(csv.as_bytes(), &options).unwrap();
        let m = report.summary.models.as_ref().unwrap();
        assert!(m.headline.model.is_some(), "{:?}", m.headline.chosen_by);
        assert!(report
            .predictions
            .iter()
            .any(|p| p.predicted_clv_low.is_some()));
        assert!(report
            .predictions
            .iter()
            .any(|p| p.next_order_date.is_some()));
        let not_fitted = || FitError::NotComputable;
        // The report's own fits: the very same numbers.
        let models = FittedModels {
            bg_nbd: m.bg_nbd.clone().ok_or_else(not_fitted),
            mbg_nbd: m.mbg_nbd.clone().ok_or_else(not_fitted),
            pareto_nbd: m.pareto_nbd.clone().ok_or_else(not_fitted),
            gamma_gamma: m.gamma_gamma.clone().ok_or_else(not_fitted),
            headline: m.headline.model,
            chosen_by: m.headline.chosen_by,
        };
        let sums = Sums::new(TimeUnit::Days).horizon(m.horizon);
        let mut predictor = models.predictor(sums, None, Some(m.fitted_through));
        for (row, c) in report.customers.iter().enumerate() {
            let want = report.prediction(row).unwrap();
            let got = predictor.predict(
                c.customer_id.as_str(),
                c.frequency,
                c.recency,
                c.t,
                c.monetary_value,
            );
            assert_eq!(&got, want);
        }
        // Summed in the customer table's order rather than the models': equal but for rounding.
        let (got, want) = (
            predictor.total().unwrap(),
            m.headline.total_predicted_clv.unwrap(),
        );
        assert!((got.value - want.value).abs() <= 1e-12 * want.value.abs());
        assert_eq!(got.low.is_some(), want.low.is_some());
        if let Some((g, w)) = got.low.zip(want.low) {
            assert!((g - w).abs() <= 1e-12 * w.abs(), "{g} vs {w}");
        }
        assert_eq!(predictor.new_customer_clv(), m.headline.new_customer_clv);
        // Fitted again from the summary, row by row: the same choice and predictions.
        let mut input = FitInput::new();
        for c in &report.customers {
            input.add(c.frequency, c.recency, c.t, c.monetary_value, 1);
        }
        let refitted = input.fit(TimeUnit::Days);
        assert_eq!(
            (refitted.headline, refitted.chosen_by),
            (m.headline.model, m.headline.chosen_by)
        );
        let mut predictor = refitted.predictor(sums, None, Some(m.fitted_through));
        for (row, c) in report.customers.iter().enumerate() {
            let want = report.prediction(row).unwrap();
            let got = predictor.predict(
                c.customer_id.as_str(),
                c.frequency,
                c.recency,
                c.t,
                c.monetary_value,
            );
            assert_eq!(got.next_order_date, want.next_order_date);
            for (g, w) in got.values().into_iter().zip(want.values()) {
                let close = match (g, w) {
                    (Some(g), Some(w)) => (g - w).abs() <= 1e-9 * w.abs().max(1e-9),
                    (g, w) => g == w,
                };
                assert!(close, "{} {g:?} vs {w:?}", c.customer_id);
            }
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
