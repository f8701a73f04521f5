//! Work bounded by the data's size, not its values; options refused beyond their limits; every
//! failure says why, with counts (issue 13, items 5 and 6). Each report of an extreme input is
//! checked for a `null` where docs/report.md promises a number.

use crate::json_numbers::undocumented_nulls;
use clv_engine::error::{InvalidOption, SkipCount};
use clv_engine::import::SkipReason;
use clv_engine::models::ModelOptions;
use clv_engine::{analyze, AnalysisOptions, Error, ImportErrorKind, ImportOptions, Report};
use std::time::{Duration, Instant};

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

/// The report of `csv`, made within two seconds, with no `null` where a number is promised.
fn bounded(csv: &str, options: &AnalysisOptions) -> Report {
    let start = Instant::now();
    let report = analyze(csv.as_bytes(), options).unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(10),
        "{:?}",
        start.elapsed()
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(undocumented_nulls(&json), Vec::<String>::new());
    let r = report.summary.rows;
    assert_eq!(r.imported + r.merged + r.skipped, r.total);
    report
}

fn error(csv: &str, options: &AnalysisOptions) -> Error {
    analyze(csv.as_bytes(), options).unwrap_err()
}

const CLEAN: &str = "customer_id,date,amount\na,2024-01-05,10\nb,2024-02-01,20\na,2024-03-01,5\n";

#[test]
fn orders_in_year_1_and_year_9999_are_skipped_as_out_of_range() {
    // The 220-byte file that used to exhaust the memory (cohorts sized by 120,000² months):
    // such dates stand for "never" or a typo; they are skipped, each with its line, and the
    // orders of real dates are analysed.
    let csv = "customer_id,date,amount\n\
               a,0001-01-01,10\nb,0001-02-01,20\na,9999-12-01,5\nc,9999-12-31,7\n\
               d,5000-06-15,3\ne,0001-01-01,1\ne,0001-01-02,2\nf,9999-11-30,4\n\
               g,2024-01-01,30\ng,2024-02-01,22\n";
    let r = bounded(csv, &AnalysisOptions::new());
    assert_eq!(r.summary.rows.skipped, 8);
    assert!(r
        .summary
        .skipped_rows
        .iter()
        .all(|s| s.reason.code() == "date_out_of_range"));
    assert_eq!(r.summary.skipped_rows[0].line, 2);
    assert_eq!(r.summary.kpis.revenue, 52.0);
}

#[test]
fn dates_of_1900_and_2200_one_customer_and_one_day() {
    let csv = "customer_id,date,amount\na,1900-01-01,10\nb,1900-06-01,20\na,2200-12-31,5\n\
               c,2200-12-30,1\nc,2050-01-01,2\nd,1999-01-01,3\n";
    // 300 years of orders: the cohort table keeps its last 360 months, and says so.
    let r = bounded(csv, &AnalysisOptions::new());
    assert!(r.summary.cohorts.len() <= 360);
    assert!(r.summary.cohorts.iter().all(|c| c.retention.len() <= 360));
    assert!(r
        .summary
        .warnings
        .iter()
        .any(|w| w.code() == "cohorts_capped"));
    let validated =
        AnalysisOptions::new().models(ModelOptions::new().calibration_end(date("2100-01-01")));
    let r = bounded(csv, &validated);
    assert!(r.summary.validation.unwrap().tracking.len() <= 521);
    bounded(
        "customer_id,date,amount\nonly,2024-05-05,42\n",
        &AnalysisOptions::new(),
    );
    let same_day: String = (0..50)
        .map(|i| format!("c{i},2024-05-05,{}\n", i + 1))
        .collect();
    bounded(
        &format!("customer_id,date,amount\n{same_day}"),
        &AnalysisOptions::new(),
    );
}

#[test]
fn many_amounts_just_below_the_limit_sum_to_a_finite_revenue() {
    let rows: String = (0..5_000)
        .map(|i| {
            format!(
                "c{},2024-{:02}-{:02},999999999999\n",
                i % 300,
                i % 12 + 1,
                i % 28 + 1
            )
        })
        .collect();
    let r = bounded(
        &format!("customer_id,date,amount\n{rows}"),
        &AnalysisOptions::new(),
    );
    assert_eq!(r.summary.kpis.revenue, 5_000.0 * 999_999_999_999.0);
    assert!(r.summary.concentration.gini.is_finite());
}

#[test]
fn amounts_beyond_a_trillion_are_skipped_with_their_own_reason() {
    let huge = "9".repeat(309);
    let csv = format!(
        "customer_id,date,amount\na,2024-01-05,{huge}\nb,2024-01-06,{huge}\nc,2024-01-07,10\nd,2024-01-08,-2000000000000\ne,2024-01-09,1000000000001\n"
    );
    let r = bounded(&csv, &AnalysisOptions::new());
    assert_eq!(r.summary.kpis.revenue, 10.0);
    let too_large: Vec<u64> = r
        .summary
        .skipped_rows
        .iter()
        .filter(|s| matches!(s.reason, SkipReason::NumberTooLarge { limit, .. } if limit == 1e12))
        .map(|s| s.line)
        .collect();
    assert_eq!(too_large, [2, 3, 5, 6]);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["skipped_rows"][0]["code"], "number_too_large");
    assert_eq!(json["skipped_rows"][0]["params"]["limit"], "1000000000000");
}

