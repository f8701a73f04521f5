//! The language switcher.

use leptos::prelude::*;

use crate::i18n::{self, Lang};

/// A `<select>` of the five languages; the choice is remembered and, when `in_url` is set,
/// written into the URL's `lang=` so a shared link opens in the same language (once the page
/// is shown in it: the app may fetch the language's texts first).
#[component]
pub fn LanguageSwitcher(
    /// Whether the choice goes into the URL query (the app) or not (the widget).
    #[prop(optional)]
    in_url: bool,
) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let select: web_sys::HtmlSelectElement = event_target(&ev);
        if let Some(lang) = Lang::from_tag(&select.value()) {
            // The app may first fetch the language's texts; the choice is remembered once the
            // page shows it.
            i18n::switch(lang, move || {
                crate::browser::remember(i18n::STORAGE_KEY, lang.code());
                if in_url {
                    crate::calculator::set_query_value("lang", lang.code());
                }
            });
        }
    };
    view! {
        <label class="lang-switch">
            <span class="visually-hidden">{move || i18n::t("app.language")}</span>
            // Back to the language shown when another's texts could not be fetched.
            <select
                data-testid="lang-select"
                on:change=on_change
                prop:value=move || {
                    i18n::texts_failed();
                    i18n::current().code()
                }
            >
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        view! {
                            <option
                                value=lang.code()
                                selected=move || i18n::current() == lang
                            >
                                {lang.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
