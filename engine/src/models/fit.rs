//! The driver shared by the models: checks that the data can support a fit, runs the solver over
//! log-parameters, and turns the optimum into a [`FitSummary`] with standard errors from the
//! Hessian of the log-likelihood (the observed information, Cramér–Rao).

use super::data::{IndexedTuples, RfmTuple};
use super::optimize::{hessian, invert_spd, minimize, minimize_from, Problem, StopReason};
use super::tolerance::{LN_PARAM_BOUND, MIN_CUSTOMERS, WARM_START_SAMPLE, WARM_START_TUPLES};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// Why a model could not be fitted, in words a shop owner understands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FitError {
    /// Too few customers to estimate the model.
    TooFewCustomers {
        /// Customers in the data.
        customers: usize,
        /// Customers needed.
        needed: usize,
    },
    /// Every purchase was made on a single day, so nothing can be learnt about timing.
    AllOnOneDay,
    /// Nobody bought twice, so the repeat-purchase rate cannot be estimated.
    NoRepeatPurchases,
    /// Too few repeat customers with a positive spend for the spend model.
    TooFewRepeatCustomers {
        /// Repeat customers with a positive spend.
        customers: usize,
        /// Repeat customers needed.
        needed: usize,
    },
    /// The likelihood could not be evaluated at the start (values out of range).
    NotComputable,
}

impl fmt::Display for FitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FitError::TooFewCustomers { customers, needed } => write!(
                f,
                "The data has {customers} customers; predictions need at least {needed}."
            ),
            FitError::AllOnOneDay => write!(
                f,
                "All purchases were made on the same day, so there is no history to learn from."
            ),
            FitError::NoRepeatPurchases => write!(
                f,
                "No customer has bought on more than one day yet, so repeat buying cannot be predicted."
            ),
            FitError::TooFewRepeatCustomers { customers, needed } => write!(
                f,
                "Only {customers} customers bought again with a positive amount; the spend model needs at least {needed}."
            ),
            FitError::NotComputable => write!(
                f,
                "The model could not be computed on this data (numbers out of range)."
            ),
        }
    }
}

impl std::error::Error for FitError {}

impl FitError {
    /// A stable name for the reason: `too_few_customers`, `all_on_one_day`,
    /// `no_repeat_purchases`, `too_few_repeat_customers` or `not_computable`.
    pub fn code(&self) -> &'static str {
        match self {
            FitError::TooFewCustomers { .. } => "too_few_customers",
            FitError::AllOnOneDay => "all_on_one_day",
            FitError::NoRepeatPurchases => "no_repeat_purchases",
            FitError::TooFewRepeatCustomers { .. } => "too_few_repeat_customers",
            FitError::NotComputable => "not_computable",
        }
    }

    /// The counts the reason mentions: customers there are, and customers needed.
    pub fn counts(&self) -> Option<(usize, usize)> {
        match self {
            FitError::TooFewCustomers { customers, needed }
            | FitError::TooFewRepeatCustomers { customers, needed } => Some((*customers, *needed)),
            _ => None,
        }
    }
}

/// A parameter value that is not allowed.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ParamError {
    /// A parameter that must be positive and finite is not.
    NotPositive {
        /// Parameter name.
        name: &'static str,
        /// Its value.
        value: f64,
    },
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamError::NotPositive { name, value } => {
                write!(
                    f,
                    "model parameter {name} must be positive and finite, not {value}"
                )
            }
        }
    }
}

impl std::error::Error for ParamError {}

/// Checks that `value` is positive and finite.
pub(crate) fn positive(name: &'static str, value: f64) -> Result<f64, ParamError> {
    if value > 0.0 && value.is_finite() {
        Ok(value)
    } else {
        Err(ParamError::NotPositive { name, value })
    }
}

