//! Wall time of each step of `clv report`'s work on one file, natively, one step after the
//! other (the CLI runs the Pareto/NBD fit beside the other fits, and the predictions and the
//! JSON on every core): the streamed import, the models' input, the fits with their standard
//! errors, the predictions, the rest of the report, and the JSON. Where to look first when the
//! whole is slow:
//!
//! `cargo run --release -p clv-engine --example phase_times -- FILE`
use clv_engine::models::{self, bg_nbd, mbg_nbd, pareto_nbd};
use clv_engine::{AnalysisOptions, ImportOptions, Report, StreamingImport};
use std::io::Read;
use std::time::Instant;

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    eprintln!("{what:<36} {:>8.3} s", started.elapsed().as_secs_f64());
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: phase_times FILE")?;
    let imported = timed("import (streamed, 1 MiB chunks)", || {
        let mut file = std::fs::File::open(&path)?;
        let mut import = StreamingImport::new(ImportOptions::new());
        let mut buf = vec![0u8; 1 << 20];
        loop {
            let n = file.read(&mut buf)?;
            if n == 0 {
                break;
            }
            import.push(&buf[..n])?;
        }
        Ok::<_, Box<dyn std::error::Error>>(import.finish()?)
    })?;
    let options = AnalysisOptions::new();
    let (date, model_options) = Report::models_step(&imported, &options)?;
    let plan = timed("models: input (tuples)", || {
        models::prepare(&imported.log, date, &model_options)
    })
    .map_err(|_| "nothing to fit")?;
    eprintln!("  {} distinct histories", plan.tuples().len());
    let _ = timed("models: BG/NBD fit alone", || bg_nbd::fit(plan.tuples()));
    let _ = timed("models: MBG/NBD fit alone", || mbg_nbd::fit(plan.tuples()));
    let (bg, mbg, gg) = timed("models: BG/NBD, MBG/NBD, Gamma-Gamma", || plan.fit_others());
    let pnbd = timed("models: Pareto/NBD fit", || pareto_nbd::fit(plan.tuples()));
    for (name, fit) in [
        ("BG/NBD", bg.as_ref().map(|m| &m.fit)),
        ("MBG/NBD", mbg.as_ref().map(|m| &m.fit)),
        ("Pareto/NBD", pnbd.as_ref().map(|m| &m.fit)),
        ("Gamma-Gamma", gg.as_ref().map(|m| &m.fit)),
    ] {
        if let Ok(fit) = fit {
            eprintln!("  {name}: {} iterations, {:?}", fit.iterations, fit.reason);
        }
    }
    let output = timed("models: predictions (finish)", || {
        plan.finish(&imported.log, date, &model_options, (bg, mbg, gg), pnbd)
    });
    let report = timed("report: assemble", || {
        Report::build_from_with_models(&imported, &options, date, output)
    })?;
    timed("report: JSON (serde_json, compact)", || {
        serde_json::to_vec(&report).map(|v| v.len())
    })?;
    Ok(())
}
