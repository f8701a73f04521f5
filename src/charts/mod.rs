//! Charts: data preparation and geometry (pure, tested natively) apart from drawing, and drawing
//! functions generic over plotters' `DrawingBackend` so the same code paints the canvas on screen
//! and an SVG string for export and tests.
//!
//! Layers, each using only those above it: the vocabulary ([`value_format`], [`hit`],
//! [`text_alternative`], [`palette`], [`histogram`]); the axes ([`axis`]) and the frame every
//! chart draws in ([`frame`]); the charts ([`bars`], [`heatmap`], [`lines`], [`revenue_histogram`],
//! [`tornado`]); and [`spec`]'s [`Chart`], which knows them all and is known by none.

pub mod axis;
pub mod bars;
pub mod canvas;
pub mod frame;
pub mod heatmap;
pub mod histogram;
pub mod hit;
pub mod lines;
pub mod palette;
pub mod revenue_histogram;
pub mod spec;
#[cfg(test)]
mod test_support;
pub mod text_alternative;
pub mod tornado;
pub mod value_format;

pub use frame::Plot;
pub use hit::{hit_at, Hit};
pub use spec::Chart;
pub use value_format::ValueKind;
