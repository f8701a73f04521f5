//! Customer-base models on the CDNOW sample, checked against the published tables
//! (tests/data/cdnow/README.md at the workspace root), and on simulated data.

use crate::test_data::cdnow;
use chrono::NaiveDate;
use clv_engine::models::{bg_nbd, compress, gamma_gamma, mbg_nbd, pareto_nbd, ModelData, RfmTuple};
use clv_engine::{
    analyze, read_orders, AnalysisOptions, ImportOptions, ModelOptions, OrderLog, TimeUnit,
};

/// The CDNOW 1/10 sample (2,357 customers), as distributed with the papers.
fn cdnow_log() -> OrderLog {
    let bytes = cdnow("cdnow_sample.csv");
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

/// The published CDNOW summary (ID, frequency, recency, T in weeks, rounded to 2 decimals), the
/// data lifetimes ships as `cdnow_customers_summary`.
fn cdnow_published_summary() -> Vec<RfmTuple> {
    let text = String::from_utf8(cdnow("cdnow_customers_summary.csv")).unwrap();
    compress(text.lines().skip(1).map(|line| {
        let f: Vec<&str> = line.split(',').collect();
        RfmTuple::new(
            f[1].parse().unwrap(),
            f[2].parse().unwrap(),
            f[3].parse().unwrap(),
        )
    }))
}

/// Equal to `digits` significant digits.
fn significant(value: f64, expected: f64, digits: i32) -> bool {
    let scale = 10f64.powi(digits - 1 - expected.abs().log10().floor() as i32);
    (value * scale).round() == (expected * scale).round()
}

#[test]
fn mbg_nbd_matches_lifetimes_modified_beta_geo_fitter_on_cdnow() {
    // Reference: lifetimes 0.11.3 (numpy 2.4.6, scipy 1.17.1, pandas 3.1.1, in a throw-away
    // venv), `ModifiedBetaGeoFitter().fit(frequency, recency, T)` on the summary above:
    // r = 0.5248377, α = 6.1829885, a = 0.8913563, b = 1.6140000. The same numbers as Batislam,
    // Denizel & Filiztekin (2007) report for CDNOW.
    let fitted = mbg_nbd::fit(&cdnow_published_summary()).unwrap();
    eprintln!("{fitted:?}");
    let p = fitted.params;
    assert!(fitted.fit.converged);
    for (name, value, expected) in [
        ("r", p.r, 0.5248377),
        ("alpha", p.alpha, 6.1829885),
        ("a", p.a, 0.8913563),
        ("b", p.b, 1.6140000),
    ] {
        assert!(
            significant(value, expected, 4),
            "{name}: {value} vs {expected}"
        );
    }
    assert_eq!(fitted.fit.customers, 2357);
    // Unlike BG/NBD, a one-time buyer is not certainly alive: after the 39 weeks of the
    // calibration period their P(alive) is below one half.
    assert!(p.p_alive(0, 0.0, 38.86) < 0.5);
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

#[test]
fn cdnow_hold_out_has_the_published_1882_repeat_purchases() {
    // FHL (2005), section 4: 1,882 repeat transactions in the 39-week hold-out.
    let csv = cdnow("cdnow_sample.csv");
    let options = AnalysisOptions::new().models(
        ModelOptions::new()
            .calibration_end(calibration_end())
            .time_unit(TimeUnit::Weeks),
    );
    let report = analyze(&csv, &options).unwrap();
    let v = report.summary.validation.as_ref().unwrap();
    assert_eq!(v.actual_repeat_purchases, 1882);
    assert_eq!(v.holdout_length, 39.0);
    assert_eq!(v.customers, 2357);
    assert!(v.model_beats_baseline, "{}", v.verdict);
    let m = report.summary.models.as_ref().unwrap();
    assert_eq!(m.fitted_through, calibration_end());
    assert_eq!(report.predictions.len(), 2357);
    // Customer 1 (x = 2, t_x = 30.43, T = 38.86): 1.226 expected purchases in 39 weeks, the
    // worked example of Fader, Hardie & Lee's BG/NBD Excel note.
    let first = report
        .predictions
        .iter()
        .find(|p| p.customer_id == "1")
        .unwrap();
    assert_eq!(round_to(first.bg_expected_purchases.unwrap(), 3), 1.226);
    let headline = &m.headline;
    eprintln!("{headline:?}");
    for p in &report.predictions {
        let alive = p.p_alive.unwrap();
        assert!((0.0..=1.0).contains(&alive));
        assert!(p.predicted_clv.unwrap() >= 0.0);
    }
    // serde_json refuses NaN and infinity: the report must serialise, and parse as JSON.
    let json = serde_json::to_string(&report).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["predictions"].as_array().map(Vec::len),
        Some(report.predictions.len())
    );
    assert_eq!(
        round_to(value["models"]["bg_nbd"]["r"].as_f64().unwrap(), 3),
        0.243
    );
    assert_eq!(value["models"]["bg_nbd"]["reason"], "gradient_small");
    assert!(value["models"]["pareto_nbd"]["standard_errors"]["beta"].is_f64());
}

#[test]
fn cdnow_model_summary_matches_the_published_customer_summary() {
    // cdnow_customers_summary.csv: ID, frequency, recency, T in weeks, rounded to 2 decimals.
    let published = String::from_utf8(cdnow("cdnow_customers_summary.csv")).unwrap();
    let log = cdnow_log();
    let data = cdnow_calibration();
    let mut by_id = std::collections::HashMap::new();
    for c in &data.customers {
        by_id.insert(log.customers[c.customer as usize].clone(), c);
    }
    let mut rows = 0;
    for line in published.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let c = by_id[f[0]];
        assert_eq!(
            c.frequency,
            f[1].parse::<u32>().unwrap(),
            "customer {}",
            f[0]
        );
        assert!((c.recency - f[2].parse::<f64>().unwrap()).abs() <= 0.005 + 1e-9);
        assert!((c.t - f[3].parse::<f64>().unwrap()).abs() <= 0.005 + 1e-9);
        rows += 1;
    }
    assert_eq!(rows, 2357);
    assert_eq!(data.customers.len(), 2357);
}

