//! A raster export drawn on every core: the frame is cut into bands of whole rows, and each
//! thread takes the next band and draws the whole export clipped to it. The bands can be handed
//! on, top first, as they are finished (to encode the top of a PNG while the rest is drawn).

use std::collections::BTreeMap;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Mutex, PoisonError};

use tiny_skia::{Pixmap, PixmapMut};

use crate::canvas::{Band, Canvas};

/// Bands per frame. Each band draws every shape and skips those outside it, so more bands cost
/// more; fewer balance the cores worse (the routes and their names crowd one part of a
/// frame). Six was the fastest of 1, 2, 3, 4, 6, 8 and 12 on the default export.
const BANDS: u32 = 6;

/// Whether `pixmap` has rows enough to be cut into bands.
pub(super) fn cuts(pixmap: &Pixmap) -> bool {
    pixmap.height() >= BANDS
}

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
    let bands = Bands::cut(pixmap)?;
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..cores.min(BANDS as usize))
            .map(|_| scope.spawn(|| bands.draw_each(&draw, |_| ())))
            .collect();
        let top_band = bands.draw_each(&draw, |_| ());
        join_all(helpers, top_band)
    })
}

/// As [`draw_in_bands`], and hands the bands' pixels (premultiplied RGBA, whole rows) to `take`,
/// top band first, each as soon as it and every band above it are drawn. `take` runs on a
/// thread of its own while the other bands are drawn, and may stop early by dropping the
/// bands; what it returns comes back beside the top band's result.
pub(super) fn draw_in_bands_then<T: Send, R: Send>(
    pixmap: &mut Pixmap,
    draw: impl Fn(&mut dyn Canvas) -> T + Sync,
    take: impl FnOnce(InOrder<'_>) -> R + Send,
) -> Option<(T, R)> {
    let bands = Bands::cut(pixmap)?;
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let (done, finished) = channel();
    std::thread::scope(|scope| {
        let taker = scope.spawn(|| take(InOrder::new(finished)));
        let helpers: Vec<_> = (1..cores.min(BANDS as usize))
            .map(|_| {
                let (bands, draw, done) = (&bands, &draw, done.clone());
                scope.spawn(move || bands.draw_each(draw, hand_on(done)))
            })
            .collect();
        let top_band = bands.draw_each(&draw, hand_on(done.clone()));
        drop(done);
        let top_band = join_all(helpers, top_band);
        let taken = taker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        top_band.map(|top| (top, taken))
    })
}

/// Sends each drawn band on `done`. A taker that stopped early no longer wants the rest: not an
/// error.
fn hand_on<'a>(done: Sender<Drawn<'a>>) -> impl Fn(Drawn<'a>) {
    move |band| {
        let _ = done.send(band);
    }
}

/// Waits for the helpers and returns the top band's result, whichever thread drew it.
fn join_all<T>(
    helpers: Vec<std::thread::ScopedJoinHandle<'_, Option<T>>>,
    mine: Option<T>,
) -> Option<T> {
    let mut top_band = mine;
    for helper in helpers {
        // A panic while drawing is a bug: it goes on as one, as if drawn on this thread.
        let theirs = helper
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        top_band = top_band.or(theirs);
    }
    top_band
}

/// A drawn band: its place from the top (0 for the top band) and its pixels.
type Drawn<'a> = (usize, &'a [u8]);

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

    /// Draws bands until none is left, handing each to `done` once drawn, and returns what
    /// `draw` returned for the top band if this thread drew it.
    fn draw_each<T>(
        &self,
        draw: &impl Fn(&mut dyn Canvas) -> T,
        done: impl Fn(Drawn<'a>),
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
            done((place, bytes));
        }
    }
}

/// The drawn bands' pixels, top band first, each given once it and all above it are drawn.
pub(super) struct InOrder<'a> {
    /// Bands as they are finished, in any order.
    finished: Receiver<Drawn<'a>>,
    /// Bands finished before a band above them, by place.
    early: BTreeMap<usize, &'a [u8]>,
    /// The place of the next band to give.
    next: usize,
}

impl<'a> InOrder<'a> {
    /// The bands sent on `finished`, put in order.
    fn new(finished: Receiver<Drawn<'a>>) -> Self {
        Self {
            finished,
            early: BTreeMap::new(),
            next: 0,
        }
    }
}

impl<'a> Iterator for InOrder<'a> {
    type Item = &'a [u8];

    /// The next band down, waiting for it to be drawn; `None` once every band was given, or
    /// when a band will never come (its thread stopped).
    fn next(&mut self) -> Option<&'a [u8]> {
        loop {
            if let Some(band) = self.early.remove(&self.next) {
                self.next += 1;
                return Some(band);
            }
            let (place, band) = self.finished.recv().ok()?;
            self.early.insert(place, band);
        }
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

    #[test]
    fn bands_are_handed_on_top_first_and_together_are_the_frame_drawn_in_bands() {
        let mut plain = Pixmap::new(200, 121).unwrap();
        draw_in_bands(&mut plain, scene);
        let mut streamed = Pixmap::new(200, 121).unwrap();
        let (sizes, handed) = draw_in_bands_then(&mut streamed, scene, |bands| {
            bands.map(<[u8]>::to_vec).collect::<Vec<_>>()
        })
        .unwrap();
        assert_eq!(sizes, [200.0, 121.0], "the top band's result");
        // 121 rows in bands of 21, the last 16 rows.
        let rows: Vec<usize> = handed.iter().map(|band| band.len() / (200 * 4)).collect();
        assert_eq!(rows, [21, 21, 21, 21, 21, 16]);
        assert_eq!(
            handed.concat(),
            streamed.data(),
            "each band as it was drawn, in order"
        );
        assert_eq!(
            streamed.data(),
            plain.data(),
            "the same frame as without handing on"
        );
    }

    #[test]
    fn a_taker_that_stops_early_leaves_the_frame_drawn_whole() {
        let mut plain = Pixmap::new(200, 120).unwrap();
        draw_in_bands(&mut plain, scene);
        let mut streamed = Pixmap::new(200, 120).unwrap();
        let (_, first) = draw_in_bands_then(&mut streamed, scene, |mut bands| {
            bands.next().map(<[u8]>::len)
        })
        .unwrap();
        assert_eq!(first, Some(20 * 200 * 4));
        assert_eq!(streamed.data(), plain.data());
    }

    #[test]
    fn bands_finished_out_of_order_are_given_in_order_and_a_missing_one_ends_them() {
        let (done, finished) = channel();
        let pixels = [[0_u8; 4], [1; 4], [2; 4], [3; 4]];
        for place in [2, 0, 1] {
            done.send((place, &pixels[place][..])).unwrap();
        }
        // No band after the fourth comes.
        done.send((3, &pixels[3][..])).unwrap();
        drop(done);
        let given: Vec<u8> = InOrder::new(finished).map(|band| band[0]).collect();
        assert_eq!(given, [0, 1, 2, 3]);

        let (done, finished) = channel();
        done.send((1, &pixels[1][..])).unwrap();
        drop(done);
        assert_eq!(InOrder::new(finished).count(), 0, "the top band never came");
    }
}
