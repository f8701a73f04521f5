//! A second analysis worker that fits Pareto/NBD while the first fits the other models: a
//! browser gives each worker a thread of its own, and Pareto/NBD's fit is the longest part of
//! the models step, so the full report comes sooner on a machine with two cores or more. The
//! fit's input is the distinct (frequency, recency, T) tuples, a few megabytes at most; its
//! answer is the fitted model, bit for bit what fitting here gives (bincode keeps every f64).
//!
//! The helper is started when the first file is dropped (its WebAssembly compiles while the
//! file is read). Without one (a browser that cannot start a worker from a worker, a small
//! file, or no answer in [`ANSWER_WITHIN_MS`]) the fit is made here.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use clv_engine::models::{FitError, FittedParetoNbd, RfmTuple};
use gloo_worker::{Spawnable, WorkerBridge};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::{AnalysisWorker, Request, Response};

/// Fewer tuples than this are fitted here: the fit takes less than the messages.
pub const MIN_TUPLES: usize = 500;

/// How long the helper may take before the fit is made here after all (a helper that failed
/// never answers).
const ANSWER_WITHIN_MS: i32 = 120_000;

/// Pareto/NBD's fit, as the helper answers it.
type Fitted = Result<FittedParetoNbd, FitError>;

#[derive(Default)]
struct Waiting {
    /// The number of the last fit asked for: an answer to an earlier one is ignored.
    id: u64,
    result: Option<Fitted>,
    resolve: Option<Function>,
}

/// The second worker, once started.
#[derive(Default)]
pub struct Helper {
    bridge: RefCell<Option<WorkerBridge<AnalysisWorker>>>,
    waiting: Rc<RefCell<Waiting>>,
}

impl Helper {
    /// Starts the helper if it is not running and the browser can start a worker from a worker.
    pub fn start(&self) {
        if self.bridge.borrow().is_some() {
            return;
        }
        let global = js_sys::global();
        if !Reflect::has(&global, &"Worker".into()).unwrap_or(false) {
            return;
        }
        let waiting = self.waiting.clone();
        let bridge = AnalysisWorker::spawner()
            .callback(move |response| {
                if let Response::ParetoNbd { id, result } = response {
                    let mut w = waiting.borrow_mut();
                    if w.id == id {
                        w.result = Some(result);
                        if let Some(resolve) = w.resolve.take() {
                            let _ = resolve.call0(&JsValue::NULL);
                        }
                    }
                }
            })
            .with_loader(true)
            .as_module(false)
            .spawn("./worker_loader.js");
        self.bridge.replace(Some(bridge));
    }

    /// Sends `tuples` to the helper to fit Pareto/NBD; the returned future gives its answer
    /// (`None` when there was none in time). `None` when there is no helper or the data is
    /// small: the caller fits here.
    pub fn fit_pareto_nbd(
        &self,
        tuples: &[RfmTuple],
    ) -> Option<impl Future<Output = Option<Fitted>>> {
        if tuples.len() < MIN_TUPLES {
            return None;
        }
        let bridge = self.bridge.borrow();
        let bridge = bridge.as_ref()?;
        let scope: web_sys::WorkerGlobalScope = js_sys::global().dyn_into().ok()?;
        let id = {
            let mut w = self.waiting.borrow_mut();
            w.id += 1;
            w.result = None;
            w.resolve = None;
            w.id
        };
        let waiting = self.waiting.clone();
        let mut timeout = None;
        let promise = Promise::new(&mut |resolve: Function, _reject| {
            timeout = Some(resolve.clone());
            waiting.borrow_mut().resolve = Some(resolve);
        });
        // Resolving an answered promise again does nothing.
        if let Some(resolve) = timeout {
            let _ = scope
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ANSWER_WITHIN_MS);
        }
        bridge.send(Request::FitParetoNbd {
            id,
            tuples: tuples.to_vec(),
        });
        let waiting = self.waiting.clone();
        Some(async move {
            let _ = JsFuture::from(promise).await;
            let mut w = waiting.borrow_mut();
            w.resolve = None;
            w.result.take()
        })
    }
}
