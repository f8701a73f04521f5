//! Writes the generated order export the importer benchmark reads, for the browser benchmark
//! (`scripts/bench-browser.mjs`), with `--log` the plain order log of the native peer
//! benchmark (`scripts/bench-peers.sh`), or with `--shopify` a wide export shaped like
//! Shopify's (79 columns, a row per line item; ROWS is then the number of orders):
//!
//! `cargo run --release -p clv-engine --example generate_export -- [--log|--shopify] ROWS FILE`

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let kind = args
        .first()
        .filter(|a| *a == "--log" || *a == "--shopify")
        .cloned();
    if kind.is_some() {
        args.remove(0);
    }
    let (Some(rows), Some(path)) = (args.first().and_then(|r| r.parse().ok()), args.get(1)) else {
        eprintln!("usage: generate_export [--log|--shopify] ROWS FILE");
        return ExitCode::FAILURE;
    };
    let bytes = match kind.as_deref() {
        Some("--log") => clv_engine::import::generated_order_log(rows),
        Some(_) => clv_engine::import::generated_shopify_export(rows),
        None => clv_engine::import::generated_order_export(rows),
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
