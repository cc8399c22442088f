//! Filling a path by the exact area of each pixel it covers (nonzero winding), row by row, for
//! strokes wider than a pixel.
//!
//! tiny-skia fills a path by sampling four rows per pixel row and blending each run of samples
//! through its pipeline: about 700 instructions a run, most of the cost of drawing a stroke's
//! outline, which is two thin edges side by side. Here each edge adds, to each pixel it crosses,
//! the signed area it leaves to its right (as `font-rs` and `ab_glyph_rasterizer` do over a
//! whole grid), but only where it crosses, as a list of changes sorted by row and column. A
//! sweep along each row then sums them: between two changes the coverage is the same, so a run
//! of pixels is blended at one coverage, without a grid the size of the shape's box.
//!
//! Coverage is the absolute sum clamped to one, which is nonzero winding for a stroke's outline
//! (its overlaps turn the same way). Each row depends on the path alone, not on where a band
//! starts, so a frame drawn in bands has the same pixels as one drawn whole.

use tiny_skia::{FillRule, Path, PathSegment, PixmapMut, Stroke, Transform};

use super::ToPaint;
use super::mask::Ink;
use crate::ink::Rgba;

/// How far a flattened curve may stray from the curve, in px.
const TOLERANCE: f32 = 0.05;

/// Coverage below this is left undrawn: what rounding leaves of a closed contour's sum.
const NOTHING: f32 = 1.0 / 512.0;

/// Strokes `path` with `stroke` (its dashes too) in `color` over `pixmap`. A stroke wider than
/// a pixel is dashed and outlined by tiny-skia, and its outline filled by area
/// ([`fill_covered`]); one at most a pixel wide is tiny-skia's hairline, its coverage scaled by
/// the width, as tiny-skia draws it.
pub(crate) fn stroke_covered(
    pixmap: &mut PixmapMut<'_>,
    path: &Path,
    color: Rgba,
    stroke: &Stroke,
) {
    // A width that is not a number goes to tiny-skia too, which refuses it.
    if stroke.width.partial_cmp(&1.0) != Some(std::cmp::Ordering::Greater) {
        pixmap.stroke_path(path, &color.paint(), stroke, Transform::identity(), None);
        return;
    }
    let dashed;
    let path = match &stroke.dash {
        Some(dash) => match path.dash(dash, 1.0) {
            Some(path) => {
                dashed = path;
                &dashed
            }
            None => return,
        },
        None => path,
    };
    if let Some(outline) = path.stroke(stroke, 1.0) {
        fill_covered(pixmap, &outline, color);
    }
}

/// Fills `path` (nonzero winding) with `color` over `pixmap`, source over, each pixel by the
/// area of it the path covers.
pub(crate) fn fill_covered(pixmap: &mut PixmapMut<'_>, path: &Path, color: Rgba) {
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut scratch) => fill_with(pixmap, path, color, &mut scratch),
        Err(_) => fill_with(pixmap, path, color, &mut Scratch::default()),
    });
}

/// The buffers a thread's fills reuse: a small shape's fill cost more in allocating them than
/// in drawing.
#[derive(Default)]
struct Scratch {
    /// The changes, as the edges leave them.
    changes: Vec<(u64, f32)>,
    /// The same by row and column.
    sorted: Vec<(u64, f32)>,
    /// Where each row's changes start in `sorted`, and the next free place in each row.
    starts: Vec<usize>,
    next: Vec<usize>,
}

/// Changes kept between fills at most: a larger fill's buffers are freed after it.
const KEEP: usize = 1 << 20;

/// Changes one fill gathers at most (24 MB, and as much again sorted). A path that would leave
/// more (thousands of edges each running across the pixmap within a row: a hostile route) is
/// filled by tiny-skia instead, whose memory does not grow with the pixels an edge crosses.
const LIMIT: usize = 1 << 21;

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

