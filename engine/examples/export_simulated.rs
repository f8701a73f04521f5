//! Writes the benchmark's simulated data (benches/models.rs: same parameters and seeds) as CSV,
//! so other tools (e.g. Python lifetimes) can fit the same data for BENCHMARKS.md:
//! `cargo run --release -p clv-engine --example export_simulated -- OUT_DIR`.

use clv_engine::models::{
    bg_nbd, compress, gamma_gamma, pareto_nbd, simulate, BgNbdParams, GammaGammaParams,
    ParetoNbdParams, RfmTuple,
};
use std::io::Write;

const CUSTOMERS: usize = 100_000;

fn write_tuples(path: &std::path::Path, data: &[RfmTuple]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(out, "frequency,recency,T,weight")?;
    for t in data {
        writeln!(out, "{},{},{},{}", t.frequency, t.recency, t.t, t.weight)?;
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let bg = BgNbdParams::new(0.243, 4.414, 0.793, 2.426).expect("valid");
    let bg_data = compress(simulate::on_grid(
        &simulate::bg_nbd(&bg, CUSTOMERS, 38.86, 12.0, 1),
        1.0 / 7.0,
    ));
    write_tuples(&dir.join("bg_nbd_100k.csv"), &bg_data)?;
    let pn = ParetoNbdParams::new(0.553, 10.578, 0.606, 11.669).expect("valid");
    let pn_data = compress(simulate::on_grid(
        &simulate::pareto_nbd(&pn, CUSTOMERS, 38.86, 12.0, 2),
        1.0 / 7.0,
    ));
    write_tuples(&dir.join("pareto_nbd_100k.csv"), &pn_data)?;
    let gg = GammaGammaParams::new(6.25, 3.74, 15.44).expect("valid");
    let frequencies: Vec<u32> = bg_data
        .iter()
        .filter(|t| t.frequency > 0)
        .flat_map(|t| std::iter::repeat_n(t.frequency, t.weight as usize))
        .collect();
    let spend = simulate::gamma_gamma(&gg, &frequencies, 3);
    let mut out = std::io::BufWriter::new(std::fs::File::create(dir.join("gamma_gamma_100k.csv"))?);
    writeln!(out, "frequency,monetary_value")?;
    for s in &spend {
        writeln!(out, "{},{}", s.frequency, s.monetary_value)?;
    }
    // Our own fits of the same data, to set beside the other tool's.
    let timed = |name: &str, f: &dyn Fn() -> String| {
        let start = std::time::Instant::now();
        let result = f();
        println!(
            "{name}: {result} in {:.1} ms",
            start.elapsed().as_secs_f64() * 1e3
        );
    };
    timed("BG/NBD", &|| {
        format!(
            "{:?}",
            bg_nbd::fit(&bg_data).map(|f| (f.params, f.fit.log_likelihood))
        )
    });
    timed("Pareto/NBD", &|| {
        format!(
            "{:?}",
            pareto_nbd::fit(&pn_data).map(|f| (f.params, f.fit.log_likelihood))
        )
    });
    timed("Gamma-Gamma", &|| {
        format!("{:?}", gamma_gamma::fit(&spend).map(|f| f.params))
    });
    Ok(())
}
