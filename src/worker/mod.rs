//! The analysis worker. The page sends it a URL for the file (a `blob:` URL of the picked file,
//! or the bundled sample's path); the worker streams the file in chunks through the engine's
//! [`StreamingImport`], answering with the import preview, progress messages and then the report
//! (or a message the user can act on). Nothing of the file passes through the page's thread.
//! The worker keeps the last report so the JSON download is serialised here too.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use chrono::NaiveDate;
use clv_engine::export::HeaderNames;
use clv_engine::import::preview;
use clv_engine::models::{pareto_nbd, FitError, FittedParetoNbd, ModelOutput, RfmTuple};
use clv_engine::{
    AnalysisOptions, ImportOptions, ImportPreview, Progress, Stage, StreamingImport, Validation,
};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

mod failure;
mod helper;
pub mod session;
mod stream;
pub mod table;

pub use failure::{Failure, Problem};
pub use session::{Export, FrMatrix, ModelsJob, Overview, Session, Settings, ValidationProblem};
pub use table::{Column, Filter, TablePage, TableQuery, TableRow};

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
        /// How to look at it (margin, CAC, segment column, RFM rules, analysis date).
        settings: Settings,
    },
    /// Stop the analysis under way.
    Cancel,
    /// Send the last report as JSON: the same text `clv report --format json` prints (compact,
    /// on one line: indented, a report of 1 M orders is 141 MB instead of 110 MB in the worker).
    ReportJson,
    /// Analyse the same orders again with other settings (the file is not read again).
    Change(Settings),
    /// A window of the customer table.
    Customers(TableQuery),
    /// A list as CSV.
    Export(Export),
    /// A list as CSV, its header row in these names (the reader's language).
    ExportNamed(Export, HeaderNames),
    /// Check the models on a hold-out period ending at the analysis date; the calibration
    /// period ends on the given day, or two thirds of the way when `None`.
    Validate(Option<NaiveDate>),
    /// Fit Pareto/NBD on these tuples (what an analysis worker asks its helper worker).
    FitParetoNbd {
        /// Number of the request, given back with the answer.
        id: u64,
        /// The distinct (frequency, recency, T) with their counts.
        tuples: Vec<RfmTuple>,
    },
}

/// What the worker answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Response {
    /// How the file is being read (encoding, delimiter, columns, first rows).
    Preview(Box<ImportPreview>),
    /// Work is advancing.
    Progress(Progress),
    /// The analysis is done (or was redone with other settings).
    Overview(Box<Overview>),
    /// The file could not be analysed, or a request about it could not be answered.
    Failed(Failure),
    /// The analysis was cancelled.
    Cancelled,
    /// The last report as JSON.
    ReportJson(String),
    /// How long the analysis took (sent just before the overview).
    Timings(Timings),
    /// Rows of the customer table.
    Customers(TablePage),
    /// A list as a CSV file.
    Csv {
        /// File name to save it as.
        name: String,
        /// The file's text.
        text: String,
    },
    /// The hold-out check of the models, or why it could not be made.
    Validation(Result<Validation, ValidationProblem>),
    /// The helper's Pareto/NBD fit.
    ParetoNbd {
        /// Number of the request answered.
        id: u64,
        /// The fitted model, or why it could not be fitted.
        result: Result<FittedParetoNbd, FitError>,
    },
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
    /// From the orders to the descriptive report the page shows first, while the models are
    /// fitted (part of `analyse_ms`).
    pub summary_ms: f64,
    /// The models are still being fitted: `analyse_ms` so far is `summary_ms`, and these
    /// timings are sent again with the full report.
    pub models_pending: bool,
    /// Pareto/NBD was fitted in the helper worker, beside the other models.
    pub helper: bool,
    /// The worker's memory (wasm linear memory, which never shrinks) once the file was read,
    /// in bytes; 0 outside the browser.
    pub memory_read: u64,
    /// The same once the report was built: the worker's high-water mark.
    pub memory_analysed: u64,
}

/// Bytes of the worker's wasm linear memory (its high-water mark: it never shrinks); 0 in
/// native builds.
pub fn wasm_memory_bytes() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) as u64 * 65_536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
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
    settings: Settings,
    /// The file's first bytes until the preview has been made.
    head: Option<Vec<u8>>,
}

