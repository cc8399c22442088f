//! The one projection and the one viewport. Koridor draws on Web Mercator (EPSG:3857), as
//! slippy-map tiles do. Three coordinate spaces, each with its own type:
//!
//! - [`LonLat`]: degrees on WGS 84, as the dataset and the basemap layers give them;
//! - [`UnitPoint`]: Web Mercator's unit square, the world as `[0, 1]²`, x east, y south;
//! - device px (`[f32; 2]`), in the output a [`Viewport`] describes: the window's map area, a
//!   256 px tile, or an export frame.
//!
//! A [`Viewport`] (centre, zoom, output rectangle, px density) is what the window, the tile
//! renderer and the export all draw through, so that the same point lands on the same pixel.

use std::f64::consts::PI;

use geo::{BoundingRect, Coord, Rect};

/// Size in px of one tile.
pub(crate) const TILE_PX: f64 = 256.0;

/// The equator's length in kilometres on the Web Mercator sphere: one unit of x.
pub(crate) const EQUATOR_KM: f64 = 40_075.016_686;

/// A position on the globe: longitude and latitude in degrees (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LonLat {
    /// Degrees east.
    pub lon: f64,
    /// Degrees north.
    pub lat: f64,
}

/// A position in Web Mercator's unit square: the world is `[0, 1]²`, x east, y south.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct UnitPoint {
    /// 0 at 180° W, 1 at 180° E.
    pub x: f64,
    /// 0 at the top of the map (85° N), 1 at the bottom.
    pub y: f64,
}

/// An axis-aligned box in unit coordinates.
pub(crate) type UnitRect = Rect<f64>;

impl LonLat {
    /// A position from longitude and latitude in degrees.
    #[must_use]
    pub const fn new(lon: f64, lat: f64) -> Self {
        Self { lon, lat }
    }

    /// Projects to the unit square (latitudes beyond `MAX_LATITUDE` are clamped).
    ///
    /// ```
    /// use koridor::projection::LonLat;
    /// let centre = LonLat::new(0.0, 0.0).to_unit();
    /// assert!((centre.x - 0.5).abs() < 1e-12 && (centre.y - 0.5).abs() < 1e-12);
    /// let kyiv = LonLat::new(30.524, 50.455);
    /// let back = kyiv.to_unit().to_lon_lat();
    /// assert!((back.lon - kyiv.lon).abs() < 1e-9 && (back.lat - kyiv.lat).abs() < 1e-9);
    /// ```
    #[must_use]
    pub fn to_unit(self) -> UnitPoint {
        let [x, y] = crate::mercator::unit_xy(self.lon, self.lat);
        UnitPoint { x, y }
    }
}

impl From<Coord<f64>> for LonLat {
    /// A `geo` coordinate read as x = longitude, y = latitude.
    fn from(c: Coord<f64>) -> Self {
        Self::new(c.x, c.y)
    }
}

impl UnitPoint {
    /// The inverse of [`LonLat::to_unit`].
    #[must_use]
    pub fn to_lon_lat(self) -> LonLat {
        LonLat {
            lon: self.x * 360.0 - 180.0,
            lat: (PI * (1.0 - 2.0 * self.y)).sinh().atan().to_degrees(),
        }
    }

    /// As a `geo` coordinate (x, y).
    #[must_use]
    pub fn coord(self) -> Coord<f64> {
        Coord {
            x: self.x,
            y: self.y,
        }
    }
}

/// The smallest unit box around `points` (geo's `BoundingRect`); `None` for none.
///
/// ```
/// use koridor::projection::{UnitPoint, bounding};
/// let b = bounding([UnitPoint { x: 0.2, y: 0.4 }, UnitPoint { x: 0.1, y: 0.5 }]).unwrap();
/// assert_eq!((b.min().x, b.min().y, b.max().x, b.max().y), (0.1, 0.4, 0.2, 0.5));
/// assert!(bounding([]).is_none());
/// ```
#[must_use]
pub fn bounding(points: impl IntoIterator<Item = UnitPoint>) -> Option<UnitRect> {
    let points: geo::MultiPoint<f64> = points
        .into_iter()
        .map(|p| geo::Point::from(p.coord()))
        .collect();
    points.bounding_rect()
}

