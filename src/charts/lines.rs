//! Lines through points, one per series: the Lorenz curve (with the line of equality), the
//! cumulative revenue per customer of each cohort, the models' tracking of weekly repeat
//! purchases (actual vs BG/NBD vs Pareto/NBD, dates on the x axis).

use plotters::prelude::*;

use super::axis::{self, Axis};
use super::frame::{self, Area, Drawn, Layout, Mark, Plot};
use super::hit::Hit;
use super::palette::{series_colour, INK, SERIES};
use super::text_alternative::{joined, labelled, value_or_dash, DESCRIBED_ITEMS};
use super::value_format::{Format, ValueKind};

/// Side of the hover square around each point, nominal pixels.
const HIT_SIDE_PX: f64 = 8.0;
/// The most hover points a series gets; longer series are thinned evenly.
pub const MAX_HIT_POINTS: usize = 200;
/// Line width, nominal pixels.
const LINE_PX: f64 = 2.0;
/// Dash and gap of dashed lines, nominal pixels.
const DASH_PX: (f64, f64) = (6.0, 4.0);

/// One line.
#[derive(Debug, Clone, PartialEq)]
pub struct LineSeries {
    /// Name in the legend and tooltips (translated by the caller).
    pub name: String,
    /// The points (x, y) in order; non-finite ones are left out. With categorical x
    /// ([`LineChart::x_labels`]), the i-th point is drawn at x = i and its own x is ignored.
    pub points: Vec<(f64, f64)>,
    /// Whether the line is dashed (e.g. a model's prediction against the solid actual).
    pub dashed: bool,
}

/// A line chart. Item numbering: `series * max_points + point`, where `max_points` is the
/// length of the longest series ([`LineChart::item`], [`LineChart::locate`]).
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// Title (the page's heading; drawn only in the SVG export).
    pub title: String,
    /// Horizontal axis title.
    pub x_title: String,
    /// Vertical axis title.
    pub y_title: String,
    /// What the x values are (ignored with categorical x).
    pub x_kind: ValueKind,
    /// What the y values are.
    pub y_kind: ValueKind,
    /// Categorical x (e.g. dates or month index) when Some: point i is at x=i.
    pub x_labels: Option<Vec<String>>,
    /// The lines; colours follow the Okabe–Ito order, and from the ninth series on, when the
    /// colours repeat, lines are dashed.
    pub series: Vec<LineSeries>,
    /// Whether to draw the y = x reference line (the line of equality of a Lorenz curve).
    pub diagonal: bool,
}

/// Indices of at most `max` points out of `len`, evenly spaced, first and last included.
pub fn thin(len: usize, max: usize) -> Vec<usize> {
    if len <= max {
        return (0..len).collect();
    }
    if max < 2 {
        return vec![0];
    }
    (0..max)
        .map(|k| (k as f64 * (len - 1) as f64 / (max - 1) as f64).round() as usize)
        .collect()
}

impl LineChart {
    /// The length of the longest series: the stride of the item numbering.
    pub fn max_points(&self) -> usize {
        self.series
            .iter()
            .map(|s| s.points.len())
            .max()
            .unwrap_or(0)
    }

    /// The item number of a point.
    pub fn item(&self, series: usize, point: usize) -> usize {
        series * self.max_points() + point
    }

    /// The series and point of an item, if the chart has that point.
    pub fn locate(&self, item: usize) -> Option<(usize, usize)> {
        let stride = self.max_points();
        if stride == 0 {
            return None;
        }
        let (s, p) = (item / stride, item % stride);
        (p < self.series.get(s)?.points.len()).then_some((s, p))
    }

    /// Where a point is drawn, if it is finite.
    pub fn position(&self, series: usize, point: usize) -> Option<(f64, f64)> {
        let &(x, y) = self.series.get(series)?.points.get(point)?;
        let x = if self.x_labels.is_some() {
            point as f64
        } else {
            x
        };
        (x.is_finite() && y.is_finite()).then_some((x, y))
    }

