//! The headline: which model the page's "still active", expected purchases and predicted CLV
//! come from, why, and the two numbers a shop owner repeats (what a new customer is worth, and
//! the predicted CLV of the customers the shop has), each with its range, on one basis.
//!
//! The candidates are the two models without BG/NBD's artefact P(alive | x = 0) = 1: MBG/NBD
//! and Pareto/NBD. With a hold-out period the one that predicted it with the smaller error per
//! customer wins; without, the one with the higher likelihood (both have four parameters).
//! Fits that did not converge lose to fits that did. With fewer than 30 repeat buyers or under
//! three months of history no model is used: the models are still fitted and reported, but
//! the page shows the CLV from the shop's averages.

use super::interval::Estimate;
use super::tolerance::{HEADLINE_MIN_HISTORY_DAYS, HEADLINE_MIN_REPEAT_CUSTOMERS};
use crate::warning::ModelName;
use serde::{Deserialize, Serialize};

/// Why the headline uses its model, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChosenBy {
    /// It predicted the hold-out period with the smaller mean absolute error per customer.
    HoldOutError,
    /// It has the higher log-likelihood on the same data.
    LogLikelihood,
    /// It is the only candidate that could be fitted.
    OnlyModel,
    /// Fewer than 30 customers bought twice: no model is used.
    TooFewRepeatCustomers,
    /// Less than three months from the first purchase to the cut-off: no model is used.
    HistoryTooShort,
    /// Neither candidate (nor the spend model) could be fitted.
    NoModel,
}

/// One candidate of the choice, with the figures it was compared on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The model.
    pub model: ModelName,
    /// Its log-likelihood at the optimum.
    pub log_likelihood: f64,
    /// Whether its fit converged.
    pub converged: bool,
    /// Its mean absolute error per customer on the hold-out period, with a calibration end.
    pub hold_out_error: Option<f64>,
}

/// The headline of the models.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    /// The model behind `p_alive`, `expected_purchases` and `predicted_clv` of the
    /// predictions; `None` when the data is too thin or nothing could be fitted.
    pub model: Option<ModelName>,
    /// Why.
    pub chosen_by: ChosenBy,
    /// The models compared.
    pub candidates: Vec<Candidate>,
    /// Customers with at least one repeat purchase up to the cut-off.
    pub repeat_customers: u64,
    /// Days from the first purchase to the cut-off.
    pub history_days: i64,
    /// The basis of every CLV: profit at this margin, or revenue when `None`.
    pub margin: Option<f64>,
    /// What a new customer is worth over the CLV period: their first order and their expected
    /// repeat purchases, discounted, at the mean spend per order.
    pub new_customer_clv: Option<Estimate>,
    /// The predicted CLV of all customers the models saw, summed.
    pub total_predicted_clv: Option<Estimate>,
    /// True when the range of the total is wider than the total itself ("few repeat buyers
    /// yet: the range is wide").
    pub wide_range: bool,
}

/// Chooses the headline model among `candidates` (see the module documentation).
pub(crate) fn choose(
    candidates: &[Candidate],
    repeat_customers: u64,
    history_days: i64,
) -> (Option<ModelName>, ChosenBy) {
    if candidates.is_empty() {
        return (None, ChosenBy::NoModel);
    }
    if repeat_customers < HEADLINE_MIN_REPEAT_CUSTOMERS {
        return (None, ChosenBy::TooFewRepeatCustomers);
    }
    if history_days < HEADLINE_MIN_HISTORY_DAYS {
        return (None, ChosenBy::HistoryTooShort);
    }
    if let [only] = candidates {
        return (Some(only.model), ChosenBy::OnlyModel);
    }
    let any_converged = candidates.iter().any(|c| c.converged);
    let eligible = candidates
        .iter()
        .filter(|c| c.converged || !any_converged)
        .collect::<Vec<_>>();
    if let [only] = eligible[..] {
        return (Some(only.model), ChosenBy::OnlyModel);
    }
    let by_error = eligible
        .iter()
        .filter_map(|c| c.hold_out_error.filter(|e| e.is_finite()).map(|e| (c, e)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((c, _)) = by_error.filter(|_| eligible.iter().all(|c| c.hold_out_error.is_some())) {
        return (Some(c.model), ChosenBy::HoldOutError);
    }
    let best = eligible
        .iter()
        .max_by(|a, b| a.log_likelihood.total_cmp(&b.log_likelihood))
        .map(|c| c.model);
    (best, ChosenBy::LogLikelihood)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(model: ModelName, ll: f64, converged: bool, error: Option<f64>) -> Candidate {
        Candidate {
            model,
            log_likelihood: ll,
            converged,
            hold_out_error: error,
        }
    }

    #[test]
    fn hold_out_error_then_likelihood_then_thin_data() {
        let m = |ll, e| candidate(ModelName::MbgNbd, ll, true, e);
        let p = |ll, e| candidate(ModelName::ParetoNbd, ll, true, e);
        // The hold-out error decides even against a higher likelihood.
        let c = [m(-100.0, Some(0.5)), p(-90.0, Some(0.6))];
        assert_eq!(
            choose(&c, 50, 400),
            (Some(ModelName::MbgNbd), ChosenBy::HoldOutError)
        );
        // Without a hold-out period, the likelihood.
        let c = [m(-100.0, None), p(-90.0, None)];
        assert_eq!(
            choose(&c, 50, 400),
            (Some(ModelName::ParetoNbd), ChosenBy::LogLikelihood)
        );
        // A fit that did not converge loses to one that did.
        let c = [
            m(-100.0, None),
            candidate(ModelName::ParetoNbd, -90.0, false, None),
        ];
        assert_eq!(
            choose(&c, 50, 400),
            (Some(ModelName::MbgNbd), ChosenBy::OnlyModel)
        );
        // Thin data: no model.
        assert_eq!(choose(&c, 29, 400), (None, ChosenBy::TooFewRepeatCustomers));
        assert_eq!(choose(&c, 50, 90), (None, ChosenBy::HistoryTooShort));
        assert_eq!(choose(&[], 50, 400), (None, ChosenBy::NoModel));
    }
}
