//! The frame every chart of the kit draws in: axes with ticks chosen here (nice value ticks
//! formatted by the caller, category labels thinned or shortened so none overlap), label areas
//! sized to their text, and a legend strip above the plot. Sizes are backend pixels: the
//! nominal size × `scale`.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged, ReversibleRanged};
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::histogram::nice_step;
use super::palette::{GRID, INK};
use super::value_format::{Format, ValueKind};

/// Font size of every text, nominal pixels.
pub const FONT_PX: f64 = 13.0;
/// Margin around the plot, nominal pixels.
const MARGIN_PX: f64 = 10.0;
/// Right margin: room for half of the last x label.
const MARGIN_RIGHT_PX: f64 = 24.0;
/// Space between two labels along an axis, nominal pixels.
const LABEL_GAP_PX: f64 = 10.0;
/// The widest a category label on the vertical axis may be before it is shortened.
const MAX_ROW_LABEL_PX: f64 = 240.0;
/// The widest a category label on the horizontal axis may be when labels are thinned.
const MAX_COLUMN_LABEL_PX: f64 = 120.0;
/// A label shorter than this many characters says too little: thin rather than shorten.
const MIN_LABEL_CHARS: f64 = 6.0;

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

/// The width of `text` at `font_px`: about 0.58 em a character, twice that for CJK characters
/// (the same estimate as `tornado::label_width`, so the layout is the same on every backend).
pub fn text_width(text: &str, font_px: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| if c >= '\u{2E80}' { 2.0 } else { 1.0 })
        .sum();
    ems * 0.58 * font_px
}

/// `text` shortened with "…" to fit `max_px` at `font_px` (unchanged when it fits).
pub fn shorten(text: &str, max_px: f64, font_px: f64) -> String {
    if text_width(text, font_px) <= max_px {
        return text.to_string();
    }
    let ellipsis = text_width("…", font_px);
    let mut out = String::new();
    for c in text.chars() {
        let mut next = out.clone();
        next.push(c);
        if text_width(&next, font_px) + ellipsis > max_px {
            break;
        }
        out = next;
    }
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// One axis: its range, the ticks with their labels, its title, whether grid lines run from
/// its ticks across the plot.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// Coordinate at the start (left or bottom) and at the end.
    pub range: (f64, f64),
    /// Tick positions and their texts.
    pub ticks: Vec<(f64, String)>,
    /// The axis title (may be empty).
    pub title: String,
    /// Whether grid lines are drawn at the ticks.
    pub grid: bool,
}

/// A value axis covering `lo..hi` with "nice" ticks (1, 2 or 5 × 10ⁿ apart; whole numbers
/// for counts), as many as fit along `length_px` without labels overlapping or repeating, and
/// the range widened to the outer ticks. `along_x` says whether the axis is horizontal.
pub fn value_axis(
    (lo, hi): (f64, f64),
    kind: ValueKind,
    fmt: Format,
    length_px: f64,
    along_x: bool,
    scale: f64,
) -> (f64, f64, Vec<(f64, String)>) {
    let (lo, hi) = widen(lo, hi);
    let font = FONT_PX * scale;
    let mut fallback = None;
    for target in (2..=10).rev() {
        let mut step = nice_step((hi - lo) / target as f64);
        if kind == ValueKind::Count {
            step = step.max(1.0);
        }
        // A hair of tolerance so 0.30000000000000004 does not open a new step.
        let first = (lo / step + 1e-9).floor() as i64;
        let last = (hi / step - 1e-9).ceil() as i64;
        let ticks: Vec<(f64, String)> = (first..=last)
            .map(|k| {
                let v = k as f64 * step;
                let v = if v == 0.0 { 0.0 } else { v }; // no "-0"
                (v, fmt(kind, v))
            })
            .collect();
        let spacing = length_px / (ticks.len().max(2) - 1) as f64;
        let needed = if along_x {
            ticks
                .iter()
                .map(|(_, t)| text_width(t, font))
                .fold(0.0, f64::max)
                + LABEL_GAP_PX * scale
        } else {
            font * 1.8
        };
        let distinct = ticks.windows(2).all(|w| w[0].1 != w[1].1);
        let result = (first as f64 * step, last as f64 * step, ticks);
        if needed <= spacing && distinct {
            return result;
        }
        fallback = Some(result);
    }
    fallback.expect("the loop runs at least once")
}

