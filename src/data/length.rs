//! Route length along the ellipsoid.

use geo::{Geodesic, Length, LineString};

/// Geodesic length of a route in kilometres (WGS84 ellipsoid, Karney's algorithm).
pub trait GeodesicKm {
    /// Length in km along the geodesics between consecutive points.
    fn geodesic_km(&self) -> f64;
}

impl GeodesicKm for LineString<f64> {
    /// ```
    /// use geo::line_string;
    /// use koridor::GeodesicKm;
    /// // Kyiv to Gomel, as the crow flies: about 230 km.
    /// let line = line_string![(x: 30.524, y: 50.455), (x: 30.975, y: 52.434)];
    /// assert!((line.geodesic_km() - 222.0).abs() < 5.0);
    /// ```
    fn geodesic_km(&self) -> f64 {
        Geodesic.length(self) / 1000.0
    }
}
