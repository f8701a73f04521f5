//! The models step of an analysis: build the model input up to the cut-off, fit every model that
//! the data supports, predict per customer and, with a calibration end, validate. Failures of a
//! model become plain-words warnings; the rest of the report is never lost to them.

use super::bg_nbd::{self, FittedBgNbd};
use super::clv::{
    discounted_purchases_new, expectations_if_alive, next_order_date, PurchaseModel, DAYS_PER_YEAR,
};
use super::data::{choose_time_unit, ModelData};
use super::fit::{FitError, FitSummary};
use super::gamma_gamma::{self, FittedGammaGamma, GammaGammaParams};
use super::headline::{choose, Candidate, ChosenBy, Headline};
use super::interval::{gradient, quadratic_form, Estimate};
use super::mbg_nbd::{self, FittedMbgNbd};
use super::optimize::StopReason;
use super::pareto_nbd::{self, FittedParetoNbd};
use super::tolerance::{DEGENERATE_SHAPE, SPEND_FREQUENCY_CORRELATION_WARNING};
use super::validation::{validate, Validation};
use crate::error::{Error, InvalidOption};
use crate::limits::{MAX_CLV_MONTHS, MAX_YEARS_AHEAD};
use crate::order::OrderLog;
use crate::parallel;
use crate::time_unit::TimeUnit;
use crate::warning::{ModelName, Warning};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
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
            .map(|m| m.model.p_alive(frequency, recency, t))
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
            .map(|m| m.model.expected_purchases(frequency, recency, t, horizon))
            .and_then(finite)
    }

    fn head(&self) -> Option<HeadModel<'_>> {
        match self.headline.model? {
            ModelName::MbgNbd => self
                .mbg_nbd
                .as_ref()
                .map(|m| HeadModel { model: &m.params }),
            ModelName::ParetoNbd => self
                .pareto_nbd
                .as_ref()
                .map(|m| HeadModel { model: &m.params }),
            _ => None,
        }
    }
}

/// The headline model as a purchase model.
struct HeadModel<'a> {
    model: &'a dyn PurchaseModel,
}

/// What the models predict for one customer (join with the customer table by `customer_id`).
/// The unprefixed figures come from the headline model ([`Headline::model`]; `null` without
/// one), the prefixed ones from each model; values a model could not give are `null`. Every
/// CLV is on the basis of [`Headline::margin`].
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

/// How the CLV sums of one model are set up.
#[derive(Debug, Clone, Copy)]
struct Sums {
    horizon: f64,
    months: u32,
    discount: f64,
    unit: TimeUnit,
}

/// What one purchase model predicts for one history.
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
}

