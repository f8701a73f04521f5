//! The axes of the kit's charts: value axes with nice ticks formatted by the caller, category
//! axes whose labels are thinned or shortened so none overlap, and the text measure both use.
//! Pure geometry (no drawing), tested natively; sizes are backend pixels, the nominal size ×
//! `scale`.

use super::histogram::nice_step;
use super::value_format::{Format, ValueKind};

/// Font size of every text, nominal pixels.
pub const FONT_PX: f64 = 13.0;
/// Space between two labels along an axis, nominal pixels.
const LABEL_GAP_PX: f64 = 10.0;
/// The widest a category label on the vertical axis may be before it is shortened.
const MAX_ROW_LABEL_PX: f64 = 240.0;
/// The widest a category label on the horizontal axis may be when labels are thinned.
const MAX_COLUMN_LABEL_PX: f64 = 120.0;
/// A label shorter than this many characters says too little: thin rather than shorten.
const MIN_LABEL_CHARS: f64 = 6.0;

/// The width of `text` at `font_px`: about 0.58 em a character, twice that for CJK characters
/// (the same estimate as `tornado::label_width`, so the layout is the same on every backend).
pub fn text_width(text: &str, font_px: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| if c >= '\u{2E80}' { 2.0 } else { 1.0 })
        .sum();
    ems * 0.58 * font_px
}

/// `text` shortened with "…" to fit `max_px` at `font_px` (unchanged when it fits), cut at a
/// word boundary ("Under half the…", never "Under half the av…"); only a first word that
/// does not fit by itself, or text written without spaces (Chinese), is cut inside.
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
    // Back to the end of the last whole word, when the cut fell inside a word that has a
    // whole one before it.
    let cut_inside_word = text[out.len()..]
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && !is_break_after(out.chars().last()));
    if cut_inside_word {
        if let Some(space) = out.trim_end().rfind(char::is_whitespace) {
            out.truncate(space);
        }
    }
    out.truncate(
        out.trim_end_matches(|c: char| c.is_whitespace() || c == ',')
            .len(),
    );
    out.push('…');
    out
}

/// Whether a line may break after `c` without cutting a word: after a space or a dash, or
/// anywhere between ideographs (CJK text has no spaces).
fn is_break_after(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_whitespace() || c == '-' || c == '–' || c >= '\u{2E80}')
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

impl Axis {
    /// The same axis with a title.
    pub fn titled(self, title: &str) -> Axis {
        Axis {
            title: title.to_string(),
            ..self
        }
    }

    /// The same axis without grid lines.
    pub fn without_grid(self) -> Axis {
        Axis {
            grid: false,
            ..self
        }
    }
}

/// An axis of `count` categories, each in a slot of width 1 with its label (from
/// [`column_labels`] or [`row_labels`]) in the middle; `top_down` puts category 0 at the top of
/// a vertical axis. No title, no grid lines.
pub fn category_axis(count: usize, labels: Vec<(usize, String)>, top_down: bool) -> Axis {
    let middle = |i: usize| {
        let slot = if top_down { count - 1 - i } else { i };
        slot as f64 + 0.5
    };
    Axis {
        range: (0.0, count as f64),
        ticks: labels.into_iter().map(|(i, l)| (middle(i), l)).collect(),
        title: String::new(),
        grid: false,
    }
}

/// A value axis covering `lo..hi` with "nice" ticks (1, 2 or 5 × 10ⁿ apart; whole numbers
/// for counts), as many as fit along `length_px` without labels overlapping or repeating, and
/// the range widened to the outer ticks; grid lines, no title. `along_x` says whether the
/// axis is horizontal.
pub fn value_axis(
    range: (f64, f64),
    kind: ValueKind,
    fmt: Format,
    length_px: f64,
    along_x: bool,
    scale: f64,
) -> Axis {
    let (lo, hi, ticks) = value_ticks(range, kind, fmt, length_px, along_x, scale);
    Axis {
        range: (lo, hi),
        ticks,
        title: String::new(),
        grid: true,
    }
}

/// The range and ticks of [`value_axis`].
fn value_ticks(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::test_support::plain;

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
    fn text_is_shortened_at_a_word_boundary() {
        // "Under half the av…" was what a 125 px slot showed.
        let short = shorten("Under half the average order", 125.0, 13.0);
        assert_eq!(short, "Under half the…");
        assert!(text_width(&short, 13.0) <= 125.0);
        for width in [40.0, 60.0, 90.0, 150.0, 180.0] {
            let short = shorten("Under half the average order", width, 13.0);
            let kept = short.trim_end_matches('…');
            assert!("Under half the average order".starts_with(kept), "{short}");
            let next = "Under half the average order"[kept.len()..].chars().next();
            assert!(
                next == Some(' ') || !kept.contains(' '),
                "cut inside a word at {width}: {short}"
            );
        }
        // One long word: cut inside it, as it cannot be otherwise.
        assert!(shorten("Supercalifragilistic", 60.0, 13.0).ends_with('…'));
        // Chinese: any character is a boundary.
        let zh = shorten("低於平均訂單金額的一半", 80.0, 13.0);
        assert!(zh.chars().count() > 2, "{zh}");
    }

    #[test]
    fn value_ticks_are_nice_and_cover_the_range() {
        let (lo, hi, ticks) =
            value_ticks((0.0, 923.0), ValueKind::Money, &plain, 300.0, false, 1.0);
        assert_eq!((lo, hi), (0.0, 1000.0));
        let values: Vec<f64> = ticks.iter().map(|t| t.0).collect();
        assert!(values.len() >= 3 && values.len() <= 11, "{values:?}");
        assert_eq!(ticks[0].1, "€0.00");
        // Evenly spaced by a 1, 2 or 5 × 10ⁿ step.
        let step = values[1] - values[0];
        assert!([100.0, 200.0, 250.0, 500.0].contains(&step), "{step}");
        // Negative values extend the axis below zero.
        let (lo, hi, _) = value_ticks((-120.0, 480.0), ValueKind::Money, &plain, 300.0, false, 1.0);
        assert!(lo <= -120.0 && lo > -300.0 && hi >= 480.0, "{lo}..{hi}");
    }

    #[test]
    fn count_ticks_are_whole_and_labels_never_repeat() {
        let (lo, hi, ticks) = value_ticks((0.0, 3.0), ValueKind::Count, &plain, 400.0, false, 1.0);
        assert_eq!((lo, hi), (0.0, 3.0));
        assert!(ticks.iter().all(|t| t.0.fract() == 0.0), "{ticks:?}");
        // Money formatted without decimals would repeat at 0.5 steps: fewer ticks instead.
        let whole_money = |_: ValueKind, v: f64| format!("€{v:.0}");
        let (_, _, ticks) = value_ticks(
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
        let (_, _, wide) = value_ticks((0.0, 1e6), ValueKind::Money, &plain, 800.0, true, 1.0);
        let (_, _, narrow) = value_ticks((0.0, 1e6), ValueKind::Money, &plain, 200.0, true, 1.0);
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
}
