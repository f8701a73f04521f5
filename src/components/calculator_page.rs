//! The calculator page of the app: the calculator with its chart, "use my data" once a file
//! has been analysed, and the embed dialog.

use leptos::prelude::*;

use crate::calculator::params::PurchasesWay;
use crate::calculator::{write_params_to_url, CalcState};
use crate::components::{Calculator, EmbedDialog};
use crate::i18n::t;
use crate::state::AppState;

/// The calculator page; its inputs live in the URL so the result can be shared as a link.
#[component]
pub fn CalculatorPage(
    /// The calculator's inputs (kept by the app so they survive switching pages).
    state: CalcState,
) -> impl IntoView {
    let app = expect_context::<AppState>();
    let params = state.params;
    // Pushing state into the non-reactive world: the address bar.
    Effect::new(move |_| params.with(write_params_to_url));
    let use_my_data = move |_| {
        let kpis = app
            .overview
            .with_untracked(|o| o.as_ref().map(|o| o.summary.kpis.clone()));
        if let Some(k) = kpis {
            state.replace(|p| {
                p.aov = (k.aov * 100.0).round() / 100.0;
                if k.customers > 0 {
                    // The data gives orders per customer over the whole history.
                    p.purchases = (k.orders as f64 / k.customers as f64 * 100.0).round() / 100.0;
                    p.purchases_way = PurchasesWay::PerLifetime;
                }
                if let Some(m) = k.margin {
                    p.margin = m;
                }
            });
        }
    };
    let has_report = move || app.overview.with(Option::is_some);
    view! {
        <section class="panel calc-page" aria-labelledby="calc-title">
            <h2 id="calc-title">{move || t("calc.title")}</h2>
            <p class="caption">{move || t("calc.intro")}</p>
            <Show when=has_report>
                <button type="button" class="button" data-testid="calc-use-data" on:click=use_my_data>
                    {move || t("calc.use_my_data")}
                </button>
            </Show>
            <Calculator state show_chart=true />
            <div class="actions">
                <EmbedDialog params />
            </div>
        </section>
    }
}
