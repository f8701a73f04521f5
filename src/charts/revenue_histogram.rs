//! "How much do customers spend?": a histogram of revenue per customer.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::histogram::Histogram;
use super::palette::{INK, PAPER, PRIMARY};

/// Texts drawn in the chart (translated by the caller).
#[derive(Debug, Clone, PartialEq)]
pub struct Labels {
    /// Horizontal axis title.
    pub x: String,
    /// Vertical axis title.
    pub y: String,
}

impl Default for Labels {
    fn default() -> Self {
        Labels {
            x: "Revenue per customer".into(),
            y: "Customers".into(),
        }
    }
}

/// Draws the histogram on any plotters backend. `scale` multiplies font sizes and margins
/// (the device pixel ratio on screen, 1 for SVG).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    histogram: &Histogram,
    labels: &Labels,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as u32;
    root.fill(&PAPER)?;
    let (Some(first), Some(last)) = (histogram.bins.first(), histogram.bins.last()) else {
        return root.present();
    };
    // Counts are whole numbers: an integer axis gets whole-number ticks.
    let y_top = (histogram.max_count() as f64 * 1.1).ceil().max(1.0) as u32;
    let font = ("sans-serif", px(13.0)).into_font().color(&INK);
    let mut chart = ChartBuilder::on(root)
        .margin(px(10.0))
        .x_label_area_size(px(44.0))
        .y_label_area_size(px(56.0))
        .build_cartesian_2d(first.start..last.end, 0u32..y_top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(PAPER)
        .x_desc(labels.x.as_str())
        .y_desc(labels.y.as_str())
        .axis_desc_style(font.clone())
        .label_style(font)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .draw()?;
    chart.draw_series(
        histogram
            .bins
            .iter()
            .map(|b| Rectangle::new([(b.start, 0), (b.end, b.count)], PRIMARY.filled())),
    )?;
    root.present()
}

/// A plain-words description of the chart for screen readers.
pub fn describe(histogram: &Histogram) -> String {
    // The first of equally tall bars (max_by_key keeps the last, so search from the right).
    let Some(top) = histogram.bins.iter().rev().max_by_key(|b| b.count) else {
        return "No customers to chart.".into();
    };
    let mut text = format!(
        "Histogram of revenue per customer, {} customers. Most common range {:.0} to {:.0}: {} customers.",
        histogram.total(),
        top.start,
        top.end,
        top.count
    );
    if let (true, Some(last)) = (histogram.open_ended, histogram.bins.last()) {
        text.push_str(&format!(
            " The last bar holds everyone from {:.0} up: {} customers.",
            last.start, last.count
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::histogram::histogram;

    #[test]
    fn renders_one_bar_per_bin_to_svg() {
        let values: Vec<f64> = (0..200).map(|i| (i % 37) as f64 * 3.5).collect();
        let h = histogram(&values, 10);
        assert!(h.bins.iter().all(|b| b.count > 0));
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (640, 360)).into_drawing_area();
            draw(&root, &h, &Labels::default(), 1.0).unwrap();
        }
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("Revenue per customer"));
        assert!(svg.contains("Customers"));
        // One filled rectangle in the primary colour per bar.
        assert_eq!(svg.matches("fill=\"#0072B2\"").count(), h.bins.len());
    }

    #[test]
    fn describes_the_tallest_bar_and_the_open_end() {
        // 1..=20 and 1000: bins of 5 up to 25 (see histogram's test), the last one open-ended.
        let values: Vec<f64> = (1..=20).map(f64::from).chain([1000.0]).collect();
        assert_eq!(
            describe(&histogram(&values, 4)),
            "Histogram of revenue per customer, 21 customers. Most common range 5 to 10: 5 \
             customers. The last bar holds everyone from 20 up: 2 customers."
        );
        assert_eq!(describe(&Histogram::default()), "No customers to chart.");
    }
}
