//! The translation tables: `locales/<lang>.txt`, one `key = value` a line, `#` comments.
//!
//! Two tables per language: `locales/<lang>.txt` holds what the calculator and the widget show;
//! `locales/analyzer/<lang>.txt` holds the analyzer's texts. The analyzer's tables are reached
//! only through [`use_analyzer_tables`], which the app calls and the widget does not, so the
//! widget's wasm is built without them (its budget is 150 KB gzipped).
//!
//! The app's first load has a budget too (500 KB gzipped): of the analyzer's tables only
//! English, the fallback, is compiled into the page's wasm. Another language's table is copied
//! beside the page by Trunk (`index.html`) and fetched by [`load_analyzer_table`] before the
//! page is first shown in that language (`super::switch`); the service worker keeps it for
//! offline use. Native builds (the tests, which check every language's keys) compile all five in.

use std::cell::{Cell, RefCell};

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

/// The analyzer's English table, compiled in everywhere the analyzer is.
const ANALYZER_EN: &str = include_str!("../../locales/analyzer/en.txt");

/// Every language's analyzer table, compiled in: for native builds and tests only.
#[cfg(any(test, not(target_arch = "wasm32")))]
pub fn bundled_analyzer_table(lang: Lang) -> &'static str {
    match lang {
        Lang::En => ANALYZER_EN,
        Lang::Lv => include_str!("../../locales/analyzer/lv.txt"),
        Lang::Pl => include_str!("../../locales/analyzer/pl.txt"),
        Lang::Ru => include_str!("../../locales/analyzer/ru.txt"),
        Lang::ZhTw => include_str!("../../locales/analyzer/zh-TW.txt"),
    }
}

/// FNV-1a (64 bits) of `bytes`, evaluated at compile time for the tables' version tags:
/// `scripts/finish-dist.mjs` computes the same for the service worker's list.
pub const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

/// The version tag of each language's analyzer table: the hash of its text, computed while
/// compiling (only the numbers end up in the wasm). A new text gets a new URL, so no cache
/// serves an old table to a new page.
const ANALYZER_VERSIONS: [u64; 5] = [
    fnv1a(ANALYZER_EN.as_bytes()),
    fnv1a(include_bytes!("../../locales/analyzer/lv.txt")),
    fnv1a(include_bytes!("../../locales/analyzer/pl.txt")),
    fnv1a(include_bytes!("../../locales/analyzer/ru.txt")),
    fnv1a(include_bytes!("../../locales/analyzer/zh-TW.txt")),
];

/// Where the page fetches a language's analyzer table from, relative to the page.
pub fn analyzer_table_url(lang: Lang) -> String {
    format!(
        "./locales/analyzer/{}.txt?v={:016x}",
        lang.code(),
        ANALYZER_VERSIONS[lang as usize]
    )
}

thread_local! {
    /// The analyzer tables fetched so far (English is compiled in).
    static FETCHED: Cell<[Option<&'static str>; 5]> = const { Cell::new([None; 5]) };
}

/// The analyzer's table of a language, if the page has it: English always, another language
/// once fetched (natively, every language).
pub fn analyzer_table(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::En => Some(ANALYZER_EN),
        _ => other_analyzer_table(lang),
    }
}

/// The page's: fetched ones.
#[cfg(target_arch = "wasm32")]
fn other_analyzer_table(lang: Lang) -> Option<&'static str> {
    FETCHED.with(Cell::get)[lang as usize]
}

/// Native builds': compiled in.
#[cfg(not(target_arch = "wasm32"))]
fn other_analyzer_table(lang: Lang) -> Option<&'static str> {
    Some(bundled_analyzer_table(lang))
}

/// Whether the page has `lang`'s analyzer table (or does not need it: the widget).
pub fn has_analyzer_table(lang: Lang) -> bool {
    EXTRA.with(Cell::get).is_none() || analyzer_table(lang).is_some()
}

/// Fetches `lang`'s analyzer table, once: later calls return at once. The table is kept for the
/// page's life (at most four, read by every `t`), so it is leaked into a `&'static str`.
pub async fn load_analyzer_table(lang: Lang) -> Result<(), String> {
    if analyzer_table(lang).is_some() {
        return Ok(());
    }
    let text = crate::browser::fetch_text(&analyzer_table_url(lang)).await?;
    if entries(&text).next().is_none() {
        return Err(format!("{}: no texts", analyzer_table_url(lang)));
    }
    add_analyzer_table(lang, Box::leak(text.into_boxed_str()));
    Ok(())
}

/// Gives the page `lang`'s analyzer table (fetched, or compiled into a test). English is
/// compiled in and stays.
pub fn add_analyzer_table(lang: Lang, text: &'static str) {
    FETCHED.with(|f| {
        let mut all = f.get();
        all[lang as usize] = Some(text);
        f.set(all);
    });
}

/// A language's table, if the page has it.
type TableFn = fn(Lang) -> Option<&'static str>;

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

/// A table's entries sorted by key.
type Sorted = Vec<(&'static str, &'static str)>;

thread_local! {
    /// Each table read so far (by the address and length of its text), its entries sorted by
    /// key: made once, so a text is found by binary search instead of a scan of the table's
    /// lines (every text of a report's first screen is looked up as it is shown).
    static SORTED: RefCell<Vec<((usize, usize), Sorted)>> = const { RefCell::new(Vec::new()) };
}

/// The value of `key` in the table `text`: the first one when the text gives the key twice.
fn find(text: &'static str, key: &str) -> Option<&'static str> {
    SORTED.with(|sorted| {
        let mut sorted = sorted.borrow_mut();
        let id = (text.as_ptr() as usize, text.len());
        let at = match sorted.iter().position(|(of, _)| *of == id) {
            Some(at) => at,
            None => {
                let mut all: Sorted = entries(text).collect();
                // Stable: of two entries with one key, the first in the text stays first.
                all.sort_by(|a, b| a.0.cmp(b.0));
                sorted.push((id, all));
                sorted.len() - 1
            }
        };
        let all = &sorted[at].1;
        let first = all.partition_point(|(k, _)| *k < key);
        all.get(first).filter(|(k, _)| *k == key).map(|(_, v)| *v)
    })
}

/// The string for `key` in `lang`, if the tables in use have it.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    find(table(lang), key).or_else(|| {
        EXTRA
            .with(Cell::get)
            .and_then(|extra| extra(lang))
            .and_then(|text| find(text, key))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sorted lookup finds what a scan of the lines finds, for every key of every table,
    /// and nothing for a key no table has.
    #[test]
    fn sorted_lookup_is_the_scan_of_the_lines() {
        for lang in Lang::ALL {
            for text in [table(lang), bundled_analyzer_table(lang)] {
                for (key, _) in entries(text) {
                    let scanned = entries(text).find(|(k, _)| *k == key).map(|(_, v)| v);
                    assert_eq!(find(text, key), scanned, "{key}");
                }
                assert_eq!(find(text, "no.such.key"), None);
                assert_eq!(find(text, ""), None);
            }
        }
        let twice: &'static str = "b = 1\na = 2\nb = 3\n";
        assert_eq!((find(twice, "b"), find(twice, "a")), (Some("1"), Some("2")));
    }
}
