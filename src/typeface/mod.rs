//! The embedded typeface (DejaVu Sans) and its metrics: how wide a text is set, and where to cut
//! it. Every painter draws with these fonts, and the scene measures with them to keep labels
//! apart, so window, tiles and exports agree on every machine.

use std::borrow::Cow;
use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef, ScaleFont as _};

mod metrics;

/// DejaVu Sans Book: Latin, Cyrillic and the arrows the interface uses.
pub(crate) static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold, for titles.
pub(crate) static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Which face to draw with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// DejaVu Sans Book.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
}

/// The parsed face (`None` only if an embedded font were unreadable, which a test rules out).
pub(crate) fn font(face: Face) -> Option<&'static FontRef<'static>> {
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
    set_line(face, size, text, 0.0)
        .last()
        .map_or(0.0, |g| g.pen + g.advance)
}

/// One glyph of a line of text as [`set_line`] sets it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SetGlyph {
    /// Where its character starts in the text, in bytes.
    pub(crate) at: usize,
    /// Its character.
    pub(crate) ch: char,
    /// The glyph.
    pub(crate) id: ab_glyph::GlyphId,
    /// Its origin on the baseline, in px.
    pub(crate) pen: f32,
    /// How far it moves the pen, in px.
    pub(crate) advance: f32,
}

/// The glyphs of `text` set at `size` px in one line from `x`: each glyph's origin is the last
/// one's plus its advance and the pair's kerning. Measuring, cutting and drawing text all set
/// it here, so they agree to the last bit.
pub(crate) fn set_line(
    face: Face,
    size: f32,
    text: &str,
    x: f32,
) -> impl Iterator<Item = SetGlyph> + '_ {
    let font = font(face);
    // As `ab_glyph` scales advances and kerning: font units times this factor.
    let factor = font.map_or(0.0, |f| f.as_scaled(size).h_scale_factor());
    let mut pen = x;
    let mut previous = None;
    font.into_iter().flat_map(move |font| {
        text.char_indices().map(move |(at, ch)| {
            let (id, advance) = metrics::glyph(font, face, ch);
            if let Some(prev) = previous {
                pen += factor * metrics::kern(font, face, prev, id);
            }
            previous = Some(id);
            let glyph = SetGlyph {
                at,
                ch,
                id,
                pen,
                advance: factor * advance,
            };
            pen += glyph.advance;
            glyph
        })
    })
}

/// `text` as it fits in `max_width` px at `size` px: whole, or cut short with "…". Only the
/// part that fits is measured, so a text of any length costs the same.
///
/// ```
/// use koridor::typeface::{Face, ellipsize, measure};
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
    let mut cut = 0;
    for g in set_line(face, size, text, 0.0) {
        let width = g.pen + g.advance;
        if width + ellipsis <= max_width {
            cut = g.at + g.ch.len_utf8();
        }
        if width > max_width {
            return Cow::Owned(format!("{}…", text[..cut].trim_end()));
        }
    }
    Cow::Borrowed(text)
}

/// The em size (a font size as SVG, PDF and CSS mean it) of text set at `size` px here, where
/// `size` is the height from descender to ascender, as `ab_glyph` scales a font.
///
/// ```
/// use koridor::typeface::{Face, em_size};
/// // DejaVu Sans: 2048 units to the em, 2384 from descender to ascender.
/// assert!((em_size(12.0, Face::Regular) - 12.0 * 2048.0 / 2384.0).abs() < 0.01);
/// ```
#[must_use]
pub fn em_size(size: f32, face: Face) -> f32 {
    let Some(font) = font(face) else {
        return size;
    };
    match font.units_per_em() {
        Some(em) if font.height_unscaled() > 0.0 => size * em / font.height_unscaled(),
        _ => size,
    }
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
}
