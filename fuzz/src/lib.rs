//! The fuzz targets' checks, shared with the regression tests.

/// The report's documented numbers (shared with the engine's and the CLI's tests).
#[path = "../../engine/tests/json_numbers.rs"]
pub mod json_numbers;

pub mod checks;
