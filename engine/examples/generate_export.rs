//! Writes the generated order export the importer benchmark reads, for the browser benchmark
//! (`scripts/bench-browser.mjs`), or with `--log` the plain order log of the native peer
//! benchmark (`scripts/bench-peers.sh`):
//!
//! `cargo run --release -p clv-engine --example generate_export -- [--log] ROWS FILE`

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let log = args.first().is_some_and(|a| a == "--log");
    if log {
        args.remove(0);
    }
    let (Some(rows), Some(path)) = (args.first().and_then(|r| r.parse().ok()), args.get(1)) else {
        eprintln!("usage: generate_export [--log] ROWS FILE");
        return ExitCode::FAILURE;
    };
    let bytes = if log {
        clv_engine::import::generated_order_log(rows)
    } else {
        clv_engine::import::generated_order_export(rows)
    };
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
