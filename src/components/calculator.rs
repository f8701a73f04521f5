//! The CLV calculator: inputs, live results, the growth levers in words and (on the app page)
//! as a tornado chart. The same component is the embeddable widget.

use clv_engine::calculator::{CalculatorError, Lever};
use leptos::prelude::*;

use crate::calculator::params::{
    parse_number, CalcParams, CalcResults, NumberProblem, PurchasesWay, CURRENCIES,
};
use crate::calculator::{CalcState, Refused};
use crate::charts::tornado::{self, Bar};
use crate::format::{currency, number, percent};
use crate::i18n::{t, t_count, t_with};

/// An input of the calculator, as named in the URL (`fields=aov,n,cac,margin` in the widget).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Average order value.
    Aov,
    /// Purchases per customer: the switch between per lifetime and per year × years, with the
    /// inputs of the way chosen (in the `fields` option: `n`, `py` or `years`).
    Purchases,
    /// Purchases per customer per year (shown within [`Field::Purchases`]).
    PurchasesPerYear,
    /// Years a customer stays (shown within [`Field::Purchases`]).
    Years,
    /// Acquisition cost.
    Cac,
    /// Gross margin.
    Margin,
    /// Lifetime in months.
    Lifetime,
    /// Yearly retention rate.
    Retention,
    /// Yearly discount rate.
    Discount,
    /// Currency.
    Currency,
}

impl Field {
    /// Every field the `fields` option can choose, in display order (the per-year inputs come
    /// with [`Field::Purchases`]).
    pub const ALL: [Field; 8] = [
        Field::Aov,
        Field::Purchases,
        Field::Cac,
        Field::Margin,
        Field::Lifetime,
        Field::Retention,
        Field::Discount,
        Field::Currency,
    ];

    /// The URL name of the field (also its test id: `calc-<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Field::Aov => "aov",
            Field::Purchases => "n",
            Field::PurchasesPerYear => "py",
            Field::Years => "years",
            Field::Cac => "cac",
            Field::Margin => "margin",
            Field::Lifetime => "life",
            Field::Retention => "ret",
            Field::Discount => "disc",
            Field::Currency => "cur",
        }
    }

    /// The fields listed in a `fields=aov,n,cac` option; every field when none is readable.
    /// `py` and `years` choose the purchases too.
    pub fn parse_list(list: &str) -> Vec<Field> {
        let names = |f: Field| match f {
            Field::Purchases => vec!["n", "py", "years"],
            f => vec![f.name()],
        };
        let chosen: Vec<Field> = Field::ALL
            .into_iter()
            .filter(|&f| list.split(',').any(|n| names(f).contains(&n.trim())))
            .collect();
        if chosen.is_empty() {
            Field::ALL.to_vec()
        } else {
            chosen
        }
    }

    fn label(self) -> String {
        match self {
            Field::Aov => t("calc.field.aov"),
            Field::Purchases => t("calc.field.purchases"),
            Field::PurchasesPerYear => t("calc.field.purchases_per_year"),
            Field::Years => t("calc.field.years"),
            Field::Cac => t("calc.field.cac"),
            Field::Margin => t("calc.field.margin"),
            Field::Lifetime => t("calc.field.lifetime"),
            Field::Retention => t("calc.field.retention"),
            Field::Discount => t("calc.field.discount"),
            Field::Currency => t("calc.field.currency"),
        }
    }

    /// The field's value as shown in its input (percentages for the rates).
    fn shown(self, p: &CalcParams) -> String {
        let pct = |f: f64| trim((f * 100.0 * 1e6).round() / 1e6);
        match self {
            Field::Aov => trim(p.aov),
            Field::Purchases => trim(p.purchases),
            Field::PurchasesPerYear => trim(p.purchases_per_year),
            Field::Years => trim(p.years),
            Field::Cac => trim(p.cac),
            Field::Margin => pct(p.margin),
            Field::Lifetime => trim(p.lifetime_months),
            Field::Retention => p.retention.map(pct).unwrap_or_default(),
            Field::Discount => pct(p.discount_rate),
            Field::Currency => p.currency.clone(),
        }
    }

    /// Applies what the user typed, read as the reader's language writes numbers (`decimal`
    /// is its decimal sign); a text that is not a number changes nothing and says why.
    fn apply(self, p: &mut CalcParams, text: &str, decimal: char) -> Result<(), NumberProblem> {
        if self == Field::Currency {
            p.currency = text.to_string();
            return Ok(());
        }
        let value = match parse_number(text, decimal) {
            // No retention rate: the retention form is left out.
            Err(NumberProblem::Empty) if self == Field::Retention => {
                p.retention = None;
                return Ok(());
            }
            other => other?,
        };
        match self {
            Field::Aov => p.aov = value,
            Field::Purchases => p.purchases = value,
            Field::PurchasesPerYear => p.purchases_per_year = value,
            Field::Years => p.years = value,
            Field::Cac => p.cac = value,
            Field::Margin => p.margin = value / 100.0,
            Field::Lifetime => p.lifetime_months = value,
            Field::Retention => p.retention = Some(value / 100.0),
            Field::Discount => p.discount_rate = value / 100.0,
            Field::Currency => {}
        }
        Ok(())
    }

    /// The field named `name` in the URL.
    fn from_name(name: &str) -> Option<Field> {
        [Field::PurchasesPerYear, Field::Years]
            .into_iter()
            .chain(Field::ALL)
            .find(|f| f.name() == name)
    }
}

