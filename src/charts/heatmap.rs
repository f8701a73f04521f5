//! A grid of cells coloured by value on a sequential ramp: the RFM recency × frequency grid,
//! cohort retention (a triangle: young cohorts have no late months), the frequency × recency
//! matrix. Cells big enough carry their value as text, in white or ink for contrast.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{self, category_axis, text_width, FONT_PX};
use super::frame::{self, Area, Drawn, Layout, Plot};
use super::hit::{GridItems, Hit};
use super::palette::{ramp, text_on};
use super::text_alternative::{grid_table, joined, value_or_dash};
use super::value_format::{Format, ValueKind};

/// Font size of the values in the cells, nominal pixels.
const CELL_FONT_PX: f64 = 12.0;
/// Number of steps in the colour scale above the grid.
const SCALE_STEPS: usize = 24;
/// Width of one step of the colour scale, nominal pixels.
const SCALE_STEP_PX: f64 = 5.0;

/// A heatmap. Item numbering: row by row ([`Heatmap::grid`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Heatmap {
    /// Title (the page's heading; drawn only in the SVG export).
    pub title: String,
    /// Row labels, top to bottom.
    pub rows: Vec<String>,
    /// Column labels, left to right.
    pub columns: Vec<String>,
    /// rows × columns values; `None` (or a missing or non-finite value) is an empty cell.
    pub values: Vec<Vec<Option<f64>>>,
    /// What the values are, for formatting.
    pub value_kind: ValueKind,
    /// Title of the rows' axis (may be empty).
    pub row_title: String,
    /// Title of the columns' axis (may be empty).
    pub column_title: String,
}

/// `name` preceded by its axis title when there is one: "Recency 3".
fn named(title: &str, name: &str) -> String {
    if title.is_empty() {
        name.to_string()
    } else {
        format!("{title} {name}")
    }
}

impl Heatmap {
    /// The cells as items of a grid.
    pub fn grid(&self) -> GridItems {
        GridItems {
            rows: self.rows.len(),
            columns: self.columns.len(),
        }
    }

    /// A cell's value, if it has a finite one.
    pub fn value(&self, row: usize, column: usize) -> Option<f64> {
        if row >= self.rows.len() || column >= self.columns.len() {
            return None;
        }
        self.values
            .get(row)?
            .get(column)
            .copied()
            .flatten()
            .filter(|v| v.is_finite())
    }

    /// Every non-empty cell as (row, column, value), in item order.
    fn cells(&self) -> impl Iterator<Item = (usize, usize, f64)> + '_ {
        self.grid().with_values(|r, c| self.value(r, c))
    }

    /// The smallest and largest value, the ends of the colour ramp; `None` when every cell
    /// is empty.
    pub fn value_range(&self) -> Option<(f64, f64)> {
        self.cells().fold(None, |range, (_, _, v)| match range {
            None => Some((v, v)),
            Some((lo, hi)) => Some((v.min(lo), v.max(hi))),
        })
    }

    /// Where `v` lies on the ramp, 0 at the smallest value and 1 at the largest (0.5 when
    /// every value is the same).
    pub fn shade(&self, v: f64) -> f64 {
        match self.value_range() {
            Some((lo, hi)) if hi > lo => ((v - lo) / (hi - lo)).clamp(0.0, 1.0),
            _ => 0.5,
        }
    }

    /// "Row title row · Column title column: value".
    pub fn tooltip(&self, item: usize, fmt: Format) -> String {
        let Some((r, c)) = self.grid().locate(item) else {
            return String::new();
        };
        let value = value_or_dash(self.value(r, c), self.value_kind, fmt);
        let place = joined(&[
            &named(&self.row_title, &self.rows[r]),
            &named(&self.column_title, &self.columns[c]),
        ]);
        format!("{place}: {value}")
    }

    /// Every non-empty cell's tooltip, in item order, for the description.
    pub(crate) fn described_items(&self, fmt: Format) -> Vec<String> {
        self.cells()
            .map(|(r, c, _)| self.tooltip(self.grid().item(r, c), fmt))
            .collect()
    }

    /// The grid as a table: the row title then the columns in the header, a row per row,
    /// empty cells empty.
    pub fn table(&self, fmt: Format) -> (Vec<String>, Vec<Vec<String>>) {
        grid_table(
            self.row_title.clone(),
            self.columns.iter().cloned(),
            &self.rows,
            self.columns.len(),
            |r, c| self.value(r, c),
            self.value_kind,
            fmt,
        )
    }

    /// Splits a strip off the top of `root` and draws the colour scale in it: the smallest
    /// value, the ramp, the largest value. Returns the area left for the grid.
    fn draw_colour_scale<DB: DrawingBackend>(
        &self,
        root: &Area<DB>,
        (lo, hi): (f64, f64),
        fmt: Format,
        scale: f64,
    ) -> Result<Area<DB>, DrawingAreaErrorKind<DB::ErrorType>> {
        let font = FONT_PX * scale;
        let (strip, rest) = root.split_vertically((font * 1.5 + 8.0 * scale).round() as u32);
        let middle = ((font * 1.5 + 8.0 * scale) / 2.0).round() as i32;
        let text = frame::font::<DB>(scale).pos(Pos::new(HPos::Left, VPos::Center));
        let (low, high) = (fmt(self.value_kind, lo), fmt(self.value_kind, hi));
        let mut x = 10.0 * scale;
        strip.draw(&Text::new(
            low.clone(),
            (x.round() as i32, middle),
            text.clone(),
        ))?;
        x += text_width(&low, font) + 6.0 * scale;
        let step = SCALE_STEP_PX * scale;
        let half = (font * 0.45).round() as i32;
        for i in 0..SCALE_STEPS {
            let t = i as f64 / (SCALE_STEPS - 1) as f64;
            let (x0, x1) = (
                (x + i as f64 * step).round() as i32,
                (x + (i + 1) as f64 * step).round() as i32,
            );
            strip.draw(&Rectangle::new(
                [(x0, middle - half), (x1, middle + half)],
                ramp(t).filled(),
            ))?;
        }
        x += SCALE_STEPS as f64 * step + 6.0 * scale;
        strip.draw(&Text::new(high, (x.round() as i32, middle), text))?;
        Ok(rest)
    }
}

