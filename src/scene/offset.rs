//! Parallel lines: a polyline moved sideways by a distance, so that routes drawn along the same
//! road show side by side instead of one over the other.

/// `line` moved `d` px to its left (negative: right), looking along it; each inner point moves
/// along the bisector of its two segments' normals (a mitre, limited to twice `d` at sharp
/// turns).
///
/// ```
/// use koridor::scene::offset_line;
/// let east = [[0.0, 0.0], [10.0, 0.0]];
/// // Screen y grows downwards: left of a line heading east is up.
/// assert_eq!(offset_line(&east, 2.0), vec![[0.0, -2.0], [10.0, -2.0]]);
/// let corner = offset_line(&[[0.0, 0.0], [10.0, 0.0], [10.0, 10.0]], 1.0);
/// assert!((corner[1][0] - 11.0).abs() < 1e-5 && (corner[1][1] + 1.0).abs() < 1e-5);
/// ```
#[must_use]
pub fn offset_line(line: &[[f32; 2]], d: f32) -> Vec<[f32; 2]> {
    if d == 0.0 || line.len() < 2 {
        return line.to_vec();
    }
    // The unit left normal of each segment (zero for a segment of no length).
    let normals: Vec<[f32; 2]> = line
        .windows(2)
        .map(|s| {
            let (dx, dy) = (s[1][0] - s[0][0], s[1][1] - s[0][1]);
            let len = dx.hypot(dy);
            if len > 0.0 {
                [dy / len, -dx / len]
            } else {
                [0.0, 0.0]
            }
        })
        .collect();
    let last = normals.len() - 1;
    line.iter()
        .enumerate()
        .map(|(i, p)| {
            let (a, b) = (normals[i.saturating_sub(1)], normals[i.min(last)]);
            let sum = [a[0] + b[0], a[1] + b[1]];
            let len = sum[0].hypot(sum[1]);
            if len < 1e-6 {
                return *p;
            }
            let bisector = [sum[0] / len, sum[1] / len];
            // How far along the bisector keeps both segments `d` away: 1 / cos(half the turn).
            let cos = (bisector[0] * b[0] + bisector[1] * b[1]).max(0.5);
            [p[0] + bisector[0] * d / cos, p[1] + bisector[1] * d / cos]
        })
        .collect()
}
