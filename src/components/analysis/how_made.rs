//! "How these numbers were made": the basis, the models compared and why the headline uses
//! one, how the ranges are computed, and the notes on the fit (the model warnings, which are
//! not shown above the numbers).

use clv_engine::models::FitSummary;
use leptos::prelude::*;

use crate::components::warning_text::warning_text;
use crate::format::{number, percent};
use crate::i18n::{t, t_with};
use crate::worker::Overview;

use super::basis::basis;
use super::headline::model_name;

/// One row of the models table.
fn model_row(
    name: String,
    params: String,
    fit: &FitSummary,
    hold_out: Option<f64>,
    used: bool,
) -> impl IntoView {
    view! {
        <tr class:used=used>
            <th scope="row">{name}</th>
            <td>{params}</td>
            <td class="num">{number(fit.log_likelihood, 1, 1)}</td>
            <td>{if fit.converged { t("how.yes") } else { t("how.no") }}</td>
            <td class="num">{hold_out.map_or_else(|| "—".to_string(), |e| number(e, 3, 3))}</td>
        </tr>
    }
}

/// The panel for `o`.
pub fn how_made(o: &Overview) -> impl IntoView {
    let k = &o.summary.kpis;
    let basis_line = match k.margin {
        Some(_) => t_with("how.basis.profit", &[("basis", &basis(k.margin))]),
        None => t("how.basis.revenue"),
    };
    let notes = o
        .summary
        .warnings
        .iter()
        .filter(|w| w.about_model_fit())
        .map(|w| view! { <li data-code=w.code()>{warning_text(w)}</li> })
        .collect_view();
    let table = o.summary.models.as_ref().map(|m| {
        let used = m.headline.model;
        let hold_out = |model: clv_engine::warning::ModelName| {
            m.headline
                .candidates
                .iter()
                .find(|c| c.model == model)
                .and_then(|c| c.hold_out_error)
        };
        // Separated as the language separates list items ("r 0.5, α 6.2", "r 0.5、α 6.2").
        let p4 = |names: [&str; 4], v: [f64; 4]| {
            crate::format::series(
                &names
                    .iter()
                    .zip(v)
                    .map(|(n, v)| format!("{n} {}", number(v, 3, 3)))
                    .collect::<Vec<_>>(),
            )
        };
        use clv_engine::warning::ModelName as M;
        let rows = [
            m.bg_nbd.as_ref().map(|b| {
                let p = &b.params;
                model_row(
                    model_name(M::BgNbd),
                    p4(["r", "α", "a", "b"], [p.r, p.alpha, p.a, p.b]),
                    &b.fit,
                    None,
                    false,
                )
                .into_any()
            }),
            m.mbg_nbd.as_ref().map(|b| {
                let p = &b.params;
                model_row(
                    model_name(M::MbgNbd),
                    p4(["r", "α", "a", "b"], [p.r, p.alpha, p.a, p.b]),
                    &b.fit,
                    hold_out(M::MbgNbd),
                    used == Some(M::MbgNbd),
                )
                .into_any()
            }),
            m.pareto_nbd.as_ref().map(|b| {
                let p = &b.params;
                model_row(
                    model_name(M::ParetoNbd),
                    p4(["r", "α", "s", "β"], [p.r, p.alpha, p.s, p.beta]),
                    &b.fit,
                    hold_out(M::ParetoNbd),
                    used == Some(M::ParetoNbd),
                )
                .into_any()
            }),
            m.gamma_gamma.as_ref().map(|g| {
                let p = &g.params;
                let params = format!(
                    "p {}, q {}, γ {}",
                    number(p.p, 3, 3),
                    number(p.q, 3, 3),
                    number(p.v, 3, 3)
                );
                model_row(model_name(M::GammaGamma), params, &g.fit, None, false).into_any()
            }),
        ];
        view! {
            <div class="table-scroll">
                <table class="data" data-testid="how-models">
                    <thead>
                        <tr>
                            <th scope="col">{t("how.model")}</th>
                            <th scope="col">{t("how.params")}</th>
                            <th scope="col">{t("how.ll")}</th>
                            <th scope="col">{t("how.converged")}</th>
                            <th scope="col">{t("how.hold_out")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows.into_iter().flatten().collect_view()}</tbody>
                </table>
            </div>
        }
    });
    view! {
        <details class="how-made" data-testid="how-made">
            <summary>{t("how.title")}</summary>
            <p>{basis_line}</p>
            <p>{t("how.headline_rule")}</p>
            <p>{t("how.thresholds")}</p>
            <p>{t_with("how.range", &[("level", &percent(0.95))])}</p>
            {table}
            <p class="caption">{t("how.notes")}</p>
            <ul class="warnings" data-testid="how-notes">{notes}</ul>
        </details>
    }
}
