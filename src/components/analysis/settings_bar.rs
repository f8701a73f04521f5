//! Settings of the analysis (margin, currency, analysis date) and the report's downloads.
//! Changing the margin or the date analyses the same orders again in the worker; the currency
//! only changes how amounts are written.

use leptos::prelude::*;

use crate::app::Analysis;
use crate::calculator::params::{parse_number, NumberProblem};
use crate::components::calculator::refusal_message;
use crate::components::DownloadReport;
use crate::format::percent;
use crate::i18n::{t, t_with};

use super::print_report;
use crate::settings::{is_currency_code, remember_currency};
use crate::state::AppState;
use crate::worker::Settings;

/// Currencies offered in the list (any ISO code can be typed in the calculator's URL too).
const CURRENCIES: [&str; 9] = [
    "EUR", "USD", "GBP", "PLN", "RUB", "TWD", "CNY", "SEK", "CHF",
];

/// The margin field's text for a fraction: `0.2` → `20`.
fn margin_text(margin: Option<f64>) -> String {
    margin
        .map(|m| format!("{}", (m * 1000.0).round() / 10.0))
        .unwrap_or_default()
}

/// Why a typed margin is refused.
#[derive(Debug, Clone, PartialEq)]
enum MarginProblem {
    /// Not a number as the reader writes numbers.
    Number(NumberProblem),
    /// A number outside 0–100 %.
    OutOfRange,
}

/// The margin as a fraction from the field's text (percent, read as the reader's language
/// writes numbers: `decimal` is its decimal sign); empty = no margin.
fn parse_margin(text: &str, decimal: char) -> Result<Option<f64>, MarginProblem> {
    let text = text.trim().trim_end_matches('%').trim();
    match parse_number(text, decimal) {
        Err(NumberProblem::Empty) => Ok(None),
        Err(problem) => Err(MarginProblem::Number(problem)),
        Ok(value) if (0.0..=100.0).contains(&value) => Ok(Some(value / 100.0)),
        Ok(_) => Err(MarginProblem::OutOfRange),
    }
}

/// Margin, currency, analysis date; JSON download and print.
#[component]
pub fn SettingsBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let analysis = expect_context::<Analysis>();
    // The text refused and why; the figures shown still use the margin before it.
    let margin_error = RwSignal::new(None::<(String, MarginProblem)>);
    let change = move |f: &dyn Fn(&mut Settings)| {
        let mut settings = state.settings.get_untracked();
        f(&mut settings);
        analysis.change_settings(settings);
    };
    let on_margin = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        match parse_margin(&text, crate::i18n::lang::current().decimal_sign()) {
            Ok(m) => {
                margin_error.set(None);
                change(&|s| s.margin = m);
            }
            Err(problem) => margin_error.set(Some((text, problem))),
        }
    };
    let on_date = move |ev: leptos::ev::Event| {
        let date = event_target_value(&ev).parse().ok();
        change(&|s| s.analysis_date = date);
    };
    let on_currency = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        remember_currency(&code);
        state.currency.set(is_currency_code(&code).then_some(code));
    };
    let analysis_date = move || {
        state
            .overview
            .with(|o| o.as_ref().map(|o| o.summary.analysis_date.to_string()))
            .unwrap_or_default()
    };
    view! {
        <div class="settings-bar no-print" data-testid="settings-bar">
            <label>
                <span>{move || t("settings.margin")}</span>
                <span class="with-unit">
                <input
                    type="text"
                    inputmode="decimal"
                    size="5"
                    data-testid="setting-margin"
                    aria-invalid=move || margin_error.with(Option::is_some).to_string()
                    aria-describedby=move || margin_error.with(Option::is_some).then_some("margin-refused")
                    placeholder="—"
                    prop:value=move || margin_text(state.settings.with(|s| s.margin))
                    on:change=on_margin
                />
                " %"
                </span>
            </label>
            <label>
                <span>{move || t("settings.currency")}</span>
                <select data-testid="setting-currency" on:change=on_currency>
                    <option value="" selected=move || state.currency.with(Option::is_none)>
                        {move || t("settings.currency.none")}
                    </option>
                    {CURRENCIES
                        .into_iter()
                        .map(|c| {
                            view! {
                                <option
                                    value=c
                                    selected=move || state.currency.with(|x| x.as_deref() == Some(c))
                                >
                                    {c}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                <span>{move || t("settings.analysis_date")}</span>
                <input type="date" data-testid="setting-date" prop:value=analysis_date on:change=on_date />
            </label>
            <span class="spacer"></span>
            <DownloadReport />
            <button type="button" class="button secondary" data-testid="print" on:click=move |_| print_report(state)>
                {move || t("settings.print")}
            </button>
        </div>
        {move || {
            margin_error.get().map(|(text, problem)| {
                let why = match problem {
                    MarginProblem::Number(p) => refusal_message("margin", &text, &p),
                    MarginProblem::OutOfRange => t("settings.margin.invalid"),
                };
                // Say which margin the figures below still use, so none is taken for the
                // refused one.
                let in_use = match state.settings.with(|s| s.margin) {
                    Some(m) => t_with("settings.margin.still_used", &[("margin", &percent(m))]),
                    None => t("settings.margin.still_none"),
                };
                view! {
                    <p class="error" role="alert" id="margin-refused" data-testid="margin-refused">
                        {why} " " {in_use}
                    </p>
                }
            })
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margins_read_as_percentages() {
        assert_eq!(parse_margin("20", '.'), Ok(Some(0.2)));
        assert_eq!(parse_margin(" 32,5 % ", ','), Ok(Some(0.325)));
        assert_eq!(parse_margin(" 32,5 % ", '.'), Ok(Some(0.325)));
        assert_eq!(parse_margin("", '.'), Ok(None));
        for out in ["150", "-10", "100.5"] {
            assert_eq!(
                parse_margin(out, '.'),
                Err(MarginProblem::OutOfRange),
                "{out}"
            );
        }
        assert_eq!(
            parse_margin("abc", '.'),
            Err(MarginProblem::Number(NumberProblem::NotANumber))
        );
        assert_eq!(margin_text(Some(0.325)), "32.5");
        assert_eq!(margin_text(None), "");
    }
}