/// Why a typed number is refused, in the reader's words, with the field's name and the text:
/// "Average order value: “abc” is not a number."
pub fn refusal_message(field: &str, text: &str, problem: &NumberProblem) -> String {
    let field = Field::from_name(field).map_or_else(|| field.to_string(), Field::label);
    match problem {
        NumberProblem::Empty => t_with("calc.input.empty", &[("field", &field)]),
        NumberProblem::NotANumber => t_with(
            "calc.input.not_number",
            &[("field", &field), ("text", text.trim())],
        ),
        NumberProblem::Ambiguous {
            as_decimal,
            as_grouped,
        } => t_with(
            "calc.input.ambiguous",
            &[
                ("field", &field),
                ("text", text.trim()),
                ("decimal", &number(*as_decimal, 0, 6)),
                ("grouped", &number(*as_grouped, 0, 6)),
            ],
        ),
    }
}

/// `90` rather than `90.0`.
fn trim(v: f64) -> String {
    v.to_string()
}

/// The user-facing message for inputs the formulas cannot use.
fn error_message(e: &CalculatorError) -> String {
    match e {
        CalculatorError::MarginOutOfRange { .. } => t("calc.error.margin"),
        CalculatorError::RetentionOutOfRange { .. } => t_with(
            "calc.error.retention",
            &[("min", &percent(0.0)), ("max", &percent(1.0))],
        ),
        CalculatorError::ZeroLifetime => t("calc.error.lifetime"),
        CalculatorError::Negative { .. } => t("calc.error.negative"),
        _ => t("calc.error.number"),
    }
}

/// What a CLV:CAC ratio means for the shop, in words.
fn verdict(ratio: Option<f64>) -> String {
    match ratio {
        None => t("calc.verdict.no_cac"),
        Some(r) if r < 1.0 => t("calc.verdict.under_1"),
        Some(r) if r < 3.0 => t("calc.verdict.under_3"),
        Some(_) => t("calc.verdict.healthy"),
    }
}

/// A growth lever as a sentence: "+10 % order value adds €5.40 per customer" (`amount` is the
/// gain, formatted). The Overview says the same of the shop's own numbers.
pub fn lever_sentence(lever: &Lever, amount: &str) -> String {
    let amount = amount.to_string();
    let pct = percent(0.1);
    match lever.lever.as_str() {
        "aov" => t_with("lever.aov", &[("pct", &pct), ("amount", &amount)]),
        "purchases" => t_with("lever.purchases", &[("pct", &pct), ("amount", &amount)]),
        "cac" => t_with("lever.cac", &[("pct", &pct), ("amount", &amount)]),
        _ => t_count("lever.margin", 1.0, &[("amount", &amount)]),
    }
}