#[test]
fn a_summary_with_a_frequency_of_a_billion_is_skipped_not_rebuilt() {
    let one = "customer_id,frequency,recency,T\nx,1000000000,5,100000000\n";
    match error(one, &AnalysisOptions::new()) {
        Error::NoOrders {
            rows: 1, reasons, ..
        } => {
            assert_eq!(reasons.len(), 1);
            assert_eq!(reasons[0].first.reason.code(), "number_too_large");
            assert_eq!(reasons[0].first.column.as_deref(), Some("frequency"));
        }
        other => panic!("{other:?}"),
    }
    let csv = "customer_id,frequency,recency,T,monetary_value\n\
               x,1000000000,5,100000000,3\ny,2,30,60,10\nz,1000,36525,36525,1\nw,0,0,40000,1\n";
    let r = bounded(csv, &AnalysisOptions::new());
    assert_eq!(r.summary.rows.skipped, 2);
    assert_eq!(r.customers.len(), 2);
}

#[test]
fn options_beyond_their_limits_are_refused_naming_the_option_and_the_limit() {
    let refused = |options: AnalysisOptions| match error(CLEAN, &options) {
        Error::InvalidOption(o) => o,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        refused(AnalysisOptions::new().analysis_date(date("9999-12-31"))),
        InvalidOption::AnalysisDate {
            date: date("9999-12-31")
        }
    );
    assert_eq!(
        refused(AnalysisOptions::new().analysis_date(date("2023-12-31"))),
        InvalidOption::AnalysisDateBeforeOrders {
            date: date("2023-12-31"),
            first_order: date("2024-01-05"),
        }
    );
    let models = |m: ModelOptions| AnalysisOptions::new().models(m);
    assert_eq!(
        refused(models(
            ModelOptions::new().calibration_end(date("1800-01-01"))
        )),
        InvalidOption::CalibrationEnd {
            date: date("1800-01-01")
        }
    );
    let o = refused(models(ModelOptions::new().horizon(1e300)));
    assert!(
        matches!(o, InvalidOption::Horizon { horizon, limit, .. } if horizon == 1e300 && limit == 36_525.0)
    );
    assert!(o.to_string().contains("got 1e300"), "{o}");
    assert_eq!(
        refused(models(ModelOptions::new().clv_months(4_000_000_000))),
        InvalidOption::ClvMonths {
            months: 4_000_000_000,
            limit: 1200
        }
    );
    // At the limits, the report is made.
    let at_limits = AnalysisOptions::new().models(
        ModelOptions::new()
            .horizon(36_525.0)
            .clv_months(1200)
            .time_unit(clv_engine::TimeUnit::Days),
    );
    bounded(CLEAN, &at_limits);
    bounded(
        CLEAN,
        &AnalysisOptions::new().analysis_date(date("2200-12-31")),
    );
}

#[test]
fn nothing_to_count_says_why_with_counts_and_lines() {
    let refunded: String = (0..30)
        .map(|i| format!("c{i},2024-01-05,10,10\n"))
        .collect();
    let e = error(
        &format!("customer_id,date,amount,refunded_amount\n{refunded}"),
        &AnalysisOptions::new(),
    );
    let Error::NoOrders {
        rows,
        returns,
        skipped,
        reasons,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!((*rows, *returns, *skipped), (30, 0, 30));
    assert_eq!(reasons.len(), 1);
    assert_eq!(reasons[0].rows, 30);
    assert_eq!(reasons[0].lines, [(2, 31)]);
    assert!(matches!(
        reasons[0].first.reason,
        SkipReason::FullyRefunded { .. }
    ));
    let text = e.to_string();
    assert!(text.contains("30 rows, lines 2–31, e.g. line 2"), "{text}");

    // Only returns.
    let e = error(
        "customer_id,date,amount\na,2024-01-05,-10\nb,2024-01-06,-5\n",
        &AnalysisOptions::new(),
    );
    assert!(
        matches!(
            e,
            Error::NoOrders {
                rows: 2,
                returns: 2,
                skipped: 0,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("2 rows are returns"), "{e}");

    // Two reasons, most rows first.
    let e = error(
        "customer_id,date,amount\na,yesterday,1\nb,,2\nc,2024-01-01,\nd,today,4\n",
        &AnalysisOptions::new(),
    );
    let Error::NoOrders { reasons, .. } = &e else {
        panic!("{e:?}")
    };
    let summary: Vec<(&str, u64, String)> = reasons
        .iter()
        .map(|r: &SkipCount| (r.first.reason.code(), r.rows, r.lines_text()))
        .collect();
    assert_eq!(
        summary,
        [
            ("not_a_date", 2, "2, 5".to_string()),
            ("no_date", 1, "3".to_string()),
            ("no_amount", 1, "4".to_string()),
        ]
    );
}

#[test]
fn a_mapped_column_the_file_lacks_is_refused_by_name() {
    let options =
        |spec: &str| AnalysisOptions::new().import(ImportOptions::new().columns(spec).unwrap());
    for (spec, column) in [("amount=Betrag", "Betrag"), ("amount=9", "9")] {
        match error(CLEAN, &options(spec)) {
            Error::Import(e) => {
                assert_eq!(e.line, Some(1));
                assert_eq!(
                    e.kind,
                    ImportErrorKind::UnknownColumn {
                        role: clv_engine::import::Role::Amount,
                        column: column.into(),
                        found: vec!["customer_id".into(), "date".into(), "amount".into()],
                    }
                );
            }
            other => panic!("{other:?}"),
        }
    }
}
