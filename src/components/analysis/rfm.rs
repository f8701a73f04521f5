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
use crate::i18n::{t, t_with};
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

/// A score range of a rule that holds no score (lowest above highest, "R 4–2"): which rule,
/// the score's letter, its range.
#[derive(Debug, Clone, PartialEq)]
struct ReversedRange {
    rule: usize,
    name: String,
    score: &'static str,
    range: ScoreRange,
}

/// The ranges of `rules` that hold no score. Such a rule would match no customer and empty
/// its segment, so rules with one are not applied.
fn reversed_ranges(rules: &[SegmentRule]) -> Vec<ReversedRange> {
    rules
        .iter()
        .enumerate()
        .flat_map(|(rule, r)| {
            [("R", r.recency), ("F", r.frequency), ("M", r.monetary)]
                .into_iter()
                .filter(|(_, range)| range.min > range.max)
                .map(move |(score, range)| ReversedRange {
                    rule,
                    name: r.name.clone(),
                    score,
                    range,
                })
        })
        .collect()
}

/// `rules` with rule `i` moved one place up (`up`) or down; `None` when it cannot move.
fn moved(rules: &[SegmentRule], i: usize, up: bool) -> Option<Vec<SegmentRule>> {
    let j = if up { i.checked_sub(1)? } else { i + 1 };
    if j >= rules.len() || i >= rules.len() {
        return None;
    }
    let mut out = rules.to_vec();
    out.swap(i, j);
    Some(out)
}

/// The name field's new value: what was typed, unless it is the name shown for the rule's
/// own (translated) name, which keeps the engine's name ("Champions" stays "Champions" when a
/// Latvian reader leaves "Čempioni" as it is).
fn typed_name(current: &str, typed: &str) -> String {
    if typed.trim() == segment_label(current) {
        current.to_string()
    } else {
        typed.trim().to_string()
    }
}

/// One editable rule's row.
fn rule_row(rules: RwSignal<Vec<SegmentRule>>, i: usize) -> impl IntoView {
    let range = move |get: fn(&SegmentRule) -> ScoreRange,
                      set: fn(&mut SegmentRule, ScoreRange),
                      min: bool,
                      label: String| {
        let reversed = move || rules.with(|r| r.get(i).is_some_and(|x| get(x).min > get(x).max));
        view! {
            <input
                type="number"
                min="1"
                max="5"
                aria-invalid=move || reversed().to_string()
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
    // Shown in the reader's language; the engine's name is kept unless the user renames it.
    let name = move || rules.with(|r| r.get(i).map(|x| segment_label(&x.name)).unwrap_or_default());
    let count = move || rules.with(Vec::len);
    let move_rule = move |up: bool| {
        let next = rules.with_untracked(|r| moved(r, i, up));
        if let Some(next) = next {
            rules.set(next);
            // The focus follows the rule (to the other arrow where this one ends).
            let j = if up { i - 1 } else { i + 1 };
            let at_end = if up { j == 0 } else { j + 1 == count() };
            let arrow = if up != at_end { "up" } else { "down" };
            crate::browser::focus_element(&format!("rule-{arrow}-{j}"));
        }
    };
    view! {
        <tr>
            <td>
                <input
                    type="text"
                    aria-label=t("rfm.rules.name")
                    prop:value=name
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        rules.update(|r| if let Some(x) = r.get_mut(i) { x.name = typed_name(&x.name, &v) })
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
            <td class="rule-actions">
                <button
                    type="button"
                    class="link"
                    id=format!("rule-up-{i}")
                    data-testid=format!("rule-up-{i}")
                    aria-label=move || t_with("rfm.rules.move_up", &[("segment", &name())])
                    disabled=move || i == 0
                    on:click=move |_| move_rule(true)
                >
                    "↑"
                </button>
                <button
                    type="button"
                    class="link"
                    id=format!("rule-down-{i}")
                    data-testid=format!("rule-down-{i}")
                    aria-label=move || t_with("rfm.rules.move_down", &[("segment", &name())])
                    disabled=move || { i + 1 >= count() }
                    on:click=move |_| move_rule(false)
                >
                    "↓"
                </button>
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
    // Rules with a range that holds no score are refused, with why, and not applied.
    let reversed = Memo::new(move |_| rules.with(|r| reversed_ranges(r)));
    let apply_rules = move |_| {
        if !reversed.with_untracked(Vec::is_empty) {
            return;
        }
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
            <div class="table-scroll">
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
            </div>
            {move || {
                reversed.with(|list| {
                    (!list.is_empty()).then(|| {
                        let lines = list
                            .iter()
                            .map(|x| {
                                view! {
                                    <li>
                                        {t_with(
                                            "rfm.rules.reversed",
                                            &[
                                                ("segment", &segment_label(&x.name)),
                                                ("score", x.score),
                                                ("min", &x.range.min.to_string()),
                                                ("max", &x.range.max.to_string()),
                                            ],
                                        )}
                                    </li>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="error" role="alert" data-testid="rfm-rules-refused">
                                <ul>{lines}</ul>
                                <p>{t("rfm.rules.not_applied")}</p>
                            </div>
                        }
                    })
                })
            }}
            <div class="actions">
                <button
                    type="button"
                    class="link"
                    data-testid="rfm-rules-add"
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
    fn reversed_ranges_are_found_and_rules_move_one_place() {
        let mut rules = default_rules();
        assert!(reversed_ranges(&rules).is_empty());
        rules[1].recency = ScoreRange::new(4, 2);
        let found = reversed_ranges(&rules);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].rule, found[0].score), (1, "R"));
        assert_eq!(found[0].name, "Loyal");
        let up = moved(&rules, 1, true).unwrap();
        assert_eq!(up[0].name, "Loyal");
        assert_eq!(up[1].name, "Champions");
        let down = moved(&rules, 0, false).unwrap();
        assert_eq!(down[1].name, "Champions");
        assert_eq!(moved(&rules, 0, true), None);
        assert_eq!(moved(&rules, rules.len() - 1, false), None);
    }

    #[test]
    fn a_name_left_as_shown_keeps_the_engines_name() {
        // Natively the tables give English, so the label of "Other" is its English text.
        assert_eq!(typed_name("Champions", "Champions"), "Champions");
        assert_eq!(typed_name("Champions", " Stars "), "Stars");
        assert_eq!(typed_name("Other", &segment_label("Other")), "Other");
    }

    #[test]
    fn grid_items_map_to_scores() {
        assert_eq!(grid_cell(0), (5, 1));
        assert_eq!(grid_cell(4), (5, 5));
        assert_eq!(grid_cell(24), (1, 5));
        assert_eq!(grid_cell(12), (3, 3));
    }
}
