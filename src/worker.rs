//! The analysis worker. The page sends it a URL for the file (a `blob:` URL of the picked file,
//! or the bundled sample's path); the worker streams the file in chunks through the engine's
//! [`StreamingImport`], answering with the import preview, progress messages and then the report
//! (or a message the user can act on). Nothing of the file passes through the page's thread.
//! The worker keeps the last report so the JSON download is serialised here too.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use clv_engine::import::preview;
use clv_engine::{
    AnalysisOptions, ImportOptions, ImportPreview, Progress, Report, Stage, StreamingImport,
};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

/// What the page asks the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// Analyse a file.
    Analyze {
        /// File name, for messages.
        name: String,
        /// Where the worker reads it from: a `blob:` URL or a same-origin path.
        url: String,
        /// Size in bytes, when known (for progress and the up-front size check).
        size: Option<u64>,
        /// How to read it (detected unless set; the user's column mapping and fixes).
        import: ImportOptions,
    },
    /// Stop the analysis under way.
    Cancel,
    /// Send the last report as pretty JSON (the same text `clv report --format json` prints).
    ReportJson,
}

/// What the worker answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Response {
    /// How the file is being read (encoding, delimiter, columns, first rows).
    Preview(Box<ImportPreview>),
    /// Work is advancing.
    Progress(Progress),
    /// The analysis is done.
    Report(Box<Report>),
    /// The file could not be analysed; the message is for the user.
    Failed(String),
    /// The analysis was cancelled.
    Cancelled,
    /// The last report as JSON.
    ReportJson(String),
    /// How long the analysis took (sent just before the report).
    Timings(Timings),
}

/// How long each stage of an analysis took, in milliseconds of the worker's clock.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Timings {
    /// Bytes of the file.
    pub bytes: u64,
    /// From the first byte to the last row read (fetching, decoding, parsing, merging orders).
    pub read_ms: f64,
    /// From the orders to the report (models, metrics, RFM).
    pub analyse_ms: f64,
}

impl Timings {
    /// Reading speed in MB/s (10⁶ bytes per second).
    pub fn read_mb_per_s(&self) -> f64 {
        if self.read_ms > 0.0 {
            self.bytes as f64 / 1e3 / self.read_ms
        } else {
            0.0
        }
    }
}

/// Bytes of the file's start the preview is made from.
pub const PREVIEW_BYTES: usize = 1 << 20;

/// One analysis: the file streamed through the importer, then the report. Independent of the
/// browser so it is tested natively.
pub struct Job {
    name: String,
    import: StreamingImport,
    options: AnalysisOptions,
    /// The file's first bytes until the preview has been made.
    head: Option<Vec<u8>>,
}

impl Job {
    /// Starts a job; refuses a file that is too large for a browser tab up front.
    pub fn new(name: String, size: Option<u64>, import: ImportOptions) -> Result<Job, String> {
        let mut streaming = StreamingImport::new(import.clone());
        if let Some(size) = size {
            streaming = streaming
                .with_total_bytes(size)
                .map_err(|e| format!("{name}: {e}"))?;
        }
        Ok(Job {
            name,
            import: streaming,
            options: AnalysisOptions::new().import(import),
            head: Some(Vec::new()),
        })
    }

