//! The models step of an analysis: build the model input up to the cut-off, fit every model that
//! the data supports, predict per customer and, with a calibration end, validate. Failures of a
//! model become plain-words warnings; the rest of the report is never lost to them.

use super::bg_nbd::{self, FittedBgNbd};
use super::clv::{PurchaseModel, DAYS_PER_YEAR};
use super::data::{choose_time_unit, ModelData, RfmTuple};
use super::fit::FitError;
use super::gamma_gamma::{self, FittedGammaGamma};
use super::headline::{choose, Candidate, ChosenBy, Headline};
use super::mbg_nbd::{self, FittedMbgNbd};
use super::optimize::StopReason;
use super::pareto_nbd::{self, FittedParetoNbd};
pub use super::predict::CustomerPrediction;
use super::predict::{Fits, Predictor, Sums};
use super::tolerance::{DEGENERATE_SHAPE, SPEND_FREQUENCY_CORRELATION_WARNING};
use super::validation::{validate, Validation};
use crate::error::{Error, InvalidOption};
use crate::limits::{MAX_CLV_MONTHS, MAX_YEARS_AHEAD};
use crate::order::OrderLog;
use crate::parallel;
use crate::time_unit::TimeUnit;
use crate::warning::{ModelName, Warning};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the models step does. Build with [`ModelOptions::new`] and the setters.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ModelOptions {
    /// Fit the models at all.
    pub enabled: bool,
    /// Fit on orders up to this day and validate on the orders after it.
    pub calibration_end: Option<NaiveDate>,
    /// Time unit of the models; `None` chooses from the data span.
    pub time_unit: Option<TimeUnit>,
    /// Horizon of `expected_purchases`, in the models' time unit; `None` = the hold-out length
    /// when validating, else one year.
    pub horizon: Option<f64>,
    /// Months of the predicted CLV.
    pub clv_months: u32,
    /// Monthly discount rate of the predicted CLV.
    pub discount_monthly: f64,
    /// Gross margin: every CLV is profit at this margin, or revenue when `None` (the report
    /// sets it from the analytics' margin, so every CLV of a report has one basis).
    pub margin: Option<f64>,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            enabled: true,
            calibration_end: None,
            time_unit: None,
            horizon: None,
            clv_months: 12,
            discount_monthly: 0.01,
            margin: None,
        }
    }
}

impl ModelOptions {
    /// Defaults: models on, no validation, time unit from the data, horizon one year, CLV over
    /// 12 months at 1 % a month.
    pub fn new() -> Self {
        Self::default()
    }
    /// Turns the models on or off.
    pub fn enabled(mut self, on: bool) -> Self {
        self.enabled = on;
        self
    }
    /// Fits up to `date` and validates on the orders after it.
    pub fn calibration_end(mut self, date: NaiveDate) -> Self {
        self.calibration_end = Some(date);
        self
    }
    /// Fixes the time unit.
    pub fn time_unit(mut self, unit: TimeUnit) -> Self {
        self.time_unit = Some(unit);
        self
    }
    /// Sets the horizon of expected purchases, in time units.
    pub fn horizon(mut self, horizon: f64) -> Self {
        self.horizon = Some(horizon);
        self
    }
    /// Sets the months of the predicted CLV.
    pub fn clv_months(mut self, months: u32) -> Self {
        self.clv_months = months;
        self
    }
    /// Sets the monthly discount rate of the predicted CLV.
    pub fn discount_monthly(mut self, rate: f64) -> Self {
        self.discount_monthly = rate;
        self
    }
    /// Sets the margin of every CLV (`None`: revenue).
    pub fn margin(mut self, margin: Option<f64>) -> Self {
        self.margin = margin;
        self
    }
}

