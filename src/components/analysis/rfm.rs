//! RFM & segments: the recency × frequency grid (customers or revenue per cell), the named
//! segments as bars, both clickable to filter the customer table, the segment table, and the
//! rules that name the segments, editable.

use leptos::prelude::*;

use clv_engine::rfm::rules::{default_rules, ScoreRange, SegmentRule};

use crate::app::Analysis;
use crate::charts::bars::{BarChart, BarSeries};
use crate::charts::heatmap::Heatmap;
use crate::charts::{Chart, ValueKind};
use crate::components::export_button::ExportButton;
use crate::format::{amount, count, number, percent};
use crate::i18n::t;
use crate::state::{AppState, Section};
use crate::worker::{Export, Filter};

use super::actions::SegmentActions;
use super::labels::segment_label;
use super::toggle_choice::ToggleChoice;
use super::ChartView;

/// The R × F grid: rows R 5 (top) to R 1, columns F 1 to F 5.
fn rf_heatmap(grid: &[Vec<(u64, f64)>], by_revenue: bool) -> Chart {
    let rows: Vec<String> = (1..=5).rev().map(|r| format!("R {r}")).collect();
    let columns: Vec<String> = (1..=5).map(|f| format!("F {f}")).collect();
    let values = (1..=5usize)
        .rev()
        .map(|r| {
            (0..5)
                .map(|f| {
                    grid.get(r - 1)
                        .and_then(|row| row.get(f))
                        .map(|&(n, revenue)| if by_revenue { revenue } else { n as f64 })
                })
                .collect()
        })
        .collect();
    Chart::Heatmap(Heatmap {
        title: t("rfm.grid.title"),
        rows,
        columns,
        values,
        value_kind: if by_revenue {
            ValueKind::Money
        } else {
            ValueKind::Count
        },
        row_title: t("rfm.recency_short"),
        column_title: t("rfm.frequency_short"),
    })
}

/// The (R, F) scores of a grid item (row-major, R 5 first).
fn grid_cell(item: usize) -> (u8, u8) {
    (5 - (item / 5) as u8, (item % 5) as u8 + 1)
}

/// One editable rule's row.
fn rule_row(rules: RwSignal<Vec<SegmentRule>>, i: usize) -> impl IntoView {
    let range = move |get: fn(&SegmentRule) -> ScoreRange,
                      set: fn(&mut SegmentRule, ScoreRange),
                      min: bool,
                      label: String| {
        view! {
            <input
                type="number"
                min="1"
                max="5"
                aria-label=label
                prop:value=move || {
                    rules.with(|r| r.get(i).map(|x| if min { get(x).min } else { get(x).max }).unwrap_or(1))
                }
                on:change=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<u8>() {
                        let v = v.clamp(1, 5);
                        rules.update(|r| {
                            if let Some(x) = r.get_mut(i) {
                                let mut range = get(x);
                                if min { range.min = v } else { range.max = v }
                                set(x, range);
                            }
                        })
                    }
                }
            />
        }
    };
    let name = move || rules.with(|r| r.get(i).map(|x| x.name.clone()).unwrap_or_default());
    view! {
        <tr>
            <td>
                <input
                    type="text"
                    aria-label=t("rfm.rules.name")
                    prop:value=name
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        rules.update(|r| if let Some(x) = r.get_mut(i) { x.name = v.clone() })
                    }
                />
            </td>
            <td>
                {range(|x| x.recency, |x, v| x.recency = v, true, t("rfm.rules.r_min"))} "–"
                {range(|x| x.recency, |x, v| x.recency = v, false, t("rfm.rules.r_max"))}
            </td>
            <td>
                {range(|x| x.frequency, |x, v| x.frequency = v, true, t("rfm.rules.f_min"))} "–"
                {range(|x| x.frequency, |x, v| x.frequency = v, false, t("rfm.rules.f_max"))}
            </td>
            <td>
                {range(|x| x.monetary, |x, v| x.monetary = v, true, t("rfm.rules.m_min"))} "–"
                {range(|x| x.monetary, |x, v| x.monetary = v, false, t("rfm.rules.m_max"))}
            </td>
            <td>
                <button
                    type="button"
                    class="link"
                    on:click=move |_| rules.update(|r| {
                        if i < r.len() {
                            r.remove(i);
                        }
                    })
                >
                    {t("rfm.rules.remove")}
                </button>
            </td>
        </tr>
    }
}

