//! The engine's integration tests: one binary, one module per topic.

mod model_properties;
mod models;
