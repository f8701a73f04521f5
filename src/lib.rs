//! CLV Lens, the app: a Leptos (CSR) page whose heavy work runs in a Web Worker.
//!
//! Flow: the page hands the file's bytes to [`worker::AnalysisWorker`], which runs `clv-engine`
//! and sends back progress and the report; [`state::AppState`] holds the one copy of what the
//! page shows; [`components`] render it; [`charts`] draw it with plotters.

pub mod app;
pub mod browser;
pub mod calculator;
pub mod charts;
pub mod components;
pub mod format;
pub mod i18n;
pub mod mappings;
pub mod navigation;
pub mod settings;
pub mod snapshot;
pub mod state;
pub mod widget;
pub mod worker;
