//! Bars per category, grouped side by side when there are several series (CLV vs CAC per
//! channel, customers' share vs revenue's share per segment). Vertical, or horizontal for long
//! category names; negative values hang below the zero line.

use plotters::prelude::*;

use super::axis::{self, category_axis};
use super::frame::{self, Area, Drawn, Layout, Mark, Plot};
use super::hit::{GridItems, Hit};
use super::palette::{series_colour, HIGHLIGHT_BAND, INK};
use super::text_alternative::{grid_table, joined, labelled, value_or_dash};
use super::value_format::{Format, ValueKind};

/// Share of a category's slot the group of bars takes; the rest separates neighbours.
const GROUP_WIDTH: f64 = 0.8;
/// Opacity of the bars outside the highlighted category.
const DIMMED: f64 = 0.45;

/// One series of bars: a value per category.
#[derive(Debug, Clone, PartialEq)]
pub struct BarSeries {
    /// Name in the legend and tooltips (translated by the caller).
    pub name: String,
    /// A value per category, in the categories' order; missing or non-finite values draw no bar.
    pub values: Vec<f64>,
}

/// A bar chart. Item numbering: row by row over categories × series ([`BarChart::grid`]).
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Title (the page's heading; drawn only in the SVG export).
    pub title: String,
    /// Category labels, in drawing order (left to right, or top to bottom when horizontal).
    pub categories: Vec<String>,
    /// The series; with more than one, bars are grouped and a legend is drawn.
    pub series: Vec<BarSeries>,
    /// What the values are, for formatting.
    pub value_kind: ValueKind,
    /// Title of the value axis.
    pub value_title: String,
    /// Whether bars run left to right with category labels on the left (for long labels).
    pub horizontal: bool,
    /// A category drawn emphasised (e.g. the selected filter): a band behind it, the other
    /// categories' bars paler.
    pub highlight: Option<usize>,
}

/// Where bar `series` of `n_series` lies inside its category's slot of width 1, as offsets
/// from the slot's start: the group takes the middle [`GROUP_WIDTH`], shared equally.
pub fn bar_span(series: usize, n_series: usize) -> (f64, f64) {
    let width = GROUP_WIDTH / n_series.max(1) as f64;
    let start = (1.0 - GROUP_WIDTH) / 2.0 + series as f64 * width;
    (start, start + width)
}

impl BarChart {
    /// The bars as items of a grid: a row per category, a column per series.
    pub fn grid(&self) -> GridItems {
        GridItems {
            rows: self.categories.len(),
            columns: self.series.len(),
        }
    }

    /// The value of a bar, if it has a finite one.
    pub fn value(&self, category: usize, series: usize) -> Option<f64> {
        self.series
            .get(series)?
            .values
            .get(category)
            .copied()
            .filter(|v| v.is_finite() && category < self.categories.len())
    }

    /// Every drawn bar as (category, series, value), in item order.
    fn bars(&self) -> impl Iterator<Item = (usize, usize, f64)> + '_ {
        self.grid().with_values(|c, s| self.value(c, s))
    }

    /// The values' extent with zero included: bars grow from zero.
    pub fn value_range(&self) -> (f64, f64) {
        self.bars()
            .fold((0.0, 0.0), |(lo, hi), (_, _, v)| (v.min(lo), v.max(hi)))
    }

    /// A series' name, or the value axis title for an unnamed one.
    fn series_name(&self, series: usize) -> &str {
        match self.series.get(series) {
            Some(s) if !s.name.is_empty() => &s.name,
            _ => &self.value_title,
        }
    }

    /// "Category · Series: value".
    pub fn tooltip(&self, item: usize, fmt: Format) -> String {
        let Some((c, s)) = self.grid().locate(item) else {
            return String::new();
        };
        let value = value_or_dash(self.value(c, s), self.value_kind, fmt);
        joined(&[&self.categories[c], &labelled(self.series_name(s), &value)])
    }

    /// Every bar's tooltip, in item order, for the description.
    pub(crate) fn described_items(&self, fmt: Format) -> Vec<String> {
        self.bars()
            .map(|(c, s, _)| self.tooltip(self.grid().item(c, s), fmt))
            .collect()
    }

    /// A row per category, a column per series; the first header cell is empty.
    pub fn table(&self, fmt: Format) -> (Vec<String>, Vec<Vec<String>>) {
        grid_table(
            String::new(),
            (0..self.series.len()).map(|s| self.series_name(s).to_string()),
            &self.categories,
            self.series.len(),
            |c, s| self.value(c, s),
            self.value_kind,
            fmt,
        )
    }
}

impl Plot for BarChart {
    /// Whether there is no bar to draw.
    fn is_empty(&self) -> bool {
        self.bars().next().is_none()
    }