/// How a fit went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitSummary {
    /// Log-likelihood at the optimum (summed over customers).
    pub log_likelihood: f64,
    /// True when the optimiser reached a point where the gradient vanishes.
    pub converged: bool,
    /// Optimiser iterations.
    pub iterations: usize,
    /// Largest absolute gradient component (in log-parameters) at the optimum.
    pub gradient_norm: f64,
    /// Why the optimiser stopped.
    pub reason: StopReason,
    /// Number of customers the model was fitted to.
    pub customers: u64,
    /// Standard error of each parameter (by name), from the inverse Hessian of the
    /// log-likelihood; absent when the Hessian is not positive definite.
    pub standard_errors: Option<BTreeMap<String, f64>>,
    /// Covariance matrix of the parameters (the inverse Hessian), rows and columns in the
    /// order of the parameters; absent with the standard errors. The delta-method ranges of the
    /// predictions are computed from it (`models::interval`).
    pub covariance: Option<Vec<Vec<f64>>>,
}

/// Refuses data that cannot support a purchase-count model (BG/NBD, Pareto/NBD).
pub(crate) fn check_counts(data: &[RfmTuple]) -> Result<(), FitError> {
    let customers: f64 = data.iter().map(|t| t.weight).sum();
    if customers < MIN_CUSTOMERS as f64 {
        return Err(FitError::TooFewCustomers {
            customers: customers as usize,
            needed: MIN_CUSTOMERS,
        });
    }
    if data.iter().all(|t| t.t <= 0.0) {
        return Err(FitError::AllOnOneDay);
    }
    if data.iter().all(|t| t.frequency == 0) {
        return Err(FitError::NoRepeatPurchases);
    }
    Ok(())
}

/// Negative log-likelihood over log-parameters, from a log-likelihood with its gradient in the
/// natural parameters.
pub(crate) struct LogParams<F: Fn(&[f64], &mut [f64]) -> f64> {
    /// ℓ(θ) with ∂ℓ/∂θ written to the slice.
    pub log_likelihood: F,
    /// Number of parameters.
    pub dim: usize,
}

impl<F: Fn(&[f64], &mut [f64]) -> f64> Problem for LogParams<F> {
    fn dim(&self) -> usize {
        self.dim
    }

    fn value_gradient(&self, x: &[f64], gradient: &mut [f64]) -> f64 {
        let theta: Vec<f64> = x.iter().map(|v| v.exp()).collect();
        if theta.iter().any(|t| !(t.is_finite() && *t > 0.0)) {
            return f64::INFINITY;
        }
        let ll = (self.log_likelihood)(&theta, gradient);
        // d(−ℓ)/d ln θ = −θ ∂ℓ/∂θ.
        for (g, t) in gradient.iter_mut().zip(&theta) {
            *g = -*g * t;
        }
        if ll.is_finite() {
            -ll
        } else {
            f64::INFINITY
        }
    }
}

/// Fits a four-parameter purchase model (BG/NBD, Pareto/NBD) by maximum likelihood on
/// compressed data: `log_likelihood(params, data, gradient, scratch)` gives the value and its
/// gradient, reusing `scratch` between calls. Returns the parameters and how the fit went.
///
/// On many distinct histories the fit first runs on a sample of them ([`warm_start`]) and the
/// whole data's fit starts from that optimum with its curvature: a few evaluations of the
/// whole likelihood instead of about twenty, to the same stopping test.
pub(crate) fn fit_four<S: Default>(
    data: &[RfmTuple],
    start: [f64; 4],
    names: [&str; 4],
    log_likelihood: impl Fn([f64; 4], &IndexedTuples, &mut [f64; 4], &mut S) -> f64,
) -> Result<([f64; 4], FitSummary), FitError> {
    check_counts(data)?;
    let warm = warm_start(data, start, &log_likelihood);
    let indexed = IndexedTuples::new(data);
    let ll = tuple_likelihood(&indexed, &log_likelihood);
    let (theta, fit) = maximize_from(ll, &start, warm.as_ref(), &names, indexed.customers)?;
    Ok(([theta[0], theta[1], theta[2], theta[3]], fit))
}

/// [`fit_four`] from the start values whatever the data's size (how it fits small data): what
/// the tests compare the fit from a sample's optimum with.
#[cfg(test)]
pub(crate) fn fit_four_from_start<S: Default>(
    data: &[RfmTuple],
    start: [f64; 4],
    log_likelihood: impl Fn([f64; 4], &IndexedTuples, &mut [f64; 4], &mut S) -> f64,
) -> Result<([f64; 4], FitSummary), FitError> {
    let indexed = IndexedTuples::new(data);
    let ll = tuple_likelihood(&indexed, &log_likelihood);
    let names = ["1", "2", "3", "4"];
    let (theta, fit) = maximize_from(ll, &start, None, &names, indexed.customers)?;
    Ok(([theta[0], theta[1], theta[2], theta[3]], fit))
}

