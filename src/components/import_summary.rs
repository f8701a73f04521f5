//! How the file's rows were accounted for, and what the user should know: nothing is dropped
//! without being shown.

use leptos::prelude::*;

use crate::format::count;
use crate::state::AppState;

/// How many skipped rows are listed on the page (all of them are in the JSON report).
const LISTED_SKIPS: usize = 10;

/// Rows read / imported / merged / skipped, the skipped rows and the warnings.
#[component]
pub fn ImportSummary() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.report.get().map(|r| {
            let rows = r.rows;
            let line = format!(
                "{} rows read: {} imported, {} merged into orders, {} skipped.",
                count(rows.total),
                count(rows.imported),
                count(rows.merged),
                count(rows.skipped)
            );
            let skipped = r
                .skipped_rows
                .iter()
                .take(LISTED_SKIPS)
                .map(|s| {
                    let column = s.column.clone().map(|c| format!(", column {c}")).unwrap_or_default();
                    view! { <li>{format!("Line {}{column}: {}", s.line, s.reason)}</li> }
                })
                .collect_view();
            let more = (r.skipped_rows.len() > LISTED_SKIPS).then(|| {
                format!(
                    "… and {} more (all are listed in the JSON report).",
                    count((r.skipped_rows.len() - LISTED_SKIPS) as u64)
                )
            });
            let warnings = r
                .warnings
                .iter()
                .map(|w| view! { <li data-code=w.code.clone()>{w.message.clone()}</li> })
                .collect_view();
            view! {
                <section class="import-summary" aria-label="What was read" data-testid="import-summary">
                    <p>{line}</p>
                    <ul class="skipped">{skipped}</ul>
                    {more.map(|m| view! { <p class="caption">{m}</p> })}
                    <ul class="warnings">{warnings}</ul>
                </section>
            }
        })
    }
}
