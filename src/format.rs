//! Number formatting through the browser's `Intl.NumberFormat`, for the language the page is
//! shown in (read reactively from [`crate::i18n::lang::current`]), so grouping, decimals and currency
//! signs follow the reader's language. The engine stays locale-free.

use js_sys::{Array, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::i18n::lang as i18n;

fn set(options: &Object, key: &str, value: JsValue) {
    let _ = Reflect::set(options, &key.into(), &value);
}

/// What a formatter writes; with the language, the key of the cache of formatters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Style {
    /// A number with between min and max decimals.
    Decimal(u32, u32),
    /// Money in a currency (ISO 4217), two decimals.
    Currency(String),
    /// A fraction as a percentage, up to one decimal.
    Percent,
    /// A date in an `Intl` date style (`medium`, `short`).
    Date(&'static str),
}

impl Style {
    /// A new `Intl` formatter's `format` function for this style in `lang`.
    fn formatter(&self, lang: i18n::Lang) -> js_sys::Function {
        let options = Object::new();
        let locales = Array::of1(&lang.code().into());
        match self {
            Style::Decimal(min, max) => {
                set(&options, "minimumFractionDigits", (*min).into());
                set(&options, "maximumFractionDigits", (*max).into());
            }
            Style::Currency(code) => {
                set(&options, "style", "currency".into());
                set(&options, "currency", code.as_str().into());
                set(&options, "minimumFractionDigits", 2.into());
                set(&options, "maximumFractionDigits", 2.into());
            }
            Style::Percent => {
                set(&options, "style", "percent".into());
                set(&options, "maximumFractionDigits", 1.into());
            }
            Style::Date(style) => {
                set(&options, "dateStyle", (*style).into());
                return Intl::DateTimeFormat::new(&locales, &options).format();
            }
        }
        Intl::NumberFormat::new(&locales, &options).format()
    }
}

thread_local! {
    /// Formatters made so far, by language and style: making an `Intl` formatter costs far
    /// more than using one, and a table page formats hundreds of cells.
    static FORMATS: std::cell::RefCell<std::collections::HashMap<(i32, Style), js_sys::Function>> =
        Default::default();
}

/// `value` written by the cached formatter of `style` in the current language.
fn format_with(style: Style, value: &JsValue) -> Option<String> {
    let lang = i18n::current();
    let format = FORMATS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let key = (lang as i32, style);
        if let Some(f) = cache.get(&key) {
            return f.clone();
        }
        let f = key.1.formatter(lang);
        cache.insert(key, f.clone());
        f
    });
    format
        .call1(&JsValue::NULL, value)
        .ok()
        .and_then(|s| s.as_string())
}

fn format_number(style: Style, value: f64) -> String {
    // Intl writes −0 as "-0": a zero is a zero whatever its sign bit.
    let value = if value == 0.0 { 0.0 } else { value };
    format_with(style, &JsValue::from_f64(value)).unwrap_or_else(|| value.to_string())
}

/// A number with between `min_fraction` and `max_fraction` decimals: `1,234.5`.
pub fn number(value: f64, min_fraction: u32, max_fraction: u32) -> String {
    format_number(Style::Decimal(min_fraction, max_fraction), value)
}

/// A count: `23,570`.
pub fn count(value: u64) -> String {
    number(value as f64, 0, 0)
}

/// A money amount with two decimals, no currency (a report does not know its currency):
/// `244,091.94`.
pub fn money(value: f64) -> String {
    number(value, 2, 2)
}

/// A money amount in `currency` (ISO 4217, e.g. `EUR`): `€52.80`, `52,80 €`, `NT$52.80`.
/// A bare `$` is kept for US dollars only ([`unambiguous_dollar`]).
pub fn currency(value: f64, currency: &str) -> String {
    unambiguous_dollar(
        format_number(Style::Currency(currency.to_string()), value),
        currency,
    )
}

/// The sign of a dollar (or peso) that is not the US one, where the language's own sign is a
/// bare `$`: Intl writes New Taiwan dollars as `$` in Chinese (Taiwan), as a Taiwanese reader
/// would, but a report read beside US prices or sent abroad must say which dollar.
fn dollar_sign(code: &str) -> Option<&'static str> {
    Some(match code {
        "TWD" => "NT$",
        "HKD" => "HK$",
        "CAD" => "CA$",
        "AUD" => "A$",
        "NZD" => "NZ$",
        "SGD" => "S$",
        "MXN" => "MX$",
        "BRL" => "R$",
        _ => return None,
    })
}

