//! `clv` on real files: the original CDNOW file (tests/data/cdnow/), a Windows-1251
//! semicolon export with flags, and the preview.

mod test_data;

use assert_cmd::Command;
use test_data::{cdnow, engine_fixture};

fn clv() -> Command {
    Command::cargo_bin("clv").unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = clv().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn report_reads_the_original_cdnow_file() {
    let file = cdnow("CDNOW_master.txt");
    let r = json(&["report", &file, "--format", "json"]);
    assert_eq!(r["kpis"]["customers"], 23_570);
    assert_eq!(r["rows"]["total"], 69_659);
    assert_eq!(r["rows"]["imported"], 69_659);
    assert_eq!(r["kpis"]["first_order_date"], "1997-01-01");
    assert_eq!(r["kpis"]["last_order_date"], "1998-06-30");
    assert!(r["kpis"]["revenue"].is_number());
    assert_eq!(r["import"]["delimiter"], "spaces");
}

/// The file is streamed in 1 MiB chunks, from a pipe too: the CDNOW file (1.9 MB, two chunks)
/// piped to `/dev/stdin` gives the report of the file itself, its first bytes not taken by
/// the check for Parquet.
#[test]
fn report_of_a_pipe_is_the_report_of_the_file() {
    let file = cdnow("CDNOW_master.txt");
    let direct = clv()
        .args(["report", &file, "--format", "json"])
        .output()
        .unwrap();
    assert!(direct.status.success());
    let piped = clv()
        .args(["report", "/dev/stdin", "--format", "json"])
        .write_stdin(std::fs::read(&file).unwrap())
        .output()
        .unwrap();
    assert!(
        piped.status.success(),
        "{}",
        String::from_utf8_lossy(&piped.stderr)
    );
    assert_eq!(piped.stdout, direct.stdout);
}

#[test]
fn report_with_import_flags_and_skipped_rows_csv() {
    let file = engine_fixture("windows1251_semicolon.csv");
    let skipped = std::env::temp_dir().join(format!("clv-skipped-{}.csv", std::process::id()));
    let r = json(&[
        "report",
        &file,
        "--format",
        "json",
        "--encoding",
        "windows-1251",
        "--delimiter",
        ";",
        "--map",
        "customer=Контрагент,amount=Сумма",
        "--date-order",
        "day-first",
        "--skipped-csv",
        skipped.to_str().unwrap(),
    ]);
    // `Иванов Иван` and `иванов иван` are two customers: ids are compared as written.
    assert_eq!(r["kpis"]["customers"], 4);
    assert_eq!(r["import"]["encoding_source"], "chosen");
    let csv = std::fs::read_to_string(&skipped).unwrap();
    let _ = std::fs::remove_file(&skipped);
    assert_eq!(csv, "line,column,reason\r\n");
}

#[test]
fn preview_prints_the_decisions() {
    let file = engine_fixture("shopify_orders.csv");
    let p = json(&["preview", &file]);
    assert_eq!(p["info"]["preset"], "shopify");
    assert_eq!(p["rows"][0]["customer"], "ann@example.com");
}

#[test]
fn a_bad_map_is_a_plain_message() {
    let file = engine_fixture("cdnow_small.txt");
    let out = clv()
        .args(["report", &file, "--map", "colour=3"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a column role"));
}

#[test]
fn preview_shows_a_file_whose_columns_are_not_known_and_says_how_to_name_them() {
    let dir = std::env::temp_dir().join(format!("clv-preview-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("kunden.csv");
    std::fs::write(
        &file,
        "Asiakas;Päivämäärä;Loppusumma\nAnna;05.03.2024;12,50\nBen;06.03.2024;7,00\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    let out = clv().args(["preview", file]).output().unwrap();
    assert!(out.status.success(), "a preview is shown, not refused");
    let p: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        p["headers"],
        serde_json::json!(["Asiakas", "Päivämäärä", "Loppusumma"])
    );
    assert_eq!(
        p["missing"],
        serde_json::json!(["customer", "date", "amount"])
    );
    assert_eq!(p["rows"][1]["cells"][0], "Ben");
    assert_eq!(p["rows"][1]["line"], 3);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("customer, date, amount")
            && said.contains("--map customer=Asiakas,date=Päivämäärä,amount=Loppusumma"),
        "{said}"
    );
    // Named as the hint says, the file is read: nothing missing, nothing said.
    let out = clv()
        .args([
            "preview",
            file,
            "--map",
            "customer=Asiakas,date=Päivämäärä,amount=Loppusumma",
        ])
        .output()
        .unwrap();
    let p: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["missing"], serde_json::json!([]));
    assert_eq!(p["rows"][0]["amount"], 12.5);
    assert!(out.stderr.is_empty());
    // The report still refuses it, with the role it lacks.
    let out = clv().args(["report", file]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no customer column"));
    // A header with spaces is quoted in the example, for the shell.
    let spaced = dir.join("kas.csv");
    std::fs::write(&spaced, "Kas pirka;Kad pirka;Cik\nA;05.03.2024;1\n").unwrap();
    let out = clv()
        .args(["preview", spaced.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("--map 'customer=Kas pirka,date=Kad pirka,amount=Cik'"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn report_writes_contact_lists_per_segment_and_tool() {
    let file = engine_fixture("shopify_orders.csv");
    let dir = std::env::temp_dir().join(format!("clv-contacts-{}", std::process::id()));
    let r = json(&[
        "report",
        &file,
        "--format",
        "json",
        "--no-models",
        "--contacts-dir",
        dir.to_str().unwrap(),
        "--contacts-tool",
        "mailchimp,shopify",
    ]);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // One file per non-empty segment and the win-back list, per tool asked for.
    let segments = r["rfm"]["segments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["customers"].as_u64() > Some(0))
        .count();
    assert_eq!(names.len(), (segments + 1) * 2, "{names:?}");
    assert!(names.contains(&"win-back-shopify.csv".to_string()));
    assert!(!names.iter().any(|n| n.contains("klaviyo")));
    let first = r["rfm"]["segments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["customers"].as_u64() > Some(0))
        .unwrap();
    let name = first["segment"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .replace(' ', "-");
    let text = std::fs::read_to_string(dir.join(format!("{name}-mailchimp.csv"))).unwrap();
    assert!(text.starts_with("Email Address,First Name,Last Name,Tags,"));
    assert_eq!(
        text.lines().count() as u64 - 1,
        first["customers_with_email"].as_u64().unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
