//! Progress messages, so a long analysis can drive a progress bar.

use serde::{Deserialize, Serialize};

/// The stage the analysis is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Reading and parsing rows; `done`/`total` are bytes.
    Reading,
    /// Building per-customer summaries and metrics.
    Summarising,
    /// Finished.
    Done,
}

/// One progress message: `done` out of `total` units of the current stage.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Current stage.
    pub stage: Stage,
    /// Units done in this stage.
    pub done: u64,
    /// Units in this stage.
    pub total: u64,
}

impl Progress {
    /// A progress message.
    pub fn new(stage: Stage, done: u64, total: u64) -> Self {
        Progress { stage, done, total }
    }

    /// Fraction of the stage done, 0..=1.
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            (self.done as f64 / self.total as f64).clamp(0.0, 1.0)
        }
    }
}
