//! Where a route crosses a border: the first point where its line leaves the country it starts
//! in for another, found on the basemap's country shapes.

use geo::{Distance, Haversine, Point};

use crate::basemap::{Basemap, Country, Polygon};
use crate::projection::{LonLat, UnitPoint};

/// A border crossing on a line.
#[derive(Debug, Clone, Copy)]
pub struct Crossing<'a> {
    /// The country the line enters.
    pub into: &'a Country,
    /// Where it crosses (to about 10 m).
    pub at: LonLat,
}

/// Whether `p` is inside `polygon` (even-odd over all its rings, so holes are outside).
fn polygon_contains(polygon: &Polygon, p: UnitPoint) -> bool {
    let (min, max) = (polygon.bbox.min(), polygon.bbox.max());
    if p.x < min.x || p.x > max.x || p.y < min.y || p.y > max.y {
        return false;
    }
    let mut inside = false;
    for ring in &polygon.rings {
        let mut prev = match ring.points.last() {
            Some(last) => *last,
            None => continue,
        };
        for &cur in &ring.points {
            if (cur.y > p.y) != (prev.y > p.y)
                && p.x < (prev.x - cur.x) * (p.y - cur.y) / (prev.y - cur.y) + cur.x
            {
                inside = !inside;
            }
            prev = cur;
        }
    }
    inside
}

/// The index of the country `p` is in, if any (the sea is in none).
#[must_use]
pub(crate) fn country_at(basemap: &Basemap, p: UnitPoint) -> Option<usize> {
    basemap
        .countries
        .iter()
        .position(|c| c.polygons.iter().any(|poly| polygon_contains(poly, p)))
}

/// The first border `line` (longitude, latitude) crosses from the country it starts in; `None`
/// when it stays in one country (or starts at sea).
///
/// ```
/// use geo::coord;
/// use koridor::basemap::Basemap;
/// use koridor::describe::first_crossing;
/// let basemap = Basemap::embedded().unwrap();
/// let kyiv_to_gomel = [coord! { x: 30.52, y: 50.45 }, coord! { x: 30.98, y: 52.44 }];
/// let crossing = first_crossing(basemap, &kyiv_to_gomel).unwrap();
/// assert_eq!(crossing.into.name_en, "Belarus");
/// // A straight line runs east of the Dnieper, where Chernihiv oblast reaches almost 52° N.
/// assert!(crossing.at.lat > 51.9 && crossing.at.lat < 52.0, "{}", crossing.at.lat);
/// assert!(first_crossing(basemap, &kyiv_to_gomel[..1]).is_none());
/// ```
#[must_use]
pub fn first_crossing<'a>(basemap: &'a Basemap, line: &[geo::Coord<f64>]) -> Option<Crossing<'a>> {
    let unit = |c: geo::Coord<f64>| LonLat::from(c).to_unit();
    let start = country_at(basemap, unit(*line.first()?))?;
    for pair in line.windows(2) {
        let (a, b) = (unit(pair[0]), unit(pair[1]));
        let Some(there) = country_at(basemap, b) else {
            continue;
        };
        if there == start {
            continue;
        }
        // Halve the segment until the crossing is known to about 10 m (2^-20 of its length).
        let (mut inside, mut outside) = (a, b);
        for _ in 0..20 {
            let mid = UnitPoint {
                x: (inside.x + outside.x) / 2.0,
                y: (inside.y + outside.y) / 2.0,
            };
            if country_at(basemap, mid) == Some(start) {
                inside = mid;
            } else {
                outside = mid;
            }
        }
        let into = country_at(basemap, outside).unwrap_or(there);
        return Some(Crossing {
            into: basemap.countries.get(into)?,
            at: outside.to_lon_lat(),
        });
    }
    None
}

/// Kilometres between two places on the globe.
#[must_use]
pub(crate) fn km(a: LonLat, b: LonLat) -> f64 {
    Haversine.distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat)) / 1000.0
}
