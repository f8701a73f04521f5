//! The revenue-per-customer histogram on a canvas.

use leptos::prelude::*;

use crate::charts::histogram::{histogram, Histogram};
use crate::charts::revenue_histogram::{describe, draw, Labels};
use crate::i18n::t;
use crate::state::AppState;

/// About how many bars the histogram has.
const TARGET_BINS: usize = 20;

/// Draws `hist` on `canvas`, sized for the screen's pixel density.
fn paint(canvas: &web_sys::HtmlCanvasElement, hist: &Histogram) {
    if let Some((root, ratio)) = crate::charts::canvas::drawing_area(canvas) {
        let labels = Labels {
            x: t("chart.revenue.x"),
            y: t("chart.revenue.y"),
        };
        if let Err(e) = draw(&root, hist, &labels, ratio) {
            leptos::logging::warn!("the revenue chart could not be drawn: {e}");
        }
    }
}

/// Histogram of revenue per customer.
#[component]
pub fn RevenueChart() -> impl IntoView {
    let state = expect_context::<AppState>();
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let hist = Memo::new(move |_| {
        state
            .overview
            .with(|o| o.as_ref().map(|o| histogram(&o.spend, TARGET_BINS)))
    });
    Effect::new(move |_| {
        if let (Some(canvas), Some(hist)) = (canvas.get(), hist.get()) {
            paint(&canvas, &hist);
        }
    });
    let description = move || hist.with(|h| h.as_ref().map(describe).unwrap_or_default());
    view! {
        <section class="panel" aria-labelledby="spend-title">
            <h2 id="spend-title">{move || t("chart.revenue.title")}</h2>
            <p class="caption">
                {move || t("chart.revenue.caption")}
            </p>
            <canvas
                node_ref=canvas
                class="chart"
                role="img"
                data-testid="revenue-chart"
                aria-label=description
            ></canvas>
        </section>
    }
}