fn tiny_log(rows: &str) -> clv_engine::Report {
    analyze(
        format!("customer_id,date,amount\n{rows}").as_bytes(),
        &AnalysisOptions::new(),
    )
    .unwrap()
}

#[test]
fn degenerate_data_gets_a_plain_message_not_nan() {
    use clv_engine::models::{FitError, RfmTuple};
    // Fewer than 20 customers.
    let few: Vec<RfmTuple> = (0..5).map(|i| RfmTuple::new(i % 2, 1.0, 10.0)).collect();
    assert!(matches!(
        bg_nbd::fit(&few),
        Err(FitError::TooFewCustomers { customers: 5, .. })
    ));
    // Nobody bought twice.
    let once: Vec<RfmTuple> = (0..50).map(|i| RfmTuple::new(0, 0.0, i as f64)).collect();
    assert_eq!(
        pareto_nbd::fit(&once).unwrap_err(),
        FitError::NoRepeatPurchases
    );
    // Everything on one day.
    let one_day: Vec<RfmTuple> = (0..50).map(|_| RfmTuple::new(0, 0.0, 0.0)).collect();
    assert_eq!(bg_nbd::fit(&one_day).unwrap_err(), FitError::AllOnOneDay);
    assert!(FitError::AllOnOneDay.to_string().contains("same day"));

    // Through the report: the descriptive part survives, the models say why in a warning.
    let rows: String = (0..30).map(|i| format!("c{i},2024-03-01,10\n")).collect();
    let report = tiny_log(&rows);
    assert!(report.predictions.iter().all(|p| p.p_alive.is_none()));
    let warning = report
        .summary
        .warnings
        .iter()
        .find(|w| w.code() == "bg_nbd_not_fitted")
        .expect("a warning says why BG/NBD was not fitted");
    assert!(
        warning.to_string().contains("same day"),
        "{}",
        warning.to_string()
    );
    assert_eq!(warning.params()["reason"], "all_on_one_day");
    serde_json::to_string(&report).unwrap();
    let report = tiny_log("a,2024-01-01,5\na,2024-02-01,5\nb,2024-01-03,5\n");
    let too_few = report
        .summary
        .warnings
        .iter()
        .find(|w| w.to_string().contains("at least 20"))
        .expect("a warning names the customers needed");
    assert_eq!(too_few.params()["reason"], "too_few_customers");
    assert_eq!(too_few.params()["customers"], "2");
    assert_eq!(too_few.params()["needed"], "20");
}

