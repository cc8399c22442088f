//! Lanes: routes along the same road drawn side by side. Where routes share a segment (all of
//! their line or only part of it), each gets a lane there, centred on the road, up to
//! [`LANES`]; a stretch shared by more routes than that says how many.

use std::collections::HashMap;

use super::index::RouteIndex;
use crate::projection::UnitPoint;

/// Sideways step between routes drawn along the same road, in px at scale 1.
pub(super) const LANE_PX: f32 = 3.5;
/// At most this many routes side by side on one road; more share the lanes and the road gets a
/// count.
pub(super) const LANES: usize = 4;

/// The lanes of the routes shown.
#[derive(Debug, Default)]
pub(super) struct Lanes {
    /// For each route with a lane somewhere: its lane on each segment of its line, in lanes to
    /// the left of its direction (0 where it runs alone).
    by_route: HashMap<usize, Vec<f32>>,
    /// Each stretch that more than [`LANES`] of the routes shown run along: a route along it,
    /// the segment of that route's line to label, and how many routes share it.
    pub(super) counts: Vec<(usize, usize, usize)>,
}

impl Lanes {
    /// The lanes of the routes in `order` (ascending), among themselves.
    pub(super) fn among(order: &[usize], index: &RouteIndex) -> Self {
        let shared = &index.shared;
        let mut lanes = Self::default();
        // The sets of routes sharing a stretch, each with the segments of its first route.
        let mut crowded: HashMap<Vec<usize>, Vec<(usize, usize)>> = HashMap::new();
        for &route in order {
            let uses = shared.uses(route);
            if uses.is_empty() {
                continue;
            }
            let segments = index
                .lines
                .get(route)
                .map_or(0, |l| l.len().saturating_sub(1));
            let mut by_segment = vec![0.0; segments];
            for u in uses {
                let along: Vec<usize> = shared
                    .users(u.road)
                    .iter()
                    .copied()
                    .filter(|j| order.binary_search(j).is_ok())
                    .collect();
                let Some(rank) = along.iter().position(|&j| j == route) else {
                    continue;
                };
                if along.len() < 2 {
                    continue;
                }
                let shown = along.len().min(LANES);
                #[expect(clippy::cast_precision_loss, reason = "a handful of lanes")]
                let lane = (rank % shown) as f32 - (shown - 1) as f32 / 2.0;
                // Lanes count to the left of the road's own direction.
                if let Some(s) = by_segment.get_mut(u.segment) {
                    *s = if u.forward { lane } else { -lane };
                }
                if along.len() > LANES && rank == 0 {
                    crowded.entry(along).or_default().push((route, u.segment));
                }
            }
            if by_segment.iter().any(|&l| l != 0.0) {
                lanes.by_route.insert(route, by_segment);
            }
        }
        lanes.counts = crowded
            .into_iter()
            .filter_map(|(along, mut at)| {
                at.sort_unstable();
                let (route, segment) = *at.get(at.len() / 2)?;
                Some((route, segment, along.len()))
            })
            .collect();
        lanes.counts.sort_unstable();
        lanes
    }

    /// The px offset of each segment of `projected`, route `route`'s line as drawn: the points
    /// kept (`kept`, indices into `line`, the route's line in unit coordinates) from its line.
    /// A drawn segment standing for several of the line's (points under half a px apart merged)
    /// takes the lane of the longest. `None` where the route has no lane anywhere.
    pub(super) fn offsets(
        &self,
        route: usize,
        line: &[UnitPoint],
        kept: &[usize],
        step: f32,
    ) -> Option<Vec<f32>> {
        let lanes = self.by_route.get(&route)?;
        let length = |s: usize| match (line.get(s), line.get(s + 1)) {
            (Some(a), Some(b)) => (b.x - a.x).hypot(b.y - a.y),
            _ => 0.0,
        };
        Some(
            kept.windows(2)
                .map(|w| {
                    let longest = (w[0]..w[1]).max_by(|&a, &b| length(a).total_cmp(&length(b)));
                    longest.and_then(|s| lanes.get(s)).copied().unwrap_or(0.0) * step
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dataset;

    #[test]
    fn routes_along_a_shared_road_take_distinct_lanes_centred_on_it_whichever_way_they_run() {
        let data = Dataset::embedded().unwrap();
        let index = RouteIndex::new(&data);
        // Any two routes sharing a road: on that road one is left of the road's way, the other
        // right, each by half a lane.
        let (route, road_use) = (0..data.corridors.len())
            .find_map(|i| Some((i, *index.shared.uses(i).first()?)))
            .expect("the embedded record has routes sharing a road");
        let along = index.shared.users(road_use.road).to_vec();
        let lanes = Lanes::among(&along, &index);
        let lane_of = |r: usize| {
            let u = index
                .shared
                .uses(r)
                .iter()
                .find(|u| u.road == road_use.road)
                .copied()
                .expect("a user of the road uses it");
            let lane = lanes.by_route.get(&r).map_or(0.0, |l| l[u.segment]);
            if u.forward { lane } else { -lane }
        };
        let mut seen: Vec<f32> = along.iter().map(|&r| lane_of(r)).collect();
        seen.sort_by(f32::total_cmp);
        seen.dedup();
        assert_eq!(seen.len(), along.len().min(LANES), "{route}: {seen:?}");
        let centre: f32 = seen.iter().sum();
        assert!(centre.abs() < 1e-6, "the lanes are centred on the road");
    }
}
