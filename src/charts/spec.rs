//! The analyzer's charts as data: what each one shows, how to draw it, and the text
//! alternatives (tooltip, description, table) built from the same values. The page draws a
//! [`Chart`] on a canvas, keeps the returned [`Hit`]s and asks [`hit_at`] which item is under
//! the pointer; export draws the same chart into an SVG string.
//!
//! The kit writes no words of its own: every text is given translated by the caller, numbers
//! go through the caller's [`Format`], and the rest is punctuation.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::bars::BarChart;
use super::heatmap::Heatmap;
use super::lines::LineChart;
use super::palette::{INK, PAPER};
use super::revenue_histogram::HistogramChart;

/// What a number on an axis / in a tooltip is, so the caller formats it (Intl on screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A whole number of things (customers, orders).
    Count,
    /// An amount in the shop's currency.
    Money,
    /// A fraction 0..1, shown as a percentage.
    Share,
    /// Any other number (a rate, a model parameter, a month index).
    Number,
}

/// Formats a value of a kind; the page passes one using the browser's Intl, tests pass a plain one.
pub type Format<'a> = &'a dyn Fn(ValueKind, f64) -> String;

/// A region of the drawn chart (backend pixels, i.e. already multiplied by scale) that shows `item`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Left edge, backend pixels.
    pub x: i32,
    /// Top edge, backend pixels.
    pub y: i32,
    /// Width, backend pixels.
    pub w: i32,
    /// Height, backend pixels.
    pub h: i32,
    /// The chart's item shown there (see each chart for its numbering).
    pub item: usize,
}

impl Hit {
    /// The rectangle spanning two corners given in any order, as the chart's coordinate
    /// mapping returns them.
    pub fn between(a: (i32, i32), b: (i32, i32), item: usize) -> Hit {
        Hit {
            x: a.0.min(b.0),
            y: a.1.min(b.1),
            w: (a.0 - b.0).abs(),
            h: (a.1 - b.1).abs(),
            item,
        }
    }

    /// A square of side `side` centred on a point.
    pub fn around(centre: (i32, i32), side: i32, item: usize) -> Hit {
        Hit {
            x: centre.0 - side / 2,
            y: centre.1 - side / 2,
            w: side,
            h: side,
            item,
        }
    }

    /// Whether the point lies inside, edges included (a bar drawn from pixel 10 to 20
    /// covers both).
    pub fn contains(&self, x: i32, y: i32) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }
}

/// Finds the item under a point (the smallest/last drawn region containing it, or for line charts the nearest point within a few px).
///
/// Among the regions containing the point the smallest wins (a marker over a wide band); among
/// equal ones, the one whose centre is nearest (line charts' squares around points); then the
/// last drawn (drawn on top).
pub fn hit_at(hits: &[Hit], x: i32, y: i32) -> Option<usize> {
    let (x, y) = (x as i64, y as i64);
    hits.iter()
        .enumerate()
        .filter(|(_, h)| h.contains(x as i32, y as i32))
        .min_by_key(|(i, h)| {
            let area = h.w as i64 * h.h as i64;
            // Distances doubled to stay whole: the centre is at x + w/2.
            let dx = 2 * x - (2 * h.x as i64 + h.w as i64);
            let dy = 2 * y - (2 * h.y as i64 + h.h as i64);
            (area, dx * dx + dy * dy, std::cmp::Reverse(*i))
        })
        .map(|(_, h)| h.item)
}

/// Every chart of the analyzer.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Bars per category, grouped when there are several series.
    Bars(BarChart),
    /// A grid of cells coloured by value.
    Heatmap(Heatmap),
    /// Lines through points, one per series.
    Lines(LineChart),
    /// Revenue per customer in bins.
    Histogram(HistogramChart),
}

