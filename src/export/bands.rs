//! A raster export drawn on every core: the frame is cut into bands of whole rows, and each
//! thread takes the next band and draws the whole export clipped to it. Each band is handed on,
//! top first, as soon as it and the bands above it are drawn (to compress the top of a PNG
//! while the rest is still drawn), by the thread that drew it or one that is free.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError, TryLockError};

use tiny_skia::{Pixmap, PixmapMut};

use crate::canvas::{Band, Canvas};

/// Bands per frame. Each band draws every shape and skips those outside it, so more bands cost
/// more; fewer balance the cores worse (the routes and their names crowd one part of a
/// frame). Six was the fastest of 1, 2, 3, 4, 6, 8 and 12 on the default export.
const BANDS: u32 = 6;

/// What takes the drawn bands' pixels (premultiplied RGBA, whole rows), top band first.
pub(super) type Take<'t> = dyn FnMut(&[u8]) + Send + 't;

/// Whether `pixmap` has rows enough to be cut into bands.
pub(super) fn cuts(pixmap: &Pixmap) -> bool {
    pixmap.height() >= BANDS
}

/// Draws `pixmap` in bands with `draw`, on as many threads as there are cores (up to one a
/// band), and returns what `draw` returned for the top band; `None`, with nothing drawn, when
/// the frame is too small to cut, so the caller draws it whole.
///
/// Each band goes to `take` as soon as it and every band above it are drawn, in order from the
/// top, one at a time: the thread that finished it calls `take`, unless another is already
/// taking bands, which then takes this one too. So the top of the frame is taken while its
/// bottom is drawn, and a thread with nothing left to draw takes what the others finish.
///
/// The bands are the same on any machine, one core or many, so an export is the same pixel for
/// pixel wherever it is made. It differs from the frame drawn whole in a few edge pixels
/// (tiny-skia cuts each shape at the band's edges and rounds where it cuts).
///
/// `draw` must draw the same whatever the band: every band sees the whole frame's size.
pub(super) fn draw_in_bands<T: Send>(
    pixmap: &mut Pixmap,
    draw: impl Fn(&mut dyn Canvas) -> T + Sync,
    take: &mut Take<'_>,
) -> Option<T> {
    let bands = Bands::cut(pixmap)?;
    let handing = Handing::new(take);
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..cores.min(BANDS as usize))
            .map(|_| scope.spawn(|| bands.draw_each(&draw, &handing)))
            .collect();
        let mut top_band = bands.draw_each(&draw, &handing);
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

/// The bands of one frame, waiting to be drawn, top first.
struct Bands<'a> {
    /// The bands not yet taken, the top one last: place from the top, top row, pixels.
    queue: Mutex<Vec<(usize, u32, &'a mut [u8])>>,
    /// The frame's width in pixels.
    width: u32,
    /// Bytes in a row.
    stride: usize,
    /// The whole frame's size, which every band sees.
    frame: [f32; 2],
}

impl<'a> Bands<'a> {
    /// The bands of `pixmap`, or `None` when it has fewer rows than bands.
    fn cut(pixmap: &'a mut Pixmap) -> Option<Self> {
        if !cuts(pixmap) {
            return None;
        }
        let (width, height) = (pixmap.width(), pixmap.height());
        let frame = pixmap.size();
        let stride = width as usize * 4;
        let rows = height.div_ceil(BANDS) as usize;
        // Taken from the end: the top band first.
        let mut queue: Vec<(usize, u32, &mut [u8])> = (0..)
            .step_by(rows)
            .zip(pixmap.data_mut().chunks_mut(rows * stride))
            .enumerate()
            .filter_map(|(place, (top, bytes))| Some((place, u32::try_from(top).ok()?, bytes)))
            .collect();
        queue.reverse();
        Some(Self {
            queue: Mutex::new(queue),
            width,
            stride,
            frame,
        })
    }

    /// Draws bands until none is left, handing each on once drawn, and returns what `draw`
    /// returned for the top band if this thread drew it.
    fn draw_each<T>(
        &self,
        draw: &impl Fn(&mut dyn Canvas) -> T,
        handing: &Handing<'a, '_>,
    ) -> Option<T> {
        let mut top_band = None;
        loop {
            let next = self
                .queue
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop();
            let Some((place, top, bytes)) = next else {
                return top_band;
            };
            let band_height = u32::try_from(bytes.len() / self.stride).ok();
            let Some(pixels) =
                band_height.and_then(|h| PixmapMut::from_bytes(&mut *bytes, self.width, h))
            else {
                continue;
            };
            let drawn = draw(&mut Band::new(pixels, top, self.frame));
            if top == 0 {
                top_band = Some(drawn);
            }
            handing.hand(place, bytes);
        }
    }
}

