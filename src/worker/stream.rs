//! Reading the file as a stream inside the worker.

use std::cell::Cell;

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::{finish, Failure, Job, Problem, Response, Session, Settings};
use clv_engine::{ImportError, ImportErrorKind, ImportOptions};

/// Least time between two progress messages (several a second).
const PROGRESS_EVERY_MS: f64 = 150.0;

/// Most bytes of the file copied into the worker's memory at once.
const SLICE_BYTES: u32 = 1 << 20;

fn describe(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown browser error".into())
}

fn browser_error(e: JsValue) -> Failure {
    Failure::browser(describe(e))
}

#[wasm_bindgen]
extern "C" {
    /// A `ReadableStreamBYOBReader` seen through the one method web-sys lacks.
    #[wasm_bindgen(js_name = ReadableStreamBYOBReader)]
    type ByobReaderWithOptions;

    /// `read(view, options)`: with `{ min }`, the promise waits until at least `min` bytes are
    /// in the view (or the stream ends). web-sys has only the one-argument form; a browser that
    /// does not know the option reads as with that one.
    #[wasm_bindgen(method, js_name = read)]
    fn read_with_options(
        this: &ByobReaderWithOptions,
        view: &Uint8Array,
        options: &Object,
    ) -> js_sys::Promise;
}

/// The reader of the file's stream: one that fills a buffer of ours when the browser's stream is
/// a byte stream, so the pieces read are not a fresh buffer each that waits for the garbage
/// collector (on a 740 MB file, about 100 MB of them at a time in the worker); else the default one.
enum Reader {
    /// A bring-your-own-buffer reader, the buffer it fills next, and the read's options: each
    /// read waits until the buffer is full, so a 74 MB file is read in 71 pieces of 1 MiB instead
    /// of about 1,000 of the ~64 KiB the browser hands over at a time (a third of the time the
    /// worker spent reading went to waiting for those pieces; BENCHMARKS.md, "Eleventh pass").
    Own(web_sys::ReadableStreamByobReader, Uint8Array, Object),
    /// The default reader: a new piece per read.
    Pieces(web_sys::ReadableStreamDefaultReader),
}

impl Reader {
    /// The next piece of the file (`None` at its end), as a view that is valid until the next read.
    async fn next(&mut self) -> Result<Option<Uint8Array>, JsValue> {
        let chunk = match self {
            Reader::Own(reader, buffer, options) => {
                let reader: &ByobReaderWithOptions = reader.unchecked_ref();
                JsFuture::from(reader.read_with_options(buffer, options)).await?
            }
            Reader::Pieces(reader) => JsFuture::from(reader.read()).await?,
        };
        let done = Reflect::get(&chunk, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        let value = Reflect::get(&chunk, &"value".into())?;
        if value.is_undefined() {
            return Ok(None);
        }
        // The view itself (`Uint8Array::new` of a typed array would copy it into a new buffer).
        let piece: Uint8Array = value.dyn_into()?;
        if let Reader::Own(_, buffer, _) = self {
            // The filled view's buffer is ours again (the read transferred it): the next read
            // fills all of it. (Were it ever smaller than a slice, which the browser has no
            // reason to do, a new one: `min` cannot exceed the view's length.)
            *buffer = Uint8Array::new(&piece.buffer());
            if buffer.length() < SLICE_BYTES {
                *buffer = Uint8Array::new_with_length(SLICE_BYTES);
            }
        }
        // A read waiting for a full buffer when the file ends gets what there was, with `done`:
        // the file's last bytes. (Read again, the stream then says done with an empty view.)
        if done && piece.length() == 0 {
            return Ok(None);
        }
        Ok(Some(piece))
    }

    fn cancel(&self) {
        let _ = match self {
            Reader::Own(reader, ..) => reader.cancel(),
            Reader::Pieces(reader) => reader.cancel(),
        };
    }
}

async fn open(url: &str) -> Result<Reader, Failure> {
    let scope: web_sys::WorkerGlobalScope = js_sys::global()
        .dyn_into()
        .map_err(|_| Failure::browser("not running in a worker"))?;
    let response: web_sys::Response = JsFuture::from(scope.fetch_with_str(url))
        .await
        .map_err(browser_error)?
        .dyn_into()
        .map_err(browser_error)?;
    if !response.ok() {
        let status = response.status();
        return Err(Failure::new(Problem::ReadFailed { status }));
    }
    // No body: nothing to read, which the page says as the engine says an empty file.
    let body = response
        .body()
        .ok_or_else(|| Failure::engine(ImportError::new(ImportErrorKind::Empty).into()))?;
    // A browser whose fetch body is not a byte stream refuses the first reader (a TypeError).
    if let Ok(reader) = web_sys::ReadableStreamByobReader::new(&body) {
        let options = Object::new();
        Reflect::set(&options, &"min".into(), &SLICE_BYTES.into()).map_err(browser_error)?;
        return Ok(Reader::Own(
            reader,
            Uint8Array::new_with_length(SLICE_BYTES),
            options,
        ));
    }
    body.get_reader()
        .dyn_into()
        .map(Reader::Pieces)
        .map_err(|_| Failure::browser("it cannot be read as a stream"))
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
) -> Option<(Session, super::Timings)> {
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
        Err(failure) => {
            respond(Response::Failed(*failure));
            return None;
        }
    };
    let clock = || js_sys::Date::now();
    let started = clock();
    let mut reader = match open(&url).await {
        Ok(reader) => reader,
        Err(failure) => {
            respond(Response::Failed(failure.in_file(&name)));
            return None;
        }
    };
    let mut last_progress = 0.0;
    // One buffer for every slice: the stream hands over pieces of ~64 KiB or more, so a fresh
    // vector each time would be a thousand allocations for a 74 MB file.
    let mut bytes = Vec::new();
    loop {
        let piece = match reader.next().await {
            Ok(piece) => piece,
            Err(e) => {
                respond(Response::Failed(browser_error(e).in_file(&name)));
                return None;
            }
        };
        if generation.get() != mine {
            reader.cancel();
            return None;
        }
        let Some(array) = piece else {
            break;
        };
        // Whatever the size of the piece the browser hands over, it is copied and read a
        // slice at a time, so the worker's buffers (this one, the decoded text) stay within
        // [`SLICE_BYTES`] and its memory, which never shrinks, does not grow with the piece.
        let length = array.length();
        let mut start = 0;
        while start < length {
            let end = length.min(start.saturating_add(SLICE_BYTES));
            bytes.resize((end - start) as usize, 0);
            array.subarray(start, end).copy_to(&mut bytes);
            start = end;
            match job.push(&bytes) {
                Ok(Some(preview)) => respond(Response::Preview(Box::new(preview))),
                Ok(None) => {}
                Err(failure) => {
                    respond(Response::Failed(*failure));
                    return None;
                }
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
