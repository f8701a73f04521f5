//! Importer throughput on a generated 1 M-row order export (`cargo bench -p clv-engine --bench
//! import`). The file is made in code, not committed. Results go to BENCHMARKS.md ("Import").

use clv_engine::import::{generated_order_export, ImportOptions, StreamingImport};
use clv_engine::read_orders;
use divan::counter::BytesCount;
use divan::Bencher;

fn main() {
    divan::main();
}

/// Rows in the generated file.
const ROWS: usize = 1_000_000;

/// The generated export (about 70 MB), the same file the browser benchmark reads.
fn generated_export() -> Vec<u8> {
    generated_order_export(ROWS)
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn read_orders_1m_rows(bencher: Bencher) {
    let file = generated_export();
    bencher
        .counter(BytesCount::new(file.len()))
        .bench(|| read_orders(&file, &ImportOptions::new()).map(|got| got.rows.total));
}

/// The worker's path: 1 MiB chunks through [`StreamingImport`].
#[divan::bench(sample_count = 5, sample_size = 1)]
fn streaming_1m_rows_in_1mib_chunks(bencher: Bencher) {
    let file = generated_export();
    bencher.counter(BytesCount::new(file.len())).bench(|| {
        let mut import =
            StreamingImport::new(ImportOptions::new()).with_total_bytes(file.len() as u64)?;
        for chunk in file.chunks(1 << 20) {
            import.push(chunk)?;
        }
        import.finish().map(|got| got.rows.total)
    });
}
