//! The report's promise that a number is never `NaN` or infinite (docs/report.md,
//! "Conventions"): serde_json writes both as `null`, so a `null` where docs/report.md documents a
//! number is one. [`undocumented_nulls`] walks a report's JSON and lists every `null` whose field
//! is not documented as nullable. Shared with the CLI's tests (`cli/tests/`).

#![allow(dead_code)] // each test binary that includes this file uses part of it

use serde_json::Value;

/// Fields docs/report.md documents as `… or null` (or whose value a model may not give).
pub const NULLABLE: &[&str] = &[
    "column",
    "median_days_between_purchases",
    "margin",
    "from",
    "to",
    "quantity_threshold",
    "order_id",
    "quantity",
    "predicted_clv",
    "cac",
    "roi",
    "clv_to_cac",
    "models",
    "validation",
    "bg_nbd",
    "pareto_nbd",
    "gamma_gamma",
    "standard_errors",
    "payback_months",
    "preset",
    "header_line",
    "date_order",
    "p_alive",
    "expected_purchases",
    "expected_avg_value",
    "next_order_date",
    "pnbd_p_alive",
    "pnbd_expected_purchases",
    "pnbd_predicted_clv",
    "role",
    "predicted_clv_low",
    "predicted_clv_high",
    "value_if_active",
    "expected_value_lost",
    "bg_p_alive",
    "bg_expected_purchases",
    "bg_predicted_clv",
    "mbg_nbd",
    "mbg_p_alive",
    "mbg_expected_purchases",
    "mbg_predicted_clv",
    "model",
    "new_customer_clv",
    "total_predicted_clv",
    "hold_out_error",
    "covariance",
    "low",
    "high",
    "first_products",
    "other",
    "median_days_to_second_order",
    "twelve_month_clv",
    "second_order_product",
    "second_order_product_share",
];

/// Per-customer prediction fields and the models each needs: `null` is documented only where
/// one of them was not fitted (docs/report.md, "customers").
/// `headline` stands for the model the headline uses (`/models/headline/model`).
const PREDICTION_NEEDS: &[(&str, &[&str])] = &[
    ("p_alive", &["headline"]),
    ("expected_purchases", &["headline"]),
    ("predicted_clv", &["headline"]),
    ("value_if_active", &["headline"]),
    ("expected_value_lost", &["headline"]),
    ("expected_avg_value", &["gamma_gamma"]),
    ("bg_p_alive", &["bg_nbd"]),
    ("bg_expected_purchases", &["bg_nbd"]),
    ("bg_predicted_clv", &["bg_nbd", "gamma_gamma"]),
    ("mbg_p_alive", &["mbg_nbd"]),
    ("mbg_expected_purchases", &["mbg_nbd"]),
    ("mbg_predicted_clv", &["mbg_nbd", "gamma_gamma"]),
    ("pnbd_p_alive", &["pareto_nbd"]),
    ("pnbd_expected_purchases", &["pareto_nbd"]),
    ("pnbd_predicted_clv", &["pareto_nbd", "gamma_gamma"]),
];

/// Everything [`undocumented_nulls`] finds, plus every prediction left `null` although its
/// models were fitted (a horizon of 1e300 once gave that).
pub fn report_nulls(report: &Value) -> Vec<String> {
    let mut found = undocumented_nulls(report);
    let fitted = |model: &str| {
        let path = match model {
            "headline" => "/models/headline/model".to_string(),
            _ => format!("/models/{model}"),
        };
        report.pointer(&path).is_some_and(|m| !m.is_null())
    };
    let predictions = report.get("predictions").and_then(Value::as_array);
    for (i, prediction) in predictions.into_iter().flatten().enumerate() {
        for (field, models) in PREDICTION_NEEDS {
            if models.iter().all(|m| fitted(m)) && prediction.get(*field).is_none_or(Value::is_null)
            {
                found.push(format!("/predictions/{i}/{field}"));
            }
        }
    }
    found
}

/// The JSON paths (`/kpis/revenue`) of every `null` in `json` whose field may not be `null`, of
/// every number that is not finite (none can be, in JSON; kept for a `Value` built by hand), and
/// of every −0 (`-0.0`, which a page writes "-0": a sum of nothing in Rust is −0).
pub fn undocumented_nulls(json: &Value) -> Vec<String> {
    let mut found = Vec::new();
    walk(json, "", None, &mut found);
    found
}

fn walk(value: &Value, path: &str, key: Option<&str>, found: &mut Vec<String>) {
    match value {
        Value::Null => {
            let allowed = key.is_some_and(|k| NULLABLE.contains(&k));
            if !allowed {
                found.push(path.to_string());
            }
        }
        Value::Number(n) => {
            if n.as_f64()
                .is_some_and(|v| !v.is_finite() || (v == 0.0 && v.is_sign_negative()))
            {
                found.push(path.to_string());
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                // An array's items are numbers, objects or strings: never documented as null.
                walk(item, &format!("{path}/{i}"), None, found);
            }
        }
        Value::Object(fields) => {
            for (k, v) in fields {
                // `params` of warnings and skipped rows are strings; `skipped_rows[].column` may
                // be null; every other key follows the list above.
                walk(v, &format!("{path}/{k}"), Some(k), found);
            }
        }
        Value::Bool(_) | Value::String(_) => {}
    }
}

#[test]
fn a_prediction_is_null_only_without_its_model() {
    let fitted = serde_json::json!({
        "models": {"bg_nbd": {"r": 1.0}, "pareto_nbd": null, "gamma_gamma": null,
                   "headline": {"model": null}},
        "predictions": [{"bg_p_alive": null, "pnbd_p_alive": null, "bg_predicted_clv": null,
                         "p_alive": null}],
    });
    assert_eq!(
        report_nulls(&fitted),
        [
            "/predictions/0/bg_p_alive",
            "/predictions/0/bg_expected_purchases"
        ]
    );
    let headline = serde_json::json!({
        "models": {"headline": {"model": "mbg_nbd"}},
        "predictions": [{"p_alive": 0.5, "expected_purchases": 1.0, "predicted_clv": null,
                         "value_if_active": 2.0, "expected_value_lost": 1.0}],
    });
    assert_eq!(report_nulls(&headline), ["/predictions/0/predicted_clv"]);
}

#[test]
fn a_null_revenue_is_found_and_a_null_margin_is_not() {
    let json = serde_json::json!({
        "kpis": {"revenue": null, "margin": null, "gini": 0.5},
        "aov_buckets": [{"from": null, "to": 10.0, "revenue": null}],
        "cohorts": [{"retention": [1.0, null]}],
    });
    assert_eq!(
        undocumented_nulls(&json),
        [
            "/aov_buckets/0/revenue",
            "/cohorts/0/retention/1",
            "/kpis/revenue"
        ]
    );
}
