//! The corridors projected once to unit coordinates and indexed in an R-tree, so drawing and
//! picking touch only the routes near the view or the pointer.

use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use super::hit::nearest;
use super::shared::SharedRoads;
use crate::Dataset;
use crate::projection::{LonLat, UnitPoint, UnitRect, Viewport, bounding};

type Entry = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// Projected routes and their spatial index.
#[derive(Debug, Clone)]
pub struct RouteIndex {
    /// Each corridor's line in unit coordinates, by corridor index.
    pub lines: Vec<Vec<UnitPoint>>,
    /// The segments two or more routes run along.
    pub(crate) shared: SharedRoads,
    tree: RTree<Entry>,
    /// The dataset's content hash, as view codes carry it, worked out with the index so that a
    /// window, an export or each frame of a time-lapse does not hash the dataset again.
    content: u32,
}

impl RouteIndex {
    /// Projects and indexes every corridor of `dataset`.
    #[must_use]
    pub fn new(dataset: &Dataset) -> Self {
        let lines: Vec<Vec<UnitPoint>> = dataset
            .corridors
            .iter()
            .map(|c| {
                c.line
                    .0
                    .iter()
                    .map(|&p| LonLat::from(p).to_unit())
                    .collect()
            })
            .collect();
        let entries = lines
            .iter()
            .enumerate()
            .filter_map(|(i, line)| {
                let b = bounding(line.iter().copied())?;
                let corners = ([b.min().x, b.min().y], [b.max().x, b.max().y]);
                Some(GeomWithData::new(
                    Rectangle::from_corners(corners.0, corners.1),
                    i,
                ))
            })
            .collect();
        let shared = SharedRoads::new(&lines);
        Self {
            lines,
            shared,
            tree: RTree::bulk_load(entries),
            content: crate::viewcode::dataset_hash(dataset),
        }
    }

    /// The indexed dataset's content hash ([`crate::viewcode::dataset_hash`]).
    #[must_use]
    pub fn dataset_hash(&self) -> u32 {
        self.content
    }

    /// Indices of the routes whose box meets `area`, ascending.
    #[must_use]
    pub(crate) fn in_box(&self, area: UnitRect) -> Vec<usize> {
        let area = AABB::from_corners([area.min().x, area.min().y], [area.max().x, area.max().y]);
        let mut found: Vec<usize> = self
            .tree
            .locate_in_envelope_intersecting(&area)
            .map(|e| e.data)
            .collect();
        found.sort_unstable();
        found
    }

    /// The routes that run along segment `segment` of route `route`'s line (from its point
    /// `segment` to the next), ascending, itself included: those with a segment between the
    /// same two places (ends within about 300 m), either way round. Empty where it runs alone.
    #[must_use]
    pub fn sharing(&self, route: usize, segment: usize) -> &[usize] {
        self.shared
            .uses(route)
            .iter()
            .find(|u| u.segment == segment)
            .map_or(&[], |u| self.shared.users(u.road))
    }

    /// Route `route`'s box grown by `km` kilometres on every side (measured at its latitude).
    #[must_use]
    pub(crate) fn around(&self, route: usize, km: f64) -> Option<UnitRect> {
        let b = bounding(self.lines.get(route)?.iter().copied())?;
        let lat = b.center().y;
        let lat = UnitPoint { x: 0.5, y: lat }.to_lon_lat().lat.to_radians();
        // One unit is the equator's length; a unit at latitude φ spans cos φ of it.
        let grow = km / (crate::projection::EQUATOR_KM * lat.cos());
        Some(UnitRect::new(
            geo::coord! { x: b.min().x - grow, y: b.min().y - grow },
            geo::coord! { x: b.max().x + grow, y: b.max().y + grow },
        ))
    }
}

impl RouteIndex {
    /// The route nearest to screen point `px` within `radius` px among those `allowed`, found
    /// through the index: only routes whose box is within reach are measured.
    #[must_use]
    pub fn pick(
        &self,
        view: &Viewport,
        px: [f32; 2],
        radius: f32,
        allowed: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let at = view.to_unit(px);
        let r = view.px_to_unit(radius);
        let candidates = self.in_box(UnitRect::new(
            geo::coord! { x: at.x - r, y: at.y - r },
            geo::coord! { x: at.x + r, y: at.y + r },
        ));
        let projected: Vec<(usize, Vec<[f32; 2]>)> = candidates
            .into_iter()
            .filter(|&i| allowed(i))
            .map(|i| (i, self.lines[i].iter().map(|p| view.to_px(*p)).collect()))
            .collect();
        nearest(
            px,
            radius,
            projected.iter().map(|(i, l)| (*i, l.as_slice())),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_routes_near_a_box_are_found() {
        let data = Dataset::embedded().unwrap();
        let index = RouteIndex::new(&data);
        // Around Kyiv: the Kyiv-region routes and Kyiv → Gomel, not Mariupol's.
        let a = LonLat::new(30.0, 50.7).to_unit();
        let b = LonLat::new(30.7, 50.3).to_unit();
        let found: Vec<&str> = index
            .in_box(UnitRect::new(a.coord(), b.coord()))
            .into_iter()
            .map(|i| data.corridors[i].id.as_str())
            .collect();
        assert!(
            found.contains(&"kyiv-gomel") && found.contains(&"irpin-kyiv"),
            "{found:?}"
        );
        assert!(!found.contains(&"mariupol-rostov"));
    }
}
