//! Writes the generated order export the importer benchmark reads, for the browser benchmark
//! (`scripts/bench-browser.mjs`):
//!
//! `cargo run --release -p clv-engine --example generate_export -- ROWS FILE`

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(rows), Some(path)) = (args.first().and_then(|r| r.parse().ok()), args.get(1)) else {
        eprintln!("usage: generate_export ROWS FILE");
        return ExitCode::FAILURE;
    };
    let bytes = clv_engine::import::generated_order_export(rows);
    match std::fs::write(path, &bytes) {
        Ok(()) => {
            println!("{path}: {rows} rows, {} bytes", bytes.len());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {path}: {e}");
            ExitCode::FAILURE
        }
    }
}
