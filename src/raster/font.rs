//! Text filled from the embedded typeface's glyph coverage, with its halo, so tiles and exports
//! draw the same glyphs on every machine.

use tiny_skia::PixmapMut;

use super::mask::Mask;
use crate::ink::Rgba;
use crate::typeface::Face;

/// Fills `text` set at `size` px with its baseline starting at (`x`, `y`) in `color`, as
/// `set_line` sets it: the glyphs' exact area coverage (`ab_glyph`'s rasteriser, a few times
/// faster than filling the glyphs' path) blended over the pixmap, with a halo of `(colour,
/// width)` under it when one is given: the letters grown by half the width, as a stroke of
/// their outlines that wide would.
pub(crate) fn fill_text(
    pixmap: &mut PixmapMut<'_>,
    text: &str,
    size: f32,
    at: (f32, f32),
    face: Face,
    color: Rgba,
    halo: Option<(Rgba, f32)>,
) {
    let radius = halo.map_or(0.0, |(_, width)| (width / 2.0).max(0.0));
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a halo's reach is a few pixels"
    )]
    let pad = (radius + 1.0).ceil() as usize;
    let Some(mask) = Mask::of_text(text, size, at, face, pad, [pixmap.width(), pixmap.height()])
    else {
        return;
    };
    if let Some((halo_color, _)) = halo {
        mask.grown(radius).blend_into(pixmap, halo_color);
    }
    mask.blend_into(pixmap, color);
}

#[cfg(test)]
mod tests {
    use ab_glyph::{Font as _, OutlineCurve, ScaleFont as _};
    use tiny_skia::{Path, PathBuilder, Pixmap};

    use super::*;
    use crate::typeface::{SetGlyph, font, measure, set_line};

    /// The outline of `text` set at `size` px with its baseline starting at (`x`, `y`), or `None`
    /// for text with no visible glyphs: what the tests hold the filled coverage to.
    #[must_use]
    fn text_path(text: &str, size: f32, x: f32, y: f32, face: Face) -> Option<Path> {
        let font = font(face)?;
        let scale = font.as_scaled(size).scale_factor();
        let mut pb = PathBuilder::new();
        for SetGlyph { id, pen, .. } in set_line(face, size, text, x) {
            if let Some(outline) = font.outline(id) {
                let map =
                    |p: ab_glyph::Point| (pen + p.x * scale.horizontal, y - p.y * scale.vertical);
                let mut last: Option<(f32, f32)> = None;
                for curve in &outline.curves {
                    let (start, end) = match curve {
                        OutlineCurve::Line(a, b)
                        | OutlineCurve::Quad(a, _, b)
                        | OutlineCurve::Cubic(a, _, _, b) => (map(*a), map(*b)),
                    };
                    if last.is_none_or(|l| {
                        (l.0 - start.0).abs() > 1e-3 || (l.1 - start.1).abs() > 1e-3
                    }) {
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
            None,
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
