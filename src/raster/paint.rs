//! Small drawing helpers over tiny-skia used by tiles and exports.

use tiny_skia::{Color, FillRule, Paint, PathBuilder, PixmapMut, Stroke, Transform};

use crate::ink::{Anchor, Rgba};
use crate::typeface::{Face, cap_height, measure};

/// A colour as tiny-skia paints it.
pub(crate) trait ToPaint {
    /// As an anti-aliased tiny-skia paint.
    fn paint(self) -> Paint<'static>;
}

impl ToPaint for Rgba {
    fn paint(self) -> Paint<'static> {
        let mut paint = Paint::default();
        paint.set_color(Color::from_rgba8(self.0, self.1, self.2, self.3));
        paint.anti_alias = true;
        paint
    }
}

/// Fills a circle, with an optional outline.
pub(crate) fn circle(
    pixmap: &mut PixmapMut<'_>,
    at: [f32; 2],
    radius: f32,
    fill: Rgba,
    outline: Option<(Rgba, f32)>,
) {
    let Some(path) = PathBuilder::from_circle(at[0], at[1], radius) else {
        return;
    };
    pixmap.fill_path(
        &path,
        &fill.paint(),
        FillRule::Winding,
        Transform::identity(),
        None,
    );
    if let Some((color, width)) = outline {
        let stroke = Stroke {
            width,
            ..Stroke::default()
        };
        super::stroke_covered(pixmap, &path, color, &stroke);
    }
}

/// Fills an axis-aligned rectangle.
pub fn rect(pixmap: &mut PixmapMut<'_>, x: f32, y: f32, w: f32, h: f32, fill: Rgba) {
    if let Some(r) = tiny_skia::Rect::from_xywh(x, y, w, h) {
        pixmap.fill_rect(r, &fill.paint(), Transform::identity(), None);
    }
}

/// A text style: size, colour, face and an optional halo for legibility over the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Size in px.
    pub size: f32,
    /// Fill colour.
    pub color: Rgba,
    /// Face.
    pub face: Face,
    /// Halo colour and width in px.
    pub halo: Option<(Rgba, f32)>,
}

/// Draws `text` at `at` (pixels) with `anchor`; returns the text's width.
pub fn text(
    pixmap: &mut PixmapMut<'_>,
    text: &str,
    at: [f32; 2],
    anchor: Anchor,
    style: TextStyle,
) -> f32 {
    let width = measure(text, style.size, style.face);
    let x = match anchor {
        Anchor::Left => at[0],
        Anchor::Right => at[0] - width,
        Anchor::Center => at[0] - width / 2.0,
    };
    let baseline = at[1] + cap_height(style.size) / 2.0;
    super::font::fill_text(
        pixmap,
        text,
        style.size,
        (x, baseline),
        style.face,
        style.color,
        style.halo,
    );
    width
}
