//! Customers: the per-customer table, virtualised. The worker keeps the rows; the page asks for
//! the window the reader can see (filtered, searched, sorted), so 100 k customers scroll
//! smoothly. Columns can be picked; "Download CSV" saves every matching row with the columns
//! shown.

use leptos::prelude::*;

use crate::app::Analysis;
use crate::format::{amount, count, date, number, percent};
use crate::i18n::{t, t_count, t_with};
use crate::state::AppState;
use crate::worker::{Column, Export, Filter, TableQuery, TableRow};
use clv_engine::CustomerPrediction;

use super::labels::segment_label;

/// The top RFM cell: bought most recently, most often and for the most (score 5 + 5 + 5).
const TOP_RFM: &str = "555";

/// Height of one row in CSS pixels (the stylesheet's `.vrow` has the same).
const ROW_HEIGHT: f64 = 34.0;
/// Height of the scrolling area in CSS pixels.
const VIEW_HEIGHT: f64 = 480.0;
/// Rows asked for around the visible ones.
const WINDOW: u32 = 60;
/// Rows kept above the first visible one in a window.
const ABOVE: u32 = 20;

/// The columns shown at first (the model columns too when there are predictions): annual
/// spend compares a two-year customer with a five-year one, and the RFM cell is what the
/// segments are made of, so both are there without a click. In `Column::ALL`'s order.
const DEFAULT_COLUMNS: [Column; 11] = [
    Column::Customer,
    Column::Orders,
    Column::Revenue,
    Column::Aov,
    Column::LastOrder,
    Column::DaysSince,
    Column::AnnualSpend,
    Column::Rfm,
    Column::Segment,
    Column::PAlive,
    Column::PredictedClv,
];

/// A column's header in the page's language.
pub fn column_label(column: Column) -> String {
    match column {
        Column::Customer => t("table.customer"),
        Column::Orders => t("table.orders"),
        Column::Revenue => t("table.revenue"),
        Column::Aov => t("table.aov"),
        Column::FirstOrder => t("table.first_order"),
        Column::LastOrder => t("table.last_order"),
        Column::DaysSince => t("table.days_since"),
        Column::AnnualSpend => t("table.annual_spend"),
        Column::Rfm => t("table.rfm"),
        Column::Segment => t("table.segment"),
        Column::PAlive => t("table.p_alive"),
        Column::ExpectedPurchases => t("table.expected_purchases"),
        Column::PredictedClv => {
            let margin = use_context::<AppState>().and_then(|s| {
                s.overview
                    .with(|o| o.as_ref().and_then(|o| o.summary.kpis.margin))
            });
            super::clv_label(t("table.predicted_clv"), margin)
        }
    }
}

fn cell_text(row: &TableRow, column: Column, currency: Option<&str>) -> String {
    let opt = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map(f).unwrap_or_else(|| "—".into());
    let predicted =
        |value: fn(&CustomerPrediction) -> Option<f64>| row.prediction.as_ref().and_then(value);
    let c = &row.customer;
    match column {
        Column::Customer => c.customer_id.clone(),
        Column::Orders => count(c.orders as u64),
        Column::Revenue => amount(c.revenue, currency),
        Column::Aov => amount(c.aov, currency),
        Column::FirstOrder => date(c.first_order),
        Column::LastOrder => date(c.last_order),
        Column::DaysSince => number(c.days_since_last_order as f64, 0, 0),
        Column::AnnualSpend => amount(c.annual_spend, currency),
        Column::Rfm => c.rfm_cell.clone(),
        Column::Segment => segment_label(&c.segment),
        Column::PAlive => opt(predicted(|p| p.p_alive), &percent),
        Column::ExpectedPurchases => opt(predicted(|p| p.expected_purchases), &|v| number(v, 2, 2)),
        Column::PredictedClv => opt(predicted(|p| p.predicted_clv), &|v| {
            let range = row
                .prediction
                .as_ref()
                .and_then(|p| p.predicted_clv_low.zip(p.predicted_clv_high));
            super::with_range(v, range, currency)
        }),
    }
}

/// Least width of the customer column, which stays in view while the others scroll sideways:
/// narrower on a phone, so the columns beside it show too.
const CUSTOMER_WIDTH: &str = "clamp(8rem, 36vw, 15rem)";

