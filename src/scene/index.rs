//! The corridors projected once to unit coordinates and indexed in an R-tree, so drawing and
//! picking touch only the routes near the view or the pointer.

use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use super::hit::nearest;
use super::view::ScreenView;
use crate::Dataset;
use crate::basemap::to_unit;

type Entry = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// Projected routes and their spatial index.
#[derive(Debug, Clone)]
pub struct RouteIndex {
    /// Each corridor's line in unit coordinates, by corridor index.
    pub lines: Vec<Vec<[f64; 2]>>,
    tree: RTree<Entry>,
}

impl RouteIndex {
    /// Projects and indexes every corridor of `dataset`.
    #[must_use]
    pub fn new(dataset: &Dataset) -> Self {
        let lines: Vec<Vec<[f64; 2]>> = dataset
            .corridors
            .iter()
            .map(|c| c.line.0.iter().map(|p| to_unit(p.x, p.y)).collect())
            .collect();
        let entries = lines
            .iter()
            .enumerate()
            .filter_map(|(i, line)| {
                let first = *line.first()?;
                let (mut lo, mut hi) = (first, first);
                for p in line {
                    lo = [lo[0].min(p[0]), lo[1].min(p[1])];
                    hi = [hi[0].max(p[0]), hi[1].max(p[1])];
                }
                Some(GeomWithData::new(Rectangle::from_corners(lo, hi), i))
            })
            .collect();
        Self {
            lines,
            tree: RTree::bulk_load(entries),
        }
    }

    /// Indices of the routes whose box meets `[x0, y0, x1, y1]` (unit coordinates), ascending.
    #[must_use]
    pub fn in_box(&self, b: [f64; 4]) -> Vec<usize> {
        let area = AABB::from_corners([b[0], b[1]], [b[2], b[3]]);
        let mut found: Vec<usize> = self
            .tree
            .locate_in_envelope_intersecting(&area)
            .map(|e| e.data)
            .collect();
        found.sort_unstable();
        found
    }
}

impl RouteIndex {
    /// The route nearest to screen point `px` within `radius` px among those `allowed`, found
    /// through the index: only routes whose box is within reach are measured.
    #[must_use]
    pub fn pick(
        &self,
        view: &ScreenView,
        px: [f32; 2],
        radius: f32,
        allowed: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        let at = view.to_unit(px);
        let r = view.px_to_unit(radius);
        let candidates = self.in_box([at[0] - r, at[1] - r, at[0] + r, at[1] + r]);
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
        let a = to_unit(30.0, 50.7);
        let b = to_unit(30.7, 50.3);
        let found: Vec<&str> = index
            .in_box([a[0], a[1], b[0], b[1]])
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
