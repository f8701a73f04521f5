//! The translation layer: every user-visible string of the app and the widget goes through
//! [`t`], [`t_with`] or [`t_count`].
//!
//! Why hand-rolled: the tables are plain `key = value` files (`locales/<lang>.txt`) compiled into
//! the binary with `include_str!` and looked up by a linear scan, which costs a few KB of wasm.
//! Fluent (`fluent-bundle` + `intl-memoizer` + ICU plural data) adds well over 100 KB to the
//! widget, whose whole budget is 150 KB gzipped; `leptos_i18n` pulls in ICU data and proc macros
//! for the same job. Plural categories come from the browser's `Intl.PluralRules` (CLDR, always
//! up to date) through js-sys, so Russian and Polish get one/few/many and Latvian its zero form
//! without shipping plural data. The engine stays locale-free.
//!
//! Placeholders are `{name}`; a plural key `k` has one entry per CLDR category the language
//! uses (`k.one`, `k.few`, `k.many`, `k.other`, `k.zero`). A test fails when a key is missing in
//! any language, a plural category is missing, or a key is not used by the code.

pub mod lang;
mod tables;

use std::cell::Cell;

use leptos::prelude::{ArcRwSignal, Get, Set};

pub use lang::{current, set_current, Lang};
pub use tables::{
    add_analyzer_table, analyzer_table, analyzer_table_url, has_analyzer_table,
    load_analyzer_table, lookup, table,
};

/// The translation of `key` in `lang`: English when the language lacks it, the key itself when
/// English does too (so an untranslated key is visible, and the e2e test catches it).
pub fn translate(lang: Lang, key: &str) -> String {
    lookup(lang, key)
        .or_else(|| lookup(Lang::En, key))
        .unwrap_or(key)
        .to_string()
}

