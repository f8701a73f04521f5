//! The engine's integration tests: one binary, topical modules (as ripgrep's `tests/tests.rs`).

mod import;
mod import_properties;