/// A range with some width: an empty or reversed one is opened around its value.
fn widen(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = match (lo.is_finite(), hi.is_finite()) {
        (true, true) => (lo.min(hi), lo.max(hi)),
        (true, false) => (lo, lo),
        (false, true) => (hi, hi),
        (false, false) => (0.0, 0.0),
    };
    if hi - lo > 1e-12 * lo.abs().max(hi.abs()) {
        (lo, hi)
    } else if lo == 0.0 {
        (0.0, 1.0)
    } else {
        let pad = lo.abs() * 0.1;
        (lo - pad, hi + pad)
    }
}

/// Labels for `labels.len()` categories laid out `slot_px` apart along the horizontal axis, at
/// the returned indices: all of them when they fit, shortened when a few characters still fit,
/// else every k-th one so none overlap.
pub fn column_labels(labels: &[String], slot_px: f64, scale: f64) -> Vec<(usize, String)> {
    let font = FONT_PX * scale;
    let gap = LABEL_GAP_PX * scale;
    let widest = labels
        .iter()
        .map(|l| text_width(l, font))
        .fold(0.0, f64::max);
    let room = slot_px - gap;
    if widest <= room || room >= text_width("m", font) * MIN_LABEL_CHARS {
        return labels
            .iter()
            .enumerate()
            .map(|(i, l)| (i, shorten(l, room, font)))
            .collect();
    }
    let width = widest.min(MAX_COLUMN_LABEL_PX * scale);
    let step = ((width + gap) / slot_px.max(1e-9)).ceil().max(1.0) as usize;
    labels
        .iter()
        .enumerate()
        .step_by(step)
        .map(|(i, l)| (i, shorten(l, width, font)))
        .collect()
}

/// Labels for categories laid out `slot_px` apart along the vertical axis, at the returned
/// indices: every k-th when the rows are lower than a line of text, each shortened to
/// `max_px`.
pub fn row_labels(
    labels: &[String],
    slot_px: f64,
    max_px: f64,
    scale: f64,
) -> Vec<(usize, String)> {
    let font = FONT_PX * scale;
    let step = (font * 1.25 / slot_px.max(1e-9)).ceil().max(1.0) as usize;
    labels
        .iter()
        .enumerate()
        .step_by(step)
        .map(|(i, l)| (i, shorten(l, max_px, font)))
        .collect()
}

