//! The five languages, how one is picked, and the one the page is shown in.

use leptos::prelude::*;

thread_local! {
    /// The language the page is shown in. Reference-counted (not arena) so it lives as long as
    /// the page, whichever component reads it first.
    static CURRENT: ArcRwSignal<Lang> = ArcRwSignal::new(Lang::En);
}

/// The current language (tracked: a view reading it re-renders when it changes).
pub fn current() -> Lang {
    CURRENT.with(|s| s.get())
}

/// Switches the page's language.
pub fn set_current(lang: Lang) {
    CURRENT.with(|s| s.set(lang));
}

/// A language the app is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Latvian.
    Lv,
    /// Polish.
    Pl,
    /// Russian.
    Ru,
    /// Traditional Chinese (Taiwan).
    ZhTw,
}

impl Lang {
    /// Every language, in the switcher's order.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Lv, Lang::Pl, Lang::Ru, Lang::ZhTw];

    /// The BCP 47 tag used in the URL (`?lang=`), in localStorage and for `Intl`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Lv => "lv",
            Lang::Pl => "pl",
            Lang::Ru => "ru",
            Lang::ZhTw => "zh-TW",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Lv => "Latviešu",
            Lang::Pl => "Polski",
            Lang::Ru => "Русский",
            Lang::ZhTw => "繁體中文",
        }
    }

    /// The decimal sign the language writes (CLDR): `.` in English and Chinese, `,` in
    /// Latvian, Polish and Russian, which group thousands with spaces. Typed numbers are read
    /// with it (`calculator::params::parse_number`).
    pub fn decimal_sign(self) -> char {
        match self {
            Lang::En | Lang::ZhTw => '.',
            Lang::Lv | Lang::Pl | Lang::Ru => ',',
        }
    }

    /// The CLDR plural categories the language uses (each plural key needs all of them).
    pub fn plural_categories(self) -> &'static [&'static str] {
        match self {
            Lang::En => &["one", "other"],
            Lang::Lv => &["zero", "one", "other"],
            Lang::Pl | Lang::Ru => &["one", "few", "many", "other"],
            Lang::ZhTw => &["other"],
        }
    }

    /// Reads a language tag such as `lv`, `ru-RU`, `zh-TW` or `zh-Hant`; `None` for a language
    /// the app does not have.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
        let primary = tag.split('-').next().unwrap_or("");
        match primary {
            "en" => Some(Lang::En),
            "lv" => Some(Lang::Lv),
            "pl" => Some(Lang::Pl),
            "ru" => Some(Lang::Ru),
            // Simplified Chinese readers are better served by Traditional than by English.
            "zh" => Some(Lang::ZhTw),
            _ => None,
        }
    }

    /// The language to show: the first of the URL's `?lang=`, the remembered choice, and the
    /// browser's languages that the app has; English otherwise.
    pub fn pick<'a>(
        from_url: Option<&str>,
        remembered: Option<&str>,
        browser: impl IntoIterator<Item = &'a str>,
    ) -> Lang {
        from_url
            .and_then(Lang::from_tag)
            .or_else(|| remembered.and_then(Lang::from_tag))
            .or_else(|| browser.into_iter().find_map(Lang::from_tag))
            .unwrap_or_default()
    }
}