fn fill_with(pixmap: &mut PixmapMut<'_>, path: &Path, color: Rgba, scratch: &mut Scratch) {
    let (width, height) = (pixmap.width(), pixmap.height());
    let mut changes = std::mem::take(&mut scratch.changes);
    changes.clear();
    let mut area = Area::new(width, height, changes);
    let mut start = None;
    let mut last = [0.0, 0.0];
    for segment in path.segments() {
        match segment {
            PathSegment::MoveTo(p) => {
                if let Some(first) = start {
                    area.line(last, first);
                }
                last = [p.x, p.y];
                start = Some(last);
            }
            PathSegment::LineTo(p) => {
                area.line(last, [p.x, p.y]);
                last = [p.x, p.y];
            }
            PathSegment::QuadTo(c, p) => {
                let (from, c, p) = (last, [c.x, c.y], [p.x, p.y]);
                area.curve(from, pieces(bend(from, c, p)), |t| quad_at(from, c, p, t));
                last = p;
            }
            PathSegment::CubicTo(c1, c2, p) => {
                let (from, c1, c2, p) = (last, [c1.x, c1.y], [c2.x, c2.y], [p.x, p.y]);
                let pieces = pieces(1.5 * bend(from, c1, c2).max(bend(c1, c2, p)));
                area.curve(from, pieces, |t| cubic_at(from, c1, c2, p, t));
                last = p;
            }
            PathSegment::Close => {
                if let Some(first) = start {
                    area.line(last, first);
                    last = first;
                }
            }
        }
    }
    if let Some(first) = start {
        area.line(last, first);
    }
    if area.full {
        let paint = color.paint();
        pixmap.fill_path(path, &paint, FillRule::Winding, Transform::identity(), None);
    } else {
        by_row(&area.changes, height as usize, scratch);
        blend(&scratch.sorted, pixmap, color);
    }
    scratch.changes = area.changes;
    if scratch.changes.capacity() > KEEP {
        *scratch = Scratch::default();
    }
}

/// How far the middle control point of `a`, `b`, `c` bends the curve from its chord.
fn bend(a: [f32; 2], b: [f32; 2], c: [f32; 2]) -> f32 {
    let (x, y) = (a[0] - 2.0 * b[0] + c[0], a[1] - 2.0 * b[1] + c[1]);
    x.hypot(y)
}

/// Lines enough that a curve bent by `bend` strays at most [`TOLERANCE`] from them.
fn pieces(bend: f32) -> usize {
    let n = (bend / (4.0 * TOLERANCE)).sqrt().ceil();
    if n.is_finite() {
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "clamped to 1-64 first"
        )]
        let n = n.clamp(1.0, 64.0) as usize;
        n
    } else {
        1
    }
}

fn quad_at(a: [f32; 2], b: [f32; 2], c: [f32; 2], t: f32) -> [f32; 2] {
    let u = 1.0 - t;
    [0, 1].map(|i| u * u * a[i] + 2.0 * u * t * b[i] + t * t * c[i])
}

fn cubic_at(a: [f32; 2], b: [f32; 2], c: [f32; 2], d: [f32; 2], t: f32) -> [f32; 2] {
    let u = 1.0 - t;
    [0, 1].map(|i| {
        u * u * u * a[i] + 3.0 * u * u * t * b[i] + 3.0 * u * t * t * c[i] + t * t * t * d[i]
    })
}

/// The changes of coverage the edges leave, by row and column.
struct Area {
    width: f32,
    height: f32,
    /// `(row << 32 | column, change)`: the coverage of a pixel is the sum of the changes at
    /// its column and left of it in its row.
    changes: Vec<(u64, f32)>,
    /// Whether the changes reached [`LIMIT`]: those gathered are of no use then.
    full: bool,
}

impl Area {
    /// An area over a pixmap of `width` × `height` px, its changes gathered in `changes`.
    fn new(width: u32, height: u32, changes: Vec<(u64, f32)>) -> Self {
        #[expect(clippy::cast_precision_loss, reason = "a pixmap's sides are < 2^24")]
        let (width, height) = (width as f32, height as f32);
        Self {
            width,
            height,
            changes,
            full: false,
        }
    }

    /// Adds a curve from `from` as `pieces` lines, through its points `at(t)` for `t` in
    /// equal steps up to 1.
    fn curve(&mut self, from: [f32; 2], pieces: usize, at: impl Fn(f32) -> [f32; 2]) {
        let mut last = from;
        for i in 1..=pieces {
            #[expect(clippy::cast_precision_loss, reason = "at most 64 pieces")]
            let t = i as f32 / pieces as f32;
            let q = at(t);
            self.line(last, q);
            last = q;
        }
    }

