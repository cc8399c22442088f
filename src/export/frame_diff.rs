//! What changed between two frames of a time-lapse, so each frame after the first stores only
//! the box that changed, drawn over the frame before.

use tiny_skia::Pixmap;

/// Straight RGB of a pixmap (exports are opaque, and then it is a copy of each pixel's colour).
pub(super) fn rgb(pixmap: &Pixmap) -> Vec<u8> {
    let mut out = Vec::new();
    if !crate::raster::opaque_rgb(pixmap.data(), &mut out) {
        for (to, px) in out.chunks_exact_mut(3).zip(pixmap.pixels()) {
            let c = px.demultiply();
            to.copy_from_slice(&[c.red(), c.green(), c.blue()]);
        }
    }
    out
}

/// The smallest box `[x, y, width, height]` holding every pixel that differs between two
/// frames of `w` × `h` pixels of `channels` bytes; one pixel at the origin when none does.
pub(super) fn changed_box(before: &[u8], now: &[u8], w: u32, h: u32, channels: usize) -> [u32; 4] {
    let row = w as usize * channels;
    let differs = |y: usize| before.get(y * row..(y + 1) * row) != now.get(y * row..(y + 1) * row);
    let rows: Vec<usize> = (0..h as usize).filter(|&y| differs(y)).collect();
    let (Some(&top), Some(&bottom)) = (rows.first(), rows.last()) else {
        return [0, 0, 1, 1];
    };
    // The first and last differing bytes of each changed row, as pixels.
    let (mut left, mut right) = (usize::MAX, 0);
    for y in top..=bottom {
        let (Some(a), Some(b)) = (
            before.get(y * row..(y + 1) * row),
            now.get(y * row..(y + 1) * row),
        ) else {
            continue;
        };
        if let Some(first) = first_difference(a, b) {
            left = left.min(first / channels);
        }
        if let Some(last) = last_difference(a, b) {
            right = right.max(last / channels);
        }
    }
    #[expect(
        clippy::cast_possible_truncation,
        reason = "within a frame of u32 sides"
    )]
    let to = |v: usize| v as u32;
    [
        to(left),
        to(top),
        to(right - left + 1),
        to(bottom - top + 1),
    ]
}

/// Bytes compared at a time while looking for a difference.
const LANE: usize = 16;

/// One lane of bytes as a number, compared in one instruction.
fn lane(bytes: &[u8]) -> u128 {
    let mut lane = [0; LANE];
    lane.copy_from_slice(bytes);
    u128::from_ne_bytes(lane)
}

/// The first index at which `a` and `b` (of one length) differ.
fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    let lanes = a.chunks_exact(LANE).zip(b.chunks_exact(LANE));
    let start = match lanes
        .map(|(x, y)| lane(x) == lane(y))
        .position(|same| !same)
    {
        Some(k) => k * LANE,
        None => a.len() - a.len() % LANE,
    };
    let mut rest = a.get(start..)?.iter().zip(b.get(start..)?);
    rest.position(|(x, y)| x != y).map(|i| start + i)
}

/// The last index at which `a` and `b` (of one length) differ.
fn last_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    let lanes = a.rchunks_exact(LANE).zip(b.rchunks_exact(LANE));
    let end = match lanes
        .map(|(x, y)| lane(x) == lane(y))
        .position(|same| !same)
    {
        Some(k) => a.len() - k * LANE,
        None => a.len() % LANE,
    };
    let mut head = a.get(..end)?.iter().zip(b.get(..end)?);
    head.rposition(|(x, y)| x != y)
}

