//! The page: the drop zone, progress, how the file was read, and the results.

use gloo_worker::Spawnable;
use leptos::prelude::*;

use clv_engine::ImportOptions;

use crate::browser::{blob_url, revoke_blob_url, save_text};
use crate::components::{
    CustomerTable, DownloadReport, DropZone, ImportCheck, ImportSummary, KpiTiles, ProgressBar,
    RevenueChart,
};
use crate::state::{AppState, Status};
use crate::worker::{AnalysisWorker, Request};

/// The bundled sample export, served beside the page (and the worker).
pub const SAMPLE_PATH: &str = "./sample-orders.csv";

/// The file being analysed: where the worker reads it from.
#[derive(Debug, Clone)]
struct Source {
    name: String,
    /// A `blob:` URL of the picked file, or the sample's path.
    url: String,
    size: Option<u64>,
    /// Whether `url` is a blob URL this page must revoke when done with it.
    blob: bool,
}

/// Sends work to the analysis worker. Provided as context. The page hands the worker a URL,
/// never the file's bytes: the worker streams it.
#[derive(Clone, Copy)]
pub struct Analysis {
    state: AppState,
    bridge: StoredValue<gloo_worker::WorkerBridge<AnalysisWorker>, LocalStorage>,
    source: StoredValue<Option<Source>, LocalStorage>,
}

impl Analysis {
    /// Replaces the current file (if any) with `source` and analyses it with detection only.
    fn open(&self, source: Source) {
        self.source.update_value(|old| {
            if let Some(old) = old.take().filter(|s| s.blob) {
                revoke_blob_url(&old.url);
            }
            *old = Some(source);
        });
        self.state.preview.set(None);
        self.reanalyze(ImportOptions::new());
    }

    /// Analyses a picked or dropped file.
    pub fn analyze_file(&self, file: &web_sys::File) {
        match blob_url(file) {
            Ok(url) => self.open(Source {
                name: file.name(),
                url,
                size: Some(file.size() as u64),
                blob: true,
            }),
            Err(message) => self.state.status.set(Status::Failed(message)),
        }
    }

    /// Analyses the bundled sample.
    pub fn analyze_sample(&self) {
        self.open(Source {
            name: "sample-orders.csv".into(),
            url: SAMPLE_PATH.into(),
            size: None,
            blob: false,
        });
    }

    /// Analyses the current file again, read with `import` (the user's corrections).
    pub fn reanalyze(&self, import: ImportOptions) {
        let Some(source) = self.source.get_value() else {
            return;
        };
        self.state.import.set(import.clone());
        self.state.start(source.name.clone());
        self.bridge.with_value(|b| {
            b.send(Request::Analyze {
                name: source.name,
                url: source.url,
                size: source.size,
                import,
            })
        });
    }

    /// Stops the analysis under way.
    pub fn cancel(&self) {
        self.bridge.with_value(|b| b.send(Request::Cancel));
    }

    /// Asks the worker for the report as JSON; it is saved as a download when it arrives.
    pub fn download_report_json(&self) {
        self.bridge.with_value(|b| b.send(Request::ReportJson));
    }
}

/// Spawns the worker (built by Trunk as `worker_loader.js` beside the page).
fn spawn_worker(state: AppState) -> Analysis {
    let bridge = AnalysisWorker::spawner()
        .callback(move |response| {
            if let Some(json) = state.apply(response) {
                if let Err(e) = save_text("clv-report.json", "application/json", &json) {
                    state.status.set(Status::Failed(e));
                }
            }
        })
        .with_loader(true)
        .as_module(false)
        .spawn("./worker_loader.js");
    Analysis {
        state,
        bridge: StoredValue::new_local(bridge),
        source: StoredValue::new_local(None),
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    provide_context(spawn_worker(state));
    let has_report = move || state.report.with(Option::is_some);
    let message = move || match state.status.get() {
        Status::Failed(message) => Some(message),
        Status::Cancelled => Some("The analysis was stopped.".to_string()),
        _ => None,
    };
    view! {
        <header class="top">
            <h1>"CLV Lens"</h1>
            <p class="tagline">"What your customers are worth — computed in your browser."</p>
        </header>
        <main>
            <DropZone />
            <ProgressBar />
            {move || message().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <ImportCheck />
            <Show when=has_report>
                <section class="results" aria-label="Results">
                    <ImportSummary />
                    <KpiTiles />
                    <div class="actions">
                        <DownloadReport />
                    </div>
                    <RevenueChart />
                    <CustomerTable />
                </section>
            </Show>
        </main>
        <footer>
            <p>"Your file never leaves this page: it is read and analysed on your device."</p>
        </footer>
    }
}