/// The widest a row label may be in an area `area_width` wide: at most 240 px × scale and at
/// most a third of the area.
pub fn max_row_label(area_width: f64, scale: f64) -> f64 {
    (MAX_ROW_LABEL_PX * scale).min(area_width / 3.0)
}

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
    /// y labels are known ([`Layout::with_y_labels`]).
    pub fn new(x_title: bool, scale: f64) -> Layout {
        let lines = if x_title { 2.0 } else { 1.0 };
        Layout {
            margin: MARGIN_PX * scale,
            margin_right: MARGIN_RIGHT_PX * scale,
            x_area: (FONT_PX * 1.4 * lines + 8.0) * scale,
            y_area: 0.0,
        }
    }

    /// Sizes the y area for these tick labels and a title or not.
    pub fn with_y_labels<'a>(
        self,
        labels: impl IntoIterator<Item = &'a String>,
        y_title: bool,
        scale: f64,
    ) -> Layout {
        let font = FONT_PX * scale;
        let widest = labels
            .into_iter()
            .map(|l| text_width(l, font))
            .fold(0.0, f64::max);
        let title = if y_title { font * 1.6 } else { 0.0 };
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
    area: &'a DrawingArea<DB, Shift>,
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
    root: &DrawingArea<DB, Shift>,
    entries: &[(&str, RGBColor, Mark)],
    scale: f64,
) -> Result<DrawingArea<DB, Shift>, DrawingAreaErrorKind<DB::ErrorType>> {
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
    use crate::charts::value_format::plain;

    #[test]
    fn text_is_shortened_to_fit() {
        assert_eq!(shorten("Champions", 500.0, 13.0), "Champions");
        let short = shorten("Customers needing attention", 80.0, 13.0);
        assert!(short.ends_with('…'), "{short}");
        assert!(text_width(&short, 13.0) <= 80.0);
        assert!(short.len() > 3);
        assert!(text_width("取得", 13.0) > text_width("ab", 13.0));
    }

    #[test]
    fn value_ticks_are_nice_and_cover_the_range() {
        let (lo, hi, ticks) = value_axis((0.0, 923.0), ValueKind::Money, &plain, 300.0, false, 1.0);
        assert_eq!((lo, hi), (0.0, 1000.0));
        let values: Vec<f64> = ticks.iter().map(|t| t.0).collect();
        assert!(values.len() >= 3 && values.len() <= 11, "{values:?}");
        assert_eq!(ticks[0].1, "€0.00");
        // Evenly spaced by a 1, 2 or 5 × 10ⁿ step.
        let step = values[1] - values[0];
        assert!([100.0, 200.0, 250.0, 500.0].contains(&step), "{step}");
        // Negative values extend the axis below zero.
        let (lo, hi, _) = value_axis((-120.0, 480.0), ValueKind::Money, &plain, 300.0, false, 1.0);
        assert!(lo <= -120.0 && lo > -300.0 && hi >= 480.0, "{lo}..{hi}");
    }

    #[test]
    fn count_ticks_are_whole_and_labels_never_repeat() {
        let (lo, hi, ticks) = value_axis((0.0, 3.0), ValueKind::Count, &plain, 400.0, false, 1.0);
        assert_eq!((lo, hi), (0.0, 3.0));
        assert!(ticks.iter().all(|t| t.0.fract() == 0.0), "{ticks:?}");
        // Money formatted without decimals would repeat at 0.5 steps: fewer ticks instead.
        let whole_money = |_: ValueKind, v: f64| format!("€{v:.0}");
        let (_, _, ticks) = value_axis(
            (0.0, 2.0),
            ValueKind::Money,
            &whole_money,
            400.0,
            false,
            1.0,
        );
        assert!(ticks.windows(2).all(|w| w[0].1 != w[1].1), "{ticks:?}");
    }

    #[test]
    fn horizontal_ticks_leave_room_for_their_labels() {
        let (_, _, wide) = value_axis((0.0, 1e6), ValueKind::Money, &plain, 800.0, true, 1.0);
        let (_, _, narrow) = value_axis((0.0, 1e6), ValueKind::Money, &plain, 200.0, true, 1.0);
        assert!(
            narrow.len() < wide.len(),
            "{} vs {}",
            narrow.len(),
            wide.len()
        );
        let widest = narrow
            .iter()
            .map(|t| text_width(&t.1, 13.0))
            .fold(0.0, f64::max);
        assert!(200.0 / (narrow.len() - 1) as f64 >= widest, "{narrow:?}");
    }

    #[test]
    fn empty_ranges_are_opened() {
        assert_eq!(widen(0.0, 0.0), (0.0, 1.0));
        assert_eq!(widen(5.0, 5.0), (4.5, 5.5));
        assert_eq!(widen(3.0, 1.0), (1.0, 3.0));
        assert_eq!(widen(f64::NAN, 2.0), (1.8, 2.2));
    }

    #[test]
    fn forty_columns_get_labels_that_do_not_overlap() {
        let labels: Vec<String> = (0..40).map(|i| format!("Category {i}")).collect();
        let shown = column_labels(&labels, 15.0, 1.0);
        let step = shown[1].0 - shown[0].0;
        assert!(step > 1);
        let widest = shown
            .iter()
            .map(|l| text_width(&l.1, 13.0))
            .fold(0.0, f64::max);
        assert!(widest + LABEL_GAP_PX <= step as f64 * 15.0, "{shown:?}");
        // Room for every label: all shown, untouched.
        let few: Vec<String> = ["A", "B", "C"].map(String::from).to_vec();
        assert_eq!(column_labels(&few, 100.0, 1.0).len(), 3);
        // Room for a few characters each: all shown, shortened.
        let long: Vec<String> = (0..5)
            .map(|i| format!("Customers needing attention {i}"))
            .collect();
        let shown = column_labels(&long, 100.0, 1.0);
        assert_eq!(shown.len(), 5);
        assert!(shown.iter().all(|l| l.1.ends_with('…')));
    }

    #[test]
    fn rows_lower_than_a_line_are_thinned() {
        let labels: Vec<String> = (0..20).map(|i| i.to_string()).collect();
        assert_eq!(row_labels(&labels, 20.0, 100.0, 1.0).len(), 20);
        let shown = row_labels(&labels, 8.0, 100.0, 1.0);
        assert_eq!(shown.len(), 7); // every third: 13 × 1.25 / 8 → 3
        assert_eq!(shown[1].0, 3);
        // At scale 2 the rows are twice as high and the font too: the same thinning.
        assert_eq!(row_labels(&labels, 16.0, 200.0, 2.0).len(), 7);
    }

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
