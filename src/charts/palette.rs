//! Colours: the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies.

use plotters::style::RGBColor;

/// Main series colour (Okabe–Ito blue).
pub const PRIMARY: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Axis and label colour.
pub const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// Chart background.
pub const PAPER: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
/// The unfavourable side of a comparison (Okabe–Ito vermillion).
pub const WORSE: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
