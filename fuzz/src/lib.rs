//! The fuzz targets' checks, shared with the regression tests.
pub mod checks;
