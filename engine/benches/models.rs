//! Fitting speed of the customer-base models on 100,000 simulated customers with CDNOW-like
//! parameters (weeks; purchase dates on whole days, a 12-week acquisition window, 39 weeks of
//! history), compressed to distinct (x, t_x, T) tuples as the engine does. Run with
//! `cargo bench -p clv-engine --bench models`; results in BENCHMARKS.md ("Models").

use clv_engine::models::{
    bg_nbd, compress, gamma_gamma, pareto_nbd, simulate, BgNbdParams, GammaGammaParams,
    ParetoNbdParams, RfmTuple, SpendObservation,
};
use std::sync::OnceLock;

const CUSTOMERS: usize = 100_000;

fn main() {
    divan::main();
}

fn bg_data() -> &'static [RfmTuple] {
    static DATA: OnceLock<Vec<RfmTuple>> = OnceLock::new();
    DATA.get_or_init(|| {
        let truth = BgNbdParams::new(0.243, 4.414, 0.793, 2.426).unwrap();
        let raw = simulate::bg_nbd(&truth, CUSTOMERS, 38.86, 12.0, 1);
        let data = compress(simulate::on_grid(&raw, 1.0 / 7.0));
        eprintln!(
            "BG/NBD: {CUSTOMERS} customers → {} distinct tuples",
            data.len()
        );
        data
    })
}

fn pareto_data() -> &'static [RfmTuple] {
    static DATA: OnceLock<Vec<RfmTuple>> = OnceLock::new();
    DATA.get_or_init(|| {
        let truth = ParetoNbdParams::new(0.553, 10.578, 0.606, 11.669).unwrap();
        let raw = simulate::pareto_nbd(&truth, CUSTOMERS, 38.86, 12.0, 2);
        let data = compress(simulate::on_grid(&raw, 1.0 / 7.0));
        eprintln!(
            "Pareto/NBD: {CUSTOMERS} customers → {} distinct tuples",
            data.len()
        );
        data
    })
}

fn spend_data() -> &'static [SpendObservation] {
    static DATA: OnceLock<Vec<SpendObservation>> = OnceLock::new();
    DATA.get_or_init(|| {
        let truth = GammaGammaParams::new(6.25, 3.74, 15.44).unwrap();
        // As many repeat customers as the BG/NBD sample has, with its frequencies.
        let frequencies: Vec<u32> = bg_data()
            .iter()
            .filter(|t| t.frequency > 0)
            .flat_map(|t| std::iter::repeat_n(t.frequency, t.weight as usize))
            .collect();
        eprintln!("Gamma-Gamma: {} repeat customers", frequencies.len());
        simulate::gamma_gamma(&truth, &frequencies, 3)
    })
}

#[divan::bench(sample_count = 10)]
fn fit_bg_nbd_100k(bencher: divan::Bencher) {
    let data = bg_data();
    bencher.bench(|| bg_nbd::fit(divan::black_box(data)).unwrap());
}

#[divan::bench(sample_count = 10)]
fn fit_pareto_nbd_100k(bencher: divan::Bencher) {
    let data = pareto_data();
    bencher.bench(|| pareto_nbd::fit(divan::black_box(data)).unwrap());
}

#[divan::bench(sample_count = 10)]
fn fit_gamma_gamma_100k(bencher: divan::Bencher) {
    let data = spend_data();
    bencher.bench(|| gamma_gamma::fit(divan::black_box(data)).unwrap());
}

/// The app's first sample (160 customers, now engine/tests/data/small_shop_two_years.csv), whole
/// report with all models: the fits run to the edge of the parameter box there (Pareto/NBD
/// s, β → ∞, Gamma-Gamma p → ∞), which once took minutes.
#[divan::bench(sample_count = 10)]
fn report_small_shop(bencher: divan::Bencher) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/small_shop_two_years.csv"
    );
    let bytes = std::fs::read(path).expect("the small shop's export");
    let options = clv_engine::AnalysisOptions::new();
    bencher.bench(|| clv_engine::analyze(divan::black_box(&bytes), &options).unwrap());
}

/// The app's bundled sample (public/sample-orders.csv, 3,000 customers over three years), whole
/// report with all models: what "Try it with sample data" asks of the worker.
#[divan::bench(sample_count = 10)]
fn report_bundled_sample(bencher: divan::Bencher) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/sample-orders.csv");
    let bytes = std::fs::read(path).expect("the app's bundled sample");
    let options = clv_engine::AnalysisOptions::new();
    bencher.bench(|| clv_engine::analyze(divan::black_box(&bytes), &options).unwrap());
}

/// 100,000 customers who all drop out at the same rate (Pareto/NBD with s = 1e4, mean dropout
/// rate 0.02 a week): the likelihood rises along the ridge s, β → ∞ to the edge of the
/// parameter box, the hypergeometric series would be long there and the quadrature fallback
/// takes over. The worst case of the Pareto/NBD fit.
#[divan::bench(sample_count = 3)]
fn fit_pareto_nbd_100k_same_dropout(bencher: divan::Bencher) {
    static DATA: OnceLock<Vec<RfmTuple>> = OnceLock::new();
    let data = DATA.get_or_init(|| {
        let truth = ParetoNbdParams::new(0.553, 10.578, 1e4, 5e5).unwrap();
        let raw = simulate::pareto_nbd(&truth, CUSTOMERS, 38.86, 12.0, 4);
        compress(simulate::on_grid(&raw, 1.0 / 7.0))
    });
    bencher.bench(|| {
        let fitted = pareto_nbd::fit(divan::black_box(data)).unwrap();
        eprintln!(
            "{:?} {:?} {}",
            fitted.params, fitted.fit.reason, fitted.fit.iterations
        );
        fitted
    });
}