    /// Reads the next chunk. Returns the preview once enough of the file has been seen.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Option<ImportPreview>, String> {
        self.import
            .push(chunk)
            .map_err(|e| format!("{}: {e}", self.name))?;
        let Some(head) = self.head.as_mut() else {
            return Ok(None);
        };
        head.extend_from_slice(&chunk[..chunk.len().min(PREVIEW_BYTES - head.len())]);
        Ok(if head.len() >= PREVIEW_BYTES {
            self.preview(false)
        } else {
            None
        })
    }

    fn preview(&mut self, complete: bool) -> Option<ImportPreview> {
        let head = self.head.take()?;
        // A preview that fails says nothing the analysis will not say better.
        preview(&head, complete, &self.options.import).ok()
    }

    /// Progress of the reading, in bytes.
    pub fn progress(&self) -> Progress {
        self.import.progress()
    }

    /// Finishes reading and builds the report; also returns the preview if the file was too
    /// small to have produced it yet. `clock` gives milliseconds; `started` is when the first
    /// byte was asked for.
    pub fn finish(
        mut self,
        clock: &dyn Fn() -> f64,
        started: f64,
    ) -> (Option<ImportPreview>, Result<(Report, Timings), String>) {
        let preview = self.preview(true);
        let name = self.name;
        let bytes = self.import.progress().done;
        let result = self.import.finish().and_then(|imported| {
            let read = clock();
            let report = Report::build(imported, &self.options)?;
            let timings = Timings {
                bytes,
                read_ms: read - started,
                analyse_ms: clock() - read,
            };
            Ok((report, timings))
        });
        (preview, result.map_err(|e| format!("{name}: {e}")))
    }
}

/// Feeds a whole file to a job in chunks, answering as the worker does (used by the tests and
/// by the worker's in-memory path).
pub fn run_in_memory(
    name: &str,
    bytes: &[u8],
    chunk: usize,
    import: ImportOptions,
    mut respond: impl FnMut(Response),
) -> Option<Report> {
    let mut job = match Job::new(name.into(), Some(bytes.len() as u64), import) {
        Ok(job) => job,
        Err(message) => {
            respond(Response::Failed(message));
            return None;
        }
    };
    let clock = || 0.0;
    for piece in bytes.chunks(chunk.max(1)) {
        match job.push(piece) {
            Ok(Some(preview)) => respond(Response::Preview(Box::new(preview))),
            Ok(None) => {}
            Err(message) => {
                respond(Response::Failed(message));
                return None;
            }
        }
        respond(Response::Progress(job.progress()));
    }
    finish(job, &clock, 0.0, respond)
}

/// Finishes a job and sends what it gives; returns the report for the worker to keep.
fn finish(
    job: Job,
    clock: &dyn Fn() -> f64,
    started: f64,
    mut respond: impl FnMut(Response),
) -> Option<Report> {
    respond(Response::Progress(Progress::new(Stage::Summarising, 0, 1)));
    let (preview, report) = job.finish(clock, started);
    if let Some(preview) = preview {
        respond(Response::Preview(Box::new(preview)));
    }
    match report {
        Ok((report, timings)) => {
            respond(Response::Timings(timings));
            respond(Response::Report(Box::new(report.clone())));
            Some(report)
        }
        Err(message) => {
            respond(Response::Failed(message));
            None
        }
    }
}

/// The last report as JSON, or why there is none.
pub fn report_json(last: Option<&Report>) -> Response {
    match last.map(serde_json::to_string_pretty) {
        Some(Ok(json)) => Response::ReportJson(json),
        Some(Err(e)) => Response::Failed(format!("The report could not be saved: {e}")),
        None => Response::Failed("There is no report to save yet.".into()),
    }
}

/// State shared by the worker and its running job.
#[derive(Default)]
struct Shared {
    last: RefCell<Option<Report>>,
    /// Bumped by every new analysis and by Cancel: a job that sees another number stops.
    generation: Cell<u64>,
}

/// The worker.
#[derive(Default)]
pub struct AnalysisWorker {
    shared: Rc<Shared>,
}

impl Worker for AnalysisWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Self::default()
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, request: Self::Input, id: HandlerId) {
        match request {
            Request::Analyze {
                name,
                url,
                size,
                import,
            } => {
                let generation = self.shared.generation.get() + 1;
                self.shared.generation.set(generation);
                self.shared.last.replace(None);
                let shared = self.shared.clone();
                let scope = scope.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let respond = |r| scope.respond(id, r);
                    let report = stream::run(
                        &shared.generation,
                        generation,
                        name,
                        url,
                        size,
                        import,
                        respond,
                    )
                    .await;
                    if shared.generation.get() == generation {
                        shared.last.replace(report);
                    }
                });
            }
            Request::Cancel => {
                self.shared.generation.set(self.shared.generation.get() + 1);
                scope.respond(id, Response::Cancelled);
            }
            Request::ReportJson => {
                scope.respond(id, report_json(self.shared.last.borrow().as_ref()));
            }
        }
    }
}

