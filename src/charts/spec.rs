//! The analyzer's charts as data: what each one shows, how to draw it, and the text
//! alternatives (tooltip, description, table) built from the same values. The page draws a
//! [`Chart`] on a canvas ([`Plot::draw`]), keeps the returned [`Hit`](super::hit::Hit)s and asks [`hit_at`](super::hit::hit_at) which item is under
//! the pointer; export draws the same chart into an SVG string.
//!
//! The kit writes no words of its own: every text is given translated by the caller, numbers
//! go through the caller's [`Format`], and the rest is punctuation.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::bars::BarChart;
use super::frame::{Area, Drawn, Plot};
use super::heatmap::Heatmap;
use super::hit::GridItems;
use super::lines::LineChart;
use super::palette::{INK, PAPER};
use super::revenue_histogram::HistogramChart;
use super::text_alternative::describe;
use super::value_format::Format;

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

/// Each chart's own plot; [`Plot::draw`] lays the paper once for all.
impl Plot for Chart {
    /// Whether there is nothing to draw.
    fn is_empty(&self) -> bool {
        match self {
            Chart::Bars(c) => c.is_empty(),
            Chart::Heatmap(c) => c.is_empty(),
            Chart::Lines(c) => c.is_empty(),
            Chart::Histogram(c) => c.is_empty(),
        }
    }

    /// The chart's plot on paper.
    fn plot<DB: DrawingBackend>(&self, area: &Area<DB>, fmt: Format, scale: f64) -> Drawn<DB> {
        match self {
            Chart::Bars(c) => c.plot(area, fmt, scale),
            Chart::Heatmap(c) => c.plot(area, fmt, scale),
            Chart::Lines(c) => c.plot(area, fmt, scale),
            Chart::Histogram(c) => c.plot(area, fmt, scale),
        }
    }
}

impl Chart {
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

    /// The aria-label: the title and the numbers of the first [`DESCRIBED_ITEMS`](super::text_alternative::DESCRIBED_ITEMS) items, then
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
        root: &Area<DB>,
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

    /// The items as a grid the arrow keys walk by row and column as drawn (the heatmap's
    /// cells); `None` for charts walked item by item.
    pub fn grid(&self) -> Option<GridItems> {
        match self {
            Chart::Heatmap(h) => Some(h.grid()),
            _ => None,
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
