//! `clv sql`: the warehouse SQL, per dialect (its results are checked against `clv` by
//! tests/warehouse/run.py, which runs it in DuckDB and Spark).

use assert_cmd::Command;

fn sql(args: &[&str]) -> String {
    let out = Command::cargo_bin("clv")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const TABLE: [&str; 8] = [
    "--table",
    "orders",
    "--customer",
    "customer_id",
    "--date",
    "date",
    "--amount",
    "amount",
];

#[test]
fn each_dialect_gets_its_own_day_difference_and_quoting() {
    for (dialect, diff, t) in [
        ("duckdb", "date_diff('day',", "\"T\""),
        ("spark", "datediff(", "`T`"),
        ("bigquery", "DATE_DIFF(", "`T`"),
        ("snowflake", "DATEDIFF(day,", "\"T\""),
        (
            "postgres",
            "(MAX(\"as_of\") - MIN(\"order_date\"))",
            "\"T\"",
        ),
    ] {
        let mut args = vec!["sql", "summary", "--dialect", dialect];
        args.extend(TABLE);
        let text = sql(&args);
        assert!(text.contains(diff), "{dialect}: {text}");
        assert!(text.contains(&format!("AS {t}")), "{dialect}");
    }
}

#[test]
fn tuples_count_customers_and_weeks_divide_by_seven() {
    let mut args = vec![
        "sql",
        "tuples",
        "--dialect",
        "postgres",
        "--time-unit",
        "weeks",
    ];
    args.extend(TABLE);
    let text = sql(&args);
    assert!(text.contains("COUNT(*) AS \"customers\""));
    assert!(text.contains("CAST(7 AS DOUBLE PRECISION)"));
}

#[test]
fn counted_statuses_need_the_status_column() {
    let mut args = vec![
        "sql",
        "summary",
        "--dialect",
        "duckdb",
        "--counted-status",
        "paid",
    ];
    args.extend(TABLE);
    let out = Command::cargo_bin("clv")
        .unwrap()
        .args(&args)
        .output()
        .unwrap();
    assert!(!out.status.success());
}
