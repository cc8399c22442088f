//! Web Mercator (EPSG:3857) in "unit" coordinates: the world is the square [0, 1]², x east,
//! y south, as slippy-map tiles use it.

use std::f64::consts::PI;

/// Highest latitude Web Mercator shows.
pub const MAX_LATITUDE: f64 = 85.051_128_78;

/// Size in px of one tile.
pub const TILE_PX: f64 = 256.0;

/// Projects longitude/latitude (degrees) to unit coordinates.
///
/// ```
/// use koridor::basemap::{to_unit, from_unit};
/// let [x, y] = to_unit(0.0, 0.0);
/// assert!((x - 0.5).abs() < 1e-12 && (y - 0.5).abs() < 1e-12);
/// let (lon, lat) = from_unit(to_unit(30.524, 50.455));
/// assert!((lon - 30.524).abs() < 1e-9 && (lat - 50.455).abs() < 1e-9);
/// ```
#[must_use]
pub fn to_unit(lon: f64, lat: f64) -> [f64; 2] {
    let lat = lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0;
    [x, y]
}

/// Inverse of [`to_unit`]: (longitude, latitude) in degrees.
#[must_use]
pub fn from_unit([x, y]: [f64; 2]) -> (f64, f64) {
    let lon = x * 360.0 - 180.0;
    let lat = (PI * (1.0 - 2.0 * y)).sinh().atan().to_degrees();
    (lon, lat)
}

/// Size of the world in px at `zoom` (256 px tiles).
#[must_use]
pub fn world_px(zoom: f64) -> f64 {
    TILE_PX * zoom.exp2()
}

/// Ground metres per px at `lat` and `zoom`.
#[must_use]
pub fn metres_per_px(lat: f64, zoom: f64) -> f64 {
    40_075_016.686 * lat.to_radians().cos() / world_px(zoom)
}

/// An axis-aligned box in unit coordinates: `[min_x, min_y, max_x, max_y]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bbox(pub [f64; 4]);

impl Bbox {
    /// The smallest box around `points`; an empty (inverted) box for none.
    #[must_use]
    pub fn around(points: &[[f64; 2]]) -> Self {
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for p in points {
            b[0] = b[0].min(p[0]);
            b[1] = b[1].min(p[1]);
            b[2] = b[2].max(p[0]);
            b[3] = b[3].max(p[1]);
        }
        Self(b)
    }

    /// Whether the two boxes overlap (touching counts).
    #[must_use]
    pub fn intersects(&self, other: &Self) -> bool {
        self.0[0] <= other.0[2]
            && other.0[0] <= self.0[2]
            && self.0[1] <= other.0[3]
            && other.0[1] <= self.0[3]
    }

    /// The box grown by `margin` on every side.
    #[must_use]
    pub fn grown(&self, margin: f64) -> Self {
        let b = self.0;
        Self([b[0] - margin, b[1] - margin, b[2] + margin, b[3] + margin])
    }
}
