//! Properties the models must have for any parameters and histories (proptest), and recovery of
//! simulated parameters with an error that shrinks as the sample grows.

use clv_engine::models::optimize::central_gradient;
use clv_engine::models::{
    bg_nbd, gamma_gamma, pareto_nbd, simulate, BgNbdParams, GammaGammaParams, ParetoNbdParams,
    RfmTuple, SpendObservation,
};
use proptest::prelude::*;

/// A small history: x repeat purchases, the last at t_x ≤ T.
fn history() -> impl Strategy<Value = (u32, f64, f64)> {
    (0u32..60, 0.0f64..1.0, 0.01f64..400.0).prop_map(|(x, share, t)| {
        let recency = if x == 0 { 0.0 } else { share * t };
        (x, recency, t)
    })
}

fn positive() -> impl Strategy<Value = f64> {
    (-3.0f64..3.0).prop_map(f64::exp)
}

fn relative_gap(a: f64, b: f64) -> f64 {
    (a - b).abs() / (1.0 + a.abs().max(b.abs()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn bg_nbd_gradient_matches_finite_differences(
        r in positive(), alpha in positive(), a in positive(), b in positive(),
        data in prop::collection::vec(history(), 1..8),
    ) {
        let mut tuples: Vec<RfmTuple> =
            data.iter().map(|&(x, tx, t)| RfmTuple::new(x, tx, t)).collect();
        tuples.sort_by_key(|t| t.frequency);
        let ll = |p: &[f64]| {
            let mut g = [0.0; 4];
            BgNbdParams::new(p[0], p[1], p[2], p[3]).unwrap().log_likelihood(&tuples, &mut g)
        };
        let mut analytic = [0.0; 4];
        BgNbdParams::new(r, alpha, a, b).unwrap().log_likelihood(&tuples, &mut analytic);
        let mut numeric = [0.0; 4];
        central_gradient(&ll, &[r, alpha, a, b], &mut numeric);
        for i in 0..4 {
            prop_assert!(relative_gap(analytic[i], numeric[i]) < 1e-5,
                "parameter {}: analytic {} numeric {}", i, analytic[i], numeric[i]);
        }
    }

    #[test]
    fn pareto_nbd_gradient_matches_finite_differences(
        r in positive(), alpha in positive(), s in positive(), beta in positive(),
        data in prop::collection::vec(history(), 1..8),
    ) {
        let tuples: Vec<RfmTuple> =
            data.iter().map(|&(x, tx, t)| RfmTuple::new(x, tx, t)).collect();
        let ll = |p: &[f64]| {
            ParetoNbdParams::new(p[0], p[1], p[2], p[3]).unwrap().log_likelihood(&tuples)
        };
        let params = ParetoNbdParams::new(r, alpha, s, beta).unwrap();
        let mut analytic = [0.0; 4];
        let value = params.log_likelihood_gradient(&tuples, &mut analytic);
        prop_assert!(relative_gap(value, params.log_likelihood(&tuples)) < 1e-12);
        let mut numeric = [0.0; 4];
        central_gradient(&ll, &[r, alpha, s, beta], &mut numeric);
        for i in 0..4 {
            prop_assert!(relative_gap(analytic[i], numeric[i]) < 1e-5,
                "parameter {}: analytic {} numeric {}", i, analytic[i], numeric[i]);
        }
    }

    #[test]
    fn gamma_gamma_gradient_matches_finite_differences(
        p in positive(), q in positive(), v in positive(),
        data in prop::collection::vec((1u32..40, 0.5f64..500.0), 1..8),
    ) {
        let mut obs: Vec<SpendObservation> = data
            .iter()
            .map(|&(frequency, monetary_value)| SpendObservation { frequency, monetary_value })
            .collect();
        obs.sort_by_key(|o| o.frequency);
        let ll = |t: &[f64]| {
            let mut g = [0.0; 3];
            GammaGammaParams::new(t[0], t[1], t[2]).unwrap().log_likelihood(&obs, &mut g)
        };
        let mut analytic = [0.0; 3];
        GammaGammaParams::new(p, q, v).unwrap().log_likelihood(&obs, &mut analytic);
        let mut numeric = [0.0; 3];
        central_gradient(&ll, &[p, q, v], &mut numeric);
        for i in 0..3 {
            prop_assert!(relative_gap(analytic[i], numeric[i]) < 1e-5,
                "parameter {}: analytic {} numeric {}", i, analytic[i], numeric[i]);
        }
    }

    #[test]
    fn p_alive_is_a_probability_and_expectations_grow_with_the_horizon(
        r in positive(), alpha in positive(), a in positive(), b in positive(),
        (x, tx, t) in history(), h1 in 0.0f64..200.0, extra in 0.0f64..200.0,
    ) {
        let bg = BgNbdParams::new(r, alpha, a, b).unwrap();
        let pn = ParetoNbdParams::new(r, alpha, a, b).unwrap();
        for p in [bg.p_alive(x, tx, t), pn.p_alive(x, tx, t)] {
            prop_assert!((0.0..=1.0).contains(&p), "P(alive) = {}", p);
        }
        let h2 = h1 + extra;
        let (b1, b2) = (bg.expected_purchases(x, tx, t, h1), bg.expected_purchases(x, tx, t, h2));
        prop_assert!(b1.is_finite() && b2.is_finite() && b1 >= 0.0, "{} {}", b1, b2);
        prop_assert!(b2 >= b1 * (1.0 - 1e-9) - 1e-12, "BG/NBD {} then {}", b1, b2);
        let (p1, p2) = (pn.expected_purchases(x, tx, t, h1), pn.expected_purchases(x, tx, t, h2));
        prop_assert!(p1.is_finite() && p2.is_finite() && p1 >= 0.0, "{} {}", p1, p2);
        prop_assert!(p2 >= p1 * (1.0 - 1e-9) - 1e-12, "Pareto/NBD {} then {}", p1, p2);
    }
}

/// Checks a fit against the truth it was simulated from: every parameter within 4 standard
/// errors (from the fit's Hessian), and returns the standard errors relative to the truth.
fn within_four_standard_errors(
    name: &str,
    fitted: &[f64],
    truth: &[f64],
    fit: &clv_engine::models::FitSummary,
    names: &[&str],
) -> Vec<f64> {
    assert!(fit.converged, "{name}: {fit:?}");
    let se = fit.standard_errors.as_ref().expect("standard errors");
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let s = se[*n];
            assert!(
                (fitted[i] - truth[i]).abs() < 4.0 * s,
                "{name} {n}: fitted {} truth {} se {s}",
                fitted[i],
                truth[i]
            );
            s / truth[i]
        })
        .collect()
}

