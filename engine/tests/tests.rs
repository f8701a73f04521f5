//! The engine's integration tests: one binary, one module per topic (as ripgrep's `tests/tests.rs`).

mod actions;
mod analytics;
mod analytics_properties;
mod bounds;
mod fuzz_regressions;
mod import;
mod import_properties;
mod import_structure;
mod json_numbers;
mod model_properties;
mod models;
mod test_data;
mod warehouse;
