//! The sentence the Overview leads with: what a new customer is worth over the CLV period,
//! with its range, and what the average customer has brought so far; then a plain line when
//! the range is wide or the models had trouble, the payback of each channel with a CAC, and
//! which model the numbers come from, in one sentence.

use clv_engine::models::headline::ChosenBy;
use leptos::prelude::*;

use crate::format::{amount, count};
use crate::i18n::{t, t_count, t_with};
use crate::worker::Overview;

use super::basis::{basis, with_range};

/// The model's name as the page writes it.
pub fn model_name(model: clv_engine::warning::ModelName) -> String {
    model.to_string()
}

/// The headline block of `o`.
pub fn headline(o: &Overview, currency: Option<&str>) -> impl IntoView {
    let k = &o.summary.kpis;
    let so_far = amount(k.historical_clv, currency);
    let b = basis(k.margin);
    let models = o.summary.models.as_ref();
    let h = models.map(|m| &m.headline);
    let months = models.map_or(12, |m| m.clv_months);
    let period = t_count("period.months", months as f64, &[]);
    let new_customer = h
        .filter(|h| h.model.is_some())
        .and_then(|h| h.new_customer_clv);
    let sentence = match (h, new_customer) {
        (_, Some(e)) => match e.range() {
            Some((low, high)) => t_with(
                "headline.model",
                &[
                    ("value", &amount(e.value, currency)),
                    ("basis", &b),
                    ("period", &period),
                    ("low", &amount(low, currency)),
                    ("high", &amount(high, currency)),
                    ("so_far", &so_far),
                ],
            ),
            None => t_with(
                "headline.model_no_range",
                &[
                    ("value", &amount(e.value, currency)),
                    ("basis", &b),
                    ("period", &period),
                    ("so_far", &so_far),
                ],
            ),
        },
        (Some(h), None) if h.chosen_by == ChosenBy::TooFewRepeatCustomers => t_with(
            "headline.thin_repeat",
            &[
                ("repeat", &count(h.repeat_customers)),
                ("so_far", &so_far),
                ("basis", &b),
            ],
        ),
        (Some(h), None) if h.chosen_by == ChosenBy::HistoryTooShort => t_with(
            "headline.thin_history",
            &[
                ("days", &count(h.history_days.max(0) as u64)),
                ("so_far", &so_far),
                ("basis", &b),
            ],
        ),
        _ if o.models_pending => t_with("headline.pending", &[("so_far", &so_far), ("basis", &b)]),
        _ => t_with("headline.no_model", &[("so_far", &so_far), ("basis", &b)]),
    };
    let uses_model = new_customer.is_some();
    let trouble =
        o.summary.warnings.iter().any(|w| {
            w.about_model_fit() && !matches!(w, clv_engine::Warning::ModelTimeUnit { .. })
        });
    let plain = if !uses_model {
        None
    } else if h.is_some_and(|h| h.wide_range) {
        Some(t("headline.wide"))
    } else if new_customer.is_some_and(|e| e.range().is_none()) {
        Some(t("headline.no_range"))
    } else if trouble {
        Some(t("headline.trouble"))
    } else {
        None
    };
    let choice = h.filter(|_| uses_model).and_then(|h| {
        let model = model_name(h.model?);
        let args = [("model", model.as_str())];
        Some(match h.chosen_by {
            ChosenBy::HoldOutError => t_with("headline.choice.hold_out", &args),
            ChosenBy::LogLikelihood => t_with("headline.choice.likelihood", &args),
            _ => t_with("headline.choice.only", &args),
        })
    });
    let paybacks: Vec<(String, f64)> = o
        .summary
        .segments
        .iter()
        .flat_map(|s| s.values.iter())
        .filter_map(|v| v.payback_months.map(|m| (v.value.clone(), m)))
        .collect();
    let payback = (!paybacks.is_empty()).then(|| {
        let items = paybacks
            .into_iter()
            .map(|(value, months)| {
                view! {
                    <li>
                        {t_count(
                            "headline.payback",
                            (months * 10.0).round() / 10.0,
                            &[("channel", &value)],
                        )}
                    </li>
                }
            })
            .collect_view();
        view! {
            <p class="payback-title">{t_with("headline.payback.title", &[("basis", &b)])}</p>
            <ul class="payback" data-testid="payback">{items}</ul>
        }
    });
    view! {
        <article class="headline" data-testid="headline">
            <p class="lead" data-testid="headline-sentence">{sentence}</p>
            {plain.map(|p| view! { <p class="plain" data-testid="headline-plain">{p}</p> })}
            {payback}
            {choice.map(|c| view! { <p class="caption" data-testid="headline-choice">{c}</p> })}
        </article>
    }
}

/// The predicted CLV per customer on average with its range, from the total's range.
pub fn predicted_average(o: &Overview, currency: Option<&str>) -> Option<String> {
    let mean = o.predicted_clv.mean()?;
    let n = o.predicted_clv.count as f64;
    let range = o
        .summary
        .models
        .as_ref()
        .and_then(|m| m.headline.total_predicted_clv.as_ref())
        .and_then(|e| e.range())
        .map(|(low, high)| (low / n, high / n));
    Some(with_range(mean, range, currency))
}
