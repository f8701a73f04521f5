//! Writes the generated order export the importer benchmark reads, for the browser benchmark
//! (`scripts/bench-browser.mjs`), with `--log` the plain order log of the native peer
//! benchmark (`scripts/bench-peers.sh`), or with `--shopify` a wide export shaped like
//! Shopify's (79 columns, a row per line item; ROWS is then the number of orders). With
//! `--newest-first` the rows come in the opposite order, as many shops' exports list them (the
//! newest order first, its number the highest):
//!
//! `cargo run --release -p clv-engine --example generate_export -- [--log|--shopify]
//! [--newest-first] ROWS FILE`

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let newest_first = args.iter().any(|a| a == "--newest-first");
    args.retain(|a| a != "--newest-first");
    let kind = args
        .first()
        .filter(|a| *a == "--log" || *a == "--shopify")
        .cloned();
    if kind.is_some() {
        args.remove(0);
    }
    let (Some(rows), Some(path)) = (args.first().and_then(|r| r.parse().ok()), args.get(1)) else {
        eprintln!("usage: generate_export [--log|--shopify] [--newest-first] ROWS FILE");
        return ExitCode::FAILURE;
    };
    let mut bytes = match kind.as_deref() {
        Some("--log") => clv_engine::import::generated_order_log(rows),
        Some(_) => clv_engine::import::generated_shopify_export(rows),
        None => clv_engine::import::generated_order_export(rows),
    };
    if newest_first {
        bytes = rows_reversed(&bytes);
    }
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

/// The header, then the rows from the last to the first, each ending its line (the generated
/// files have no line break inside a field).
fn rows_reversed(text: &[u8]) -> Vec<u8> {
    let mut lines = text.split_inclusive(|&b| b == b'\n');
    let mut out = Vec::with_capacity(text.len());
    out.extend_from_slice(lines.next().unwrap_or_default());
    let rows: Vec<&[u8]> = lines.collect();
    for row in rows.iter().rev() {
        out.extend_from_slice(row);
        if !row.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    out
}
