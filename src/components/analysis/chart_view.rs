//! One chart on the page: painted with plotters on a canvas (sharp on high-DPI screens), a
//! tooltip with the exact values under the pointer (from the regions the drawing reports, so
//! it matches what is drawn), an optional click action (filters), PNG and SVG downloads (the
//! SVG drawn by the same code through plotters' SVG backend), and the data as a table for
//! screen readers and anyone who wants the numbers.

use leptos::prelude::*;

use crate::browser::{save_canvas_png, save_text};
use crate::charts::canvas::drawing_area;
use crate::charts::{hit_at, Chart, Hit, Plot, ValueKind};
use crate::format;
use crate::i18n::t;
use crate::state::AppState;
use crate::worker::Failure;

/// Size of the exported SVG, in CSS pixels.
const SVG_SIZE: (u32, u32) = (880, 440);

/// Formats a chart value for the page's language (and the analysis's currency).
pub fn page_format(currency: Option<String>) -> impl Fn(ValueKind, f64) -> String {
    move |kind, value| match kind {
        ValueKind::Count => format::number(value, 0, 0),
        ValueKind::Money => format::amount(value, currency.as_deref()),
        ValueKind::Share => format::percent(value),
        ValueKind::Number => format::number(value, 0, 2),
    }
}

/// A chart with tooltip, downloads and a text alternative. `name` names the files and the
/// test id (`chart-<name>`); `on_pick` is called with the item clicked.
#[component]
pub fn ChartView(
    /// The chart to draw (a memo of the data).
    #[prop(into)]
    chart: Signal<Option<Chart>>,
    /// Short stable name: file names and `data-testid="chart-<name>"`.
    name: &'static str,
    /// Called with the clicked item, when clicking means something (e.g. filter the table).
    #[prop(optional)]
    on_pick: Option<Callback<usize>>,
    /// Extra CSS class for the canvas (e.g. "chart tall").
    #[prop(optional)]
    tall: bool,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let hits = StoredValue::new(Vec::<Hit>::new());
    let ratio = StoredValue::new(1.0f64);
    let tooltip = RwSignal::new(None::<String>);
    let tip = NodeRef::<leptos::html::Div>::new();
    let fmt = move || page_format(state.currency.get());
    // Painting the canvas is the one effect: it pushes the chart into the non-reactive canvas.
    // Each chart is painted in a task of its own, after the task that renders the page: a
    // report shows several charts at once, and painting them all in that task would hold the
    // page's thread past 50 ms. (The component may be gone by then: nothing is kept.)
    Effect::new(move |_| {
        let format = fmt();
        // Re-paint when the language changes (ticks and labels are formatted for it).
        let _ = crate::i18n::current();
        let (Some(canvas), Some(chart)) = (canvas.get(), chart.get()) else {
            return;
        };
        let paint = move || {
            if let Some((root, scale)) = drawing_area(&canvas) {
                let drawn = chart.draw(&root, &format, scale).unwrap_or_default();
                let _ = ratio.try_set_value(scale);
                let _ = hits.try_set_value(drawn);
            }
        };
        set_timeout(paint, std::time::Duration::ZERO);
    });
    // Backend pixels per CSS pixel: the pixel ratio, or more when the canvas is smaller than
    // the least size it is drawn at.
    let backend_per_css = move || {
        canvas
            .get_untracked()
            .filter(|c| c.client_width() > 0)
            .map_or(ratio.get_value(), |c| {
                c.width() as f64 / c.client_width() as f64
            })
    };
    // Shows `item`'s tooltip beside (x, y) in CSS pixels, or hides it.
    let show_tip = move |item: Option<usize>, x: f64, y: f64| {
        let text = item
            .and_then(|item| chart.with_untracked(|c| c.as_ref().map(|c| c.tooltip(item, &fmt()))));
        // Placed through the CSS object model: the page's CSP allows no style attributes.
        if let (Some(el), true) = (tip.get_untracked(), text.is_some()) {
            let style = web_sys::HtmlElement::style(&el);
            let _ = style.set_property("left", &format!("{:.0}px", x + 12.0));
            let _ = style.set_property("top", &format!("{:.0}px", y + 12.0));
        }
        tooltip.set(text);
    };
    let item_at = move |ev: &web_sys::MouseEvent| {
        let r = backend_per_css();
        let (x, y) = (ev.offset_x() as f64 * r, ev.offset_y() as f64 * r);
        hits.with_value(|h| hit_at(h, x as i32, y as i32))
    };
    let on_move = move |ev: web_sys::MouseEvent| {
        show_tip(item_at(&ev), ev.offset_x() as f64, ev.offset_y() as f64);
    };
    // Keyboard: arrows walk through the drawn items (showing each one's tooltip), Enter picks.
    // A grid (the heat map) is walked as drawn: left/right along a row, up/down a column.
    let cursor = StoredValue::new(None::<usize>);
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let count = hits.with_value(Vec::len);
        if count == 0 {
            return;
        }
        if let Some(grid) = chart.with_untracked(|c| c.as_ref().and_then(Chart::grid)) {
            let direction = match ev.key().as_str() {
                "ArrowRight" => Some((0, 1)),
                "ArrowLeft" => Some((0, -1)),
                "ArrowDown" => Some((1, 0)),
                "ArrowUp" => Some((-1, 0)),
                _ => None,
            };
            if let Some(direction) = direction {
                ev.prevent_default();
                let next = match cursor.get_value() {
                    Some(i) => hits.with_value(|h| grid.step(h, i, direction)).unwrap_or(i),
                    None => 0,
                };
                cursor.set_value(Some(next));
                if let Some(hit) = hits.with_value(|h| h.get(next).copied()) {
                    let r = backend_per_css();
                    let (x, y) = ((hit.x + hit.w / 2) as f64, (hit.y + hit.h / 2) as f64);
                    show_tip(Some(hit.item), x / r, y / r);
                }
                return;
            }
        }
        let step: i64 = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => 1,
            "ArrowLeft" | "ArrowUp" => -1,
            "Enter" | " " => {
                let item = cursor
                    .get_value()
                    .and_then(|i| hits.with_value(|h| h.get(i).map(|h| h.item)));
                if let (Some(pick), Some(item)) = (on_pick, item) {
                    ev.prevent_default();
                    pick.run(item);
                }
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        let next = match cursor.get_value() {
            Some(i) => (i as i64 + step).rem_euclid(count as i64) as usize,
            None => 0,
        };
        cursor.set_value(Some(next));
        if let Some(hit) = hits.with_value(|h| h.get(next).copied()) {
            let r = backend_per_css();
            let (x, y) = ((hit.x + hit.w / 2) as f64, (hit.y + hit.h / 2) as f64);
            show_tip(Some(hit.item), x / r, y / r);
        }
    };
    let on_click = move |ev: web_sys::MouseEvent| {
        if let (Some(pick), Some(item)) = (on_pick, item_at(&ev)) {
            pick.run(item);
        }
    };
    let description =
        move || chart.with(|c| c.as_ref().map(|c| c.describe(&fmt())).unwrap_or_default());
    let save_png = move |_| {
        if let Some(canvas) = canvas.get_untracked() {
            if let Err(e) = save_canvas_png(&canvas, &format!("{name}.png")) {
                state
                    .status
                    .set(crate::state::Status::Failed(Failure::browser(e)));
            }
        }
    };
    let save_svg = move |_| {
        let svg =
            chart.with_untracked(|c| c.as_ref().map(|c| c.svg(SVG_SIZE.0, SVG_SIZE.1, &fmt())));
        if let Some(svg) = svg {
            if let Err(e) = save_text(&format!("{name}.svg"), "image/svg+xml", &svg) {
                state
                    .status
                    .set(crate::state::Status::Failed(Failure::browser(e)));
            }
        }
    };
    let table = move || {
        chart.with(|c| {
            c.as_ref().map(|c| {
                let (header, rows) = c.table(&fmt());
                view! {
                    <table class="data">
                        <thead>
                            <tr>{header.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|r| view! { <tr>{r.into_iter().map(|v| view! { <td>{v}</td> }).collect_view()}</tr> })
                                .collect_view()}
                        </tbody>
                    </table>
                }
            })
        })
    };
    // The chart's title, shown above it on screen and on paper (the canvas draws none; the
    // SVG download draws it in the picture).
    let title = move || {
        chart.with(|c| {
            c.as_ref()
                .map(|c| c.title().to_string())
                .unwrap_or_default()
        })
    };
    let clickable = on_pick.is_some();
    view! {
        <figure class="chart-box" data-testid=format!("chart-{name}")>
            {move || {
                let title = title();
                (!title.is_empty())
                    .then(|| view! { <p class="chart-title" data-testid=format!("chart-title-{name}")>{title}</p> })
            }}
            <div class="chart-stage">
                <canvas
                    node_ref=canvas
                    class=if tall { "chart tall" } else { "chart" }
                    class:clickable=clickable
                    role="img"
                    aria-label=description
                    on:mousemove=on_move
                    on:mouseleave=move |_| tooltip.set(None)
                    on:blur=move |_| tooltip.set(None)
                    on:keydown=on_key
                    tabindex="0"
                    on:click=on_click
                ></canvas>
                <div
                    class="tooltip"
                    role="status"
                    data-testid="chart-tooltip"
                    node_ref=tip
                    hidden=move || tooltip.with(Option::is_none)
                >
                    {move || tooltip.get()}
                </div>
            </div>
            <figcaption class="chart-actions no-print">
                <button type="button" class="link" data-testid=format!("png-{name}") on:click=save_png>
                    {move || t("chart.save_png")}
                </button>
                <button type="button" class="link" data-testid=format!("svg-{name}") on:click=save_svg>
                    {move || t("chart.save_svg")}
                </button>
                <details class="chart-data">
                    <summary>{move || t("chart.show_data")}</summary>
                    {table}
                </details>
            </figcaption>
        </figure>
    }
}
