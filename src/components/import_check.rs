//! "How we read your file": the encoding, delimiter, export type, decimal separator and date
//! order the engine detected, with a picker for each; every column with its first values and
//! a dropdown for its role; and the first rows as parsed. A change re-runs the analysis with
//! the user's choice. When a column the analysis needs was not found, the panel opens by
//! itself, says which, and the analysis runs once each has been given a column. Every choice
//! is remembered for that kind of export.

use clv_engine::import::columns::{ColumnRef, Preset, Role, ROLES};
use clv_engine::import::{DateOrder, DecimalSeparator, Delimiter, ImportInfo, ENCODINGS};
use clv_engine::{ImportOptions, ImportPreview};
use leptos::prelude::*;

use super::role_words::role_words;
use crate::app::Analysis;
use crate::format::{list, money};
use crate::i18n::{t, t_with};
use crate::mappings::{export_kind, remember_choices, remembered_choices};
use crate::state::AppState;

/// The option value meaning "this column is not used".
const UNUSED: &str = "-";
/// First values shown beside each column's role picker.
const SAMPLE_VALUES: usize = 3;
/// The delimiters offered, as the preview words them.
const DELIMITERS: [&str; 5] = [",", ";", "tab", "|", "spaces"];

/// Whether `column` names the column numbered `number` with header `header`.
fn names(column: &ColumnRef, number: usize, header: &str) -> bool {
    match column {
        ColumnRef::Header(h) => h.trim().eq_ignore_ascii_case(header.trim()),
        ColumnRef::Number(n) => *n == number,
        ColumnRef::Unmapped => false,
    }
}

/// The role column `number` (header `header`, detected role `detected`) has with the user's
/// choices in `options`: the last choice naming it, else what was detected unless that role
/// was given elsewhere or unmapped.
pub fn chosen_role(
    options: &ImportOptions,
    number: usize,
    header: &str,
    detected: Option<Role>,
) -> Option<Role> {
    let map = &options.column_map;
    match map.iter().rev().find(|(_, c)| names(c, number, header)) {
        Some((role, _)) => Some(*role),
        None => detected.filter(|d| !map.iter().any(|(r, _)| r == d)),
    }
}

/// The roles of `missing` that no column has yet with the user's choices in `options` (an
/// e-mail column stands in for the customer, as in the engine).
pub fn still_needed(missing: &[Role], info: &ImportInfo, options: &ImportOptions) -> Vec<Role> {
    let chosen: Vec<Role> = info
        .columns
        .iter()
        .filter_map(|c| chosen_role(options, c.number, &c.header, c.role))
        .collect();
    missing
        .iter()
        .copied()
        .filter(|r| {
            let by_email = *r == Role::Customer && chosen.contains(&Role::Email);
            !(chosen.contains(r) || by_email)
        })
        .collect()
}

/// `options` with `column` given `role` (or no role): the column's previous role is unmapped
/// so detection cannot give it back, and earlier choices for the same roles or the same
/// column are replaced.
pub fn with_role(
    options: &ImportOptions,
    column: &str,
    previous: Option<Role>,
    role: Option<Role>,
) -> ImportOptions {
    let mut next = options.clone();
    next.column_map.retain(|(r, c)| {
        Some(*r) != previous
            && Some(*r) != role
            && !matches!(c, ColumnRef::Header(h) if h.trim().eq_ignore_ascii_case(column.trim()))
    });
    if let Some(previous) = previous.filter(|p| Some(*p) != role) {
        next.column_map.push((previous, ColumnRef::Unmapped));
    }
    if let Some(role) = role {
        next.column_map
            .push((role, ColumnRef::Header(column.to_string())));
    }
    next
}

/// `options` with every column's role as shown written into the choices: for a file without
/// a header, whose roles are guessed from the values only while the user has chosen none,
/// so that one choice does not undo the guesses the user kept.
pub fn with_shown_roles(options: &ImportOptions, info: &ImportInfo) -> ImportOptions {
    let mut next = options.clone();
    next.column_map = info
        .columns
        .iter()
        .filter_map(|c| {
            chosen_role(options, c.number, &c.header, c.role)
                .map(|r| (r, ColumnRef::Header(c.header.clone())))
        })
        .collect();
    next
}