/// Drawn bands on their way to the taker, in order.
struct Handing<'a, 't> {
    /// Bands drawn and not yet taken, by place from the top.
    ready: Mutex<BTreeMap<usize, &'a [u8]>>,
    /// The place of the next band to take, and the taker. Held while taking.
    taker: Mutex<(usize, &'t mut Take<'t>)>,
}

impl<'a, 't> Handing<'a, 't> {
    /// Nothing drawn yet: the top band is taken first.
    fn new(take: &'t mut Take<'t>) -> Self {
        Self {
            ready: Mutex::new(BTreeMap::new()),
            taker: Mutex::new((0, take)),
        }
    }

    /// Hands on the band at `place`, then takes every band that is next in order, unless
    /// another thread is taking them.
    fn hand(&self, place: usize, band: &'a [u8]) {
        self.lock_ready().insert(place, band);
        loop {
            let mut taker = match self.taker.try_lock() {
                Ok(taker) => taker,
                Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
                // The thread taking bands takes this one too: it looks again after each.
                Err(TryLockError::WouldBlock) => return,
            };
            loop {
                let next = taker.0;
                let Some(band) = self.lock_ready().remove(&next) else {
                    break;
                };
                (taker.1)(band);
                taker.0 += 1;
            }
            let next = taker.0;
            drop(taker);
            // A band handed on after the last look, while the taker was still held, was left
            // by its thread: look once more.
            if !self.lock_ready().contains_key(&next) {
                return;
            }
        }
    }

    fn lock_ready(&self) -> std::sync::MutexGuard<'_, BTreeMap<usize, &'a [u8]>> {
        self.ready.lock().unwrap_or_else(PoisonError::into_inner)
    }
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
        let sizes = draw_in_bands(&mut banded, scene, &mut |_| ());
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
        let mut taken = 0;
        assert_eq!(draw_in_bands(&mut tiny, |_| (), &mut |_| taken += 1), None);
        assert_eq!(taken, 0);
        assert!(
            tiny.pixels().iter().all(|p| p.alpha() == 0),
            "nothing drawn"
        );
    }

    #[test]
    fn bands_are_taken_top_first_and_together_are_the_frame_drawn_in_bands() {
        let mut plain = Pixmap::new(200, 121).unwrap();
        draw_in_bands(&mut plain, scene, &mut |_| ());
        let mut taken = Pixmap::new(200, 121).unwrap();
        let mut handed: Vec<Vec<u8>> = Vec::new();
        let sizes = draw_in_bands(&mut taken, scene, &mut |band| handed.push(band.to_vec()));
        assert_eq!(sizes, Some([200.0, 121.0]), "the top band's result");
        // 121 rows in bands of 21, the last 16 rows.
        let rows: Vec<usize> = handed.iter().map(|band| band.len() / (200 * 4)).collect();
        assert_eq!(rows, [21, 21, 21, 21, 21, 16]);
        assert_eq!(
            handed.concat(),
            taken.data(),
            "each band as it was drawn, in order"
        );
        assert_eq!(
            taken.data(),
            plain.data(),
            "the same frame, whatever takes it"
        );
    }

    #[test]
    fn bands_handed_on_out_of_order_by_many_threads_are_taken_in_order_once_each() {
        const N: usize = 64;
        let pixels: Vec<[u8; 1]> = (0..N).map(|i| [u8::try_from(i).unwrap()]).collect();
        for round in 0..20 {
            let mut taken = Vec::new();
            let mut take = |band: &[u8]| taken.push(band[0]);
            let handing = Handing::new(&mut take);
            // Four threads hand on the bands in an order of their own each round.
            std::thread::scope(|scope| {
                for thread in 0..4 {
                    let (handing, pixels) = (&handing, &pixels);
                    scope.spawn(move || {
                        for k in 0..N / 4 {
                            let place = (k * 4 + thread + round * 7) % N;
                            handing.hand(place, &pixels[place]);
                        }
                    });
                }
            });
            drop(handing);
            let want: Vec<u8> = (0..N).map(|i| u8::try_from(i).unwrap()).collect();
            assert_eq!(taken, want, "round {round}");
        }
    }
}
