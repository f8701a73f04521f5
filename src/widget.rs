//! The embeddable widget (`embed.html`): the calculator alone, sized for an iframe, telling the
//! host page its height. No worker, no analyzer, no CSV reader: the link-time optimiser leaves
//! them out of the widget's wasm because nothing here reaches them.
//!
//! Options in the query, beside the calculator's (`aov`, `n` or `py` and `years`, `cac`,
//! `margin`, `life`, `ret`, `disc`, `cur`) and `lang`: `theme=light|dark`, `accent=0072b2`
//! (hex colour, no `#`), `fields=aov,n,cac,margin` (which inputs to show; `n`, `py` or `years`
//! shows the purchases with their per-lifetime / per-year switch).

use leptos::prelude::*;

use crate::calculator::params::{query_value, CalcParams};
use crate::calculator::CalcState;
use crate::components::{Calculator, Field, LanguageSwitcher};
use crate::i18n::{self, t};

/// A hex colour of 3 or 6 digits, with its `#`.
pub fn accent_colour(value: &str) -> Option<String> {
    let hex = value.trim().trim_start_matches('#');
    ((hex.len() == 3 || hex.len() == 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
        .then(|| format!("#{hex}"))
}

/// The widget.
#[component]
pub fn Widget() -> impl IntoView {
    i18n::init_from_browser();
    let query = crate::browser::location_query();
    if let Some(theme @ ("light" | "dark")) = query_value(&query, "theme").as_deref() {
        crate::browser::add_root_class(&format!("theme-{theme}"));
    }
    if let Some(colour) = query_value(&query, "accent").and_then(|a| accent_colour(&a)) {
        crate::browser::set_root_style("--accent", &colour);
    }
    let fields = query_value(&query, "fields")
        .map(|f| Field::parse_list(&f))
        .unwrap_or_else(|| Field::ALL.to_vec());
    let state = CalcState::new(CalcParams::from_query(&query));
    crate::browser::report_height_to_parent();
    view! {
        <main class="widget">
            <div class="top-row">
                <h1 class="widget-title">{move || t("calc.title")}</h1>
                <LanguageSwitcher />
            </div>
            <Calculator state fields />
            <p class="widget-credit">{move || t("widget.credit")}</p>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accent_colours_are_checked() {
        assert_eq!(accent_colour("d55e00").as_deref(), Some("#d55e00"));
        assert_eq!(accent_colour("#abc").as_deref(), Some("#abc"));
        assert_eq!(accent_colour("red;x:1"), None);
        assert_eq!(
            Field::parse_list("aov,n,bogus"),
            vec![Field::Aov, Field::Purchases]
        );
        assert_eq!(
            Field::parse_list("years,aov,py"),
            vec![Field::Aov, Field::Purchases]
        );
        assert_eq!(Field::parse_list("").len(), Field::ALL.len());
    }
}
