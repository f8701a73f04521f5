//! Products: which first purchase brings customers back (docs/report.md, `first_products`).
//! Customers grouped by the product(s) of their first order: how many ordered again, how soon,
//! what they brought in their first 12 months and what their second order most often held; a
//! bar chart of the repeat rate and the table. Without a product column, how to get one.

use leptos::prelude::*;

use clv_engine::metrics::{FirstProductRow, FirstProducts};

use crate::charts::bars::{BarChart, BarSeries};
use crate::charts::{Chart, ValueKind};
use crate::format::{amount, count, number, percent};
use crate::i18n::{t, t_count, t_with};
use crate::state::AppState;

use super::{clv_label, ChartView};

/// The rows as shown: each product's own, then the folded other products, with their label.
fn labelled(p: &FirstProducts) -> Vec<(String, FirstProductRow)> {
    p.products
        .iter()
        .map(|r| (r.product.clone(), r.clone()))
        .chain(p.other.iter().map(|r| {
            let label = t_with("products.other_row", &[("count", &count(r.products))]);
            (label, r.clone())
        }))
        .collect()
}

/// "—" for a value that does not exist.
fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".to_string())
}

/// The products section.
#[component]
pub fn ProductsSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let data = Memo::new(move |_| {
        state
            .overview
            .with(|o| o.as_ref().and_then(|o| o.summary.first_products.clone()))
    });
    let has_data = move || data.with(Option::is_some);
    let margin = move || {
        state
            .overview
            .with(|o| o.as_ref().and_then(|o| o.summary.kpis.margin))
    };
    let months = move || data.with(|p| p.as_ref().map_or(12, |p| p.clv_months));
    let chart = Memo::new(move |_| {
        data.with(|p| {
            p.as_ref().map(|p| {
                let rows = labelled(p);
                Chart::Bars(BarChart {
                    title: t("products.chart.title"),
                    categories: rows.iter().map(|(label, _)| label.clone()).collect(),
                    series: vec![BarSeries {
                        name: t("products.repeat_rate"),
                        values: rows.iter().map(|(_, r)| r.repeat_rate).collect(),
                    }],
                    value_kind: ValueKind::Share,
                    value_title: t("products.repeat_rate"),
                    // Product names are long: labels on the left, never cut under a bar.
                    horizontal: true,
                    highlight: None,
                })
            })
        })
    });
    let none = move || {
        view! {
            <p class="caption" data-testid="products-none">
                {move || {
                    t_with(
                        "products.none",
                        &[("check", &t("check.title")), ("role", &t("role.product"))],
                    )
                }}
            </p>
        }
    };
    let notes = move || {
        data.with(|p| {
            p.as_ref().map(|p| {
                let mut notes = vec![t_with("products.how_to_read", &[("column", &p.column)])];
                if let Some(rate) = state
                    .overview
                    .with(|o| o.as_ref().map(|o| o.summary.kpis.repeat_customer_rate))
                {
                    notes.push(t_with("products.shop_repeat", &[("pct", &percent(rate))]));
                }
                notes.push(t_with(
                    "products.clv_note",
                    &[
                        ("months", &count(u64::from(p.clv_months))),
                        ("count", &count(p.customers_with_clv_history)),
                        ("customers", &count(p.customers)),
                    ],
                ));
                if let Some(other) = &p.other {
                    notes.push(t_count(
                        "products.folded",
                        other.products as f64,
                        &[("top", &count(p.products.len() as u64))],
                    ));
                }
                if p.customers_without_product > 0 {
                    notes.push(t_count(
                        "products.without",
                        p.customers_without_product as f64,
                        &[],
                    ));
                }
                notes
                    .into_iter()
                    .map(|n| view! { <p class="caption">{n}</p> })
                    .collect_view()
            })
        })
    };
    let rows = move || {
        let cur = state.currency.get();
        data.with(|p| {
            p.as_ref().map(|p| {
                labelled(p)
                    .into_iter()
                    .map(|(label, r)| {
                        let second = r.second_order_product.as_ref().map(|name| {
                            t_with(
                                "products.second",
                                &[
                                    ("product", name),
                                    ("share", &percent(r.second_order_product_share.unwrap_or(0.0))),
                                ],
                            )
                        });
                        view! {
                            <tr data-testid="product-row">
                                <th scope="row">{label}</th>
                                <td class="num">{count(r.customers)}</td>
                                <td class="num">{percent(r.repeat_rate)}</td>
                                <td class="num">{or_dash(r.median_days_to_second_order.map(|d| number(d, 0, 1)))}</td>
                                <td class="num">{or_dash(r.twelve_month_clv.map(|v| amount(v, cur.as_deref())))}</td>
                                <td class="num">{count(r.clv_customers)}</td>
                                <td class="second">{or_dash(second)}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <Show when=has_data fallback=none>
            {notes}
            <ChartView chart=chart name="first-products" />
            <div class="table-scroll">
                <table class="data products" data-testid="products-table">
                    <thead>
                        <tr>
                            <th scope="col">{move || t("products.col.product")}</th>
                            <th scope="col">{move || t("table.customers")}</th>
                            <th scope="col">{move || t("products.repeat_rate")}</th>
                            <th scope="col">{move || t("products.col.days")}</th>
                            <th scope="col">
                                {move || {
                                    clv_label(
                                        t_with("products.col.clv", &[("months", &count(u64::from(months())))]),
                                        margin(),
                                    )
                                }}
                            </th>
                            <th scope="col">
                                {move || t_with("products.col.clv_customers", &[("months", &count(u64::from(months())))])}
                            </th>
                            <th scope="col">{move || t("products.col.second")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </Show>
    }
}
