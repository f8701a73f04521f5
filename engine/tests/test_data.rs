//! The one way the engine's tests reach the repository's shared test data (`tests/data/` at the
//! workspace root, beside this package).

use std::path::PathBuf;

/// The path of a CDNOW file in `tests/data/cdnow/` (see its README for what each file is).
pub fn cdnow_path(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/cdnow")
        .join(file)
}

/// The bytes of a CDNOW file in `tests/data/cdnow/`.
pub fn cdnow(file: &str) -> Vec<u8> {
    let path = cdnow_path(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
