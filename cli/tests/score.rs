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

/// The CDNOW sample's report (days, as of 1998-06-30, margin 0.3) as JSON and its
/// per-customer summary as CSV, in `dir`.
fn cdnow_summary(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
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
    (report_path, summary_path)
}

#[test]
fn scores_equal_the_reports_predictions() {
    let dir = tempfile_dir("equal");
    let (report_path, summary_path) = cdnow_summary(&dir);
    let json = std::fs::read_to_string(&report_path).unwrap();
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let predictions: std::collections::HashMap<&str, &serde_json::Value> = report["predictions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["customer_id"].as_str().unwrap(), p))
        .collect();
    let summary_arg = summary_path.to_str().unwrap();
    let headline = &report["models"]["headline"];
    assert_eq!(headline["model"], "mbg_nbd", "{headline}");
    let mut ranges = 0;
    for args in [
        // The report's own fits, headline, margin and cut-off.
        vec![
            "score",
            summary_arg,
            "--params",
            report_path.to_str().unwrap(),
        ],
        // Fitted again on the summary, row by row.
        vec![
            "score",
            summary_arg,
            "--margin",
            "0.3",
            "--time-unit",
            "days",
            "--summary-end",
            "1998-06-30",
        ],
    ] {
        let (scores, note) = clv(&args);
        assert!(note.contains("headline model"), "{note}");
        let mut lines = scores.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!(header, PREDICTION_COLUMNS);
        let mut n = 0;
        for line in lines {
            let cells: Vec<&str> = line.split(',').collect();
            let want = predictions[cells[0]];
            for (name, cell) in header.iter().zip(&cells).skip(6) {
                let want = &want[*name];
                if *name == "next_order_date" {
                    assert_eq!(*cell, want.as_str().unwrap_or(""), "{args:?} {}", cells[0]);
                    continue;
                }
                let Some(want) = want.as_f64() else {
                    assert_eq!(*cell, "", "{args:?} {} {name}", cells[0]);
                    continue;
                };
                let got: f64 = cell.parse().unwrap();
                // A refit's covariance is the inverse of a Hessian by differences: its ranges
                // agree to 1e-7, the rest to 1e-9.
                let refit = args.contains(&"--summary-end");
                let range = name.ends_with("_low") || name.ends_with("_high");
                let tolerance = if refit && range { 1e-7 } else { 1e-9 };
                assert!(
                    (got - want).abs() <= tolerance * want.abs().max(1e-12),
                    "{args:?} {} {name}: {got} vs {want}",
                    cells[0]
                );
                ranges += usize::from(*name == "predicted_clv_low");
            }
            n += 1;
        }
        assert_eq!(n, predictions.len());
    }
    assert_eq!(ranges, 2 * predictions.len());
}

/// The columns of `clv score`: the input's, then the report's predictions (docs/report.md).
const PREDICTION_COLUMNS: [&str; 24] = [
    "customer_id",
    "frequency",
    "recency",
    "T",
    "monetary_value",
    "customers",
    "p_alive",
    "expected_purchases",
    "expected_avg_value",
    "predicted_clv",
    "predicted_clv_low",
    "predicted_clv_high",
    "value_if_active",
    "expected_value_lost",
    "next_order_date",
    "bg_p_alive",
    "bg_expected_purchases",
    "bg_predicted_clv",
    "mbg_p_alive",
    "mbg_expected_purchases",
    "mbg_predicted_clv",
    "pnbd_p_alive",
    "pnbd_expected_purchases",
    "pnbd_predicted_clv",
];

/// Reads a Parquet file with the crate's record API: each row's cells as the CSV writes them.
fn parquet_rows(path: &std::path::Path) -> (Vec<String>, Vec<Vec<String>>) {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    let names = reader
        .metadata()
        .file_metadata()
        .schema()
        .get_fields()
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    let rows = reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            row.unwrap()
                .get_column_iter()
                .map(|(_, field)| match field {
                    Field::Null => String::new(),
                    Field::Str(s) => s.clone(),
                    Field::Long(v) => v.to_string(),
                    Field::Double(v) => v.to_string(),
                    Field::Date(_) => field.to_string(),
                    other => panic!("unexpected type: {other:?}"),
                })
                .collect()
        })
        .collect();
    (names, rows)
}

#[test]
fn parquet_in_and_out_equals_csv() {
    let dir = tempfile_dir("parquet");
    let (_, summary) = cdnow_summary(&dir);
    let flags = ["--time-unit", "days", "--summary-end", "1998-06-30"];
    let score = |input: &std::path::Path, extra: &[&str]| {
        clv(&[&["score", input.to_str().unwrap()][..], &flags[..], extra].concat()).0
    };
    let csv = score(&summary, &[]);
    let csv_rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    // Written as Parquet (by the name's extension) and read back by the crate: the same cells.
    let out = dir.join("scores.parquet");
    score(&summary, &["-o", out.to_str().unwrap()]);
    let (names, rows) = parquet_rows(&out);
    assert_eq!(names, csv_rows[0]);
    assert_eq!(rows.len(), csv_rows.len() - 1);
    for (got, want) in rows.iter().zip(&csv_rows[1..]) {
        assert_eq!(got, want);
    }
    // The Parquet file read as a summary (its first six columns are one) scores the same.
    assert_eq!(score(&out, &[]), csv);
    // --output-format overrides the extension.
    let named_csv = dir.join("scores.parquet.csv");
    score(
        &summary,
        &[
            "-o",
            named_csv.to_str().unwrap(),
            "--output-format",
            "parquet",
        ],
    );
    assert_eq!(&std::fs::read(&named_csv).unwrap()[..4], b"PAR1");
    // clv report reads a Parquet summary like its CSV.
    let report = |input: &std::path::Path| {
        let (json, _) = clv(&[
            "report",
            input.to_str().unwrap(),
            "--time-unit",
            "days",
            "--summary-end",
            "1998-06-30",
            "--format",
            "json",
        ]);
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        json["models"]["mbg_nbd"].clone()
    };
    assert_eq!(report(&out), report(&summary));
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
    // Without the summary's end, the next order cannot be dated: said, and the column empty.
    assert!(note.contains("no next_order_date"), "{note}");
    let scored = std::fs::read_to_string(&out).unwrap();
    let second: Vec<&str> = scored.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(second[14], "", "{second:?}");
    assert!(second[9].parse::<f64>().is_ok(), "{second:?}");
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
    // A file that starts as Parquet but is not one: said, not a crash.
    std::fs::write(&path, b"PAR1 and then nothing of the format").unwrap();
    let out = Command::cargo_bin("clv")
        .unwrap()
        .args(["score", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a Parquet file we can read"), "{err}");
}

fn tempfile_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("clv-score-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
