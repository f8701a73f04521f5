//! "How much do customers spend?": a histogram of revenue per customer, as a chart of the kit
//! ([`HistogramChart`]).

use plotters::prelude::*;

use super::axis;
use super::frame::{self, Area, Drawn, Layout, Plot};
use super::histogram::Histogram;
use super::hit::Hit;
use super::palette::PRIMARY;
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
    /// The range a bin holds: "from–to"; "≥ from" for the open-ended last bin and "< to" for
    /// a first bin that also holds values below its start.
    pub(crate) fn bin_range(&self, bin: usize, fmt: Format) -> String {
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
    pub(crate) fn tooltip(&self, item: usize, fmt: Format) -> String {
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
    pub(crate) fn table(&self, fmt: Format) -> (Vec<String>, Vec<Vec<String>>) {
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
}

impl Plot for HistogramChart {
    /// Whether there is no bin.
    fn is_empty(&self) -> bool {
        self.histogram.bins.is_empty()
    }

    /// Draws the bars and returns one hit region per bin (its bar, from zero to its count).
    fn plot<DB: DrawingBackend>(&self, root: &Area<DB>, fmt: Format, scale: f64) -> Drawn<DB> {
        let bins = &self.histogram.bins;
        let (Some(first), Some(last)) = (bins.first(), bins.last()) else {
            return Ok(Vec::new());
        };
        let (width, height) = root.dim_in_pixel();
        let layout = Layout::new(!self.x_title.is_empty(), scale);
        let counts = (0.0, self.histogram.max_count() as f64);
        let y_length = layout.plot_height(height as f64);
        let y = axis::value_axis(counts, ValueKind::Count, fmt, y_length, false, scale)
            .titled(&self.y_title);
        let layout = layout.with_y_axis(&y, scale);
        let (spend, x_length) = ((first.start, last.end), layout.plot_width(width as f64));
        let x = axis::value_axis(spend, self.x_kind, fmt, x_length, true, scale)
            .titled(&self.x_title)
            .without_grid();
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
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::histogram::histogram;
    use crate::charts::hit::hit_at;
    use crate::charts::spec::Chart;
    use crate::charts::test_support::{assert_svg_shows, draw_svg, plain};

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
        let (_, hits) = draw_svg(&chart, (640, 360));
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
        let texts = [
            "How much do customers spend?",
            "Revenue per customer",
            ">\n€20.00\n<",
        ];
        assert_svg_shows(&svg, &texts);
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
        let chart = HistogramChart {
            histogram: histogram(&values, 10),
            ..spend()
        };
        assert!(chart.histogram.bins.iter().all(|b| b.count > 0));
        let (svg, _) = draw_svg(&chart, (640, 360));
        assert_svg_shows(&svg, &["Revenue per customer", "Customers"]);
        // One filled rectangle in the primary colour per bar.
        let bars = chart.histogram.bins.len();
        assert_eq!(svg.matches("fill=\"#0072B2\"").count(), bars);
    }
}