/// The tornado chart's bar label for a lever.
fn lever_label(lever: &Lever) -> String {
    let pct = percent(0.1);
    match lever.lever.as_str() {
        "aov" => t_with("tornado.aov", &[("pct", &pct)]),
        "purchases" => t_with("tornado.purchases", &[("pct", &pct)]),
        "cac" => t_with("tornado.cac", &[("pct", &pct)]),
        _ => t_count("tornado.margin", 1.0, &[]),
    }
}

/// One labelled number input bound to a field.
#[component]
fn NumberInput(
    /// The inputs.
    state: CalcState,
    /// Which field.
    field: Field,
    /// Shown after the input, e.g. `%`.
    #[prop(optional)]
    unit: &'static str,
) -> impl IntoView {
    let id = format!("calc-{}", field.name());
    let CalcState {
        params, revision, ..
    } = state;
    let refused = move || {
        state
            .refused
            .with(|r| r.iter().any(|r| r.field == field.name()))
    };
    let label_for = id.clone();
    let input_id = id.clone();
    view! {
        <label class="calc-field" for=label_for>
            <span class="calc-label">{move || field.label()}</span>
            <span class="calc-input">
                <input
                    id=input_id
                    data-testid=id
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    aria-invalid=move || refused().to_string()
                    aria-describedby=move || refused().then_some("calc-refused")
                    prop:value=move || {
                        revision.track();
                        params.with_untracked(|p| field.shown(p))
                    }
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        let decimal = crate::i18n::lang::current().decimal_sign();
                        let mut result = Ok(());
                        params.update(|p| result = field.apply(p, &text, decimal));
                        let refusal = result.err().map(|problem| Refused {
                            field: field.name(),
                            text: text.clone(),
                            problem,
                        });
                        state.set_refused(field.name(), refusal);
                    }
                />
                {(!unit.is_empty()).then(|| view! { <span class="unit">{unit}</span> })}
            </span>
        </label>
    }
}

/// Purchases per customer: a switch between "per lifetime" (one input, `n`) and "per year ×
/// years" (two inputs, `py` and `years`). Switching carries the number over, so the result
/// does not jump.
#[component]
fn PurchasesInputs(
    /// The inputs.
    state: CalcState,
) -> impl IntoView {
    let params = state.params;
    // A memo, so typing a number does not rebuild the inputs being typed into.
    let way = Memo::new(move |_| params.with(|p| p.purchases_way));
    view! {
        <fieldset class="calc-purchases" data-testid="calc-purchases">
            <legend class="calc-label">{move || t("calc.purchases_way")}</legend>
            <div class="calc-way">
                <PurchasesWayOption state chosen=way way=PurchasesWay::PerLifetime value="lifetime">
                    {move || t("calc.way.lifetime")}
                </PurchasesWayOption>
                <PurchasesWayOption state chosen=way way=PurchasesWay::PerYear value="year">
                    {move || t("calc.way.per_year")}
                </PurchasesWayOption>
            </div>
            {move || match way.get() {
                PurchasesWay::PerLifetime => {
                    view! { <NumberInput state field=Field::Purchases /> }.into_any()
                }
                PurchasesWay::PerYear => {
                    view! {
                        <NumberInput state field=Field::PurchasesPerYear />
                        <NumberInput state field=Field::Years />
                    }
                        .into_any()
                }
            }}
        </fieldset>
    }
}

/// One way of giving the purchases: a radio button choosing it (the number carried over), and
/// its label.
#[component]
fn PurchasesWayOption(
    /// The inputs.
    state: CalcState,
    /// The way chosen now.
    chosen: Memo<PurchasesWay>,
    /// The way this option stands for.
    way: PurchasesWay,
    /// The radio button's value; its `data-testid` is `calc-way-` and the value.
    value: &'static str,
    /// The label, translated.
    children: Children,
) -> impl IntoView {
    view! {
        <label>
            <input
                type="radio"
                name="calc-purchases-way"
                value=value
                data-testid=format!("calc-way-{value}")
                prop:checked=move || chosen.get() == way
                on:change=move |_| state.replace(|p| p.set_purchases_way(way))
            />
            {children()}
        </label>
    }
}

