//! `clv` on extreme values: bounded work, options refused beyond their limits with the limit
//! named, and a failure that says why with counts (issue 13, items 5 and 6).

#[path = "../../engine/tests/json_numbers.rs"]
mod json_numbers;

use assert_cmd::Command;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Writes `text` to a file of its own in the temporary folder.
fn file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("clv-bounds-{}-{name}", std::process::id()));
    std::fs::write(&path, text).unwrap();
    path
}

/// `clv report FILE ARGS…`: (success, stdout, stderr).
fn report(path: &PathBuf, args: &[&str]) -> (bool, String, String) {
    let out = Command::cargo_bin("clv")
        .unwrap()
        .arg("report")
        .arg(path)
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const CLEAN: &str = "customer_id,date,amount\na,2024-01-05,10\nb,2024-02-01,20\na,2024-03-01,5\n";

#[test]
fn years_1_and_9999_give_a_report_quickly_with_no_null_numbers() {
    let path = file(
        "years.csv",
        "customer_id,date,amount\na,0001-01-01,10\nb,0001-02-01,20\na,9999-12-01,5\nc,9999-12-31,7\nd,2024-05-01,3\n",
    );
    let start = Instant::now();
    let (ok, out, err) = report(&path, &["--format", "json"]);
    assert!(ok, "{err}");
    assert!(start.elapsed() < Duration::from_secs(20));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json_numbers::undocumented_nulls(&json),
        Vec::<String>::new()
    );
    assert_eq!(json["rows"]["skipped"], 4, "{out}");
    assert!(out.contains("date_out_of_range"));
}

#[test]
fn options_beyond_their_limits_are_refused_naming_option_value_and_limit() {
    let path = file("clean.csv", CLEAN);
    for (args, says) in [
        (
            &["--analysis-date", "9999-12-31"][..],
            "Option analysis-date: the analysis date must be between 1900-01-01 and 2200-12-31; got 9999-12-31.",
        ),
        (
            &["--analysis-date", "2020-01-01"][..],
            "the analysis date 2020-01-01 is before the file's first order (2024-01-05)",
        ),
        (
            &["--calibration-end", "1800-01-01"][..],
            "Option calibration-end: the calibration end must be between 1900-01-01 and 2200-12-31; got 1800-01-01.",
        ),
        (
            &["--horizon", "1e300"][..],
            "Option horizon: the horizon is counted in the models' days and must be more than 0 and at most 100 years (36525 days); got 1e300.",
        ),
        (
            &["--clv-months", "4000000000"][..],
            "Option clv-months: the predicted CLV covers at most 1200 months (100 years); got 4000000000.",
        ),
    ] {
        let start = Instant::now();
        let (ok, _, err) = report(&path, args);
        assert!(!ok, "{args:?}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(start.elapsed() < Duration::from_secs(20));
    }
}

#[test]
fn the_help_states_the_limits() {
    let out = Command::cargo_bin("clv")
        .unwrap()
        .args(["report", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for limit in [
        "1900-01-01 and 2200-12-31",
        "at most 100 years (36525 days or 5217.9 weeks)",
        "at most 1200 (100 years)",
    ] {
        assert!(help.contains(limit), "{limit}: {help}");
    }
}

#[test]
fn nothing_to_count_lists_the_reasons_with_counts_and_lines() {
    let rows: String = (0..30)
        .map(|i| format!("c{i},2024-01-05,10,10\n"))
        .collect();
    let path = file(
        "refunded.csv",
        &format!("customer_id,date,amount,refunded_amount\n{rows}"),
    );
    let (ok, _, err) = report(&path, &[]);
    assert!(!ok);
    assert!(
        err.contains("None of the file's 30 rows is an order that can be counted:\n  - 30 rows, lines 2–31, e.g. line 2, column `refunded_amount`: refunded 10 of 10: fully refunded, not a purchase"),
        "{err}"
    );
    let path = file("returns.csv", "customer_id,date,amount\na,2024-01-05,-3\n");
    let (_, _, err) = report(&path, &[]);
    assert!(
        err.contains("- 1 row is a return (a negative amount), with no order to count against"),
        "{err}"
    );
}

#[test]
fn a_map_to_a_missing_column_names_it_and_lists_the_columns() {
    let path = file("map.csv", CLEAN);
    let (ok, _, err) = report(&path, &["--map", "amount=Betrag"]);
    assert!(!ok);
    assert!(
        err.contains("Line 1: the column `Betrag` given for the amount is not in the file. Its columns are: customer_id, date, amount."),
        "{err}"
    );
}
