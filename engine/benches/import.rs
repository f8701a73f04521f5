//! Importer throughput on a generated 1 M-row order export (`cargo bench -p clv-engine --bench
//! import`). The file is made in code, not committed. Results go to BENCHMARKS.md ("Import").

use clv_engine::import::{ImportOptions, StreamingImport};
use clv_engine::read_orders;
use divan::counter::BytesCount;
use divan::Bencher;

fn main() {
    divan::main();
}

/// Rows in the generated file.
const ROWS: usize = 1_000_000;
/// Distinct customers in it.
const CUSTOMERS: usize = 100_000;

/// A typical export: order id, customer e-mail, ISO date-time, amount, channel.
fn generated_export() -> Vec<u8> {
    let mut out = String::with_capacity(ROWS * 64);
    out.push_str("order_id,email,created_at,total,channel\n");
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..ROWS {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let customer = state as usize % CUSTOMERS;
        let day = 1 + (i * 28 / ROWS);
        let month = 1 + (state >> 20) as usize % 12;
        let cents = (state >> 32) % 50_000;
        let channel = ["web", "pos", "instagram", "marketplace"][(state >> 40) as usize % 4];
        out.push_str(&format!(
            "#{},Customer{}@Example.com,2024-{:02}-{:02} 12:{:02}:00 +0100,{}.{:02},{}\n",
            1000 + i,
            customer,
            month,
            day,
            i % 60,
            cents / 100,
            cents % 100,
            channel
        ));
    }
    out.into_bytes()
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
        let mut import = StreamingImport::new(ImportOptions::new());
        for chunk in file.chunks(1 << 20) {
            import.push(chunk)?;
        }
        import.finish().map(|got| got.rows.total)
    });
}