    /// Every drawable point of a series as (index, position).
    fn points(&self, series: usize) -> impl Iterator<Item = (usize, (f64, f64))> + '_ {
        let len = self.series.get(series).map_or(0, |s| s.points.len());
        (0..len).filter_map(move |p| self.position(series, p).map(|xy| (p, xy)))
    }

    /// The extent of the drawable points, x and y; y includes 0 when every y is positive (or
    /// every y negative) so lines are not exaggerated; the diagonal widens both to their union.
    pub fn ranges(&self) -> Option<((f64, f64), (f64, f64))> {
        let all = (0..self.series.len()).flat_map(|s| self.points(s).map(|(_, xy)| xy));
        let ((xlo, xhi), (ylo, yhi)) = all.fold(None, |acc, (x, y)| match acc {
            None => Some(((x, x), (y, y))),
            Some(((a, b), (c, d))) => Some(((x.min(a), x.max(b)), (y.min(c), y.max(d)))),
        })?;
        let (ylo, yhi) = (ylo.min(0.0), yhi.max(0.0));
        if let (Some(labels), false) = (&self.x_labels, self.diagonal) {
            // Half a step of air on either side of the first and last label.
            let last = self.max_points().max(labels.len()).max(1) - 1;
            return Some(((-0.5, last as f64 + 0.5), (ylo, yhi)));
        }
        if self.diagonal {
            let (lo, hi) = (xlo.min(ylo), xhi.max(yhi));
            return Some(((lo, hi), (lo, hi)));
        }
        Some(((xlo, xhi), (ylo, yhi)))
    }

    /// The text of an x: its label when categorical, else formatted.
    fn x_text(&self, point: usize, x: f64, fmt: Format) -> String {
        match &self.x_labels {
            Some(labels) => labels
                .get(point)
                .cloned()
                .unwrap_or_else(|| point.to_string()),
            None => fmt(self.x_kind, x),
        }
    }

    /// "Series · X title: x · Y title: y".
    pub fn tooltip(&self, item: usize, fmt: Format) -> String {
        let Some((s, p)) = self.locate(item) else {
            return String::new();
        };
        let (x, y) = self.series[s].points[p];
        let x = labelled(&self.x_title, &self.x_text(p, x, fmt));
        let y = value_or_dash(Some(y).filter(|y| y.is_finite()), self.y_kind, fmt);
        joined(&[&self.series[s].name, &x, &labelled(&self.y_title, &y)])
    }

    /// Evenly spaced points of each series (a dozen in all, at least two a series), in series
    /// order: the shape of each line in a few numbers; and whether points were left out.
    pub(crate) fn described_items(&self, fmt: Format) -> (Vec<String>, bool) {
        let per_series = (DESCRIBED_ITEMS / self.series.len().max(1)).max(2);
        let mut total = 0;
        let mut items = Vec::new();
        for s in 0..self.series.len() {
            let drawable: Vec<usize> = self.points(s).map(|(p, _)| p).collect();
            total += drawable.len();
            for k in thin(drawable.len(), per_series) {
                items.push(self.tooltip(self.item(s, drawable[k]), fmt));
            }
        }
        let more = total > items.len();
        (items, more)
    }

    /// A row per x (each label, or each distinct x in increasing order), a column per series;
    /// a series without a point at that x has an empty cell.
    pub fn table(&self, fmt: Format) -> (Vec<String>, Vec<Vec<String>>) {
        let header = std::iter::once(self.x_title.clone())
            .chain(self.series.iter().map(|s| s.name.clone()))
            .collect();
        let y_text = |s: usize, p: usize| {
            self.position(s, p)
                .map_or_else(String::new, |(_, y)| fmt(self.y_kind, y))
        };
        let rows = match &self.x_labels {
            Some(labels) => (0..self.max_points().max(labels.len()))
                .map(|p| {
                    std::iter::once(self.x_text(p, 0.0, fmt))
                        .chain((0..self.series.len()).map(|s| y_text(s, p)))
                        .collect()
                })
                .collect(),
            None => {
                let mut xs: Vec<f64> = (0..self.series.len())
                    .flat_map(|s| self.points(s).map(|(_, (x, _))| x))
                    .collect();
                xs.sort_by(f64::total_cmp);
                xs.dedup();
                xs.into_iter()
                    .map(|x| {
                        std::iter::once(fmt(self.x_kind, x))
                            .chain((0..self.series.len()).map(|s| {
                                self.points(s)
                                    .find(|(_, (px, _))| *px == x)
                                    .map_or_else(String::new, |(p, _)| y_text(s, p))
                            }))
                            .collect()
                    })
                    .collect()
            }
        };
        (header, rows)
    }

    /// Whether series `s` is drawn dashed: asked for, or a repeat of an earlier colour.
    fn dashed(&self, s: usize) -> bool {
        self.series[s].dashed || s >= SERIES.len()
    }
}