impl Plot for Heatmap {
    /// Whether every cell is empty.
    fn is_empty(&self) -> bool {
        self.cells().next().is_none()
    }

    /// Draws the colour scale and the grid; returns one hit region per non-empty cell.
    fn plot<DB: DrawingBackend>(&self, root: &Area<DB>, fmt: Format, scale: f64) -> Drawn<DB> {
        let Some((lo, hi)) = self.value_range() else {
            return Ok(Vec::new());
        };
        let area = self.draw_colour_scale(root, (lo, hi), fmt, scale)?;
        let (width, height) = area.dim_in_pixel();
        let (width, height) = (width as f64, height as f64);
        let (n_rows, n_columns) = (self.rows.len(), self.columns.len());
        let layout = Layout::new(!self.column_title.is_empty(), scale);
        let row_slot = layout.plot_height(height) / n_rows as f64;
        let max_label = axis::max_row_label(width, scale);
        let rows = axis::row_labels(&self.rows, row_slot, max_label, scale);
        // Row 0 on top.
        let y = category_axis(n_rows, rows, true).titled(&self.row_title);
        let layout = layout.with_y_axis(&y, scale);
        let column_slot = layout.plot_width(width) / n_columns as f64;
        let columns = axis::column_labels(&self.columns, column_slot, scale);
        let x = category_axis(n_columns, columns, false).titled(&self.column_title);
        let mut chart = frame::build(&area, &layout, &x, &y, scale)?;
        let top = |r: usize| (n_rows - r) as f64;
        let cell_font = CELL_FONT_PX * scale;
        let mut hits = Vec::new();
        let mut cells = Vec::new();
        let mut texts = Vec::new();
        for (r, c, v) in self.cells() {
            let (p, q) = ((c as f64, top(r)), (c as f64 + 1.0, top(r) - 1.0));
            let hit = Hit::between(
                chart.backend_coord(&p),
                chart.backend_coord(&q),
                self.grid().item(r, c),
            );
            let colour = ramp(self.shade(v));
            let mut cell = Rectangle::new([p, q], colour.filled());
            // A hairline of paper between cells, when they are big enough to spare it.
            if hit.w >= 6 && hit.h >= 6 {
                cell.set_margin(0, 1, 0, 1);
            }
            cells.push(cell);
            let label = fmt(self.value_kind, v);
            let fits = f64::from(hit.w) >= text_width(&label, cell_font) + 6.0 * scale
                && f64::from(hit.h) >= cell_font * 1.3;
            if fits {
                let style = frame::sized_font::<DB>(CELL_FONT_PX, scale)
                    .color(&text_on(colour))
                    .pos(Pos::new(HPos::Center, VPos::Center));
                texts.push(Text::new(label, (c as f64 + 0.5, top(r) - 0.5), style));
            }
            hits.push(hit);
        }
        chart.draw_series(cells)?;
        chart.draw_series(texts)?;
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::hit::hit_at;
    use crate::charts::spec::Chart;
    use crate::charts::test_support::{assert_svg_shows, draw_svg, plain};

    /// Monthly cohorts' retention: a triangle, the youngest cohort has only its first month.
    fn retention() -> Heatmap {
        Heatmap {
            title: "Retention by cohort".into(),
            rows: vec!["2024-01".into(), "2024-02".into(), "2024-03".into()],
            columns: vec!["0".into(), "1".into(), "2".into()],
            values: vec![
                vec![Some(1.0), Some(0.4), Some(0.25)],
                vec![Some(1.0), Some(0.3), None],
                vec![Some(1.0), None, None],
            ],
            value_kind: ValueKind::Share,
            row_title: "Cohort".into(),
            column_title: "Month".into(),
        }
    }

    /// The texts drawn in `colour`.
    fn texts_in<'a>(svg: &'a str, colour: &str) -> Vec<&'a str> {
        let fill = format!("fill=\"{colour}\"");
        svg.split("<text")
            .skip(1)
            .filter(|t| {
                t.split_once('>')
                    .is_some_and(|(attrs, _)| attrs.contains(&fill))
            })
            .filter_map(|t| {
                t.split_once('>')
                    .map(|(_, rest)| rest.split('<').next().unwrap_or("").trim())
            })
            .collect()
    }

    #[test]
    fn the_ramp_runs_from_the_smallest_to_the_largest_value() {
        let map = retention();
        assert_eq!(map.value_range(), Some((0.25, 1.0)));
        assert_eq!(map.shade(0.25), 0.0);
        assert_eq!(map.shade(1.0), 1.0);
        assert!((map.shade(0.625) - 0.5).abs() < 1e-12);
        let flat = Heatmap {
            values: vec![vec![Some(3.0)]],
            ..retention()
        };
        assert_eq!(flat.shade(3.0), 0.5);
    }

    #[test]
    fn items_number_rows_then_columns() {
        let map = retention();
        assert_eq!(map.grid().item(1, 2), 5);
        assert_eq!(map.grid().locate(7), Some((2, 1)));
        assert_eq!(map.grid().locate(9), None);
        assert_eq!(map.tooltip(1, &plain), "Cohort 2024-01 · Month 1: 40%");
        assert_eq!(map.tooltip(5, &plain), "Cohort 2024-02 · Month 2: –");
        let untitled = Heatmap {
            row_title: String::new(),
            column_title: String::new(),
            ..retention()
        };
        assert_eq!(untitled.tooltip(0, &plain), "2024-01 · 0: 100%");
    }

    #[test]
    fn each_cell_is_hit_at_its_centre_and_empty_cells_not_at_all() {
        let (_, hits) = draw_svg(&retention(), (480, 320));
        let items: Vec<usize> = hits.iter().map(|h| h.item).collect();
        assert_eq!(items, vec![0, 1, 2, 3, 4, 6]);
        for hit in &hits {
            assert_eq!(
                hit_at(&hits, hit.x + hit.w / 2, hit.y + hit.h / 2),
                Some(hit.item)
            );
        }
        // Row 0 on top, column 0 on the left; cells of one size.
        let (a, b) = (hits[0], hits[4]); // (0,0) and (1,1)
        assert!(a.x < b.x && a.y < b.y);
        assert!((a.w - b.w).abs() <= 1 && (a.h - b.h).abs() <= 1);
        // The empty cell (1,2) sits right of (1,1): nothing there.
        assert_eq!(hit_at(&hits, b.x + b.w * 3 / 2, b.y + b.h / 2), None);
    }

    #[test]
    fn renders_cells_values_and_scale_to_svg() {
        let svg = Chart::Heatmap(retention()).svg(480, 320, &plain);
        let texts = [
            "Retention by cohort",
            "Cohort",
            "Month",
            "2024-03",
            "40%",
            "25%",
        ];
        assert_svg_shows(&svg, &texts);
        // The darkest colour: three 100 % cells and the scale's last step.
        assert_eq!(svg.matches("fill=\"#08306B\"").count(), 4);
        // The lightest: the 25 % cell and the scale's first step.
        assert_eq!(svg.matches("fill=\"#DEEBF7\"").count(), 2);
        // White text on the three dark cells, ink on the light ones.
        assert_eq!(texts_in(&svg, "#FFFFFF"), vec!["100%"; 3]);
        assert!(texts_in(&svg, "#333333").contains(&"25%"));
    }

    #[test]
    fn a_twenty_by_twenty_matrix_stays_readable() {
        let n = 20;
        let map = Heatmap {
            title: "Frequency × recency".into(),
            rows: (0..n).map(|i| i.to_string()).collect(),
            columns: (0..n).map(|i| format!("{i} weeks")).collect(),
            values: (0..n)
                .map(|r| (0..n).map(|c| Some((r * c) as f64)).collect())
                .collect(),
            value_kind: ValueKind::Count,
            row_title: "Frequency".into(),
            column_title: "Recency".into(),
        };
        let (svg, hits) = draw_svg(&map, (480, 360));
        assert_eq!(hits.len(), 400);
        // Cells too small for their numbers carry none: only hover and the table tell.
        assert!(!svg.contains(">\n342\n<"));
        assert!(texts_in(&svg, "#FFFFFF").is_empty());
        assert_eq!(map.table(&plain).1[19][20], "361");
        assert!(Chart::Heatmap(map).describe(&plain).ends_with("…"));
    }

    #[test]
    fn empty_grids_draw_just_the_paper() {
        let map = Heatmap {
            values: vec![vec![None; 3]; 3],
            ..retention()
        };
        assert!(map.is_empty());
        let (svg, hits) = draw_svg(&map, (300, 200));
        assert!(hits.is_empty());
        assert_eq!(svg.matches("<rect").count(), 1);
    }
}
