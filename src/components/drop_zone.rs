//! Where a file comes in: drop it, pick it, or try the bundled sample.

use leptos::prelude::*;

use crate::app::Analysis;
use crate::i18n::t;
use crate::state::{AppState, Status};

/// Drop zone, file picker and the sample-data button.
#[component]
pub fn DropZone() -> impl IntoView {
    let analysis = expect_context::<Analysis>();
    let state = expect_context::<AppState>();
    let dragging = RwSignal::new(false);
    let busy = move || matches!(state.status.get(), Status::Working { .. });

    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            analysis.analyze_file(&file);
        }
        // Picking the same file again must fire `change` again.
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|dt| dt.files())
            .and_then(|files| files.get(0))
        {
            analysis.analyze_file(&file);
        }
    };
    let on_sample = move |_| analysis.analyze_sample();

    view! {
        <section
            class="drop-zone"
            class:dragging=move || dragging.get()
            aria-label=move || t("drop.label")
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <p class="drop-title">{move || t("drop.title")}</p>
            <p class="drop-hint">
                {move || t("drop.hint")} " " {move || t("drop.formats")}
            </p>
            <div class="drop-buttons">
                <label class="button primary">
                    {move || t("drop.choose")}
                    <input
                        type="file"
                        accept=".csv,.txt,.tsv,text/csv,text/plain"
                        class="visually-hidden"
                        data-testid="file-input"
                        on:change=on_pick
                        disabled=busy
                    />
                </label>
                <button
                    type="button"
                    class="button"
                    data-testid="try-sample"
                    on:click=on_sample
                    disabled=busy
                >
                    {move || t("drop.sample")}
                </button>
            </div>
            <p class="drop-privacy" data-testid="privacy-line">{move || t("drop.privacy")}</p>
        </section>
    }
}
