//! Glyph ids, advances and kerning pairs, remembered per thread.
//!
//! Placing labels measures the same few names many times: an export sets about 23,000 glyphs,
//! and looking each one up in the font's character map and kerning table cost 5 % of its
//! instructions (callgrind). A small table per thread, one slot per hash, remembers the last
//! answer for each character and each pair; a miss asks the font, so what is set is exactly
//! what the font says.

use std::cell::RefCell;

use ab_glyph::{Font as _, FontRef, GlyphId};

use super::Face;

/// Slots in each table (a power of two).
const SLOTS: usize = 1024;

/// A remembered answer: the key it answers, and the answer.
type Slot<T> = Option<(u64, T)>;

struct Tables {
    /// A character's glyph and its unscaled advance.
    glyphs: Vec<Slot<(GlyphId, f32)>>,
    /// A pair's unscaled kerning.
    kerns: Vec<Slot<f32>>,
}

thread_local! {
    static TABLES: RefCell<Tables> = RefCell::new(Tables {
        glyphs: vec![None; SLOTS],
        kerns: vec![None; SLOTS],
    });
}

/// The slot for `key`: the top bits of a multiplicative hash.
#[expect(
    clippy::cast_possible_truncation,
    reason = "the shift leaves the top ten bits"
)]
fn slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize
}

fn face_bit(face: Face) -> u64 {
    match face {
        Face::Regular => 0,
        Face::Bold => 1 << 40,
    }
}

/// The glyph for `ch` in `font` (of `face`) and its advance in font units.
pub(super) fn glyph(font: &FontRef<'static>, face: Face, ch: char) -> (GlyphId, f32) {
    let key = face_bit(face) | u64::from(u32::from(ch));
    TABLES.with_borrow_mut(|tables| {
        let cell = &mut tables.glyphs[slot(key)];
        match *cell {
            Some((k, found)) if k == key => found,
            _ => {
                let id = font.glyph_id(ch);
                let found = (id, font.h_advance_unscaled(id));
                *cell = Some((key, found));
                found
            }
        }
    })
}

/// The kerning between `first` and `second` in `font` (of `face`), in font units.
pub(super) fn kern(font: &FontRef<'static>, face: Face, first: GlyphId, second: GlyphId) -> f32 {
    let key = face_bit(face) | (u64::from(first.0) << 16) | u64::from(second.0);
    TABLES.with_borrow_mut(|tables| {
        let cell = &mut tables.kerns[slot(key)];
        match *cell {
            Some((k, found)) if k == key => found,
            _ => {
                let found = font.kern_unscaled(first, second);
                *cell = Some((key, found));
                found
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeface::font;

    #[test]
    fn remembered_glyphs_and_pairs_are_what_the_font_says() {
        let sample = "AVAWAYTaTo Київ «Гомель» → 273 km №1 …";
        for face in [Face::Regular, Face::Bold] {
            let font = font(face).expect("the embedded face");
            // Twice: the first pass fills the tables, the second reads them.
            for _ in 0..2 {
                let mut previous = None;
                for ch in sample.chars() {
                    let id = font.glyph_id(ch);
                    assert_eq!(glyph(font, face, ch), (id, font.h_advance_unscaled(id)));
                    if let Some(prev) = previous {
                        assert_eq!(kern(font, face, prev, id), font.kern_unscaled(prev, id));
                    }
                    previous = Some(id);
                }
            }
        }
        // The two faces are kept apart: "AV" kerns in each, by its own amount.
        let pair = |face| {
            let f = font(face).expect("the embedded face");
            kern(f, face, f.glyph_id('A'), f.glyph_id('V'))
        };
        assert!(pair(Face::Regular) < 0.0 && pair(Face::Bold) < 0.0);
    }
}
