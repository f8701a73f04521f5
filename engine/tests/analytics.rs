//! The descriptive analytics end to end: from CSV bytes (or a hand-built order log) to the report.

use crate::test_data::cdnow;
use clv_engine::order::{Order, OrderLog};
use clv_engine::{analyze, AnalysisOptions, AnalyticsOptions, Error, Report, TimeUnit};

/// The report of a hand-built order log at `at`, with the models off.
pub fn analyse(
    log: &OrderLog,
    at: chrono::NaiveDate,
    options: &AnalyticsOptions,
) -> Result<Report, Error> {
    Report::descriptive(log.clone(), at, options)
}

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

fn cdnow_report_json() -> serde_json::Value {
    let bytes = cdnow("cdnow_sample.csv");
    let report = analyze(&bytes, &AnalysisOptions::new()).unwrap();
    serde_json::to_value(&report).unwrap()
}

#[test]
fn cdnow_report_has_every_key_of_the_issue() {
    let json = cdnow_report_json();
    assert_eq!(json["kpis"]["customers"], 2357);
    assert_eq!(json["kpis"]["orders"], 6919);
    let paths = [
        "/engine_version",
        "/rows",
        "/skipped_rows",
        "/warnings",
        "/analysis_date",
        "/time_unit",
        "/kpis/customers",
        "/kpis/orders",
        "/kpis/revenue",
        "/kpis/aov",
        "/kpis/orders_per_customer",
        "/kpis/average_lifespan_days",
        "/kpis/historical_clv",
        "/kpis/first_order_date",
        "/kpis/last_order_date",
        "/kpis/repeat_customer_rate",
        "/kpis/repeat_revenue_share",
        "/concentration/top10_revenue_share",
        "/concentration/top20_revenue_share",
        "/concentration/lorenz",
        "/concentration/gini",
        "/aov_buckets/0/customers",
        "/aov_buckets/0/customer_share",
        "/aov_buckets/0/revenue",
        "/aov_buckets/0/revenue_share",
        "/big_orders/orders",
        "/segments",
        "/cohorts/0/retention",
        "/cohorts/0/cumulative_revenue_per_customer",
        "/cohorts/0/new_customer_repeat_rate",
        "/rfm/segments",
        "/rfm/rules",
        "/win_back/customers",
        "/customers/0/customer_id",
        "/customers/0/orders",
        "/customers/0/revenue",
        "/customers/0/aov",
        "/customers/0/first_order",
        "/customers/0/last_order",
        "/customers/0/tenure_days",
        "/customers/0/annual_spend",
        "/customers/0/frequency",
        "/customers/0/recency",
        "/customers/0/T",
        "/customers/0/monetary_value",
        "/customers/0/r_score",
        "/customers/0/f_score",
        "/customers/0/m_score",
        "/customers/0/rfm_cell",
        "/customers/0/segment",
    ];
    let missing: Vec<&str> = paths
        .iter()
        .copied()
        .filter(|p| json.pointer(p).is_none())
        .collect();
    assert!(missing.is_empty(), "missing keys: {missing:?}");
    // Dates ISO, shares fractions.
    assert_eq!(json["kpis"]["first_order_date"], "1997-01-01");
    let top20 = json["concentration"]["top20_revenue_share"]
        .as_f64()
        .unwrap();
    assert!(top20 > 0.0 && top20 < 1.0);
    // The sample's 2,357 customers were all acquired in 1997 Q1: three cohorts.
    assert_eq!(json["cohorts"].as_array().unwrap().len(), 3);
}