/// The fitted models and how they were set up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelsReport {
    /// Unit of recency, T, horizon and the rate parameters (alpha, beta).
    pub time_unit: TimeUnit,
    /// True when the unit was chosen from the data span rather than asked for.
    pub time_unit_automatic: bool,
    /// The models were fitted on purchases up to this day; predictions start after it.
    pub fitted_through: NaiveDate,
    /// Horizon of `expected_purchases`, in `time_unit`.
    pub horizon: f64,
    /// Months of `predicted_clv`.
    pub clv_months: u32,
    /// Monthly discount rate of `predicted_clv`.
    pub discount_monthly: f64,
    /// BG/NBD, when the data supports it.
    #[serde(serialize_with = "super::fit::serialize_documented")]
    pub bg_nbd: Option<FittedBgNbd>,
    /// MBG/NBD, when the data supports it.
    #[serde(serialize_with = "super::fit::serialize_documented")]
    pub mbg_nbd: Option<FittedMbgNbd>,
    /// Pareto/NBD, when the data supports it.
    #[serde(serialize_with = "super::fit::serialize_documented")]
    pub pareto_nbd: Option<FittedParetoNbd>,
    /// Gamma-Gamma spend model, when the data supports it.
    #[serde(serialize_with = "super::fit::serialize_documented")]
    pub gamma_gamma: Option<FittedGammaGamma>,
    /// Which model the headline figures come from and why, and the two headline numbers.
    pub headline: Headline,
}

impl ModelsReport {
    /// The headline model's P(alive | x, t_x, T); `None` without a headline model.
    pub fn p_alive(&self, frequency: u32, recency: f64, t: f64) -> Option<f64> {
        self.head()
            .map(|m| m.p_alive(frequency, recency, t))
            .and_then(finite)
    }

    /// The headline model's expected purchases in the next `horizon` time units.
    pub fn expected_purchases(
        &self,
        frequency: u32,
        recency: f64,
        t: f64,
        horizon: f64,
    ) -> Option<f64> {
        self.head()
            .map(|m| m.expected_purchases(frequency, recency, t, horizon))
            .and_then(finite)
    }

    /// The headline model as a purchase model.
    fn head(&self) -> Option<&dyn PurchaseModel> {
        match self.headline.model? {
            ModelName::MbgNbd => Some(&self.mbg_nbd.as_ref()?.params),
            ModelName::ParetoNbd => Some(&self.pareto_nbd.as_ref()?.params),
            _ => None,
        }
    }
}

/// Everything the models step adds to the report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ModelOutput {
    /// The fitted models (absent when turned off or no purchases up to the cut-off).
    pub models: Option<ModelsReport>,
    /// The calibration / hold-out comparison, with a calibration end.
    pub validation: Option<Validation>,
    /// Per-customer predictions.
    pub predictions: Vec<CustomerPrediction>,
    /// Plain-words notes (models that could not be fitted, assumption warnings).
    pub warnings: Vec<Warning>,
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// The models' time unit for `log` fitted up to `cutoff`: the one asked for, or the one the
/// data span calls for (`None` without orders).
fn time_unit_of(log: &OrderLog, cutoff: NaiveDate, options: &ModelOptions) -> Option<TimeUnit> {
    let (first, _) = log.date_range()?;
    Some(
        options
            .time_unit
            .unwrap_or_else(|| choose_time_unit((cutoff - first).num_days())),
    )
}

/// The longest horizon, [`MAX_YEARS_AHEAD`] years, in `unit`.
fn horizon_limit(unit: TimeUnit) -> f64 {
    MAX_YEARS_AHEAD as f64 * DAYS_PER_YEAR / unit_days(unit)
}

/// Days in one `unit`.
fn unit_days(unit: TimeUnit) -> f64 {
    match unit {
        TimeUnit::Days => 1.0,
        TimeUnit::Weeks => 7.0,
    }
}