/// ℓ(θ) with its gradient over `indexed`, as the solver's problems take it, with one scratch
/// reused by every call.
fn tuple_likelihood<'a, S: Default + 'a>(
    indexed: &'a IndexedTuples,
    log_likelihood: &'a impl Fn([f64; 4], &IndexedTuples, &mut [f64; 4], &mut S) -> f64,
) -> impl Fn(&[f64], &mut [f64]) -> f64 + 'a {
    let scratch = std::cell::RefCell::new(S::default());
    move |p: &[f64], g: &mut [f64]| {
        let mut gradient = [0.0; 4];
        let params = [p[0], p[1], p[2], p[3]];
        let v = log_likelihood(params, indexed, &mut gradient, &mut scratch.borrow_mut());
        g.copy_from_slice(&gradient);
        v
    }
}

/// Where a fit starts instead of its start values: a point in log-parameters and the inverse
/// Hessian of −ℓ there (row-major).
pub(crate) struct WarmStart {
    x: Vec<f64>,
    curvature: Option<Vec<f64>>,
}

/// The optimum of the likelihood of a sample of the histories, when there are at least
/// [`WARM_START_TUPLES`] distinct ones: every k-th of them (about [`WARM_START_SAMPLE`]; the
/// data's order, so the sample is the same on every run), weights scaled so the sample counts
/// as many customers as the whole, which gives its likelihood the whole's scale and its
/// Hessian the whole's curvature, approximately. Where the sample's likelihood has no interior
/// maximum (its fit stops at the parameter box), the point it stopped at, with the curvature
/// there when it is positive definite: the whole's fit then has the box's edge to reach. `None`
/// on fewer histories, or when the sample's fit stopped for another reason: the fit then
/// starts from its start values, as on small data.
fn warm_start<S: Default>(
    data: &[RfmTuple],
    start: [f64; 4],
    log_likelihood: &impl Fn([f64; 4], &IndexedTuples, &mut [f64; 4], &mut S) -> f64,
) -> Option<WarmStart> {
    if data.len() < WARM_START_TUPLES {
        return None;
    }
    let every = data.len().div_ceil(WARM_START_SAMPLE);
    let mut sample: Vec<RfmTuple> = data.iter().step_by(every).copied().collect();
    let total: f64 = data.iter().map(|t| t.weight).sum();
    let kept: f64 = sample.iter().map(|t| t.weight).sum();
    if !(kept > 0.0 && total.is_finite()) {
        return None;
    }
    for t in &mut sample {
        t.weight *= total / kept;
    }
    let indexed = IndexedTuples::new(&sample);
    let ll = tuple_likelihood(&indexed, log_likelihood);
    let problem = LogParams {
        log_likelihood: &ll,
        dim: 4,
    };
    let x0: Vec<f64> = start.iter().map(|v| v.ln()).collect();
    let m = minimize(&problem, &x0, LN_PARAM_BOUND);
    if !matches!(m.reason, StopReason::GradientSmall | StopReason::Boundary) {
        return None;
    }
    let gradient = |x: &[f64], g: &mut [f64]| {
        let _ = problem.value_gradient(x, g);
    };
    let curvature = invert_spd(&hessian(&gradient, &m.x))
        .map(|inverse| inverse.into_iter().flatten().collect::<Vec<f64>>())
        .filter(|c| c.iter().all(|v| v.is_finite()));
    if curvature.is_none() && m.reason == StopReason::GradientSmall {
        return None;
    }
    Some(WarmStart { x: m.x, curvature })
}

/// Maximises a log-likelihood (with gradient in natural parameters) from `start`; returns the
/// parameters and the fit summary with standard errors.
pub(crate) fn maximize(
    log_likelihood: impl Fn(&[f64], &mut [f64]) -> f64,
    start: &[f64],
    names: &[&str],
    customers: f64,
) -> Result<(Vec<f64>, FitSummary), FitError> {
    maximize_from(log_likelihood, start, None, names, customers)
}

