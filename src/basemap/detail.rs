//! Levels of detail for the basemap's lines: for each point of a line or ring, the zoom from
//! which it must be drawn. Below that zoom the line, drawn without the point, strays less than
//! [`TOLERANCE_PX`] from the line with it (Douglas–Peucker, with each point's tolerance capped
//! by the point that split its stretch, so that the points kept at a zoom are exactly those
//! Douglas–Peucker keeps at that zoom's tolerance).
//!
//! Worked out once, when the build script packs the basemap (`build.rs` includes this file);
//! drawing a view then only skips the points above its zoom: a zoom-6 tile draws a coast of a
//! few hundred edges instead of a few thousand.

/// How far a simplified line may stray from the full one, in px at the zoom it is drawn at.
pub(crate) const TOLERANCE_PX: f64 = 0.2;

/// The zoom from which each point of `points` (unit Web Mercator coordinates, a tile 256 px at
/// zoom 0) is drawn: 0 for the ends, which are always drawn; at most 255.
#[must_use]
pub(crate) fn min_zooms(points: &[[f64; 2]]) -> Vec<u8> {
    let n = points.len();
    let mut zooms = vec![0u8; n];
    if n < 3 {
        return zooms;
    }
    // A ring (first point equal to the last) is split first at its point farthest from the
    // start, so that both halves are open stretches.
    let last = n - 1;
    let mut stack: Vec<(usize, usize, f64)> = Vec::new();
    if points[0] == points[last] {
        let far = (1..last)
            .max_by(|&a, &b| {
                distance(points[0], points[a]).total_cmp(&distance(points[0], points[b]))
            })
            .unwrap_or(1);
        let d = distance(points[0], points[far]);
        zooms[far] = zoom_for(d);
        stack.push((0, far, d));
        stack.push((far, last, d));
    } else {
        stack.push((0, last, f64::INFINITY));
    }
    while let Some((from, to, cap)) = stack.pop() {
        if to <= from + 1 {
            continue;
        }
        let (a, b) = (points[from], points[to]);
        let mut far = (from + 1, -1.0);
        for (i, &p) in points.iter().enumerate().take(to).skip(from + 1) {
            let d = off_segment(p, a, b);
            if d > far.1 {
                far = (i, d);
            }
        }
        let d = far.1.min(cap);
        zooms[far.0] = zoom_for(d);
        stack.push((from, far.0, d));
        stack.push((far.0, to, d));
    }
    zooms
}

/// The lowest zoom at which a point `d` away from its simplified line is more than
/// [`TOLERANCE_PX`] away.
fn zoom_for(d: f64) -> u8 {
    if d <= 0.0 || !d.is_finite() {
        return if d.is_finite() { u8::MAX } else { 0 };
    }
    // d · 256 · 2^z > TOLERANCE_PX  ⇔  z > log2(TOLERANCE_PX / (256 d)).
    let z = (TOLERANCE_PX / (256.0 * d)).log2().floor() + 1.0;
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to 0–255 first"
    )]
    let z = z.clamp(0.0, 255.0) as u8;
    z
}

fn distance(a: [f64; 2], b: [f64; 2]) -> f64 {
    (b[0] - a[0]).hypot(b[1] - a[1])
}

/// How far `p` is from the segment from `a` to `b`.
fn off_segment(p: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return distance(p, a);
    }
    let t = (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0);
    distance(p, [a[0] + t * dx, a[1] + t * dy])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One px at `zoom`, in unit coordinates.
    fn px(zoom: i32) -> f64 {
        1.0 / (256.0 * 2f64.powi(zoom))
    }

    #[test]
    fn a_kink_of_one_px_at_zoom_8_is_drawn_from_zoom_6_and_the_ends_always() {
        let bump = px(8);
        let line = [[0.0, 0.0], [0.5 * px(0), bump], [px(0), 0.0]];
        let zooms = min_zooms(&line);
        assert_eq!(zooms[0], 0);
        assert_eq!(zooms[2], 0);
        // One px at zoom 8 is 0.25 px at zoom 6 (over 0.2: drawn) and 0.125 at zoom 5 (not).
        assert_eq!(zooms[1], 6);
    }

    #[test]
    fn points_on_a_straight_line_are_never_needed() {
        let line = [[0.0, 0.0], [0.25, 0.0], [0.5, 0.0], [1.0, 0.0]];
        assert_eq!(min_zooms(&line), vec![0, 255, 255, 0]);
    }

    #[test]
    fn a_point_never_needs_a_lower_zoom_than_the_point_that_split_its_stretch() {
        // Small teeth along a large plateau.
        let line: Vec<[f64; 2]> = (0..=64)
            .map(|i| {
                let x = f64::from(i) / 64.0;
                let big = if (16..=48).contains(&i) { 0.1 } else { 0.0 };
                let small = if i % 2 == 1 { 1e-4 } else { 0.0 };
                [x, big + small]
            })
            .collect();
        let zooms = min_zooms(&line);
        // The plateau's corners are drawn from the first zooms; its teeth, 1e-4 high (0.2 px
        // at zoom 3), from zoom 3 or 4 (a chord from one tooth to the corner passes a little
        // closer to the points under it).
        assert_eq!((zooms[16], zooms[48]), (0, 0), "{zooms:?}");
        assert!((3..=4).contains(&zooms[33]), "{zooms:?}");
        // The points kept at each zoom are a simplification within the tolerance.
        for zoom in 0..20u8 {
            let kept: Vec<usize> = (0..line.len()).filter(|&i| zooms[i] <= zoom).collect();
            for w in kept.windows(2) {
                for p in &line[w[0]..w[1]] {
                    let off = off_segment(*p, line[w[0]], line[w[1]]);
                    assert!(off <= TOLERANCE_PX * px(i32::from(zoom)) * 1.0001);
                }
            }
        }
    }

    #[test]
    fn a_ring_keeps_its_start_and_its_farthest_point_at_every_zoom() {
        let ring = [[0.0, 0.0], [0.1, 0.0], [0.1, 0.1], [0.0, 0.1], [0.0, 0.0]];
        let zooms = min_zooms(&ring);
        assert_eq!(zooms[0], 0);
        assert_eq!(zooms[4], 0);
        assert!(zooms[2] <= 1, "{zooms:?}");
    }
}
