//! "How much do customers spend?": a histogram of revenue per customer, as a chart of the kit
//! ([`HistogramChart`]) and through the older [`draw`] / [`describe`] pair.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::frame::{self, Axis, Layout};
use super::histogram::Histogram;
use super::hit::Hit;
use super::palette::{PAPER, PRIMARY};
use super::value_format::{Format, ValueKind};

/// A histogram with its texts. Item numbering: the bins, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct HistogramChart {
    /// Title (the page's heading; drawn only in the SVG export).
    pub title: String,
    /// Horizontal axis title (what was binned, e.g. revenue per customer).
    pub x_title: String,
    /// Vertical axis title (what was counted, e.g. customers).
    pub y_title: String,
    /// What the binned values are, for formatting the bin edges.
    pub x_kind: ValueKind,
    /// The bins.
    pub histogram: Histogram,
}

impl HistogramChart {
    /// Whether there is no bin.
    pub fn is_empty(&self) -> bool {
        self.histogram.bins.is_empty()
    }

    /// The range a bin holds: "from–to"; "≥ from" for the open-ended last bin and "< to" for
    /// a first bin that also holds values below its start.
    pub fn bin_range(&self, bin: usize, fmt: Format) -> String {
        let h = &self.histogram;
        let Some(b) = h.bins.get(bin) else {
            return String::new();
        };
        let (from, to) = (fmt(self.x_kind, b.start), fmt(self.x_kind, b.end));
        let open_end = h.open_ended && bin + 1 == h.bins.len();
        let open_start = h.below_first > 0 && bin == 0;
        match (open_start, open_end) {
            (false, true) => format!("≥ {from}"),
            (true, false) => format!("< {to}"),
            _ => format!("{from}–{to}"),
        }
    }

    /// "from–to: count".
    pub fn tooltip(&self, item: usize, fmt: Format) -> String {
        match self.histogram.bins.get(item) {
            Some(b) => format!(
                "{}: {}",
                self.bin_range(item, fmt),
                fmt(ValueKind::Count, b.count as f64)
            ),
            None => String::new(),
        }
    }

    /// Every bin's tooltip, for the description.
    pub(crate) fn described_items(&self, fmt: Format) -> Vec<String> {
        (0..self.histogram.bins.len())
            .map(|i| self.tooltip(i, fmt))
            .collect()
    }

    /// A row per bin: its range and its count.
    pub fn table(&self, fmt: Format) -> (Vec<String>, Vec<Vec<String>>) {
        let header = vec![self.x_title.clone(), self.y_title.clone()];
        let rows = self
            .histogram
            .bins
            .iter()
            .enumerate()
            .map(|(i, b)| {
                vec![
                    self.bin_range(i, fmt),
                    fmt(ValueKind::Count, b.count as f64),
                ]
            })
            .collect();
        (header, rows)
    }

    /// Draws the bars and returns one hit region per bin (its bar, from zero to its count).
    pub fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        fmt: Format,
        scale: f64,
    ) -> Result<Vec<Hit>, DrawingAreaErrorKind<DB::ErrorType>> {
        root.fill(&PAPER)?;
        let bins = &self.histogram.bins;
        let (Some(first), Some(last)) = (bins.first(), bins.last()) else {
            root.present()?;
            return Ok(Vec::new());
        };
        let (width, height) = root.dim_in_pixel();
        let layout = Layout::new(!self.x_title.is_empty(), scale);
        let top = self.histogram.max_count() as f64;
        let (ylo, yhi, y_ticks) = frame::value_axis(
            (0.0, top),
            ValueKind::Count,
            fmt,
            layout.plot_height(height as f64),
            false,
            scale,
        );
        let layout = layout.with_y_labels(
            y_ticks.iter().map(|t| &t.1),
            !self.y_title.is_empty(),
            scale,
        );
        let (xlo, xhi, x_ticks) = frame::value_axis(
            (first.start, last.end),
            self.x_kind,
            fmt,
            layout.plot_width(width as f64),
            true,
            scale,
        );
        let x = Axis {
            range: (xlo, xhi),
            ticks: x_ticks,
            title: self.x_title.clone(),
            grid: false,
        };
        let y = Axis {
            range: (ylo, yhi),
            ticks: y_ticks,
            title: self.y_title.clone(),
            grid: true,
        };
        let mut chart = frame::build(root, &layout, &x, &y, scale)?;
        let mut hits = Vec::new();
        let mut rects = Vec::new();
        for (i, b) in bins.iter().enumerate() {
            let (p, q) = ((b.start, 0.0), (b.end, b.count as f64));
            let hit = Hit::between(chart.backend_coord(&p), chart.backend_coord(&q), i);
            let mut rect = Rectangle::new([p, q], PRIMARY.filled());
            // A hairline of paper between neighbouring bars, when they are wide enough.
            if hit.w >= 4 {
                rect.set_margin(0, 0, 0, 1);
            }
            rects.push(rect);
            hits.push(hit);
        }
        chart.draw_series(rects)?;
        root.present()?;
        Ok(hits)
    }
}

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

