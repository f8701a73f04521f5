//! "How we read your file": the encoding, delimiter, export type, decimal separator and date
//! order the engine detected, every column's role with a dropdown to change it, and the first
//! rows as parsed. A change re-runs the analysis with the user's choice.

use clv_engine::import::columns::{ColumnRef, Preset, Role, ROLES};
use clv_engine::import::{DateOrder, DecimalSeparator};
use clv_engine::{ImportOptions, ImportPreview};
use leptos::prelude::*;

use super::role_words::role_words;
use crate::app::Analysis;
use crate::format::money;
use crate::i18n::{t, t_with};
use crate::mappings::{remember_mapping, remembered_mapping};
use crate::state::AppState;

/// The option value meaning "this column is not used".
const UNUSED: &str = "-";

/// `options` with `column` given `role` (or no role): the column's previous role is unmapped
/// so detection cannot give it back, and earlier choices for the same roles are replaced.
pub fn with_role(
    options: &ImportOptions,
    column: &str,
    previous: Option<Role>,
    role: Option<Role>,
) -> ImportOptions {
    let mut next = options.clone();
    next.column_map
        .retain(|(r, _)| Some(*r) != previous && Some(*r) != role);
    if let Some(previous) = previous.filter(|p| Some(*p) != role) {
        next.column_map.push((previous, ColumnRef::Unmapped));
    }
    if let Some(role) = role {
        next.column_map
            .push((role, ColumnRef::Header(column.to_string())));
    }
    next
}

/// `options` with the other day/month order than the preview used.
pub fn with_switched_date_order(options: &ImportOptions, preview: &ImportPreview) -> ImportOptions {
    let mut next = options.clone();
    next.date_order = Some(match preview.date_order {
        DateOrder::DayFirst => DateOrder::MonthFirst,
        DateOrder::MonthFirst => DateOrder::DayFirst,
    });
    next
}

fn date_order_words(order: DateOrder) -> String {
    match order {
        DateOrder::DayFirst => t("check.dates.day_first"),
        DateOrder::MonthFirst => t("check.dates.month_first"),
    }
}

/// One line on how the file was read.
fn summary_line(p: &ImportPreview) -> String {
    let info = &p.info;
    let preset = info
        .preset
        .map(|preset| {
            let name = match preset {
                Preset::Shopify => "Shopify".to_string(),
                Preset::WooCommerce => "WooCommerce".to_string(),
                Preset::Stripe => "Stripe".to_string(),
                Preset::Cdnow => "CDNOW".to_string(),
                _ => t("check.preset.summary"),
            };
            format!(" {}", t_with("check.preset", &[("preset", &name)]))
        })
        .unwrap_or_default();
    let decimal = match info.decimal_separator {
        DecimalSeparator::Dot => t("check.decimal.dot"),
        DecimalSeparator::Comma => t("check.decimal.comma"),
    };
    let line = t_with(
        "check.read_as",
        &[
            ("encoding", &info.encoding),
            ("delimiter", &info.delimiter),
            ("decimal", &decimal),
        ],
    );
    line + &preset
}

