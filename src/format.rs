//! Number formatting through the browser's `Intl.NumberFormat`, so grouping and decimals follow
//! the reader's language. The engine stays locale-free.

use js_sys::{Array, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

/// The language numbers are formatted for (a translation layer will choose it later).
pub const LOCALE: &str = "en-US";

fn number_format(min_fraction: u32, max_fraction: u32) -> Intl::NumberFormat {
    let options = Object::new();
    let _ = Reflect::set(
        &options,
        &"minimumFractionDigits".into(),
        &JsValue::from(min_fraction),
    );
    let _ = Reflect::set(
        &options,
        &"maximumFractionDigits".into(),
        &JsValue::from(max_fraction),
    );
    Intl::NumberFormat::new(&Array::of1(&LOCALE.into()), &options)
}

fn format_with(format: Intl::NumberFormat, value: f64) -> String {
    format
        .format()
        .call1(&JsValue::NULL, &JsValue::from_f64(value))
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| value.to_string())
}

/// A count: `23,570`.
pub fn count(value: u64) -> String {
    format_with(number_format(0, 0), value as f64)
}

/// A money amount with two decimals: `244,091.94`.
pub fn money(value: f64) -> String {
    format_with(number_format(2, 2), value)
}
