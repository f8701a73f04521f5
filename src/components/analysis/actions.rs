//! What to do with each segment: the engine's recommendation (`rfm::actions`, worded here),
//! what acting is worth (customers × the value at stake, on the report's one CLV basis), how
//! many customers the file gives no e-mail for, and one click to download the segment as a
//! contact list for Klaviyo, Mailchimp or Shopify (the worker writes it).

use leptos::prelude::*;

use clv_engine::export::{ContactList, ContactTool};
use clv_engine::rfm::actions::action_by_key;

use crate::app::Analysis;
use crate::format::{amount, percent};
use crate::i18n::{t, t_count, t_with};
use crate::state::AppState;
use crate::worker::Export;

use super::basis::basis;
use super::labels::segment_label;

/// A recommendation's words, by the engine's key; a segment of the user's own rules gets the
/// generic one.
pub fn action_text(key: &str) -> String {
    let text = match key {
        "champions" => t("action.champions"),
        "loyal" => t("action.loyal"),
        "potential_loyalists" => t("action.potential_loyalists"),
        "new" => t("action.new"),
        "promising" => t("action.promising"),
        "need_attention" => t("action.need_attention"),
        "about_to_sleep" => t("action.about_to_sleep"),
        "cannot_lose_them" => t("action.cannot_lose_them"),
        "at_risk" => t("action.at_risk"),
        "lost" => t("action.lost"),
        "hibernating" => t("action.hibernating"),
        "win_back" => t("action.win_back"),
        _ => t("action.generic"),
    };
    match action_by_key(key).discount {
        Some(d) => crate::i18n::fill(&text, &[("discount", &percent(d))]),
        None => text,
    }
}

/// "Worth 12,345.67: the predicted CLV of its 41 customers (profit at a 30 % margin)".
fn worth_sentence(
    worth: f64,
    basis_name: &str,
    customers: u64,
    margin: Option<f64>,
    currency: Option<&str>,
) -> String {
    let people = t_count("action.customers", customers as f64, &[]);
    let (text, on) = match basis_name {
        "predicted_clv" => (t("action.worth.predicted_clv"), basis(margin)),
        "expected_value_lost" => (t("action.worth.expected_value_lost"), basis(margin)),
        _ => (t("action.worth.revenue"), String::new()),
    };
    crate::i18n::fill(
        &text,
        &[
            ("worth", &amount(worth, currency)),
            ("customers", &people),
            ("basis", &on),
        ],
    )
}

/// The tool picker and the download button of one list.
#[component]
fn ContactDownload(
    /// Which customers.
    list: ContactList,
    /// The tool chosen (shared by every list of the section).
    tool: RwSignal<ContactTool>,
    /// The button's `data-testid`.
    test_id: String,
) -> impl IntoView {
    let analysis = expect_context::<Analysis>();
    view! {
        <button
            type="button"
            class="button secondary"
            data-testid=test_id
            on:click=move |_| analysis.export(Export::Contacts { list: list.clone(), tool: tool.get_untracked() })
        >
            {move || t_with("action.download", &[("tool", tool_name(tool.get()))])}
        </button>
    }
}

/// A tool's own name.
fn tool_name(tool: ContactTool) -> &'static str {
    match tool {
        ContactTool::Klaviyo => "Klaviyo",
        ContactTool::Mailchimp => "Mailchimp",
        ContactTool::Shopify => "Shopify",
    }
}

/// The choice of tool the contact lists are laid out for.
#[component]
pub fn ToolChoice(
    /// The tool chosen.
    tool: RwSignal<ContactTool>,
    /// The select's `data-testid`.
    test_id: &'static str,
) -> impl IntoView {
    view! {
        <label class="field inline">
            <span>{move || t("action.tool")}</span>
            <select
                data-testid=test_id
                on:change=move |ev| {
                    if let Some(picked) = ContactTool::from_name(&event_target_value(&ev)) {
                        tool.set(picked);
                    }
                }
            >
                {ContactTool::ALL
                    .into_iter()
                    .map(|x| {
                        view! {
                            <option value=x.name() selected=move || tool.get() == x>
                                {tool_name(x)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
        <p class="caption">{move || t("action.consent")}</p>
    }
}

/// "3 customers have no e-mail in the file and are left out of the download."
fn left_out(customers: u64, with_email: u64) -> Option<String> {
    let missing = customers.saturating_sub(with_email);
    (missing > 0).then(|| t_count("action.no_email", missing as f64, &[]))
}

/// One recommendation: the segment, what to do, what it is worth, the download.
fn action_card(
    title: String,
    key: &str,
    worth: String,
    missing: Option<String>,
    list: ContactList,
    tool: RwSignal<ContactTool>,
    test_id: String,
) -> impl IntoView {
    view! {
        <li class="action" data-testid=test_id.clone()>
            <h4>{title}</h4>
            <p data-testid="action-text">{action_text(key)}</p>
            <p class="worth" data-testid="action-worth">{worth}</p>
            {missing.map(|m| view! { <p class="caption" data-testid="action-no-email">{m}</p> })}
            <ContactDownload list=list tool=tool test_id=format!("{test_id}-download") />
        </li>
    }
}

/// The file-name part of a segment, for test ids (`Cannot lose them` → `cannot-lose-them`).
fn slug(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}

/// The recommendations of every segment with customers, for the RFM section.
#[component]
pub fn SegmentActions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tool = RwSignal::new(ContactTool::Klaviyo);
    let cards = move || {
        state.overview.with(|o| {
            o.as_ref().map(|o| {
                let margin = o.summary.kpis.margin;
                let cur = state.currency.get();
                o.summary
                    .rfm
                    .segments
                    .iter()
                    .filter(|s| s.customers > 0)
                    .map(|s| {
                        action_card(
                            segment_label(&s.segment),
                            &s.action,
                            worth_sentence(
                                s.worth,
                                &s.worth_basis,
                                s.customers,
                                margin,
                                cur.as_deref(),
                            ),
                            left_out(s.customers, s.customers_with_email),
                            ContactList::Segment(s.segment.clone()),
                            tool,
                            format!("action-{}", slug(&s.segment)),
                        )
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <section class="actions-block" data-testid="segment-actions">
            <h3>{move || t("action.title")}</h3>
            <ToolChoice tool=tool test_id="action-tool" />
            <ul class="action-list">{cards}</ul>
        </section>
    }
}

/// The win-back list's recommendation, above the list.
#[component]
pub fn WinBackAction() -> impl IntoView {
    let state = expect_context::<AppState>();
    let tool = RwSignal::new(ContactTool::Klaviyo);
    let card = move || {
        state.overview.with(|o| {
            o.as_ref().map(|o| {
                let w = &o.summary.win_back;
                let customers = w.one_time_customers + w.lapsed_repeat_customers;
                let cur = state.currency.get();
                action_card(
                    t("action.win_back.title"),
                    &w.action,
                    worth_sentence(
                        w.worth,
                        &w.value_basis,
                        customers,
                        o.summary.kpis.margin,
                        cur.as_deref(),
                    ),
                    left_out(customers, w.customers_with_email),
                    ContactList::WinBack,
                    tool,
                    "action-win-back".to_string(),
                )
            })
        })
    };
    view! {
        <section class="actions-block" data-testid="winback-action">
            <ToolChoice tool=tool test_id="winback-tool" />
            <ul class="action-list">{card}</ul>
        </section>
    }
}
