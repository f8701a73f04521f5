//! Colours: the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies.

use plotters::style::RGBColor;

/// Main series colour (Okabe–Ito blue).
pub const PRIMARY: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Axis and label colour.
pub(crate) const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// Chart background.
pub(crate) const PAPER: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);
/// The unfavourable side of a comparison (Okabe–Ito vermillion).
pub(crate) const WORSE: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Grid lines at the value ticks: light enough to stay behind the data.
pub(crate) const GRID: RGBColor = RGBColor(0xE0, 0xE0, 0xE0);
/// Band behind an emphasised category (e.g. the selected filter).
pub(crate) const HIGHLIGHT_BAND: RGBColor = RGBColor(0xEC, 0xEC, 0xEC);

/// Series colours in order: the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"),
/// blue first to match [`PRIMARY`], yellow last because it has the weakest contrast on white.
pub(crate) const SERIES: [RGBColor; 8] = [
    PRIMARY,
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    WORSE,
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0x00, 0x00, 0x00), // black
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];

/// The colour of series `i`; after the eighth the colours repeat (line charts then dash the
/// repeats so they stay distinguishable).
pub(crate) fn series_colour(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// Stops of the sequential ramp: ColorBrewer "Blues" (Brewer, colorbrewer2.org) without its
/// near-white first stop, so the smallest value still shows on white paper. One hue of rising
/// darkness reads the same with every colour-vision deficiency and in greyscale.
const RAMP: [RGBColor; 8] = [
    RGBColor(0xDE, 0xEB, 0xF7),
    RGBColor(0xC6, 0xDB, 0xEF),
    RGBColor(0x9E, 0xCA, 0xE1),
    RGBColor(0x6B, 0xAE, 0xD6),
    RGBColor(0x42, 0x92, 0xC6),
    RGBColor(0x21, 0x71, 0xB5),
    RGBColor(0x08, 0x51, 0x9C),
    RGBColor(0x08, 0x30, 0x6B),
];

/// The ramp's colour at `t` in 0..=1 (clamped; NaN gives the light end), linear between stops.
pub(crate) fn ramp(t: f64) -> RGBColor {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let pos = t * (RAMP.len() - 1) as f64;
    let i = (pos.floor() as usize).min(RAMP.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (RAMP[i], RAMP[i + 1]);
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Relative luminance of an sRGB colour (WCAG 2.1, definition of "relative luminance").
fn luminance(c: RGBColor) -> f64 {
    let channel = |v: u8| {
        let s = v as f64 / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// The text colour, white or [`INK`], with the higher contrast ratio on `background`
/// (WCAG 2.1 contrast ratio (L1 + 0.05) / (L2 + 0.05)).
pub(crate) fn text_on(background: RGBColor) -> RGBColor {
    let l = luminance(background);
    let on_white = 1.05 / (l + 0.05);
    let on_ink = (l + 0.05) / (luminance(INK) + 0.05);
    if on_white > on_ink {
        PAPER
    } else {
        INK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_runs_from_light_to_dark_blue() {
        assert_eq!(ramp(0.0), RAMP[0]);
        assert_eq!(ramp(1.0), RAMP[7]);
        assert_eq!(ramp(-3.0), RAMP[0]);
        assert_eq!(ramp(7.0), RAMP[7]);
        assert_eq!(ramp(f64::NAN), RAMP[0]);
        // Halfway between stop 3 (0x6B,0xAE,0xD6) and stop 4 (0x42,0x92,0xC6).
        assert_eq!(ramp(3.5 / 7.0), RGBColor(0x57, 0xA0, 0xCE));
        // Darkness rises monotonically.
        let steps: Vec<f64> = (0..=20).map(|i| luminance(ramp(i as f64 / 20.0))).collect();
        assert!(steps.windows(2).all(|w| w[1] < w[0]), "{steps:?}");
    }

    #[test]
    fn text_contrasts_with_the_cell() {
        assert_eq!(text_on(ramp(0.0)), INK);
        assert_eq!(text_on(ramp(1.0)), PAPER);
        assert_eq!(text_on(PAPER), INK);
        assert_eq!(text_on(RGBColor(0, 0, 0)), PAPER);
    }

    #[test]
    fn series_colours_repeat_after_eight() {
        assert_eq!(series_colour(0), PRIMARY);
        assert_eq!(series_colour(8), PRIMARY);
        assert_ne!(series_colour(1), series_colour(2));
    }
}
