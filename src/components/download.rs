//! The JSON report download.

use leptos::prelude::*;

use crate::app::Analysis;

/// "Download report (JSON)": the worker serialises the report, the page saves it.
#[component]
pub fn DownloadReport() -> impl IntoView {
    let analysis = expect_context::<Analysis>();
    view! {
        <button
            type="button"
            class="button"
            data-testid="download-report-json"
            on:click=move |_| analysis.download_report_json()
        >
            "Download report (JSON)"
        </button>
    }
}
