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
    let saved = save_url(name, &url);
    web_sys::Url::revoke_object_url(&url).map_err(describe)?;
    saved
}

/// Offers a canvas's picture as a PNG download named `name`.
pub fn save_canvas_png(canvas: &web_sys::HtmlCanvasElement, name: &str) -> Result<(), String> {
    let url = canvas
        .to_data_url_with_type("image/png")
        .map_err(describe)?;
    save_url(name, &url)
}

/// Opens the browser's print dialog.
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

fn save_url(name: &str, url: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "the page could not create a download link".to_string())?;
    anchor.set_href(url);
    anchor.set_download(name);
    anchor.click();
    Ok(())
}

/// The text of a file beside the page (`url` relative to it), fetched from this page's own
/// origin (the service worker answers it offline). An error says what failed, for the user.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(describe)?
        .dyn_into()
        .map_err(|_| "the browser gave no response".to_string())?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?
        .as_string()
        .ok_or_else(|| format!("{url}: not text"))
}

/// The page's query string, with its `?` (empty when there is none).
pub fn location_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Replaces the page's query string without reloading or adding a history entry. A sandboxed
/// page may refuse; the state then just stays out of the URL.
pub fn replace_query(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let path = window.location().pathname().unwrap_or_default();
    let url = if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// localStorage, when the page may use it (a sandboxed iframe may not: that is no error).
fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// A remembered setting.
pub fn remembered(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Remembers a setting (never customer data: PRODUCT.md, "Privacy promise").
pub fn remember(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Forgets a remembered value.
pub fn forget(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// The browser's preferred languages, most preferred first.
pub fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let mut languages: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    if let Some(l) = navigator.language() {
        languages.push(l);
    }
    languages
}

/// Sets `<html lang>` and the document title.
pub fn set_document_language(lang: &str, title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("lang", lang);
        }
        document.set_title(title);
    }
}

/// Sets a CSS custom property on `<html>` (through the CSSOM, which the CSP allows).
pub fn set_root_style(property: &str, value: &str) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(root) = root {
        let _ = root.style().set_property(property, value);
    }
}

/// Adds a class to `<html>`.
pub fn add_root_class(class: &str) {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        let _ = root.class_list().add_1(class);
    }
}

/// Copies text to the clipboard (best effort: the snippet stays selectable on the page).
pub fn copy_text(text: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else {
        return;
    };
    if let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) {
        if let Some(write) = write.dyn_ref::<js_sys::Function>() {
            if let Ok(promise) = write.call1(&clipboard, &text.into()) {
                // A refused permission is not an error the user needs to see in the console.
                if let Ok(promise) = promise.dyn_into::<js_sys::Promise>() {
                    let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(|_| {});
                    let _ = promise.catch(&ignore);
                    ignore.forget();
                }
            }
        }
    }
}

/// The URL of a file beside the page (`embed.html` next to `index.html`), also under a
/// sub-path such as `https://user.github.io/clv-lens/`.
pub fn sibling_url(file: &str) -> String {
    let Some(window) = web_sys::window() else {
        return file.into();
    };
    let location = window.location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    format!("{origin}{dir}{file}")
}

/// Registers the service worker (`sw.js` beside the page) that keeps the app working offline.
/// Only over http(s) and where the browser allows it (not in a sandboxed iframe).
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let protocol = window.location().protocol().unwrap_or_default();
    if !protocol.starts_with("http") || !window.is_secure_context() {
        return;
    }
    let navigator = window.navigator();
    let has_sw = js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false);
    if !has_sw {
        return;
    }
    let promise = navigator.service_worker().register("./sw.js");
    let warn = wasm_bindgen::closure::Closure::<dyn FnMut(JsValue)>::new(|e: JsValue| {
        leptos::logging::warn!("offline use is not available: {}", describe(e));
    });
    let _ = promise.catch(&warn);
    warn.forget();
}

/// Tells the page embedding us (if any) how tall the document is, now and whenever it changes,
/// with `postMessage({type: "clv-lens:height", height}, "*")` (only a height is sent).
pub fn report_height_to_parent() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(root) = window.document().and_then(|d| d.document_element()) else {
        return;
    };
    let post = move || {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Ok(Some(parent)) = window.parent() else {
            return;
        };
        // The content's own height (not scrollHeight, which never drops below the iframe's
        // current height, so the frame could grow but never shrink).
        let height = window
            .document()
            .and_then(|d| d.document_element())
            .map_or(0.0, |e| e.get_bounding_client_rect().height().ceil());
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"clv-lens:height".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let _ = parent.post_message(&message, "*");
    };
    post();
    let callback = wasm_bindgen::closure::Closure::<dyn Fn()>::new(post);
    if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
        observer.observe(&root);
    }
    // The observer lives as long as the page.
    callback.forget();
}

/// Moves the keyboard focus to the element with `id`, if there is one (after a control moved
/// what it acts on: a rule moved up, a tab chosen with the arrow keys).
pub fn focus_element(id: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}
