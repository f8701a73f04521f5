//! Every case of the hostile corpus (`tests/hostile/generate.py`) through the real `clv`:
//! no panic, bounded time and memory, rows that add up, no `null`/NaN/infinity where the report
//! promises a number, formula-safe customer exports, and a plain message when a file or an
//! option is refused.
//!
//! One test, the cases one after another, so the time each takes and the peak memory of the
//! child processes are measured without other tests running beside them in this binary.

#[path = "../../engine/tests/json_numbers.rs"]
mod json_numbers;

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A file of this size or less is analysed within [`SMALL_FILE_TIME`] (issue 13's acceptance).
const SMALL_FILE_BYTES: u64 = 1 << 20;
const SMALL_FILE_TIME: Duration = Duration::from_secs(2);
/// The bound for the few larger cases (a 10 MB line, a 3 MB field).
const LARGE_FILE_TIME: Duration = Duration::from_secs(10);
/// Peak resident memory of any `clv` run, whatever the file.
const MAX_RSS_BYTES: u64 = 200 << 20;
/// A run still going after this is killed and reported as a hang.
const KILL_AFTER: Duration = Duration::from_secs(60);

#[derive(Debug, serde::Deserialize)]
struct Case {
    name: String,
    category: String,
    file: String,
    args: Vec<String>,
    expect: String,
    data_rows: Option<u64>,
    bytes: u64,
}

fn corpus() -> (PathBuf, Vec<Case>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hostile");
    let status = Command::new("python3")
        .arg(root.join("tests/hostile/generate.py"))
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .expect("python3 runs the corpus generator");
    assert!(status.success(), "the corpus generator failed");
    let manifest = fs::read_to_string(out.join("manifest.json")).unwrap();
    let cases: Vec<Case> = serde_json::from_str(&manifest).unwrap();
    (out, cases)
}

/// Peak resident memory of every child waited for so far, in bytes.
fn children_peak_rss() -> u64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(ok, 0);
    u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Runs `clv` with `args`, its output going to files (no pipe to fill), killed after
/// [`KILL_AFTER`].
fn run(dir: &Path, args: &[String]) -> Run {
    let out_path = dir.join("stdout.txt");
    let err_path = dir.join("stderr.txt");
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_clv"))
        .args(args)
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > KILL_AFTER {
            child.kill().ok();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = started.elapsed();
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&fs::read(&out_path).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&fs::read(&err_path).unwrap()).into_owned(),
        took,
    }
}

fn number(value: &Value, pointer: &str) -> u64 {
    value
        .pointer(pointer)
        .and_then(Value::as_u64)
        .unwrap_or(u64::MAX)
}

/// What is wrong with the report a successful run printed.
fn check_report(case: &Case, report: &str, problems: &mut Vec<String>) {
    let report: Value = match serde_json::from_str(report) {
        Ok(report) => report,
        Err(e) => return problems.push(format!("the JSON does not parse: {e}")),
    };
    let total = number(&report, "/rows/total");
    let parts = ["imported", "merged", "skipped"]
        .iter()
        .map(|part| number(&report, &format!("/rows/{part}")))
        .fold(0u64, u64::saturating_add);
    if total != parts {
        problems.push(format!(
            "rows do not add up: total {total} ≠ imported + merged + skipped {parts}"
        ));
    }
    if let Some(expected) = case.data_rows {
        if total != expected {
            problems.push(format!(
                "the file has {expected} data rows, the report counts {total}"
            ));
        }
    }
    let listed = report
        .get("skipped_rows")
        .and_then(Value::as_array)
        .map_or(0, Vec::len) as u64;
    if listed == 0 && number(&report, "/rows/skipped") > 0 {
        problems.push("rows were skipped but none is listed".into());
    }
    let nulls = json_numbers::report_nulls(&report);
    if !nulls.is_empty() {
        problems.push(format!("null where a number is documented: {nulls:?}"));
    }
}

/// The first field of a CSV line, as written (quotes kept).
fn first_field(line: &str) -> &str {
    if let Some(rest) = line.strip_prefix('"') {
        let mut end = 0;
        let bytes = rest.as_bytes();
        while end < bytes.len() {
            if bytes[end] == b'"' {
                if bytes.get(end + 1) == Some(&b'"') {
                    end += 2;
                    continue;
                }
                break;
            }
            end += 1;
        }
        &rest[..end]
    } else {
        line.split(',').next().unwrap_or("")
    }
}

/// Customer ids in `clv customers`' CSV that a spreadsheet would run as a formula.
fn formula_cells(csv: &str) -> Vec<String> {
    csv.lines()
        .skip(1)
        .map(first_field)
        .filter(|cell| cell.starts_with(['=', '+', '-', '@', '\t', '\r']))
        .map(str::to_string)
        .collect()
}

#[test]
fn no_hostile_file_crashes_hangs_or_loses_rows() {
    let (dir, cases) = corpus();
    assert!(cases.len() >= 100, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    let mut peak = children_peak_rss();
    for case in &cases {
        let file = dir.join(&case.file).to_string_lossy().into_owned();
        let mut args = vec![
            "report".to_string(),
            file.clone(),
            "--format".into(),
            "json".into(),
        ];
        args.extend(case.args.iter().cloned());
        let run = run(&dir, &args);
        let mut problems = Vec::new();
        match run.code {
            None => problems.push("killed by a signal (abort, out of memory or hang)".into()),
            Some(101) => problems.push("panicked".into()),
            Some(_) if run.stderr.contains("panicked") => problems.push("panicked".into()),
            Some(0) => check_report(case, &run.stdout, &mut problems),
            Some(_) if run.stderr.trim().is_empty() => {
                problems.push("refused without a message".into())
            }
            Some(_) => {}
        }
        match (case.expect.as_str(), run.code) {
            ("ok", Some(code)) if code != 0 => problems.push(format!(
                "expected a report, got exit {code}: {}",
                run.stderr.trim()
            )),
            ("refused", Some(0)) => problems.push("expected a refusal, got a report".into()),
            _ => {}
        }
        let limit = if case.bytes <= SMALL_FILE_BYTES {
            SMALL_FILE_TIME
        } else {
            LARGE_FILE_TIME
        };
        if run.took > limit {
            problems.push(format!("took {:.2?} (limit {limit:?})", run.took));
        }
        let now = children_peak_rss();
        if now > peak && now > MAX_RSS_BYTES {
            problems.push(format!("peak memory {} MB", now >> 20));
        }
        peak = peak.max(now);
        if run.code == Some(0) && case.category == "identities" {
            let mut customers = vec!["customers".to_string(), file];
            customers.extend(case.args.iter().cloned());
            let export = self::run(&dir, &customers);
            let unsafe_cells = formula_cells(&export.stdout);
            if export.code != Some(0) || !unsafe_cells.is_empty() {
                problems.push(format!(
                    "customers CSV: exit {:?}, formula cells {unsafe_cells:?}",
                    export.code
                ));
            }
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{} ({}): {}",
                case.name,
                case.file,
                problems.join("; ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} hostile cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn formula_cells_are_found() {
    let csv = "customer_id,orders\n\"=1+1\",2\n'=2,1\n\"a,b\",1\n@x,1\n";
    assert_eq!(formula_cells(csv), vec!["=1+1", "@x"]);
}
