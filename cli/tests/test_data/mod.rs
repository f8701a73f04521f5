//! The one way the CLI's tests name files of the repository's test data: the workspace's
//! `tests/data/` and the engine's fixtures. `clv` takes paths, so these give paths as strings.

/// The path of a CDNOW file in the workspace's `tests/data/cdnow/` (its README says what each is).
pub fn cdnow(file: &str) -> String {
    format!("{}/../tests/data/cdnow/{file}", env!("CARGO_MANIFEST_DIR"))
}

/// The path of one of the engine's import fixtures (`engine/tests/data/`).
#[allow(dead_code)] // not every test binary reads an engine fixture
pub fn engine_fixture(file: &str) -> String {
    format!("{}/../engine/tests/data/{file}", env!("CARGO_MANIFEST_DIR"))
}
