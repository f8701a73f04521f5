//! The Web Worker binary: all parsing and analysis runs here, off the page's thread.

use gloo_worker::Registrable;

fn main() {
    console_error_panic_hook::set_once();
    clv_lens::worker::AnalysisWorker::registrar().register();
}