/// `options` read in the encoding with WHATWG `label`.
pub fn with_encoding(options: &ImportOptions, label: &str) -> ImportOptions {
    let mut next = options.clone();
    next.encoding = Some(label.to_string());
    next
}

/// `options` with fields split at `delimiter` (as the preview words it: `,` `tab` `spaces`…).
pub fn with_delimiter(options: &ImportOptions, delimiter: &str) -> ImportOptions {
    let mut next = options.clone();
    next.delimiter = match delimiter {
        "tab" => Some(Delimiter::Byte(b'\t')),
        "spaces" => Some(Delimiter::Whitespace),
        d if d.len() == 1 && d.is_ascii() => Some(Delimiter::Byte(d.as_bytes()[0])),
        _ => None,
    };
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

/// Roles in the reader's words, as a list.
fn roles_words(roles: &[Role]) -> String {
    let words: Vec<String> = roles.iter().map(|r| role_words(*r)).collect();
    list(&words)
}

/// The import check panel.
#[component]
pub fn ImportCheck() -> impl IntoView {
    let state = expect_context::<AppState>();
    let analysis = expect_context::<Analysis>();
    // A kind of export the user chose how to read before is read their way again, without
    // asking (an effect because it asks the worker to start over with those choices).
    Effect::new(move |_| {
        let Some(preview) = state.preview.get() else {
            return;
        };
        if state.import.with_untracked(|o| *o == ImportOptions::new()) {
            if let Some(choices) = remembered_choices(&preview) {
                analysis.reanalyze(choices);
            }
        }
    });
    // Remembers the user's choice under the file's kind, then reads the file with it.
    let choose = move |preview: &ImportPreview, next: ImportOptions| {
        let kind = state
            .kind
            .get_untracked()
            .unwrap_or_else(|| export_kind(preview));
        remember_choices(&kind, &next);
        analysis.reanalyze(next);
    };
    move || {
        let preview = state.preview.get()?;
        let missing = preview.missing.clone();
        let switch = {
            let preview = preview.clone();
            move |_| {
                let next = state
                    .import
                    .with_untracked(|o| with_switched_date_order(o, &preview));
                choose(&preview, next);
            }
        };
        let on_encoding = {
            let preview = preview.clone();
            move |ev: leptos::ev::Event| {
                let label = event_target_value(&ev);
                let next = state.import.with_untracked(|o| with_encoding(o, &label));
                choose(&preview, next);
            }
        };
        let on_delimiter = {
            let preview = preview.clone();
            move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                let next = state.import.with_untracked(|o| with_delimiter(o, &value));
                choose(&preview, next);
            }
        };
        let encoding_now = preview.info.encoding.to_lowercase();
        let encodings = ENCODINGS
            .iter()
            .map(|label| {
                view! { <option value=*label selected=encoding_now == *label>{*label}</option> }
            })
            .collect_view();
        let delimiters = DELIMITERS
            .iter()
            .map(|d| {
                let label = match *d {
                    "tab" => t("check.delimiter.tab"),
                    "spaces" => t("check.delimiter.spaces"),
                    other => other.to_string(),
                };
                view! { <option value=*d selected=preview.info.delimiter == *d>{label}</option> }
            })
            .collect_view();
        let dates = date_order_words(preview.date_order);
        let ambiguous = preview
            .date_order_ambiguous
            .then(|| format!(" {}", t("check.dates.ambiguous")));
        let needed = (!missing.is_empty()).then(|| {
            let info = preview.info.clone();
            let all = missing.clone();
            let left = move || {
                let left = state.import.with(|o| still_needed(&all, &info, o));
                (!left.is_empty())
                    .then(|| t_with("check.still_needed", &[("roles", &roles_words(&left))]))
            };
            view! {
                <div class="needed" role="status" data-testid="missing-roles">
                    <p>{t_with("check.missing", &[("roles", &roles_words(&missing))])}</p>
                    <p class="still" data-testid="still-needed">{left}</p>
                </div>
            }
        });
        let open = preview.date_order_ambiguous || !missing.is_empty();
        // A picker per column and the first rows are built when the panel is open, not before:
        // for a Shopify export (79 columns) they are 1,700 elements, which took the page's
        // thread 0.3 s while the file was being read, for a panel most never open.
        let shown = RwSignal::new(open);
        let panel = NodeRef::<leptos::html::Details>::new();
        let details_of = preview.clone();
        Some(view! {
            <details
                class="panel import-check"
                data-testid="import-check"
                open=open
                node_ref=panel
                on:toggle=move |_| {
                    if let Some(panel) = panel.get_untracked() {
                        shown.set(panel.open());
                    }
                }
            >
                <summary>
                    <h2>{t("check.title")}</h2>
                </summary>
                {needed}
                {missing.is_empty().then(|| view! { <p class="caption">{t("check.caption")}</p> })}
                <p data-testid="import-line">{summary_line(&preview)}</p>
                <div class="read-choices">
                    <label>
                        {t("check.encoding")}
                        <select data-testid="encoding" on:change=on_encoding>
                            {encodings}
                        </select>
                    </label>
                    <label>
                        {t("check.delimiter")}
                        <select data-testid="delimiter" on:change=on_delimiter>
                            {delimiters}
                        </select>
                    </label>
                </div>
                <p>
                    {dates}
                    {ambiguous}
                    " "
                    <button type="button" class="button" data-testid="switch-date-order" on:click=switch>
                        {t("check.switch")}
                    </button>
                </p>
                {move || shown.get().then(|| {
                    view! {
                        {column_roles(&details_of, state, choose)}
                        {preview_table(&details_of)}
                    }
                })}
            </details>
        })
    }
}

