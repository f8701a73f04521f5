//! The translation tables: `locales/<lang>.txt`, one `key = value` a line, `#` comments.
//!
//! Two tables per language: `locales/<lang>.txt` holds what the calculator and the widget show;
//! `locales/analyzer/<lang>.txt` holds the analyzer's texts. The analyzer's tables are reached
//! only through [`use_analyzer_tables`], which the app calls and the widget does not, so the
//! widget's wasm is built without them (its budget is 150 KB gzipped).

use std::cell::Cell;

use super::Lang;

/// The calculator's and widget's table of a language.
pub fn table(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../../locales/en.txt"),
        Lang::Lv => include_str!("../../locales/lv.txt"),
        Lang::Pl => include_str!("../../locales/pl.txt"),
        Lang::Ru => include_str!("../../locales/ru.txt"),
        Lang::ZhTw => include_str!("../../locales/zh-TW.txt"),
    }
}

/// The analyzer's table of a language.
pub fn analyzer_table(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../../locales/analyzer/en.txt"),
        Lang::Lv => include_str!("../../locales/analyzer/lv.txt"),
        Lang::Pl => include_str!("../../locales/analyzer/pl.txt"),
        Lang::Ru => include_str!("../../locales/analyzer/ru.txt"),
        Lang::ZhTw => include_str!("../../locales/analyzer/zh-TW.txt"),
    }
}

/// A language's table.
type TableFn = fn(Lang) -> &'static str;

thread_local! {
    /// The analyzer's tables, once the app has asked for them.
    static EXTRA: Cell<Option<TableFn>> = const { Cell::new(None) };
}

/// Makes the analyzer's texts available (the app calls it; the widget does not).
pub fn use_analyzer_tables() {
    EXTRA.with(|e| e.set(Some(analyzer_table)));
}

/// The `(key, value)` entries of a table.
pub fn entries(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines().filter_map(|line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let (key, value) = line.split_once('=')?;
        Some((key.trim(), value.trim()))
    })
}

/// The string for `key` in `lang`, if the tables in use have it.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    let find = |text: &'static str| entries(text).find(|(k, _)| *k == key).map(|(_, v)| v);
    find(table(lang)).or_else(|| EXTRA.with(Cell::get).and_then(|extra| find(extra(lang))))
}
