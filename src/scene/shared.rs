//! Roads shared by routes: the segments that two or more routes run along, so that routes
//! sharing all or only part of a road are drawn side by side there.
//!
//! Records name the same town with slightly different coordinates (47.823 and 47.82289), so
//! segment ends within [`SAME_PLACE`] of each other count as the same place.

use crate::projection::UnitPoint;

/// Points closer than this on both axes (in unit coordinates: about 400 m at the equator,
/// 270 m over Ukraine) are the same place.
const SAME_PLACE: f64 = 1.0e-5;

/// One route's use of a shared road.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RoadUse {
    /// The segment of the route's line (from point `segment` to `segment + 1`).
    pub segment: usize,
    /// The road, an index into [`SharedRoads::users`].
    pub road: usize,
    /// Whether the route runs along the road's own direction (else against it).
    pub forward: bool,
}

/// Every segment used by more than one route.
#[derive(Debug, Clone, Default)]
pub(crate) struct SharedRoads {
    /// For each route, its segments that other routes share.
    by_route: Vec<Vec<RoadUse>>,
    /// For each shared road, the routes along it, ascending (a route once).
    users: Vec<Vec<usize>>,
}

impl SharedRoads {
    /// Finds the segments shared among `lines` (each route's line in unit coordinates).
    pub(crate) fn new(lines: &[Vec<UnitPoint>]) -> Self {
        let places = places(lines);
        // Every segment by its two places (lesser first), with who runs along it and which
        // way; sorted, the uses of one segment are next to each other, by route.
        let mut segments: Vec<((usize, usize), usize, usize, bool)> = Vec::new();
        let mut vertex = 0;
        for (route, line) in lines.iter().enumerate() {
            for segment in 0..line.len().saturating_sub(1) {
                let (a, b) = (places[vertex + segment], places[vertex + segment + 1]);
                if a != b {
                    segments.push(((a.min(b), a.max(b)), route, segment, a < b));
                }
            }
            vertex += line.len();
        }
        segments.sort_unstable();
        let mut shared = Self {
            by_route: vec![Vec::new(); lines.len()],
            users: Vec::new(),
        };
        for uses in segments.chunk_by(|x, y| x.0 == y.0) {
            if uses.iter().all(|u| u.1 == uses[0].1) {
                continue;
            }
            let road = shared.users.len();
            let mut routes: Vec<usize> = uses.iter().map(|u| u.1).collect();
            routes.dedup();
            shared.users.push(routes);
            for &(_, route, segment, forward) in uses {
                shared.by_route[route].push(RoadUse {
                    segment,
                    road,
                    forward,
                });
            }
        }
        shared
    }

    /// Route `route`'s segments that other routes share.
    pub(crate) fn uses(&self, route: usize) -> &[RoadUse] {
        self.by_route.get(route).map_or(&[], Vec::as_slice)
    }

    /// The routes along `road`, ascending.
    pub(crate) fn users(&self, road: usize) -> &[usize] {
        self.users.get(road).map_or(&[], Vec::as_slice)
    }
}

/// The place of every point of every line, numbered in order: points within [`SAME_PLACE`] of
/// each other (or of a chain of such points) are one place, numbered by its first point.
fn places(lines: &[Vec<UnitPoint>]) -> Vec<usize> {
    let points: Vec<UnitPoint> = lines.iter().flatten().copied().collect();
    let mut parent: Vec<usize> = (0..points.len()).collect();
    // Points by the grid cell of side SAME_PLACE they fall in (row, column), sorted: a point's
    // neighbours are in its own cell or the eight around it, three runs of the sorted cells.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "unit coordinates over SAME_PLACE fit an i64 many times over"
    )]
    let mut cells: Vec<(i64, i64, usize)> = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (x, y) = ((p.x / SAME_PLACE).floor(), (p.y / SAME_PLACE).floor());
            (y as i64, x as i64, i)
        })
        .collect();
    cells.sort_unstable();
    // Where each of the three rows' runs starts: as the cells are visited in order, each only
    // moves forward.
    let mut starts = [0usize; 3];
    for &(row, column, i) in &cells {
        for (start, r) in starts.iter_mut().zip(row - 1..=row + 1) {
            while cells
                .get(*start)
                .is_some_and(|c| (c.0, c.1) < (r, column - 1))
            {
                *start += 1;
            }
            for &(_, _, j) in cells[*start..]
                .iter()
                .take_while(|c| c.0 == r && c.1 <= column + 1)
            {
                let (p, q) = (points[i], points[j]);
                if j != i && (p.x - q.x).abs() <= SAME_PLACE && (p.y - q.y).abs() <= SAME_PLACE {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
    }
    (0..points.len()).map(|i| root(&mut parent, i)).collect()
}

/// The first point of `i`'s place (halving the path on the way).
fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::LonLat;

    fn line(points: &[(f64, f64)]) -> Vec<UnitPoint> {
        points
            .iter()
            .map(|&(lon, lat)| LonLat::new(lon, lat).to_unit())
            .collect()
    }

    #[test]
    fn routes_sharing_one_segment_either_way_round_share_only_that_road() {
        let lines = [
            line(&[(30.0, 50.0), (31.0, 50.0), (32.0, 50.5)]),
            // The same middle town to the first town, then away north.
            line(&[(31.0, 50.0), (30.0, 50.0), (30.0, 51.0)]),
            line(&[(35.0, 47.0), (36.0, 47.0)]),
        ];
        let shared = SharedRoads::new(&lines);
        assert_eq!(shared.uses(0).len(), 1);
        assert_eq!(shared.uses(1).len(), 1);
        assert!(shared.uses(2).is_empty());
        let (a, b) = (shared.uses(0)[0], shared.uses(1)[0]);
        assert_eq!((a.segment, b.segment), (0, 0));
        assert_eq!(a.road, b.road);
        assert_ne!(a.forward, b.forward, "one runs against the other");
        assert_eq!(shared.users(a.road), &[0, 1]);
    }

    #[test]
    fn the_same_town_written_with_slightly_different_coordinates_is_one_place() {
        // Zaporizhzhia region as two records give it: 47.823 and 47.82289 (about 12 m apart).
        let lines = [
            line(&[(35.19, 47.823), (35.274, 47.437)]),
            line(&[(35.19031, 47.82289), (35.27417, 47.43694)]),
            // Two kilometres off: another place.
            line(&[(35.19, 47.843), (35.274, 47.437)]),
        ];
        let shared = SharedRoads::new(&lines);
        assert_eq!(shared.users(0), &[0, 1]);
        assert!(shared.uses(2).is_empty());
    }
}
