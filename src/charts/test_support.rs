//! What the charts' tests share: a plain formatter, drawing into an SVG string, and the checks
//! every exported document passes.

use plotters::prelude::*;

use super::frame::Plot;
use super::hit::Hit;
use super::value_format::ValueKind;

/// A plain formatter for tests: counts whole, money with two decimals and a euro sign,
/// shares as whole percent, other numbers with up to two decimals.
pub(crate) fn plain(kind: ValueKind, v: f64) -> String {
    match kind {
        ValueKind::Count => format!("{v:.0}"),
        ValueKind::Money => format!("€{v:.2}"),
        ValueKind::Share => format!("{:.0}%", v * 100.0),
        ValueKind::Number => {
            let s = format!("{v:.2}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
    }
}

/// Draws `chart` at scale 1 into an SVG document of `size` with the [`plain`] formatter:
/// the document and the hover regions.
pub(crate) fn draw_svg(chart: &impl Plot, size: (u32, u32)) -> (String, Vec<Hit>) {
    let mut svg = String::new();
    let hits = {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        chart.draw(&root, &plain, 1.0).unwrap()
    };
    (svg, hits)
}

/// Asserts that `svg` is a whole SVG document showing each of `texts`.
pub(crate) fn assert_svg_shows(svg: &str, texts: &[&str]) {
    assert!(
        svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
        "{svg}"
    );
    for text in texts {
        assert!(svg.contains(text), "{text}");
    }
}
