//! Text as vector paths, from the embedded typeface, so tiles and exports draw the same glyphs
//! on every machine.

use ab_glyph::{Font as _, OutlineCurve, ScaleFont as _};
use tiny_skia::{Path, PathBuilder};

use crate::typeface::{Face, font};

/// The outline of `text` set at `size` px with its baseline starting at (`x`, `y`), or `None`
/// for text with no visible glyphs.
#[must_use]
pub(crate) fn text_path(text: &str, size: f32, x: f32, y: f32, face: Face) -> Option<Path> {
    let font = font(face)?;
    let scaled = font.as_scaled(size);
    let scale = scaled.scale_factor();
    let mut pb = PathBuilder::new();
    let mut pen = x;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(prev) = previous {
            pen += scaled.kern(prev, id);
        }
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
        pen += scaled.h_advance(id);
        previous = Some(id);
    }
    pb.finish()
}

#[cfg(test)]
mod tests {
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
}
