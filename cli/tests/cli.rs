//! The `clv` binary end to end.

mod test_data;

use assert_cmd::Command;

fn cdnow() -> String {
    test_data::cdnow("cdnow_sample.csv")
}

/// `clv calc` with the reference example of PRODUCT.md: AOV 90, 3 purchases, CAC 6, margin 20 %.
fn reference_calc() -> Command {
    let mut calc = Command::cargo_bin("clv").unwrap();
    calc.args([
        "calc",
        "--aov",
        "90",
        "--purchases",
        "3",
        "--cac",
        "6",
        "--margin",
        "0.2",
    ]);
    calc
}

/// What `command` printed, once it has succeeded (its error output is shown when it failed).
fn succeeded(command: &mut Command) -> Vec<u8> {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn calc_reference_example_gives_52_8_in_json() {
    // (90 × 3 − 6) × 0.2 = 52.80 (PRODUCT.md reference example)
    let out = reference_calc()
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["clv"], serde_json::json!(52.8));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"clv\": 52.8,"));
    assert_eq!(json["levers"].as_array().unwrap().len(), 4);
}

#[test]
fn calc_text_and_a_typed_error() {
    let out = reference_calc().output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("CLV:                  52.80"), "{text}");
    let out = Command::cargo_bin("clv")
        .unwrap()
        .args(["calc", "--aov", "90", "--purchases", "3", "--margin", "20"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("between 0 and 1"));
}

#[test]
fn customers_csv_of_cdnow() {
    let stdout = succeeded(
        Command::cargo_bin("clv")
            .unwrap()
            .arg("customers")
            .arg(cdnow())
            .args(["--time-unit", "weeks", "--analysis-date", "1998-06-30"]),
    );
    let text = String::from_utf8(stdout).unwrap();
    // The same line ends as every file the app downloads (RFC 4180), the last line's too.
    assert_eq!(text.matches("\r\n").count(), text.matches('\n').count());
    assert!(text.ends_with("\r\n"));
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "customer_id,orders,revenue,aov,first_order,last_order,annual_spend,frequency,recency,T,\
         monetary_value,r_score,f_score,m_score,rfm_cell,segment,p_alive,expected_purchases,\
         expected_avg_value,predicted_clv,predicted_clv_low,predicted_clv_high,expected_value_lost,\
         pnbd_p_alive,pnbd_expected_purchases,pnbd_predicted_clv"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2357);
    // The models were fitted: every customer has a P(alive) in [0, 1] (column 17) and a
    // predicted CLV inside its range (columns 20–22).
    for row in &rows {
        let cells: Vec<f64> = row
            .split(',')
            .skip(16)
            .map(|c| c.parse().unwrap())
            .collect();
        assert!((0.0..=1.0).contains(&cells[0]), "{row}");
        let (clv, low, high) = (cells[3], cells[4], cells[5]);
        assert!(low <= clv && clv <= high, "{row}");
    }
}

#[test]
fn json_is_one_line_unless_pretty_and_the_same_value_either_way() {
    let report = |extra: &[&str]| {
        let mut command = Command::cargo_bin("clv").unwrap();
        command
            .arg("report")
            .arg(cdnow())
            .args(["--format", "json", "--no-models"])
            .args(extra);
        String::from_utf8(succeeded(&mut command)).unwrap()
    };
    let (compact, pretty) = (report(&[]), report(&["--pretty"]));
    assert_eq!(compact.lines().count(), 1, "compact JSON is one line");
    assert!(compact.ends_with('\n') && pretty.ends_with('\n'));
    assert!(pretty.lines().count() > 100, "indented");
    let parse = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    assert_eq!(parse(&compact), parse(&pretty));
    let mut customers = Command::cargo_bin("clv").unwrap();
    customers
        .arg("customers")
        .arg(cdnow())
        .args(["--format", "json", "--no-models"]);
    let rows = String::from_utf8(succeeded(&mut customers)).unwrap();
    assert_eq!(rows.lines().count(), 1);
    assert!(parse(&rows).as_array().is_some_and(|rows| !rows.is_empty()));
}

#[test]
fn report_options_reach_the_engine() {
    let out = Command::cargo_bin("clv")
        .unwrap()
        .arg("report")
        .arg(cdnow())
        .args([
            "--format",
            "json",
            "--margin",
            "0.3",
            "--segment-by",
            "nothing",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["kpis"]["margin"], serde_json::json!(0.3));
    let codes: Vec<&str> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["code"].as_str())
        .collect();
    assert!(codes.contains(&"segment_column_not_found"), "{codes:?}");
    let bad = Command::cargo_bin("clv")
        .unwrap()
        .arg("report")
        .arg(cdnow())
        .args(["--cac", "ads"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
}

#[test]
fn own_rfm_rules_from_a_file() {
    // One rule for the best spenders; everyone else is "Other".
    let dir = std::env::temp_dir().join(format!("clv-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rules = dir.join("rules.json");
    std::fs::write(
        &rules,
        r#"[{"name": "Whales", "monetary": {"min": 5, "max": 5}}]"#,
    )
    .unwrap();
    let stdout = succeeded(
        Command::cargo_bin("clv")
            .unwrap()
            .arg("report")
            .arg(cdnow())
            .arg("--format=json")
            .arg("--rfm-rules")
            .arg(&rules),
    );
    let json: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    let names: Vec<&str> = json["rfm"]["segments"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["segment"].as_str())
        .collect();
    assert_eq!(names, ["Whales", "Other"]);
    std::fs::remove_dir_all(&dir).unwrap();
}
