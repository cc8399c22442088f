//! Where an export is: a small map of Ukraine and its neighbours in the top-right corner, with
//! the frame's area outlined, so a reader (or an editor cropping the picture) sees at once which
//! part of the country the map shows.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use tiny_skia::Pixmap;

use crate::basemap::{Basemap, draw_basemap};
use crate::canvas::{Canvas, Pen};
use crate::ink::Rgba;
use crate::projection::{LonLat, UnitPoint, Viewport};

/// The area the locator shows: Ukraine and its neighbours.
const AREA: [LonLat; 2] = [LonLat::new(21.5, 53.0), LonLat::new(41.0, 43.8)];

/// The frame's outline: the export's accent (vermillion), unlike any basemap colour.
pub(crate) const OUTLINE: Rgba = Rgba::hex(0xd55e00);

/// The locator's map without the frame's box, drawn once per density and kept: every export at
/// that density shares it.
fn base(basemap: &Basemap, view: &Viewport) -> Option<Arc<Pixmap>> {
    static DRAWN: OnceLock<Mutex<HashMap<u32, Arc<Pixmap>>>> = OnceLock::new();
    let key = view.scale.to_bits();
    let mut drawn = DRAWN
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(found) = drawn.get(&key) {
        return Some(Arc::clone(found));
    }
    let [w, h] = view.size();
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "the inset is a few hundred px"
    )]
    let mut pixmap = Pixmap::new(w.round() as u32, h.round() as u32)?;
    draw_basemap(&mut pixmap, basemap, &[], 0, view, None);
    let pixmap = Arc::new(pixmap);
    drawn.insert(key, Arc::clone(&pixmap));
    Some(pixmap)
}

/// What the locator's map shows at density `s`: Ukraine and its neighbours, fitted to the
/// inset.
fn inset_view(s: f32) -> Option<Viewport> {
    Viewport::fit(AREA, [0.0, 0.0, 150.0 * s, 96.0 * s], s, 2.0, 8.0)
}

/// Draws the locator's map for density `s` ahead of time: it is kept for every export at that
/// density, so an export finds it ready. The command line has it drawn on another core while
/// it reads the record; drawn in the export, it took a band's thread 5 % of the export's
/// instructions, while the other band's thread waited for it.
pub(crate) fn draw_ahead(basemap: &Basemap, s: f32) {
    if let Some(view) = inset_view(s) {
        base(basemap, &view);
    }
}

/// The box the locator takes in a `w` × `h` frame at density `s` showing `zoom`, its mat
/// included; `None` when the frame is too small for one or shows more than it would.
#[must_use]
pub(crate) fn locator_rect(w: f32, h: f32, s: f32, zoom: f64) -> Option<[f32; 4]> {
    let (inset_w, inset_h) = (150.0 * s, 96.0 * s);
    if w < inset_w * 3.0 || h < inset_h * 3.0 || zoom < 5.0 {
        return None;
    }
    let (x0, y0) = (w - inset_w - 12.0 * s, 12.0 * s);
    Some([x0, y0, x0 + inset_w, y0 + inset_h])
}

/// The frame's outline in the locator's px: at least a few px wide, so that a small frame
/// still shows.
fn outline_box(frame: &Viewport, view: &Viewport, s: f32) -> [[f32; 2]; 4] {
    let shown = frame.unit_rect(0.0);
    let corner = |c: geo::Coord<f64>| view.to_px(UnitPoint { x: c.x, y: c.y });
    let (a, b) = (corner(shown.min()), corner(shown.max()));
    let least = 6.0 * s;
    let (cx, cy) = ((a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0);
    let (hw, hh) = (
        ((b[0] - a[0]) / 2.0).max(least / 2.0),
        ((b[1] - a[1]) / 2.0).max(least / 2.0),
    );
    [
        [cx - hw, cy - hh],
        [cx + hw, cy - hh],
        [cx + hw, cy + hh],
        [cx - hw, cy + hh],
    ]
}

/// Draws the locator in the top-right corner of `canvas` for an export drawn through `frame`;
/// returns the corner box it took (`[x0, y0, x1, y1]`), or `None` when the frame is too small to
/// hold one or the frame itself shows more than the locator would. A pixmap copies the inset's
/// map from a cache; a vector canvas draws it as vectors, clipped to the inset.
pub(crate) fn locator(
    canvas: &mut dyn Canvas,
    basemap: &Basemap,
    frame: &Viewport,
    s: f32,
) -> Option<[f32; 4]> {
    let [w, h] = canvas.size();
    let [x0, y0, _, _] = locator_rect(w, h, s, frame.zoom)?;
    let (inset_w, inset_h) = (150.0 * s, 96.0 * s);
    let view = inset_view(s)?;
    let outline = Pen::new(OUTLINE, 2.0 * s);
    let ring = outline_box(frame, &view, s).to_vec();
    canvas.begin_layer("locator");
    // A white mat around the inset, as around the other panels.
    canvas.rect(
        [
            x0 - 3.0 * s,
            y0 - 3.0 * s,
            inset_w + 6.0 * s,
            inset_h + 6.0 * s,
        ],
        Rgba(255, 255, 255, 232),
    );
    if canvas.takes_pixels() {
        let mut inset = (*base(basemap, &view)?).clone();
        inset.path(&[ring], true, None, Some(&outline));
        #[expect(
            clippy::cast_possible_truncation,
            reason = "positions inside a frame of at most 16,384 px"
        )]
        canvas.pixels(&inset, [x0.round() as i32, y0.round() as i32]);
    } else {
        canvas.begin_inset("locator map", [x0, y0], [0.0, 0.0, inset_w, inset_h]);
        draw_basemap(canvas, basemap, &[], 0, &view, None);
        canvas.path(&[ring], true, None, Some(&outline));
        canvas.end_layer();
    }
    canvas.end_layer();
    Some([x0, y0, x0 + inset_w, y0 + inset_h])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locator_drawn_ahead_is_the_one_an_export_draws() {
        let basemap = Basemap::embedded().unwrap();
        draw_ahead(basemap, 2.0);
        let view = inset_view(2.0).unwrap();
        let kept = base(basemap, &view).unwrap();
        let [w, h] = view.size();
        let mut fresh = Pixmap::new(w.round() as u32, h.round() as u32).unwrap();
        draw_basemap(&mut fresh, basemap, &[], 0, &view, None);
        assert_eq!((kept.width(), kept.height()), (300, 192));
        assert!(
            kept.data() == fresh.data(),
            "the kept map is the map drawn now"
        );
        // Kept: asking again gives the same pixmap, not a second drawing.
        assert!(Arc::ptr_eq(&kept, &base(basemap, &view).unwrap()));
    }
}
