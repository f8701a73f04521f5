//! Channels & segments: pick a column (channel, source, product group…); CLV per value against
//! what it costs to acquire a customer there (CAC, entered per value), ROI = CLV − CAC and
//! CLV : CAC (PRODUCT.md, "Calculator formulas").

use leptos::prelude::*;

use crate::app::Analysis;
use crate::calculator::params::{parse_number, NumberProblem};
use crate::charts::bars::{BarChart, BarSeries};
use crate::charts::{Chart, ValueKind};
use crate::format::{amount, count, number, percent};
use crate::i18n::t;
use crate::state::AppState;
use crate::worker::Export;
use clv_engine::import::{ColumnInfo, Role};
use clv_engine::metrics::SegmentTable;

use super::{clv_label, ChartView};

/// The CAC field's value for a typed text, read as the reader's language writes numbers
/// (`decimal` is its decimal sign; `1 234,50` is 1234.5): empty = none; `None` = not a number
/// ≥ 0.
fn parse_cac(text: &str, decimal: char) -> Option<Option<f64>> {
    match parse_number(text, decimal) {
        Err(NumberProblem::Empty) => Some(None),
        Ok(v) if v >= 0.0 => Some(Some(v)),
        _ => None,
    }
}

/// The column the section opens on: the remembered choice when the file has it, else the
/// column read as the channel / source, else the first column whose customers are not all in
/// one value (a Shopify file's "Fulfillment Status" is "fulfilled" throughout), else the
/// first.
fn opening_column(
    segments: &[SegmentTable],
    columns: &[ColumnInfo],
    remembered: Option<&str>,
) -> Option<String> {
    let has = |name: &str| {
        segments
            .iter()
            .find(|s| s.column.eq_ignore_ascii_case(name))
    };
    let channel = || {
        columns
            .iter()
            .filter(|c| c.role == Some(Role::Channel))
            .find_map(|c| has(&c.header))
    };
    remembered
        .and_then(has)
        .or_else(channel)
        .or_else(|| segments.iter().find(|s| s.values.len() > 1))
        .or_else(|| segments.first())
        .map(|s| s.column.clone())
}

