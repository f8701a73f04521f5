//! Customer-base models on the CDNOW sample, checked against the published tables
//! (../shared/data/cdnow/README.md), and on simulated data.

use chrono::NaiveDate;
use clv_engine::models::{bg_nbd, gamma_gamma, pareto_nbd, ModelData};
use clv_engine::{read_orders, ImportOptions, OrderLog, TimeUnit};

/// The CDNOW 1/10 sample (2,357 customers), as distributed with the papers.
fn cdnow_log() -> OrderLog {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/data/cdnow/cdnow_sample.csv"
    );
    let bytes = std::fs::read(path).expect("the CDNOW sample lies in shared/ beside the repo");
    read_orders(&bytes, &ImportOptions::new()).unwrap().log
}

fn calibration_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(1997, 9, 30).unwrap()
}

/// The calibration period of the papers: 1997-01-01 .. 1997-09-30, in weeks.
fn cdnow_calibration() -> ModelData {
    ModelData::from_orders(&cdnow_log(), calibration_end(), TimeUnit::Weeks)
}

fn round_to(x: f64, digits: i32) -> f64 {
    let s = 10f64.powi(digits);
    (x * s).round() / s
}

#[test]
fn bg_nbd_reproduces_fader_hardie_lee_2005_table_on_cdnow() {
    // FHL (2005), "Counting Your Customers the Easy Way", section 5: r = 0.243, α = 4.414,
    // a = 0.793, b = 2.426, LL = −9582.4.
    let data = cdnow_calibration();
    let fitted = bg_nbd::fit(&data.tuples()).unwrap();
    let p = fitted.params;
    eprintln!("{fitted:?}");
    assert!(fitted.fit.converged);
    assert_eq!(round_to(p.r, 3), 0.243);
    assert_eq!(round_to(p.alpha, 3), 4.414);
    assert_eq!(round_to(p.a, 3), 0.793);
    assert_eq!(round_to(p.b, 3), 2.426);
    assert!((fitted.fit.log_likelihood - -9582.4).abs() <= 0.1);
    assert_eq!(fitted.fit.customers, 2357);
}

#[test]
fn gamma_gamma_reproduces_fader_hardie_lee_2005_rfm_and_clv_on_cdnow() {
    // FHL (2005), "RFM and CLV", section "Adding monetary value": p = 6.25, q = 3.74, γ = 15.44.
    let data = cdnow_calibration();
    let fitted = gamma_gamma::fit(&data.spend()).unwrap();
    eprintln!("{fitted:?}");
    let p = fitted.params;
    assert!(fitted.fit.converged);
    assert_eq!(round_to(p.p, 2), 6.25);
    assert_eq!(round_to(p.q, 2), 3.74);
    assert_eq!(round_to(p.v, 2), 15.44);
    assert_eq!(fitted.fit.customers, 946);
}

fn within(value: f64, expected: f64, relative: f64) -> bool {
    (value - expected).abs() <= relative * expected.abs()
}

#[test]
fn pareto_nbd_reproduces_fader_hardie_lee_2005_comparison_on_cdnow() {
    // FHL (2005), "Counting Your Customers the Easy Way", section 5, Pareto/NBD column:
    // r = 0.553, α = 10.578, s = 0.606, β = 11.669, LL = −9595.0.
    let data = cdnow_calibration();
    let fitted = pareto_nbd::fit(&data.tuples()).unwrap();
    eprintln!("{fitted:?}");
    let p = fitted.params;
    assert!(fitted.fit.converged);
    assert!((fitted.fit.log_likelihood - -9595.0).abs() <= 0.1);
    assert!(within(p.r, 0.553, 0.005), "r {}", p.r);
    assert!(within(p.alpha, 10.578, 0.005), "alpha {}", p.alpha);
    assert!(within(p.s, 0.606, 0.005), "s {}", p.s);
    assert!(within(p.beta, 11.669, 0.01), "beta {}", p.beta);
}
