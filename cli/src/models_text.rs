//! The models part of the `--format text` summary: fitted parameters, validation verdict and
//! the customers most likely to be worth the most.

use clv_engine::models::headline::ChosenBy;
use clv_engine::models::interval::Estimate;
use clv_engine::models::{FitSummary, ModelsReport};
use clv_engine::{Report, TimeUnit};
use std::fmt::Write;

/// How many customers the predicted-CLV list shows.
const TOP: usize = 10;

fn fit_line(out: &mut String, name: &str, params: &str, fit: &FitSummary) {
    let _ = writeln!(
        out,
        "  {name:<12} {params}  log-likelihood {:.1}, {} ({} iterations)",
        fit.log_likelihood,
        if fit.converged {
            "converged"
        } else {
            "NOT converged"
        },
        fit.iterations
    );
}

/// Renders the models section (empty when the models were turned off).
pub fn summary(r: &Report) -> String {
    let Some(m) = &r.summary.models else {
        return String::new();
    };
    let mut out = String::new();
    let unit = match m.time_unit {
        TimeUnit::Days => "days",
        TimeUnit::Weeks => "weeks",
    };
    let _ = writeln!(
        out,
        "\n\nModels (fitted on purchases up to {}, time in {unit}):",
        m.fitted_through
    );
    if let Some(b) = &m.bg_nbd {
        let p = &b.params;
        let params = format!(
            "r {:.3}, alpha {:.3}, a {:.3}, b {:.3}",
            p.r, p.alpha, p.a, p.b
        );
        fit_line(&mut out, "BG/NBD", &params, &b.fit);
    }
    if let Some(b) = &m.mbg_nbd {
        let p = &b.params;
        let params = format!(
            "r {:.3}, alpha {:.3}, a {:.3}, b {:.3}",
            p.r, p.alpha, p.a, p.b
        );
        fit_line(&mut out, "MBG/NBD", &params, &b.fit);
    }
    if let Some(b) = &m.pareto_nbd {
        let p = &b.params;
        let params = format!(
            "r {:.3}, alpha {:.3}, s {:.3}, beta {:.3}",
            p.r, p.alpha, p.s, p.beta
        );
        fit_line(&mut out, "Pareto/NBD", &params, &b.fit);
    }
    if let Some(g) = &m.gamma_gamma {
        let p = &g.params;
        let params = format!("p {:.2}, q {:.2}, v {:.2}", p.p, p.q, p.v);
        fit_line(&mut out, "Gamma-Gamma", &params, &g.fit);
    }
    if let Some(v) = &r.summary.validation {
        let _ = writeln!(out, "\nValidation: {}", v.verdict);
    }
    headline(&mut out, m, r.summary.kpis.historical_clv);
    let mut best: Vec<_> = r
        .predictions
        .iter()
        .filter(|p| p.predicted_clv.is_some())
        .collect();
    best.sort_by(|a, b| {
        b.predicted_clv
            .unwrap_or(0.0)
            .total_cmp(&a.predicted_clv.unwrap_or(0.0))
    });
    if !best.is_empty() {
        let _ = writeln!(
            out,
            "\nHighest predicted CLV ({} months, {:.1} % a month discount):",
            m.clv_months,
            100.0 * m.discount_monthly
        );
        for p in best.iter().take(TOP) {
            let _ = writeln!(
                out,
                "  {:<24} {:>10.2}  P(alive) {:.2}, {:.2} purchases in {:.0} {unit}",
                p.customer_id,
                p.predicted_clv.unwrap_or(0.0),
                p.p_alive.unwrap_or(0.0),
                p.expected_purchases.unwrap_or(0.0),
                m.horizon
            );
        }
    }
    out.trim_end().to_string()
}

/// "€X (€A–€B)" without the currency, which the report does not know.
fn estimate(e: &Estimate) -> String {
    match e.range() {
        Some((low, high)) => format!("{:.2} ({low:.2}–{high:.2})", e.value),
        None => format!("{:.2} (no range: the fit has no covariance)", e.value),
    }
}

/// The headline: which model, why, and what a new customer is worth, on the report's basis.
fn headline(out: &mut String, m: &ModelsReport, historical_clv: f64) {
    let h = &m.headline;
    let basis = match h.margin {
        Some(margin) => format!("profit at a {:.0} % margin", 100.0 * margin),
        None => "revenue".to_string(),
    };
    let why = match h.chosen_by {
        ChosenBy::HoldOutError => "it predicted the hold-out period better",
        ChosenBy::LogLikelihood => "it fits the purchases better (higher likelihood)",
        ChosenBy::OnlyModel => "it is the only one that could be fitted well",
        ChosenBy::TooFewRepeatCustomers => "",
        ChosenBy::HistoryTooShort => "",
        ChosenBy::NoModel => "",
    };
    let _ = match h.model {
        Some(model) => writeln!(
            out,
            "\nHeadline model: {model}, because {why}. Every CLV is {basis}."
        ),
        None => writeln!(
            out,
            "\nNo model for the headline ({} customers bought twice, {} days of history; a \
             model needs 30 and 91): the CLV from your averages is {historical_clv:.2} ({basis}).",
            h.repeat_customers, h.history_days
        ),
    };
    if let Some(e) = &h.new_customer_clv {
        let _ = writeln!(
            out,
            "A new customer is worth about {} over the next {} months; your average customer so \
             far has brought {historical_clv:.2}.",
            estimate(e),
            m.clv_months
        );
    }
    if let Some(e) = &h.total_predicted_clv {
        let _ = writeln!(
            out,
            "Predicted CLV of all customers: {}{}.",
            estimate(e),
            if h.wide_range {
                " (few repeat buyers yet: the range is wide)"
            } else {
                ""
            }
        );
    }
}
