//! The engine's integration tests: one binary, one module per topic (as ripgrep's `tests/tests.rs`).

mod analytics;
mod analytics_properties;
mod import;
mod import_properties;
mod import_structure;
mod model_properties;
mod models;
mod test_data;
