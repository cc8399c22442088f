//! The routes near a route: those whose lines come within a distance of it, nearest first.

use geo::Coord;

use crate::scene::RouteIndex;

/// Kilometres between two nearby points (x longitude, y latitude), on the plane tangent at the
/// first: well within a percent at the few kilometres "near" means, and far cheaper than a
/// great-circle distance for the many pairs a route's neighbours give.
fn km_flat(a: Coord<f64>, b: Coord<f64>) -> f64 {
    let dx = (b.x - a.x) * a.y.to_radians().cos() * 111.32;
    let dy = (b.y - a.y) * 110.57;
    dx.hypot(dy)
}

/// Kilometres from `p` to the nearest point of `line` (both longitude, latitude), measured on
/// each segment at the point nearest in plain degrees, which is close enough at these distances.
fn km_to_line(p: Coord<f64>, line: &[Coord<f64>]) -> f64 {
    let nearest_on = |a: Coord<f64>, b: Coord<f64>| {
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        Coord {
            x: a.x + t * dx,
            y: a.y + t * dy,
        }
    };
    match line {
        [] => f64::INFINITY,
        [only] => km_flat(p, *only),
        _ => line
            .windows(2)
            .map(|s| km_flat(p, nearest_on(s[0], s[1])))
            .fold(f64::INFINITY, f64::min),
    }
}

/// Kilometres between two lines: the least distance from a point of one to the other.
fn km_between_lines(a: &[Coord<f64>], b: &[Coord<f64>]) -> f64 {
    let one_way = |from: &[Coord<f64>], to: &[Coord<f64>]| {
        from.iter()
            .map(|&p| km_to_line(p, to))
            .fold(f64::INFINITY, f64::min)
    };
    one_way(a, b).min(one_way(b, a))
}

/// The other routes whose lines come within `within_km` of route `route`, as (index,
/// kilometres), nearest first. `lines` are the routes' lines in longitude and latitude, by
/// index; `index` finds the candidates.
#[must_use]
pub fn routes_near(
    index: &RouteIndex,
    lines: &[&[Coord<f64>]],
    route: usize,
    within_km: f64,
) -> Vec<(usize, f64)> {
    let Some(line) = lines.get(route) else {
        return Vec::new();
    };
    let Some(area) = index.around(route, within_km) else {
        return Vec::new();
    };
    let mut near: Vec<(usize, f64)> = index
        .in_box(area)
        .into_iter()
        .filter(|&j| j != route)
        .filter_map(|j| {
            let d = km_between_lines(line, lines.get(j)?);
            (d <= within_km).then_some((j, d))
        })
        .collect();
    near.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    near
}
