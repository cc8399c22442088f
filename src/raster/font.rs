//! Text as vector paths, from the embedded typeface, so tiles and exports draw the same glyphs
//! on every machine.

use ab_glyph::{Font as _, OutlineCurve, ScaleFont as _};
use tiny_skia::{Path, PathBuilder, PixmapMut};

use crate::ink::Rgba;

use crate::typeface::{Face, SetGlyph, font, set_line};

/// The outline of `text` set at `size` px with its baseline starting at (`x`, `y`), or `None`
/// for text with no visible glyphs.
#[must_use]
pub(crate) fn text_path(text: &str, size: f32, x: f32, y: f32, face: Face) -> Option<Path> {
    let font = font(face)?;
    let scale = font.as_scaled(size).scale_factor();
    let mut pb = PathBuilder::new();
    for SetGlyph { id, pen, .. } in set_line(font, size, text, x) {
        if let Some(outline) = font.outline(id) {
            let map = |p: ab_glyph::Point| (pen + p.x * scale.horizontal, y - p.y * scale.vertical);
            let mut last: Option<(f32, f32)> = None;
            for curve in &outline.curves {
                let (start, end) = match curve {
                    OutlineCurve::Line(a, b)
                    | OutlineCurve::Quad(a, _, b)
                    | OutlineCurve::Cubic(a, _, _, b) => (map(*a), map(*b)),
                };
                if last.is_none_or(|l| (l.0 - start.0).abs() > 1e-3 || (l.1 - start.1).abs() > 1e-3)
                {
                    if last.is_some() {
                        pb.close();
                    }
                    pb.move_to(start.0, start.1);
                }
                match curve {
                    OutlineCurve::Line(_, _) => pb.line_to(end.0, end.1),
                    OutlineCurve::Quad(_, c1, _) => {
                        let c1 = map(*c1);
                        pb.quad_to(c1.0, c1.1, end.0, end.1);
                    }
                    OutlineCurve::Cubic(_, c1, c2, _) => {
                        let (c1, c2) = (map(*c1), map(*c2));
                        pb.cubic_to(c1.0, c1.1, c2.0, c2.1, end.0, end.1);
                    }
                }
                last = Some(end);
            }
            if last.is_some() {
                pb.close();
            }
        }
    }
    pb.finish()
}

/// Fills `text` set at `size` px with its baseline starting at (`x`, `y`) in `color`, as
/// [`text_path`] sets it: each glyph's exact area coverage (`ab_glyph`'s rasteriser, a few times
/// faster than filling the glyphs' path) blended over the pixmap.
pub(crate) fn fill_text(
    pixmap: &mut PixmapMut<'_>,
    text: &str,
    size: f32,
    (x, y): (f32, f32),
    face: Face,
    color: Rgba,
) {
    let Some(font) = font(face) else {
        return;
    };
    let (width, height) = (pixmap.width(), pixmap.height());
    let data = pixmap.data_mut();
    for SetGlyph { id, pen, .. } in set_line(font, size, text, x) {
        let glyph = id.with_scale_and_position(size, ab_glyph::point(pen, y));
        if let Some(outlined) = font.outline_glyph(glyph) {
            let bounds = outlined.px_bounds();
            #[expect(
                clippy::cast_precision_loss,
                reason = "pixmap sides are far below 2^24 px"
            )]
            if bounds.max.y < 0.0 || bounds.min.y > height as f32 {
                // Above or below this pixmap (a band of a larger frame): nothing to cover.
                continue;
            }
            let min = bounds.min;
            #[expect(
                clippy::cast_possible_truncation,
                reason = "px bounds are whole numbers well inside i64"
            )]
            let (left, top) = (min.x as i64, min.y as i64);
            outlined.draw(|gx, gy, coverage| {
                let (px, py) = (left + i64::from(gx), top + i64::from(gy));
                if let (Ok(px), Ok(py)) = (u32::try_from(px), u32::try_from(py))
                    && px < width
                    && py < height
                {
                    let at = (py as usize * width as usize + px as usize) * 4;
                    if let Some(pixel) = data.get_mut(at..at + 4) {
                        blend(pixel, color, coverage);
                    }
                }
            });
        }
    }
}

/// `color` at `coverage` (0–1) over a premultiplied RGBA pixel, source over.
fn blend(pixel: &mut [u8], color: Rgba, coverage: f32) {
    let alpha = coverage.clamp(0.0, 1.0) * f32::from(color.3) / 255.0;
    if alpha <= 0.0 {
        return;
    }
    let keep = 1.0 - alpha;
    for (k, value) in [color.0, color.1, color.2, 255].into_iter().enumerate() {
        let mixed = f32::from(value) * alpha + f32::from(pixel[k]) * keep;
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a mix of two bytes, rounded, is a byte"
        )]
        let byte = mixed.round().clamp(0.0, 255.0) as u8;
        pixel[k] = byte;
    }
}

#[cfg(test)]
mod tests {
    use tiny_skia::Pixmap;

    use super::*;
    use crate::typeface::measure;

    #[test]
    fn text_path_spans_the_measured_width() {
        let path = text_path("Mariupol", 20.0, 10.0, 30.0, Face::Regular).expect("visible glyphs");
        let bounds = path.bounds();
        let width = measure("Mariupol", 20.0, Face::Regular);
        assert!(bounds.left() >= 10.0 && bounds.right() <= 10.0 + width + 1.0);
        assert!(bounds.bottom() <= 30.0 + 6.0 && bounds.top() >= 10.0);
    }

    #[test]
    fn text_filled_by_coverage_covers_the_pixels_its_path_covers() {
        use tiny_skia::{FillRule, Paint, Transform};
        let (text, size, at) = ("Київ → Gomel, 273 km", 18.5, (7.3, 30.6));
        let mut by_coverage = Pixmap::new(220, 40).expect("a pixmap");
        fill_text(
            &mut by_coverage.as_mut(),
            text,
            size,
            at,
            Face::Bold,
            Rgba(0, 0, 0, 255),
        );
        let mut by_path = Pixmap::new(220, 40).expect("a pixmap");
        let path = text_path(text, size, at.0, at.1, Face::Bold).expect("visible glyphs");
        let mut paint = Paint::default();
        paint.set_color_rgba8(0, 0, 0, 255);
        by_path.fill_path(
            &path,
            &paint,
            FillRule::Winding,
            Transform::identity(),
            None,
        );
        let alphas = |p: &Pixmap| p.pixels().iter().map(|c| c.alpha()).collect::<Vec<u8>>();
        let (a, b) = (alphas(&by_coverage), alphas(&by_path));
        let inked = b.iter().filter(|&&v| v > 127).count();
        let differ = a
            .iter()
            .zip(&b)
            .filter(|(x, y)| (i32::from(**x) - i32::from(**y)).abs() > 64)
            .count();
        assert!(inked > 500, "{inked} px of ink");
        // The same glyphs in the same places: only anti-aliasing at some edges differs.
        assert!(differ * 50 < inked, "{differ} of {inked} px differ");
    }
}
