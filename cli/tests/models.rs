//! `clv report` with the model flags, on the CDNOW sample (tests/data/cdnow/).

mod test_data;

use assert_cmd::Command;

/// The CDNOW 1/10 sample.
fn sample() -> String {
    test_data::cdnow("cdnow_sample.csv")
}

fn clv() -> Command {
    Command::cargo_bin("clv").unwrap()
}

#[test]
fn report_with_calibration_end_shows_the_published_fits_and_the_validation() {
    let out = clv()
        .args([
            "report",
            &sample(),
            "--calibration-end",
            "1997-09-30",
            "--time-unit",
            "weeks",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    // FHL (2005): BG/NBD r 0.243, α 4.414, a 0.793, b 2.426; hold-out 1,882 repeat purchases.
    assert!(
        text.contains("r 0.243, alpha 4.414, a 0.793, b 2.426"),
        "{text}"
    );
    assert!(text.contains("p 6.25, q 3.74, v 15.44"), "{text}");
    assert!(text.contains("against 1882 that happened"), "{text}");
}

#[test]
fn json_report_has_models_validation_and_predictions() {
    let out = clv()
        .args([
            "report",
            &sample(),
            "--format",
            "json",
            "--calibration-end",
            "1997-09-30",
            "--time-unit",
            "weeks",
            "--horizon",
            "52",
            "--clv-months",
            "24",
            "--discount-monthly",
            "0.02",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let models = &json["models"];
    assert_eq!(models["horizon"], 52.0);
    assert_eq!(models["clv_months"], 24);
    assert!(models["bg_nbd"]["converged"].as_bool().unwrap());
    assert!(models["pareto_nbd"]["log_likelihood"].as_f64().unwrap() < -9594.9);
    assert_eq!(json["validation"]["actual_repeat_purchases"], 1882);
    assert_eq!(json["predictions"].as_array().unwrap().len(), 2357);
}

#[test]
fn no_models_skips_them_and_bad_rates_are_refused() {
    let out = clv()
        .args(["report", &sample(), "--format", "json", "--no-models"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["models"].is_null());
    let out = clv()
        .args(["report", &sample(), "--discount-monthly=-3"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--discount-monthly"));
}

/// `clv report public/sample-orders.csv --format json --margin <m>`.
fn sample_report_at_margin(margin: &str) -> serde_json::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/sample-orders.csv");
    let out = clv()
        .args(["report", path, "--format", "json", "--margin", margin])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// True for a CLV figure: a field named `…clv`, `…clv_low` or `…clv_high`, the value and range
/// of a CLV estimate (`new_customer_clv.low`), the value if active, the expected value lost
/// the win-back value (an expected value lost once a model ranks the list) and the worth of
/// acting on a segment.
fn is_clv(path: &[String]) -> bool {
    let key = path.last().map(String::as_str).unwrap_or("");
    let parent = path.iter().rev().nth(1).map(String::as_str).unwrap_or("");
    key.ends_with("clv")
        || key.ends_with("clv_low")
        || key.ends_with("clv_high")
        || (parent.ends_with("clv") && ["value", "low", "high"].contains(&key))
        || ["value_if_active", "expected_value_lost"].contains(&key)
        || (path.first().is_some_and(|p| p == "win_back") && key == "value")
        // A segment's and the win-back list's worth: a sum of predicted CLVs or expected
        // values lost once a model gives them (the sample's case).
        || key == "worth"
}

/// Walks two reports side by side: every CLV figure of `scaled` is `factor` × the one of `base`
/// and every other number is the same, except the margin itself and what is computed from
/// a CLV and the CAC (ROI, CLV : CAC, payback). Returns how many CLV figures were compared.
fn walk(
    base: &serde_json::Value,
    scaled: &serde_json::Value,
    factor: f64,
    path: &mut Vec<String>,
) -> usize {
    use serde_json::Value;
    match (base, scaled) {
        (Value::Object(a), Value::Object(b)) => {
            assert_eq!(a.len(), b.len(), "/{}", path.join("/"));
            let mut n = 0;
            for (k, v) in a {
                path.push(k.clone());
                n += walk(v, &b[k], factor, path);
                path.pop();
            }
            n
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "/{}", path.join("/"));
            let mut n = 0;
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                path.push(i.to_string());
                n += walk(x, y, factor, path);
                path.pop();
            }
            n
        }
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            let key = path.last().map(String::as_str).unwrap_or("");
            if is_clv(path) {
                assert!(
                    (b - factor * a).abs() <= 1e-9 * a.abs().max(1.0),
                    "/{}: {b} is not {factor} × {a}",
                    path.join("/")
                );
                1
            } else {
                if !["margin", "roi", "clv_to_cac", "payback_months"].contains(&key) {
                    assert_eq!(a, b, "/{}", path.join("/"));
                }
                0
            }
        }
        (a, b) => {
            // Strings, booleans, nulls: the same in both (a margin given against none aside).
            if path.last().is_some_and(|k| k != "margin") {
                assert_eq!(a, b, "/{}", path.join("/"));
            }
            0
        }
    }
}

#[test]
fn every_clv_is_on_the_margin_basis() {
    let full = sample_report_at_margin("1");
    let profit = sample_report_at_margin("0.3");
    let compared = walk(&full, &profit, 0.3, &mut Vec::new());
    // Historical CLV, the segments' CLVs, and per customer the predicted CLV, its range, the
    // value if active and the value lost, for every model.
    let customers = full["customers"].as_array().unwrap().len();
    assert!(
        compared > 4 * customers,
        "{compared} CLV figures for {customers} customers"
    );
    assert!(full["models"]["headline"]["total_predicted_clv"]["low"].is_f64());
    assert!(full["predictions"][0]["predicted_clv_low"].is_f64());
    assert!(full["predictions"][0]["predicted_clv_high"].is_f64());
}