#[test]
fn cdnow_calibration_summary_matches_the_published_one() {
    // tests/data/cdnow/README.md: frequency, recency and T in weeks at 1997-09-30, rounded to
    // 2 decimals, as distributed with Fader, Hardie & Lee (2005).
    let bytes = cdnow("cdnow_sample.csv");
    let options = AnalysisOptions::new()
        .analysis_date(date("1997-09-30"))
        .time_unit(TimeUnit::Weeks);
    let report = analyze(&bytes, &options).unwrap();
    let published = String::from_utf8(cdnow("cdnow_customers_summary.csv")).unwrap();
    let mut checked = 0;
    for line in published.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let row = report
            .customers
            .iter()
            .find(|c| c.customer_id == f[0])
            .unwrap();
        assert_eq!(row.frequency.to_string(), f[1], "customer {}", f[0]);
        assert!((row.recency - f[2].parse::<f64>().unwrap()).abs() <= 0.005 + 1e-9);
        assert!((row.t - f[3].parse::<f64>().unwrap()).abs() <= 0.005 + 1e-9);
        checked += 1;
    }
    assert_eq!(checked, 2357);
}

fn order(customer: u32, d: &str, amount: f64) -> Order {
    Order {
        customer,
        date: date(d),
        amount,
    }
}

#[test]
fn a_single_customer() {
    // One customer, orders 10, 20, 30 on Jan 1, Feb 1, Mar 1; analysis Mar 31.
    // KPIs: 1 customer, 3 orders, revenue 60, AOV 20, lifespan 60 days, repeat rate 1.
    // Concentration: top 10 % = top 1 customer = everything; Gini 0.
    // RFM: one value per variable → only score 1 used, with a warning each; cell "111" → Lost.
    let log = OrderLog {
        customers: vec!["solo".into()],
        orders: vec![
            order(0, "2024-01-01", 10.0),
            order(0, "2024-02-01", 20.0),
            order(0, "2024-03-01", 30.0),
        ],
        ..OrderLog::default()
    };
    let a = analyse(&log, date("2024-03-31"), &AnalyticsOptions::new()).unwrap();
    assert_eq!(
        (
            a.summary.kpis.customers,
            a.summary.kpis.orders,
            a.summary.kpis.revenue
        ),
        (1, 3, 60.0)
    );
    assert_eq!(a.summary.kpis.aov, 20.0);
    assert_eq!(a.summary.kpis.average_lifespan_days, 60.0);
    assert_eq!(a.summary.kpis.repeat_customer_rate, 1.0);
    assert_eq!(a.summary.concentration.top10_revenue_share, 1.0);
    assert_eq!(a.summary.concentration.gini, 0.0);
    let c = &a.customers[0];
    assert_eq!((c.r_score, c.f_score, c.m_score), (1, 1, 1));
    assert_eq!(c.rfm_cell, "111");
    assert_eq!(c.rfm_score, 3);
    assert_eq!(a.summary.rfm.scores_used.recency, 1);
    let codes: Vec<&str> = a.summary.warnings.iter().map(|w| w.code()).collect();
    assert_eq!(
        codes,
        [
            "rfm_fewer_recency_scores",
            "rfm_fewer_frequency_scores",
            "rfm_fewer_monetary_scores"
        ]
    );
    // One cohort, January: ordered in months 0, 1, 2 → retention 1, 1, 1; cumulative 10, 30, 60.
    assert_eq!(a.summary.cohorts[0].retention, vec![1.0, 1.0, 1.0]);
    assert_eq!(
        a.summary.cohorts[0].cumulative_revenue_per_customer,
        vec![10.0, 30.0, 60.0]
    );
    // monetary value: repeat days 20 and 30 → 25
    assert_eq!(c.monetary_value, 25.0);
}

