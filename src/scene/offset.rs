//! Parallel lines: a polyline moved sideways by a distance, so that routes drawn along the same
//! road show side by side instead of one over the other.

/// `line` moved `d` px to its left (negative: right), looking along it; each inner point moves
/// along the bisector of its two segments' normals (a mitre; at turns sharper than 120°, two
/// points, a bevel).
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
    offset_line_by(line, &vec![d; line.len().saturating_sub(1)])
}

/// How far along its segments a line moving from one offset to another takes to do it, in px
/// (at most half of each segment).
const JOG_PX: f32 = 8.0;

/// `line` with each segment moved its own distance to the left (`d[i]` for the segment from
/// point `i` to `i + 1`; negative: right), as a route sharing only part of a road is drawn: where
/// two segments' distances are equal the point moves as in [`offset_line`], where they differ
/// the line steps across diagonally over 8 px around the point (less on a shorter segment).
///
/// ```
/// use koridor::scene::offset_line_by;
/// // Heading east, 2 px to the left along the first segment, on the line along the second.
/// let line = offset_line_by(&[[0.0, 0.0], [20.0, 0.0], [40.0, 0.0]], &[2.0, 0.0]);
/// assert_eq!(line, vec![[0.0, -2.0], [16.0, -2.0], [24.0, 0.0], [40.0, 0.0]]);
/// ```
#[must_use]
pub fn offset_line_by(line: &[[f32; 2]], d: &[f32]) -> Vec<[f32; 2]> {
    if line.len() < 2 || d.iter().all(|&x| x == 0.0) {
        return line.to_vec();
    }
    // Each segment's unit direction and length (a zero direction for a segment of no length).
    let segments: Vec<([f32; 2], f32)> = line
        .windows(2)
        .map(|s| {
            let (dx, dy) = (s[1][0] - s[0][0], s[1][1] - s[0][1]);
            let len = dx.hypot(dy);
            if len > 0.0 {
                ([dx / len, dy / len], len)
            } else {
                ([0.0, 0.0], 0.0)
            }
        })
        .collect();
    let last = segments.len() - 1;
    let at = |i: usize| d.get(i).copied().unwrap_or(0.0);
    let mut out = Vec::with_capacity(line.len() + 4);
    for (i, p) in line.iter().enumerate() {
        let (a, b) = (i.saturating_sub(1), i.min(last));
        let ((ua, la), (ub, lb)) = (segments[a], segments[b]);
        let (na, nb) = (left(ua), left(ub));
        if at(a) == at(b) {
            mitre(*p, na, nb, at(a), &mut out);
        } else {
            // Leave segment a's offset a little before the point, reach b's a little after.
            let (back, on) = ((JOG_PX / 2.0).min(la / 2.0), (JOG_PX / 2.0).min(lb / 2.0));
            out.push([
                p[0] - ua[0] * back + na[0] * at(a),
                p[1] - ua[1] * back + na[1] * at(a),
            ]);
            out.push([
                p[0] + ub[0] * on + nb[0] * at(b),
                p[1] + ub[1] * on + nb[1] * at(b),
            ]);
        }
    }
    out
}

/// The unit normal to the left of direction `u` (screen y grows downwards).
fn left(u: [f32; 2]) -> [f32; 2] {
    [u[1], -u[0]]
}

/// Point `p` moved `d` along the bisector of normals `a` and `b`, far enough to keep both
/// segments `d` away (1 / cos of half the turn); at a turn sharper than 120° (where that would
/// be over twice `d`) a bevel instead: `p` moved `d` along each normal, so both segments stay
/// exactly `d` away along their whole length.
fn mitre(p: [f32; 2], a: [f32; 2], b: [f32; 2], d: f32, out: &mut Vec<[f32; 2]>) {
    let sum = [a[0] + b[0], a[1] + b[1]];
    let len = sum[0].hypot(sum[1]);
    if d == 0.0 || len < 1e-6 {
        out.push(p);
        return;
    }
    let bisector = [sum[0] / len, sum[1] / len];
    let cos = bisector[0] * b[0] + bisector[1] * b[1];
    if cos < 0.5 {
        out.push([p[0] + a[0] * d, p[1] + a[1] * d]);
        out.push([p[0] + b[0] * d, p[1] + b[1] * d]);
    } else {
        out.push([p[0] + bisector[0] * d / cos, p[1] + bisector[1] * d / cos]);
    }
}