#[test]
fn no_models_leaves_the_sections_empty() {
    let csv = "customer_id,date,amount\na,2024-01-01,5\na,2024-02-01,5\n";
    let options = AnalysisOptions::new().models(ModelOptions::new().enabled(false));
    let report = analyze(csv.as_bytes(), &options).unwrap();
    assert!(report.summary.models.is_none() && report.summary.validation.is_none());
    assert!(report.predictions.is_empty());
}

#[test]
fn long_histories_and_heavy_buyers_stay_finite() {
    // Ten years in days, customers with up to 3,000 repeat purchases: likelihoods, P(alive) and
    // expectations are evaluated in log space and must neither overflow nor lose their range.
    use clv_engine::models::{BgNbdParams, ParetoNbdParams, RfmTuple};
    let mut data = Vec::new();
    for i in 0..200u32 {
        let x = (i * 15) % 3001;
        let t = 3650.0 - i as f64;
        data.push(RfmTuple::new(x, if x == 0 { 0.0 } else { t * 0.9 }, t));
    }
    let bg = BgNbdParams::new(0.5, 20.0, 0.7, 3.0).unwrap();
    let pn = ParetoNbdParams::new(0.5, 20.0, 0.7, 300.0).unwrap();
    let mut g = [0.0; 4];
    assert!(bg.log_likelihood(&data, &mut g).is_finite() && g.iter().all(|v| v.is_finite()));
    // Both cases of the hypergeometric (α < β and α ≫ β, where its argument nears 1).
    for p in [pn, ParetoNbdParams::new(0.5, 300.0, 0.7, 2.0).unwrap()] {
        assert!(p.log_likelihood_gradient(&data, &mut g).is_finite());
        assert!(g.iter().all(|v| v.is_finite()), "{g:?}");
        let x0 = p.p_alive(0, 0.0, 1.0);
        assert!((0.0..=1.0).contains(&x0));
    }
    for d in &data {
        for p in [
            bg.p_alive(d.frequency, d.recency, d.t),
            pn.p_alive(d.frequency, d.recency, d.t),
        ] {
            assert!((0.0..=1.0).contains(&p));
        }
        let e = bg.expected_purchases(d.frequency, d.recency, d.t, 365.0);
        let f = pn.expected_purchases(d.frequency, d.recency, d.t, 365.0);
        assert!(
            e.is_finite() && e >= 0.0 && f.is_finite() && f >= 0.0,
            "{d:?}: {e} {f}"
        );
    }
    let fitted = bg_nbd::fit(&data).unwrap();
    assert!(fitted.fit.log_likelihood.is_finite());
    let fitted = pareto_nbd::fit(&data).unwrap();
    assert!(fitted.fit.log_likelihood.is_finite());
}

#[test]
fn time_unit_is_chosen_from_the_span_and_said() {
    // 25 customers over three months: days; the choice is reported.
    let mut rows = String::new();
    for i in 0..25 {
        rows.push_str(&format!("c{i},2024-01-{:02},10\n", 1 + i));
        rows.push_str(&format!("c{i},2024-03-{:02},12\n", 1 + i));
    }
    let report = tiny_log(&rows);
    let m = report.summary.models.as_ref().unwrap();
    assert_eq!(m.time_unit, TimeUnit::Days);
    assert!(m.time_unit_automatic);
    let unit = report
        .summary
        .warnings
        .iter()
        .find(|w| w.code() == "model_time_unit")
        .unwrap();
    assert_eq!(unit.params()["unit"], "days");
    // A calibration end on or after the analysis date cannot be validated: said, not failed.
    let options = AnalysisOptions::new()
        .models(ModelOptions::new().calibration_end(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap()));
    let csv = format!("customer_id,date,amount\n{rows}");
    let report = analyze(csv.as_bytes(), &options).unwrap();
    assert!(report.summary.validation.is_none());
    let calibration = report
        .summary
        .warnings
        .iter()
        .find(|w| w.code() == "calibration_end_not_before_analysis_date")
        .unwrap();
    assert_eq!(calibration.params()["calibration_end"], "2030-01-01");
    assert_eq!(
        calibration.params()["analysis_date"],
        report.summary.analysis_date.to_string()
    );
}