    /// Draws the bars and returns one hit region per drawn bar (its rectangle).
    fn plot<DB: DrawingBackend>(&self, root: &Area<DB>, fmt: Format, scale: f64) -> Drawn<DB> {
        let entries: Vec<(&str, RGBColor, Mark)> = (0..self.series.len())
            .map(|s| (self.series_name(s), series_colour(s), Mark::Square))
            .collect();
        let area = frame::legend(root, &entries, scale)?;
        let (width, height) = area.dim_in_pixel();
        let (width, height) = (width as f64, height as f64);
        let n = self.categories.len();
        let values = |length: f64, along_x: bool| {
            let range = self.value_range();
            axis::value_axis(range, self.value_kind, fmt, length, along_x, scale)
                .titled(&self.value_title)
        };
        let (x, y, layout) = if self.horizontal {
            let layout = Layout::new(!self.value_title.is_empty(), scale);
            let slot = layout.plot_height(height) / n as f64;
            let max_label = axis::max_row_label(width, scale);
            let rows = axis::row_labels(&self.categories, slot, max_label, scale);
            // Category 0 on top.
            let y = category_axis(n, rows, true);
            let layout = layout.with_y_axis(&y, scale);
            let x = values(layout.plot_width(width), true);
            (x, y, layout)
        } else {
            let layout = Layout::new(false, scale);
            let y = values(layout.plot_height(height), false);
            let layout = layout.with_y_axis(&y, scale);
            let slot = layout.plot_width(width) / n as f64;
            let x = category_axis(n, axis::column_labels(&self.categories, slot, scale), false);
            (x, y, layout)
        };
        let mut chart = frame::build(&area, &layout, &x, &y, scale)?;
        let (lo, hi) = if self.horizontal { x.range } else { y.range };
        // A point from (position along the categories, value).
        let at = |along: f64, value: f64| {
            if self.horizontal {
                (value, n as f64 - along)
            } else {
                (along, value)
            }
        };
        if let Some(c) = self.highlight.filter(|c| *c < n) {
            let band = [at(c as f64, lo), at(c as f64 + 1.0, hi)];
            chart.draw_series(std::iter::once(Rectangle::new(
                band,
                HIGHLIGHT_BAND.filled(),
            )))?;
        }
        let mut hits = Vec::new();
        let mut rects = Vec::new();
        for (c, s, v) in self.bars() {
            let (a, b) = bar_span(s, self.series.len());
            let (p, q) = (at(c as f64 + a, 0.0), at(c as f64 + b, v));
            let colour = series_colour(s);
            let style = match self.highlight {
                Some(h) if h != c => colour.mix(DIMMED).filled(),
                _ => colour.filled(),
            };
            hits.push(Hit::between(
                chart.backend_coord(&p),
                chart.backend_coord(&q),
                self.grid().item(c, s),
            ));
            rects.push(Rectangle::new([p, q], style));
        }
        chart.draw_series(rects)?;
        if lo < 0.0 {
            let line = vec![at(0.0, 0.0), at(n as f64, 0.0)];
            let style = INK.stroke_width(frame::px(1.0, scale).max(1));
            chart.draw_series(std::iter::once(PathElement::new(line, style)))?;
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::hit::hit_at;
    use crate::charts::spec::Chart;
    use crate::charts::test_support::{assert_svg_shows, draw_svg, plain};

    fn channels() -> BarChart {
        BarChart {
            title: "CLV and CAC by channel".into(),
            categories: vec!["Email".into(), "Search".into(), "Social".into()],
            series: vec![
                BarSeries {
                    name: "CLV".into(),
                    values: vec![120.0, 80.0, -15.0],
                },
                BarSeries {
                    name: "CAC".into(),
                    values: vec![10.0, 45.0, 60.0],
                },
            ],
            value_kind: ValueKind::Money,
            value_title: "Per customer".into(),
            horizontal: false,
            highlight: None,
        }
    }

    #[test]
    fn bars_of_a_group_sit_side_by_side_in_the_middle_of_the_slot() {
        let (a, b) = bar_span(0, 1);
        assert!(
            (a - 0.1).abs() < 1e-12 && (b - 0.9).abs() < 1e-12,
            "{a}..{b}"
        );
        let (a0, b0) = bar_span(0, 2);
        let (a1, b1) = bar_span(1, 2);
        assert!((a0 - 0.1).abs() < 1e-12 && (b1 - 0.9).abs() < 1e-12);
        assert!((b0 - a1).abs() < 1e-12, "adjacent");
        assert!((b0 - a0 - (b1 - a1)).abs() < 1e-12, "equal widths");
    }

    #[test]
    fn items_number_categories_then_series() {
        let chart = channels();
        assert_eq!(chart.grid().item(1, 0), 2);
        assert_eq!(chart.grid().item(2, 1), 5);
        assert_eq!(chart.grid().locate(5), Some((2, 1)));
        assert_eq!(chart.grid().locate(6), None);
        assert_eq!(chart.value_range(), (-15.0, 120.0));
        assert_eq!(
            chart.tooltip(chart.grid().item(2, 0), &plain),
            "Social · CLV: €-15.00"
        );
        assert_eq!(chart.tooltip(99, &plain), "");
    }

    #[test]
    fn each_bar_is_hit_at_its_centre() {
        for horizontal in [false, true] {
            let chart = BarChart {
                horizontal,
                ..channels()
            };
            let (_, hits) = draw_svg(&chart, (640, 360));
            assert_eq!(hits.len(), 6);
            for hit in &hits {
                assert!(hit.w > 0 && hit.h > 0, "{hit:?}");
                let centre = (hit.x + hit.w / 2, hit.y + hit.h / 2);
                assert_eq!(hit_at(&hits, centre.0, centre.1), Some(hit.item));
            }
            // Drawing order follows the categories: left to right, or top to bottom.
            let first = hits.iter().find(|h| h.item == 0).unwrap();
            let last = hits.iter().find(|h| h.item == 4).unwrap();
            if horizontal {
                assert!(first.y < last.y);
            } else {
                assert!(first.x < last.x);
            }
        }
    }

    #[test]
    fn regions_scale_with_the_pixel_ratio() {
        let (_, one) = draw_svg(&channels(), (640, 360));
        let mut svg = String::new();
        let two = {
            let root = SVGBackend::with_string(&mut svg, (1280, 720)).into_drawing_area();
            channels().draw(&root, &plain, 2.0).unwrap()
        };
        for (a, b) in one.iter().zip(&two) {
            assert_eq!(a.item, b.item);
            assert!(
                (b.x - 2 * a.x).abs() <= 2 && (b.w - 2 * a.w).abs() <= 2,
                "{a:?} {b:?}"
            );
            assert!(
                (b.y - 2 * a.y).abs() <= 2 && (b.h - 2 * a.h).abs() <= 2,
                "{a:?} {b:?}"
            );
        }
    }

    #[test]
    fn negative_bars_hang_below_zero() {
        let (_, hits) = draw_svg(&channels(), (640, 360));
        let positive = hits.iter().find(|h| h.item == 0).unwrap();
        let negative = hits.iter().find(|h| h.item == 4).unwrap();
        // Both touch the zero line: one ends there, the other starts there.
        assert!(
            (positive.y + positive.h - negative.y).abs() <= 1,
            "{positive:?} {negative:?}"
        );
    }

    #[test]
    fn renders_grouped_bars_with_a_legend_to_svg() {
        let chart = Chart::Bars(channels());
        let svg = chart.svg(640, 360, &plain);
        assert_svg_shows(&svg, &["CLV and CAC by channel", "Per customer", "Search"]);
        // Three bars per series plus its legend square.
        assert_eq!(svg.matches("fill=\"#0072B2\"").count(), 4);
        assert_eq!(svg.matches("fill=\"#E69F00\"").count(), 4);
        assert!(
            svg.contains("€-20.00") || svg.contains("€-50.00"),
            "ticks below zero"
        );
    }

    #[test]
    fn a_single_series_has_no_legend_and_highlight_dims_the_others() {
        let mut chart = channels();
        chart.series.truncate(1);
        chart.highlight = Some(1);
        let (svg, hits) = draw_svg(&chart, (640, 360));
        assert_eq!(hits.len(), 3);
        assert_eq!(svg.matches("fill=\"#0072B2\"").count(), 3);
        assert_eq!(svg.matches("opacity=\"0.45\"").count(), 2);
        assert_eq!(svg.matches("fill=\"#ECECEC\"").count(), 1);
    }

    #[test]
    fn forty_long_categories_fit_sideways() {
        let chart = BarChart {
            categories: (0..40)
                .map(|i| format!("Product category number {i}"))
                .collect(),
            series: vec![BarSeries {
                name: String::new(),
                values: (0..40).map(|i| i as f64).collect(),
            }],
            horizontal: true,
            ..channels()
        };
        let (svg, hits) = draw_svg(&chart, (640, 480));
        // The zero bar has no length but a (thin) region all the same.
        assert_eq!(hits.len(), 40);
        // Rows (about 10 px) are lower than a line of text: every other label.
        let labels = svg.matches(">\nProduct category number").count();
        assert_eq!(labels, 20, "{svg}");
        assert!(svg.contains(">\nProduct category number 2\n<"));
        assert!(!svg.contains(">\nProduct category number 3\n<"));
        assert_eq!(
            chart.tooltip(3, &plain),
            "Product category number 3 · Per customer: €3.00"
        );
    }

    #[test]
    fn text_alternatives_use_the_given_words_only() {
        let chart = Chart::Bars(channels());
        let (header, rows) = chart.table(&plain);
        assert_eq!(header, vec!["", "CLV", "CAC"]);
        assert_eq!(rows[2], vec!["Social", "€-15.00", "€60.00"]);
        assert_eq!(
            chart.describe(&plain),
            "CLV and CAC by channel: Email · CLV: €120.00; Email · CAC: €10.00; \
             Search · CLV: €80.00; Search · CAC: €45.00; Social · CLV: €-15.00; \
             Social · CAC: €60.00"
        );
    }

    #[test]
    fn empty_charts_draw_just_the_paper() {
        let chart = BarChart {
            series: vec![],
            ..channels()
        };
        assert!(chart.is_empty());
        let (svg, hits) = draw_svg(&chart, (300, 200));
        assert!(hits.is_empty());
        assert_eq!(svg.matches("<rect").count(), 1, "{svg}");
    }
}