/// [`maximize`], from `warm` instead of `start` when given; when that fit neither converges
/// ([`Minimum::converged`]) nor stops at the parameter box, the fit from `start` decides, as
/// without `warm`.
fn maximize_from(
    log_likelihood: impl Fn(&[f64], &mut [f64]) -> f64,
    start: &[f64],
    warm: Option<&WarmStart>,
    names: &[&str],
    customers: f64,
) -> Result<(Vec<f64>, FitSummary), FitError> {
    let problem = LogParams {
        log_likelihood: &log_likelihood,
        dim: start.len(),
    };
    let x0: Vec<f64> = start.iter().map(|v| v.ln()).collect();
    let mut m = match warm {
        Some(w) => minimize_from(&problem, &w.x, w.curvature.as_deref(), LN_PARAM_BOUND),
        None => minimize(&problem, &x0, LN_PARAM_BOUND),
    };
    if warm.is_some() && !(m.converged() || m.reason == StopReason::Boundary) {
        // The sample misled the start: the whole data's fit from the start values decides.
        m = minimize(&problem, &x0, LN_PARAM_BOUND);
    }
    if m.reason == StopReason::NonFiniteStart {
        return Err(FitError::NotComputable);
    }
    let theta: Vec<f64> = m.x.iter().map(|v| v.exp()).collect();
    let converged = m.converged();
    // Observed information: Hessian of −ℓ in natural parameters, by differences of ∂ℓ/∂θ.
    let gradient = |p: &[f64], g: &mut [f64]| {
        let _ = log_likelihood(p, g);
        g.iter_mut().for_each(|v| *v = -*v);
    };
    // At the boundary the likelihood has no interior maximum: no standard errors.
    let at_boundary = m.reason == StopReason::Boundary;
    let covariance = (!at_boundary)
        .then(|| invert_spd(&hessian(&gradient, &theta)))
        .flatten()
        .filter(|cov| cov.iter().flatten().all(|v| v.is_finite()));
    let standard_errors = covariance.as_ref().and_then(|cov| {
        let se: Option<BTreeMap<String, f64>> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let v = cov[i][i].sqrt();
                v.is_finite().then(|| (n.to_string(), v))
            })
            .collect();
        se
    });
    Ok((
        theta,
        FitSummary {
            log_likelihood: -m.value,
            converged,
            iterations: m.iterations,
            gradient_norm: if m.gradient_norm.is_finite() {
                m.gradient_norm
            } else {
                f64::MAX
            },
            reason: m.reason,
            customers: customers.round() as u64,
            standard_errors,
            covariance,
        },
    ))
}
/// A fitted model: its parameters, how the fit went, and any figure of its own.
pub(crate) trait FittedModel {
    /// The model's parameters.
    type Params: Serialize;
    /// Extra figures written after the fit summary (`()` when none).
    type Extra: Serialize;
    /// The parameters.
    fn params(&self) -> &Self::Params;
    /// How the fit went.
    fn fit(&self) -> &FitSummary;
    /// The extra figures.
    fn extra(&self) -> Self::Extra;
}

/// Writes a fitted model as the report documents it (docs/report.md, "models"): parameters, fit
/// summary and extra figures side by side in one object, for a human-readable format such as
/// JSON. Any other format (the worker's bincode, which cannot carry `flatten`) gets the struct
/// as it is. For `#[serde(serialize_with = …)]` on the report's models, so no model keeps a
/// hand-written mirror of its fields.
pub(crate) fn serialize_documented<S, M>(
    model: &Option<M>,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    M: FittedModel + Serialize,
{
    #[derive(Serialize)]
    struct SideBySide<'a, P, X> {
        #[serde(flatten)]
        params: &'a P,
        #[serde(flatten)]
        fit: &'a FitSummary,
        #[serde(flatten)]
        extra: X,
    }
    if !serializer.is_human_readable() {
        return model.serialize(serializer);
    }
    model
        .as_ref()
        .map(|m| SideBySide {
            params: m.params(),
            fit: m.fit(),
            extra: m.extra(),
        })
        .serialize(serializer)
}
