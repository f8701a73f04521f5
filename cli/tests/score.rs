//! `clv score`: predictions for a summary streamed row by row, in bounded memory, equal to the
//! report's.

mod test_data;

use assert_cmd::Command;
use std::fmt::Write;

fn clv(args: &[&str]) -> (String, String) {
    let out = Command::cargo_bin("clv")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

/// Peak resident memory of the children this process has waited for, in bytes.
fn children_peak_bytes() -> u64 {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct it is given.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    usage.ru_maxrss as u64 * 1024
}

#[test]
fn scores_equal_the_reports_predictions() {
    let dir = tempfile_dir("equal");
    let log = test_data::cdnow("cdnow_sample.csv");
    let base = [
        "--time-unit",
        "days",
        "--analysis-date",
        "1998-06-30",
        "--margin",
        "0.3",
    ];
    let (json, _) = clv(&[&["report", &log, "--format", "json"][..], &base[..]].concat());
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let report_path = dir.join("report.json");
    std::fs::write(&report_path, &json).unwrap();
    let mut summary = String::from("customer_id,frequency,recency,T,monetary_value\n");
    for c in report["customers"].as_array().unwrap() {
        writeln!(
            summary,
            "{},{},{},{},{}",
            c["customer_id"].as_str().unwrap(),
            c["frequency"],
            c["recency"],
            c["T"],
            c["monetary_value"]
        )
        .unwrap();
    }
    let summary_path = dir.join("summary.csv");
    std::fs::write(&summary_path, summary).unwrap();
    let predictions: std::collections::HashMap<&str, &serde_json::Value> = report["predictions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["customer_id"].as_str().unwrap(), p))
        .collect();
    let summary_arg = summary_path.to_str().unwrap();
    for args in [
        vec![
            "score",
            summary_arg,
            "--margin",
            "0.3",
            "--params",
            report_path.to_str().unwrap(),
        ],
        vec![
            "score",
            summary_arg,
            "--margin",
            "0.3",
            "--time-unit",
            "days",
        ],
    ] {
        let (scores, _) = clv(&args);
        let mut lines = scores.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let mut n = 0;
        for line in lines {
            let cells: Vec<&str> = line.split(',').collect();
            let want = predictions[cells[0]];
            for name in [
                "bg_p_alive",
                "bg_expected_purchases",
                "bg_predicted_clv",
                "pnbd_p_alive",
                "pnbd_predicted_clv",
            ] {
                let got: f64 = cells[header.iter().position(|h| *h == name).unwrap()]
                    .parse()
                    .unwrap();
                let want = want[name].as_f64().unwrap();
                assert!(
                    (got - want).abs() <= 1e-9 * want.abs().max(1e-12),
                    "{args:?} {} {name}: {got} vs {want}",
                    cells[0]
                );
            }
            n += 1;
        }
        assert_eq!(n, predictions.len());
    }
}

#[test]
fn a_large_summary_is_scored_in_bounded_memory() {
    let dir = tempfile_dir("large");
    let path = dir.join("summary.csv");
    let customers = 300_000u64;
    let mut text = String::from("customer_id,frequency,recency,T,monetary_value\n");
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for i in 0..customers {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let t = 1 + state % 730;
        let x = (state >> 20) % 4;
        let recency = if x > 0 { (state >> 30) % (t + 1) } else { 0 };
        let x = x.min(recency);
        let m = if x > 0 {
            5.0 + ((state >> 40) % 30_000) as f64 / 100.0
        } else {
            0.0
        };
        writeln!(text, "c{i},{x},{recency},{t},{m}").unwrap();
    }
    std::fs::write(&path, text).unwrap();
    let out = dir.join("scores.csv");
    let (_, note) = clv(&[
        "score",
        path.to_str().unwrap(),
        "--time-unit",
        "days",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(
        note.contains("distinct (frequency, recency, T) histories"),
        "{note}"
    );
    let scored = std::fs::read_to_string(&out).unwrap();
    assert_eq!(scored.lines().count() as u64, customers + 1);
    let peak = children_peak_bytes();
    assert!(peak < 200 << 20, "peak memory {} MB", peak >> 20);
}

#[test]
fn a_bad_cell_is_named_with_its_line_and_column() {
    let dir = tempfile_dir("bad");
    let path = dir.join("summary.csv");
    std::fs::write(&path, "customer_id,frequency,recency,T\na,1,2,3\nb,x,2,3\n").unwrap();
    let out = Command::cargo_bin("clv")
        .unwrap()
        .args(["score", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3, column 2 (frequency): `x`"), "{err}");
}

fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("clv-score-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
