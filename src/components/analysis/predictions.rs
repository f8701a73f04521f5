//! Predictions: what the models expect of each customer — P(alive), expected purchases,
//! predicted CLV — and whether to trust them: the models are fitted again on the first two
//! thirds of the history and their forecast of the last third is set against what happened
//! and against a naive guess.

use leptos::prelude::*;

use crate::app::Analysis;
use crate::charts::bars::{BarChart, BarSeries};
use crate::charts::heatmap::Heatmap;
use crate::charts::lines::{LineChart, LineSeries};
use crate::charts::revenue_histogram::HistogramChart;
use crate::charts::{Chart, ValueKind};
use crate::format::{date, number, percent, short_date};
use crate::i18n::{t, t_with};
use crate::state::{AppState, ModelCheck, Section};
use crate::worker::{Column, FrMatrix, ValidationProblem};

use super::toggle_choice::ToggleChoice;
use super::ChartView;

fn matrix_chart(m: &FrMatrix, expected: bool) -> Chart {
    let unit = if m.unit_days >= 7.0 {
        t("predictions.unit.weeks")
    } else {
        t("predictions.unit.days")
    };
    let values = if expected { &m.expected } else { &m.p_alive };
    Chart::Heatmap(Heatmap {
        title: if expected {
            t("predictions.matrix.expected")
        } else {
            t("predictions.matrix.p_alive")
        },
        // Most repeat purchases on top.
        rows: m.frequencies.iter().rev().map(|f| f.to_string()).collect(),
        columns: m.recencies.iter().map(|r| number(*r, 0, 0)).collect(),
        values: values.iter().rev().cloned().collect(),
        value_kind: if expected {
            ValueKind::Number
        } else {
            ValueKind::Share
        },
        row_title: t("predictions.matrix.frequency"),
        column_title: t_with("predictions.matrix.recency", &[("unit", &unit)]),
    })
}

