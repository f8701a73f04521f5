//! Heap use of the worker's path, stage by stage: the file streamed through the importer in
//! 64 KiB chunks, the report built from the orders kept (as the worker's session does), then
//! the JSON the download would make. A counting allocator gives the bytes live after each stage
//! and the peak during it (the wasm memory's high-water mark follows the peaks):
//!
//! `cargo run --release -p clv-engine --example memory_profile -- FILE [--worker] [--json]`
//!
//! `--worker` follows the browser worker's two steps instead of one report: the descriptive
//! report (models off), then the models, whose output is added to it. `--json` adds the pretty JSON.
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static CUR: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let c = CUR.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(c, Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        CUR.fetch_sub(l.size(), Relaxed);
        System.dealloc(p, l)
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        if n > l.size() {
            let c = CUR.fetch_add(n - l.size(), Relaxed) + n - l.size();
            PEAK.fetch_max(c, Relaxed);
        } else {
            CUR.fetch_sub(l.size() - n, Relaxed);
        }
        System.realloc(p, l, n)
    }
}
#[global_allocator]
static A: Counting = Counting;

fn mark(what: &str) {
    let c = CUR.load(Relaxed);
    let p = PEAK.swap(c, Relaxed);
    eprintln!(
        "{what:<40} now {:>8.1} MB  peak during {:>8.1} MB",
        c as f64 / 1e6,
        p as f64 / 1e6
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = &args[1];
    let worker = args.iter().any(|a| a == "--worker");
    let with_json = args.iter().any(|a| a == "--json");
    let mut f = std::fs::File::open(path).unwrap();
    let size = f.metadata().unwrap().len();
    // Without the browser's limit of orders, to see what a file beyond it would take.
    let options = clv_engine::ImportOptions::new();
    let mut import = clv_engine::StreamingImport::new(options.clone())
        .with_total_bytes(size)
        .unwrap();
    let mut buf = vec![0u8; 1 << 16];
    mark("start");
    loop {
        let n = f.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        import.push(&buf[..n]).unwrap();
    }
    mark("pushed all chunks");
    let imported = import.finish().unwrap();
    mark("import finished");
    eprintln!(
        "orders {} customers {} returns {} skipped {}",
        imported.log.orders.len(),
        imported.log.customers.len(),
        imported.log.returns.len(),
        imported.skipped_rows.len()
    );
    eprintln!(
        "order size {}, room for {} orders",
        std::mem::size_of::<clv_engine::order::Order>(),
        imported.log.orders.capacity()
    );
    let opts = clv_engine::AnalysisOptions::new().import(options);
    let report = if worker {
        let mut quick = opts.clone();
        quick.models = quick.models.enabled(false);
        let mut report = clv_engine::Report::build_from(&imported, &quick).unwrap();
        mark("descriptive report built");
        let (date, model_options) = clv_engine::Report::models_step(&imported, &opts).unwrap();
        // As the worker runs them: the input, then the fits (Pareto/NBD in the helper), then
        // the predictions.
        let output = match clv_engine::models::run::prepare(&imported.log, date, &model_options) {
            Err(out) => *out,
            Ok(plan) => {
                mark("models input");
                let pnbd = clv_engine::models::pareto_nbd::fit(plan.tuples());
                let others = plan.fit_others();
                mark("models fitted");
                plan.finish(&imported.log, date, &model_options, others, pnbd)
            }
        };
        mark("models run");
        report.add_models(&imported.log, &opts, output);
        report
    } else {
        clv_engine::Report::build_from(&imported, &opts).unwrap()
    };
    mark("report built");
    eprintln!(
        "customers rows {} predictions {}",
        report.customers.len(),
        report.predictions.len()
    );
    if with_json {
        let json = serde_json::to_string_pretty(&report).unwrap();
        mark("json");
        eprintln!("json {} MB", json.len() as f64 / 1e6);
    }
    drop(report);
    mark("dropped report");
}
