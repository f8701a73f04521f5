//! What would move the shop's CLV: the calculator's four growth levers (PRODUCT.md, "Growth
//! levers": +10 % order value, +10 % purchases, −10 % CAC, +1 point of margin) on the shop's own
//! averages, largest gain first, and a link that opens the calculator filled with them, so the
//! sentences here and the calculator's agree.

use clv_engine::calculator::{simple_clv, LeverSteps, SimpleInputs};
use leptos::prelude::*;

use crate::calculator::params::CalcParams;
use crate::calculator::{shop_cac, shop_params};
use crate::components::lever_sentence;
use crate::format::{amount, count};
use crate::i18n::{t, t_count};
use crate::navigation::{calculator_href, Navigation};
use crate::worker::Overview;

use super::basis::basis;

/// The calculator's inputs for this shop: its averages and CAC; the margin it was analysed at,
/// or 100 % (the revenue basis) without one, so the levers are on the page's one CLV basis.
fn params(o: &Overview, cac: Option<f64>, currency: Option<&str>) -> CalcParams {
    let base = CalcParams {
        cac: 0.0,
        margin: 1.0,
        currency: currency.map_or_else(|| CalcParams::default().currency, str::to_string),
        ..CalcParams::default()
    };
    shop_params(&o.summary.kpis, cac, base)
}

/// The growth levers panel of the Overview; nothing when the shop's numbers cannot be put into
/// the calculator (no orders).
pub fn levers(o: &Overview, currency: Option<&str>) -> Option<impl IntoView> {
    let cac = shop_cac(&o.summary.segments);
    let p = params(o, cac, currency);
    let inputs = SimpleInputs::new(p.aov, p.purchases, p.cac, p.margin);
    let result = simple_clv(&inputs, LeverSteps::default()).ok()?;
    let has_cac = cac.is_some();
    let has_margin = o.summary.kpis.margin.is_some();
    let customers = o.summary.kpis.customers;
    let money = |v: f64| amount(v, currency);
    let items = result
        .levers
        .iter()
        .map(|l| match l.lever.as_str() {
            // Without a CAC or a margin the lever moves nothing: say how to see it instead.
            "cac" if !has_cac => (l.lever.clone(), t("overview.levers.no_cac"), false),
            "margin" if !has_margin => (l.lever.clone(), t("overview.levers.no_margin"), false),
            _ => (l.lever.clone(), lever_sentence(l, &money(l.gain)), true),
        })
        .collect::<Vec<_>>();
    let best = result
        .levers
        .iter()
        .find(|l| l.gain > 0.0 && items.iter().any(|(k, _, real)| *k == l.lever && *real))
        .map(|l| {
            t_count(
                "overview.levers.total",
                customers as f64,
                &[
                    ("customers", &count(customers)),
                    ("amount", &money(l.gain * customers as f64)),
                ],
            )
        });
    let nav = use_context::<Navigation>();
    let href = calculator_href(&p);
    let open = move |ev: leptos::ev::MouseEvent| {
        if let Some(nav) = nav {
            ev.prevent_default();
            nav.open_calculator(p.clone());
        }
    };
    let basis = basis(o.summary.kpis.margin);
    Some(view! {
        <section class="levers-panel" data-testid="overview-levers" aria-labelledby="levers-title">
            <h3 id="levers-title">{t("overview.levers.title")}</h3>
            <p class="caption">{crate::i18n::t_with("overview.levers.intro", &[("basis", &basis)])}</p>
            <ul class="levers">
                {items
                    .into_iter()
                    .map(|(key, text, _)| view! { <li data-lever=key>{text}</li> })
                    .collect_view()}
            </ul>
            {best.map(|b| view! { <p data-testid="levers-total">{b}</p> })}
            <a class="button" href=href data-testid="levers-calculator" on:click=open>
                {t("overview.levers.open")}
            </a>
        </section>
    })
}
