//! Cohorts: customers grouped by the month of their first order; which share of each cohort
//! ordered again k months later (retention), and what a customer of each cohort has brought so
//! far (cumulative revenue per customer, the LTV curves).

use leptos::prelude::*;

use crate::charts::heatmap::Heatmap;
use crate::charts::lines::{LineChart, LineSeries};
use crate::charts::{Chart, ValueKind};
use crate::components::export_button::ExportButton;
use crate::i18n::t;
use crate::state::AppState;
use crate::worker::Export;

use super::ChartView;

/// Cohorts drawn as LTV curves (the most recent ones; all are in the heatmap and the CSV).
const CURVES: usize = 12;

/// The cohorts section.
#[component]
pub fn CohortsSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let retention = Memo::new(move |_| {
        state.overview.with(|o| {
            o.as_ref().map(|o| {
                let c = &o.summary.cohorts;
                let months = c.iter().map(|x| x.retention.len()).max().unwrap_or(0);
                Chart::Heatmap(Heatmap {
                    title: t("cohorts.retention.title"),
                    rows: c.iter().map(|x| x.cohort.clone()).collect(),
                    // Month 0 is 100 % by definition: left out so the colours show the months
                    // that differ.
                    columns: (1..months).map(|m| m.to_string()).collect(),
                    values: c
                        .iter()
                        .map(|x| (1..months).map(|m| x.retention.get(m).copied()).collect())
                        .collect(),
                    value_kind: ValueKind::Share,
                    row_title: t("cohorts.cohort"),
                    column_title: t("cohorts.months_after"),
                })
            })
        })
    });
    let curves = Memo::new(move |_| {
        state.overview.with(|o| {
            o.as_ref().map(|o| {
                let c = &o.summary.cohorts;
                let from = c.len().saturating_sub(CURVES);
                Chart::Lines(LineChart {
                    title: t("cohorts.ltv.title"),
                    x_title: t("cohorts.months_after"),
                    y_title: t("cohorts.ltv.y"),
                    x_kind: ValueKind::Count,
                    y_kind: ValueKind::Money,
                    x_labels: None,
                    series: c[from..]
                        .iter()
                        .map(|x| LineSeries {
                            name: x.cohort.clone(),
                            points: x
                                .cumulative_revenue_per_customer
                                .iter()
                                .enumerate()
                                .map(|(m, v)| (m as f64, *v))
                                .collect(),
                            dashed: false,
                        })
                        .collect(),
                    diagonal: false,
                })
            })
        })
    });
    view! {
        <p class="caption">{move || t("cohorts.how_to_read")}</p>
        <ChartView chart=retention name="cohort-retention" tall=true />
        <ChartView chart=curves name="cohort-ltv" />
        <ExportButton export=Export::Cohorts class="button secondary" test_id="export-cohorts">
            {move || t("export.csv")}
        </ExportButton>
    }
}
