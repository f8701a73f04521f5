//! `clv report --format json`, compact: the same text `serde_json::to_writer` gives, with the
//! two per-customer lists (nine tenths of the text: 107 MB for 100,000 customers with
//! predictions) serialised on every core, piece by piece, so only a few pieces are in memory
//! at a time.

mod flat;

use std::io::Write;

use clv_engine::Report;
use serde::Serialize;

/// Elements one thread serialises at a time (≈ 6 MB of predictions): large enough that starting
/// the threads costs little, small enough that the text held stays a few pieces.
const PIECE: usize = 8_192;

/// Most threads used.
const MAX_THREADS: usize = 8;

/// Writes `report` as compact JSON and a line end: byte for byte what `serde_json::to_writer`
/// writes (the summary's fields first — they are the report's flattened fields — then
/// `customers` and `predictions`).
pub fn write_report(out: &mut dyn Write, report: &Report) -> Result<(), String> {
    let mut head = serde_json::to_vec(&report.summary).map_err(|e| e.to_string())?;
    // The summary is an object with fields: its closing brace gives way to the lists.
    if head.pop() != Some(b'}') || head.len() < 2 {
        return Err("the report's summary is not a JSON object".into());
    }
    let io = |e: std::io::Error| e.to_string();
    out.write_all(&head).map_err(io)?;
    out.write_all(b",\"customers\":").map_err(io)?;
    write_array(out, &report.customers)?;
    out.write_all(b",\"predictions\":").map_err(io)?;
    write_array(out, &report.predictions)?;
    out.write_all(b"}\n").map_err(io)
}

/// Writes `items` as a compact JSON array, each block of pieces serialised in parallel and
/// written in order.
fn write_array<T: Serialize + Sync>(out: &mut dyn Write, items: &[T]) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_THREADS);
    out.write_all(b"[").map_err(io)?;
    let mut first = true;
    for block in items.chunks(PIECE * threads) {
        let texts: Vec<Result<Vec<u8>, serde_json::Error>> = if threads == 1 {
            vec![piece(block)]
        } else {
            std::thread::scope(|scope| {
                let handles: Vec<_> = block
                    .chunks(PIECE)
                    .map(|part| scope.spawn(move || piece(part)))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                    })
                    .collect()
            })
        };
        for text in texts {
            let text = text.map_err(|e| e.to_string())?;
            if !first {
                out.write_all(b",").map_err(io)?;
            }
            first = false;
            out.write_all(&text).map_err(io)?;
        }
    }
    out.write_all(b"]").map_err(io)
}

/// The elements of `part` as JSON, separated by commas.
fn piece<T: Serialize>(part: &[T]) -> Result<Vec<u8>, serde_json::Error> {
    let mut text = Vec::new();
    for (i, item) in part.iter().enumerate() {
        if i > 0 {
            text.push(b',');
        }
        let start = text.len();
        if flat::write(&mut text, item).is_err() {
            text.truncate(start);
            serde_json::to_writer(&mut text, item)?;
        }
        if i == 0 {
            // Sized from the first element (a customer's row is ≈ 350 bytes, a prediction
            // ≈ 700), so the piece is not copied again and again as it grows.
            text.reserve((text.len() + 1) * part.len() * 9 / 8);
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clv_engine::{analyze, AnalysisOptions};

    fn written(report: &Report) -> Vec<u8> {
        let mut out = Vec::new();
        write_report(&mut out, report).unwrap();
        out
    }

    fn expected(report: &Report) -> Vec<u8> {
        let mut text = serde_json::to_vec(report).unwrap();
        text.push(b'\n');
        text
    }

    #[test]
    fn the_text_is_serde_jsons_byte_for_byte() {
        // Several blocks of pieces, with and without predictions.
        let mut csv = String::from("customer,date,amount\n");
        for i in 0..(PIECE * 2 + 300) {
            let day = 1 + (i * 7) % 28;
            csv.push_str(&format!(
                "c{},2023-0{}-{day:02},{}.5\n",
                i % 20_000,
                1 + i % 9,
                i % 97
            ));
            csv.push_str(&format!("c{},2024-01-{day:02},12\n", i % 20_000));
        }
        let with_models = analyze(csv.as_bytes(), &AnalysisOptions::new()).unwrap();
        assert!(with_models.customers.len() > PIECE * 2);
        assert_eq!(with_models.predictions.len(), with_models.customers.len());
        assert_eq!(written(&with_models), expected(&with_models));
        // Both lists take the fast path (a fallback to serde_json would give the same text).
        let mut text = Vec::new();
        assert!(flat::write(&mut text, &with_models.customers[0]).is_ok());
        assert!(flat::write(&mut text, &with_models.predictions[0]).is_ok());
        let mut options = AnalysisOptions::new();
        options.models.enabled = false;
        let without = analyze(csv.as_bytes(), &options).unwrap();
        assert!(without.predictions.is_empty());
        assert_eq!(written(&without), expected(&without));
    }
}
