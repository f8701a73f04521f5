//! The JSON report download.

use leptos::prelude::*;

use crate::app::Analysis;
use crate::i18n::t;

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
            {move || t("download.report_json")}
        </button>
    }
}
