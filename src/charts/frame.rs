//! The frame every chart of the kit draws in: the paper, the axes (chosen in [`super::axis`])
//! handed to plotters with their own ticks, label areas sized to their text, and a legend strip
//! above the plot. Sizes are backend pixels: the nominal size × `scale`.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged, ReversibleRanged};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{text_width, Axis, FONT_PX};
use super::hit::Hit;
use super::palette::{GRID, INK, PAPER};
use super::value_format::Format;

/// Margin around the plot, nominal pixels.
const MARGIN_PX: f64 = 10.0;
/// Right margin: room for half of the last x label.
const MARGIN_RIGHT_PX: f64 = 24.0;

/// The drawing area a chart draws on: the whole canvas or SVG document, or a part of it.
pub type Area<DB> = DrawingArea<DB, Shift>;

/// What drawing a chart gives: the regions showing each item (for hover), or the backend's
/// error.
pub type Drawn<DB> = Result<Vec<Hit>, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A chart of the kit: whether it has anything to draw, and its plot on paper. [`Plot::draw`]
/// lays the paper and presents the drawing the same way for every chart.
pub trait Plot {
    /// Whether there is nothing to draw.
    fn is_empty(&self) -> bool;

    /// Draws the chart on `area`, already filled with paper, when it is not empty; returns
    /// the regions showing each item.
    fn plot<DB: DrawingBackend>(&self, area: &Area<DB>, fmt: Format, scale: f64) -> Drawn<DB>;

    /// Draws the chart (without its title: the page shows it as a heading) on any plotters
    /// backend and returns the regions showing each item, for hover. `scale` multiplies font
    /// sizes and margins: the device pixel ratio on screen, 1 for SVG. An empty chart draws
    /// just the paper and returns no regions.
    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>, fmt: Format, scale: f64) -> Drawn<DB> {
        root.fill(&PAPER)?;
        let hits = if self.is_empty() {
            Vec::new()
        } else {
            self.plot(root, fmt, scale)?
        };
        root.present()?;
        Ok(hits)
    }
}

/// A number axis whose ticks are chosen here, not by plotters: plotters' f64 mapping, our key
/// points (no light ones).
pub struct Ticked {
    /// The mapping.
    inner: RangedCoordf64,
    /// Where the ticks (and the grid lines) go.
    ticks: Vec<f64>,
}

impl Ticked {
    /// The axis over `range` with ticks at `ticks`.
    pub fn new((lo, hi): (f64, f64), ticks: Vec<f64>) -> Ticked {
        Ticked {
            inner: (lo..hi).into(),
            ticks,
        }
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }
}

impl ReversibleRanged for Ticked {
    fn unmap(&self, input: i32, limit: (i32, i32)) -> Option<f64> {
        self.inner.unmap(input, limit)
    }
}

/// The coordinates of every chart of the kit: numbers on both axes, with the ticks chosen here.
pub type Coords = Cartesian2d<Ticked, Ticked>;

/// The sizes around the plot, backend pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// Margin on the top, left and bottom.
    pub margin: f64,
    /// Margin on the right.
    pub margin_right: f64,
    /// Height of the area under the plot for the x labels and title.
    pub x_area: f64,
    /// Width of the area left of the plot for the y labels and title.
    pub y_area: f64,
}

impl Layout {
    /// The layout at `scale` with the x area for a title or not; `y_area` is set once the
    /// y labels are known ([`Layout::with_y_axis`]).
    pub fn new(x_title: bool, scale: f64) -> Layout {
        let lines = if x_title { 2.0 } else { 1.0 };
        Layout {
            margin: MARGIN_PX * scale,
            margin_right: MARGIN_RIGHT_PX * scale,
            x_area: (FONT_PX * 1.4 * lines + 8.0) * scale,
            y_area: 0.0,
        }
    }

