//! The user's settings, remembered in localStorage between visits: margin, CACs, the segment
//! column, RFM rules and the currency. Never any customer data (PRODUCT.md, "Privacy
//! promise"); the analysis date belongs to one file and is not remembered.

use crate::browser::{remember as store, remembered};
use crate::worker::Settings;

const SETTINGS_KEY: &str = "clv-lens.settings";
const CURRENCY_KEY: &str = "clv-lens.currency";

/// The remembered settings, or the defaults.
pub fn load() -> Settings {
    remembered(SETTINGS_KEY)
        .and_then(|text| serde_json::from_str::<Settings>(&text).ok())
        .map(|s| Settings {
            analysis_date: None,
            ..s
        })
        .unwrap_or_default()
}

/// Remembers `settings` (without the analysis date).
pub fn remember(settings: &Settings) {
    let kept = Settings {
        analysis_date: None,
        ..settings.clone()
    };
    if let Ok(text) = serde_json::to_string(&kept) {
        store(SETTINGS_KEY, &text);
    }
}

/// The remembered currency of the analysis (ISO 4217), if one was picked.
pub fn currency() -> Option<String> {
    remembered(CURRENCY_KEY).filter(|c| is_currency_code(c))
}

/// Remembers the currency; an empty code forgets it.
pub fn remember_currency(code: &str) {
    store(CURRENCY_KEY, code);
}

/// Whether `code` looks like an ISO 4217 code (three capital letters), which `Intl` accepts.
pub fn is_currency_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_codes() {
        assert!(is_currency_code("EUR"));
        assert!(!is_currency_code("eur"));
        assert!(!is_currency_code("EURO"));
        assert!(!is_currency_code(""));
    }
}
