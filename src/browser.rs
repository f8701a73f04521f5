//! Small browser helpers at the UI edge: a URL for a picked file (the worker streams it),
//! saving a download. Errors come back as messages for the user.

use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

fn describe(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            e.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "unknown browser error".into())
}

/// A `blob:` URL for a picked or dropped file, so the worker can stream it without the page
/// reading it. Revoke it with [`revoke_blob_url`] when the file is replaced.
pub fn blob_url(file: &web_sys::File) -> Result<String, String> {
    web_sys::Url::create_object_url_with_blob(file)
        .map_err(|e| format!("{} could not be opened: {}", file.name(), describe(e)))
}

/// Releases a URL made by [`blob_url`].
pub fn revoke_blob_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// Offers `text` as a file download named `name`.
pub fn save_text(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(describe)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "the page could not create a download link".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url).map_err(describe)?;
    Ok(())
}