/// Refuses a horizon that is not more than 0 or beyond [`MAX_YEARS_AHEAD`] years in the models'
/// time unit, and more than [`MAX_CLV_MONTHS`] months of CLV: the work of the predictions grows
/// with both (and a horizon of 1e300 has no finite answer).
pub fn validate_options(
    log: &OrderLog,
    analysis_date: NaiveDate,
    options: &ModelOptions,
) -> Result<(), Error> {
    if !options.enabled {
        return Ok(());
    }
    if options.clv_months > MAX_CLV_MONTHS {
        return Err(Error::InvalidOption(InvalidOption::ClvMonths {
            months: options.clv_months,
            limit: MAX_CLV_MONTHS,
        }));
    }
    let Some(horizon) = options.horizon else {
        return Ok(());
    };
    let cutoff = options
        .calibration_end
        .filter(|end| *end < analysis_date)
        .unwrap_or(analysis_date);
    let unit = time_unit_of(log, cutoff, options).unwrap_or_default();
    let limit = horizon_limit(unit);
    if !(horizon > 0.0 && horizon <= limit) {
        return Err(Error::InvalidOption(InvalidOption::Horizon {
            horizon,
            limit,
            unit,
        }));
    }
    Ok(())
}

/// Runs the models on `log` as of `analysis_date`: [`prepare`], the fits (Pareto/NBD, usually
/// the longest, beside the others natively) and [`Plan::finish`].
pub fn run(log: &OrderLog, analysis_date: NaiveDate, options: &ModelOptions) -> ModelOutput {
    match prepare(log, analysis_date, options) {
        Err(out) => *out,
        Ok(plan) => {
            let (others, pnbd) =
                parallel::join(|| plan.fit_others(), || pareto_nbd::fit(plan.tuples()));
            plan.finish(log, analysis_date, options, others, pnbd)
        }
    }
}

/// The fits of BG/NBD, MBG/NBD and Gamma-Gamma ([`Plan::fit_others`]).
pub type OtherFits = (
    Result<FittedBgNbd, FitError>,
    Result<FittedMbgNbd, FitError>,
    Result<FittedGammaGamma, FitError>,
);

/// The models step up to its fits: the model input built from the orders up to the cut-off.
/// The fits are independent, so a caller without threads (the browser's worker) can fit
/// Pareto/NBD on [`Plan::tuples`] elsewhere (another worker) while [`Plan::fit_others`] runs, and
/// hand both to [`Plan::finish`]: the output is the one [`run`] gives.
#[derive(Debug)]
pub struct Plan {
    cutoff: NaiveDate,
    unit: TimeUnit,
    data: ModelData,
    tuples: Vec<RfmTuple>,
    /// Warnings found so far (a calibration end not before the analysis date).
    warnings: Vec<Warning>,
}

/// Builds the model input of `log` as of `analysis_date`; `Err` is the whole output when there
/// is nothing to fit (models off, no purchase up to the cut-off).
pub fn prepare(
    log: &OrderLog,
    analysis_date: NaiveDate,
    options: &ModelOptions,
) -> Result<Plan, Box<ModelOutput>> {
    let mut out = Box::<ModelOutput>::default();
    if !options.enabled {
        return Err(out);
    }
    let mut cutoff = analysis_date;
    if let Some(end) = options.calibration_end {
        if end < analysis_date {
            cutoff = end;
        } else {
            out.warnings
                .push(Warning::CalibrationEndNotBeforeAnalysisDate {
                    calibration_end: end,
                    analysis_date,
                });
        }
    }
    let Some(unit) = time_unit_of(log, cutoff, options) else {
        return Err(out);
    };
    let data = ModelData::from_orders(log, cutoff, unit);
    if data.customers.is_empty() {
        return Err(out);
    }
    let tuples = data.tuples();
    Ok(Plan {
        cutoff,
        unit,
        data,
        tuples,
        warnings: out.warnings,
    })
}

impl Plan {
    /// The distinct (frequency, recency, T) the purchase models are fitted on: the input of
    /// [`pareto_nbd::fit`].
    pub fn tuples(&self) -> &[RfmTuple] {
        &self.tuples
    }

    /// Fits BG/NBD, MBG/NBD and Gamma-Gamma.
    pub fn fit_others(&self) -> OtherFits {
        (
            bg_nbd::fit(&self.tuples),
            mbg_nbd::fit(&self.tuples),
            gamma_gamma::fit(&self.data.spend()),
        )
    }

