//! The translation tables: `locales/<lang>.txt`, one `key = value` a line, `#` comments.

use super::Lang;

/// The raw table of a language.
pub fn table(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../../locales/en.txt"),
        Lang::Lv => include_str!("../../locales/lv.txt"),
        Lang::Pl => include_str!("../../locales/pl.txt"),
        Lang::Ru => include_str!("../../locales/ru.txt"),
        Lang::ZhTw => include_str!("../../locales/zh-TW.txt"),
    }
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

/// The string for `key` in `lang`, if the table has it.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    entries(table(lang))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}