/// The tolerance (4 standard errors) must shrink about like 1/√n: with 16× the customers every
/// relative standard error falls below 0.4× (1/√16 = 0.25, with room for noise).
fn assert_shrinks(name: &str, small: &[f64], large: &[f64]) {
    eprintln!("{name} relative standard errors: {small:.3?} -> {large:.3?}");
    for (s, l) in small.iter().zip(large) {
        assert!(*l < 0.4 * s, "{name}: {small:?} -> {large:?}");
    }
}

#[test]
fn bg_nbd_recovers_simulated_parameters_more_closely_with_more_customers() {
    let truth = BgNbdParams::new(0.5, 6.0, 0.8, 2.5).unwrap();
    let t = [truth.r, truth.alpha, truth.a, truth.b];
    let se: Vec<Vec<f64>> = [1_000, 16_000]
        .iter()
        .map(|&n| {
            let data = simulate::bg_nbd(&truth, n, 52.0, 13.0, 42);
            let f = bg_nbd::fit(&data).unwrap();
            let p = f.params;
            let fitted = [p.r, p.alpha, p.a, p.b];
            within_four_standard_errors("BG/NBD", &fitted, &t, &f.fit, &["r", "alpha", "a", "b"])
        })
        .collect();
    assert_shrinks("BG/NBD", &se[0], &se[1]);
}

#[test]
fn pareto_nbd_recovers_simulated_parameters_more_closely_with_more_customers() {
    let truth = ParetoNbdParams::new(0.6, 8.0, 0.7, 10.0).unwrap();
    let t = [truth.r, truth.alpha, truth.s, truth.beta];
    let se: Vec<Vec<f64>> = [1_000, 16_000]
        .iter()
        .map(|&n| {
            // On a grid of whole days (weeks / 7) so the 16,000 histories compress.
            let data = clv_engine::models::compress(simulate::on_grid(
                &simulate::pareto_nbd(&truth, n, 52.0, 13.0, 7),
                1.0 / 7.0,
            ));
            let f = pareto_nbd::fit(&data).unwrap();
            let p = f.params;
            let fitted = [p.r, p.alpha, p.s, p.beta];
            within_four_standard_errors(
                "Pareto/NBD",
                &fitted,
                &t,
                &f.fit,
                &["r", "alpha", "s", "beta"],
            )
        })
        .collect();
    assert_shrinks("Pareto/NBD", &se[0], &se[1]);
}

#[test]
fn gamma_gamma_recovers_simulated_parameters_more_closely_with_more_customers() {
    let truth = GammaGammaParams::new(6.0, 4.0, 15.0).unwrap();
    let t = [truth.p, truth.q, truth.v];
    let se: Vec<Vec<f64>> = [500, 8_000]
        .iter()
        .map(|&n| {
            let frequencies: Vec<u32> = (0..n).map(|i| 1 + (i % 7) as u32).collect();
            let data = simulate::gamma_gamma(&truth, &frequencies, 3);
            let f = gamma_gamma::fit(&data).unwrap();
            let p = f.params;
            within_four_standard_errors(
                "Gamma-Gamma",
                &[p.p, p.q, p.v],
                &t,
                &f.fit,
                &["p", "q", "v"],
            )
        })
        .collect();
    assert_shrinks("Gamma-Gamma", &se[0], &se[1]);
}