    /// Sizes the y area for the vertical axis' tick labels and its title, if it has one.
    pub fn with_y_axis(self, y: &Axis, scale: f64) -> Layout {
        let font = FONT_PX * scale;
        let widest = y
            .ticks
            .iter()
            .map(|(_, l)| text_width(l, font))
            .fold(0.0, f64::max);
        let title = if y.title.is_empty() { 0.0 } else { font * 1.6 };
        Layout {
            y_area: widest + 12.0 * scale + title,
            ..self
        }
    }

    /// Height of the plot in an area `height` pixels high.
    pub fn plot_height(&self, height: f64) -> f64 {
        (height - 2.0 * self.margin - self.x_area).max(1.0)
    }

    /// Width of the plot in an area `width` pixels wide.
    pub fn plot_width(&self, width: f64) -> f64 {
        (width - self.margin - self.margin_right - self.y_area).max(1.0)
    }
}

/// The text style of the kit at `scale`, in [`INK`].
pub fn font<DB: DrawingBackend>(scale: f64) -> TextStyle<'static> {
    sized_font::<DB>(FONT_PX, scale).color(&INK)
}

/// A sans-serif font of `nominal` pixels × `scale` as drawn by backend `DB`. plotters-svg
/// writes a font's size divided by 1.24 (plotters' point convention) while plotters-canvas
/// writes it as CSS pixels; for SVG the size is raised by that factor so a 13 px label is
/// 13 px in the export too, as the layout here assumes.
pub fn sized_font<DB: DrawingBackend>(nominal: f64, scale: f64) -> FontDesc<'static> {
    let factor = if std::any::type_name::<DB>().contains("plotters_svg") {
        1.24
    } else {
        1.0
    };
    ("sans-serif", nominal * scale * factor).into_font()
}

/// A nominal size in backend pixels.
pub fn px(nominal: f64, scale: f64) -> u32 {
    (nominal * scale).round().max(0.0) as u32
}

/// Builds the chart on `area` with these axes and draws them: ticks and labels in [`INK`],
/// grid lines in [`GRID`] where the axis asks for them.
pub fn build<'a, DB: DrawingBackend>(
    area: &'a Area<DB>,
    layout: &Layout,
    x: &Axis,
    y: &Axis,
    scale: f64,
) -> Result<ChartContext<'a, DB, Coords>, DrawingAreaErrorKind<DB::ErrorType>> {
    let whole = |v: f64| v.round().max(0.0) as u32;
    // Room right of the plot for half of a label centred on its right edge.
    let overhang = x
        .ticks
        .last()
        .filter(|(v, _)| *v >= x.range.1)
        .map_or(0.0, |(_, l)| {
            text_width(l, FONT_PX * scale) / 2.0 + 2.0 * scale
        });
    let x_points = Ticked::new(x.range, x.ticks.iter().map(|t| t.0).collect());
    let y_points = Ticked::new(y.range, y.ticks.iter().map(|t| t.0).collect());
    let mut chart = ChartBuilder::on(area)
        .margin(whole(layout.margin))
        .margin_right(whole(layout.margin_right.max(overhang)))
        .x_label_area_size(whole(layout.x_area))
        .y_label_area_size(whole(layout.y_area))
        .build_cartesian_2d(x_points, y_points)?;
    let x_label = |v: &f64| tick_label(&x.ticks, *v);
    let y_label = |v: &f64| tick_label(&y.ticks, *v);
    let mut mesh = chart.configure_mesh();
    mesh.light_line_style(TRANSPARENT)
        .bold_line_style(GRID.stroke_width(px(1.0, scale).max(1)))
        .axis_style(INK.stroke_width(px(1.0, scale).max(1)))
        .set_all_tick_mark_size(px(4.0, scale))
        .label_style(font::<DB>(scale))
        .axis_desc_style(font::<DB>(scale))
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label);
    if !x.grid {
        mesh.disable_x_mesh();
    }
    if !y.grid {
        mesh.disable_y_mesh();
    }
    if !x.title.is_empty() {
        mesh.x_desc(x.title.as_str());
    }
    if !y.title.is_empty() {
        mesh.y_desc(y.title.as_str());
    }
    mesh.draw()?;
    Ok(chart)
}