/// Least width of a column, in rem (the customer column's is [`CUSTOMER_WIDTH`]).
fn column_width(column: Column) -> f64 {
    match column {
        Column::Customer => 15.0,
        // Room for a long medium date ("2025. gada 28. dec.") and a segment name.
        Column::FirstOrder | Column::LastOrder => 11.0,
        Column::Segment => 10.0,
        Column::PAlive | Column::DaysSince | Column::ExpectedPurchases => 8.0,
        Column::PredictedClv => 14.0,
        // A header word such as "Pasūtījumi" and its sort arrow.
        _ => 8.5,
    }
}

fn numeric(column: Column) -> bool {
    !matches!(
        column,
        Column::Customer | Column::Rfm | Column::Segment | Column::FirstOrder | Column::LastOrder
    )
}

/// The customers section.
#[component]
pub fn CustomersSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let analysis = expect_context::<Analysis>();
    let columns = RwSignal::new(DEFAULT_COLUMNS.to_vec());
    let scroller = NodeRef::<leptos::html::Div>::new();
    // Asks for the window starting near `first` with the current filter, search and sort.
    let ask = move |first: u32| {
        let mut q = state.query.get_untracked();
        q.offset = first.saturating_sub(ABOVE);
        q.limit = WINDOW;
        analysis.query_customers(q);
    };
    let restart = move |f: &dyn Fn(&mut TableQuery)| {
        let mut q = state.query.get_untracked();
        f(&mut q);
        q.offset = 0;
        q.limit = WINDOW;
        if let Some(el) = scroller.get_untracked() {
            el.set_scroll_top(0);
        }
        analysis.query_customers(q);
    };
    // The worker holds the rows: ask again whenever a new analysis arrives (and now).
    Effect::new(move |_| {
        if state.overview.with(Option::is_some) {
            ask(0);
        }
    });
    let on_scroll = move |_| {
        let Some(el) = scroller.get_untracked() else {
            return;
        };
        let first = (el.scroll_top() as f64 / ROW_HEIGHT).floor() as u32;
        let visible = (VIEW_HEIGHT / ROW_HEIGHT).ceil() as u32;
        let covered = state.table.with_untracked(|p| {
            p.as_ref().is_some_and(|p| {
                let end = p.offset + p.rows.len() as u32;
                p.offset <= first && (first + visible <= end || end == p.total)
            })
        });
        if !covered {
            ask(first);
        }
    };
    let sort_by = move |column: Column| {
        restart(&|q| {
            if q.sort == column {
                q.descending = !q.descending;
            } else {
                q.sort = column;
                q.descending = !column.ascending_first();
            }
        })
    };
    let total = move || state.table.with(|p| p.as_ref().map_or(0, |p| p.total));
    // Every column has a least width; header and rows share the template and the total, so
    // they stay aligned however wide the screen is.
    // On paper the page's width is the limit: the columns share it in proportion to their
    // widths and the cells wrap (print CSS), instead of running off the sheet.
    let template = move || {
        let printing = state.printing.get();
        columns.with(|c| {
            c.iter()
                .map(|&col| match (col, printing) {
                    (Column::Customer, false) => format!("minmax({CUSTOMER_WIDTH}, 1fr)"),
                    (col, false) => format!("minmax({}rem, 1fr)", column_width(col)),
                    (col, true) => format!("minmax(0, {}fr)", column_width(col)),
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
    };
    let min_width = move || {
        if state.printing.get() {
            return "0".to_string();
        }
        columns.with(|c| {
            let rest: f64 = c
                .iter()
                .filter(|&&col| col != Column::Customer)
                .map(|&col| column_width(col))
                .sum();
            format!("calc({CUSTOMER_WIDTH} + {rest}rem)")
        })
    };
    let header = move || {
        columns
            .get()
            .into_iter()
            .map(|col| {
                let aria = move || {
                    state.query.with(|q| match (q.sort == col, q.descending) {
                        (true, true) => "descending",
                        (true, false) => "ascending",
                        _ => "none",
                    })
                };
                view! {
                    <div role="columnheader" aria-sort=aria class:num=numeric(col)>
                        <button
                            type="button"
                            class="sort"
                            data-testid=format!("sort-{}", col.key())
                            on:click=move |_| sort_by(col)
                        >
                            {column_label(col)}
                        </button>
                    </div>
                }
            })
            .collect_view()
    };
    let rows = move || {
        let cols = columns.get();
        let template = template();
        let cur = state.currency.get();
        state.table.with(|p| {
            p.as_ref().map(|p| {
                p.rows
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let index = p.offset as usize + i;
                        let cells = cols
                            .iter()
                            .map(|&c| {
                                let text = cell_text(r, c, cur.as_deref());
                                // The key in full on hover, where the column cuts it.
                                let title = (c == Column::Customer).then(|| text.clone());
                                view! {
                                    <div role="cell" class:num=numeric(c) title=title>
                                        {text}
                                    </div>
                                }
                            })
                            .collect_view();
                        view! {
                            <div
                                role="row"
                                class="vrow"
                                aria-rowindex=index + 2
                                style:top=format!("{}px", index as f64 * ROW_HEIGHT)
                                style:grid-template-columns=template.clone()
                            >
                                {cells}
                            </div>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let filter_chip = move || {
        let filter = state.query.with(|q| q.filter.clone());
        let text = match filter {
            Filter::All => return None,
            Filter::Segment(s) => segment_label(&s),
            Filter::Cell(r, f) => format!("R {r} · F {f}"),
            Filter::Rfm(cell) => format!("RFM {cell}"),
        };
        Some(view! {
            <span class="chip" data-testid="table-filter">
                {text}
                <button
                    type="button"
                    class="chip-clear"
                    aria-label=t("table.clear_filter")
                    on:click=move |_| restart(&|q| q.filter = Filter::All)
                >
                    "×"
                </button>
            </span>
        })
    };
    // The segments whose name as shown (in the reader's language) contains the search.
    let segments_named = move |text: &str| -> Vec<String> {
        let search = text.trim().to_lowercase();
        if search.is_empty() {
            return Vec::new();
        }
        state.overview.with_untracked(|o| {
            o.as_ref()
                .map(|o| {
                    o.summary
                        .rfm
                        .segments
                        .iter()
                        .map(|s| s.segment.clone())
                        .filter(|name| segment_label(name).to_lowercase().contains(&search))
                        .collect()
                })
                .unwrap_or_default()
        })
    };
    let export = move |_| {
        analysis.export(Export::Customers {
            query: state.query.get_untracked(),
            columns: columns.get_untracked(),
        })
    };
    let column_choice = move |col: Column| {
        let checked = move || columns.with(|c| c.contains(&col));
        view! {
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=checked
                    disabled=col == Column::Customer
                    on:change=move |_| {
                        columns.update(|c| {
                            if let Some(i) = c.iter().position(|x| *x == col) {
                                c.remove(i);
                            } else {
                                c.push(col);
                                c.sort_by_key(|x| Column::ALL.iter().position(|a| a == x));
                            }
                        })
                    }
                />
                {column_label(col)}
            </label>
        }
    };
    view! {
        <div class="table-tools">
            <label class="search">
                <span class="visually-hidden">{move || t("table.search")}</span>
                <input
                    type="search"
                    data-testid="table-search"
                    placeholder=move || t("table.search")
                    prop:value=move || state.query.with(|q| q.search.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        let segments = segments_named(&text);
                        restart(&|q| {
                            q.search = text.clone();
                            q.segments = segments.clone();
                        })
                    }
                />
            </label>
            <button
                type="button"
                class="button secondary"
                data-testid="filter-top-rfm"
                aria-pressed=move || state.query.with(|q| q.filter == Filter::Rfm(TOP_RFM.into())).to_string()
                on:click=move |_| restart(&|q| q.filter = Filter::Rfm(TOP_RFM.into()))
            >
                {move || t_with("table.top_rfm", &[("cell", TOP_RFM)])}
            </button>
            {filter_chip}
            <details class="columns">
                <summary data-testid="table-columns">{move || t("table.columns")}</summary>
                <div class="column-list">{Column::ALL.into_iter().map(column_choice).collect_view()}</div>
            </details>
            <button type="button" class="button secondary" data-testid="export-customers" on:click=export>
                {move || t("export.csv")}
            </button>
        </div>
        <p class="caption" data-testid="table-count">
            {move || t_count("table.count", total() as f64, &[])}
        </p>
        // One box scrolls both ways, so the header stays on top and the customer column stays
        // on the left (both sticky) wherever the reader scrolls.
        <div
            class="vtable"
            role="table"
            aria-label=move || t("section.customers")
            aria-rowcount=move || total() + 1
            data-testid="customer-table"
            node_ref=scroller
            on:scroll=on_scroll
            tabindex="0"
            style:height=format!("{VIEW_HEIGHT}px")
        >
            <div role="rowgroup" class="vhead" style:min-width=min_width>
                <div role="row" class="vrow head" style:grid-template-columns=template>
                    {header}
                </div>
            </div>
            <div class="vbody" role="rowgroup" style:min-width=min_width>
                <div class="vspace" style:height=move || format!("{}px", total() as f64 * ROW_HEIGHT)>
                    {rows}
                </div>
            </div>
        </div>
    }
}
