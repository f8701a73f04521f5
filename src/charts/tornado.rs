//! The growth levers as a tornado chart: one bar per lever, from the CLV after the unfavourable
//! move to the CLV after the favourable one, centred on today's CLV; biggest lever on top.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::palette::{INK, PAPER, PRIMARY, WORSE};

/// One bar, prepared from a `clv_engine::calculator::Lever` with a translated label.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// What moves, e.g. "Order value ±10 %".
    pub label: String,
    /// CLV after the unfavourable move.
    pub low: f64,
    /// CLV after the favourable move.
    pub high: f64,
}

/// The horizontal range that shows every bar and the base with a little air.
pub fn x_range(base: f64, bars: &[Bar]) -> (f64, f64) {
    let lo = bars.iter().map(|b| b.low).fold(base, f64::min);
    let hi = bars.iter().map(|b| b.high).fold(base, f64::max);
    let pad = ((hi - lo) * 0.08).max(0.01);
    (lo - pad, hi + pad)
}

/// Room for the bar labels at 13 px: about 7.5 px a character, twice that for CJK characters.
pub fn label_width(bars: &[Bar]) -> f64 {
    let widest = bars
        .iter()
        .map(|b| {
            b.label
                .chars()
                .map(|c| if c >= '\u{2E80}' { 2.0 } else { 1.0 })
                .sum::<f64>()
        })
        .fold(0.0, f64::max);
    (widest * 7.5 + 16.0).clamp(80.0, 320.0)
}

/// Draws the tornado on any plotters backend; `x_format` writes the CLV ticks (the caller
/// formats them for the language); `scale` multiplies font sizes and margins.
pub fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    base: f64,
    bars: &[Bar],
    x_title: &str,
    x_format: &dyn Fn(f64) -> String,
    scale: f64,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let px = |v: f64| (v * scale).round() as u32;
    root.fill(&PAPER)?;
    if bars.is_empty() {
        return root.present();
    }
    let (lo, hi) = x_range(base, bars);
    let n = bars.len() as i32;
    let font = ("sans-serif", px(13.0)).into_font().color(&INK);
    let mut chart = ChartBuilder::on(root)
        .margin(px(10.0))
        .x_label_area_size(px(40.0))
        .y_label_area_size(px(label_width(bars)))
        .build_cartesian_2d(lo..hi, (0..n).into_segmented())?;
    // Row 0 is at the bottom: the biggest lever (first) goes to the top row.
    let row = |i: usize| n - 1 - i as i32;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(PAPER)
        .x_desc(x_title)
        .axis_desc_style(font.clone())
        .label_style(font)
        .x_label_formatter(&|v| x_format(*v))
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(r) if (0..n).contains(r) => {
                bars[(n - 1 - r) as usize].label.clone()
            }
            _ => String::new(),
        })
        .draw()?;
    let bar = |x0: f64, x1: f64, r: i32, colour: RGBColor| {
        let mut rect = Rectangle::new(
            [
                (x0, SegmentValue::Exact(r)),
                (x1, SegmentValue::Exact(r + 1)),
            ],
            colour.filled(),
        );
        rect.set_margin(px(6.0), px(6.0), 0, 0);
        rect
    };
    chart.draw_series(
        bars.iter()
            .enumerate()
            .map(|(i, b)| bar(b.low.min(base), base, row(i), WORSE)),
    )?;
    chart.draw_series(
        bars.iter()
            .enumerate()
            .map(|(i, b)| bar(base, b.high.max(base), row(i), PRIMARY)),
    )?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![
            (base, SegmentValue::Exact(0)),
            (base, SegmentValue::Exact(n)),
        ],
        INK.stroke_width(px(1.0)),
    )))?;
    root.present()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars() -> Vec<Bar> {
        // The reference example's levers (engine/src/calculator.rs, levers_are_ranked_by_gain).
        vec![
            Bar {
                label: "Order value ±10 %".into(),
                low: 47.4,
                high: 58.2,
            },
            Bar {
                label: "Purchases ±10 %".into(),
                low: 47.4,
                high: 58.2,
            },
            Bar {
                label: "Margin ±1 point".into(),
                low: 50.16,
                high: 55.44,
            },
            Bar {
                label: "Acquisition cost ∓10 %".into(),
                low: 52.68,
                high: 52.92,
            },
        ]
    }

    #[test]
    fn labels_get_room_by_length() {
        let long = [Bar {
            label: "Стоимость привлечения ∓10 %".into(),
            low: 0.0,
            high: 1.0,
        }];
        let cjk = [Bar {
            label: "取得成本 ∓10 %".into(),
            low: 0.0,
            high: 1.0,
        }];
        assert!(label_width(&long) > 200.0);
        assert!(
            label_width(&cjk)
                > label_width(&[Bar {
                    label: "abcd ∓10 %".into(),
                    ..cjk[0].clone()
                }])
        );
    }

    #[test]
    fn range_covers_every_bar_and_the_base() {
        let (lo, hi) = x_range(52.8, &bars());
        assert!(lo < 47.4 && hi > 58.2, "{lo}..{hi}");
    }

    #[test]
    fn renders_two_half_bars_per_lever_to_svg() {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (640, 300)).into_drawing_area();
            draw(
                &root,
                52.8,
                &bars(),
                "CLV per customer",
                &|v| format!("{v:.2}"),
                1.0,
            )
            .unwrap();
        }
        assert!(svg.contains("Order value ±10 %"));
        assert!(svg.contains("CLV per customer"));
        assert_eq!(svg.matches("fill=\"#0072B2\"").count(), 4, "gains");
        assert_eq!(svg.matches("fill=\"#D55E00\"").count(), 4, "losses");
    }
}