impl Job {
    /// Starts a job; refuses a file that is too large for a browser tab up front. (The failure
    /// is boxed: it is rare, and the `Ok` value small.)
    pub fn new(
        name: String,
        size: Option<u64>,
        import: ImportOptions,
        settings: Settings,
    ) -> Result<Job, Box<Failure>> {
        let mut streaming = StreamingImport::new(import.clone());
        if let Some(size) = size {
            streaming = streaming
                .with_total_bytes(size)
                .map_err(|e| Box::new(Failure::engine(e).in_file(&name)))?;
        }
        Ok(Job {
            name,
            import: streaming,
            options: AnalysisOptions::new().import(import),
            settings,
            head: Some(Vec::new()),
        })
    }

    /// Reads the next chunk. Returns the preview once enough of the file has been seen. A
    /// failure carries the preview of the bytes read so far when it has not been sent yet.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Option<ImportPreview>, Box<Failure>> {
        if let Some(head) = self.head.as_mut() {
            head.extend_from_slice(&chunk[..chunk.len().min(PREVIEW_BYTES - head.len())]);
        }
        if let Err(e) = self.import.push(chunk) {
            let preview = self.preview(false);
            return Err(Box::new(
                Failure::engine(e).in_file(&self.name).with_preview(preview),
            ));
        }
        Ok(match &self.head {
            Some(head) if head.len() >= PREVIEW_BYTES => self.preview(false),
            _ => None,
        })
    }

    /// The preview of the file's start, once: `None` after it was made. A file missing a
    /// needed column is previewed all the same (its `missing` says which), so the page can
    /// offer the pickers; only a file that is not text at all gives none.
    fn preview(&mut self, complete: bool) -> Option<ImportPreview> {
        let head = self.head.take()?;
        preview(&head, complete, &self.options.import).ok()
    }

    /// Progress of the reading, in bytes.
    pub fn progress(&self) -> Progress {
        self.import.progress()
    }

    /// Finishes reading and analyses; also returns the preview if the file was too small to
    /// have produced it yet (inside the failure, when it failed). `clock` gives milliseconds;
    /// `started` is when the first byte was asked for.
    pub fn finish(
        mut self,
        clock: &dyn Fn() -> f64,
        started: f64,
    ) -> (Option<ImportPreview>, Result<(Session, Timings), Failure>) {
        let preview = self.preview(true);
        let name = self.name;
        let bytes = self.import.progress().done;
        let result = self.import.finish().and_then(|imported| {
            let read = clock();
            let memory_read = wasm_memory_bytes();
            let session = Session::descriptive(imported, self.options, self.settings)?;
            let summary_ms = clock() - read;
            let timings = Timings {
                bytes,
                read_ms: read - started,
                analyse_ms: summary_ms,
                summary_ms,
                models_pending: session.models_pending(),
                helper: false,
                memory_read,
                memory_analysed: wasm_memory_bytes(),
            };
            Ok((session, timings))
        });
        match result {
            Ok(done) => (preview, Ok(done)),
            Err(e) => (
                None,
                Err(Failure::engine(e).in_file(&name).with_preview(preview)),
            ),
        }
    }
}

/// Feeds a whole file to a job in chunks, answering as the worker does (used by the tests).
pub fn run_in_memory(
    name: &str,
    bytes: &[u8],
    chunk: usize,
    import: ImportOptions,
    mut respond: impl FnMut(Response),
) -> Option<Session> {
    let mut job = match Job::new(
        name.into(),
        Some(bytes.len() as u64),
        import,
        Settings::default(),
    ) {
        Ok(job) => job,
        Err(failure) => {
            respond(Response::Failed(*failure));
            return None;
        }
    };
    let clock = || 0.0;
    for piece in bytes.chunks(chunk.max(1)) {
        match job.push(piece) {
            Ok(Some(preview)) => respond(Response::Preview(Box::new(preview))),
            Ok(None) => {}
            Err(failure) => {
                respond(Response::Failed(*failure));
                return None;
            }
        }
        respond(Response::Progress(job.progress()));
    }
    let (mut session, timings) = finish(job, &clock, 0.0, &mut respond)?;
    if let Some(job) = session.models_job() {
        let output = job.run();
        models_done(&mut session, &job, output, timings, 0.0, respond);
    }
    Some(session)
}

