//! Win-back: one-time buyers and lapsed repeat buyers, ranked by what they are worth (P(alive)
//! × predicted CLV when the models are fitted, else what they spent), ready for an e-mail tool.

use leptos::prelude::*;

use crate::components::data_table::DataTable;
use crate::components::export_button::ExportButton;
use crate::format::{amount, count, date, number};
use crate::i18n::{t, t_with};
use crate::state::AppState;
use crate::worker::Export;

use super::labels::{segment_label, win_back_kind};

/// Customers listed on the page (the CSV has the whole list).
const SHOWN: usize = 100;

/// The win-back section.
#[component]
pub fn WinBackSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let body = move || {
        let cur = state.currency.get();
        state.overview.with(|o| {
            o.as_ref().map(|o| {
                let w = &o.summary.win_back;
                let by_model = w.value_basis != "revenue";
                let summary = t_with(
                    "winback.summary",
                    &[
                        ("one_time", &count(w.one_time_customers)),
                        ("lapsed", &count(w.lapsed_repeat_customers)),
                        ("days", &count(w.after_days as u64)),
                    ],
                );
                let rows = w
                    .customers
                    .iter()
                    .take(SHOWN)
                    .map(|c| {
                        view! {
                            <tr>
                                <td>{c.customer_id.clone()}</td>
                                <td>{win_back_kind(&c.kind)}</td>
                                <td class="num">{count(c.orders as u64)}</td>
                                <td class="num">{amount(c.revenue, cur.as_deref())}</td>
                                <td>{date(c.last_order)}</td>
                                <td class="num">{number(c.days_since_last_order as f64, 0, 0)}</td>
                                <td>{segment_label(&c.segment)}</td>
                                <td class="num">{amount(c.value, cur.as_deref())}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let headers = vec![
                    t("table.customer"),
                    t("winback.kind"),
                    t("table.orders"),
                    t("table.revenue"),
                    t("table.last_order"),
                    t("table.days_since"),
                    t("table.segment"),
                    t("winback.value"),
                ];
                view! {
                    <p data-testid="winback-summary">{summary}</p>
                    <p class="caption">
                        {if by_model { t("winback.ranked_by_model") } else { t("winback.ranked_by_revenue") }}
                    </p>
                    <DataTable test_id="winback-table" headers=headers>
                        {rows}
                    </DataTable>
                }
            })
        })
    };
    view! {
        <ExportButton export=Export::WinBack class="button" test_id="export-winback">
            {move || t("winback.export")}
        </ExportButton>
        {body}
    }
}