    /// Adds the edge from `a` to `b`. What lies left of the pixmap covers every pixel of its
    /// rows as an edge along the left side would; what lies right of it covers none.
    fn line(&mut self, a: [f32; 2], b: [f32; 2]) {
        if !(a.iter().chain(&b).all(|v| v.is_finite())) || a[1] == b[1] {
            return;
        }
        let cut = |a: [f32; 2], b: [f32; 2], x: f32| {
            let t = (x - a[0]) / (b[0] - a[0]);
            [x, a[1] + t * (b[1] - a[1])]
        };
        // Cut at the left side: the part to its left runs down the side.
        let (a, b) = match (a[0] < 0.0, b[0] < 0.0) {
            (true, true) => {
                self.within([0.0, a[1]], [0.0, b[1]]);
                return;
            }
            (true, false) => {
                let m = cut(a, b, 0.0);
                self.within([0.0, a[1]], m);
                (m, b)
            }
            (false, true) => {
                let m = cut(a, b, 0.0);
                self.within(m, [0.0, b[1]]);
                (a, m)
            }
            (false, false) => (a, b),
        };
        // Cut at the right side: the part to its right covers nothing.
        let w = self.width;
        match (a[0] > w, b[0] > w) {
            (true, true) => {}
            (true, false) => self.within(cut(a, b, w), b),
            (false, true) => self.within(a, cut(a, b, w)),
            (false, false) => self.within(a, b),
        }
    }

    /// Adds an edge that lies within the pixmap's columns.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "rows and columns are clamped to the pixmap, whose sides are < 2^24"
    )]
    fn within(&mut self, a: [f32; 2], b: [f32; 2]) {
        if a[1] == b[1] || self.full {
            return;
        }
        if self.changes.len() >= LIMIT {
            self.full = true;
            return;
        }
        let (dir, p0, p1) = if a[1] < b[1] {
            (1.0, a, b)
        } else {
            (-1.0, b, a)
        };
        let dxdy = (p1[0] - p0[0]) / (p1[1] - p0[1]);
        let first = p0[1].max(0.0).floor();
        let end = p1[1].min(self.height).ceil();
        let mut x = (p0[0] + (first.max(p0[1]) - p0[1]) * dxdy).clamp(0.0, self.width);
        let mut row = first;
        while row < end {
            let dy = (row + 1.0).min(p1[1]) - row.max(p0[1]);
            let next = (x + dxdy * dy).clamp(0.0, self.width);
            let d = dy * dir;
            let key = (row as u64) << 32;
            let (x0, x1) = if x < next { (x, next) } else { (next, x) };
            let x0floor = x0.floor();
            let x0i = x0floor as u64;
            let x1ceil = x1.ceil();
            let x1i = x1ceil as u64;
            if x1i <= x0i + 1 {
                let middle = 0.5 * (x + next) - x0floor;
                self.changes.push((key | x0i, d - d * middle));
                self.changes.push((key | (x0i + 1), d * middle));
            } else {
                let s = (x1 - x0).recip();
                let x0f = x0 - x0floor;
                let a0 = 0.5 * s * (1.0 - x0f) * (1.0 - x0f);
                let x1f = x1 - x1ceil + 1.0;
                let am = 0.5 * s * x1f * x1f;
                self.changes.push((key | x0i, d * a0));
                if x1i == x0i + 2 {
                    self.changes.push((key | (x0i + 1), d * (1.0 - a0 - am)));
                } else {
                    let a1 = s * (1.5 - x0f);
                    self.changes.push((key | (x0i + 1), d * (a1 - a0)));
                    for xi in x0i + 2..x1i - 1 {
                        self.changes.push((key | xi, d * s));
                    }
                    let a2 = a1 + (x1i - x0i - 3) as f32 * s;
                    self.changes.push((key | (x1i - 1), d * (1.0 - a2 - am)));
                }
                self.changes.push((key | x1i, d * am));
            }
            x = next;
            row += 1.0;
        }
    }
}