/// Hands the output of `job`'s models step to `session`, which adds it to its report, and sends
/// the full report, with the timings of the whole
/// analysis (`models_ms`: how long the models step took); or sends why it failed. Only the
/// timings are sent when the session moved on meanwhile (new settings made a full report).
pub fn models_done(
    session: &mut Session,
    job: &ModelsJob,
    output: Result<ModelOutput, clv_engine::Error>,
    mut timings: Timings,
    models_ms: f64,
    mut respond: impl FnMut(Response),
) {
    match output {
        Ok(output) => {
            timings.analyse_ms += models_ms;
            timings.models_pending = false;
            timings.memory_analysed = wasm_memory_bytes();
            respond(Response::Timings(timings));
            // New settings made a full report meanwhile: the page has it already.
            if session.install_models(job, output) {
                respond(Response::Overview(Box::new(session.overview())));
            }
        }
        Err(e) => {
            session.models_failed();
            respond(Response::Failed(Failure::engine(e)));
        }
    }
}

/// The models step of `job` with Pareto/NBD fitted by the helper worker while the other models
/// are fitted here (or here too, without a helper): the output [`ModelsJob::run`] gives.
async fn fit_in_parts(
    helper: &helper::Helper,
    job: &ModelsJob,
    helped: &mut bool,
) -> Result<ModelOutput, clv_engine::Error> {
    let step = clv_engine::Report::models_step(&job.imported, &job.options)?;
    Ok(
        match clv_engine::models::prepare(&job.imported.log, step.0, &step.1) {
            Err(output) => *output,
            Ok(plan) => {
                let remote = helper.fit_pareto_nbd(plan.tuples());
                let others = plan.fit_others();
                let answer = match remote {
                    Some(answer) => answer.await,
                    None => None,
                };
                *helped = answer.is_some();
                let pnbd = answer.unwrap_or_else(|| pareto_nbd::fit(plan.tuples()));
                plan.finish(&job.imported.log, step.0, &step.1, others, pnbd)
            }
        },
    )
}

/// Finishes a job and sends the descriptive report; returns the session for the worker to keep
/// and the timings so far (the models step follows: [`ModelsJob`]).
fn finish(
    job: Job,
    clock: &dyn Fn() -> f64,
    started: f64,
    mut respond: impl FnMut(Response),
) -> Option<(Session, Timings)> {
    respond(Response::Progress(Progress::new(Stage::Summarising, 0, 1)));
    let (preview, result) = job.finish(clock, started);
    if let Some(preview) = preview {
        respond(Response::Preview(Box::new(preview)));
    }
    match result {
        Ok((mut session, timings)) => {
            // The descriptive report goes to the page at once; the models follow.
            respond(Response::Timings(timings));
            respond(Response::Overview(Box::new(session.overview())));
            Some((session, timings))
        }
        Err(failure) => {
            respond(Response::Failed(failure));
            None
        }
    }
}

/// The worker's answer to a request about the last analysis (everything but `Analyze` and
/// `Cancel`), or why there is none.
pub fn answer(session: Option<&mut Session>, request: Request) -> Response {
    let Some(session) = session else {
        return Response::Failed(Failure::new(Problem::NoAnalysis));
    };
    match request {
        Request::ReportJson => match serde_json::to_string(&session.report) {
            Ok(json) => Response::ReportJson(json + "\n"),
            Err(e) => Response::Failed(Failure::new(Problem::ReportNotSaved {
                detail: e.to_string(),
            })),
        },
        Request::Change(settings) => match session.change(settings) {
            Ok(()) => Response::Overview(Box::new(session.overview())),
            Err(e) => Response::Failed(Failure::engine(e)),
        },
        Request::Customers(query) => Response::Customers(session.customers(&query)),
        Request::Export(what) => {
            let (name, text) = session.export(&what);
            Response::Csv { name, text }
        }
        Request::ExportNamed(what, names) => {
            let (name, text) = session.export_named(&what, &names);
            Response::Csv { name, text }
        }
        Request::Validate(end) => Response::Validation(session.validate(end)),
        Request::Analyze { .. } | Request::Cancel | Request::FitParetoNbd { .. } => {
            Response::Failed(Failure::new(Problem::NotAboutLastAnalysis))
        }
    }
}

