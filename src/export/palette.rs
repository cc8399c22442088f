//! The palette of a GIF time-lapse: 256 colours learnt once, for every frame.

use tiny_skia::Pixmap;

/// A 256-colour palette for every frame, learnt from the first, middle and last frames, and a
/// 32 × 32 × 32 table from colour to palette index, so that each frame maps in one pass.
pub(super) struct Palette {
    /// The 256 colours, RGB.
    pub(super) rgb: Vec<u8>,
    /// Palette index by colour, 5 bits a channel.
    lookup: Vec<u8>,
}

impl Palette {
    /// Learns the palette from `samples`.
    pub(super) fn learn(samples: &[&Pixmap]) -> Self {
        let mut rgba = Vec::new();
        for p in samples {
            for px in p.pixels() {
                let c = px.demultiply();
                rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), 255]);
            }
        }
        let quant = color_quant::NeuQuant::new(10, 256, &rgba);
        let mut lookup = vec![0u8; 32 * 32 * 32];
        for (i, slot) in lookup.iter_mut().enumerate() {
            // The centre of each 8-level cell.
            #[expect(clippy::cast_possible_truncation, reason = "i < 32768: each part < 32")]
            let (r, g, b) = ((i >> 10) as u8, ((i >> 5) & 31) as u8, (i & 31) as u8);
            let colour = [r * 8 + 4, g * 8 + 4, b * 8 + 4, 255];
            *slot = u8::try_from(quant.index_of(&colour)).unwrap_or(0);
        }
        Self {
            rgb: quant.color_map_rgb(),
            lookup,
        }
    }

    /// Each pixel of `pixmap` as its palette index.
    pub(super) fn indices(&self, pixmap: &Pixmap) -> Vec<u8> {
        pixmap
            .pixels()
            .iter()
            .map(|px| {
                let c = px.demultiply();
                let key = (usize::from(c.red() >> 3) << 10)
                    | (usize::from(c.green() >> 3) << 5)
                    | usize::from(c.blue() >> 3);
                self.lookup.get(key).copied().unwrap_or(0)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_palette_maps_every_colour_to_its_nearest_learnt_one() {
        // Four colours of the map in blocks of 32 × 32, as a frame has them in thousands.
        let colours = [[213u8, 94, 0], [0, 114, 178], [251, 245, 220], [26, 26, 26]];
        let mut pixmap = Pixmap::new(64, 64).unwrap();
        for (i, c) in colours.iter().enumerate() {
            let (x, y) = (
                f32::from(u8::try_from(i % 2).unwrap()),
                f32::from(u8::try_from(i / 2).unwrap()),
            );
            crate::raster::rect(
                &mut pixmap.as_mut(),
                x * 32.0,
                y * 32.0,
                32.0,
                32.0,
                crate::ink::Rgba(c[0], c[1], c[2], 255),
            );
        }
        let palette = Palette::learn(&[&pixmap]);
        let indices = palette.indices(&pixmap);
        for (i, want) in colours.iter().enumerate() {
            let at = (i / 2) * 32 * 64 + (i % 2) * 32;
            let slot = usize::from(indices[at]) * 3;
            let got = &palette.rgb[slot..slot + 3];
            for ch in 0..3 {
                assert!(
                    (i32::from(got[ch]) - i32::from(want[ch])).abs() <= 8,
                    "{want:?} became {got:?}"
                );
            }
        }
    }
}
