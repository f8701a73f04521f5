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
