//! The page: the drop zone, progress, and the results once a report has arrived.

use gloo_worker::Spawnable;
use leptos::prelude::*;

use crate::browser::save_text;
use crate::components::{
    CustomerTable, DownloadReport, DropZone, ImportSummary, KpiTiles, ProgressBar, RevenueChart,
};
use crate::state::{AppState, Status};
use crate::worker::{AnalysisWorker, Request};

/// Sends requests to the analysis worker. Provided as context; `File`s never reach it, only
/// bytes.
#[derive(Clone, Copy)]
pub struct Analysis {
    state: AppState,
    bridge: StoredValue<gloo_worker::WorkerBridge<AnalysisWorker>, LocalStorage>,
}

impl Analysis {
    /// Starts analysing a file's bytes in the worker.
    pub fn analyze(&self, name: String, bytes: Vec<u8>) {
        self.state.start(name.clone());
        self.bridge
            .with_value(|b| b.send(Request::Analyze { name, bytes }));
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
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    provide_context(spawn_worker(state));
    let has_report = move || state.report.with(Option::is_some);
    let failure = move || match state.status.get() {
        Status::Failed(message) => Some(message),
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
            {move || failure().map(|m| view! { <p class="error" role="alert">{m}</p> })}
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
