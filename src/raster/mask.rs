//! A line of text as a coverage mask, and the halo grown from it.
//!
//! The letters are rasterised once, as `ab_glyph`'s exact area coverage, into a small mask the
//! size of the text. Its halo is that mask grown by the halo's half width: a pixel `d` px from
//! a pixel covered `c` is covered `r + c − d` (clamped to 0–1) by a halo of radius `r`, so a
//! partly covered edge pixel counts as an edge that far into it (a pixel covered less than
//! 1/16 counts for that much less, so that specks of rounding cannot add dots of halo: a label
//! drawn in two bands of a frame is the same in both). That is the area a stroke of
//! the outlines `2r` wide adds to the letters, with round corners, at a fraction of the cost of
//! stroking the glyphs' outlines (tiny-skia's stroker and path filler took 9 % of a whole
//! export).

use ab_glyph::Font as _;
use tiny_skia::PixmapMut;

use crate::ink::Rgba;
use crate::typeface::{Face, SetGlyph, font, set_line};

/// Coverage (0–1) of a rectangle of pixels whose top-left pixel is (`left`, `top`) in the
/// pixmap it is drawn on.
#[derive(Debug)]
pub(crate) struct Mask {
    left: i64,
    top: i64,
    width: usize,
    /// Row after row of `width` pixels.
    cover: Vec<f32>,
}

impl Mask {
    /// The coverage of `text` set at `size` px with its baseline starting at (`x`, `y`), with
    /// `pad` empty pixels around it (room for a halo), or `None` when no glyph is visible, the
    /// text with its padding lies wholly outside a pixmap of `[columns, rows]` (a band of a larger
    /// frame, a tile beside the label's), or its position is not a finite number.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_precision_loss,
        clippy::cast_sign_loss,
        reason = "glyph bounds are whole pixels well inside i64, masks are small"
    )]
    pub(crate) fn of_text(
        text: &str,
        size: f32,
        (x, y): (f32, f32),
        face: Face,
        pad: usize,
        [columns, rows]: [u32; 2],
    ) -> Option<Self> {
        let font = font(face)?;
        let glyphs: Vec<_> = set_line(face, size, text, x)
            .filter_map(|SetGlyph { id, pen, .. }| {
                font.outline_glyph(id.with_scale_and_position(size, ab_glyph::point(pen, y)))
            })
            .collect();
        let bounds = glyphs.iter().map(ab_glyph::OutlinedGlyph::px_bounds);
        let (left, top, right, bottom) = bounds.fold(
            (f32::MAX, f32::MAX, f32::MIN, f32::MIN),
            |(l, t, r, b), g| {
                (
                    l.min(g.min.x),
                    t.min(g.min.y),
                    r.max(g.max.x),
                    b.max(g.max.y),
                )
            },
        );
        let reach = pad as f32;
        let outside = right + reach < 0.0
            || left - reach > columns as f32
            || bottom + reach < 0.0
            || top - reach > rows as f32;
        let finite = [left, top, right, bottom].iter().all(|v| v.is_finite());
        if glyphs.is_empty() || outside || !finite {
            return None;
        }
        let (left, top) = (left as i64 - pad as i64, top as i64 - pad as i64);
        let width = (right as i64 - left) as usize + pad;
        let height = (bottom as i64 - top) as usize + pad;
        let mut cover = vec![0.0_f32; width * height];
        for glyph in &glyphs {
            let min = glyph.px_bounds().min;
            let (gx0, gy0) = (
                (min.x as i64 - left) as usize,
                (min.y as i64 - top) as usize,
            );
            glyph.draw(|gx, gy, c| {
                let at = (gy0 + gy as usize) * width + gx0 + gx as usize;
                if let Some(cell) = cover.get_mut(at) {
                    *cell = (*cell + c).min(1.0);
                }
            });
        }
        Some(Self {
            left,
            top,
            width,
            cover,
        })
    }

    /// This mask grown by `radius` px: what a stroke `2 × radius` wide along the outlines adds
    /// to the area they enclose. Each covered pixel spreads to the pixels within
    /// `radius + 1` px of it; the mask must have at least `radius + 1` empty pixels of padding.
    #[must_use]
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_possible_wrap,
        clippy::cast_precision_loss,
        clippy::cast_sign_loss,
        reason = "a halo's reach is a few pixels; masks are small"
    )]
    pub(crate) fn grown(&self, radius: f32) -> Self {
        let reach = (radius + 1.0).ceil().max(0.0) as isize;
        let spread: Vec<(isize, f32)> = (-reach..=reach)
            .flat_map(|dy| (-reach..=reach).map(move |dx| (dx, dy)))
            .map(|(dx, dy)| {
                let d = ((dx * dx + dy * dy) as f32).sqrt();
                (dy * self.width as isize + dx, radius - d)
            })
            .filter(|&(_, near)| near > -1.0)
            .collect();
        let mut out = vec![0.0_f32; self.cover.len()];
        for (at, &c) in self.cover.iter().enumerate() {
            if c <= 0.0 {
                continue;
            }
            // A pixel the letters barely touch counts for less: a speck of coverage that
            // rounding leaves or takes away must not add or remove a whole dot of halo.
            let weight = (c * 16.0).min(1.0);
            for &(step, near) in &spread {
                let reached = (near + c).min(1.0) * weight;
                if reached > 0.0
                    && let Some(cell) = out.get_mut((at as isize + step) as usize)
                    && *cell < reached
                {
                    *cell = reached;
                }
            }
        }
        Self {
            cover: out,
            ..*self
        }
    }

    /// Blends `color` over the pixmap at this mask's coverage, source over, on the rows and
    /// columns the pixmap has.
    pub(crate) fn blend_into(&self, pixmap: &mut PixmapMut<'_>, color: Rgba) {
        let (width, height) = (i64::from(pixmap.width()), i64::from(pixmap.height()));
        let data = pixmap.data_mut();
        let ink = Ink::new(color);
        for (row, line) in self.cover.chunks_exact(self.width).enumerate() {
            let py = self.top + i64::try_from(row).unwrap_or(i64::MAX);
            if !(0..height).contains(&py) {
                continue;
            }
            for (col, &c) in line.iter().enumerate() {
                let px = self.left + i64::try_from(col).unwrap_or(i64::MAX);
                if c <= 0.0 || !(0..width).contains(&px) {
                    continue;
                }
                let at = usize::try_from((py * width + px) * 4).unwrap_or(usize::MAX);
                if let Some(pixel) = data.get_mut(at..at + 4) {
                    ink.over(pixel, c);
                }
            }
        }
    }
}

