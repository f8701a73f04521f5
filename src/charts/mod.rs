//! Charts: data preparation and geometry (pure, tested natively) apart from drawing, and drawing
//! functions generic over plotters' `DrawingBackend` so the same code paints the canvas on screen
//! and an SVG string for export and tests.

pub mod bars;
pub mod canvas;
pub mod frame;
pub mod heatmap;
pub mod histogram;
pub mod lines;
pub mod palette;
pub mod revenue_histogram;
pub mod spec;
pub mod tornado;
