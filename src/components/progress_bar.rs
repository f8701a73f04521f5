//! Progress of the analysis in the worker.

use leptos::prelude::*;

use crate::app::Analysis;
use crate::i18n::t;
use crate::i18n::t_with;
use crate::state::{AppState, Status};

/// A progress bar shown while the worker works, with a way to stop it.
#[component]
pub fn ProgressBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let analysis = expect_context::<Analysis>();
    let working = move || match state.status.get() {
        Status::Working { file, .. } => Some(file),
        _ => None,
    };
    move || {
        working().map(|file| {
            view! {
                <div class="progress" role="status">
                    <label for="analysis-progress">{move || t_with("progress.analysing", &[("file", &file)])}</label>
                    <progress
                        id="analysis-progress"
                        data-testid="progress"
                        max="1"
                        value=move || state.status.with(|s| s.fraction())
                    ></progress>
                    <button
                        type="button"
                        class="button"
                        data-testid="cancel"
                        on:click=move |_| analysis.cancel()
                    >
                        {t("progress.cancel")}
                    </button>
                </div>
            }
        })
    }
}