/// The channels section.
#[component]
pub fn ChannelsSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let analysis = expect_context::<Analysis>();
    // The section is built anew for each file, so this is read once.
    let sample = analysis.showing_sample();
    let columns = Memo::new(move |_| {
        state.overview.with(|o| {
            o.as_ref()
                .map(|o| {
                    o.summary
                        .segments
                        .iter()
                        .map(|s| s.column.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let chosen = RwSignal::new(state.overview.with_untracked(|o| {
        o.as_ref().and_then(|o| {
            let remembered = state.settings.with_untracked(|s| s.segment_by.clone());
            opening_column(
                &o.summary.segments,
                &o.summary.import.columns,
                remembered.as_deref(),
            )
        })
    }));
    let table = Memo::new(move |_| {
        let column = chosen.get();
        state.overview.with(|o| {
            o.as_ref().and_then(|o| {
                o.summary
                    .segments
                    .iter()
                    .find(|s| Some(&s.column) == column.as_ref())
                    .or_else(|| o.summary.segments.first())
                    .cloned()
            })
        })
    });
    let chart = Memo::new(move |_| {
        table.with(|s| {
            s.as_ref().map(|s| {
                let margin = state
                    .overview
                    .with(|o| o.as_ref().and_then(|o| o.summary.kpis.margin));
                let mut series = vec![BarSeries {
                    name: clv_label(t("channels.historical_clv"), margin),
                    values: s.values.iter().map(|v| v.historical_clv).collect(),
                }];
                if s.values.iter().any(|v| v.predicted_clv.is_some()) {
                    series.push(BarSeries {
                        name: clv_label(t("channels.predicted_clv"), margin),
                        values: s
                            .values
                            .iter()
                            .map(|v| v.predicted_clv.unwrap_or(0.0))
                            .collect(),
                    });
                }
                if s.values.iter().any(|v| v.cac.is_some()) {
                    series.push(BarSeries {
                        name: t("channels.cac"),
                        values: s.values.iter().map(|v| v.cac.unwrap_or(0.0)).collect(),
                    });
                }
                Chart::Bars(BarChart {
                    title: t("channels.chart.title"),
                    categories: s.values.iter().map(|v| v.value.clone()).collect(),
                    series,
                    value_kind: ValueKind::Money,
                    value_title: t("channels.per_customer"),
                    horizontal: s.values.len() > 6,
                    highlight: None,
                })
            })
        })
    });
    let cac_error = RwSignal::new(None::<String>);
    let set_cac = move |value: String, text: String| {
        let Some(cac) = parse_cac(&text, crate::i18n::lang::current().decimal_sign()) else {
            cac_error.set(Some(value));
            return;
        };
        cac_error.set(None);
        let Some(column) = table.with_untracked(|s| s.as_ref().map(|s| s.column.clone())) else {
            return;
        };
        let mut settings = state.settings.get_untracked();
        // CACs typed for another column's values go; those given with no column (the sample's)
        // stay.
        if settings.segment_by.as_ref().is_some_and(|c| *c != column) {
            settings.cac.clear();
        }
        settings.segment_by = Some(column);
        settings.cac.retain(|(v, _)| *v != value);
        if let Some(c) = cac {
            settings.cac.push((value, c));
        }
        analysis.change_settings(settings);
    };
    let rows = move || {
        let cur = state.currency.get();
        table.with(|s| {
            s.as_ref().map(|s| {
                s.values
                    .iter()
                    .map(|v| {
                        let value = v.value.clone();
                        let money = |x: f64| amount(x, cur.as_deref());
                        let opt = |x: Option<f64>, f: &dyn Fn(f64) -> String| x.map(f).unwrap_or_else(|| "—".into());
                        view! {
                            <tr>
                                <th scope="row">{v.value.clone()}</th>
                                <td class="num">{count(v.customers)}</td>
                                <td class="num">{percent(v.revenue_share)}</td>
                                <td class="num">{money(v.aov)}</td>
                                <td class="num">{money(v.historical_clv)}</td>
                                <td class="num">{opt(v.predicted_clv, &money)}</td>
                                <td class="num">
                                    <input
                                        type="text"
                                        inputmode="decimal"
                                        size="6"
                                        data-testid=format!("cac-{}", v.value)
                                        aria-label=format!("{} {}", t("channels.cac"), v.value)
                                        prop:value=v.cac.map(|c| c.to_string()).unwrap_or_default()
                                        on:change=move |ev| set_cac(value.clone(), event_target_value(&ev))
                                    />
                                </td>
                                <td class="num">{opt(v.roi, &money)}</td>
                                <td class="num" data-testid="clv-to-cac">{opt(v.clv_to_cac, &|x| number(x, 1, 1))}</td>
                                <td class="num" data-testid="payback">{opt(v.payback_months, &|x| number(x, 0, 1))}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let margin = move || {
        state
            .overview
            .with(|o| o.as_ref().and_then(|o| o.summary.kpis.margin))
    };
    let export = move |_| {
        if let Some(column) = table.with_untracked(|s| s.as_ref().map(|s| s.column.clone())) {
            analysis.export(Export::Segments(column));
        }
    };
    view! {
        {move || {
            columns
                .with(Vec::is_empty)
                .then(|| view! { <p class="caption">{t("channels.none")}</p> })
        }}
        <label class="field">
            <span>{move || t("channels.column")}</span>
            <select data-testid="channel-column" on:change=move |ev| chosen.set(Some(event_target_value(&ev)))>
                {move || {
                    let current = table.with(|s| s.as_ref().map(|s| s.column.clone()));
                    columns
                        .get()
                        .into_iter()
                        .map(|c| {
                            let selected = Some(&c) == current.as_ref();
                            view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </label>
        <ChartView chart=chart name="channels" />
        <p class="caption">{move || t("channels.cac_hint")}</p>
        {sample.then(|| view! { <p class="caption" data-testid="sample-cac">{move || t("channels.sample_cac")}</p> })}
        {move || cac_error.get().map(|v| view! { <p class="error" role="alert">{format!("{v}: {}", t("channels.cac_invalid"))}</p> })}
        <div class="table-scroll">
            <table class="data" data-testid="channels-table">
                <thead>
                    <tr>
                        <th scope="col">{move || table.with(|s| s.as_ref().map(|s| s.column.clone()).unwrap_or_default())}</th>
                        <th scope="col">{move || t("table.customers")}</th>
                        <th scope="col">{move || t("rfm.revenue_share")}</th>
                        <th scope="col">{move || t("table.aov")}</th>
                        <th scope="col">{move || clv_label(t("channels.historical_clv"), margin())}</th>
                        <th scope="col">{move || clv_label(t("channels.predicted_clv"), margin())}</th>
                        <th scope="col">{move || t("channels.cac")}</th>
                        <th scope="col">{move || t("channels.roi")}</th>
                        <th scope="col">{move || t("channels.ratio")}</th>
                        <th scope="col">{move || t("channels.payback")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <button type="button" class="button secondary" data-testid="export-channels" on:click=export>
            {move || t("export.csv")}
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_opens_on_the_channel_column_not_a_column_with_one_value() {
        let csv = include_str!("../../../tests/fixtures/shopify-orders.csv");
        let report = clv_engine::analyze(csv.as_bytes(), &clv_engine::AnalysisOptions::new())
            .expect("the Shopify-shaped fixture reads");
        let summary = &report.summary;
        let first = &summary.segments[0];
        assert_eq!(
            first.column, "Fulfillment Status",
            "the file's first kept column"
        );
        assert_eq!(first.values.len(), 1);
        let open =
            |remembered| opening_column(&summary.segments, &summary.import.columns, remembered);
        assert_eq!(open(None).as_deref(), Some("Source"));
        // A remembered column the file has wins; one it lacks does not.
        assert_eq!(
            open(Some("accepts marketing")).as_deref(),
            Some("Accepts Marketing")
        );
        assert_eq!(open(Some("Campaign")).as_deref(), Some("Source"));
        // No channel column: the first that varies.
        let no_role: Vec<ColumnInfo> = summary
            .import
            .columns
            .iter()
            .cloned()
            .map(|mut c| {
                c.role = c.role.filter(|r| *r != Role::Channel);
                c
            })
            .collect();
        let varying = opening_column(&summary.segments, &no_role, None).unwrap();
        assert_ne!(varying, "Fulfillment Status");
        assert_eq!(opening_column(&[], &no_role, None), None);
    }

    #[test]
    fn cac_fields() {
        assert_eq!(parse_cac("12,5", '.'), Some(Some(12.5)));
        assert_eq!(parse_cac("1 234,50", ','), Some(Some(1234.5)));
        assert_eq!(parse_cac(" ", '.'), Some(None));
        assert_eq!(parse_cac("-1", '.'), None);
        assert_eq!(parse_cac("x", '.'), None);
    }
}