impl ModelPrediction {
    fn of(model: &impl PurchaseModel, h: (u32, f64, f64), sums: Sums, head: bool) -> Self {
        let (p, d_p_alive) = if head {
            model.p_alive_with_gradient(h.0, h.1, h.2)
        } else {
            (model.p_alive(h.0, h.1, h.2), None)
        };
        let (expected, if_alive) = expectations_if_alive(
            model,
            h.0,
            h.2,
            sums.horizon,
            sums.months,
            sums.discount,
            sums.unit,
        );
        ModelPrediction {
            p_alive: finite(p),
            expected: finite(p * expected),
            discounted: finite(p * if_alive),
            factors: (p, expected, if_alive),
            d_p_alive,
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
    /// From the model's own prediction of the same history (`of`), plus the gradient.
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
                if_alive,
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
#[derive(Clone, Copy)]
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

/// Runs the models on `log` as of `analysis_date`.
pub fn run(log: &OrderLog, analysis_date: NaiveDate, options: &ModelOptions) -> ModelOutput {
    let mut out = ModelOutput::default();
    if !options.enabled {
        return out;
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
        return out;
    };
    let automatic = options.time_unit.is_none();
    let data = ModelData::from_orders(log, cutoff, unit);
    if data.customers.is_empty() {
        return out;
    }
    let tuples = data.tuples();
    let not_fitted = |out: &mut ModelOutput, model: ModelName, e: FitError| {
        out.warnings.push(Warning::NotFitted { model, error: e });
    };
    // The fits are independent: Pareto/NBD (usually the longest) beside the others natively.
    let ((bg, mbg, gg), pnbd) = parallel::join(
        || {
            (
                bg_nbd::fit(&tuples),
                mbg_nbd::fit(&tuples),
                gamma_gamma::fit(&data.spend()),
            )
        },
        || pareto_nbd::fit(&tuples),
    );
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
    let margin = options.margin.unwrap_or(1.0);
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
    let head = match chosen {
        Some(ModelName::MbgNbd) => mbg.as_ref().map(Head::Mbg),
        Some(ModelName::ParetoNbd) => pnbd.as_ref().map(Head::Pnbd),
        _ => None,
    };
    let gg_cov = gg.as_ref().and_then(|g| g.fit.covariance.as_ref());
    let head_cov = head.and_then(|h| h.fit().covariance.as_ref());
    // Everything but the spend depends on (x, t_x, T) only: computed once per distinct history
    // (the distinct histories in the order first met, and each customer's), spread over the
    // cores natively.
    let mut index: FxHashMap<(u32, u64, u64), u32> = FxHashMap::default();
    let mut histories: Vec<(u32, f64, f64)> = Vec::new();
    let history_of: Vec<u32> = data
        .customers
        .iter()
        .map(|c| {
            let key = (c.frequency, c.recency.to_bits(), c.t.to_bits());
            *index.entry(key).or_insert_with(|| {
                histories.push((c.frequency, c.recency, c.t));
                (histories.len() - 1) as u32
            })
        })
        .collect();
    drop(index);
    let per_history: Vec<HistoryPrediction> = parallel::map(&histories, |&h| {
        let mbg = mbg
            .as_ref()
            .map(|m| ModelPrediction::of(&m.params, h, sums, matches!(head, Some(Head::Mbg(_)))));
        let pnbd = pnbd
            .as_ref()
            .map(|m| ModelPrediction::of(&m.params, h, sums, matches!(head, Some(Head::Pnbd(_)))));
        HistoryPrediction {
            bg: bg
                .as_ref()
                .map(|m| ModelPrediction::of(&m.params, h, sums, false).into()),
            mbg: mbg.map(Predicted::from),
            pnbd: pnbd.map(Predicted::from),
            head: head.and_then(|m| m.predict(h, sums, mbg, pnbd)),
            next_order: head.and_then(|m| m.next_order(h.0, h.2, cutoff, unit)),
        }
    });
    // Each customer's prediction (in parallel too), with what it adds to the total: the
    // total's value and its gradients in the purchase model's and the spend model's
    // parameters (every customer's CLV depends on the same parameters), summed afterwards in
    // the customers' order.
    let customers: Vec<(&super::data::ModelCustomer, u32)> =
        data.customers.iter().zip(history_of).collect();
    let predicted_customers = parallel::map(&customers, |&(c, history)| {
        let hp = per_history[history as usize];
        let spend = gg
            .as_ref()
            .and_then(|g| spend_with_gradient(&g.params, c.frequency, c.monetary_value));
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
                share = Some((v, d, hp.gradient, grad_v));
            }
            let sd = product_sd(1.0, (v, &grad_v, gg_cov), (d, &hp.gradient, head_cov))?;
            Estimate::new(margin * v * d, margin * sd)?.range()
        });
        let if_active = head_value.and_then(|(hp, (v, _))| finite(margin * v * hp.if_alive));
        let prediction = CustomerPrediction {
            customer_id: log.customers[c.customer as usize].clone(),
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
    });
    drop(customers);
    drop(per_history);
    let (mut total, mut total_grad_d, mut total_grad_v) = (0.0, [0.0; 4], [0.0; 3]);
    // In place: the predictions take the memory of the pairs.
    out.predictions = predicted_customers
        .into_iter()
        .map(|(prediction, share)| {
            if let Some((v, d, grad_d, grad_v)) = share {
                total += margin * v * d;
                for (t, g) in total_grad_d.iter_mut().zip(grad_d) {
                    *t += margin * v * g;
                }
                for (t, g) in total_grad_v.iter_mut().zip(grad_v) {
                    *t += margin * d * g;
                }
            }
            prediction
        })
        .collect();
    let total_predicted_clv = head.and_then(|_| {
        let sd = match (head_cov, gg_cov) {
            (Some(cd), Some(cv)) => (quadratic_form(&total_grad_d, cd)
                + quadratic_form(&total_grad_v, cv))
            .max(0.0)
            .sqrt(),
            _ => f64::NAN,
        };
        Estimate::new(total, sd)
    });
    let new_customer_clv = head.zip(gg.as_ref()).and_then(|(h, g)| {
        // The first order and the expected repeat purchases, at the mean spend per order.
        let (mean, grad_v) = spend_with_gradient(&g.params, 0, 0.0)?;
        let (n, grad_n) = h.new_customer(sums);
        let sd = product_sd(1.0, (mean, &grad_v, gg_cov), (1.0 + n, &grad_n, head_cov));
        Estimate::new(margin * mean * (1.0 + n), margin * sd.unwrap_or(f64::NAN))
    });
    let headline = Headline {
        model: head.and(chosen),
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
