//! The app: the analyzer (drop zone, progress, results once a report has arrived) and the
//! calculator, in the language picked by the switcher.

use gloo_worker::Spawnable;
use leptos::prelude::*;

use chrono::NaiveDate;
use clv_engine::ImportOptions;

use crate::browser::{blob_url, revoke_blob_url, save_text};
use crate::components::{
    failure_text, AnalysisView, CalculatorPage, DropZone, ImportCheck, ImportSummary,
    LanguageSwitcher, ProgressBar,
};
use crate::i18n::{self, t, t_with};
use crate::navigation::Navigation;
use crate::settings;
use crate::state::{AppState, ModelCheck, Status};
use crate::worker::{AnalysisWorker, Export, Failure, Request, Settings, TableQuery};

/// The bundled sample export, served beside the page (and the worker). Made by
/// `scripts/make_sample.py` (its docstring gives the models and parameters it is drawn from).
pub const SAMPLE_PATH: &str = "./sample-orders.csv";

/// What winning one customer costs in each of the sample's channels (its `channel` column), made
/// up like the sample: paid channels dear, a newsletter sign-up cheap. Filled in when the sample is
/// opened, so the Channels table shows CLV : CAC; they can be changed there, are never
/// remembered, and are never used for another file.
pub const SAMPLE_CAC: [(&str, f64); 5] = [
    ("Organic search", 10.0),
    ("Google Ads", 40.0),
    ("Instagram", 35.0),
    ("Newsletter", 5.0),
    ("Referral", 15.0),
];

/// The settings the sample is analysed with: the user's `remembered` ones with the sample's CACs
/// (every column stays segmented: the CACs name channel values only).
pub fn sample_settings(remembered: Settings) -> Settings {
    Settings {
        cac: SAMPLE_CAC
            .iter()
            .map(|&(channel, cac)| (channel.to_string(), cac))
            .collect(),
        segment_by: None,
        ..remembered
    }
}

