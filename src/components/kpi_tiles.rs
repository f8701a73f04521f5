//! The four headline numbers.

use leptos::prelude::*;

use crate::format::{amount, count};
use crate::i18n::t;
use crate::state::AppState;

/// One KPI tile.
#[component]
fn Tile(
    /// What the number is (translated).
    label: fn() -> String,
    /// Test id of the value.
    test_id: &'static str,
    /// The formatted value.
    #[prop(into)]
    value: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="tile">
            <div class="tile-label">{label}</div>
            <div class="tile-value" data-testid=test_id>{value}</div>
        </div>
    }
}

/// Customers, orders, revenue and average order value.
#[component]
pub fn KpiTiles() -> impl IntoView {
    let state = expect_context::<AppState>();
    let kpi = move |f: fn(&clv_engine::Kpis, Option<&str>) -> String| {
        Signal::derive(move || {
            let currency = state.currency.get();
            state.overview.with(|o| {
                o.as_ref()
                    .map(|o| f(&o.summary.kpis, currency.as_deref()))
                    .unwrap_or_default()
            })
        })
    };
    view! {
        <div class="tiles">
            <Tile label=|| t("kpi.customers") test_id="kpi-customers" value=kpi(|k, _| count(k.customers)) />
            <Tile label=|| t("kpi.orders") test_id="kpi-orders" value=kpi(|k, _| count(k.orders)) />
            <Tile label=|| t("kpi.revenue") test_id="kpi-revenue" value=kpi(|k, c| amount(k.revenue, c)) />
            <Tile label=|| t("kpi.aov") test_id="kpi-aov" value=kpi(|k, c| amount(k.aov, c)) />
        </div>
    }
}