/// `formatted` money in `code` with a bare `$` (one not already part of `NT$`, `US$`…)
/// replaced by the currency's own sign, or by its code when it has none: `$1,234.00` in TWD
/// → `NT$1,234.00`, in ARS → `ARS 1,234.00`. US dollars keep their `$`.
pub fn unambiguous_dollar(formatted: String, code: &str) -> String {
    if code == "USD" {
        return formatted;
    }
    let bare = formatted.char_indices().find(|&(i, c)| {
        c == '$'
            && !formatted[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphabetic())
    });
    let Some((at, _)) = bare else {
        return formatted;
    };
    let sign = match dollar_sign(code) {
        Some(sign) => sign.to_string(),
        None if formatted[at + 1..].starts_with(|c: char| c.is_ascii_digit()) => {
            format!("{code}\u{a0}")
        }
        None => code.to_string(),
    };
    format!("{}{sign}{}", &formatted[..at], &formatted[at + 1..])
}

/// A money amount in the analysis's currency when the user named one, else without a sign.
pub fn amount(value: f64, currency_code: Option<&str>) -> String {
    match currency_code {
        Some(code) => currency(value, code),
        None => money(value),
    }
}

/// A fraction as a percentage: `0.2` → `20 %` (spacing as the language writes it).
pub fn percent(fraction: f64) -> String {
    format_number(Style::Percent, fraction)
}

/// A calendar date written as the language writes dates (`Intl.DateTimeFormat`, medium style):
/// `Mar 5, 2024`, `2024. gada 5. marts`, `2024年3月5日`.
pub fn date(day: chrono::NaiveDate) -> String {
    date_in_style(day, "medium")
}

/// A date written short, for chart axes: `1/8/23`, `08.01.23`, `2023/1/8`.
pub fn short_date(day: chrono::NaiveDate) -> String {
    date_in_style(day, "short")
}

fn date_in_style(day: chrono::NaiveDate, style: &'static str) -> String {
    use chrono::Datelike;
    let value = js_sys::Date::new_with_year_month_day(
        day.year() as u32,
        day.month0() as i32,
        day.day() as i32,
    );
    format_with(Style::Date(style), &value).unwrap_or_default()
}

/// Items as a list in the language's words (`Intl.ListFormat`, conjunction): `a, b and c`,
/// `a、b和c`; for column names, roles, currencies, reasons.
pub fn list<S: AsRef<str>>(items: &[S]) -> String {
    let array = Array::new();
    for item in items {
        array.push(&item.as_ref().into());
    }
    let locales = Array::of1(&i18n::current().code().into());
    let options = Object::new();
    set(&options, "type", "conjunction".into());
    String::from(Intl::ListFormat::new(&locales, &options).format(&array))
}

/// Items of a list that goes on (the last item may be `…`), separated as the language
/// separates list items, without a closing "and": `3, 5, 8, …`, `3、5、8、…`. The separator is
/// the one `Intl.ListFormat` puts between the first two of three items.
pub fn series<S: AsRef<str>>(items: &[S]) -> String {
    let locales = Array::of1(&i18n::current().code().into());
    let three = Array::of3(&"a".into(), &"b".into(), &"c".into());
    let parts = Intl::ListFormat::new(&locales, &Object::new()).format_to_parts(&three);
    let separator = Reflect::get(&parts.get(1), &"value".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| ", ".into());
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(&separator)
}

/// Makes the formatters the analysis uses first, for the current language. The first
/// `Intl.NumberFormat` of a page loads the language's data (tens of milliseconds); done while
/// the page is idle, that cost does not land in the middle of an analysis.
pub fn warm_up() {
    let _ = (
        money(1.0),
        number(1.0, 0, 0),
        number(1.0, 0, 2),
        number(1.0, 1, 1),
    );
    let _ = (number(1.0, 2, 2), percent(0.5));
    let _ = (
        date(chrono::NaiveDate::default()),
        short_date(chrono::NaiveDate::default()),
    );
}

#[cfg(test)]
mod tests {
    use super::unambiguous_dollar;

    #[test]
    fn a_bare_dollar_sign_says_which_dollar() {
        // What Intl writes in zh-TW for TWD, in en for USD and CAD, in lv for TWD.
        assert_eq!(unambiguous_dollar("$1,234.00".into(), "TWD"), "NT$1,234.00");
        assert_eq!(unambiguous_dollar("$1,234.00".into(), "USD"), "$1,234.00");
        assert_eq!(unambiguous_dollar("CA$5.00".into(), "CAD"), "CA$5.00");
        assert_eq!(unambiguous_dollar("US$5.00".into(), "USD"), "US$5.00");
        assert_eq!(
            unambiguous_dollar("1 234,00 NT$".into(), "TWD"),
            "1 234,00 NT$"
        );
        assert_eq!(unambiguous_dollar("-$5.00".into(), "HKD"), "-HK$5.00");
        assert_eq!(unambiguous_dollar("5,00 $".into(), "AUD"), "5,00 A$");
        assert_eq!(unambiguous_dollar("$5.00".into(), "ARS"), "ARS\u{a0}5.00");
        assert_eq!(unambiguous_dollar("€5.00".into(), "EUR"), "€5.00");
    }
}
