//! The canvas on screen as a plotters drawing area, sized for the screen's pixel density.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, IntoDrawingArea};
use plotters_canvas::CanvasBackend;

/// Sizes `canvas`'s pixel buffer to its displayed size × the device pixel ratio (sharp on
/// high-DPI screens) and returns its drawing area with that ratio, which the chart's `draw`
/// takes as its scale for fonts and margins.
pub fn drawing_area(
    canvas: &web_sys::HtmlCanvasElement,
) -> Option<(DrawingArea<CanvasBackend, Shift>, f64)> {
    let ratio = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let width = canvas.client_width().max(320) as f64;
    let height = canvas.client_height().max(200) as f64;
    canvas.set_width((width * ratio) as u32);
    canvas.set_height((height * ratio) as u32);
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    Some((backend.into_drawing_area(), ratio))
}