/// Sums `changes` (sorted by row and column) along each row and lays `color` over each run of
/// pixels at its coverage.
fn blend(changes: &[(u64, f32)], pixmap: &mut PixmapMut<'_>, color: Rgba) {
    let width = pixmap.width() as usize;
    let data = pixmap.data_mut();
    let ink = Ink::new(color);
    let mut changes = changes.iter().peekable();
    // The row being summed, its sum so far, and the first column not yet laid.
    let mut row = u64::MAX;
    let (mut sum, mut from) = (0.0_f32, 0_usize);
    while let Some(&(key, change)) = changes.next() {
        let (this_row, column) = (key >> 32, (key & 0xFFFF_FFFF) as usize);
        if this_row != row {
            // The rest of the row before keeps its last sum (a shape running off the
            // right side).
            span(data, line(row, width), from..width, sum, &ink);
            (row, sum, from) = (this_row, 0.0, 0);
        }
        let start = line(row, width);
        // The run up to this column keeps the coverage summed so far.
        span(data, start, from..column.min(width), sum, &ink);
        sum += change;
        while let Some(&&(next_key, next_change)) = changes.peek() {
            if next_key != key {
                break;
            }
            sum += next_change;
            changes.next();
        }
        span(data, start, column..(column + 1).min(width), sum, &ink);
        from = column + 1;
    }
    span(data, line(row, width), from..width, sum, &ink);
}