/// The label of the tick at `v` (the same f64 that was handed to plotters as a key point).
fn tick_label(ticks: &[(f64, String)], v: f64) -> String {
    ticks
        .iter()
        .find(|(t, _)| *t == v)
        .map(|(_, l)| l.clone())
        .unwrap_or_default()
}

/// How a legend entry shows its series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mark {
    /// A filled square (bars).
    Square,
    /// A short line, dashed or solid (lines).
    Line {
        /// Whether the series is dashed.
        dashed: bool,
    },
}

/// Where each legend entry goes (its mark's left edge and the row's middle, relative to the
/// legend strip) and the strip's height: entries flow left to right and wrap.
pub fn legend_layout(names: &[&str], width: f64, scale: f64) -> (Vec<(f64, f64)>, f64) {
    let font = FONT_PX * scale;
    let row = font * 1.5;
    let (mark, gap, after) = (18.0 * scale, 5.0 * scale, 16.0 * scale);
    let start = MARGIN_PX * scale;
    let (mut x, mut y) = (start, row / 2.0 + 4.0 * scale);
    let mut positions = Vec::with_capacity(names.len());
    for name in names {
        let w = mark + gap + text_width(name, font);
        if x > start && x + w > width - MARGIN_PX * scale {
            x = start;
            y += row;
        }
        positions.push((x, y));
        x += w + after;
    }
    let height = if names.is_empty() {
        0.0
    } else {
        y + row / 2.0 + 2.0 * scale
    };
    (positions, height)
}

/// Splits a legend strip off the top of `root` when there is more than one entry, draws the
/// legend in it, and returns the area left for the chart.
pub fn legend<DB: DrawingBackend>(
    root: &Area<DB>,
    entries: &[(&str, RGBColor, Mark)],
    scale: f64,
) -> Result<Area<DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    if entries.len() < 2 {
        return Ok(root.clone());
    }
    let names: Vec<&str> = entries.iter().map(|e| e.0).collect();
    let (positions, height) = legend_layout(&names, root.dim_in_pixel().0 as f64, scale);
    let (strip, rest) = root.split_vertically(height.round() as u32);
    let text = font::<DB>(scale).pos(Pos::new(HPos::Left, VPos::Center));
    let mark_w = 18.0 * scale;
    for ((name, colour, mark), (x, y)) in entries.iter().zip(positions) {
        let (x0, y0) = (x.round() as i32, y.round() as i32);
        let x1 = (x + mark_w).round() as i32;
        let half = (5.0 * scale).round() as i32;
        match mark {
            Mark::Square => strip.draw(&Rectangle::new(
                [
                    (x0 + 3 * half / 5, y0 - half),
                    (x1 - 3 * half / 5, y0 + half),
                ],
                colour.filled(),
            ))?,
            Mark::Line { dashed } => {
                let style = colour.stroke_width(px(2.0, scale).max(1));
                if *dashed {
                    let third = (x1 - x0) / 3;
                    strip.draw(&PathElement::new(vec![(x0, y0), (x0 + third, y0)], style))?;
                    strip.draw(&PathElement::new(vec![(x1 - third, y0), (x1, y0)], style))?;
                } else {
                    strip.draw(&PathElement::new(vec![(x0, y0), (x1, y0)], style))?;
                }
            }
        }
        let tx = (x + mark_w + 5.0 * scale).round() as i32;
        strip.draw(&Text::new(name.to_string(), (tx, y0), text.clone()))?;
    }
    Ok(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legend_entries_wrap_to_the_width() {
        let names = ["Actual", "BG/NBD", "Pareto/NBD"];
        let (one_row, h1) = legend_layout(&names, 800.0, 1.0);
        assert!(one_row.iter().all(|p| p.1 == one_row[0].1));
        assert!(one_row.windows(2).all(|w| w[1].0 > w[0].0));
        let (wrapped, h2) = legend_layout(&names, 150.0, 1.0);
        assert!(wrapped[2].1 > wrapped[0].1);
        assert!(h2 > h1);
        assert_eq!(legend_layout(&[], 800.0, 1.0).1, 0.0);
    }
}
