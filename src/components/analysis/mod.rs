//! The analysis, once a report has arrived: a settings bar, the section tabs and the section
//! shown. Each section starts with one sentence on what it tells the shop owner.

use leptos::prelude::*;

use crate::i18n::t;
use crate::state::{AppState, Section};

mod basis;
mod channels;
mod chart_view;
mod cohorts;
mod customers;
mod headline;
mod how_made;
mod labels;
mod overview;
mod predictions;
mod products;
mod rfm;
mod settings_bar;
mod toggle_choice;
mod value;
mod win_back;

pub use basis::{clv_label, with_range};
pub use chart_view::{page_format, ChartView};
pub use labels::segment_label;

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

/// Settings, tabs and the section shown.
#[component]
pub fn AnalysisView() -> impl IntoView {
    let state = expect_context::<AppState>();
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
                on:click=move |_| state.section.set(section)
            >
                {move || section_label(section)}
            </button>
        }
    };
    let body = move || match state.section.get() {
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
    view! {
        <SettingsBar />
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
            {body}
        </section>
    }
}