/// Draws the histogram on any plotters backend, bin edges as whole numbers. `scale` multiplies
/// font sizes and margins (the device pixel ratio on screen, 1 for SVG).
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    histogram: &Histogram,
    labels: &Labels,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let chart = HistogramChart {
        title: String::new(),
        x_title: labels.x.clone(),
        y_title: labels.y.clone(),
        x_kind: ValueKind::Money,
        histogram: histogram.clone(),
    };
    chart.draw(root, &|_, v| format!("{v:.0}"), scale).map(drop)
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
    use crate::charts::hit::hit_at;
    use crate::charts::spec::Chart;
    use crate::charts::value_format::plain;

    /// 1..=20, a net return of −3 and an outlier of 1000: bins of 5 from 0 to 25, the first
    /// also holding the return, the last open-ended (see histogram's test).
    fn spend() -> HistogramChart {
        let values: Vec<f64> = (1..=20).map(f64::from).chain([1000.0, -3.0]).collect();
        HistogramChart {
            title: "How much do customers spend?".into(),
            x_title: "Revenue per customer".into(),
            y_title: "Customers".into(),
            x_kind: ValueKind::Money,
            histogram: histogram(&values, 4),
        }
    }

    #[test]
    fn tooltips_give_each_bins_range_and_count() {
        let chart = spend();
        assert_eq!(chart.tooltip(0, &plain), "< €5.00: 5");
        assert_eq!(chart.tooltip(1, &plain), "€5.00–€10.00: 5");
        assert_eq!(chart.tooltip(4, &plain), "≥ €20.00: 2");
        assert_eq!(chart.tooltip(5, &plain), "");
        let (header, rows) = chart.table(&plain);
        assert_eq!(header, vec!["Revenue per customer", "Customers"]);
        assert_eq!(rows[2], vec!["€10.00–€15.00", "5"]);
        assert_eq!(rows.len(), 5);
    }

    #[test]
    fn each_bin_is_hit_at_its_centre() {
        let chart = spend();
        let mut svg = String::new();
        let hits = {
            let root = SVGBackend::with_string(&mut svg, (640, 360)).into_drawing_area();
            chart.draw(&root, &plain, 1.0).unwrap()
        };
        assert_eq!(hits.len(), 5);
        for hit in &hits {
            assert_eq!(
                hit_at(&hits, hit.x + hit.w / 2, hit.y + hit.h / 2),
                Some(hit.item)
            );
        }
        // Equal counts, equal heights; the last bar (2) is lower; bins touch.
        assert_eq!(hits[0].h, hits[3].h);
        assert!(hits[4].h < hits[0].h / 2);
        assert!((hits[0].x + hits[0].w - hits[1].x).abs() <= 1);
    }

    #[test]
    fn renders_through_the_chart_kit_to_svg() {
        let chart = Chart::Histogram(spend());
        let svg = chart.svg(640, 360, &plain);
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("How much do customers spend?"));
        assert!(svg.contains("Revenue per customer") && svg.contains(">\n€20.00\n<"));
        assert_eq!(svg.matches("fill=\"#0072B2\"").count(), 5);
        assert_eq!(
            chart.describe(&plain),
            "How much do customers spend?: < €5.00: 5; €5.00–€10.00: 5; €10.00–€15.00: 5; \
             €15.00–€20.00: 5; ≥ €20.00: 2"
        );
        let empty = Chart::Histogram(HistogramChart {
            histogram: Histogram::default(),
            ..spend()
        });
        assert!(empty.is_empty());
        assert_eq!(empty.describe(&plain), "How much do customers spend?");
    }

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