#[test]
fn a_shop_where_everyone_bought_once() {
    // 5 customers, one order each, amounts 10..50 on 5 different days.
    // F: one value → F score 1 for all (and a warning); R and M: 5 distinct values → 1..5.
    // Nobody repeats: repeat rate 0, cohort repeat rate 0, all win-back candidates are one-time.
    let csv = "customer_id,date,amount\n\
               a,2024-01-01,10\nb,2024-02-01,20\nc,2024-03-01,30\nd,2024-04-01,40\ne,2024-05-01,50\n";
    let options = AnalysisOptions::new().analytics(AnalyticsOptions::new().win_back_after_days(60));
    let r = analyze(csv.as_bytes(), &options).unwrap();
    assert_eq!(r.summary.kpis.repeat_customers, 0);
    assert_eq!(r.summary.kpis.repeat_revenue_share, 0.0);
    assert!(r
        .customers
        .iter()
        .all(|c| c.f_score == 1 && c.frequency == 0));
    let m: Vec<u8> = r.customers.iter().map(|c| c.m_score).collect();
    assert_eq!(m, [1, 2, 3, 4, 5]);
    let rec: Vec<u8> = r.customers.iter().map(|c| c.r_score).collect();
    assert_eq!(rec, [1, 2, 3, 4, 5]);
    // Segments by R (F = 1): R5 New, R4 Promising, R3 About to sleep, R2 Hibernating, R1 Lost
    let seg: Vec<&str> = r.customers.iter().map(|c| c.segment.as_str()).collect();
    assert_eq!(
        seg,
        ["Lost", "Hibernating", "About to sleep", "Promising", "New"]
    );
    let fewer = r
        .summary
        .warnings
        .iter()
        .find(|w| w.code() == "rfm_fewer_frequency_scores")
        .unwrap();
    assert_eq!(fewer.params()["scores"], "1");
    assert!(r
        .summary
        .cohorts
        .iter()
        .all(|c| c.new_customer_repeat_rate == 0.0));
    // Last order 2024-05-01; more than 60 days before it: a (121 days), b (90), c (61).
    assert_eq!(r.summary.win_back.one_time_customers, 3);
    assert_eq!(r.summary.win_back.lapsed_repeat_customers, 0);
}

#[test]
fn refunds_lower_revenue_and_never_make_nan() {
    // a: order 100, return 30 → 70.  b: order 10, return 50 → −40 (returned more than bought,
    // e.g. an order from before the export). Revenue 30, 2 orders, AOV 15.
    // Concentration counts b as 0: top 10 % = a = 70 of 70 → 1; Gini of (0, 70) = 2·2·70/(2·70) − 3/2 = 0.5
    // (The analysis date is set: by default it is the last *order* date, before the returns.)
    let csv = "customer_id,date,amount\na,2024-01-01,100\nb,2024-01-02,10\na,2024-01-03,-30\nb,2024-01-04,-50\n";
    let options = AnalysisOptions::new().analysis_date(date("2024-01-04"));
    let r = analyze(csv.as_bytes(), &options).unwrap();
    assert_eq!(r.summary.kpis.revenue, 30.0);
    assert_eq!(r.summary.kpis.aov, 15.0);
    assert_eq!(r.customers[1].revenue, -40.0);
    assert_eq!(r.summary.concentration.top10_revenue_share, 1.0);
    assert!((r.summary.concentration.gini - 0.5).abs() < 1e-12);
    let k = &r.summary.kpis;
    let numbers = [
        k.revenue,
        k.aov,
        k.orders_per_customer,
        k.average_lifespan_days,
        k.historical_clv,
        k.repeat_customer_rate,
        k.repeat_revenue_share,
    ];
    assert!(numbers.iter().all(|x| x.is_finite()));
    assert!(r
        .customers
        .iter()
        .all(|c| c.aov.is_finite() && c.annual_spend.is_finite() && c.monetary_value.is_finite()));
    assert!(r
        .summary
        .warnings
        .iter()
        .any(|w| w.code() == "negative_amounts_as_returns"));
}

#[test]
fn invalid_margin_is_a_typed_error() {
    let csv = "customer_id,date,amount\na,2024-01-01,100\n";
    let options = AnalysisOptions::new().analytics(AnalyticsOptions::new().margin(20.0));
    let err = analyze(csv.as_bytes(), &options).unwrap_err();
    assert!(matches!(
        err,
        clv_engine::Error::InvalidOption(clv_engine::error::InvalidOption::Margin { margin })
            if margin == 20.0
    ));
}

#[test]
fn returns_after_the_analysis_date_are_reported() {
    let csv = "customer_id,date,amount\na,2024-01-01,100\na,2024-01-03,-30\n";
    let r = analyze(csv.as_bytes(), &AnalysisOptions::new()).unwrap();
    assert_eq!(r.summary.kpis.revenue, 100.0);
    assert!(r
        .summary
        .warnings
        .iter()
        .any(|w| w.code() == "returns_after_analysis_date"));
}
