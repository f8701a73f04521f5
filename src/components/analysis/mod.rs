//! The analysis, once a report has arrived: a settings bar, the section tabs and the section
//! shown. Each section starts with one sentence on what it tells the shop owner.

use leptos::prelude::*;

use crate::i18n::t;
use crate::state::{AppState, Section};

mod actions;
mod basis;
mod channels;
mod chart_view;
mod cohorts;
mod compare;
mod customers;
mod headline;
mod how_made;
mod labels;
mod levers;
mod overview;
mod predictions;
mod print;
mod products;
mod rfm;
mod settings_bar;
mod toggle_choice;
mod value;
mod win_back;

pub use basis::{clv_label, with_range};
pub use chart_view::{page_format, ChartView};
pub use labels::segment_label;
pub use print::print_report;

use channels::ChannelsSection;
use cohorts::CohortsSection;
use customers::CustomersSection;
use overview::OverviewSection;
use predictions::PredictionsSection;
use products::ProductsSection;
use rfm::RfmSection;
use settings_bar::SettingsBar;
use value::ValueSection;
use win_back::WinBackSection;

/// The tab's label.
fn section_label(section: Section) -> String {
    match section {
        Section::Overview => t("section.overview"),
        Section::Customers => t("section.customers"),
        Section::Rfm => t("section.rfm"),
        Section::Value => t("section.value"),
        Section::Channels => t("section.channels"),
        Section::Products => t("section.products"),
        Section::Cohorts => t("section.cohorts"),
        Section::Predictions => t("section.predictions"),
        Section::WinBack => t("section.win_back"),
    }
}

/// The one sentence under the section's heading.
fn section_intro(section: Section) -> String {
    match section {
        Section::Overview => t("section.overview.intro"),
        Section::Customers => t("section.customers.intro"),
        Section::Rfm => t("section.rfm.intro"),
        Section::Value => t("section.value.intro"),
        Section::Channels => t("section.channels.intro"),
        Section::Products => t("section.products.intro"),
        Section::Cohorts => t("section.cohorts.intro"),
        Section::Predictions => t("section.predictions.intro"),
        Section::WinBack => t("section.win_back.intro"),
    }
}

/// The tab a key moves to from `current` (the ARIA tabs pattern: Left/Right to the previous
/// and next tab, wrapping around, Home/End to the first and last); `None` for other keys.
fn tab_for_key(current: Section, key: &str) -> Option<Section> {
    let all = Section::ALL;
    let at = all.iter().position(|s| *s == current).unwrap_or(0);
    let n = all.len();
    match key {
        "ArrowRight" => Some(all[(at + 1) % n]),
        "ArrowLeft" => Some(all[(at + n - 1) % n]),
        "Home" => Some(all[0]),
        "End" => Some(all[n - 1]),
        _ => None,
    }
}

/// Settings, tabs and the section shown.
#[component]
pub fn AnalysisView() -> impl IntoView {
    let state = expect_context::<AppState>();
    // The report arrives in one message; the first screen is built in two tasks of the page's
    // thread, not one: the settings, the tabs and the section's heading now, the section's
    // body (the overview's figures, levers and notes) in the next task, so neither keeps the
    // page busy for long on a slow machine. Later reports (new settings, the models) rebuild
    // the body in place.
    let body_ready = RwSignal::new(false);
    set_timeout(
        move || {
            body_ready.try_set(true);
        },
        std::time::Duration::ZERO,
    );
    let tab = move |section: Section| {
        let selected = move || state.section.get() == section;
        view! {
            <button
                type="button"
                role="tab"
                class="tab"
                id=format!("tab-{}", section.key())
                data-testid=format!("section-{}", section.key())
                aria-selected=move || selected().to_string()
                aria-controls="section-panel"
                // Roving tab index: Tab reaches the chosen tab only; arrows move between tabs.
                tabindex=move || if selected() { "0" } else { "-1" }
                on:click=move |_| state.section.set(section)
                on:keydown=move |ev| {
                    if let Some(next) = tab_for_key(section, &ev.key()) {
                        ev.prevent_default();
                        state.section.set(next);
                        crate::browser::focus_element(&format!("tab-{}", next.key()));
                    }
                }
            >
                {move || section_label(section)}
            </button>
        }
    };
    let body = |section: Section| match section {
        Section::Overview => view! { <OverviewSection /> }.into_any(),
        Section::Customers => view! { <CustomersSection /> }.into_any(),
        Section::Rfm => view! { <RfmSection /> }.into_any(),
        Section::Value => view! { <ValueSection /> }.into_any(),
        Section::Channels => view! { <ChannelsSection /> }.into_any(),
        Section::Products => view! { <ProductsSection /> }.into_any(),
        Section::Cohorts => view! { <CohortsSection /> }.into_any(),
        Section::Predictions => view! { <PredictionsSection /> }.into_any(),
        Section::WinBack => view! { <WinBackSection /> }.into_any(),
    };
    // The browser's own Print (Ctrl+P) lays out every section too, like the button.
    let before = window_event_listener(leptos::ev::beforeprint, move |_| state.printing.set(true));
    let after = window_event_listener(leptos::ev::afterprint, move |_| state.printing.set(false));
    on_cleanup(move || {
        before.remove();
        after.remove();
    });
    // On paper: the header, then every section with its heading and sentence.
    let all = move || {
        view! {
            <print::PrintHeader />
            {Section::ALL
                .into_iter()
                .map(|section| {
                    view! {
                        <section
                            class="panel section print-section"
                            data-testid=format!("print-{}", section.key())
                        >
                            <h2>{section_label(section)}</h2>
                            <p class="intro">{section_intro(section)}</p>
                            {body(section)}
                            {(section == Section::Customers)
                                .then(|| view! { <p class="caption">{t("print.customers_note")}</p> })}
                        </section>
                    }
                })
                .collect_view()}
        }
    };
    let one = move || {
        view! {
            <nav class="sections no-print" role="tablist" aria-label=move || t("section.nav")>
                {Section::ALL.into_iter().map(tab).collect_view()}
            </nav>
            <section
                id="section-panel"
                class="panel section"
                role="tabpanel"
                data-testid=move || format!("panel-{}", state.section.get().key())
                aria-labelledby=move || format!("tab-{}", state.section.get().key())
            >
                <h2>{move || section_label(state.section.get())}</h2>
                <p class="intro">{move || section_intro(state.section.get())}</p>
                {move || body_ready.get().then(|| body(state.section.get()))}
            </section>
        }
    };
    view! {
        <SettingsBar />
        <Show when=move || state.printing.get() fallback=one>
            {all}
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_keys_move_between_tabs_and_wrap_home_and_end_jump() {
        assert_eq!(
            tab_for_key(Section::Overview, "ArrowRight"),
            Some(Section::Customers)
        );
        assert_eq!(
            tab_for_key(Section::Overview, "ArrowLeft"),
            Some(Section::WinBack)
        );
        assert_eq!(
            tab_for_key(Section::WinBack, "ArrowRight"),
            Some(Section::Overview)
        );
        assert_eq!(tab_for_key(Section::Rfm, "Home"), Some(Section::Overview));
        assert_eq!(tab_for_key(Section::Rfm, "End"), Some(Section::WinBack));
        assert_eq!(tab_for_key(Section::Rfm, "ArrowDown"), None);
        assert_eq!(tab_for_key(Section::Rfm, "a"), None);
    }
}