/// The currency picker.
#[component]
fn CurrencySelect(
    /// The inputs.
    params: RwSignal<CalcParams>,
) -> impl IntoView {
    view! {
        <label class="calc-field" for="calc-cur">
            <span class="calc-label">{move || Field::Currency.label()}</span>
            <select
                id="calc-cur"
                data-testid="calc-cur"
                on:change=move |ev| {
                    let code = event_target_value(&ev);
                    params.update(|p| p.currency = code);
                }
            >
                {CURRENCIES
                    .into_iter()
                    .map(|code| {
                        view! {
                            <option value=code selected=move || params.with(|p| p.currency == code)>
                                {code}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The tornado chart on a canvas.
#[component]
fn TornadoChart(
    /// The results to chart.
    results: Memo<Result<CalcResults, CalculatorError>>,
    /// The inputs (for the currency).
    params: RwSignal<CalcParams>,
    /// Inputs refused just now: the chart is hidden (it would show the values before).
    refused: RwSignal<Vec<Refused>>,
) -> impl IntoView {
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        let Some(canvas) = canvas.get() else {
            return;
        };
        let Ok(r) = results.get() else {
            return;
        };
        let bars: Vec<Bar> = r
            .simple
            .levers
            .iter()
            .map(|l| Bar {
                label: lever_label(l),
                low: l.clv_if_worsened.min(l.clv_if_improved),
                high: l.clv_if_improved.max(l.clv_if_worsened),
            })
            .collect();
        let title = t_with(
            "tornado.axis",
            &[("currency", &params.with_untracked(|p| p.currency.clone()))],
        );
        if let Some((root, ratio)) = crate::charts::canvas::drawing_area(&canvas) {
            if let Err(e) = tornado::draw(
                &root,
                r.simple.clv,
                &bars,
                &title,
                &|v| number(v, 2, 2),
                ratio,
            ) {
                leptos::logging::warn!("the growth-lever chart could not be drawn: {e}");
            }
        }
    });
    let description = move || {
        results.with(|r| {
            r.as_ref()
                .map(|r| {
                    let cur = params.with(|p| p.currency.clone());
                    r.simple
                        .levers
                        .iter()
                        .map(|l| lever_sentence(l, &currency(l.gain, &cur)))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default()
        })
    };
    view! {
        <canvas
            node_ref=canvas
            class="chart tornado"
            role="img"
            data-testid="tornado-chart"
            hidden=move || refused.with(|r| !r.is_empty())
            aria-label=description
        ></canvas>
    }
}

/// The calculator.
#[component]
pub fn Calculator(
    /// The inputs (owned by the caller, which keeps them in the URL).
    state: CalcState,
    /// Which inputs to show.
    #[prop(default = Field::ALL.to_vec())]
    fields: Vec<Field>,
    /// Whether to draw the tornado chart (the app: yes; the widget keeps to sentences).
    #[prop(optional)]
    show_chart: bool,
) -> impl IntoView {
    let params = state.params;
    let results = Memo::new(move |_| params.with(CalcParams::compute));
    let cur = move || params.with(|p| p.currency.clone());
    let inputs = fields
        .iter()
        .map(|&field| match field {
            Field::Currency => view! { <CurrencySelect params /> }.into_any(),
            Field::Purchases | Field::PurchasesPerYear | Field::Years => {
                view! { <PurchasesInputs state /> }.into_any()
            }
            Field::Margin | Field::Retention | Field::Discount => {
                view! { <NumberInput state field unit="%" /> }.into_any()
            }
            // Per year × years, the years are the lifetime: no second field that could disagree.
            Field::Lifetime => {
                let per_lifetime =
                    move || params.with(|p| p.purchases_way == PurchasesWay::PerLifetime);
                view! {
                    <Show when=per_lifetime>
                        <NumberInput state field />
                    </Show>
                }
                .into_any()
            }
            _ => view! { <NumberInput state field /> }.into_any(),
        })
        .collect_view();
    let output = move || {
        results.get().map(|r| {
            let cur = cur();
            let s = &r.simple;
            let money = |v: f64| currency(v, &cur);
            let ratio = s
                .clv_to_cac
                .map(|x| t_with("calc.ratio_value", &[("ratio", &number(x, 0, 2))]))
                .unwrap_or_else(|| "—".into());
            let payback = match s.payback_months {
                Some(m) => t_count("calc.payback_months", m as f64, &[]),
                None => t("calc.payback_never"),
            };
            let p = params.get();
            let monthly_line = t_count(
                "calc.monthly_formula",
                p.lifetime(),
                &[
                    ("monthly", &money(r.monthly_revenue)),
                    ("margin", &percent(p.margin)),
                ],
            );
            let simple_line = match p.purchases_way {
                PurchasesWay::PerLifetime => t_with(
                    "calc.simple_formula",
                    &[
                        ("aov", &money(p.aov)),
                        ("n", &number(p.purchases, 0, 2)),
                        ("cac", &money(p.cac)),
                        ("margin", &percent(p.margin)),
                    ],
                ),
                PurchasesWay::PerYear => t_with(
                    "calc.simple_formula_per_year",
                    &[
                        ("aov", &money(p.aov)),
                        ("py", &number(p.purchases_per_year, 0, 2)),
                        ("years", &number(p.years, 0, 2)),
                        ("cac", &money(p.cac)),
                        ("margin", &percent(p.margin)),
                    ],
                ),
            };
            let retention = r.retention.map(|v| {
                view! {
                    <div class="calc-result">
                        <div class="calc-result-label">{t("calc.result.retention")}</div>
                        <div class="calc-result-value" data-testid="calc-retention-clv">
                            {money(v)}
                        </div>
                    </div>
                }
            });
            let levers = s
                .levers
                .iter()
                .map(|l| view! { <li>{lever_sentence(l, &currency(l.gain, &cur))}</li> })
                .collect_view();
            view! {
                <div class="calc-headline">
                    <div class="calc-result-label">{t("calc.result.clv")}</div>
                    <div class="calc-clv" data-testid="calc-clv">{money(s.clv)}</div>
                    <div class="caption">{simple_line}</div>
                </div>
                <div class="calc-results">
                    <div class="calc-result">
                        <div class="calc-result-label">{t("calc.result.ratio")}</div>
                        <div class="calc-result-value" data-testid="calc-ratio">{ratio}</div>
                        <div class="caption" data-testid="calc-verdict">
                            {verdict(s.clv_to_cac)}
                        </div>
                    </div>
                    <div class="calc-result">
                        <div class="calc-result-label">{t("calc.result.roi")}</div>
                        <div class="calc-result-value" data-testid="calc-roi">{money(s.roi)}</div>
                    </div>
                    <div class="calc-result">
                        <div class="calc-result-label">{t("calc.result.payback")}</div>
                        <div class="calc-result-value" data-testid="calc-payback">{payback}</div>
                    </div>
                    <div class="calc-result">
                        <div class="calc-result-label">{t("calc.result.monthly")}</div>
                        <div class="calc-result-value" data-testid="calc-monthly">
                            {money(r.monthly)}
                        </div>
                        <div class="caption">{monthly_line}</div>
                    </div>
                    {retention}
                </div>
                <h3>{t("calc.levers_title")}</h3>
                <ul class="levers" data-testid="calc-levers">{levers}</ul>
            }
        })
    };
    // A field whose text is not a number: say why (in the one error line), and show no result
    // (the result of the values before would be stale).
    let refused = move || state.refused.with(|r| !r.is_empty());
    let error = move || {
        let refusals = state.refused.with(|list| {
            list.iter()
                .map(|r| refusal_message(r.field, &r.text, &r.problem))
                .collect::<Vec<_>>()
                .join(" ")
        });
        if !refusals.is_empty() {
            return Some(("calc-refused", refusals));
        }
        results.with(|r| r.as_ref().err().map(|e| ("calc-error", error_message(e))))
    };
    let error = move || {
        error().map(|(id, text)| {
            view! { <p class="error" role="alert" id=id data-testid=id>{text}</p> }
        })
    };
    view! {
        <div class="calculator" data-testid="calculator">
            <form class="calc-inputs" on:submit=|ev| ev.prevent_default()>
                {inputs}
            </form>
            <div class="calc-output" aria-live="polite">
                {error}
                {move || if refused() { None } else { output().ok() }}
            </div>
            {show_chart.then(|| view! { <TornadoChart results params refused=state.refused /> })}
        </div>
    }
}