/// The predictions section.
#[component]
pub fn PredictionsSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let analysis = expect_context::<Analysis>();
    let show_expected = RwSignal::new(true);
    // The hold-out check runs in the worker when the section is first opened for a report.
    // Asked once per analysis: reopening the section while the worker fits asks nothing more.
    if state
        .validation
        .with_untracked(|v| *v == ModelCheck::NotAsked)
        && state
            .overview
            .with_untracked(|o| o.as_ref().is_some_and(|o| o.summary.models.is_some()))
    {
        analysis.validate(None);
    }
    let p_alive = Memo::new(move |_| {
        state.overview.with(|o| {
            o.as_ref()
                .filter(|o| o.p_alive_bins.iter().any(|&n| n > 0))
                .map(|o| {
                    Chart::Bars(BarChart {
                        title: t("predictions.p_alive.title"),
                        categories: (0..10)
                            .map(|i| {
                                format!(
                                    "{}–{}",
                                    percent(i as f64 / 10.0),
                                    percent((i + 1) as f64 / 10.0)
                                )
                            })
                            .collect(),
                        series: vec![BarSeries {
                            name: t("table.customers"),
                            values: o.p_alive_bins.iter().map(|&n| n as f64).collect(),
                        }],
                        value_kind: ValueKind::Count,
                        value_title: t("table.customers"),
                        horizontal: false,
                        highlight: None,
                    })
                })
        })
    });
    let clv = Memo::new(move |_| {
        state.overview.with(|o| {
            o.as_ref().filter(|o| o.predicted_clv.count > 0).map(|o| {
                Chart::Histogram(HistogramChart {
                    title: t("predictions.clv.title"),
                    x_title: super::clv_label(t("table.predicted_clv"), o.summary.kpis.margin),
                    y_title: t("table.customers"),
                    x_kind: ValueKind::Money,
                    histogram: o.predicted_clv.histogram.clone(),
                })
            })
        })
    });
    let matrix = Memo::new(move |_| {
        let expected = show_expected.get();
        state.overview.with(|o| {
            o.as_ref()
                .and_then(|o| o.matrix.as_ref().map(|m| matrix_chart(m, expected)))
        })
    });
    let tracking = Memo::new(move |_| {
        state.validation.with(|v| {
            let ModelCheck::Done(Ok(v)) = v else {
                return None;
            };
            Some({
                let labels: Vec<String> = v.tracking.iter().map(|p| short_date(p.date)).collect();
                let points =
                    |f: &dyn Fn(&clv_engine::models::validation::TrackingPoint) -> Option<f64>| {
                        v.tracking
                            .iter()
                            .enumerate()
                            .filter_map(|(i, p)| f(p).map(|y| (i as f64, y)))
                            .collect::<Vec<_>>()
                    };
                let mut series = vec![LineSeries {
                    name: t("predictions.tracking.actual"),
                    points: points(&|p| Some(p.actual)),
                    dashed: false,
                }];
                if v.bg_nbd.is_some() {
                    series.push(LineSeries {
                        name: "BG/NBD".into(),
                        points: points(&|p| p.bg_nbd),
                        dashed: true,
                    });
                }
                if v.mbg_nbd.is_some() {
                    series.push(LineSeries {
                        name: "MBG/NBD".into(),
                        points: points(&|p| p.mbg_nbd),
                        dashed: true,
                    });
                }
                if v.pareto_nbd.is_some() {
                    series.push(LineSeries {
                        name: "Pareto/NBD".into(),
                        points: points(&|p| p.pareto_nbd),
                        dashed: true,
                    });
                }
                Chart::Lines(LineChart {
                    title: t("predictions.tracking.title"),
                    x_title: t("predictions.tracking.x"),
                    y_title: t("predictions.tracking.y"),
                    x_kind: ValueKind::Count,
                    y_kind: ValueKind::Number,
                    x_labels: Some(labels),
                    series,
                    diagonal: false,
                })
            })
        })
    });
    let verdict = move || {
        state.validation.with(|v| match v {
            ModelCheck::NotAsked | ModelCheck::Pending => {
                Some(view! { <p class="caption">{t("predictions.checking")}</p> }.into_any())
            }
            ModelCheck::Done(Err(problem)) => {
                let text = match problem {
                    ValidationProblem::HistoryTooShort => t("predictions.check.too_short"),
                    ValidationProblem::NotFitted { calibration_end } => t_with(
                        "predictions.check.not_fitted",
                        &[("date", &date(*calibration_end))],
                    ),
                };
                Some(view! { <p class="caption" data-testid="validation-problem">{text}</p> }.into_any())
            }
            ModelCheck::Done(Ok(v)) => {
                // The headline's candidates (MBG/NBD, Pareto/NBD): the better of them on this check.
                let model = [v.mbg_nbd.as_ref(), v.pareto_nbd.as_ref()]
                    .into_iter()
                    .flatten()
                    .min_by(|a, b| a.mae.total_cmp(&b.mae))
                    .or(v.bg_nbd.as_ref())?;
                let better = model.mae < v.naive.mae;
                let args = [
                    ("calibration_end", date(v.calibration_end)),
                    ("holdout_end", date(v.holdout_end)),
                    ("actual", number(v.actual_repeat_purchases as f64, 0, 0)),
                    ("predicted", number(model.predicted_repeat_purchases, 0, 0)),
                    ("mae", number(model.mae, 2, 2)),
                    ("naive", number(v.naive.mae, 2, 2)),
                ];
                let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let text = if better {
                    t_with("predictions.verdict.better", &args)
                } else {
                    t_with("predictions.verdict.worse", &args)
                };
                Some(view! { <p data-testid="validation-verdict" class=if better { "good" } else { "warn" }>{text}</p> }.into_any())
            }
        })
    };
    let to_table = move |_| {
        let mut q = state.query.get_untracked();
        q.sort = Column::PredictedClv;
        q.descending = true;
        q.offset = 0;
        analysis.query_customers(q);
        state.section.set(Section::Customers);
    };
    let no_models = move || {
        state.overview.with(|o| {
            let o = o.as_ref().filter(|o| o.summary.models.is_none())?;
            Some(if o.models_pending {
                view! { <p class="caption pending">{t("overview.predicted.pending")}</p> }
                    .into_any()
            } else {
                view! { <p class="caption">{t("overview.predicted.none")}</p> }.into_any()
            })
        })
    };
    view! {
        {no_models}
        <div class="chart-grid">
            <ChartView chart=p_alive name="p-alive" />
            <ChartView chart=clv name="predicted-clv" />
        </div>
        <button type="button" class="link" data-testid="predictions-to-table" on:click=to_table>
            {move || t("predictions.per_customer")}
        </button>
        <h3>{move || t("predictions.matrix.title")}</h3>
        <div class="toggle" role="group">
            <ToggleChoice choice=show_expected value=true>
                {move || t("predictions.matrix.expected")}
            </ToggleChoice>
            <ToggleChoice choice=show_expected value=false test_id="matrix-p-alive">
                {move || t("predictions.matrix.p_alive")}
            </ToggleChoice>
        </div>
        <p class="caption">{move || t("predictions.matrix.how_to_read")}</p>
        <ChartView chart=matrix name="fr-matrix" tall=true />
        <h3>{move || t("predictions.check.title")}</h3>
        {verdict}
        <ChartView chart=tracking name="tracking" />
    }
}