    /// The output from the fits: warnings about them, the hold-out check with a calibration
    /// end, the headline and the per-customer predictions. `log`, `analysis_date` and
    /// `options` are those given to [`prepare`]; `pnbd` is [`pareto_nbd::fit`] of
    /// [`Plan::tuples`].
    pub fn finish(
        self,
        log: &OrderLog,
        analysis_date: NaiveDate,
        options: &ModelOptions,
        others: OtherFits,
        pnbd: Result<FittedParetoNbd, FitError>,
    ) -> ModelOutput {
        let Plan {
            cutoff,
            unit,
            data,
            tuples: _,
            warnings,
        } = self;
        let mut out = ModelOutput {
            warnings,
            ..ModelOutput::default()
        };
        let automatic = options.time_unit.is_none();
        let (bg, mbg, gg) = others;
        let not_fitted = |out: &mut ModelOutput, model: ModelName, e: FitError| {
            out.warnings.push(Warning::NotFitted { model, error: e });
        };
        let bg = bg
            .map_err(|e| not_fitted(&mut out, ModelName::BgNbd, e))
            .ok();
        let mbg = mbg
            .map_err(|e| not_fitted(&mut out, ModelName::MbgNbd, e))
            .ok();
        let pnbd = pnbd
            .map_err(|e| not_fitted(&mut out, ModelName::ParetoNbd, e))
            .ok();
        let gg = gg
            .map_err(|e| not_fitted(&mut out, ModelName::GammaGamma, e))
            .ok();
        if let Some(g) = &gg {
            if g.spend_frequency_correlation.abs() > SPEND_FREQUENCY_CORRELATION_WARNING {
                out.warnings.push(Warning::SpendDependsOnFrequency {
                    correlation: g.spend_frequency_correlation,
                });
            }
        }
        let shapes = [
            (
                ModelName::BgNbd,
                bg.as_ref()
                    .is_some_and(|m| m.params.a.max(m.params.b) > DEGENERATE_SHAPE),
            ),
            (
                ModelName::MbgNbd,
                mbg.as_ref()
                    .is_some_and(|m| m.params.a.max(m.params.b) > DEGENERATE_SHAPE),
            ),
            (
                ModelName::ParetoNbd,
                pnbd.as_ref().is_some_and(|m| m.params.s > DEGENERATE_SHAPE),
            ),
        ];
        for (name, degenerate) in shapes {
            if degenerate {
                out.warnings
                    .push(Warning::DropoutSameForEveryone { model: name });
            }
        }
        // p → ∞: each customer's order values are (nearly) all the same; the fit stops at the edge of
        // the parameter box, where the expected order value is the customer's own mean.
        let spend_constant = gg
            .as_ref()
            .is_some_and(|m| m.fit.reason == StopReason::Boundary && m.params.p > DEGENERATE_SHAPE);
        if spend_constant {
            out.warnings.push(Warning::SpendSameWithinCustomer);
        }
        for (name, fit, explained) in [
            (ModelName::BgNbd, bg.as_ref().map(|m| &m.fit), shapes[0].1),
            (ModelName::MbgNbd, mbg.as_ref().map(|m| &m.fit), shapes[1].1),
            (
                ModelName::ParetoNbd,
                pnbd.as_ref().map(|m| &m.fit),
                shapes[2].1,
            ),
            (
                ModelName::GammaGamma,
                gg.as_ref().map(|m| &m.fit),
                spend_constant,
            ),
        ] {
            // A fit stopped at the edge of the parameter box for a reason given above in plain
            // words needs no second warning.
            let explained = explained && fit.is_some_and(|f| f.reason == StopReason::Boundary);
            if fit.is_some_and(|f| !f.converged) && !explained {
                out.warnings
                    .push(Warning::ModelNotConverged { model: name });
            }
        }
        let holdout_end = (cutoff < analysis_date).then_some(analysis_date);
        let asked = options
            .horizon
            .filter(|h| *h > 0.0 && *h <= horizon_limit(unit));
        if options.horizon.is_some() && asked.is_none() {
            out.warnings.push(Warning::InvalidHorizon);
        }
        let horizon = asked.unwrap_or_else(|| match holdout_end {
            Some(end) => unit.from_days((end - cutoff).num_days()),
            None => match unit {
                TimeUnit::Days => DAYS_PER_YEAR,
                TimeUnit::Weeks => DAYS_PER_YEAR / 7.0,
            },
        });
        // The report refuses more (`validate_options`); a direct caller gets the longest period.
        let months = options.clv_months.min(MAX_CLV_MONTHS);
        let discount = if options.discount_monthly.is_finite() && options.discount_monthly > -1.0 {
            options.discount_monthly
        } else {
            out.warnings.push(Warning::InvalidDiscountRate {
                rate: options.discount_monthly,
            });
            0.0
        };
        let sums = Sums {
            horizon,
            months,
            discount,
            unit,
        };
        if let Some(end) = holdout_end {
            out.validation = Some(validate(
                log,
                &data,
                end,
                [
                    bg.as_ref().map(|m| &m.params as &dyn PurchaseModel),
                    mbg.as_ref().map(|m| &m.params as &dyn PurchaseModel),
                    pnbd.as_ref().map(|m| &m.params as &dyn PurchaseModel),
                ],
            ));
        }
        // The headline: MBG/NBD or Pareto/NBD (module `headline`).
        let candidates: Vec<Candidate> = [
            (ModelName::MbgNbd, mbg.as_ref().map(|m| &m.fit)),
            (ModelName::ParetoNbd, pnbd.as_ref().map(|m| &m.fit)),
        ]
        .into_iter()
        .filter_map(|(model, fit)| {
            let fit = fit?;
            let score = out.validation.as_ref().and_then(|v| match model {
                ModelName::MbgNbd => v.mbg_nbd.as_ref(),
                _ => v.pareto_nbd.as_ref(),
            });
            Some(Candidate {
                model,
                log_likelihood: fit.log_likelihood,
                converged: fit.converged,
                hold_out_error: score.map(|s| s.mae),
            })
        })
        .collect();
        let repeat_customers = data.customers.iter().filter(|c| c.frequency > 0).count() as u64;
        let history_days = data
            .customers
            .iter()
            .map(|c| (cutoff - c.first_purchase).num_days())
            .max()
            .unwrap_or(0);
        let (chosen, chosen_by) = if gg.is_some() {
            choose(&candidates, repeat_customers, history_days)
        } else {
            (None, ChosenBy::NoModel)
        };
        let fits = Fits {
            bg_nbd: bg.as_ref(),
            mbg_nbd: mbg.as_ref(),
            pareto_nbd: pnbd.as_ref(),
            gamma_gamma: gg.as_ref(),
        };
        let mut predictor = Predictor::new(fits, chosen, sums, options.margin, Some(cutoff));
        out.predictions = predictor.predict_all(
            &data.customers,
            |c| (c.frequency, c.recency, c.t, c.monetary_value),
            |c| log.customers[c.customer as usize].clone(),
        );
        let total_predicted_clv = predictor.total();
        let new_customer_clv = predictor.new_customer_clv();
        let headline = Headline {
            model: predictor.headline(),
            chosen_by,
            candidates,
            repeat_customers,
            history_days,
            margin: options.margin,
            wide_range: total_predicted_clv.is_some_and(|e| e.is_wide()),
            new_customer_clv,
            total_predicted_clv,
        };
        if automatic {
            out.warnings.push(Warning::ModelTimeUnit { unit });
        }
        out.models = Some(ModelsReport {
            time_unit: unit,
            time_unit_automatic: automatic,
            fitted_through: cutoff,
            horizon,
            clv_months: months,
            discount_monthly: discount,
            bg_nbd: bg,
            mbg_nbd: mbg,
            pareto_nbd: pnbd,
            gamma_gamma: gg,
            headline,
        });
        out
    }
}