#[test]
fn fits_on_a_small_shop_stay_bounded() {
    // The app's first sample (160 customers, 309 orders over two years; kept as
    // engine/tests/data/small_shop_two_years.csv) drives Pareto/NBD along its ridge s, β → ∞ and
    // Gamma-Gamma to p → ∞ (order values barely vary per customer). Before the parameter box
    // these fits ran for minutes to s ≈ 5e3, β ≈ 3e5, p ≈ 1e8, v ≈ 1e-6. They must stop inside
    // the box, say so, and leave no NaN or infinity anywhere in the report.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/small_shop_two_years.csv"
    );
    let bytes = std::fs::read(path).expect("the small shop's export");
    let report = analyze(&bytes, &AnalysisOptions::new()).unwrap();
    let models = report
        .summary
        .models
        .as_ref()
        .expect("models fitted on the small shop");
    let bounded = |name: &str, v: f64| {
        assert!(
            v.is_finite() && (1e-6 * 0.999..=1e6 * 1.001).contains(&v),
            "{name} = {v}"
        )
    };
    let bg = models.bg_nbd.as_ref().expect("BG/NBD fitted");
    let pnbd = models.pareto_nbd.as_ref().expect("Pareto/NBD fitted");
    let gg = models.gamma_gamma.as_ref().expect("Gamma-Gamma fitted");
    for (name, v) in [
        ("bg r", bg.params.r),
        ("bg alpha", bg.params.alpha),
        ("bg a", bg.params.a),
        ("bg b", bg.params.b),
        ("pnbd r", pnbd.params.r),
        ("pnbd alpha", pnbd.params.alpha),
        ("pnbd s", pnbd.params.s),
        ("pnbd beta", pnbd.params.beta),
        ("gg p", gg.params.p),
        ("gg q", gg.params.q),
    ] {
        bounded(name, v);
    }
    assert!(gg.params.v.is_finite() && gg.params.v > 0.0);
    for fit in [&bg.fit, &pnbd.fit, &gg.fit] {
        assert!(fit.log_likelihood.is_finite() && fit.gradient_norm.is_finite());
        assert!(fit.iterations <= clv_engine::models::tolerance::MAX_ITERATIONS);
    }
    // Edge-of-the-box fits are reported as such, with the plain warnings.
    let codes: Vec<&str> = report.summary.warnings.iter().map(|w| w.code()).collect();
    assert!(codes.contains(&"dropout_same_for_everyone"), "{codes:?}");
    assert!(codes.contains(&"spend_same_within_customer"), "{codes:?}");
    // No NaN or infinity anywhere: serde_json refuses to write them as numbers (they become
    // null), so compare with the predictions directly.
    for p in &report.predictions {
        for v in p.values().into_iter().flatten() {
            assert!(v.is_finite(), "{p:?}");
        }
    }
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains("NaN") && !json.contains("inf"), "{json}");
}

/// The CDNOW sample analysed as the page does: every order, default options.
fn cdnow_page_report() -> clv_engine::Report {
    analyze(&cdnow("cdnow_sample.csv"), &AnalysisOptions::new()).unwrap()
}

