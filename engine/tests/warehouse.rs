//! The per-customer summary and its compressed tuples (what `clv sql` makes a warehouse
//! compute) give the models the transaction log's input: the fitted parameters are equal to
//! 1e-9 relative. The SQL itself is run in DuckDB and Spark by `tests/warehouse/run.py`; here
//! the summary is written from the engine's own `ModelData`, as the SQL writes it.

use crate::test_data;
use chrono::NaiveDate;
use clv_engine::import::generated_order_export;
use clv_engine::models::ModelData;
use clv_engine::{analyze, AnalysisOptions, ImportOptions, ModelOptions, ModelsReport, TimeUnit};
use std::collections::BTreeMap;
use std::fmt::Write;

fn options(end: NaiveDate, unit: TimeUnit) -> AnalysisOptions {
    AnalysisOptions::new()
        .analysis_date(end)
        .time_unit(unit)
        .import(ImportOptions::new().summary_period(unit, Some(end)))
        .models(ModelOptions::new().time_unit(unit))
}

/// `customer_id,frequency,recency,T,monetary_value` and the tuples with `customers`, written
/// with the shortest text that reads back to the same number (as the warehouse script does).
fn summary_and_tuples(log_bytes: &[u8], end: NaiveDate, unit: TimeUnit) -> (String, String) {
    let imported = clv_engine::read_orders(log_bytes, &ImportOptions::new()).unwrap();
    let data = ModelData::from_orders(&imported.log, end, unit);
    let mut summary = String::from("customer_id,frequency,recency,T,monetary_value\n");
    let mut tuples: BTreeMap<(u32, u64, u64, u64), u64> = BTreeMap::new();
    for c in &data.customers {
        let id = &imported.log.customers[c.customer as usize];
        let (x, r, t, m) = (c.frequency, c.recency, c.t, c.monetary_value);
        writeln!(summary, "{id},{x},{r},{t},{m}").unwrap();
        *tuples
            .entry((x, r.to_bits(), t.to_bits(), m.to_bits()))
            .or_default() += 1;
    }
    let mut compressed = String::from("frequency,recency,T,monetary_value,customers\n");
    for ((x, r, t, m), n) in tuples {
        let f = f64::from_bits;
        writeln!(compressed, "{x},{},{},{},{n}", f(r), f(t), f(m)).unwrap();
    }
    (summary, compressed)
}

fn models(bytes: &[u8], end: NaiveDate, unit: TimeUnit) -> ModelsReport {
    analyze(bytes, &options(end, unit))
        .unwrap()
        .summary
        .models
        .unwrap()
}

fn assert_same_fits(want: &ModelsReport, got: &ModelsReport, what: &str) {
    let close = |name: &str, a: f64, b: f64| {
        assert!(
            (a / b - 1.0).abs() <= 1e-9,
            "{what}: {name} {a} from the log, {b} from the summary"
        );
    };
    let (bg, gbg) = (want.bg_nbd.as_ref().unwrap(), got.bg_nbd.as_ref().unwrap());
    for (n, a, b) in [
        ("r", bg.params.r, gbg.params.r),
        ("alpha", bg.params.alpha, gbg.params.alpha),
        ("a", bg.params.a, gbg.params.a),
        ("b", bg.params.b, gbg.params.b),
    ] {
        close(n, a, b);
    }
    let (p, gp) = (
        want.pareto_nbd.as_ref().unwrap(),
        got.pareto_nbd.as_ref().unwrap(),
    );
    for (n, a, b) in [
        ("r", p.params.r, gp.params.r),
        ("alpha", p.params.alpha, gp.params.alpha),
        ("s", p.params.s, gp.params.s),
        ("beta", p.params.beta, gp.params.beta),
    ] {
        close(n, a, b);
    }
    let (g, gg) = (
        want.gamma_gamma.as_ref().unwrap(),
        got.gamma_gamma.as_ref().unwrap(),
    );
    for (n, a, b) in [
        ("p", g.params.p, gg.params.p),
        ("q", g.params.q, gg.params.q),
        ("v", g.params.v, gg.params.v),
    ] {
        close(n, a, b);
    }
}

fn check(log_bytes: &[u8], end: NaiveDate, unit: TimeUnit) {
    let want = models(log_bytes, end, unit);
    let (summary, tuples) = summary_and_tuples(log_bytes, end, unit);
    assert!(tuples.lines().count() < summary.lines().count());
    assert_same_fits(&want, &models(summary.as_bytes(), end, unit), "summary");
    assert_same_fits(&want, &models(tuples.as_bytes(), end, unit), "tuples");
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn cdnow_master_summary_and_tuples_fit_as_the_log() {
    let log = test_data::cdnow("CDNOW_master.txt");
    check(&log, day("1998-06-30"), TimeUnit::Days);
    check(&log, day("1997-09-30"), TimeUnit::Weeks);
}

#[test]
fn generated_log_summary_and_tuples_fit_as_the_log() {
    check(
        &generated_order_export(60_000),
        day("2024-12-31"),
        TimeUnit::Days,
    );
}

/// The issue's size: a generated log of 1 M rows (100,000 customers); about a minute.
#[test]
#[ignore]
fn generated_million_row_log_summary_and_tuples_fit_as_the_log() {
    check(
        &generated_order_export(1_000_000),
        day("2024-12-31"),
        TimeUnit::Weeks,
    );
}

#[test]
fn a_compressed_row_stands_for_its_customers() {
    let tuples = "frequency,recency,T,monetary_value,customers\n0,0,30,0,3\n2,10,30,5.5,2\n";
    let report = analyze(
        tuples.as_bytes(),
        &options(day("2024-01-31"), TimeUnit::Days),
    )
    .unwrap();
    assert_eq!(report.summary.kpis.customers, 5);
    let ids: Vec<&str> = report
        .customers
        .iter()
        .map(|c| c.customer_id.as_str())
        .collect();
    assert_eq!(ids.len(), 5);
    assert!(ids.contains(&"L2#1") && ids.contains(&"L3#2"), "{ids:?}");
    // A summary with ids and a customers column keeps each id, numbered.
    let named = "customer_id,frequency,recency,T,customers\nann,1,3,9,2\nbob,0,0,9,1\n";
    let report = analyze(
        named.as_bytes(),
        &options(day("2024-01-31"), TimeUnit::Days),
    )
    .unwrap();
    let mut ids: Vec<&str> = report
        .customers
        .iter()
        .map(|c| c.customer_id.as_str())
        .collect();
    ids.sort();
    assert_eq!(ids, ["ann#1", "ann#2", "bob"]);
}