/// State shared by the worker and its running job.
#[derive(Default)]
struct Shared {
    session: RefCell<Option<Session>>,
    /// The second worker Pareto/NBD is fitted in.
    helper: helper::Helper,
    /// Requests that wait for the models ([`Request::waits_for_models`]).
    deferred: RefCell<Vec<(HandlerId, Request)>>,
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
                settings,
            } => {
                let generation = self.shared.generation.get() + 1;
                self.shared.generation.set(generation);
                self.shared.session.replace(None);
                // Whatever waited was about the analysis that is gone.
                self.shared.deferred.borrow_mut().clear();
                self.shared.helper.start();
                let shared = self.shared.clone();
                let scope = scope.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let respond = |r| scope.respond(id, r);
                    let analysed = stream::run(
                        &shared.generation,
                        generation,
                        name,
                        url,
                        size,
                        import,
                        settings,
                        respond,
                    )
                    .await;
                    if shared.generation.get() != generation {
                        return;
                    }
                    let Some((session, timings)) = analysed else {
                        return;
                    };
                    // The descriptive report is the session's (the page may ask for its table)
                    // while the models are fitted.
                    let job = session.models_job();
                    shared.session.replace(Some(session));
                    let Some(job) = job else {
                        return;
                    };
                    let started = js_sys::Date::now();
                    let mut timings = timings;
                    let output = fit_in_parts(&shared.helper, &job, &mut timings.helper).await;
                    if shared.generation.get() != generation {
                        return;
                    }
                    if let Some(session) = shared.session.borrow_mut().as_mut() {
                        let elapsed = js_sys::Date::now() - started;
                        models_done(session, &job, output, timings, elapsed, respond);
                    }
                    shared.answer_deferred(&scope);
                });
            }
            Request::Cancel => {
                self.shared.generation.set(self.shared.generation.get() + 1);
                scope.respond(id, Response::Cancelled);
            }
            // This worker is another's helper.
            Request::FitParetoNbd { id: fit, tuples } => {
                let result = pareto_nbd::fit(&tuples);
                scope.respond(id, Response::ParetoNbd { id: fit, result });
            }
            request => {
                // A download of the report or a list made while the models are fitted waits
                // for them: it gets the full report, as the page shows it next.
                let pending = self
                    .shared
                    .session
                    .borrow()
                    .as_ref()
                    .is_some_and(Session::models_pending);
                if pending && request.waits_for_models() {
                    self.shared.deferred.borrow_mut().push((id, request));
                    return;
                }
                let response = answer(self.shared.session.borrow_mut().as_mut(), request);
                scope.respond(id, response);
            }
        }
    }
}

impl Request {
    /// True for a request whose answer differs once the models are fitted (a download of the
    /// report or of a list); the worker answers it after them.
    pub fn waits_for_models(&self) -> bool {
        matches!(
            self,
            Request::ReportJson | Request::Export(_) | Request::ExportNamed(..)
        )
    }
}

