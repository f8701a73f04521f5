//! Overview: the sentence a shop owner can repeat (what a new customer is worth, with its
//! range), the headline numbers, CLV computed two ways side by side on one basis (the formula
//! on the shop's averages, and the models' prediction per customer with its range), repeat
//! customers, how much of the revenue the best customers bring, and how the numbers were made.

use leptos::prelude::*;

use crate::components::KpiTiles;
use crate::format::{amount, number, percent};
use crate::i18n::{t, t_count, t_with};
use crate::state::AppState;

use super::basis::clv_label;
use super::headline::{headline, predicted_average};
use super::how_made::how_made;

/// A small labelled figure.
#[component]
fn Figure(
    /// What it is.
    label: String,
    /// The value, formatted.
    value: String,
    /// Test id.
    test_id: &'static str,
) -> impl IntoView {
    view! {
        <div class="tile small">
            <div class="tile-label">{label}</div>
            <div class="tile-value" data-testid=test_id>{value}</div>
        </div>
    }
}

/// The overview section.
#[component]
pub fn OverviewSection() -> impl IntoView {
    let state = expect_context::<AppState>();
    let body = move || {
        state.overview.get().map(|o| {
            let cur = state.currency.get();
            let money = |v: f64| amount(v, cur.as_deref());
            let k = &o.summary.kpis;
            let c = &o.summary.concentration;
            let simple = {
                let mut formula = format!("{} × {}", money(k.aov), number(k.orders_per_customer, 0, 2));
                if let Some(m) = k.margin {
                    formula.push_str(&format!(" × {}", percent(m)));
                }
                formula.push_str(&format!(" = {}", money(k.historical_clv)));
                formula
            };
            let uses_model = o
                .summary
                .models
                .as_ref()
                .is_some_and(|m| m.headline.model.is_some() && m.headline.new_customer_clv.is_some());
            let predicted = predicted_average(&o, cur.as_deref()).filter(|_| uses_model).map(|mean| {
                let total = o
                    .summary
                    .models
                    .as_ref()
                    .and_then(|m| m.headline.total_predicted_clv.as_ref())
                    .map(|e| super::with_range(e.value, e.range(), cur.as_deref()))
                    .unwrap_or_else(|| money(o.predicted_clv.total));
                (mean, total)
            });
            let model = o.summary.models.as_ref().and_then(|m| {
                Some(t_count(
                    "overview.predicted.how",
                    f64::from(m.clv_months),
                    &[
                        ("model", &super::headline::model_name(m.headline.model?)),
                        ("discount", &percent(m.discount_monthly)),
                    ],
                ))
            });
            let margin = k.margin;
            view! {
                {headline(&o, cur.as_deref())}
                <div class="clv-pair">
                    <article class="clv-card" data-testid="clv-simple">
                        <h3>{clv_label(t("overview.simple.title"), margin)}</h3>
                        <p class="big">{money(k.historical_clv)}</p>
                        <p class="formula">{simple}</p>
                        <p class="caption">
                            {if k.margin.is_some() {
                                t("overview.simple.how_margin")
                            } else {
                                t("overview.simple.how")
                            }}
                        </p>
                    </article>
                    <article class="clv-card" data-testid="clv-predicted">
                        <h3>{clv_label(t("overview.predicted.title"), margin)}</h3>
                        {match predicted {
                            Some((mean, total)) => {
                                view! {
                                    <p class="big" data-testid="clv-predicted-value">{mean}</p>
                                    <p class="formula">
                                        {t_with("overview.predicted.total", &[("total", &total)])}
                                    </p>
                                    <p class="caption">{model.unwrap_or_default()}</p>
                                }
                                    .into_any()
                            }
                            None if o.models_pending => {
                                view! {
                                    <p class="caption pending" data-testid="models-pending">
                                        {t("overview.predicted.pending")}
                                    </p>
                                }
                                    .into_any()
                            }
                            None => view! { <p class="caption">{t("overview.predicted.none")}</p> }.into_any(),
                        }}
                    </article>
                </div>
                <div class="tiles">
                    <Figure
                        label=t("overview.repeat_rate")
                        value=percent(k.repeat_customer_rate)
                        test_id="kpi-repeat-rate"
                    />
                    <Figure
                        label=t("overview.repeat_share")
                        value=percent(k.repeat_revenue_share)
                        test_id="kpi-repeat-share"
                    />
                    <Figure
                        label=t("overview.median_gap")
                        value=o
                            .summary
                            .median_days_between_purchases
                            .map_or_else(|| "—".to_string(), |d| number(d, 0, 1))
                        test_id="kpi-median-gap"
                    />
                    <Figure label=t_with("overview.top10", &[("pct", &percent(0.1))]) value=percent(c.top10_revenue_share) test_id="kpi-top10" />
                    <Figure label=t_with("overview.top20", &[("pct", &percent(0.2))]) value=percent(c.top20_revenue_share) test_id="kpi-top20" />
                </div>
                {super::levers::levers(&o, cur.as_deref())}
                <super::compare::ComparePanel />
                {how_made(&o)}
                <p class="caption">
                    {t_with(
                        "overview.period",
                        &[
                            ("first", &crate::format::date(k.first_order_date)),
                            ("last", &crate::format::date(k.last_order_date)),
                            ("date", &crate::format::date(o.summary.analysis_date)),
                        ],
                    )}
                </p>
            }
        })
    };
    view! {
        <KpiTiles />
        {body}
    }
}
