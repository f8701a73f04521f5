//! The calculator page of the app: the calculator with its chart, "use my data" once a file
//! has been analysed, and the embed dialog.

use leptos::prelude::*;

use crate::calculator::{shop_cac, shop_params, write_params_to_url, CalcState};
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
        let shop = app.overview.with_untracked(|o| {
            o.as_ref()
                .map(|o| (o.summary.kpis.clone(), shop_cac(&o.summary.segments)))
        });
        if let Some((kpis, cac)) = shop {
            state.replace(|p| *p = shop_params(&kpis, cac, p.clone()));
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