/// The import check panel.
#[component]
pub fn ImportCheck() -> impl IntoView {
    let state = expect_context::<AppState>();
    let analysis = expect_context::<Analysis>();
    // A kind of export the user remapped before is read their way again (an effect because it
    // asks the worker to start over with the remembered columns).
    Effect::new(move |_| {
        let Some(preview) = state.preview.get() else {
            return;
        };
        if state.import.with_untracked(|o| o.column_map.is_empty()) {
            if let Some(mapping) = remembered_mapping(&preview) {
                let mut next = state.import.get_untracked();
                next.column_map = mapping;
                analysis.reanalyze(next);
            }
        }
    });
    move || {
        let preview = state.preview.get()?;
        let switch = {
            let preview = preview.clone();
            move |_| {
                let next = state
                    .import
                    .with_untracked(|o| with_switched_date_order(o, &preview));
                analysis.reanalyze(next);
            }
        };
        let columns = preview
            .info
            .columns
            .iter()
            .map(|c| {
                let header = c.header.clone();
                let previous = c.role;
                let for_memory = preview.clone();
                let on_change = move |ev: leptos::ev::Event| {
                    let value = event_target_value(&ev);
                    let role = Role::from_name(&value);
                    let next = state
                        .import
                        .with_untracked(|o| with_role(o, &header, previous, role));
                    remember_mapping(&for_memory, &next.column_map);
                    analysis.reanalyze(next);
                };
                let options = std::iter::once((UNUSED, t("check.unused")))
                    .chain(ROLES.iter().map(|r| (r.name(), role_words(*r))))
                    .map(|(value, label)| {
                        let selected = previous.map_or(UNUSED, Role::name) == value;
                        view! { <option value=value selected=selected>{label}</option> }
                    })
                    .collect_view();
                let id = format!("role-{}", c.number);
                view! {
                    <div class="role">
                        <label for=id.clone()>{c.header.clone()}</label>
                        <select id=id data-testid="column-role" on:change=on_change>
                            {options}
                        </select>
                    </div>
                }
            })
            .collect_view();
        let head = preview
            .headers
            .iter()
            .map(|h| view! { <th>{h.clone()}</th> })
            .collect_view();
        let rows = preview
            .rows
            .iter()
            .map(|r| {
                let cells = r
                    .cells
                    .iter()
                    .map(|c| view! { <td>{c.clone()}</td> })
                    .collect_view();
                let read = match (&r.customer, r.date, r.amount) {
                    (Some(c), Some(d), Some(a)) => format!("{c} · {d} · {}", money(a)),
                    _ => String::new(),
                };
                let note = r.note.clone().unwrap_or(read);
                view! {
                    <tr>
                        <td class="num">{r.line}</td>
                        {cells}
                        <td class="note">{note}</td>
                    </tr>
                }
            })
            .collect_view();
        let dates = date_order_words(preview.date_order);
        let ambiguous = preview
            .date_order_ambiguous
            .then(|| format!(" {}", t("check.dates.ambiguous")));
        Some(view! {
            <details class="panel import-check" data-testid="import-check" open=preview.date_order_ambiguous>
                <summary>
                    <h2>{t("check.title")}</h2>
                </summary>
                <p class="caption">{t("check.caption")}</p>
                <p data-testid="import-line">{summary_line(&preview)}</p>
                <p>
                    {dates}
                    {ambiguous}
                    " "
                    <button type="button" class="button" data-testid="switch-date-order" on:click=switch>
                        {t("check.switch")}
                    </button>
                </p>
                <div class="roles">{columns}</div>
                <div class="table-scroll">
                    <table class="preview" data-testid="preview-rows">
                        <thead>
                            <tr>
                                <th>{t("check.line")}</th>
                                {head}
                                <th>{t("check.read")}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_role_replaces_the_old_one_and_keeps_detection_from_restoring_it() {
        let o = with_role(
            &ImportOptions::new(),
            "Total",
            Some(Role::Amount),
            Some(Role::Refunded),
        );
        assert_eq!(
            o.column_map,
            vec![
                (Role::Amount, ColumnRef::Unmapped),
                (Role::Refunded, ColumnRef::Header("Total".into()))
            ]
        );
        // Giving the amount role to another column replaces the "unmapped" choice.
        let o = with_role(&o, "Net", None, Some(Role::Amount));
        assert_eq!(
            o.column_map,
            vec![
                (Role::Refunded, ColumnRef::Header("Total".into())),
                (Role::Amount, ColumnRef::Header("Net".into()))
            ]
        );
        // "not used"
        let o = with_role(&o, "Net", Some(Role::Amount), None);
        assert_eq!(
            o.column_map.last(),
            Some(&(Role::Amount, ColumnRef::Unmapped))
        );
    }
}