impl Chart {
    /// Draws the chart (without its title: the page shows it as a heading) on any plotters
    /// backend and returns the regions showing each item, for hover. `scale` multiplies font
    /// sizes and margins: the device pixel ratio on screen, 1 for SVG. An empty chart draws
    /// just the paper and returns no regions.
    pub fn draw<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        fmt: Format,
        scale: f64,
    ) -> Result<Vec<Hit>, DrawingAreaErrorKind<DB::ErrorType>> {
        match self {
            Chart::Bars(c) => c.draw(root, fmt, scale),
            Chart::Heatmap(c) => c.draw(root, fmt, scale),
            Chart::Lines(c) => c.draw(root, fmt, scale),
            Chart::Histogram(c) => c.draw(root, fmt, scale),
        }
    }

    /// The exact values of one item, e.g. "Champions · Revenue: €1,234.00"; empty for an item
    /// the chart does not have.
    pub fn tooltip(&self, item: usize, fmt: Format) -> String {
        match self {
            Chart::Bars(c) => c.tooltip(item, fmt),
            Chart::Heatmap(c) => c.tooltip(item, fmt),
            Chart::Lines(c) => c.tooltip(item, fmt),
            Chart::Histogram(c) => c.tooltip(item, fmt),
        }
    }

    /// The aria-label: the title and the numbers of the first [`DESCRIBED_ITEMS`] items, then
    /// "…" when there are more.
    pub fn describe(&self, fmt: Format) -> String {
        let (items, more) = match self {
            Chart::Bars(c) => (c.described_items(fmt), false),
            Chart::Heatmap(c) => (c.described_items(fmt), false),
            Chart::Lines(c) => c.described_items(fmt),
            Chart::Histogram(c) => (c.described_items(fmt), false),
        };
        describe(self.title(), &items, more)
    }

    /// The full data as a table, header and rows, all cells formatted: the text alternative
    /// for the chart.
    pub fn table(&self, fmt: Format) -> (Vec<String>, Vec<Vec<String>>) {
        match self {
            Chart::Bars(c) => c.table(fmt),
            Chart::Heatmap(c) => c.table(fmt),
            Chart::Lines(c) => c.table(fmt),
            Chart::Histogram(c) => c.table(fmt),
        }
    }

    /// The same drawing as an SVG document at scale 1, with the title on top (an exported
    /// file stands alone, without the page's heading).
    pub fn svg(&self, width: u32, height: u32, fmt: Format) -> String {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
            // Writing into a String cannot fail; a failure would leave a partial document.
            let _ = self.draw_titled(&root, fmt);
        }
        svg
    }

    /// Draws the title, then the chart under it.
    fn draw_titled<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        fmt: Format,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        root.fill(&PAPER)?;
        let area = if self.title().is_empty() {
            root.clone()
        } else {
            // A band of fixed height with the title centred by the backend's own text anchor:
            // `DrawingArea::titled` would measure the text, which in the browser means a DOM
            // element with a style attribute, refused by the page's CSP.
            const BAND: u32 = 30;
            let (band, rest) = root.split_vertically(BAND);
            let style = super::frame::sized_font::<DB>(16.0, 1.0)
                .style(FontStyle::Bold)
                .color(&INK)
                .pos(Pos::new(HPos::Center, VPos::Center));
            let (width, _) = band.dim_in_pixel();
            band.draw_text(
                self.title(),
                &style,
                ((width / 2) as i32, (BAND / 2) as i32),
            )?;
            rest
        };
        self.draw(&area, fmt, 1.0)?;
        root.present()
    }

    /// Whether there is nothing to draw.
    pub fn is_empty(&self) -> bool {
        match self {
            Chart::Bars(c) => c.is_empty(),
            Chart::Heatmap(c) => c.is_empty(),
            Chart::Lines(c) => c.is_empty(),
            Chart::Histogram(c) => c.is_empty(),
        }
    }

    /// The chart's title, as given.
    pub fn title(&self) -> &str {
        match self {
            Chart::Bars(c) => &c.title,
            Chart::Heatmap(c) => &c.title,
            Chart::Lines(c) => &c.title,
            Chart::Histogram(c) => &c.title,
        }
    }
}

/// How many items a description lists before "…".
pub const DESCRIBED_ITEMS: usize = 12;

/// "Title: item; item; …": the first [`DESCRIBED_ITEMS`] items, "…" when some are left out
/// (beyond those, or already by the caller: `more`).
pub(crate) fn describe(title: &str, items: &[String], more: bool) -> String {
    let mut parts: Vec<&str> = items
        .iter()
        .take(DESCRIBED_ITEMS)
        .map(String::as_str)
        .collect();
    if more || items.len() > DESCRIBED_ITEMS {
        parts.push("…");
    }
    match (title.is_empty(), parts.is_empty()) {
        (_, true) => title.to_string(),
        (true, false) => parts.join("; "),
        (false, false) => format!("{title}: {}", parts.join("; ")),
    }
}

/// "title: value", or just the value when the title is empty.
pub(crate) fn labelled(title: &str, value: &str) -> String {
    if title.is_empty() {
        value.to_string()
    } else {
        format!("{title}: {value}")
    }
}

/// Non-empty parts joined by " · ".
pub(crate) fn joined(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A plain formatter for tests: counts whole, money with two decimals and a euro sign,
/// shares as whole percent, other numbers with up to two decimals.
#[cfg(test)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contains_includes_edges() {
        let h = Hit::between((20, 30), (10, 5), 7);
        assert_eq!(
            h,
            Hit {
                x: 10,
                y: 5,
                w: 10,
                h: 25,
                item: 7
            }
        );
        assert!(h.contains(10, 5) && h.contains(20, 30) && h.contains(15, 10));
        assert!(!h.contains(9, 10) && !h.contains(21, 10) && !h.contains(15, 31));
    }

    #[test]
    fn hit_at_prefers_the_smallest_then_the_nearest_then_the_last() {
        let band = Hit::between((0, 0), (100, 100), 1);
        let marker = Hit::between((40, 40), (60, 60), 2);
        assert_eq!(hit_at(&[band, marker], 50, 50), Some(2));
        assert_eq!(hit_at(&[marker, band], 50, 50), Some(2));
        assert_eq!(hit_at(&[band, marker], 10, 10), Some(1));
        assert_eq!(hit_at(&[band, marker], 101, 10), None);
        // Two points' squares overlap: the nearer centre wins, whichever came first.
        let a = Hit::around((100, 100), 8, 10);
        let b = Hit::around((104, 100), 8, 11);
        assert_eq!(hit_at(&[a, b], 101, 100), Some(10));
        assert_eq!(hit_at(&[a, b], 103, 100), Some(11));
        assert_eq!(hit_at(&[b, a], 101, 100), Some(10));
        // Same region twice: the last drawn is on top.
        let c = Hit { item: 12, ..a };
        assert_eq!(hit_at(&[a, c], 100, 100), Some(12));
        assert_eq!(hit_at(&[], 0, 0), None);
    }

    #[test]
    fn descriptions_stop_after_twelve_items() {
        let items: Vec<String> = (1..=13).map(|i| i.to_string()).collect();
        assert_eq!(
            describe("T", &items, false),
            "T: 1; 2; 3; 4; 5; 6; 7; 8; 9; 10; 11; 12; …"
        );
        assert_eq!(describe("T", &items[..2], false), "T: 1; 2");
        assert_eq!(describe("T", &items[..2], true), "T: 1; 2; …");
        assert_eq!(describe("", &items[..1], false), "1");
        assert_eq!(describe("T", &[], false), "T");
        assert_eq!(joined(&["a", "", "b"]), "a · b");
        assert_eq!(labelled("", "3"), "3");
    }
}