/// Reading the file as a stream inside the worker.
mod stream {
    use std::cell::Cell;

    use js_sys::{Reflect, Uint8Array};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    use super::{finish, Job, Response};
    use clv_engine::{ImportOptions, Report};

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
    pub async fn run(
        generation: &Cell<u64>,
        mine: u64,
        name: String,
        url: String,
        size: Option<u64>,
        import: ImportOptions,
        respond: impl Fn(Response),
    ) -> Option<Report> {
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
        let mut job = match Job::new(name.clone(), size, import) {
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
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = include_bytes!("../public/sample-orders.csv");

    fn run(bytes: &[u8], chunk: usize) -> (Vec<Response>, Option<Report>) {
        let mut out = Vec::new();
        let report = run_in_memory("f.csv", bytes, chunk, ImportOptions::new(), |r| out.push(r));
        (out, report)
    }

    #[test]
    fn streaming_in_chunks_gives_the_engines_report_after_a_preview() {
        let (out, report) = run(SAMPLE, 4096);
        let report = report.expect("a report");
        let expected = clv_engine::analyze(SAMPLE, &AnalysisOptions::new()).unwrap();
        assert_eq!(report, expected);
        let preview_at = out.iter().position(|r| matches!(r, Response::Preview(_)));
        let report_at = out.iter().position(|r| matches!(r, Response::Report(_)));
        assert!(preview_at.unwrap() < report_at.unwrap());
        let progress = out
            .iter()
            .filter(|r| matches!(r, Response::Progress(_)))
            .count();
        assert!(
            progress >= SAMPLE.len() / 4096,
            "{progress} progress messages"
        );
        match &out[preview_at.unwrap()] {
            Response::Preview(p) => assert_eq!(p.rows.len(), 20),
            _ => unreachable!(),
        }
    }

    #[test]
    fn the_json_export_is_the_clv_report_text() {
        let (_, report) = run(SAMPLE, 1 << 16);
        match report_json(report.as_ref()) {
            Response::ReportJson(json) => {
                assert_eq!(
                    json,
                    serde_json::to_string_pretty(&report.unwrap()).unwrap()
                )
            }
            other => panic!("expected JSON, got {other:?}"),
        }
        assert!(matches!(report_json(None), Response::Failed(_)));
    }

    #[test]
    fn messages_survive_the_worker_codec() {
        // gloo-worker sends messages with bincode, which is not self-describing: a serde
        // attribute such as flatten or skip_serializing_if would break decoding on the other
        // side.
        let (out, _) = run(SAMPLE, 1 << 16);
        for response in out {
            let encoded = bincode::serialize(&response).unwrap();
            let decoded: Response = bincode::deserialize(&encoded).unwrap();
            assert_eq!(format!("{decoded:?}"), format!("{response:?}"));
        }
        let request = Request::Analyze {
            name: "x.csv".into(),
            url: "blob:x".into(),
            size: Some(3),
            import: ImportOptions::new()
                .delimiter(b';')
                .encoding("windows-1251")
                .columns("customer=Контрагент,amount=3")
                .unwrap(),
        };
        let decoded: Request =
            bincode::deserialize(&bincode::serialize(&request).unwrap()).unwrap();
        assert_eq!(format!("{decoded:?}"), format!("{request:?}"));
    }

    #[test]
    fn a_bad_file_gives_a_message_with_its_name() {
        let (out, report) = run(b"name,when\nx,y\n", 5);
        assert!(report.is_none());
        match out.last() {
            Some(Response::Failed(msg)) => assert!(msg.starts_with("f.csv: "), "{msg}"),
            other => panic!("expected a failure, got {other:?}"),
        }
    }
}
