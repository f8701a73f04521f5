//! Charts: data preparation and geometry (pure, tested natively) apart from drawing, and drawing
//! functions generic over plotters' `DrawingBackend` so the same code paints the canvas on screen
//! and an SVG string for export and tests.
//!
//! Layers, each using only those above it: the vocabulary ([`value_format`], [`hit`],
//! [`text_alternative`], [`palette`], [`histogram`]); the axes ([`axis`]) and the frame every
//! chart draws in ([`frame`]); the charts ([`bars`], [`heatmap`], [`lines`], [`revenue_histogram`],
//! [`tornado`]); and [`spec`]'s [`Chart`], which knows them all and is known by none.

pub(crate) mod axis;
pub(crate) mod bars;
pub(crate) mod canvas;
pub(crate) mod frame;
pub(crate) mod heatmap;
pub mod histogram;
pub(crate) mod hit;
pub(crate) mod lines;
pub mod palette;
pub mod revenue_histogram;
pub(crate) mod spec;
#[cfg(test)]
mod test_support;
pub(crate) mod text_alternative;
pub(crate) mod tornado;
pub(crate) mod value_format;

// What the browser test (tests/wasm.rs) draws with, besides the public modules above.
pub use frame::Plot;
pub use value_format::ValueKind;

pub(crate) use hit::{hit_at, Hit};
pub(crate) use spec::Chart;
