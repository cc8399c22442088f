//! Text as vector paths, from the embedded DejaVu Sans, so tiles and exports draw the same glyphs
//! on every machine.

use std::borrow::Cow;
use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef, OutlineCurve, ScaleFont as _};
use tiny_skia::{Path, PathBuilder};

/// DejaVu Sans Book: Latin, Cyrillic and the arrows the interface uses.
pub(crate) const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold, for titles.
pub(crate) const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Which face to draw with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Face {
    /// DejaVu Sans Book.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
}

fn font(face: Face) -> Option<&'static FontRef<'static>> {
    static REGULAR: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    static BOLD: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    let (cell, bytes) = match face {
        Face::Regular => (&REGULAR, REGULAR_TTF),
        Face::Bold => (&BOLD, BOLD_TTF),
    };
    cell.get_or_init(|| FontRef::try_from_slice(bytes).ok())
        .as_ref()
}

/// Width in pixels of `text` set at `size` px.
#[must_use]
pub fn measure(text: &str, size: f32, face: Face) -> f32 {
    let Some(font) = font(face) else {
        return 0.0;
    };
    let scaled = font.as_scaled(size);
    let mut width = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(prev) = previous {
            width += scaled.kern(prev, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
    }
    width
}

/// `text` as it fits in `max_width` px at `size` px: whole, or cut short with "…". Only the
/// part that fits is measured, so a text of any length costs the same.
///
/// ```
/// use koridor::raster::{Face, ellipsize, measure};
/// assert_eq!(ellipsize("Kyiv", 14.0, Face::Regular, 500.0), "Kyiv");
/// let long = "Kyiv → Gomel ".repeat(100_000);
/// let cut = ellipsize(&long, 14.0, Face::Regular, 300.0);
/// assert!(cut.ends_with('…') && measure(&cut, 14.0, Face::Regular) <= 300.0);
/// ```
#[must_use]
pub fn ellipsize(text: &str, size: f32, face: Face, max_width: f32) -> Cow<'_, str> {
    let Some(font) = font(face) else {
        return Cow::Borrowed(text);
    };
    let scaled = font.as_scaled(size);
    let ellipsis = scaled.h_advance(scaled.glyph_id('…'));
    let mut width = 0.0;
    let mut previous = None;
    let mut cut = 0;
    for (i, c) in text.char_indices() {
        let id = scaled.glyph_id(c);
        if let Some(prev) = previous {
            width += scaled.kern(prev, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
        if width + ellipsis <= max_width {
            cut = i + c.len_utf8();
        }
        if width > max_width {
            return Cow::Owned(format!("{}…", text[..cut].trim_end()));
        }
    }
    Cow::Borrowed(text)
}

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

/// Height above the baseline of capital letters at `size` px (for vertical centring).
#[must_use]
pub(crate) fn cap_height(size: f32) -> f32 {
    size * 0.73
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cyrillic_and_arrows_have_glyphs() {
        let font = font(Face::Regular).expect("embedded font parses");
        for c in "Київ → Гомель".chars().filter(|c| !c.is_whitespace()) {
            assert_ne!(font.glyph_id(c).0, 0, "no glyph for {c:?}");
        }
    }

    #[test]
    fn longer_text_measures_wider() {
        assert!(measure("Kyiv", 12.0, Face::Regular) < measure("Kyiv oblast", 12.0, Face::Regular));
        assert!(measure("Kyiv", 12.0, Face::Regular) > 20.0);
    }

    #[test]
    fn text_path_spans_the_measured_width() {
        let path = text_path("Mariupol", 20.0, 10.0, 30.0, Face::Regular).expect("visible glyphs");
        let bounds = path.bounds();
        let width = measure("Mariupol", 20.0, Face::Regular);
        assert!(bounds.left() >= 10.0 && bounds.right() <= 10.0 + width + 1.0);
        assert!(bounds.bottom() <= 30.0 + 6.0 && bounds.top() >= 10.0);
    }
}
