//! Tests that need a real browser: run with `cargo test --target wasm32-unknown-unknown --test
//! wasm` (headless Chromium through wasm-bindgen-test-runner).
#![cfg(target_arch = "wasm32")]

use clv_lens::charts::histogram::histogram;
use clv_lens::charts::palette::PRIMARY;
use clv_lens::charts::revenue_histogram::HistogramChart;
use clv_lens::charts::{Plot, ValueKind};
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn canvas(width: u32, height: u32) -> web_sys::HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap();
    canvas.set_width(width);
    canvas.set_height(height);
    document.body().unwrap().append_child(&canvas).unwrap();
    canvas
}

/// Pixels of the canvas painted exactly in `color`.
fn pixels_of(canvas: &web_sys::HtmlCanvasElement, color: (u8, u8, u8)) -> usize {
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let data = ctx
        .get_image_data(0.0, 0.0, canvas.width() as f64, canvas.height() as f64)
        .unwrap()
        .data();
    data.chunks_exact(4)
        .filter(|p| (p[0], p[1], p[2]) == color && p[3] == 255)
        .count()
}

#[wasm_bindgen_test]
fn the_revenue_histogram_paints_bars_on_a_canvas() {
    let canvas = canvas(480, 300);
    let bars = (PRIMARY.0, PRIMARY.1, PRIMARY.2);
    assert_eq!(pixels_of(&canvas, bars), 0);
    let revenue: Vec<f64> = (0..500).map(|i| ((i * 37) % 400) as f64).collect();
    let chart = HistogramChart {
        title: String::new(),
        x_title: "Revenue per customer".into(),
        y_title: "Customers".into(),
        x_kind: ValueKind::Money,
        histogram: histogram(&revenue, 10),
    };
    let root = CanvasBackend::with_canvas_object(canvas.clone())
        .unwrap()
        .into_drawing_area();
    chart.draw(&root, &|_, v| format!("{v:.0}"), 1.0).unwrap();
    // The bars cover a good part of the plot area (roughly 400 × 230 px).
    let painted = pixels_of(&canvas, bars);
    assert!(painted > 20_000, "only {painted} bar pixels");
}

#[wasm_bindgen_test]
fn numbers_are_formatted_by_the_browser_intl() {
    assert_eq!(clv_lens::format::count(23_570), "23,570");
    assert_eq!(clv_lens::format::money(244_091.94), "244,091.94");
    assert_eq!(clv_lens::format::money(0.5), "0.50");
}

#[wasm_bindgen_test]
fn the_worker_job_analyses_the_bundled_sample_in_wasm() {
    use clv_lens::worker::{run_in_memory, Response};
    let bytes = include_bytes!("../public/sample-orders.csv");
    let mut responses = Vec::new();
    let session = run_in_memory(
        "sample-orders.csv",
        bytes,
        4096,
        clv_engine::ImportOptions::new(),
        |r| responses.push(r),
    )
    .expect("a report");
    assert!(matches!(responses.last(), Some(Response::Overview(_))));
    let report = &session.report;
    // The same report the engine makes of the whole file at once (and `clv report` natively).
    let whole = clv_engine::analyze(bytes, &clv_engine::AnalysisOptions::new()).unwrap();
    assert_eq!(report.summary.kpis, whole.summary.kpis);
    assert_eq!(report.summary.rows, whole.summary.rows);
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
    assert_eq!(
        report.summary.rows.total,
        lines - 1,
        "every data row counted"
    );
    // The models ran in wasm too, with finite parameters.
    let bg = report
        .summary
        .models
        .as_ref()
        .and_then(|m| m.bg_nbd.as_ref())
        .expect("BG/NBD fitted");
    assert!(bg.params.r.is_finite() && bg.params.r > 0.0);
}