/// A straight colour ready to be laid over premultiplied pixels in whole numbers.
pub(super) struct Ink {
    /// Red, green, blue and 255 (the alpha of a fully covered opaque pixel).
    channels: [u32; 4],
    /// The colour's own alpha, 0–255, as a float to scale coverage by.
    alpha: f32,
}

impl Ink {
    pub(super) fn new(Rgba(r, g, b, a): Rgba) -> Self {
        Self {
            channels: [r, g, b, 255].map(u32::from),
            alpha: f32::from(a),
        }
    }

    /// This ink at `coverage` (0–1) over a premultiplied RGBA pixel, source over, each channel
    /// rounded to the nearest byte.
    pub(super) fn over(&self, pixel: &mut [u8], coverage: f32) {
        self.over_at(pixel, self.alpha_at(coverage));
    }

    /// The alpha, 0–255, this ink lays at `coverage` (0–1).
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "coverage times an alpha, clamped, is 0–255"
    )]
    pub(super) fn alpha_at(&self, coverage: f32) -> u32 {
        (coverage.clamp(0.0, 1.0) * self.alpha + 0.5) as u32
    }

    /// This ink at alpha `a` (from [`Ink::alpha_at`]) over a premultiplied RGBA pixel.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "a mix of two bytes is a byte"
    )]
    pub(super) fn over_at(&self, pixel: &mut [u8], a: u32) {
        if a == 0 {
            return;
        }
        let keep = 255 - a;
        for (value, &ink) in pixel.iter_mut().zip(&self.channels) {
            let mixed = ink * a + u32::from(*value) * keep;
            // mixed / 255, rounded, in shifts: exact for every product of two bytes.
            *value = ((mixed + 128 + ((mixed + 128) >> 8)) >> 8) as u8;
        }
    }

    /// The pixel this ink makes where it covers whole at alpha 255.
    #[expect(clippy::cast_possible_truncation, reason = "each channel is a byte")]
    pub(super) fn solid(&self) -> [u8; 4] {
        self.channels.map(|c| c as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(side: usize, pad: usize, edge: f32) -> Mask {
        let width = side + 2 * pad;
        let mut cover = vec![0.0; width * width];
        for y in pad..pad + side {
            for x in pad..pad + side {
                cover[y * width + x] = 1.0;
            }
            // A right edge that covers part of its pixels.
            cover[y * width + pad + side] = edge;
        }
        Mask {
            left: 0,
            top: 0,
            width,
            cover,
        }
    }

    #[test]
    fn a_grown_edge_moves_out_by_the_radius() {
        let mask = square(6, 4, 0.0).grown(1.5);
        let row = |y: usize| &mask.cover[y * mask.width..(y + 1) * mask.width];
        // The square spans columns 4..10; a halo of 1.5 px covers 10 fully and 11 by half.
        let middle = row(7);
        assert!((middle[10] - 1.0).abs() < 1e-6, "{middle:?}");
        assert!((middle[11] - 0.5).abs() < 1e-6, "{middle:?}");
        assert!(middle[12].abs() < 1e-6, "{middle:?}");
        assert!((middle[3] - 1.0).abs() < 1e-6 && (middle[2] - 0.5).abs() < 1e-6);
        // Inside stays covered.
        assert!(middle[4..10].iter().all(|&c| (c - 1.0).abs() < 1e-6));
    }

    #[test]
    fn a_partly_covered_edge_pixel_carries_its_edge_out() {
        // The right edge pixel covered 0.4: the edge is 0.4 px into column 10, so a 1 px halo
        // ends 0.4 px into column 11.
        let mask = square(6, 4, 0.4).grown(1.0);
        let middle = &mask.cover[7 * mask.width..8 * mask.width];
        assert!((middle[11] - 0.4).abs() < 1e-6, "{middle:?}");
        assert!((middle[10] - 1.0).abs() < 1e-6, "{middle:?}");
    }

    #[test]
    fn corners_of_a_grown_square_are_round() {
        let mask = square(6, 4, 0.0).grown(2.0);
        let at = |x: usize, y: usize| mask.cover[y * mask.width + x];
        // Straight out from a side, 2 px reach fully; diagonally from the corner (3, 3) is
        // 1.41 px from the corner pixel (4, 4) and (2, 2) is 2.83 px: not reached.
        assert!((at(7, 2) - 1.0).abs() < 1e-6);
        assert!((at(3, 3) - 1.0).abs() < 1e-6);
        assert!(at(2, 2) < 0.2, "{}", at(2, 2));
    }

    #[test]
    fn ink_over_a_pixel_rounds_as_the_exact_mix_does() {
        for (color, under, coverage) in [
            (Rgba(0, 0, 0, 255), [255, 255, 255, 255], 0.5),
            (Rgba(255, 255, 255, 230), [10, 200, 90, 255], 0.8),
            (Rgba(213, 94, 0, 255), [0, 0, 0, 0], 0.33),
            (Rgba(12, 34, 56, 255), [100, 100, 100, 255], 1.0),
        ] {
            let mut pixel = under;
            Ink::new(color).over(&mut pixel, coverage);
            let alpha = (coverage * f32::from(color.3)).round() / 255.0;
            for (k, ink) in [color.0, color.1, color.2, 255].into_iter().enumerate() {
                let exact = f32::from(ink) * alpha + f32::from(under[k]) * (1.0 - alpha);
                assert!(
                    (f32::from(pixel[k]) - exact).abs() <= 0.5 + 1e-3,
                    "{color:?} at {coverage} over {under:?}: {pixel:?}"
                );
            }
        }
    }

    #[test]
    fn a_mask_blends_only_inside_the_pixmap() {
        let mut pixmap = tiny_skia::Pixmap::new(8, 8).expect("a pixmap");
        let mut mask = square(4, 2, 0.0);
        mask.left = -3;
        mask.top = 5;
        mask.blend_into(&mut pixmap.as_mut(), Rgba(0, 0, 0, 255));
        let inked: Vec<(usize, usize)> = (0..64)
            .filter(|i| pixmap.pixels()[*i].alpha() == 255)
            .map(|i| (i % 8, i / 8))
            .collect();
        // Mask columns 2..6 land on x −1..3, rows 2..6 on y 7..11: only (0..3, 7) is inside.
        assert_eq!(inked, vec![(0, 7), (1, 7), (2, 7)]);
    }

    #[test]
    fn text_outside_the_pixmap_or_nowhere_gives_no_mask() {
        let mask = |at| Mask::of_text("Kyiv", 20.0, at, Face::Regular, 2, [100, 40]);
        assert!(mask((0.0, 30.0)).is_some());
        // Its descenders and padding reach into the top rows.
        assert!(mask((0.0, -1.0)).is_some());
        for outside in [(0.0, 80.0), (0.0, -10.0), (-90.0, 30.0), (110.0, 30.0)] {
            assert!(mask(outside).is_none(), "{outside:?}");
        }
        for nowhere in [
            (f32::NAN, 30.0),
            (0.0, f32::INFINITY),
            (f32::NEG_INFINITY, 0.0),
        ] {
            assert!(mask(nowhere).is_none(), "{nowhere:?}");
        }
        assert!(Mask::of_text("   ", 20.0, (0.0, 30.0), Face::Regular, 2, [100, 40]).is_none());
    }
}
