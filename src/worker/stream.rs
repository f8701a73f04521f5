//! Reading the file as a stream inside the worker.

use std::cell::Cell;

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::{finish, Job, Response, Session, Settings};
use clv_engine::ImportOptions;

/// Least time between two progress messages (several a second).
const PROGRESS_EVERY_MS: f64 = 150.0;

fn describe(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown browser error".into())
}

async fn open(url: &str) -> Result<web_sys::ReadableStreamDefaultReader, String> {
    let scope: web_sys::WorkerGlobalScope = js_sys::global()
        .dyn_into()
        .map_err(|_| "not running in a worker".to_string())?;
    let response: web_sys::Response = JsFuture::from(scope.fetch_with_str(url))
        .await
        .map_err(describe)?
        .dyn_into()
        .map_err(describe)?;
    if !response.ok() {
        return Err(format!("it could not be read ({})", response.status()));
    }
    let body = response.body().ok_or("it is empty")?;
    body.get_reader()
        .dyn_into()
        .map_err(|_| "it cannot be read as a stream".to_string())
}

/// Streams `url` through a [`Job`], unless `generation` moves on (cancel or a new file).
#[allow(clippy::too_many_arguments)] // one call site, each argument a distinct part of the job
pub async fn run(
    generation: &Cell<u64>,
    mine: u64,
    name: String,
    url: String,
    size: Option<u64>,
    import: ImportOptions,
    settings: Settings,
    respond: impl Fn(Response),
) -> Option<Session> {
    let mut import = import.for_browser();
    if import.today.is_none() {
        // The engine has no clock; today's date lets it warn about orders in the future.
        let now = js_sys::Date::new_0();
        import.today = chrono::NaiveDate::from_ymd_opt(
            now.get_full_year() as i32,
            now.get_month() + 1,
            now.get_date(),
        );
    }
    let mut job = match Job::new(name.clone(), size, import, settings) {
        Ok(job) => job,
        Err(message) => {
            respond(Response::Failed(message));
            return None;
        }
    };
    let clock = || js_sys::Date::now();
    let started = clock();
    let reader = match open(&url).await {
        Ok(reader) => reader,
        Err(message) => {
            respond(Response::Failed(format!("{name}: {message}")));
            return None;
        }
    };
    let mut last_progress = 0.0;
    // One buffer for every chunk: the stream hands over ~64 KiB pieces, so a fresh vector
    // each time would be a thousand allocations for a 74 MB file.
    let mut bytes = Vec::new();
    loop {
        let chunk = match JsFuture::from(reader.read()).await {
            Ok(chunk) => chunk,
            Err(e) => {
                respond(Response::Failed(format!("{name}: {}", describe(e))));
                return None;
            }
        };
        if generation.get() != mine {
            let _ = reader.cancel();
            return None;
        }
        let done = Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            break;
        }
        let Ok(value) = Reflect::get(&chunk, &"value".into()) else {
            continue;
        };
        let array = Uint8Array::new(&value);
        bytes.resize(array.length() as usize, 0);
        array.copy_to(&mut bytes);
        match job.push(&bytes) {
            Ok(Some(preview)) => respond(Response::Preview(Box::new(preview))),
            Ok(None) => {}
            Err(message) => {
                respond(Response::Failed(message));
                return None;
            }
        }
        let now = js_sys::Date::now();
        if now - last_progress >= PROGRESS_EVERY_MS {
            last_progress = now;
            respond(Response::Progress(job.progress()));
        }
    }
    finish(job, &clock, started, respond)
}