#[wasm_bindgen_test]
fn plural_categories_come_from_intl_plural_rules() {
    use clv_lens::i18n::{plural_category, Lang};
    // Russian and Polish: one / few / many; Latvian: zero / one / other; Chinese: other.
    let ru: Vec<_> = [1.0, 3.0, 5.0, 21.0, 1.5]
        .iter()
        .map(|&n| plural_category(Lang::Ru, n))
        .collect();
    assert_eq!(ru, ["one", "few", "many", "one", "other"]);
    let pl: Vec<_> = [1.0, 22.0, 12.0, 0.0]
        .iter()
        .map(|&n| plural_category(Lang::Pl, n))
        .collect();
    assert_eq!(pl, ["one", "few", "many", "many"]);
    let lv: Vec<_> = [0.0, 11.0, 21.0, 2.0]
        .iter()
        .map(|&n| plural_category(Lang::Lv, n))
        .collect();
    assert_eq!(lv, ["zero", "zero", "one", "other"]);
    assert_eq!(plural_category(Lang::ZhTw, 1.0), "other");
}

#[wasm_bindgen_test]
fn money_follows_the_language_and_currency() {
    use clv_lens::i18n::{set_current, t_count, Lang};
    set_current(Lang::Lv);
    assert_eq!(clv_lens::format::currency(52.8, "EUR"), "52,80\u{a0}€");
    assert_eq!(t_count("calc.payback_months", 0.0, &[]), "0 mēnešu");
    set_current(Lang::Ru);
    assert_eq!(t_count("calc.payback_months", 22.0, &[]), "22 месяца");
    set_current(Lang::En);
    assert_eq!(clv_lens::format::currency(52.8, "EUR"), "€52.80");
}

#[wasm_bindgen_test]
fn lists_and_percentages_are_written_by_intl_in_each_language() {
    use clv_lens::format::{list, percent, series};
    use clv_lens::i18n::{set_current, Lang};
    set_current(Lang::ZhTw);
    // Chinese joins a list with 、 and no space, never with ", ".
    assert_eq!(list(&["a", "b", "c"]), "a、b和c");
    assert_eq!(series(&["3", "5", "…"]), "3、5、…");
    assert_eq!(percent(0.125), "12.5%");
    set_current(Lang::Lv);
    assert_eq!(list(&["a", "b", "c"]), "a, b un c");
    assert_eq!(series(&["3", "5", "…"]), "3, 5, …");
    // Latvian and Polish write no space before the sign, Russian a no-break space: what the old
    // typed "{pct} %" got wrong.
    assert_eq!(percent(0.125), "12,5%");
    set_current(Lang::Ru);
    assert_eq!(percent(0.125), "12,5\u{a0}%");
    set_current(Lang::En);
    assert_eq!(list(&["a", "b"]), "a and b");
    assert_eq!(percent(0.1), "10%");
}

#[wasm_bindgen_test]
fn counted_sentences_agree_with_their_numbers() {
    use clv_lens::i18n::{add_analyzer_table, set_current, t_count, use_analyzer_tables, Lang};
    use_analyzer_tables();
    // The page fetches the Russian analyzer table (the e2e tests show it); here it is compiled in.
    add_analyzer_table(Lang::Ru, include_str!("../locales/analyzer/ru.txt"));
    set_current(Lang::Ru);
    assert_eq!(t_count("winback.one_time", 3.0, &[]), "3 разовых клиента");
    assert_eq!(t_count("winback.one_time", 5.0, &[]), "5 разовых клиентов");
    assert_eq!(t_count("winback.days", 21.0, &[]), "21 дня");
    let big = t_count("value.big.summary", 1.0, &[("threshold", "179,85")]);
    assert!(big.starts_with("1 заказ необычно крупный"), "{big}");
    set_current(Lang::Pl);
    assert_eq!(
        t_count(
            "calc.monthly_formula",
            3.0,
            &[("monthly", "10"), ("margin", "30%")]
        ),
        "10 miesięcznie × 3 miesiące × 30%"
    );
    set_current(Lang::En);
    assert_eq!(t_count("winback.lapsed", 1.0, &[]), "1 repeat customer");
}
