//! Online tiles under an export's routes: fetched through the window's tile cache and drawn over
//! the offline basemap, which shows wherever a tile could not be had.

use tiny_skia::{IntSize, Pixmap};

use crate::canvas::Canvas;

use crate::net::{Problem, TileChoice, TileFetchOptions, TileKey, fetch_tiles};
use crate::projection::{TILE_PX, Viewport};

/// How the online tiles or the street basemap of an export went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TileReport {
    /// Tiles the view needed.
    pub asked: usize,
    /// Tiles that could not be had (the offline basemap shows there).
    pub failed: usize,
    /// The first problem met, in plain words when shown.
    pub problem: Option<Problem>,
    /// How the street basemap's tiles went, when one was asked for and opened.
    pub archive: Option<crate::archive::ArchiveReport>,
    /// Why the street basemap asked for could not be opened (the embedded basemap is shown).
    pub archive_error: Option<String>,
}

impl TileReport {
    /// Adds `other` (another frame's report) to this one; the first problems are kept.
    pub(crate) fn absorb(&mut self, other: Self) {
        self.asked += other.asked;
        self.failed += other.failed;
        self.problem = self.problem.or(other.problem);
        self.archive_error = self.archive_error.take().or(other.archive_error);
        if let Some(theirs) = other.archive {
            let mine = self.archive.get_or_insert_with(Default::default);
            mine.asked += theirs.asked;
            mine.drawn += theirs.drawn;
            mine.failed += theirs.failed;
            mine.problem = mine.problem.take().or(theirs.problem);
        }
    }

    /// What went wrong, as lines for the command line (none when all went well); `source` names
    /// the online tile source.
    #[must_use]
    pub fn warnings(&self, source: &str) -> Vec<String> {
        let mut lines = Vec::new();
        if self.failed > 0 {
            let why = self
                .problem
                .map(|p| format!(" (first problem: {p})"))
                .unwrap_or_default();
            lines.push(format!(
                "{} of {} online tiles ({source}) could not be had; the offline basemap shows there{why}",
                self.failed, self.asked
            ));
        }
        if let Some(err) = &self.archive_error {
            lines.push(format!("{err}; the embedded basemap is shown"));
        }
        if let Some(street) = self.archive.as_ref().filter(|a| a.failed > 0) {
            let why = street
                .problem
                .as_ref()
                .map(|p| format!(" (first problem: {p})"))
                .unwrap_or_default();
            lines.push(format!(
                "{} of {} street basemap tiles could not be read; the embedded basemap shows there{why}",
                street.failed, street.asked
            ));
        }
        lines
    }
}

/// The tiles (at the nearest whole zoom) that cover `view`.
#[must_use]
pub(crate) fn tiles_for(view: &Viewport) -> (u8, Vec<TileKey>) {
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "tile indices and px offsets at zoom ≤ 19 fit the target types"
    )]
    let z = view.zoom.round().clamp(0.0, 19.0) as u8;
    let factor = (f64::from(z) - view.zoom).exp2();
    let s = f64::from(view.scale);
    let n = 1i64 << z;
    #[expect(
        clippy::cast_possible_truncation,
        reason = "tile indices and px offsets at zoom ≤ 19 fit the target types"
    )]
    let range = |origin: f64, size: f32| {
        let a = (origin * factor / TILE_PX).floor() as i64;
        let b = ((origin + f64::from(size) / s) * factor / TILE_PX).floor() as i64;
        (a.max(0), b.min(n - 1))
    };
    let size = view.size();
    let (x0, x1) = range(view.origin[0], size[0]);
    let (y0, y1) = range(view.origin[1], size[1]);
    let mut keys = Vec::new();
    for y in y0..=y1 {
        for x in x0..=x1 {
            if let (Ok(x), Ok(y)) = (u32::try_from(x), u32::try_from(y)) {
                keys.push((z, x, y));
            }
        }
    }
    (z, keys)
}

/// Draws the online tiles of `choice` for `view` onto `pixmap`, all fetched within one deadline
/// ([`TileFetchOptions::from_env`]); the offline basemap beneath shows wherever a tile is missing.
pub(crate) fn draw_online(
    canvas: &mut dyn Canvas,
    view: &Viewport,
    choice: &TileChoice,
) -> TileReport {
    if matches!(choice, TileChoice::Offline | TileChoice::Archive(_)) {
        return TileReport::default();
    }
    let (z, keys) = tiles_for(view);
    let fetched = fetch_tiles(choice, &keys, &TileFetchOptions::from_env());
    let factor = (f64::from(z) - view.zoom).exp2();
    let s = f64::from(view.scale);
    let mut report = TileReport {
        asked: keys.len(),
        failed: 0,
        problem: fetched.problem,
        ..TileReport::default()
    };
    for ((_, x, y), image) in keys.iter().zip(fetched.images) {
        let Some(image) = image else {
            report.failed += 1;
            continue;
        };
        let (w, h) = image.dimensions();
        let mut data = image.into_raw();
        for px in data.chunks_exact_mut(4) {
            let a = u16::from(px[3]);
            for c in &mut px[..3] {
                #[expect(
                    clippy::cast_possible_truncation,
                    reason = "tile indices and px offsets at zoom ≤ 19 fit the target types"
                )]
                let premultiplied = (u16::from(*c) * a / 255) as u8;
                *c = premultiplied;
            }
        }
        let Some(tile) = IntSize::from_wh(w, h).and_then(|size| Pixmap::from_vec(data, size))
        else {
            report.failed += 1;
            continue;
        };
        // Tile px → output px: tile size on the map is 256 / factor map px, times the density.
        let k = TILE_PX / f64::from(w) / factor * s;
        let dx = (f64::from(*x) * TILE_PX / factor - view.origin[0]) * s;
        let dy = (f64::from(*y) * TILE_PX / factor - view.origin[1]) * s;
        #[expect(
            clippy::cast_possible_truncation,
            reason = "tile indices and px offsets at zoom ≤ 19 fit the target types"
        )]
        let place = [
            dx as f32,
            dy as f32,
            (k * f64::from(w)) as f32,
            (k * f64::from(h)) as f32,
        ];
        canvas.image(&tile, place);
    }
    report
}
