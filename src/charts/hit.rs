//! Hover regions: where a drawn chart shows each of its items, in backend pixels, and which
//! item lies under a point. Every chart returns its regions from drawing, computed with its own
//! coordinate mapping, so the tooltip matches what is drawn.

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

/// Items laid out as a grid and numbered row by row, `row * columns + column`: the bars of a
/// bar chart (a row per category, a column per series), the cells of a heatmap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridItems {
    /// How many rows.
    pub rows: usize,
    /// How many columns.
    pub columns: usize,
}

impl GridItems {
    /// The item number of a place.
    pub fn item(self, row: usize, column: usize) -> usize {
        row * self.columns + column
    }

    /// The row and column of an item, if the grid has it.
    pub fn locate(self, item: usize) -> Option<(usize, usize)> {
        let n = self.columns;
        (n > 0 && item < n * self.rows).then(|| (item / n, item % n))
    }

    /// The drawn item reached from `hits[from]` by one arrow-key step as the grid is drawn
    /// (`(0, 1)` right along its row, `(1, 0)` down its column…), skipping places where nothing
    /// is drawn: an index into `hits`, or `None` at the grid's edge.
    pub fn step(self, hits: &[Hit], from: usize, (down, right): (i64, i64)) -> Option<usize> {
        let (mut row, mut column) = self.locate(hits.get(from)?.item)?;
        loop {
            let r = row as i64 + down;
            let c = column as i64 + right;
            if r < 0
                || c < 0
                || r >= self.rows as i64
                || c >= self.columns as i64
                || (down, right) == (0, 0)
            {
                return None;
            }
            (row, column) = (r as usize, c as usize);
            let item = self.item(row, column);
            if let Some(i) = hits.iter().position(|h| h.item == item) {
                return Some(i);
            }
        }
    }

    /// Every place that has a `value`, as (row, column, value), in item order.
    pub fn with_values<'a>(
        self,
        value: impl Fn(usize, usize) -> Option<f64> + Copy + 'a,
    ) -> impl Iterator<Item = (usize, usize, f64)> + 'a {
        (0..self.rows).flat_map(move |r| {
            (0..self.columns).filter_map(move |c| value(r, c).map(|v| (r, c, v)))
        })
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
    fn grid_items_are_numbered_row_by_row_and_empty_places_skipped() {
        let grid = GridItems {
            rows: 2,
            columns: 3,
        };
        assert_eq!(grid.item(1, 2), 5);
        assert_eq!(grid.locate(4), Some((1, 1)));
        assert_eq!(grid.locate(6), None);
        let odd = |r: usize, c: usize| ((r + c) % 2 == 1).then_some((r * 10 + c) as f64);
        let places: Vec<_> = grid.with_values(odd).collect();
        assert_eq!(places, vec![(0, 1, 1.0), (1, 0, 10.0), (1, 2, 12.0)]);
        let no_columns = GridItems { columns: 0, ..grid };
        // Arrow steps as drawn: along the row, down the column, over a place with nothing.
        let cells: Vec<Hit> = [0, 1, 2, 4, 5, 7]
            .into_iter()
            .map(|item| Hit::around((item as i32 * 10, 0), 4, item))
            .collect();
        let three = GridItems {
            rows: 3,
            columns: 3,
        };
        let at = |item: usize| cells.iter().position(|h| h.item == item).unwrap();
        assert_eq!(three.step(&cells, at(0), (0, 1)), Some(at(1)));
        assert_eq!(three.step(&cells, at(1), (1, 0)), Some(at(4)));
        assert_eq!(three.step(&cells, at(4), (1, 0)), Some(at(7)));
        assert_eq!(three.step(&cells, at(2), (1, 0)), Some(at(5)));
        assert_eq!(
            three.step(&cells, at(5), (1, 0)),
            None,
            "8 is empty and the edge follows"
        );
        assert_eq!(three.step(&cells, at(0), (1, 0)), None, "3 and 6 are empty");
        assert_eq!(three.step(&cells, at(0), (0, -1)), None);
        assert_eq!(three.step(&cells, at(7), (-1, 0)), Some(at(4)));
        assert_eq!(no_columns.locate(0), None);
    }
}
