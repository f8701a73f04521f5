//! The button that asks the worker for one of the analysis' lists as CSV.

use leptos::prelude::*;

use crate::app::Analysis;
use crate::worker::Export;

/// A button downloading `export` as CSV when clicked (the file is saved when it arrives).
#[component]
pub fn ExportButton(
    /// The list to download.
    export: Export,
    /// The button's classes (how prominent it is).
    class: &'static str,
    /// The button's `data-testid`.
    test_id: &'static str,
    /// The button's text, translated.
    children: Children,
) -> impl IntoView {
    let analysis = expect_context::<Analysis>();
    view! {
        <button
            type="button"
            class=class
            data-testid=test_id
            on:click=move |_| analysis.export(export.clone())
        >
            {children()}
        </button>
    }
}
