//! "Print the report": every section on paper (or PDF through the browser's print dialog), after
//! a header that says what the report is of — the file's name, the analysis date, the day it was
//! printed — and the settings it was made with. The button (and the browser's own Print, through
//! `beforeprint`) sets [`AppState::printing`]; the analysis view then lays out every section one
//! after the other, the canvases paint, and the browser prints.

use leptos::prelude::*;

use crate::format::{amount, count, date, list, percent};
use crate::i18n::{t, t_with};
use crate::state::{AppState, Status};

/// How long the sections get to lay out and paint their charts before the print dialog opens.
const PAINT_DELAY: std::time::Duration = std::time::Duration::from_millis(700);

/// Lays out every section and opens the print dialog once they are painted; back to one section
/// when the dialog closes (`print()` returns then).
pub fn print_report(state: AppState) {
    state.printing.set(true);
    set_timeout(
        move || {
            crate::browser::print();
            state.printing.set(false);
        },
        PAINT_DELAY,
    );
}

/// Today's date in the reader's language.
fn today() -> String {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .map(date)
    .unwrap_or_default()
}

/// The report's header on paper: what it is of, and the settings it was made with.
#[component]
pub fn PrintHeader() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let o = state.overview.get()?;
        let file = state.status.with(Status::file);
        let cur = state.currency.get();
        let s = &o.summary;
        let settings = &o.settings;
        let margin = match settings.margin {
            Some(m) => t_with("print.margin", &[("margin", &percent(m))]),
            None => t("print.no_margin"),
        };
        let analysis_date = match settings.analysis_date {
            Some(d) => t_with("print.date_set", &[("date", &date(d))]),
            None => t_with("print.date_last_order", &[("date", &date(s.analysis_date))]),
        };
        let cacs = (!settings.cac.is_empty()).then(|| {
            let items: Vec<String> = settings
                .cac
                .iter()
                .map(|(value, cac)| format!("{value}: {}", amount(*cac, cur.as_deref())))
                .collect();
            t_with("print.cac", &[("list", &list(&items))])
        });
        let segment_by = settings
            .segment_by
            .as_ref()
            .map(|c| t_with("print.segment_by", &[("column", c)]));
        let rules = match &settings.rules {
            Some(r) => t_with("print.rules_custom", &[("count", &count(r.len() as u64))]),
            None => t("print.rules_default"),
        };
        let models = s.models.as_ref().map(|m| {
            t_with(
                "print.models",
                &[
                    ("months", &count(m.clv_months as u64)),
                    ("discount", &percent(m.discount_monthly)),
                ],
            )
        });
        let currency = cur
            .as_ref()
            .map(|c| t_with("print.currency", &[("currency", c)]));
        let items = [
            Some(margin),
            currency,
            Some(analysis_date),
            cacs,
            segment_by,
            Some(rules),
            models,
        ];
        Some(view! {
            <header class="print-head" data-testid="print-head">
                <h2>{t("print.title")}</h2>
                <p data-testid="print-what">
                    {t_with(
                        "print.what",
                        &[
                            ("file", &file),
                            ("date", &date(s.analysis_date)),
                            ("today", &today()),
                        ],
                    )}
                </p>
                <h3>{t("print.settings")}</h3>
                <ul data-testid="print-settings">
                    {items.into_iter().flatten().map(|i| view! { <li>{i}</li> }).collect_view()}
                </ul>
            </header>
        })
    }
}
