//! The compass point of a route: the initial great-circle bearing from its start to its end,
//! rounded to one of eight points.

use geo::Coord;

/// One of the eight points of the compass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compass {
    /// 0°.
    North,
    /// 45°.
    NorthEast,
    /// 90°.
    East,
    /// 135°.
    SouthEast,
    /// 180°.
    South,
    /// 225°.
    SouthWest,
    /// 270°.
    West,
    /// 315°.
    NorthWest,
}

const POINTS: [Compass; 8] = [
    Compass::North,
    Compass::NorthEast,
    Compass::East,
    Compass::SouthEast,
    Compass::South,
    Compass::SouthWest,
    Compass::West,
    Compass::NorthWest,
];

impl Compass {
    /// The point nearest the initial bearing from `from` to `to` (x longitude, y latitude, in
    /// degrees); `None` when they are the same place.
    ///
    /// ```
    /// use geo::coord;
    /// use koridor::describe::Compass;
    /// let kyiv = coord! { x: 30.52, y: 50.45 };
    /// let gomel = coord! { x: 30.98, y: 52.44 };
    /// let rostov = coord! { x: 39.72, y: 47.24 };
    /// let mariupol = coord! { x: 37.55, y: 47.10 };
    /// assert_eq!(Compass::between(kyiv, gomel), Some(Compass::North));
    /// assert_eq!(Compass::between(mariupol, rostov), Some(Compass::East));
    /// assert_eq!(Compass::between(kyiv, kyiv), None);
    /// ```
    #[must_use]
    pub fn between(from: Coord<f64>, to: Coord<f64>) -> Option<Self> {
        if from == to {
            return None;
        }
        let (lat1, lat2) = (from.y.to_radians(), to.y.to_radians());
        let dlon = (to.x - from.x).to_radians();
        let y = dlon.sin() * lat2.cos();
        let x = lat1.cos() * lat2.sin() - lat1.sin() * lat2.cos() * dlon.cos();
        let degrees = y.atan2(x).to_degrees().rem_euclid(360.0);
        // 0..=8 after rounding; 8 is north again.
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "degrees is in 0..360, so the index is 0..=8"
        )]
        let k = ((degrees + 22.5) / 45.0).floor() as usize % 8;
        POINTS.get(k).copied()
    }
}
