//! The words around a chart's numbers: tooltips joined from parts, the aria-label describing the
//! first items, the data table. Only punctuation of its own: every word is given translated.

use super::value_format::{Format, ValueKind};

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

/// A value formatted as `kind`, or "–" when there is none.
pub(crate) fn value_or_dash(value: Option<f64>, kind: ValueKind, fmt: Format) -> String {
    value.map_or_else(|| "–".to_string(), |v| fmt(kind, v))
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

/// The text alternative of a grid of values: a header (`corner`, then the column names) and a
/// row per row name with the formatted values, empty where there is none.
pub fn grid_table(
    corner: String,
    columns: impl Iterator<Item = String>,
    rows: &[String],
    column_count: usize,
    value: impl Fn(usize, usize) -> Option<f64>,
    kind: ValueKind,
    fmt: Format,
) -> (Vec<String>, Vec<Vec<String>>) {
    let header = std::iter::once(corner).chain(columns).collect();
    let rows = rows
        .iter()
        .enumerate()
        .map(|(r, name)| {
            std::iter::once(name.clone())
                .chain(
                    (0..column_count)
                        .map(|c| value(r, c).map_or_else(String::new, |v| fmt(kind, v))),
                )
                .collect()
        })
        .collect();
    (header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

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
