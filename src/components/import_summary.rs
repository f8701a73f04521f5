//! How the file's rows were accounted for, and what the user should know: nothing is dropped
//! without being shown.

use leptos::prelude::*;

use super::export_button::ExportButton;
use super::skip_reason_text::skip_reason_text;
use super::warning_text::warning_text;
use crate::format::count;
use crate::i18n::{t, t_count, t_with};
use crate::state::AppState;
use crate::worker::Export;

/// How many skipped rows are listed on the page (all of them are in the JSON report).
const LISTED_SKIPS: usize = 10;

/// Rows read / imported / merged / skipped, the skipped rows and the warnings.
#[component]
pub fn ImportSummary() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.overview.get().map(|o| {
            let r = &o.summary;
            let rows = r.rows;
            let line = t_count(
                "import.rows",
                rows.total as f64,
                &[
                    ("imported", &count(rows.imported)),
                    ("merged", &count(rows.merged)),
                    ("skipped", &count(rows.skipped)),
                ],
            );
            let skipped = r
                .skipped_rows
                .iter()
                .take(LISTED_SKIPS)
                .map(|s| {
                    let line = count(s.line);
                    let reason = skip_reason_text(s);
                    let text = match &s.column {
                        Some(c) => t_with(
                            "import.skipped_row_column",
                            &[("line", &line), ("column", c), ("reason", &reason)],
                        ),
                        None => t_with("import.skipped_row", &[("line", &line), ("reason", &reason)]),
                    };
                    view! { <li data-code=s.reason.code()>{text}</li> }
                })
                .collect_view();
            // The overview carries the first skipped rows only; the count is the file's.
            let more = (rows.skipped > LISTED_SKIPS as u64).then(|| {
                t_count(
                    "import.more_skipped",
                    (rows.skipped - LISTED_SKIPS as u64) as f64,
                    &[],
                )
            });
            // Rows left out because the file says they are no purchase (cancelled, refunded…)
            // are expected: a warning sums them up, and their list opens on a click. Any other
            // reason is shown at once.
            let only_left_out = r.skipped_rows.iter().all(|s| {
                matches!(
                    s.reason,
                    clv_engine::SkipReason::PartOfLeftOutOrder { .. }
                        | clv_engine::SkipReason::NotAPurchase { .. }
                )
            });
            let download = (rows.skipped > 0).then(|| {
                view! {
                    <ExportButton export=Export::SkippedRows class="link" test_id="export-skipped">
                        {t("import.skipped_csv")}
                    </ExportButton>
                }
            });
            // Notes on the models' fit are in "How these numbers were made" (Overview), not above
            // every number.
            let warnings = r
                .warnings
                .iter()
                .filter(|w| !w.about_model_fit())
                .map(|w| view! { <li data-code=w.code()>{warning_text(w)}</li> })
                .collect_view();
            let timing = state.timings.get().map(|tm| {
                let seconds = |ms: f64| crate::format::number(ms / 1000.0, 1, 1);
                view! {
                    <p
                        class="caption"
                        data-testid="timings"
                        data-bytes=tm.bytes
                        data-read-ms=tm.read_ms
                        data-analyse-ms=tm.analyse_ms
                        data-summary-ms=tm.summary_ms
                        data-models-pending=tm.models_pending.to_string()
                        data-helper=tm.helper.to_string()
                        data-memory-read=tm.memory_read
                        data-memory-analysed=tm.memory_analysed
                    >
                        {if tm.models_pending {
                            t_with(
                                "import.timings_pending",
                                &[("read", &seconds(tm.read_ms)), ("summary", &seconds(tm.summary_ms))],
                            )
                        } else {
                            t_with(
                                "import.timings",
                                &[("read", &seconds(tm.read_ms)), ("analyse", &seconds(tm.analyse_ms))],
                            )
                        }}
                    </p>
                }
            });
            view! {
                <section class="import-summary" aria-label=t("import.label") data-testid="import-summary">
                    <p>{line}</p>
                    {timing}
                    {(rows.skipped > 0)
                        .then(|| {
                            view! {
                                <details class="skipped-rows" open=!only_left_out data-testid="skipped-rows">
                                    <summary>{t("import.skipped_show")}</summary>
                                    <ul class="skipped">{skipped}</ul>
                                    {more.map(|m| view! { <p class="caption">{m}</p> })}
                                </details>
                            }
                        })}
                    {download}
                    <ul class="warnings">{warnings}</ul>
                </section>
            }
        })
    }
}
