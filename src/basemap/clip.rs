//! Clipping projected geometry to the area being drawn, so a tile pays only for what it shows.

/// Clips a closed polygon ring to the rectangle `[x0, y0, x1, y1]` (Sutherland–Hodgman).
/// Edges along the rectangle appear where the ring leaves it, so callers clip to a rectangle a
/// little larger than what they draw.
///
/// ```
/// use koridor::basemap::clip_ring;
/// let square = [[-10.0, -10.0], [10.0, -10.0], [10.0, 10.0], [-10.0, 10.0]];
/// let clipped = clip_ring(&square, [0.0, 0.0, 100.0, 100.0]);
/// assert_eq!(clipped.len(), 4);
/// assert!(clipped.iter().all(|p| p[0] >= 0.0 && p[1] >= 0.0));
/// ```
#[must_use]
pub fn clip_ring(points: &[[f32; 2]], rect: [f32; 4]) -> Vec<[f32; 2]> {
    let mut out: Vec<[f32; 2]> = points.to_vec();
    // (axis, bound, keep when coordinate >= bound)
    for (axis, bound, keep_greater) in [
        (0, rect[0], true),
        (0, rect[2], false),
        (1, rect[1], true),
        (1, rect[3], false),
    ] {
        let input = std::mem::take(&mut out);
        let Some(&last) = input.last() else { break };
        let inside = |p: [f32; 2]| {
            if keep_greater {
                p[axis] >= bound
            } else {
                p[axis] <= bound
            }
        };
        let cross = |a: [f32; 2], b: [f32; 2]| {
            let t = (bound - a[axis]) / (b[axis] - a[axis]);
            [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
        };
        let mut prev = last;
        for &p in &input {
            match (inside(prev), inside(p)) {
                (true, true) => out.push(p),
                (true, false) => out.push(cross(prev, p)),
                (false, true) => {
                    out.push(cross(prev, p));
                    out.push(p);
                }
                (false, false) => {}
            }
            prev = p;
        }
    }
    out
}

/// Splits a polyline into the runs of consecutive segments that touch the rectangle.
///
/// ```
/// use koridor::basemap::visible_runs;
/// let line = [[-50.0, 5.0], [-40.0, 5.0], [5.0, 5.0], [200.0, 5.0], [300.0, 5.0]];
/// let runs = visible_runs(&line, [0.0, 0.0, 100.0, 100.0]);
/// assert_eq!(runs, vec![vec![[-40.0, 5.0], [5.0, 5.0], [200.0, 5.0]]]);
/// ```
#[must_use]
pub fn visible_runs(points: &[[f32; 2]], rect: [f32; 4]) -> Vec<Vec<[f32; 2]>> {
    let mut runs: Vec<Vec<[f32; 2]>> = Vec::new();
    let mut current: Vec<[f32; 2]> = Vec::new();
    for w in points.windows(2) {
        let (a, b) = (w[0], w[1]);
        let touches = a[0].min(b[0]) <= rect[2]
            && a[0].max(b[0]) >= rect[0]
            && a[1].min(b[1]) <= rect[3]
            && a[1].max(b[1]) >= rect[1];
        if touches {
            if current.is_empty() {
                current.push(a);
            }
            current.push(b);
        } else if !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}