/// `changes` in order of row, then column, into `scratch.sorted`: counted into their rows first
/// (every row is below `rows`), then each row's few sorted, which costs a third of sorting them
/// all at once.
fn by_row(changes: &[(u64, f32)], rows: usize, scratch: &mut Scratch) {
    let row_of = |key: u64| usize::try_from(key >> 32).unwrap_or(usize::MAX).min(rows);
    let starts = &mut scratch.starts;
    starts.clear();
    starts.resize(rows + 2, 0);
    for &(key, _) in changes {
        if let Some(count) = starts.get_mut(row_of(key) + 1) {
            *count += 1;
        }
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let sorted = &mut scratch.sorted;
    sorted.clear();
    sorted.resize(changes.len(), (u64::MAX, 0.0));
    let next = &mut scratch.next;
    next.clone_from(starts);
    for &change in changes {
        if let Some(at) = next.get_mut(row_of(change.0))
            && let Some(slot) = sorted.get_mut(*at)
        {
            *slot = change;
            *at += 1;
        }
    }
    for pair in starts.windows(2) {
        if let Some(row) = sorted.get_mut(pair[0]..pair[1]) {
            row.sort_unstable_by_key(|&(key, _)| key);
        }
    }
}

/// The first byte of `row` in rows of `width` pixels; past any pixmap for no row.
fn line(row: u64, width: usize) -> usize {
    usize::try_from(row)
        .ok()
        .and_then(|row| row.checked_mul(width * 4))
        .unwrap_or(usize::MAX)
}

/// Lays `ink` over pixels `columns` of the row starting at byte `line_start`, at coverage
/// `|sum|` (at most one).
fn span(data: &mut [u8], line_start: usize, columns: std::ops::Range<usize>, sum: f32, ink: &Ink) {
    let coverage = sum.abs().min(1.0);
    if coverage < NOTHING || columns.is_empty() {
        return;
    }
    let (Some(first), Some(end)) = (
        line_start.checked_add(columns.start * 4),
        line_start.checked_add(columns.end * 4),
    ) else {
        return;
    };
    let Some(pixels) = data.get_mut(first..end) else {
        return;
    };
    // One alpha for the run; where it is whole, the pixels are the ink's.
    let a = ink.alpha_at(coverage);
    if a == 255 {
        let solid = ink.solid();
        for pixel in pixels.chunks_exact_mut(4) {
            pixel.copy_from_slice(&solid);
        }
    } else {
        for pixel in pixels.chunks_exact_mut(4) {
            ink.over_at(pixel, a);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Transform};

    fn filled(path: &Path, size: u32) -> Pixmap {
        let mut pixmap = Pixmap::new(size, size).unwrap();
        fill_covered(&mut pixmap.as_mut(), path, Rgba(0, 0, 0, 255));
        pixmap
    }

    fn alpha(pixmap: &Pixmap, x: u32, y: u32) -> u8 {
        pixmap.pixel(x, y).unwrap().alpha()
    }

    #[test]
    fn a_rectangle_covers_its_pixels_whole_and_its_edges_by_their_share() {
        // From 2.25 to 7.5 across, 3 to 6 down.
        let path = PathBuilder::from_rect(tiny_skia::Rect::from_ltrb(2.25, 3.0, 7.5, 6.0).unwrap());
        let pixmap = filled(&path, 10);
        for y in 0..10 {
            for x in 0..10 {
                let expected = if !(3..6).contains(&y) {
                    0
                } else {
                    match x {
                        2 => 191,
                        3..=6 => 255,
                        7 => 128,
                        _ => 0,
                    }
                };
                assert_eq!(alpha(&pixmap, x, y), expected, "({x}, {y})");
            }
        }
    }

    /// tiny-skia's own fill of `path` in `rgba`, through `transform`.
    fn their_fill(pixmap: &mut Pixmap, path: &Path, [r, g, b, a]: [u8; 4], transform: Transform) {
        let mut paint = Paint::default();
        paint.set_color_rgba8(r, g, b, a);
        pixmap.fill_path(path, &paint, FillRule::Winding, transform, None);
    }

    /// A shape of a line, a quadratic and a cubic curve within 40 px.
    fn curved() -> Path {
        let mut builder = PathBuilder::new();
        builder.move_to(3.3, 2.1);
        builder.line_to(37.8, 9.4);
        builder.quad_to(30.0, 30.0, 12.2, 38.7);
        builder.cubic_to(5.0, 30.0, 1.0, 20.0, 3.3, 2.1);
        builder.close();
        builder.finish().unwrap()
    }

    #[test]
    fn a_curved_shape_covers_each_pixel_by_its_area() {
        let path = curved();
        let ours = filled(&path, 40);
        let mut theirs = Pixmap::new(40, 40).unwrap();
        their_fill(&mut theirs, &path, [0, 0, 0, 255], Transform::identity());
        // The area, near enough: tiny-skia at eight times the size, each pixel the mean of 64.
        let mut fine = Pixmap::new(320, 320).unwrap();
        let eight = Transform::from_scale(8.0, 8.0);
        their_fill(&mut fine, &path, [0, 0, 0, 255], eight);
        let (mut worst_ours, mut worst_theirs) = (0, 0);
        for y in 0..40 {
            for x in 0..40 {
                let mut sum = 0_u32;
                for dy in 0..8 {
                    for dx in 0..8 {
                        sum += u32::from(alpha(&fine, x * 8 + dx, y * 8 + dy));
                    }
                }
                let area = u8::try_from((sum + 32) / 64).unwrap();
                worst_ours = worst_ours.max(alpha(&ours, x, y).abs_diff(area));
                worst_theirs = worst_theirs.max(alpha(&theirs, x, y).abs_diff(area));
            }
        }
        // The reference is itself sampled (16 times a fine pixel) and its curves flattened;
        // tiny-skia at the true size strays twice as far from it (32 of 255 here).
        assert!(worst_ours <= 16, "{worst_ours} against {worst_theirs}");
        assert!(
            2 * worst_ours <= worst_theirs,
            "{worst_ours} against {worst_theirs}"
        );
    }

    #[test]
    fn rows_drawn_in_bands_are_the_rows_drawn_whole() {
        let path = curved();
        let whole = filled(&path, 40);
        for top in [1_u32, 7, 16, 25, 39] {
            let mut upper = Pixmap::new(40, top).unwrap();
            fill_covered(&mut upper.as_mut(), &path, Rgba(0, 0, 0, 255));
            let shifted = path
                .clone()
                .transform(Transform::from_translate(0.0, -(top as f32)))
                .unwrap();
            let mut lower = Pixmap::new(40, 40 - top).unwrap();
            fill_covered(&mut lower.as_mut(), &shifted, Rgba(0, 0, 0, 255));
            let split = (top * 40 * 4) as usize;
            assert_eq!(&whole.data()[..split], upper.data(), "above {top}");
            assert_eq!(&whole.data()[split..], lower.data(), "below {top}");
        }
    }

    #[test]
    fn changes_counted_into_rows_come_out_as_a_full_sort_puts_them() {
        let changes: Vec<(u64, f32)> = (0..500_u64)
            .map(|i| (((i * 7919) % 23) << 32 | ((i * 104_729) % 97), 1.0))
            .collect();
        let mut sorted = changes.clone();
        sorted.sort_by_key(|&(key, _)| key);
        let keys = |c: &[(u64, f32)]| c.iter().map(|&(key, _)| key).collect::<Vec<_>>();
        let mut scratch = Scratch::default();
        by_row(&changes, 23, &mut scratch);
        assert_eq!(keys(&scratch.sorted), keys(&sorted));
        by_row(&[], 4, &mut scratch);
        assert!(scratch.sorted.is_empty());
    }

    #[test]
    fn a_path_that_would_leave_too_many_changes_is_filled_by_tiny_skia() {
        // 2,400 edges zigzagging across 1,000 px, each within one row: about 2.4 M changes.
        let mut builder = PathBuilder::new();
        builder.move_to(0.0, 0.0);
        for i in 1..=2_400_u16 {
            let x = if i % 2 == 1 { 999.5 } else { 0.5 };
            builder.line_to(x, f32::from(i) * 0.03);
        }
        builder.close();
        let path = builder.finish().unwrap();
        let mut ours = Pixmap::new(1000, 80).unwrap();
        fill_covered(&mut ours.as_mut(), &path, Rgba(0, 0, 0, 255));
        let mut theirs = Pixmap::new(1000, 80).unwrap();
        their_fill(&mut theirs, &path, [0, 0, 0, 255], Transform::identity());
        assert!(
            ours.data() == theirs.data(),
            "tiny-skia's fill, pixel for pixel"
        );
        // The buffers it grew are not kept.
        SCRATCH.with(|scratch| assert!(scratch.borrow().changes.capacity() <= KEEP));
    }

    #[test]
    fn overlapping_contours_that_turn_the_same_way_cover_once() {
        let mut builder = PathBuilder::new();
        builder.push_rect(tiny_skia::Rect::from_ltrb(1.0, 1.0, 6.0, 6.0).unwrap());
        builder.push_rect(tiny_skia::Rect::from_ltrb(4.0, 4.0, 9.0, 9.0).unwrap());
        let pixmap = filled(&builder.finish().unwrap(), 10);
        assert_eq!(alpha(&pixmap, 5, 5), 255);
        assert_eq!(alpha(&pixmap, 2, 2), 255);
        assert_eq!(alpha(&pixmap, 8, 2), 0);
    }

    #[test]
    fn what_lies_outside_the_pixmap_is_cut_and_covers_as_it_would_inside() {
        // Below y = 8, a triangle whose other corners lie far to the right and far below, and
        // whose third side runs far to the left of the pixmap.
        let mut builder = PathBuilder::new();
        builder.move_to(-1.0e6, 8.0);
        builder.line_to(1.0e6, 8.0);
        builder.line_to(0.0, 1.0e6);
        builder.close();
        let pixmap = filled(&builder.finish().unwrap(), 16);
        for y in 0..16 {
            for x in 0..16 {
                let expected = if y >= 8 { 255 } else { 0 };
                assert_eq!(alpha(&pixmap, x, y), expected, "({x}, {y})");
            }
        }
        // A shape running off the right side covers its row to the end.
        let wide = PathBuilder::from_rect(tiny_skia::Rect::from_ltrb(3.5, 2.0, 90.0, 5.0).unwrap());
        let pixmap = filled(&wide, 16);
        assert_eq!(alpha(&pixmap, 3, 3), 128);
        assert_eq!(alpha(&pixmap, 15, 3), 255);
        assert_eq!(alpha(&pixmap, 15, 5), 0);
        let mut area = Area::new(16, 16, Vec::new());
        area.line([f32::NAN, 1.0], [3.0, 4.0]);
        area.line([1.0, f32::INFINITY], [3.0, 4.0]);
        assert!(area.changes.is_empty());
    }

    #[test]
    fn a_translucent_colour_is_laid_over_as_tiny_skia_lays_it() {
        let path = PathBuilder::from_rect(tiny_skia::Rect::from_ltrb(0.0, 0.0, 4.0, 4.0).unwrap());
        let mut ours = Pixmap::new(4, 4).unwrap();
        ours.fill(tiny_skia::Color::from_rgba8(10, 200, 30, 255));
        let mut theirs = ours.clone();
        fill_covered(&mut ours.as_mut(), &path, Rgba(200, 40, 90, 150));
        their_fill(
            &mut theirs,
            &path,
            [200, 40, 90, 150],
            Transform::identity(),
        );
        for (a, b) in ours.data().iter().zip(theirs.data()) {
            assert!(a.abs_diff(*b) <= 1, "{a} against {b}");
        }
    }
}
