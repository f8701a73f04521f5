//! Win-back: one-time buyers and lapsed repeat buyers, ranked by what is at stake (the expected
//! value lost, (1 − P(alive)) × what they would bring if still active, when a model is used;
//! else what they spent), with the expected next order of those likely still active, ready for
//! an e-mail tool.

use leptos::prelude::*;

use crate::components::data_table::DataTable;
use crate::components::export_button::ExportButton;
use crate::format::{amount, count, date, number, percent};
use crate::i18n::{t, t_with};
use crate::state::AppState;
use crate::worker::Export;

use super::actions::WinBackAction;
use super::clv_label;
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
                let margin = o.summary.kpis.margin;
                let months = o.summary.models.as_ref().map_or(12, |m| m.clv_months);
                // Each count agrees with its own noun (ru "3 разовых клиента", "5 разовых клиентов").
                let one_time =
                    crate::i18n::t_count("winback.one_time", w.one_time_customers as f64, &[]);
                let lapsed =
                    crate::i18n::t_count("winback.lapsed", w.lapsed_repeat_customers as f64, &[]);
                let days = crate::i18n::t_count("winback.days", w.after_days as f64, &[]);
                let summary = t_with(
                    "winback.summary",
                    &[("one_time", &one_time), ("lapsed", &lapsed), ("days", &days)],
                );
                let rows = w
                    .customers
                    .iter()
                    .take(SHOWN)
                    .map(|c| {
                        view! {
                            <tr>
                                <td title=c.customer_id.clone()>{c.customer_id.clone()}</td>
                                <td class="wrap">{win_back_kind(&c.kind)}</td>
                                <td class="num">{count(c.orders as u64)}</td>
                                <td class="num">{amount(c.revenue, cur.as_deref())}</td>
                                <td>{date(c.last_order)}</td>
                                <td class="num">{number(c.days_since_last_order as f64, 0, 0)}</td>
                                <td class="wrap">{segment_label(&c.segment)}</td>
                                <td class="num">{c.p_alive.map_or_else(|| "—".to_string(), percent)}</td>
                                <td>{c.next_order_date.map_or_else(|| "—".to_string(), date)}</td>
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
                    t("table.p_alive"),
                    t("winback.next_order"),
                    if by_model {
                        clv_label(t("winback.value"), margin)
                    } else {
                        t("table.revenue")
                    },
                ];
                view! {
                    <p data-testid="winback-summary">{summary}</p>
                    <p class="caption">
                        {if by_model {
                            t_with(
                                "winback.ranked_by_model",
                                &[("period", &crate::i18n::t_count("period.months", months as f64, &[]))],
                            )
                        } else {
                            t("winback.ranked_by_revenue")
                        }}
                    </p>
                    <DataTable test_id="winback-table" headers=headers>
                        {rows}
                    </DataTable>
                }
            })
        })
    };
    view! {
        <WinBackAction />
        <ExportButton export=Export::WinBack class="button" test_id="export-winback">
            {move || t("winback.export")}
        </ExportButton>
        {body}
    }
}
