//! A raster export drawn on every core: the frame is cut into bands of whole rows, and each
//! thread takes the next band and draws the whole export clipped to it.

use std::sync::{Mutex, PoisonError};

use tiny_skia::{Pixmap, PixmapMut};

use crate::canvas::{Band, Canvas};

/// Bands per frame. Each band draws every shape and skips those outside it, so more bands cost
/// more; fewer balance the cores worse (the routes and their names crowd one part of a
/// frame). Six was the fastest of 1, 2, 3, 4, 6, 8 and 12 on the default export.
const BANDS: u32 = match option_env!("KB") {
    Some(_) => 1,
    None => 6,
};

/// Draws `pixmap` in bands with `draw`, on as many threads as there are cores (up to one a
/// band), and returns what `draw` returned for the top band; `None`, with nothing drawn, when
/// the frame is too small to cut, so the caller draws it whole.
///
/// The bands are the same on any machine, one core or many, so an export is the same pixel for
/// pixel wherever it is made. It differs from the frame drawn whole in a few edge pixels
/// (tiny-skia cuts each shape at the band's edges and rounds where it cuts).
///
/// `draw` must draw the same whatever the band: every band sees the whole frame's size.
pub(super) fn draw_in_bands<T: Send>(
    pixmap: &mut Pixmap,
    draw: impl Fn(&mut dyn Canvas) -> T + Sync,
) -> Option<T> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let (width, height) = (pixmap.width(), pixmap.height());
    if height < BANDS {
        return None;
    }
    let frame = pixmap.size();
    let stride = width as usize * 4;
    let rows = height.div_ceil(BANDS) as usize;
    // Taken from the end: the top band first.
    let mut bands: Vec<(u32, &mut [u8])> = (0..)
        .step_by(rows)
        .zip(pixmap.data_mut().chunks_mut(rows * stride))
        .filter_map(|(top, bytes)| Some((u32::try_from(top).ok()?, bytes)))
        .collect();
    bands.reverse();
    let queue = Mutex::new(bands);
    let work = || {
        let mut top_band = None;
        loop {
            let next = queue.lock().unwrap_or_else(PoisonError::into_inner).pop();
            let Some((top, bytes)) = next else {
                return top_band;
            };
            let band_height = u32::try_from(bytes.len() / stride).ok();
            let Some(pixels) = band_height.and_then(|h| PixmapMut::from_bytes(bytes, width, h))
            else {
                continue;
            };
            let drawn = draw(&mut Band::new(pixels, top, frame));
            if top == 0 {
                top_band = Some(drawn);
            }
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..cores.min(BANDS as usize))
            .map(|_| scope.spawn(work))
            .collect();
        let mut top_band = work();
        for helper in helpers {
            // A panic while drawing is a bug: it goes on as one, as if drawn on this thread.
            let theirs = helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            top_band = top_band.or(theirs);
        }
        top_band
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canvas::{Brush, Pen};
    use crate::ink::{Anchor, Rgba};
    use crate::raster::TextStyle;
    use crate::typeface::Face;

    /// Shapes that cross the bands' edges: a filled ring, a thick stroke, a disc and text.
    fn scene(canvas: &mut dyn Canvas) -> [f32; 2] {
        let ring = vec![[10.0, 5.0], [190.0, 37.0], [120.0, 115.0], [20.0, 90.0]];
        let brush = Brush {
            color: Rgba(0, 114, 178, 200),
            even_odd: false,
        };
        canvas.path(&[ring], true, Some(brush), None);
        let line = vec![[5.0, 110.0], [100.0, 3.0], [195.0, 100.0]];
        canvas.path(
            &[line],
            false,
            None,
            Some(&Pen::line(Rgba(213, 94, 0, 255), 6.0, None)),
        );
        // Dashed across every band, down and back up, opaque and translucent; and a
        // translucent solid line that crosses itself, in two runs.
        // Short steps, so each band meets a part of the line only.
        let zigzag: Vec<[f32; 2]> = (0..=60)
            .map(|i| {
                let t = f32::from(u8::try_from(i).unwrap());
                [8.0 + 2.3 * t, 60.0 + 56.0 * (t / 9.0).sin()]
            })
            .collect();
        let dashed = Pen::line(Rgba(26, 26, 26, 255), 2.0, Some([5.0, 3.0]));
        canvas.path(std::slice::from_ref(&zigzag), false, None, Some(&dashed));
        let faint = Pen::line(Rgba(0, 114, 178, 140), 3.0, Some([7.0, 4.0]));
        let shifted: Vec<[f32; 2]> = zigzag.iter().map(|p| [p[0] + 30.0, p[1]]).collect();
        canvas.path(&[shifted], false, None, Some(&faint));
        let loops = vec![
            vec![[20.0, 20.0], [180.0, 100.0], [180.0, 20.0], [20.0, 100.0]],
            vec![[100.0, 0.0], [100.0, 120.0]],
        ];
        canvas.path(
            &loops,
            false,
            None,
            Some(&Pen::line(Rgba(0, 158, 115, 120), 5.0, None)),
        );
        canvas.circle(
            [60.0, 41.0],
            12.0,
            Rgba(250, 250, 250, 255),
            Some((Rgba(0, 0, 0, 255), 2.0)),
        );
        let style = TextStyle {
            size: 16.0,
            color: Rgba(20, 20, 20, 255),
            face: Face::Bold,
            halo: Some((Rgba(255, 255, 255, 230), 3.0)),
        };
        canvas.text("Київ → Gomel", [30.0, 60.0], Anchor::Left, style);
        canvas.size()
    }

    #[test]
    fn a_frame_drawn_in_bands_is_the_frame_drawn_whole() {
        let mut whole = Pixmap::new(200, 120).unwrap();
        scene(&mut whole);
        let mut banded = Pixmap::new(200, 120).unwrap();
        let sizes = draw_in_bands(&mut banded, scene);
        assert_eq!(
            sizes,
            Some([200.0, 120.0]),
            "each band sees the whole frame"
        );
        let inked = whole.pixels().iter().filter(|p| p.alpha() > 0).count();
        let differences: Vec<u8> = whole
            .data()
            .iter()
            .zip(banded.data())
            .map(|(a, b)| a.abs_diff(*b))
            .filter(|&d| d > 0)
            .collect();
        assert!(inked > 5000, "{inked} px drawn");
        // The same shapes in the same places. Where tiny-skia cuts a stroke at a band's edge
        // it rounds, and an edge pixel along it can differ by a few sixteenths of coverage;
        // a band one row out differs by whole colours.
        assert!(
            differences.len() * 50 < inked,
            "{} samples differ of {inked} px drawn",
            differences.len()
        );
        let worst = differences.iter().max().copied().unwrap_or(0);
        assert!(worst <= 48, "a sample differs by {worst} of 255");
    }

    #[test]
    fn a_frame_too_small_to_cut_is_left_to_the_caller() {
        let mut tiny = Pixmap::new(40, BANDS - 1).unwrap();
        assert_eq!(draw_in_bands(&mut tiny, |_| ()), None);
        assert!(
            tiny.pixels().iter().all(|p| p.alpha() == 0),
            "nothing drawn"
        );
    }
}