/// The pixels of `box` (`[x, y, width, height]`) of a frame `w` pixels wide.
pub(super) fn crop(data: &[u8], w: u32, [x, y, bw, bh]: [u32; 4], channels: usize) -> Vec<u8> {
    let row = w as usize * channels;
    let mut out = Vec::with_capacity(bw as usize * bh as usize * channels);
    for line in y as usize..(y + bh) as usize {
        let start = line * row + x as usize * channels;
        out.extend_from_slice(
            data.get(start..start + bw as usize * channels)
                .unwrap_or(&[]),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_changed_box_holds_every_changed_pixel_and_no_more() {
        let (w, h) = (6u32, 4u32);
        let before = vec![0u8; (w * h * 3) as usize];
        assert_eq!(changed_box(&before, &before, w, h, 3), [0, 0, 1, 1]);
        let mut now = before.clone();
        for (x, y) in [(1usize, 1usize), (4, 2)] {
            now[(y * w as usize + x) * 3 + 2] = 9;
        }
        let b = changed_box(&before, &now, w, h, 3);
        assert_eq!(b, [1, 1, 4, 2]);
        let part = crop(&now, w, b, 3);
        assert_eq!(part.len(), 4 * 2 * 3);
        assert_eq!(part[2], 9, "the first changed pixel is the box's first");
        assert_eq!(part[(4 + 3) * 3 + 2], 9, "the second is its last");
    }

    #[test]
    fn the_changed_box_is_the_box_of_the_pixels_that_differ_in_any_byte() {
        let (w, h) = (37u32, 23u32);
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) as usize
        };
        for channels in [1usize, 3] {
            for _ in 0..200 {
                let before: Vec<u8> = (0..w as usize * h as usize * channels)
                    .map(|i| u8::try_from(i % 251).unwrap())
                    .collect();
                let mut now = before.clone();
                let changes = next() % 4;
                for _ in 0..changes {
                    let at = next() % now.len();
                    now[at] = now[at].wrapping_add(1);
                }
                // Every pixel that differs, the slow way.
                let differing: Vec<(usize, usize)> = (0..h as usize)
                    .flat_map(|y| (0..w as usize).map(move |x| (x, y)))
                    .filter(|&(x, y)| {
                        let at = (y * w as usize + x) * channels;
                        before[at..at + channels] != now[at..at + channels]
                    })
                    .collect();
                let want = if differing.is_empty() {
                    [0, 0, 1, 1]
                } else {
                    let x0 = differing.iter().map(|p| p.0).min().unwrap();
                    let x1 = differing.iter().map(|p| p.0).max().unwrap();
                    let y0 = differing.iter().map(|p| p.1).min().unwrap();
                    let y1 = differing.iter().map(|p| p.1).max().unwrap();
                    [x0, y0, x1 - x0 + 1, y1 - y0 + 1].map(|v| u32::try_from(v).unwrap())
                };
                assert_eq!(changed_box(&before, &now, w, h, channels), want);
            }
        }
    }

    #[test]
    fn the_first_and_last_differences_are_found_at_any_place_in_rows_of_any_length() {
        for len in [0usize, 1, 15, 16, 17, 40, 100] {
            let a: Vec<u8> = (0..len).map(|i| u8::try_from(i % 200).unwrap()).collect();
            assert_eq!(first_difference(&a, &a), None, "len {len}");
            assert_eq!(last_difference(&a, &a), None, "len {len}");
            for i in 0..len {
                for j in i..len {
                    let mut b = a.clone();
                    b[i] ^= 1;
                    b[j] ^= 2;
                    assert_eq!(first_difference(&a, &b), Some(i), "len {len}, {i} and {j}");
                    assert_eq!(last_difference(&a, &b), Some(j), "len {len}, {i} and {j}");
                }
            }
        }
    }

    #[test]
    fn opaque_and_translucent_pixels_give_their_straight_colour() {
        let mut pixmap = Pixmap::new(3, 1).unwrap();
        pixmap.pixels_mut()[0] = tiny_skia::ColorU8::from_rgba(200, 100, 50, 255).premultiply();
        pixmap.pixels_mut()[1] = tiny_skia::ColorU8::from_rgba(200, 100, 50, 128).premultiply();
        let got = rgb(&pixmap);
        assert_eq!(got[..3], [200, 100, 50]);
        let demultiplied = pixmap.pixels()[1].demultiply();
        assert_eq!(
            got[3..6],
            [
                demultiplied.red(),
                demultiplied.green(),
                demultiplied.blue()
            ]
        );
        assert_eq!(got[6..], [0, 0, 0], "a transparent pixel is black");
    }
}