/// Whether two boxes `[min_x, min_y, max_x, max_y]` (in any one space) overlap; boxes that only
/// touch do not. Labels use it to keep clear of each other.
///
/// ```
/// use koridor::projection::boxes_overlap;
/// assert!(boxes_overlap(&[0.0, 0.0, 2.0, 2.0], &[1.0, 1.0, 3.0, 3.0]));
/// assert!(!boxes_overlap(&[0.0, 0.0, 1.0, 1.0], &[1.0, 0.0, 2.0, 1.0]));
/// ```
#[must_use]
pub fn boxes_overlap<T: PartialOrd>(a: &[T; 4], b: &[T; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Whether box `inner` lies wholly inside box `outer` (`[min_x, min_y, max_x, max_y]`, edges
/// included): a label inside its frame.
///
/// ```
/// use koridor::projection::box_within;
/// assert!(box_within(&[1.0, 1.0, 2.0, 2.0], &[0.0, 0.0, 2.0, 2.0]));
/// assert!(!box_within(&[1.0, 1.0, 3.0, 2.0], &[0.0, 0.0, 2.0, 2.0]));
/// ```
#[must_use]
pub fn box_within<T: PartialOrd>(inner: &[T; 4], outer: &[T; 4]) -> bool {
    inner[0] >= outer[0] && inner[1] >= outer[1] && inner[2] <= outer[2] && inner[3] <= outer[3]
}

/// Size of the world in map px at `zoom` (256 px tiles).
#[must_use]
pub(crate) fn world_px(zoom: f64) -> f64 {
    TILE_PX * zoom.exp2()
}

/// Ground metres per map px at `lat` and `zoom`.
#[must_use]
pub(crate) fn metres_per_px(lat: f64, zoom: f64) -> f64 {
    EQUATOR_KM * 1000.0 * lat.to_radians().cos() / world_px(zoom)
}

/// What part of the world an output shows, and how: the map point at the top-left corner of
/// the output rectangle, the zoom, the rectangle in device px, and the device px per map px
/// (1 on screen at 100 %, 2–3 for print exports).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Viewport {
    /// Zoom level (fractional allowed).
    pub zoom: f64,
    /// The map point at the output's top-left corner, in map px at `zoom`.
    pub origin: [f64; 2],
    /// The output rectangle, `[x0, y0, x1, y1]` in device px.
    pub rect: [f32; 4],
    /// Device px per map px.
    pub scale: f32,
}

impl Viewport {
    /// The output of `size` device px (at the top-left of its surface) centred on `center`.
    #[must_use]
    pub fn centred(center: UnitPoint, zoom: f64, size: [f32; 2], scale: f32) -> Self {
        Self::centred_in(center, zoom, [0.0, 0.0, size[0], size[1]], scale)
    }

    /// The output filling `rect` (device px) centred on `center`.
    #[must_use]
    pub(crate) fn centred_in(center: UnitPoint, zoom: f64, rect: [f32; 4], scale: f32) -> Self {
        let world = world_px(zoom);
        let s = f64::from(scale);
        let half = [
            f64::from(rect[2] - rect[0]) / s / 2.0,
            f64::from(rect[3] - rect[1]) / s / 2.0,
        ];
        Self {
            zoom,
            origin: [center.x * world - half[0], center.y * world - half[1]],
            rect,
            scale,
        }
    }

    /// The 256 px slippy tile `x`, `y` at `zoom`, drawn at `scale` device px per px.
    ///
    /// ```
    /// use koridor::projection::{UnitPoint, Viewport};
    /// let tile = Viewport::tile(1, 1, 0, 1.0);
    /// assert_eq!(tile.to_px(UnitPoint { x: 0.5, y: 0.0 }), [0.0, 0.0]);
    /// assert_eq!(tile.to_px(UnitPoint { x: 1.0, y: 0.5 }), [256.0, 256.0]);
    /// ```
    #[must_use]
    pub fn tile(zoom: u8, x: u32, y: u32, scale: f32) -> Self {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "a tile side is 256 px times a small scale"
        )]
        let px = (TILE_PX as f32 * scale).round();
        Self {
            zoom: f64::from(zoom),
            origin: [f64::from(x) * TILE_PX, f64::from(y) * TILE_PX],
            rect: [0.0, 0.0, px, px],
            scale,
        }
    }

    /// The view that shows every point of `points` inside `rect` (device px, `scale` device px
    /// per map px) with `padding` map px on each side, zoomed between 2 and `max_zoom`; `None`
    /// for no points.
    ///
    /// ```
    /// use koridor::projection::{LonLat, Viewport};
    /// let kyiv_gomel = [LonLat::new(30.524, 50.455), LonLat::new(30.975, 52.434)];
    /// let view = Viewport::fit(kyiv_gomel, [0.0, 0.0, 800.0, 600.0], 1.0, 40.0, 12.0).unwrap();
    /// assert!(view.zoom > 6.0 && view.zoom < 9.0);
    /// assert!((view.center().to_lon_lat().lat - 51.45).abs() < 0.1);
    /// ```
    #[must_use]
    pub fn fit(
        points: impl IntoIterator<Item = LonLat>,
        rect: [f32; 4],
        scale: f32,
        padding: f32,
        max_zoom: f64,
    ) -> Option<Self> {
        let bounds = bounding(points.into_iter().map(LonLat::to_unit))?;
        let w = f64::from(((rect[2] - rect[0]) / scale - 2.0 * padding).max(16.0));
        let h = f64::from(((rect[3] - rect[1]) / scale - 2.0 * padding).max(16.0));
        let span_x = bounds.width().max(1e-9) * TILE_PX;
        let span_y = bounds.height().max(1e-9) * TILE_PX;
        let zoom = (w / span_x).min(h / span_y).log2().clamp(2.0, max_zoom);
        let c = bounds.center();
        Some(Self::centred_in(
            UnitPoint { x: c.x, y: c.y },
            zoom,
            rect,
            scale,
        ))
    }

    /// Size of the world in map px at this zoom.
    #[must_use]
    pub(crate) fn world_px(&self) -> f64 {
        world_px(self.zoom)
    }

    /// The output's size in device px.
    #[must_use]
    pub fn size(&self) -> [f32; 2] {
        [self.rect[2] - self.rect[0], self.rect[3] - self.rect[1]]
    }

    /// The map point at the centre of the output.
    #[must_use]
    pub fn center(&self) -> UnitPoint {
        self.to_unit([
            (self.rect[0] + self.rect[2]) / 2.0,
            (self.rect[1] + self.rect[3]) / 2.0,
        ])
    }

    /// Where a map point lands, in device px.
    #[must_use]
    pub fn to_px(&self, p: UnitPoint) -> [f32; 2] {
        self.projector()(p)
    }

    /// `to_px` for many points: the view's constants worked out once, the same sums per point
    /// (so the same px to the last bit).
    pub fn projector(&self) -> impl Fn(UnitPoint) -> [f32; 2] + use<> {
        let (world, s) = (self.world_px(), f64::from(self.scale));
        let (origin, rect) = (self.origin, self.rect);
        #[expect(
            clippy::cast_possible_truncation,
            reason = "screen and frame positions fit f32"
        )]
        move |p: UnitPoint| {
            [
                rect[0] + ((p.x * world - origin[0]) * s) as f32,
                rect[1] + ((p.y * world - origin[1]) * s) as f32,
            ]
        }
    }

    /// The map point under device px `px`.
    #[must_use]
    pub fn to_unit(&self, px: [f32; 2]) -> UnitPoint {
        let world = self.world_px();
        let s = f64::from(self.scale);
        UnitPoint {
            x: (self.origin[0] + f64::from(px[0] - self.rect[0]) / s) / world,
            y: (self.origin[1] + f64::from(px[1] - self.rect[1]) / s) / world,
        }
    }

    /// `px` device px as a distance in unit coordinates.
    #[must_use]
    pub(crate) fn px_to_unit(&self, px: f32) -> f64 {
        f64::from(px) / self.world_px() / f64::from(self.scale)
    }

    /// The area shown, grown by `margin` device px on every side.
    #[must_use]
    pub(crate) fn unit_rect(&self, margin: f32) -> UnitRect {
        let a = self.to_unit([self.rect[0] - margin, self.rect[1] - margin]);
        let b = self.to_unit([self.rect[2] + margin, self.rect[3] + margin]);
        Rect::new(a.coord(), b.coord())
    }

    /// The same view over the output `rect` (device px): every map point stays on the same px,
    /// the output only shows more or less around it.
    #[must_use]
    pub fn with_rect(&self, rect: [f32; 4]) -> Self {
        let s = f64::from(self.scale);
        Self {
            origin: [
                self.origin[0] + f64::from(rect[0] - self.rect[0]) / s,
                self.origin[1] + f64::from(rect[1] - self.rect[1]) / s,
            ],
            rect,
            ..*self
        }
    }

    /// The same view over an output grown by `margin` device px on every side.
    #[must_use]
    pub(crate) fn grown(&self, margin: f32) -> Self {
        let s = f64::from(margin / self.scale);
        Self {
            origin: [self.origin[0] - s, self.origin[1] - s],
            rect: [
                self.rect[0] - margin,
                self.rect[1] - margin,
                self.rect[2] + margin,
                self.rect[3] + margin,
            ],
            ..*self
        }
    }

    /// Ground metres per device px at the centre of the output.
    #[must_use]
    pub(crate) fn metres_per_device_px(&self) -> f64 {
        metres_per_px(self.center().to_lon_lat().lat, self.zoom) / f64::from(self.scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_point_goes_to_px_and_back() {
        let view = Viewport::centred_in(
            LonLat::new(33.5, 49.0).to_unit(),
            6.3,
            [120.0, 40.0, 920.0, 640.0],
            2.0,
        );
        let kyiv = LonLat::new(30.524, 50.455).to_unit();
        let back = view.to_unit(view.to_px(kyiv));
        assert!((back.x - kyiv.x).abs() < 1e-7 && (back.y - kyiv.y).abs() < 1e-7);
        let c = view.to_px(view.center());
        assert!((c[0] - 520.0).abs() < 1e-3 && (c[1] - 340.0).abs() < 1e-3);
    }

    #[test]
    fn a_grown_view_keeps_every_point_where_it_was() {
        let view = Viewport::centred(LonLat::new(35.0, 48.0).to_unit(), 7.0, [800.0, 500.0], 1.0);
        let grown = view.grown(64.0);
        let p = LonLat::new(36.0, 47.5).to_unit();
        let (a, b) = (view.to_px(p), grown.to_px(p));
        assert!((a[0] - b[0]).abs() < 1e-3 && (a[1] - b[1]).abs() < 1e-3);
    }

    #[test]
    fn the_unit_rect_holds_the_corners() {
        let view = Viewport::tile(3, 4, 2, 1.0);
        let r = view.unit_rect(0.0);
        assert!((r.min().x - 0.5).abs() < 1e-12 && (r.min().y - 0.25).abs() < 1e-12);
        assert!((r.max().x - 0.625).abs() < 1e-12 && (r.max().y - 0.375).abs() < 1e-12);
    }
}
