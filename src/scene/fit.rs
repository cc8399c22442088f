//! Choosing a view that shows a set of routes whole.

use crate::basemap::{TILE_PX, from_unit, to_unit};

/// A view: centre (lon, lat) and zoom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fit {
    /// Longitude of the centre.
    pub lon: f64,
    /// Latitude of the centre.
    pub lat: f64,
    /// Zoom level.
    pub zoom: f64,
}

/// The view that fits every point of `lines` (lon, lat) into `size` px with `padding` px on
/// each side, zoomed no further than `max_zoom`.
///
/// ```
/// use koridor::scene::fit;
/// let kyiv_gomel = [(30.524, 50.455), (30.975, 52.434)];
/// let view = fit(kyiv_gomel, [800.0, 600.0], 40.0, 12.0).unwrap();
/// assert!(view.zoom > 6.0 && view.zoom < 9.0);
/// assert!((view.lat - 51.45).abs() < 0.1);
/// ```
#[must_use]
pub fn fit(
    lines: impl IntoIterator<Item = (f64, f64)>,
    size: [f32; 2],
    padding: f32,
    max_zoom: f64,
) -> Option<Fit> {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for (lon, lat) in lines {
        let [x, y] = to_unit(lon, lat);
        x0 = x0.min(x);
        y0 = y0.min(y);
        x1 = x1.max(x);
        y1 = y1.max(y);
    }
    if x0 > x1 {
        return None;
    }
    let w = f64::from((size[0] - 2.0 * padding).max(16.0));
    let h = f64::from((size[1] - 2.0 * padding).max(16.0));
    let span_x = (x1 - x0).max(1e-9) * TILE_PX;
    let span_y = (y1 - y0).max(1e-9) * TILE_PX;
    let zoom = (w / span_x).min(h / span_y).log2().clamp(2.0, max_zoom);
    let (lon, lat) = from_unit([(x0 + x1) / 2.0, (y0 + y1) / 2.0]);
    Some(Fit { lon, lat, zoom })
}