/// The RFM section.
#[component]
pub fn RfmSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let analysis = expect_context::<Analysis>();
    let by_revenue = RwSignal::new(false);
    let grid = Memo::new(move |_| {
        let by_revenue = by_revenue.get();
        state
            .overview
            .with(|o| o.as_ref().map(|o| rf_heatmap(&o.rf_grid, by_revenue)))
    });
    let segments = Memo::new(move |_| {
        state.overview.with(|o| {
            o.as_ref().map(|o| {
                let s = &o.summary.rfm.segments;
                Chart::Bars(BarChart {
                    title: t("rfm.segments.title"),
                    categories: s.iter().map(|x| segment_label(&x.segment)).collect(),
                    series: vec![
                        BarSeries {
                            name: t("rfm.customer_share"),
                            values: s.iter().map(|x| x.customer_share).collect(),
                        },
                        BarSeries {
                            name: t("rfm.revenue_share"),
                            values: s.iter().map(|x| x.revenue_share).collect(),
                        },
                    ],
                    value_kind: ValueKind::Share,
                    value_title: t("rfm.share"),
                    horizontal: true,
                    highlight: None,
                })
            })
        })
    });
    let show = move |filter: Filter| {
        let mut q = state.query.get_untracked();
        q.filter = filter;
        q.offset = 0;
        analysis.query_customers(q);
        state.section.set(Section::Customers);
    };
    let pick_cell = Callback::new(move |item: usize| {
        let (r, f) = grid_cell(item);
        show(Filter::Cell(r, f));
    });
    let pick_segment = Callback::new(move |item: usize| {
        let name = state.overview.with_untracked(|o| {
            o.as_ref().and_then(|o| {
                o.summary
                    .rfm
                    .segments
                    .get(item / 2)
                    .map(|s| s.segment.clone())
            })
        });
        if let Some(name) = name {
            show(Filter::Segment(name));
        }
    });
    let rules = RwSignal::new(
        state
            .overview
            .with_untracked(|o| o.as_ref().map(|o| o.summary.rfm.rules.clone()))
            .unwrap_or_else(default_rules),
    );
    let apply_rules = move |_| {
        let mut settings = state.settings.get_untracked();
        settings.rules = Some(rules.get_untracked());
        analysis.change_settings(settings);
    };
    let reset_rules = move |_| {
        rules.set(default_rules());
        let mut settings = state.settings.get_untracked();
        settings.rules = None;
        analysis.change_settings(settings);
    };
    let table = move || {
        let cur = state.currency.get();
        state.overview.with(|o| {
            o.as_ref().map(|o| {
                o.summary
                    .rfm
                    .segments
                    .iter()
                    .map(|s| {
                        let name = s.segment.clone();
                        view! {
                            <tr>
                                <th scope="row">
                                    <button
                                        type="button"
                                        class="link"
                                        on:click=move |_| show(Filter::Segment(name.clone()))
                                    >
                                        {segment_label(&s.segment)}
                                    </button>
                                </th>
                                <td class="num">{count(s.customers)}</td>
                                <td class="num">{percent(s.customer_share)}</td>
                                <td class="num">{amount(s.revenue, cur.as_deref())}</td>
                                <td class="num">{percent(s.revenue_share)}</td>
                                <td class="num">{number(s.average_days_since_last_order, 0, 0)}</td>
                                <td class="num">{number(s.average_orders, 1, 1)}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let basis = move || {
        state.overview.with(|o| {
            o.as_ref().map(|o| {
                let u = &o.summary.rfm.scores_used;
                crate::i18n::t_with(
                    "rfm.scores_used",
                    &[
                        ("r", &u.recency.to_string()),
                        ("f", &u.frequency.to_string()),
                        ("m", &u.monetary.to_string()),
                    ],
                )
            })
        })
    };
    view! {
        <div class="toggle" role="group" aria-label=move || t("rfm.colour_by")>
            <span>{move || t("rfm.colour_by")}</span>
            <ToggleChoice choice=by_revenue value=false test_id="rfm-by-customers">
                {move || t("rfm.by_customers")}
            </ToggleChoice>
            <ToggleChoice choice=by_revenue value=true test_id="rfm-by-revenue">
                {move || t("rfm.by_revenue")}
            </ToggleChoice>
        </div>
        <p class="caption">{move || t("rfm.recency")} " " {move || t("rfm.frequency")}</p>
        <p class="caption">{move || t("rfm.click_hint")} " " {basis}</p>
        <div class="chart-grid">
            <ChartView chart=grid name="rfm-grid" on_pick=pick_cell />
            <ChartView chart=segments name="rfm-segments" on_pick=pick_segment />
        </div>
        <h3>{move || t("rfm.segments.title")}</h3>
        <div class="table-scroll">
            <table class="data" data-testid="rfm-table">
                <thead>
                    <tr>
                        <th scope="col">{move || t("table.segment")}</th>
                        <th scope="col">{move || t("table.customers")}</th>
                        <th scope="col">{move || t("rfm.customer_share")}</th>
                        <th scope="col">{move || t("table.revenue")}</th>
                        <th scope="col">{move || t("rfm.revenue_share")}</th>
                        <th scope="col">{move || t("rfm.avg_days")}</th>
                        <th scope="col">{move || t("rfm.avg_orders")}</th>
                    </tr>
                </thead>
                <tbody>{table}</tbody>
            </table>
        </div>
        <ExportButton export=Export::RfmSegments class="button secondary" test_id="export-rfm">
            {move || t("export.csv")}
        </ExportButton>
        <SegmentActions />
        <details class="rules" data-testid="rfm-rules">
            <summary>{move || t("rfm.rules.title")}</summary>
            <p class="caption">{move || t("rfm.rules.intro")}</p>
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{move || t("rfm.rules.name")}</th>
                        <th scope="col">"R"</th>
                        <th scope="col">"F"</th>
                        <th scope="col">"M"</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>
                    {move || (0..rules.with(Vec::len)).map(|i| rule_row(rules, i)).collect_view()}
                </tbody>
            </table>
            <div class="actions">
                <button
                    type="button"
                    class="link"
                    on:click=move |_| rules.update(|r| {
                        r.push(SegmentRule::new(&t("rfm.rules.new_name"), ScoreRange::new(1, 5), ScoreRange::new(1, 5)))
                    })
                >
                    {move || t("rfm.rules.add")}
                </button>
                <button type="button" class="button" data-testid="rfm-rules-apply" on:click=apply_rules>
                    {move || t("rfm.rules.apply")}
                </button>
                <button type="button" class="button secondary" on:click=reset_rules>
                    {move || t("rfm.rules.reset")}
                </button>
            </div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_items_map_to_scores() {
        assert_eq!(grid_cell(0), (5, 1));
        assert_eq!(grid_cell(4), (5, 5));
        assert_eq!(grid_cell(24), (1, 5));
        assert_eq!(grid_cell(12), (3, 3));
    }
}
