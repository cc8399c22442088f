//! Web Mercator's formula alone, with no other code of the crate: the crate projects through it
//! ([`crate::projection::LonLat::to_unit`]), and so does the build script, which projects the
//! embedded basemap once at build time. One formula, so a town projected at build time and a
//! route projected at run time land on the same pixel.

use std::f64::consts::PI;

/// Highest latitude Web Mercator shows.
pub(crate) const MAX_LATITUDE: f64 = 85.051_128_78;

/// Longitude and latitude in degrees to Web Mercator's unit square (x east, y south; latitudes
/// beyond [`MAX_LATITUDE`] are clamped).
#[must_use]
pub(crate) fn unit_xy(lon: f64, lat: f64) -> [f64; 2] {
    let lat = lat.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    [
        (lon + 180.0) / 360.0,
        (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0,
    ]
}
