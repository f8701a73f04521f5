//! Every numerical tolerance and guard-rail threshold of the models, in one place (as statrs
//! keeps its `prec.rs`), so a change of precision is one edit and tests can refer to them.

/// Relative size of the last term at which a hypergeometric series stops.
pub(crate) const SERIES_REL_TOL: f64 = 1e-15;
/// Most terms a hypergeometric series may take before it is declared not converged (z → 1).
pub(crate) const SERIES_MAX_TERMS: usize = 200_000;
/// Most terms of the Pareto/NBD hypergeometric series inside the likelihood. Near the edge of
/// the parameter space (s or β → ∞, or α/β far from 1) the series needs ~ 1/(1 − z) terms, tens
/// of thousands per customer history and evaluation; beyond this cap the likelihood uses the
/// integral form of the same quantity by Gauss–Legendre quadrature instead (bounded cost).
pub(crate) const PARETO_SERIES_MAX_TERMS: usize = 400;
/// Terms a geometric tail with ratio z needs per unit of 1/(1−z) to fall below
/// [`SERIES_REL_TOL`] (ln 1e15 ≈ 35, rounded up), for the estimate of a series' length.
pub(crate) const SERIES_TAIL_TERMS: f64 = 40.0;
/// The quadrature of the Pareto/NBD fallback stops when what is left of the integral is below
/// this fraction of the sum so far.
pub(crate) const QUADRATURE_REL_TOL: f64 = 1e-17;

/// The optimiser stops when the largest gradient component (in log-parameters) is below this
/// times (1 + |log-likelihood|).
pub(crate) const GRADIENT_REL_TOL: f64 = 1e-8;
/// The optimiser also stops when the log-likelihood changes by less than this relative amount
/// over [`STALL_ITERATIONS`] iterations (no further progress possible in double precision).
pub(crate) const VALUE_REL_TOL: f64 = 1e-15;
/// See [`VALUE_REL_TOL`].
pub(crate) const STALL_ITERATIONS: usize = 2;
/// Most optimiser iterations (the CDNOW fits need 20–80).
pub const MAX_ITERATIONS: usize = 200;
/// Most evaluations of the objective (line-search trials included) in one fit.
pub(crate) const MAX_EVALUATIONS: usize = 1_000;
/// Distinct histories from which a purchase model's fit starts from the fit of a sample of
/// them (`fit::warm_start`): below this, evaluating the whole likelihood twenty times costs
/// little (the CDNOW files have under 2,500).
pub(crate) const WARM_START_TUPLES: usize = 16_384;
/// Histories in that sample, about: enough for its optimum to be near the whole's and its
/// curvature to be the whole's within a few percent, at a small share of the cost.
pub(crate) const WARM_START_SAMPLE: usize = 4_096;
/// The optimiser works on x = ln θ inside the box |x| ≤ this, i.e. every parameter θ between
/// 1e-6 and 1e6. Data expressed in days or weeks (and spend scaled to its mean, see
/// `gamma_gamma::fit`) puts every meaningful optimum well inside; a likelihood that keeps rising
/// towards the edge (heterogeneity vanishing: Pareto/NBD s, β → ∞, Gamma-Gamma p → ∞) has its
/// supremum at infinity, and stopping at the box gives the same predictions to ~1e-6 relative
/// while keeping every evaluation finite and cheap. Such fits stop as "boundary".
pub(crate) const LN_PARAM_BOUND: f64 = 13.815_510_557_964_274; // ln 1e6
/// A log-parameter within this of [`LN_PARAM_BOUND`] (a factor 1.001) counts as at the bound.
pub(crate) const BOUNDARY_MARGIN: f64 = 1e-3;
/// A fit whose final scaled gradient is below this is still called converged when the optimiser
/// stopped because it could make no further progress.
pub(crate) const CONVERGED_GRADIENT_REL_TOL: f64 = 1e-5;

/// Relative step of the central finite differences used for gradients that are not analytic
/// and for the Hessian behind standard errors.
pub(crate) const FINITE_DIFFERENCE_STEP: f64 = 1e-5;

/// Fewest customers a model is fitted to.
pub(crate) const MIN_CUSTOMERS: usize = 20;
/// Fewest customers with a repeat purchase (and a positive spend) for the Gamma-Gamma model.
pub(crate) const MIN_REPEAT_CUSTOMERS: usize = 10;
/// Gamma-Gamma assumes spend per purchase is independent of purchase frequency; above this
/// absolute Pearson correlation the user is warned.
pub(crate) const SPEND_FREQUENCY_CORRELATION_WARNING: f64 = 0.3;

/// Data spans of at least this many days are modelled in weeks, shorter ones in days.
pub(crate) const WEEKS_FROM_SPAN_DAYS: i64 = 182;

/// A heterogeneity shape above this (Pareto/NBD s, BG/NBD a and b) means the fit ran along the
/// ridge where the mixing distribution becomes a single value: predictions are fine, the
/// parameters individually are not; the user is told.
pub(crate) const DEGENERATE_SHAPE: f64 = 100.0;

/// Fewest customers with a repeat purchase for the headline to use a model: with fewer, the
/// models' parameters are guesses and the page shows the CLV from the shop's averages instead.
pub(crate) const HEADLINE_MIN_REPEAT_CUSTOMERS: u64 = 30;

/// Shortest history (first purchase to the cut-off, in days) for the headline to use a model:
/// three months, about the shortest time in which "who comes back" can be seen.
pub(crate) const HEADLINE_MIN_HISTORY_DAYS: i64 = 91;