/// The file being analysed: where the worker reads it from.
#[derive(Debug, Clone)]
struct Source {
    name: String,
    /// A `blob:` URL of the picked file, or the sample's path.
    url: String,
    size: Option<u64>,
    /// Whether `url` is a blob URL this page must revoke when done with it.
    blob: bool,
    /// Whether it is the bundled sample (analysed with [`sample_settings`]).
    sample: bool,
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
    /// Replaces the current file (if any) with `source` and analyses it with detection only, with
    /// the remembered settings (and the sample's CACs for the sample).
    fn open(&self, source: Source) {
        let remembered = settings::load();
        self.state.settings.set(if source.sample {
            sample_settings(remembered)
        } else {
            remembered
        });
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
                sample: false,
            }),
            Err(message) => self
                .state
                .status
                .set(Status::Failed(Failure::browser(message))),
        }
    }

    /// Analyses the bundled sample.
    pub fn analyze_sample(&self) {
        self.open(Source {
            name: "sample-orders.csv".into(),
            url: SAMPLE_PATH.into(),
            size: None,
            blob: false,
            sample: true,
        });
    }

    /// Whether the file analysed is the bundled sample.
    pub fn showing_sample(&self) -> bool {
        self.source
            .with_value(|s| s.as_ref().is_some_and(|s| s.sample))
    }

    /// Analyses the current file again, read with `import` (the user's corrections).
    pub fn reanalyze(&self, import: ImportOptions) {
        let Some(source) = self.source.get_value() else {
            return;
        };
        self.state.import.set(import.clone());
        self.state.start(source.name.clone());
        let settings = self.state.settings.get_untracked();
        let import = with_url_limits(import, &crate::browser::location_query());
        self.bridge.with_value(|b| {
            b.send(Request::Analyze {
                name: source.name,
                url: source.url,
                size: source.size,
                import,
                settings,
            })
        });
    }

    /// Analyses the same orders with other settings (margin, CACs, segment column, RFM rules,
    /// analysis date); the file is not read again. The settings are remembered, except the
    /// sample's CACs: the user's own stay remembered for their files.
    pub fn change_settings(&self, settings: Settings) {
        if self.showing_sample() {
            let remembered = settings::load();
            settings::remember(&Settings {
                cac: remembered.cac,
                segment_by: remembered.segment_by,
                ..settings.clone()
            });
        } else {
            settings::remember(&settings);
        }
        self.state.settings.set(settings.clone());
        if self.state.overview.with_untracked(Option::is_some) {
            self.bridge
                .with_value(|b| b.send(Request::Change(settings)));
        }
    }

    /// Asks for the rows of the customer table `query` describes (the answer lands in
    /// `AppState::table`; older answers are dropped by their id).
    pub fn query_customers(&self, mut query: TableQuery) {
        query.id = self.state.query.with_untracked(|q| q.id) + 1;
        self.state.query.set(query.clone());
        self.bridge
            .with_value(|b| b.send(Request::Customers(query)));
    }

    /// Asks for a list as CSV, its header row in the reader's language; it is saved as a
    /// download when it arrives.
    pub fn export(&self, what: Export) {
        let names = crate::components::export_header_names();
        self.bridge
            .with_value(|b| b.send(Request::ExportNamed(what, names)));
    }

    /// Asks the worker to check the models on a hold-out period.
    pub fn validate(&self, calibration_end: Option<NaiveDate>) {
        self.state.validation.set(ModelCheck::Pending);
        self.bridge
            .with_value(|b| b.send(Request::Validate(calibration_end)));
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
            if let Some(file) = state.apply(response) {
                if let Err(e) = save_text(&file.name, file.mime, &file.text) {
                    state.status.set(Status::Failed(Failure::browser(e)));
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

pub use crate::navigation::Page;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    i18n::use_analyzer_tables();
    i18n::init_from_browser();
    crate::browser::register_service_worker();
    // After the first paint, in a task of its own.
    set_timeout(crate::format::warm_up, std::time::Duration::from_millis(50));
    let state = AppState::new();
    state.settings.set(settings::load());
    state.currency.set(settings::currency());
    state.compare.set(crate::snapshot::enabled());
    provide_context(state);
    provide_context(spawn_worker(state));
    let nav = Navigation::from_query(&crate::browser::location_query());
    provide_context(nav);
    let (page, calc) = (nav.page, nav.calc);
    let go = move |to: Page| nav.go(to);
    let has_report = move || state.overview.with(Option::is_some);
    let message = move || match state.status.get() {
        Status::Failed(failure) => Some(failure_text(&failure)),
        Status::Cancelled => Some(t("progress.cancelled")),
        _ => None,
    };
    let tab = move |to: Page, test_id: &'static str, label: fn() -> String| {
        view! {
            <button
                type="button"
                class="tab"
                data-testid=test_id
                aria-current=move || (page.get() == to).then_some("page")
                on:click=move |_| go(to)
            >
                {label}
            </button>
        }
    };
    // Nothing until the texts of the page's language are in (a first visit in a language other
    // than English fetches them), then the page in that language.
    let page_view = move || {
        view! {
        <header class="top">
            <div class="top-row">
                <h1>"CLV Lens"</h1>
                <LanguageSwitcher in_url=true />
            </div>
            <p class="tagline">{move || t("app.tagline")}</p>
            <nav class="tabs" aria-label=move || t("app.nav")>
                {tab(Page::Analyzer, "tab-analyzer", || t("app.tab.analyzer"))}
                {tab(Page::Calculator, "tab-calculator", || t("app.tab.calculator"))}
            </nav>
        </header>
        <main>
            {move || {
                i18n::texts_failed()
                    .map(|lang| {
                        view! {
                            <p class="error" role="alert" data-testid="texts-failed">
                                {t_with("app.texts_failed", &[("language", lang.native_name())])}
                            </p>
                        }
                    })
            }}
            <Show
                when=move || page.get() == Page::Analyzer
                fallback=move || view! { <CalculatorPage state=calc /> }
            >
                <DropZone />
                <ProgressBar />
                {move || message().map(|m| view! { <p class="error" role="alert">{m}</p> })}
                <ImportCheck />
                <Show when=has_report>
                    <section class="results" aria-label=move || t("app.results")>
                        <ImportSummary />
                        <AnalysisView />
                    </section>
                </Show>
            </Show>
        </main>
        <footer>
            <p>{move || t("app.footer")}</p>
        </footer>
        }
    };
    view! { <Show when=i18n::ready>{page_view}</Show> }
}

/// The import options sent to the worker: `?max_orders=N` in the page's address sets a lower
/// limit of orders kept than the tab's own (the worker keeps the smaller of the two), so a test
/// crosses it with a small file. Not remembered with the user's column choices.
fn with_url_limits(import: ImportOptions, query: &str) -> ImportOptions {
    match crate::calculator::params::query_value(query, "max_orders").and_then(|v| v.parse().ok()) {
        Some(orders) => import.max_orders(orders),
        None => import,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clv_engine::AnalysisOptions;

    #[test]
    fn the_address_can_lower_the_limit_of_orders_kept_but_not_raise_it() {
        let limited = with_url_limits(ImportOptions::new(), "?lang=lv&max_orders=40");
        assert_eq!(limited.max_orders, Some(40));
        assert_eq!(limited.for_browser().max_orders, Some(40));
        let raised = with_url_limits(ImportOptions::new(), "?max_orders=99999999999");
        assert_eq!(
            raised.for_browser().max_orders,
            Some(clv_engine::limits::BROWSER_MAX_ORDERS)
        );
        for query in ["", "?max_orders=x", "?view=calc"] {
            assert_eq!(
                with_url_limits(ImportOptions::new(), query).max_orders,
                None
            );
        }
    }

    const SAMPLE: &[u8] = include_bytes!("../public/sample-orders.csv");

    #[test]
    fn the_sample_opens_with_a_cac_for_every_channel_and_clv_to_cac_beside_it() {
        let remembered = Settings {
            margin: Some(0.4),
            cac: vec![("My shop's ads".into(), 99.0)],
            segment_by: Some("Source".into()),
            ..Settings::default()
        };
        let settings = sample_settings(remembered);
        assert_eq!(settings.margin, Some(0.4), "the user's margin is kept");
        assert_eq!(settings.segment_by, None);
        let options = settings.options(&AnalysisOptions::new());
        let report = clv_engine::analyze(SAMPLE, &options).unwrap();
        let summary = &report.summary;
        let channels = summary
            .segments
            .iter()
            .find(|t| t.column == "channel")
            .expect("the sample has a channel column");
        assert_eq!(channels.values.len(), SAMPLE_CAC.len());
        for row in &channels.values {
            let cac = SAMPLE_CAC
                .iter()
                .find(|(c, _)| *c == row.value)
                .map(|&(_, cac)| cac);
            assert_eq!(row.cac, cac, "{}", row.value);
            let ratio = row.clv_to_cac.expect("CLV : CAC for every channel");
            assert!((ratio - row.historical_clv / cac.unwrap()).abs() < 1e-9);
        }
        // The other columns stay segmented, without CACs.
        for column in ["product_group", "accepts_marketing"] {
            let table = summary.segments.iter().find(|t| t.column == column);
            assert!(table.is_some_and(|t| t.values.iter().all(|v| v.cac.is_none())));
        }
        assert!(!summary
            .warnings
            .iter()
            .any(|w| w.code() == "cac_value_not_found"));
    }
}