/// A role picker for every column of the file, with its first values. The roles' names are
/// looked up once, not once per column.
fn column_roles(
    preview: &ImportPreview,
    state: AppState,
    choose: impl Fn(&ImportPreview, ImportOptions) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let roles: Vec<(&'static str, String)> = std::iter::once((UNUSED, t("check.unused")))
        .chain(ROLES.iter().map(|r| (r.name(), role_words(*r))))
        .collect();
    let columns = preview
        .info
        .columns
        .iter()
        .map(|c| {
            let header = c.header.clone();
            let (number, detected) = (c.number, c.role);
            let shown = state
                .import
                .with_untracked(|o| chosen_role(o, number, &header, detected));
            let for_choice = preview.clone();
            let on_change = move |ev: leptos::ev::Event| {
                let role = Role::from_name(&event_target_value(&ev));
                let next = state.import.with_untracked(|o| {
                    let previous = chosen_role(o, number, &header, detected);
                    if for_choice.info.header_line.is_none() {
                        with_role(&with_shown_roles(o, &for_choice.info), &header, None, role)
                    } else {
                        with_role(o, &header, previous, role)
                    }
                });
                let needed = still_needed(&for_choice.missing, &for_choice.info, &next);
                if for_choice.missing.is_empty() || needed.is_empty() {
                    choose(&for_choice, next);
                } else {
                    // More columns to pick before the file can be read: keep the choice.
                    state.import.set(next);
                }
            };
            let chosen = shown.map_or(UNUSED, Role::name);
            let options = roles
                .iter()
                .map(|(value, label)| {
                    view! { <option value=*value selected=chosen == *value>{label.clone()}</option> }
                })
                .collect_view();
            let samples = preview
                .rows
                .iter()
                .filter_map(|r| r.cells.get(number - 1))
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
                .take(SAMPLE_VALUES)
                .collect::<Vec<_>>()
                .join(" · ");
            let id = format!("role-{number}");
            view! {
                <div class="role" data-column=number>
                    <label for=id.clone()>{c.header.clone()}</label>
                    <select id=id data-testid="column-role" on:change=on_change>
                        {options}
                    </select>
                    <span class="samples" data-testid="column-values">{samples}</span>
                </div>
            }
        })
        .collect_view();
    view! { <div class="roles">{columns}</div> }
}

/// The first rows as the file was cut into cells, with what was read from each.
fn preview_table(preview: &ImportPreview) -> impl IntoView {
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
            // Until the needed columns are picked nothing is read, and each row's note
            // would only say so again.
            let note = if preview.missing.is_empty() {
                r.note.clone().unwrap_or(read)
            } else {
                String::new()
            };
            view! {
                <tr>
                    <td class="num">{r.line}</td>
                    {cells}
                    <td class="note">{note}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
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

    fn preview(csv: &str) -> ImportPreview {
        clv_engine::import::preview(csv.as_bytes(), true, &ImportOptions::new()).unwrap()
    }

    #[test]
    fn the_analysis_waits_until_every_missing_role_has_a_column() {
        let p = preview("Asiakas;Päivämäärä;Loppusumma;Kanava\nAnna;05.03.2024;12,50;web\n");
        let missing = p.missing.clone();
        assert_eq!(missing, vec![Role::Customer, Role::Date, Role::Amount]);
        let o = ImportOptions::new();
        assert_eq!(still_needed(&missing, &p.info, &o), missing);
        let o = with_role(&o, "Asiakas", None, Some(Role::Email));
        assert_eq!(
            still_needed(&missing, &p.info, &o),
            vec![Role::Date, Role::Amount],
            "an e-mail column stands in for the customer"
        );
        // Changing one's mind about a column: its first choice no longer counts.
        let o = with_role(&o, "Loppusumma", None, Some(Role::Date));
        let previous = chosen_role(&o, 3, "Loppusumma", None);
        assert_eq!(previous, Some(Role::Date));
        let o = with_role(&o, "Loppusumma", previous, Some(Role::Amount));
        assert_eq!(still_needed(&missing, &p.info, &o), vec![Role::Date]);
        let o = with_role(&o, "Päivämäärä", None, Some(Role::Date));
        assert!(still_needed(&missing, &p.info, &o).is_empty());
        // Read with these choices, the file has nothing missing.
        let read = clv_engine::import::preview(
            "Asiakas;Päivämäärä;Loppusumma;Kanava\nAnna;05.03.2024;12,50;web\n".as_bytes(),
            true,
            &o,
        )
        .unwrap();
        assert!(read.missing.is_empty(), "{:?}", o.column_map);
        assert_eq!(read.rows[0].amount, Some(12.5));
    }

    #[test]
    fn a_detected_role_shows_until_the_user_moves_it() {
        let p = preview("customer,date,Loppusumma,Hinta\nann,2024-03-05,5,6\n");
        let o = ImportOptions::new();
        assert_eq!(
            chosen_role(&o, 1, "customer", Some(Role::Customer)),
            Some(Role::Customer)
        );
        let o = with_role(&o, "Hinta", None, Some(Role::Customer));
        assert_eq!(chosen_role(&o, 1, "customer", Some(Role::Customer)), None);
        assert_eq!(chosen_role(&o, 4, "Hinta", None), Some(Role::Customer));
        assert_eq!(still_needed(&p.missing, &p.info, &o), vec![Role::Amount]);
    }

    #[test]
    fn in_a_file_without_header_a_choice_keeps_the_guessed_roles() {
        let csv = "K2Z;05.03.2024;120\nQ1A;06.03.2024;80\nK2Z;07.04.2024;45\n";
        let p = preview(csv);
        assert_eq!(p.info.header_line, None);
        assert_eq!(p.missing, vec![Role::Amount]);
        let o = with_role(
            &with_shown_roles(&ImportOptions::new(), &p.info),
            "3",
            None,
            Some(Role::Amount),
        );
        assert!(still_needed(&p.missing, &p.info, &o).is_empty());
        let read = clv_engine::import::preview(csv.as_bytes(), true, &o).unwrap();
        assert!(read.missing.is_empty(), "{:?}", o.column_map);
        assert!(read.rows[0].customer.is_some());
        assert_eq!(read.rows[0].amount, Some(120.0));
    }

    #[test]
    fn encoding_and_delimiter_choices() {
        let o = with_encoding(&ImportOptions::new(), "windows-1251");
        assert_eq!(o.encoding.as_deref(), Some("windows-1251"));
        for d in DELIMITERS {
            let chosen = with_delimiter(&o, d).delimiter.expect("a delimiter");
            assert_eq!(chosen.describe(), d, "offered as the preview words it");
        }
        assert!(ENCODINGS.contains(&"windows-1251"));
    }
}