#[test]
fn one_time_buyers_long_gone_are_not_still_active() {
    // The page's "still active" is the headline model's P(alive) (MBG/NBD or Pareto/NBD, never
    // BG/NBD, whose P(alive | x = 0) is 1). On CDNOW, every customer with one purchase more than
    // a year before the analysis date (1998-06-30) is below one half.
    let report = cdnow_page_report();
    let headline = &report.summary.models.as_ref().unwrap().headline;
    assert!(headline.model.is_some(), "{headline:?}");
    let mut checked = 0;
    for (row, c) in report.customers.iter().enumerate() {
        if c.orders == 1 && c.days_since_last_order > 365 {
            let alive = report.prediction(row).and_then(|p| p.p_alive).unwrap();
            assert!(alive < 0.5, "{}: {alive}", c.customer_id);
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked}");
    // And it falls with the time since that purchase.
    let mut one_time: Vec<(i64, f64)> = report
        .customers
        .iter()
        .enumerate()
        .filter(|(_, c)| c.orders == 1)
        .map(|(row, c)| {
            let p = report.prediction(row).and_then(|p| p.p_alive).unwrap();
            (c.days_since_last_order, p)
        })
        .collect();
    one_time.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    for pair in one_time.windows(2) {
        if pair[0].0 < pair[1].0 {
            assert!(pair[1].1 <= pair[0].1 + 1e-12, "{pair:?}");
        }
    }
}

/// The rule the win-back list is held to: its first ten are customers with more than one
/// past order, or with a past revenue in the top quarter of the shop's customers. A one-time
/// buyer with a small order is not worth the first calls.
fn assert_win_back_top_ten_is_worth_it(report: &clv_engine::Report) {
    let w = &report.summary.win_back;
    assert_eq!(w.value_basis, "expected_value_lost");
    let mut revenues: Vec<f64> = report.customers.iter().map(|c| c.revenue).collect();
    revenues.sort_by(f64::total_cmp);
    let top_quarter = revenues[revenues.len() * 3 / 4];
    assert!(w.customers.len() >= 10);
    for c in w.customers.iter().take(10) {
        assert!(
            c.orders > 1 || c.revenue >= top_quarter,
            "{} ({} orders, {:.2}) in the top ten (top quarter from {top_quarter:.2})",
            c.customer_id,
            c.orders,
            c.revenue
        );
    }
}

#[test]
fn win_back_is_ranked_by_what_is_at_stake() {
    assert_win_back_top_ten_is_worth_it(&cdnow_page_report());
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/sample-orders.csv");
    let sample = analyze(&std::fs::read(path).unwrap(), &AnalysisOptions::new()).unwrap();
    if sample
        .summary
        .models
        .as_ref()
        .is_some_and(|m| m.headline.model.is_some())
    {
        assert_win_back_top_ten_is_worth_it(&sample);
    }
}

#[test]
fn the_bundled_sample_fits_cleanly_and_gives_back_what_it_was_drawn_from() {
    // public/sample-orders.csv is drawn by scripts/make_sample.py from MBG/NBD (r = 0.6, α = 8,
    // a = 1.2, b = 2.3, in weeks) and Gamma-Gamma (p = 9, q = 10, γ = 60: mean order value 60).
    // Its report must carry no model warning (the page's first screen shows none), only the
    // notes about the refunds it was made with and the models' time unit.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/sample-orders.csv");
    let bytes = std::fs::read(path).expect("the app's bundled sample");
    let report = analyze(&bytes, &AnalysisOptions::new()).unwrap();
    let codes: Vec<&str> = report.summary.warnings.iter().map(|w| w.code()).collect();
    assert_eq!(
        codes,
        ["orders_left_out", "partial_refunds", "model_time_unit"],
        "{codes:?}"
    );
    let models = report.summary.models.as_ref().expect("models fitted");
    let bg = models.bg_nbd.as_ref().expect("BG/NBD fitted");
    let mbg = models.mbg_nbd.as_ref().expect("MBG/NBD fitted");
    let pnbd = models.pareto_nbd.as_ref().expect("Pareto/NBD fitted");
    let gg = models.gamma_gamma.as_ref().expect("Gamma-Gamma fitted");
    for fit in [&bg.fit, &mbg.fit, &pnbd.fit, &gg.fit] {
        assert!(fit.converged, "{fit:?}");
        assert!(fit.standard_errors.is_some(), "{fit:?}");
    }
    // A headline with a range that is not called wide: no plain-words fit note either.
    assert!(models.headline.model.is_some(), "{:?}", models.headline);
    assert!(!models.headline.wide_range);
    // The generator's parameters, within three standard errors of the fit.
    let near = |name: &str, fitted: f64, se: f64, truth: f64| {
        assert!(
            (fitted - truth).abs() < 3.0 * se,
            "{name}: fitted {fitted} ± {se}, drawn with {truth}"
        )
    };
    assert_eq!(
        report.summary.models.as_ref().unwrap().time_unit,
        TimeUnit::Weeks
    );
    let se = mbg
        .fit
        .standard_errors
        .clone()
        .expect("MBG/NBD standard errors");
    near("r", mbg.params.r, se["r"], 0.6);
    near("alpha", mbg.params.alpha, se["alpha"], 8.0);
    near("a", mbg.params.a, se["a"], 1.2);
    near("b", mbg.params.b, se["b"], 2.3);
    // Gamma-Gamma's parameters trade off against each other (p·γ/(q − 1) is what is pinned
    // down); its mean order value is within 5 % of the generator's 60.
    let g = &gg.params;
    let mean = g.p * g.v / (g.q - 1.0);
    assert!((mean - 60.0).abs() < 3.0, "mean order value {mean}");
    // As many customers as the generator drew (its CUSTOMERS).
    assert_eq!(report.summary.kpis.customers, 3000);
}

#[test]
fn the_models_step_in_parts_gives_what_it_gives_whole() {
    // What the browser's worker does with Pareto/NBD fitted in a second worker: prepare, the
    // fits apart, finish; and the report from that output. The CDNOW sample with a hold-out
    // period (the validation, the headline chosen on it) and without.
    let bytes = cdnow("cdnow_sample.csv");
    let imported = read_orders(&bytes, &ImportOptions::new()).unwrap();
    for calibration in [Some(calibration_end()), None] {
        let mut options = AnalysisOptions::new().time_unit(TimeUnit::Weeks);
        if let Some(end) = calibration {
            options.models = options.models.calibration_end(end);
        }
        let whole = clv_engine::Report::build_from(&imported, &options).unwrap();
        let (date, model_options) = clv_engine::Report::models_step(&imported, &options).unwrap();
        let plan = clv_engine::models::prepare(&imported.log, date, &model_options).unwrap();
        let pnbd = pareto_nbd::fit(plan.tuples());
        let others = plan.fit_others();
        let output = plan.finish(&imported.log, date, &model_options, others, pnbd);
        assert_eq!(output.validation.is_some(), calibration.is_some());
        let parts =
            clv_engine::Report::build_from_with_models(&imported, &options, date, output).unwrap();
        assert_eq!(parts, whole);
        assert!(whole.summary.models.is_some() && !whole.predictions.is_empty());
    }
    // Nothing to fit: the output is the whole answer.
    let off = ModelOptions::new().enabled(false);
    assert!(clv_engine::models::prepare(&cdnow_log(), calibration_end(), &off).is_err());
}

#[test]
fn the_models_added_to_the_report_made_without_them_give_the_report_made_with_them() {
    // What the browser's worker does: the report with the models off first, the models' output
    // added to it after. With a hold-out period (validation), a calibration end the models
    // warn about (their warnings go before the RFM's and the segments'), segments with a CAC
    // for a value the file lacks and a segment column it lacks (warnings of their own).
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/small_shop_two_years.csv"),
    )
    .unwrap();
    let imported = read_orders(&bytes, &ImportOptions::new()).unwrap();
    let analytics = |segment_by: Option<&str>| {
        let mut a = clv_engine::metrics::AnalyticsOptions::new()
            .cac(vec![("nowhere".to_string(), 10.0)])
            .margin(0.4);
        a.segment_by = segment_by.map(str::to_string);
        a
    };
    let cases = [
        (Some("2024-06-30"), None),
        (Some("2099-01-01"), Some("no such column")),
        (None, None),
    ];
    for (calibration, segment_by) in cases {
        let mut options = AnalysisOptions::new().analytics(analytics(segment_by));
        if let Some(end) = calibration {
            options.models = options
                .models
                .calibration_end(chrono::NaiveDate::parse_from_str(end, "%Y-%m-%d").unwrap());
        }
        let whole = clv_engine::Report::build_from(&imported, &options).unwrap();
        let mut off = options.clone();
        off.models = off.models.enabled(false);
        let mut added = clv_engine::Report::build_from(&imported, &off).unwrap();
        assert!(added.summary.models.is_none() && added.predictions.is_empty());
        let (date, model_options) = clv_engine::Report::models_step(&imported, &options).unwrap();
        let output = clv_engine::models::run(&imported.log, date, &model_options);
        added.add_models(&imported.log, &options, output.clone());
        assert_eq!(added, whole, "calibration end {calibration:?}");
        assert!(!whole.summary.warnings.is_empty() && !whole.predictions.is_empty());
        // Added again, the output replaces the first (its warnings are not doubled).
        added.add_models(&imported.log, &options, output);
        assert_eq!(added, whole);
    }
}