/// Replaces `{name}` placeholders, in one pass (a value is never read for placeholders).
///
/// A sentence may end right after a value that ends in a full stop itself, such as an abbreviated
/// date ("31 дек. 2024 г.", "30. dec.") before the key's own ".": the key's full stop is then
/// dropped, so no language prints "2024 г..".
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            let (_, value) = args.iter().find(|(n, _)| *n == name)?;
            Some((close, *value))
        });
        match value {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
                if value.ends_with('.') {
                    rest = rest.strip_prefix('.').unwrap_or(rest);
                }
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The translation of `key` in the current language.
pub fn t(key: &str) -> String {
    translate(current(), key)
}

/// The translation of `key` with `{name}` placeholders filled.
pub fn t_with(key: &str, args: &[(&str, &str)]) -> String {
    fill(&t(key), args)
}

/// The plural form of `key` for `count` (the CLDR category from `Intl.PluralRules`), with
/// `{count}` (formatted for the language) and other placeholders filled.
pub fn t_count(key: &str, count: f64, args: &[(&str, &str)]) -> String {
    let lang = current();
    let category = plural_category(lang, count);
    let text = lookup(lang, &format!("{key}.{category}"))
        .or_else(|| lookup(lang, &format!("{key}.other")))
        .map(str::to_string)
        .unwrap_or_else(|| translate(Lang::En, &format!("{key}.other")));
    let formatted = crate::format::number(count, 0, 2);
    let mut all = vec![("count", formatted.as_str())];
    all.extend_from_slice(args);
    fill(&text, &all)
}

/// The CLDR plural category of `count` in `lang` (`zero`, `one`, `two`, `few`, `many`, `other`),
/// from the browser's `Intl.PluralRules`.
#[cfg(target_arch = "wasm32")]
pub fn plural_category(lang: Lang, count: f64) -> String {
    use js_sys::{Array, Intl, Object};
    let rules = Intl::PluralRules::new(&Array::of1(&lang.code().into()), &Object::new());
    String::from(rules.select(count))
}

/// Natively (tests of the tables) there is no `Intl`: English rules.
#[cfg(not(target_arch = "wasm32"))]
pub fn plural_category(_lang: Lang, count: f64) -> String {
    if count == 1.0 { "one" } else { "other" }.into()
}

#[cfg(test)]
mod tests;

/// The localStorage key of the chosen language.
pub const STORAGE_KEY: &str = "clv-lens.lang";

/// Picks the language from the URL's `?lang=`, then the remembered choice, then the browser's
/// languages, and keeps `<html lang>` and the title in step with it. When the app must first
/// fetch that language's texts, [`ready`] is false until they have arrived (or failed to).
pub fn init_from_browser() {
    let query = crate::browser::location_query();
    let from_url = crate::calculator::params::query_value(&query, "lang");
    let remembered = crate::browser::remembered(STORAGE_KEY);
    let browser = crate::browser::browser_languages();
    let lang = Lang::pick(
        from_url.as_deref(),
        remembered.as_deref(),
        browser.iter().map(String::as_str),
    );
    if !has_analyzer_table(lang) {
        READY.with(|r| r.set(false));
    }
    switch(lang, || ());
    leptos::prelude::Effect::new(move |_| {
        let lang = current();
        crate::browser::set_document_language(lang.code(), &t("app.document_title"));
    });
}

thread_local! {
    /// Whether the page has the texts of the language it opens in: false while a first visit in
    /// a language other than English waits for that language's table.
    static READY: ArcRwSignal<bool> = ArcRwSignal::new(true);
    /// The language whose texts could not be fetched, for the message that says so.
    static FAILED: ArcRwSignal<Option<Lang>> = ArcRwSignal::new(None);
    /// The language last asked for, so a slow fetch does not undo a later choice.
    static WANTED: Cell<Option<Lang>> = const { Cell::new(None) };
    /// How the app switches to a language whose table it must fetch first (set by
    /// [`use_analyzer_tables`]; the widget has every text it shows compiled in).
    static FETCH_THEN_SWITCH: Cell<Option<FetchThenSwitch>> = const { Cell::new(None) };
}

/// Fetches a language's table, then shows the page in it and runs the callback.
type FetchThenSwitch = fn(Lang, Box<dyn FnOnce()>);

/// Whether the page can be shown: false only while its first language's texts are on their way
/// (the app then shows nothing rather than a flash of English).
pub fn ready() -> bool {
    READY.with(|r| r.get())
}

/// The language whose texts could not be fetched, if the last attempt failed (tracked).
pub fn texts_failed() -> Option<Lang> {
    FAILED.with(|f| f.get())
}

/// Shows the page in `lang`, then runs `then`: at once when the page has its texts, else once
/// they have been fetched. When fetching fails, the page stays in the language it is in
/// (English on a first visit) and [`texts_failed`] names `lang`.
pub fn switch(lang: Lang, then: impl FnOnce() + 'static) {
    WANTED.with(|w| w.set(Some(lang)));
    match FETCH_THEN_SWITCH.with(Cell::get) {
        Some(fetch_then_switch) if !has_analyzer_table(lang) => {
            fetch_then_switch(lang, Box::new(then))
        }
        _ => {
            FAILED.with(|f| f.set(None));
            set_current(lang);
            then();
        }
    }
}

/// The app's [`FETCH_THEN_SWITCH`].
fn fetch_then_switch(lang: Lang, then: Box<dyn FnOnce()>) {
    wasm_bindgen_futures::spawn_local(async move {
        let loaded = load_analyzer_table(lang).await;
        if WANTED.with(Cell::get) == Some(lang) {
            match loaded {
                Ok(()) => {
                    FAILED.with(|f| f.set(None));
                    set_current(lang);
                    then();
                }
                Err(e) => {
                    leptos::logging::warn!("the {} texts could not be loaded: {e}", lang.code());
                    FAILED.with(|f| f.set(Some(lang)));
                }
            }
        }
        READY.with(|r| r.set(true));
    });
}

/// Makes the analyzer's texts available (the app calls it; the widget does not): English at
/// once, the other languages fetched when first asked for.
pub fn use_analyzer_tables() {
    tables::use_analyzer_tables();
    FETCH_THEN_SWITCH.with(|f| f.set(Some(fetch_then_switch)));
}
