//! The analysis worker: receives a file's bytes, runs the engine, answers with progress
//! messages and then the report (or a message the user can act on). It keeps the last report so
//! the JSON download is serialised here, not on the page's thread.

use clv_engine::{analyze_with_progress, AnalysisOptions, Progress, Report};
use gloo_worker::{HandlerId, Worker, WorkerScope};
use serde::{Deserialize, Serialize};

/// What the page asks the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// Analyse this file.
    Analyze {
        /// File name, for messages.
        name: String,
        /// The file's bytes.
        bytes: Vec<u8>,
    },
    /// Send the last report as pretty JSON (the same text `clv report --format json` prints).
    ReportJson,
}

/// What the worker answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Response {
    /// Work is advancing.
    Progress(Progress),
    /// The analysis is done.
    Report(Box<Report>),
    /// The file could not be analysed; the message is for the user.
    Failed(String),
    /// The last report as JSON.
    ReportJson(String),
}

/// The worker's state: the last report, kept for exports.
#[derive(Default)]
pub struct AnalysisWorker {
    last: Option<Report>,
}

/// Runs one request; separate from the worker plumbing so it can be tested natively.
pub fn handle(last: &mut Option<Report>, request: Request, mut respond: impl FnMut(Response)) {
    match request {
        Request::Analyze { name, bytes } => {
            let mut on_progress = |p: Progress| respond(Response::Progress(p));
            let result = analyze_with_progress(&bytes, &AnalysisOptions::new(), &mut on_progress);
            match result {
                Ok(report) => {
                    *last = Some(report.clone());
                    respond(Response::Report(Box::new(report)));
                }
                Err(e) => {
                    *last = None;
                    respond(Response::Failed(format!("{name}: {e}")));
                }
            }
        }
        Request::ReportJson => match last.as_ref().map(serde_json::to_string_pretty) {
            Some(Ok(json)) => respond(Response::ReportJson(json)),
            Some(Err(e)) => respond(Response::Failed(format!(
                "The report could not be saved: {e}"
            ))),
            None => respond(Response::Failed("There is no report to save yet.".into())),
        },
    }
}

impl Worker for AnalysisWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        Self::default()
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, request: Self::Input, id: HandlerId) {
        handle(&mut self.last, request, |r| scope.respond(id, r));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn analyse_then_export_json_matches_the_report() {
        let mut last = None;
        let mut out = Vec::new();
        let bytes = b"customer_id,date,amount\na,2024-01-01,10\nb,2024-01-02,20\n".to_vec();
        handle(
            &mut last,
            Request::Analyze {
                name: "f.csv".into(),
                bytes,
            },
            |r| out.push(r),
        );
        let report = match out.last() {
            Some(Response::Report(r)) => r.clone(),
            other => panic!("expected a report, got {other:?}"),
        };
        assert!(out.iter().any(|r| matches!(r, Response::Progress(_))));
        assert_eq!(report.kpis.customers, 2);
        handle(&mut last, Request::ReportJson, |r| out.push(r));
        match out.last() {
            Some(Response::ReportJson(json)) => {
                assert_eq!(json, &serde_json::to_string_pretty(&*report).unwrap())
            }
            other => panic!("expected JSON, got {other:?}"),
        }
    }

    #[test]
    fn the_report_survives_the_worker_codec() {
        // gloo-worker sends messages with bincode, which is not self-describing: a serde
        // attribute such as skip_serializing_if would break decoding on the page's side.
        let mut last = None;
        let mut out = Vec::new();
        let bytes = include_bytes!("../public/sample-orders.csv").to_vec();
        handle(
            &mut last,
            Request::Analyze {
                name: "s.csv".into(),
                bytes,
            },
            |r| out.push(r),
        );
        let Some(Response::Report(report)) = out.pop() else {
            panic!("no report");
        };
        let encoded = bincode::serialize(&Response::Report(report.clone())).unwrap();
        match bincode::deserialize::<Response>(&encoded).unwrap() {
            Response::Report(decoded) => assert_eq!(decoded, report),
            other => panic!("decoded {other:?}"),
        }
    }

    #[test]
    fn a_bad_file_gives_a_message_with_its_name() {
        let mut last = None;
        let mut out = Vec::new();
        let bytes = b"name,when\nx,y\n".to_vec();
        handle(
            &mut last,
            Request::Analyze {
                name: "bad.csv".into(),
                bytes,
            },
            |r| out.push(r),
        );
        match out.last() {
            Some(Response::Failed(msg)) => {
                assert!(msg.starts_with("bad.csv: "), "{msg}");
                assert!(msg.contains("no customer column"), "{msg}");
            }
            other => panic!("expected a failure, got {other:?}"),
        }
    }
}
