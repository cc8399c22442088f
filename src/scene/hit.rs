//! Picking the route nearest to a point on screen.

/// Distance from `p` to the segment `a`–`b`.
///
/// ```
/// use koridor::scene::distance_to_segment;
/// assert_eq!(distance_to_segment([0.0, 5.0], [-10.0, 0.0], [10.0, 0.0]), 5.0);
/// assert_eq!(distance_to_segment([13.0, 4.0], [-10.0, 0.0], [10.0, 0.0]), 5.0);
/// ```
#[must_use]
pub fn distance_to_segment(p: [f32; 2], a: [f32; 2], b: [f32; 2]) -> f32 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (a[0] + t * dx, a[1] + t * dy);
    ((p[0] - cx).powi(2) + (p[1] - cy).powi(2)).sqrt()
}

/// Distance from `p` to a polyline.
#[must_use]
pub fn distance_to_polyline(p: [f32; 2], line: &[[f32; 2]]) -> f32 {
    match line {
        [] => f32::INFINITY,
        [only] => distance_to_segment(p, *only, *only),
        _ => line
            .windows(2)
            .map(|w| distance_to_segment(p, w[0], w[1]))
            .fold(f32::INFINITY, f32::min),
    }
}

/// The key of the polyline nearest to `p` within `radius` px; the nearest wins.
pub(crate) fn nearest<'a, K: Copy + 'a>(
    p: [f32; 2],
    radius: f32,
    lines: impl IntoIterator<Item = (K, &'a [[f32; 2]])>,
) -> Option<K> {
    lines
        .into_iter()
        .map(|(key, line)| (key, distance_to_polyline(p, line)))
        .filter(|(_, d)| *d <= radius)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(key, _)| key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_line_within_the_radius_wins() {
        let a = [[0.0, 0.0], [100.0, 0.0]];
        let b = [[0.0, 10.0], [100.0, 10.0]];
        let lines = [(1, &a[..]), (2, &b[..])];
        assert_eq!(nearest([50.0, 3.0], 8.0, lines), Some(1));
        assert_eq!(nearest([50.0, 7.0], 8.0, lines), Some(2));
        assert_eq!(nearest([50.0, 40.0], 8.0, lines), None);
    }
}
