//! Value: how revenue is spread over customers (Lorenz curve), customers by their own order
//! value against the shop's (AOV buckets), the spend histogram, and unusually big orders.

use leptos::prelude::*;

use crate::charts::bars::{BarChart, BarSeries};
use crate::charts::lines::{LineChart, LineSeries};
use crate::charts::revenue_histogram::HistogramChart;
use crate::charts::{Chart, ValueKind};
use crate::components::data_table::DataTable;
use crate::components::export_button::ExportButton;
use crate::format::{amount, date, number, percent};
use crate::i18n::{t, t_with};
use crate::state::AppState;
use crate::worker::Export;

use super::ChartView;

/// Big orders listed on the page (all of them are in the CSV).
const BIG_ORDERS_SHOWN: usize = 20;

fn bucket_label(name: &str) -> String {
    match name {
        "below_half_aov" => t("value.bucket.below_half"),
        "half_to_double_aov" => t("value.bucket.half_to_double"),
        "above_double_aov" => t("value.bucket.above_double"),
        other => other.to_string(),
    }
}

fn reason_label(reason: &str) -> String {
    match reason {
        "amount" => t("value.big.reason.amount"),
        "quantity" => t("value.big.reason.quantity"),
        "amount_and_quantity" => t("value.big.reason.both"),
        other => other.to_string(),
    }
}

/// The value section.
#[component]
pub fn ValueSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lorenz = Memo::new(move |_| {
        state.overview.with(|o| {
            o.as_ref().map(|o| {
                Chart::Lines(LineChart {
                    title: t("value.lorenz.title"),
                    x_title: t("value.lorenz.x"),
                    y_title: t("value.lorenz.y"),
                    x_kind: ValueKind::Share,
                    y_kind: ValueKind::Share,
                    x_labels: None,
                    series: vec![LineSeries {
                        name: t("value.lorenz.series"),
                        points: o
                            .summary
                            .concentration
                            .lorenz
                            .iter()
                            .map(|p| (p.customer_share, p.revenue_share))
                            .collect(),
                        dashed: false,
                    }],
                    diagonal: true,
                })
            })
        })
    });
    let buckets = Memo::new(move |_| {
        state.overview.with(|o| {
            o.as_ref().map(|o| {
                let b = &o.summary.aov_buckets;
                Chart::Bars(BarChart {
                    title: t("value.buckets.title"),
                    categories: b.iter().map(|x| bucket_label(&x.bucket)).collect(),
                    series: vec![
                        BarSeries {
                            name: t("rfm.customer_share"),
                            values: b.iter().map(|x| x.customer_share).collect(),
                        },
                        BarSeries {
                            name: t("rfm.revenue_share"),
                            values: b.iter().map(|x| x.revenue_share).collect(),
                        },
                    ],
                    value_kind: ValueKind::Share,
                    value_title: t("rfm.share"),
                    horizontal: false,
                    highlight: None,
                })
            })
        })
    });
    let spend = Memo::new(move |_| {
        state.overview.with(|o| {
            o.as_ref().map(|o| {
                Chart::Histogram(HistogramChart {
                    title: t("chart.revenue.title"),
                    x_title: t("chart.revenue.x"),
                    y_title: t("chart.revenue.y"),
                    x_kind: ValueKind::Money,
                    histogram: o.spend.clone(),
                })
            })
        })
    });
    let summary = move || {
        state.overview.with(|o| {
            o.as_ref().map(|o| {
                let c = &o.summary.concentration;
                t_with(
                    "value.summary",
                    &[
                        ("top10", &percent(c.top10_revenue_share)),
                        ("top20", &percent(c.top20_revenue_share)),
                        ("gini", &number(c.gini, 2, 2)),
                        ("p10", &percent(0.1)),
                        ("p20", &percent(0.2)),
                    ],
                )
            })
        })
    };
    let big = move || {
        let cur = state.currency.get();
        state.overview.with(|o| {
            o.as_ref().map(|o| {
                let b = &o.summary.big_orders;
                let threshold = amount(b.amount_threshold.max(b.minimum_amount), cur.as_deref());
                if b.orders.is_empty() {
                    // One line, no empty table under it.
                    return view! {
                        <p class="caption" data-testid="big-orders-count">
                            {t_with("value.big.none", &[("threshold", &threshold)])}
                        </p>
                    }
                    .into_any();
                }
                let rows = b
                    .orders
                    .iter()
                    .take(BIG_ORDERS_SHOWN)
                    .map(|x| {
                        view! {
                            <tr>
                                <td>{x.customer_id.clone()}</td>
                                <td>{x.order_id.clone().unwrap_or_default()}</td>
                                <td>{date(x.date)}</td>
                                <td class="num">{amount(x.amount, cur.as_deref())}</td>
                                <td>{reason_label(&x.reason)}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let headers = vec![
                    t("table.customer"),
                    t("value.big.order"),
                    t("value.big.date"),
                    t("value.big.amount"),
                    t("value.big.why"),
                ];
                view! {
                    <p class="caption" data-testid="big-orders-count">
                        {crate::i18n::t_count(
                            "value.big.summary",
                            b.count as f64,
                            &[("threshold", &threshold)],
                        )}
                    </p>
                    <DataTable test_id="big-orders" headers=headers>
                        {rows}
                    </DataTable>
                    <ExportButton export=Export::BigOrders class="button secondary" test_id="export-big-orders">
                        {move || t("export.csv")}
                    </ExportButton>
                }
                .into_any()
            })
        })
    };
    view! {
        <p data-testid="value-summary">{summary}</p>
        <div class="chart-grid">
            <ChartView chart=lorenz name="lorenz" />
            <ChartView chart=buckets name="aov-buckets" />
        </div>
        <ChartView chart=spend name="spend" />
        <p class="caption">{move || t("chart.revenue.caption")}</p>
        <h3>{move || t("value.big.title")}</h3>
        {big}
    }
}