impl Shared {
    /// Answers the requests that waited for the models.
    fn answer_deferred(&self, scope: &WorkerScope<AnalysisWorker>) {
        let deferred = std::mem::take(&mut *self.deferred.borrow_mut());
        for (id, request) in deferred {
            let response = answer(self.session.borrow_mut().as_mut(), request);
            scope.respond(id, response);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clv_engine::import::Role;
    use clv_engine::Report;

    const SAMPLE: &[u8] = include_bytes!("../../public/sample-orders.csv");

    fn run(bytes: &[u8], chunk: usize) -> (Vec<Response>, Option<Session>) {
        let mut out = Vec::new();
        let session = run_in_memory("f.csv", bytes, chunk, ImportOptions::new(), |r| out.push(r));
        (out, session)
    }

    fn expected() -> Report {
        clv_engine::analyze(SAMPLE, &AnalysisOptions::new()).unwrap()
    }

    #[test]
    fn streaming_in_chunks_gives_the_engines_report_after_a_preview() {
        let (out, session) = run(SAMPLE, 4096);
        let session = session.expect("a report");
        assert_eq!(session.report, expected());
        let preview_at = out.iter().position(|r| matches!(r, Response::Preview(_)));
        let overview_at = out.iter().position(|r| matches!(r, Response::Overview(_)));
        assert!(preview_at.unwrap() < overview_at.unwrap());
        match &out[overview_at.unwrap()] {
            Response::Overview(o) => assert_eq!(o.summary.kpis, expected().summary.kpis),
            _ => unreachable!(),
        }
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
    fn the_descriptive_report_comes_first_then_the_full_one() {
        let (out, session) = run(SAMPLE, 1 << 16);
        let session = session.expect("a report");
        assert!(!session.models_pending());
        // The models added to the descriptive report make the report one analysis makes.
        assert_eq!(session.report, expected());
        let overviews: Vec<&Overview> = out
            .iter()
            .filter_map(|r| match r {
                Response::Overview(o) => Some(&**o),
                _ => None,
            })
            .collect();
        let timings: Vec<&Timings> = out
            .iter()
            .filter_map(|r| match r {
                Response::Timings(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!((overviews.len(), timings.len()), (2, 2));
        let (first, full) = (overviews[0], overviews[1]);
        let report = expected();
        // First: every descriptive figure, no model yet, and said to be on its way.
        assert!(first.models_pending && timings[0].models_pending);
        assert!(first.summary.models.is_none() && first.predicted_clv.count == 0);
        assert_eq!(first.summary.kpis, report.summary.kpis);
        assert_eq!(first.summary.cohorts, report.summary.cohorts);
        assert_eq!(first.spend, full.spend);
        // Then the full report, as one analysis would have made it.
        assert!(!full.models_pending && !timings[1].models_pending);
        assert_eq!(full.summary, report.summary);
        assert!(full.predicted_clv.count > 0);
        // The full report is the last message, its timings just before it.
        assert!(matches!(&out[out.len() - 2], Response::Timings(t) if !t.models_pending));
        assert!(matches!(out.last(), Some(Response::Overview(o)) if !o.models_pending));
        assert!(timings[1].analyse_ms >= timings[0].summary_ms);
    }

    #[test]
    fn settings_the_models_refuse_are_refused_before_the_descriptive_report() {
        let imported = clv_engine::read_orders(SAMPLE, &ImportOptions::new()).unwrap();
        let mut base = AnalysisOptions::new();
        base.models = base
            .models
            .clv_months(clv_engine::limits::MAX_CLV_MONTHS + 1);
        let refused = Session::descriptive(imported, base, Settings::default());
        assert!(matches!(
            refused,
            Err(clv_engine::Error::InvalidOption(
                clv_engine::error::InvalidOption::ClvMonths { .. }
            ))
        ));
    }

    #[test]
    fn the_json_export_is_the_clv_report_text() {
        let (_, mut session) = run(SAMPLE, 1 << 16);
        match answer(session.as_mut(), Request::ReportJson) {
            Response::ReportJson(json) => {
                assert_eq!(json, serde_json::to_string(&expected()).unwrap() + "\n")
            }
            other => panic!("expected JSON, got {other:?}"),
        }
        assert!(matches!(
            answer(None, Request::ReportJson),
            Response::Failed(_)
        ));
    }

    #[test]
    fn answers_table_windows_exports_changes_and_validation() {
        let (_, mut session) = run(SAMPLE, 1 << 16);
        let query = TableQuery {
            limit: 10,
            ..TableQuery::default()
        };
        match answer(session.as_mut(), Request::Customers(query)) {
            Response::Customers(page) => {
                assert_eq!(page.total as u64, expected().summary.kpis.customers);
                assert_eq!(page.rows.len(), 10);
                assert!(page.rows[0].customer.revenue >= page.rows[9].customer.revenue);
            }
            other => panic!("expected rows, got {other:?}"),
        }
        match answer(session.as_mut(), Request::Export(Export::WinBack)) {
            Response::Csv { name, text } => {
                assert_eq!(name, "win-back.csv");
                assert!(text.starts_with("customer_id,kind,"));
            }
            other => panic!("expected CSV, got {other:?}"),
        }
        let settings = Settings {
            margin: Some(0.5),
            ..Settings::default()
        };
        match answer(session.as_mut(), Request::Change(settings.clone())) {
            Response::Overview(o) => assert_eq!(o.settings, settings),
            other => panic!("expected an overview, got {other:?}"),
        }
        assert!(matches!(
            answer(session.as_mut(), Request::Validate(None)),
            Response::Validation(Ok(_))
        ));
    }

    #[test]
    fn messages_survive_the_worker_codec() {
        // gloo-worker sends messages with bincode, which is not self-describing (and small in
        // the wasm: a self-describing codec cost ~200 KB gzipped): a serde attribute such as
        // flatten would break decoding on the other side. Every kind of message must cross.
        let (mut out, mut session) = run(SAMPLE, 1 << 16);
        for request in [
            Request::Customers(TableQuery::default()),
            Request::Validate(None),
            Request::Export(Export::Cohorts),
        ] {
            out.push(answer(session.as_mut(), request));
        }
        let (failed, _) = run(b"name,when\nx,y\n", 5);
        out.extend(failed);
        out.push(answer(None, Request::ReportJson));
        out.push(Response::Failed(
            Failure::browser("Failed to fetch").in_file("x.csv"),
        ));
        assert!(out
            .iter()
            .any(|r| matches!(r, Response::Failed(f) if f.line().is_some())));
        for response in out {
            let decoded: Response =
                bincode::deserialize(&bincode::serialize(&response).unwrap()).unwrap();
            assert_eq!(format!("{decoded:?}"), format!("{response:?}"));
        }
        let requests = [
            Request::Analyze {
                name: "x.csv".into(),
                url: "blob:x".into(),
                size: Some(3),
                import: ImportOptions::new()
                    .delimiter(b';')
                    .encoding("windows-1251")
                    .columns("customer=Контрагент,amount=3")
                    .unwrap(),
                settings: Settings {
                    margin: Some(0.2),
                    cac: vec![("Google Ads".into(), 12.0)],
                    segment_by: Some("channel".into()),
                    rules: Some(clv_engine::rfm::rules::default_rules()),
                    analysis_date: NaiveDate::from_ymd_opt(2024, 1, 1),
                },
            },
            Request::Customers(TableQuery {
                filter: Filter::Cell(5, 1),
                ..TableQuery::default()
            }),
            Request::Export(Export::Customers {
                query: TableQuery::default(),
                columns: Column::ALL.to_vec(),
            }),
        ];
        for request in requests {
            let decoded: Request =
                bincode::deserialize(&bincode::serialize(&request).unwrap()).unwrap();
            assert_eq!(format!("{decoded:?}"), format!("{request:?}"));
        }
    }

    #[test]
    fn pareto_nbd_fitted_by_a_helper_worker_is_the_fit_made_here_bit_for_bit() {
        // The tuples cross to the helper and its fit crosses back through the worker codec;
        // the report made with it is the one made with a fit here.
        let imported = clv_engine::read_orders(SAMPLE, &ImportOptions::new()).unwrap();
        let options = AnalysisOptions::new();
        let step = clv_engine::Report::models_step(&imported, &options).unwrap();
        let plan = clv_engine::models::prepare(&imported.log, step.0, &step.1).unwrap();
        let ask = Request::FitParetoNbd {
            id: 7,
            tuples: plan.tuples().to_vec(),
        };
        let Request::FitParetoNbd { id, tuples } =
            bincode::deserialize(&bincode::serialize(&ask).unwrap()).unwrap()
        else {
            panic!("the request crosses as it was sent");
        };
        let answer = Response::ParetoNbd {
            id,
            result: pareto_nbd::fit(&tuples),
        };
        let Response::ParetoNbd { id, result } =
            bincode::deserialize(&bincode::serialize(&answer).unwrap()).unwrap()
        else {
            panic!("the answer crosses as it was sent");
        };
        assert_eq!(id, 7);
        let here = pareto_nbd::fit(plan.tuples());
        assert_eq!(result, here);
        assert!(result.is_ok());
        let others = plan.fit_others();
        let output = plan.finish(&imported.log, step.0, &step.1, others, result);
        let report =
            clv_engine::Report::build_from_with_models(&imported, &options, step.0, output);
        assert_eq!(report.unwrap(), expected());
    }

    #[test]
    fn a_models_step_overtaken_by_new_settings_leaves_their_report() {
        let imported = clv_engine::read_orders(SAMPLE, &ImportOptions::new()).unwrap();
        let mut session =
            Session::descriptive(imported, AnalysisOptions::new(), Settings::default()).unwrap();
        let job = session.models_job().expect("the models are still to fit");
        let margin = Settings {
            margin: Some(0.4),
            ..Settings::default()
        };
        session.change(margin.clone()).unwrap();
        let after_change = session.report.clone();
        let mut out = Vec::new();
        models_done(
            &mut session,
            &job,
            job.run(),
            Timings::default(),
            5.0,
            |r| out.push(r),
        );
        assert_eq!(session.report, after_change);
        assert!(session.models_job().is_none());
        // The timings say the analysis is done; no overview replaces the newer one.
        assert!(
            matches!(&out[..], [Response::Timings(t)] if !t.models_pending && t.analyse_ms == 5.0)
        );
    }

    #[test]
    fn a_file_past_the_sample_missing_a_column_fails_with_its_preview_and_no_other() {
        // Past the sample, the import fails while the file is still arriving.
        let mut file = String::from("Asiakas;Päivämäärä;Loppusumma\n");
        while file.len() < 600_000 {
            file.push_str("Anna Berg;05.03.2024;12,50\n");
        }
        let (out, session) = run(file.as_bytes(), 1 << 16);
        assert!(session.is_none());
        assert!(!out.iter().any(|r| matches!(r, Response::Preview(_))));
        let Some(Response::Failed(failure)) = out.last() else {
            panic!("expected a failure, got {:?}", out.last());
        };
        let preview = failure
            .preview
            .as_ref()
            .expect("a preview with the failure");
        assert_eq!(preview.headers, vec!["Asiakas", "Päivämäärä", "Loppusumma"]);
        assert_eq!(preview.rows.len(), 20);
        assert_eq!(
            preview.missing,
            vec![Role::Customer, Role::Date, Role::Amount]
        );
        // Read with the columns named, the same file is analysed.
        let named = ImportOptions::new()
            .columns("customer=Asiakas,date=Päivämäärä,amount=Loppusumma")
            .unwrap();
        let session = run_in_memory("f.csv", file.as_bytes(), 1 << 16, named, |_| {});
        assert!(session.is_some());
    }

    #[test]
    fn a_bad_file_gives_a_message_with_its_name() {
        let (out, session) = run(b"name,when\nx,y\n", 5);
        assert!(session.is_none());
        match out.last() {
            Some(Response::Failed(failure)) => {
                assert!(
                    failure
                        .to_string()
                        .starts_with("f.csv: Line 1: no customer column was found"),
                    "{failure:?}"
                );
                assert_eq!(failure.file.as_deref(), Some("f.csv"));
                assert_eq!(failure.line(), Some(1));
                // The failure shows the file: its columns, first rows and what is missing.
                let preview = failure
                    .preview
                    .as_ref()
                    .expect("a preview with the failure");
                assert_eq!(preview.headers, vec!["name", "when"]);
                assert_eq!(preview.rows[0].cells, vec!["x", "y"]);
                assert_eq!(
                    preview.missing,
                    vec![Role::Customer, Role::Date, Role::Amount]
                );
                assert!(matches!(
                    &failure.problem,
                    Problem::Engine(clv_engine::Error::Import(e)) if matches!(
                        e.kind,
                        clv_engine::ImportErrorKind::MissingColumn {
                            role: Role::Customer,
                            ..
                        }
                    )
                ));
            }
            other => panic!("expected a failure, got {other:?}"),
        }
    }
}