impl Plot for LineChart {
    /// Whether there is no point to draw.
    fn is_empty(&self) -> bool {
        (0..self.series.len()).all(|s| self.points(s).next().is_none())
    }

    /// Draws the lines and returns a hover square around each point (at most
    /// [`MAX_HIT_POINTS`] a series), in series order.
    fn plot<DB: DrawingBackend>(&self, root: &Area<DB>, fmt: Format, scale: f64) -> Drawn<DB> {
        let Some((x_range, y_range)) = self.ranges() else {
            return Ok(Vec::new());
        };
        let entries: Vec<(&str, RGBColor, Mark)> = (0..self.series.len())
            .map(|s| {
                let dashed = self.dashed(s);
                (
                    self.series[s].name.as_str(),
                    series_colour(s),
                    Mark::Line { dashed },
                )
            })
            .collect();
        let area = frame::legend(root, &entries, scale)?;
        let (width, height) = area.dim_in_pixel();
        let (width, height) = (width as f64, height as f64);
        let layout = Layout::new(!self.x_title.is_empty(), scale);
        let y_length = layout.plot_height(height);
        let y = axis::value_axis(y_range, self.y_kind, fmt, y_length, false, scale)
            .titled(&self.y_title);
        let (ylo, yhi) = y.range;
        let layout = layout.with_y_axis(&y, scale);
        let plot_width = layout.plot_width(width);
        let x = match &self.x_labels {
            Some(labels) => {
                // Point i at x = i, its label right under it.
                let slot = plot_width / (x_range.1 - x_range.0);
                let shown = axis::column_labels(labels, slot, scale);
                Axis {
                    range: x_range,
                    ticks: shown.into_iter().map(|(i, l)| (i as f64, l)).collect(),
                    title: String::new(),
                    grid: false,
                }
            }
            None => axis::value_axis(x_range, self.x_kind, fmt, plot_width, true, scale),
        }
        .titled(&self.x_title);
        let mut chart = frame::build(&area, &layout, &x, &y, scale)?;
        let width_px = frame::px(LINE_PX, scale).max(1);
        let (dash, gap) = (frame::px(DASH_PX.0, scale), frame::px(DASH_PX.1, scale));
        if self.diagonal {
            let (lo, hi) = (x.range.0.max(ylo), x.range.1.min(yhi));
            chart.draw_series(DashedLineSeries::new(
                vec![(lo, lo), (hi, hi)],
                dash,
                gap,
                INK.mix(0.6).stroke_width(frame::px(1.0, scale).max(1)),
            ))?;
        }
        let side = (HIT_SIDE_PX * scale).round() as i32;
        let mut hits = Vec::new();
        for s in 0..self.series.len() {
            let points: Vec<(usize, (f64, f64))> = self.points(s).collect();
            let style = series_colour(s).stroke_width(width_px);
            let line: Vec<(f64, f64)> = points.iter().map(|p| p.1).collect();
            if self.dashed(s) {
                chart.draw_series(DashedLineSeries::new(line, dash, gap, style))?;
            } else {
                chart.draw_series(plotters::series::LineSeries::new(line, style))?;
            }
            for k in thin(points.len(), MAX_HIT_POINTS) {
                let (p, xy) = points[k];
                hits.push(Hit::around(chart.backend_coord(&xy), side, self.item(s, p)));
            }
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

    /// A Lorenz curve of `n` + 1 points, y = x², over shares 0..1.
    fn lorenz(n: usize) -> LineChart {
        LineChart {
            title: "Revenue concentration".into(),
            x_title: "Customers".into(),
            y_title: "Revenue".into(),
            x_kind: ValueKind::Share,
            y_kind: ValueKind::Share,
            x_labels: None,
            series: vec![LineSeries {
                name: "Lorenz".into(),
                points: (0..=n)
                    .map(|i| {
                        let x = i as f64 / n as f64;
                        (x, x * x)
                    })
                    .collect(),
                dashed: false,
            }],
            diagonal: true,
        }
    }

    /// Weekly cumulative repeat purchases: actual and two models, dates on x.
    fn tracking() -> LineChart {
        let weeks = 10;
        let series = |name: &str, f: f64, dashed: bool| LineSeries {
            name: name.into(),
            points: (0..weeks).map(|w| (0.0, (w as f64 * f).round())).collect(),
            dashed,
        };
        LineChart {
            title: "Tracking".into(),
            x_title: "Week".into(),
            y_title: "Repeat purchases".into(),
            x_kind: ValueKind::Number,
            y_kind: ValueKind::Count,
            x_labels: Some(
                (0..weeks)
                    .map(|w| format!("2024-01-{:02}", 1 + 7 * w))
                    .collect(),
            ),
            series: vec![
                series("Actual", 10.0, false),
                series("BG/NBD", 9.5, true),
                series("Pareto/NBD", 10.5, true),
            ],
            diagonal: false,
        }
    }

    #[test]
    fn thinning_keeps_the_ends_and_spaces_evenly() {
        assert_eq!(thin(5, 200), vec![0, 1, 2, 3, 4]);
        let kept = thin(1001, 200);
        assert_eq!(kept.len(), 200);
        assert_eq!((kept[0], kept[199]), (0, 1000));
        let gaps: Vec<usize> = kept.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(gaps.iter().all(|g| *g == 5 || *g == 6), "{gaps:?}");
        assert_eq!(thin(3, 1), vec![0]);
        assert!(thin(0, 10).is_empty());
    }

    #[test]
    fn items_number_series_by_the_longest_one() {
        let mut chart = tracking();
        chart.series[1].points.truncate(4);
        assert_eq!(chart.max_points(), 10);
        assert_eq!(chart.item(2, 3), 23);
        assert_eq!(chart.locate(23), Some((2, 3)));
        assert_eq!(chart.locate(15), None, "series 1 has only 4 points");
        assert_eq!(chart.locate(30), None);
        assert_eq!(
            chart.tooltip(chart.item(0, 2), &plain),
            "Actual · Week: 2024-01-15 · Repeat purchases: 20"
        );
    }

    #[test]
    fn ranges_start_at_zero_and_the_diagonal_squares_them() {
        assert_eq!(lorenz(10).ranges(), Some(((0.0, 1.0), (0.0, 1.0))));
        assert_eq!(tracking().ranges(), Some(((-0.5, 9.5), (0.0, 95.0))));
        let empty = LineChart {
            series: vec![],
            ..tracking()
        };
        assert_eq!(empty.ranges(), None);
        assert!(empty.is_empty());
    }

    #[test]
    fn hover_squares_sit_on_the_drawn_points() {
        let chart = lorenz(1000);
        let (_, hits) = draw_svg(&chart, (480, 480));
        assert_eq!(hits.len(), MAX_HIT_POINTS);
        assert!(hits.iter().all(|h| h.w == 8 && h.h == 8));
        // The first point (0, 0) is at the bottom left, the last (1, 1) at the top right.
        let (first, last) = (hits[0], hits[MAX_HIT_POINTS - 1]);
        assert_eq!(first.item, 0);
        assert_eq!(last.item, 1000);
        assert!(first.x < last.x && first.y > last.y);
        // Every kept point is picked at its centre.
        for hit in hits.iter().step_by(37) {
            assert_eq!(hit_at(&hits, hit.x + 4, hit.y + 4), Some(hit.item));
        }
        // Near x = 0.5 (the kept point nearest to item 500), y = x² ≈ 0.25: a quarter of the way
        // up from the bottom point.
        let mid = hits
            .iter()
            .min_by_key(|h| (h.item as i64 - 500).abs())
            .unwrap();
        let frac = (first.y - mid.y) as f64 / (first.y - last.y) as f64;
        assert!((frac - 0.25).abs() < 0.02, "{frac}");
    }

    #[test]
    fn renders_lines_legend_and_diagonal_to_svg() {
        let svg = Chart::Lines(tracking()).svg(640, 360, &plain);
        let texts = [
            "Tracking",
            "Week",
            "Repeat purchases",
            "Pareto/NBD",
            "2024-01-01",
        ];
        assert_svg_shows(&svg, &texts);
        // One solid polyline for the actual series plus its legend line.
        assert_eq!(svg.matches("stroke=\"#0072B2\"").count(), 2);
        // Dashed: many short segments each.
        assert!(svg.matches("stroke=\"#E69F00\"").count() > 10);
        let lorenz = Chart::Lines(lorenz(100)).svg(400, 400, &plain);
        assert!(lorenz.contains("Revenue concentration") && lorenz.contains(">\n100%\n<"));
        // No legend for one series: the one polyline, and the name only in tooltips.
        assert!(!lorenz.contains(">\nLorenz\n<"));
        assert_eq!(lorenz.matches("stroke=\"#0072B2\"").count(), 1);
        // The diagonal: dashes in faded ink.
        assert!(lorenz.matches("opacity=\"0.6\" stroke=\"#333333\"").count() > 5);
    }

    #[test]
    fn text_alternatives_follow_the_points() {
        let chart = tracking();
        let (header, rows) = chart.table(&plain);
        assert_eq!(header, vec!["Week", "Actual", "BG/NBD", "Pareto/NBD"]);
        assert_eq!(rows.len(), 10);
        assert_eq!(rows[1], vec!["2024-01-08", "10", "10", "11"]);
        let numeric = lorenz(4);
        let (header, rows) = numeric.table(&plain);
        assert_eq!(header, vec!["Customers", "Lorenz"]);
        assert_eq!(rows[2], vec!["50%", "25%"]);
        let text = Chart::Lines(lorenz(1000)).describe(&plain);
        assert!(text.starts_with("Revenue concentration: Lorenz · Customers: 0% · Revenue: 0%; "));
        assert!(text.contains("Lorenz · Customers: 100% · Revenue: 100%"));
        assert!(text.ends_with("; …"), "{text}");
    }

    #[test]
    fn a_dozen_cohorts_stay_apart() {
        let chart = LineChart {
            series: (0..12)
                .map(|c| LineSeries {
                    name: format!("2024-{:02}", c + 1),
                    points: (0..12 - c)
                        .map(|m| (m as f64, (m * 10 + c) as f64))
                        .collect(),
                    dashed: false,
                })
                .collect(),
            x_labels: None,
            ..tracking()
        };
        assert!(chart.dashed(8) && !chart.dashed(7));
        let (svg, hits) = draw_svg(&chart, (640, 400));
        assert_eq!(hits.len(), (1..=12).sum::<usize>());
        assert!(svg.contains("2024-12"));
    }
}
