//! "Next month against this month" on the Overview: the switch that keeps each analysis's
//! summary in this browser, the "forget" button, and what changed since the kept one
//! ("Champions 41 → 47; predicted CLV +6 %"). The logic and the storage are
//! [`crate::snapshot`]; this only shows them.

use leptos::prelude::*;

use crate::format::{amount, count, date, percent};
use crate::i18n::{t, t_with};
use crate::snapshot::{self, changes, Change, Measure, Snapshot};
use crate::state::{AppState, Status};

use super::basis::clv_label;
use super::segment_label;

/// A measure's name in the reader's language (CLVs with their basis).
fn label(measure: &Measure, margin: Option<f64>) -> String {
    match measure {
        Measure::Customers => t("kpi.customers"),
        Measure::Orders => t("kpi.orders"),
        Measure::Revenue => t("kpi.revenue"),
        Measure::Aov => t("kpi.aov"),
        Measure::RepeatRate => t("overview.repeat_rate"),
        Measure::HistoricalClv => clv_label(t("overview.simple.title"), margin),
        Measure::NewCustomerClv => clv_label(t("compare.new_customer_clv"), margin),
        Measure::PredictedClv => clv_label(t("overview.predicted.title"), margin),
        Measure::Segment(name) => segment_label(name),
    }
}

/// One value of a measure, formatted as the page shows it.
fn value(measure: &Measure, v: f64, currency: Option<&str>) -> String {
    match measure {
        Measure::Customers | Measure::Orders | Measure::Segment(_) => count(v.round() as u64),
        Measure::RepeatRate => percent(v),
        _ => amount(v, currency),
    }
}

/// "Champions: 41 → 47 (+15 %)".
fn line(change: &Change, margin: Option<f64>, currency: Option<&str>) -> String {
    let before = value(&change.measure, change.before, currency);
    let after = value(&change.measure, change.after, currency);
    let what = label(&change.measure, margin);
    match change.relative() {
        Some(r) => t_with(
            "compare.change",
            &[
                ("what", &what),
                ("before", &before),
                ("after", &after),
                ("delta", &signed_percent(r)),
            ],
        ),
        None => t_with(
            "compare.change_plain",
            &[("what", &what), ("before", &before), ("after", &after)],
        ),
    }
}

/// A relative change with its sign: "+6 %", "−3,5 %", "±0 %".
fn signed_percent(r: f64) -> String {
    let rounded = (r * 1000.0).round() / 1000.0;
    format!("{}{}", sign(rounded), percent(rounded.abs()))
}

/// The sign written before a change rounded to a tenth of a percent.
fn sign(rounded: f64) -> char {
    if rounded > 0.0 {
        '+'
    } else if rounded < 0.0 {
        '−'
    } else {
        '±'
    }
}

/// The comparison panel.
#[component]
pub fn ComparePanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let kept = RwSignal::new(snapshot::is_kept());
    let file = move || state.status.with(Status::file);
    let keep_current = move || {
        if let Some(o) = state.overview.get_untracked() {
            snapshot::save(&Snapshot::of(&o, &file()));
            kept.set(true);
        }
    };
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        snapshot::set_enabled(on);
        state.compare.set(on);
        if on {
            keep_current();
        }
    };
    let forget = move |_| {
        snapshot::forget();
        state.baseline.set(None);
        kept.set(false);
    };
    let comparison = move || {
        let currency = state.currency.get();
        let base = state.baseline.get()?;
        let o = state.overview.get()?;
        let now = Snapshot::of(&o, &file());
        let margin = now.margin;
        let lines = changes(&base, &now)
            .iter()
            .map(|c| view! { <li>{line(c, margin, currency.as_deref())}</li> })
            .collect_view();
        let margin_note = (base.margin != now.margin).then(|| {
            let show = |m: Option<f64>| super::basis::basis(m);
            view! {
                <p class="caption">
                    {t_with(
                        "compare.basis_changed",
                        &[("before", &show(base.margin)), ("after", &show(now.margin))],
                    )}
                </p>
            }
        });
        Some(view! {
            <p>
                {t_with(
                    "compare.since",
                    &[("file", &base.file), ("date", &date(base.analysis_date))],
                )}
            </p>
            {margin_note}
            <ul class="changes" data-testid="compare-changes">{lines}</ul>
        })
    };
    let status = move || {
        if !state.compare.get() {
            return t("compare.off");
        }
        match state.baseline.with(Option::is_some) {
            true => t("compare.kept_now"),
            false => t("compare.kept_first"),
        }
    };
    view! {
        <section class="compare-panel" data-testid="compare" aria-labelledby="compare-title">
            <h3 id="compare-title">{move || t("compare.title")}</h3>
            {comparison}
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="compare-switch"
                    prop:checked=move || state.compare.get()
                    on:change=toggle
                />
                {move || t("compare.switch")}
            </label>
            <p class="caption" data-testid="compare-status">{status}</p>
            <button
                type="button"
                class="button secondary"
                data-testid="compare-forget"
                disabled=move || !kept.get()
                on:click=forget
            >
                {move || t("compare.forget")}
            </button>
            <p class="caption">{move || t("compare.privacy")}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn changes_keep_their_sign() {
        assert_eq!(super::sign(0.06), '+');
        assert_eq!(super::sign(-0.035), '−');
        assert_eq!(super::sign(0.0), '±');
    }
}
