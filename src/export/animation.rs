//! Time-lapse files: animated PNG and GIF written here, MP4 and WebM through `ffmpeg` when it is
//! installed. Frames are drawn one after another by the export's renderer and streamed into the
//! file, which appears whole or not at all; the captions (SRT) go beside it.

use std::io::Write;
use std::path::{Path, PathBuf};

use tiny_skia::Pixmap;

use super::timelapse::{Timelapse, captions};
use super::{ExportError, Format, TileReport, plan, render_planned};
use crate::basemap::LabelCache;
use crate::fs::{write_atomic, write_atomic_with};
use crate::projection::Viewport;
use crate::scene::RouteIndex;
use crate::{Dataset, Time};

/// What a time-lapse wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelapseReport {
    /// Frames in the file.
    pub frames: usize,
    /// Steps left out because nothing changed.
    pub skipped: usize,
    /// The captions file.
    pub captions: PathBuf,
    /// The frames written as PNGs, when asked.
    pub frame_files: Vec<PathBuf>,
    /// Online tiles asked for and not had, over all frames.
    pub tiles: TileReport,
}

/// Draws the frames in order, handing each (straight RGBA) to `take`.
struct Frames<'a> {
    dataset: &'a Dataset,
    timelapse: &'a Timelapse,
    labels: &'a LabelCache,
    index: RouteIndex,
    view: Viewport,
    tiles: TileReport,
}

impl Frames<'_> {
    /// Draws frame `i` (at `at`) and hands it to `each`; on failure, keeps the error in
    /// `failure` and gives the encoder an I/O error that stops it (the encoders write inside
    /// `write_atomic_with`, whose closure speaks `io::Error`).
    fn next(
        &mut self,
        i: usize,
        at: Time,
        each: &mut Each<'_>,
        failure: &mut Option<ExportError>,
    ) -> std::io::Result<Pixmap> {
        self.draw(at)
            .and_then(|p| each(i, &p).map(|()| p))
            .map_err(|e| {
                *failure = Some(e);
                std::io::Error::other("a frame could not be drawn")
            })
    }

    fn draw(&mut self, at: Time) -> Result<Pixmap, ExportError> {
        let request = super::ExportRequest {
            at,
            ..self.timelapse.still.clone()
        };
        let (pixmap, report, _) =
            render_planned(self.dataset, &self.index, &request, self.labels, &self.view)?;
        self.tiles.absorb(report);
        Ok(pixmap)
    }
}

/// Writes the time-lapse to `out` in `format` (an animation format), its captions to
/// `out` with the extension `.srt`, and each frame as `frame-00001.png`… in `frames_dir` when
/// given. `progress` hears (frames drawn, frames in all) after each frame.
///
/// # Errors
/// The request or range is impossible, a frame cannot be drawn or encoded, `ffmpeg` is missing
/// (for MP4 and WebM) or fails, or a file cannot be written; nothing half-written is left.
pub fn export_timelapse(
    dataset: &Dataset,
    timelapse: &Timelapse,
    labels: &LabelCache,
    out: &Path,
    format: Format,
    frames_dir: Option<&Path>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<TimelapseReport, ExportError> {
    timelapse.check()?;
    timelapse.still.check()?;
    crate::fs::check_target(out)?;
    let captions_path = out.with_extension("srt");
    crate::fs::check_target(&captions_path)?;
    let moments = timelapse.moments(dataset);
    let steps = usize::try_from(timelapse.steps()).unwrap_or(usize::MAX);
    let mut frames = Frames {
        dataset,
        timelapse,
        labels,
        index: RouteIndex::new(dataset),
        view: steady_view(dataset, timelapse, &moments)?,
        tiles: TileReport::default(),
    };
    if let Some(dir) = frames_dir {
        std::fs::create_dir_all(dir).map_err(|e| {
            ExportError::Animation(format!(
                "cannot make the frames folder {}: {e}",
                dir.display()
            ))
        })?;
    }
    let mut frame_files = Vec::new();
    let mut each = |i: usize, pixmap: &Pixmap| -> Result<(), ExportError> {
        if let Some(dir) = frames_dir {
            let path = dir.join(format!("frame-{:05}.png", i + 1));
            let rgba = crate::raster::straight_rgba(pixmap);
            let date = moments.get(i).map(Time::to_rfc3339).unwrap_or_default();
            let bytes = crate::raster::encode_png(
                pixmap.width(),
                pixmap.height(),
                &rgba,
                &[("Koridor-Date", date.as_str())],
            )
            .map_err(ExportError::Encode)?;
            write_atomic(&path, &bytes)?;
            frame_files.push(path);
        }
        progress(i + 1, moments.len());
        Ok(())
    };
    match format {
        Format::Apng => write_apng(&mut frames, &moments, out, &mut each)?,
        Format::Gif => write_gif(&mut frames, &moments, out, &mut each)?,
        Format::Mp4 | Format::Webm => write_video(&mut frames, &moments, out, format, &mut each)?,
        Format::Png | Format::Svg | Format::Pdf => {
            return Err(ExportError::Animation(format!(
                "{} is a still format: a time-lapse is .apng, .gif, .mp4 or .webm",
                format.extension()
            )));
        }
    }
    write_atomic(
        &captions_path,
        captions(dataset, timelapse, &moments).as_bytes(),
    )?;
    Ok(TimelapseReport {
        frames: moments.len(),
        skipped: steps.saturating_sub(moments.len()),
        captions: captions_path,
        frame_files,
        tiles: frames.tiles,
    })
}

/// One view for every frame, so the map holds still while the moments pass: of the views the
/// still export would take at each moment (its title block grows once a status is reported),
/// the widest, so that the route stays clear of the panels in every frame.
fn steady_view(
    dataset: &Dataset,
    timelapse: &Timelapse,
    moments: &[Time],
) -> Result<Viewport, ExportError> {
    let mut widest: Option<Viewport> = None;
    for at in moments {
        let request = super::ExportRequest {
            at: *at,
            ..timelapse.still.clone()
        };
        let view = plan(dataset, &request)?;
        if widest.is_none_or(|w| view.zoom < w.zoom) {
            widest = Some(view);
        }
    }
    match widest {
        Some(view) => Ok(view),
        None => plan(dataset, &timelapse.still),
    }
}

/// Straight RGB of a pixmap (exports are opaque, and then it is a copy of each pixel's colour).
fn rgb(pixmap: &Pixmap) -> Vec<u8> {
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
fn changed_box(before: &[u8], now: &[u8], w: u32, h: u32, channels: usize) -> [u32; 4] {
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
fn crop(data: &[u8], w: u32, [x, y, bw, bh]: [u32; 4], channels: usize) -> Vec<u8> {
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

type Each<'a> = dyn FnMut(usize, &Pixmap) -> Result<(), ExportError> + 'a;

/// The frame delay as a fraction of a second for APNG: (ms, 1000), reduced to fit `u16`.
fn delay(ms: u32) -> (u16, u16) {
    let ms = u16::try_from(ms).unwrap_or(u16::MAX);
    (ms, 1000)
}

fn write_apng(
    frames: &mut Frames<'_>,
    moments: &[Time],
    out: &Path,
    each: &mut Each<'_>,
) -> Result<(), ExportError> {
    let (w, h) = (
        frames.timelapse.still.width * frames.timelapse.still.scale,
        frames.timelapse.still.height * frames.timelapse.still.scale,
    );
    let count = u32::try_from(moments.len()).unwrap_or(u32::MAX);
    let (num, den) = delay(frames.timelapse.frame_ms);
    let mut failure: Option<ExportError> = None;
    let written = write_atomic_with(out, |file| {
        let encode = |e: png::EncodingError| std::io::Error::other(e.to_string());
        let mut encoder = png::Encoder::new(file, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        encoder.set_animated(count, 0).map_err(encode)?;
        encoder.set_frame_delay(num, den).map_err(encode)?;
        encoder
            .add_text_chunk(
                "Software".into(),
                format!("Koridor {}", env!("CARGO_PKG_VERSION")),
            )
            .map_err(encode)?;
        let mut writer = encoder.write_header().map_err(encode)?;
        let mut previous: Option<Vec<u8>> = None;
        for (i, at) in moments.iter().enumerate() {
            let pixmap = frames.next(i, *at, each, &mut failure)?;
            let now = rgb(&pixmap);
            // After the first frame, only the part that changed (the date, a route's look) is
            // stored, drawn over the frame before.
            let [x, y, bw, bh] = previous
                .as_deref()
                .map_or([0, 0, w, h], |before| changed_box(before, &now, w, h, 3));
            writer.set_frame_position(0, 0).map_err(encode)?;
            writer.set_frame_dimension(bw, bh).map_err(encode)?;
            writer.set_frame_position(x, y).map_err(encode)?;
            writer
                .write_image_data(&crop(&now, w, [x, y, bw, bh], 3))
                .map_err(encode)?;
            previous = Some(now);
        }
        writer.finish().map_err(encode)
    });
    if let Some(e) = failure {
        return Err(e);
    }
    Ok(written?)
}

/// A 256-colour palette for every frame, learnt from the first, middle and last frames, and a
/// 32 × 32 × 32 table from colour to palette index, so that each frame maps in one pass.
struct Palette {
    rgb: Vec<u8>,
    lookup: Vec<u8>,
}

impl Palette {
    fn learn(samples: &[&Pixmap]) -> Self {
        let mut rgba = Vec::new();
        for p in samples {
            for px in p.pixels() {
                let c = px.demultiply();
                rgba.extend_from_slice(&[c.red(), c.green(), c.blue(), 255]);
            }
        }
        let quant = color_quant::NeuQuant::new(10, 256, &rgba);
        let mut lookup = vec![0u8; 32 * 32 * 32];
        for (i, slot) in lookup.iter_mut().enumerate() {
            // The centre of each 8-level cell.
            #[expect(clippy::cast_possible_truncation, reason = "i < 32768: each part < 32")]
            let (r, g, b) = ((i >> 10) as u8, ((i >> 5) & 31) as u8, (i & 31) as u8);
            let colour = [r * 8 + 4, g * 8 + 4, b * 8 + 4, 255];
            *slot = u8::try_from(quant.index_of(&colour)).unwrap_or(0);
        }
        Self {
            rgb: quant.color_map_rgb(),
            lookup,
        }
    }

    fn indices(&self, pixmap: &Pixmap) -> Vec<u8> {
        pixmap
            .pixels()
            .iter()
            .map(|px| {
                let c = px.demultiply();
                let key = (usize::from(c.red() >> 3) << 10)
                    | (usize::from(c.green() >> 3) << 5)
                    | usize::from(c.blue() >> 3);
                self.lookup.get(key).copied().unwrap_or(0)
            })
            .collect()
    }
}

fn write_gif(
    frames: &mut Frames<'_>,
    moments: &[Time],
    out: &Path,
    each: &mut Each<'_>,
) -> Result<(), ExportError> {
    let (Some(first), Some(last)) = (moments.first(), moments.last()) else {
        return Err(ExportError::Animation("a time-lapse with no frame".into()));
    };
    let middle = moments.get(moments.len() / 2).unwrap_or(first);
    let samples = [
        frames.draw(*first)?,
        frames.draw(*middle)?,
        frames.draw(*last)?,
    ];
    let palette = Palette::learn(&samples.iter().collect::<Vec<_>>());
    let (w, h) = (
        u16::try_from(samples[0].width())
            .map_err(|_| ExportError::Animation("a GIF is at most 65,535 px wide".into()))?,
        u16::try_from(samples[0].height())
            .map_err(|_| ExportError::Animation("a GIF is at most 65,535 px high".into()))?,
    );
    // GIF delays are in hundredths of a second.
    let hundredths = u16::try_from(frames.timelapse.frame_ms / 10).unwrap_or(u16::MAX);
    let mut failure: Option<ExportError> = None;
    let written = write_atomic_with(out, |file| {
        let encode = |e: gif::EncodingError| std::io::Error::other(e.to_string());
        let mut encoder = gif::Encoder::new(file, w, h, &palette.rgb).map_err(encode)?;
        encoder.set_repeat(gif::Repeat::Infinite).map_err(encode)?;
        let mut previous: Option<Vec<u8>> = None;
        for (i, at) in moments.iter().enumerate() {
            let pixmap = frames.next(i, *at, each, &mut failure)?;
            let now = palette.indices(&pixmap);
            let (fw, fh) = (u32::from(w), u32::from(h));
            let [x, y, bw, bh] = previous.as_deref().map_or([0, 0, fw, fh], |before| {
                changed_box(before, &now, fw, fh, 1)
            });
            let part = |v: u32| u16::try_from(v).unwrap_or(u16::MAX);
            let mut frame = gif::Frame::from_indexed_pixels(
                part(bw),
                part(bh),
                crop(&now, fw, [x, y, bw, bh], 1),
                None,
            );
            frame.left = part(x);
            frame.top = part(y);
            frame.delay = hundredths;
            encoder.write_frame(&frame).map_err(encode)?;
            previous = Some(now);
        }
        Ok(())
    });
    if let Some(e) = failure {
        return Err(e);
    }
    Ok(written?)
}

/// The `ffmpeg` program: `KORIDOR_FFMPEG` if set, else `ffmpeg` on the `PATH`.
fn ffmpeg() -> std::ffi::OsString {
    std::env::var_os("KORIDOR_FFMPEG").unwrap_or_else(|| "ffmpeg".into())
}

/// ffmpeg's arguments for raw RGBA frames of `w`×`h` px, each `frame_ms` long, in on standard
/// input and an MP4 (H.264) or WebM (VP9) out on standard output.
fn ffmpeg_args(w: u32, h: u32, frame_ms: u32, format: Format) -> Vec<String> {
    let fps = format!("{:.3}", 1000.0 / f64::from(frame_ms));
    let size = format!("{w}x{h}");
    let mut args: Vec<&str> = vec![
        "-hide_banner",
        "-loglevel",
        "error",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "rgba",
        "-s",
        &size,
        "-r",
        &fps,
        "-i",
        "-",
        "-pix_fmt",
        "yuv420p",
    ];
    // Video needs even sides; a pad of one px keeps the map as drawn.
    args.extend(["-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2"]);
    if format == Format::Mp4 {
        args.extend([
            "-c:v",
            "libx264",
            "-movflags",
            "frag_keyframe+empty_moov",
            "-f",
            "mp4",
        ]);
    } else {
        args.extend([
            "-c:v",
            "libvpx-vp9",
            "-b:v",
            "0",
            "-crf",
            "32",
            "-f",
            "webm",
        ]);
    }
    args.push("-");
    args.into_iter().map(str::to_owned).collect()
}

fn write_video(
    frames: &mut Frames<'_>,
    moments: &[Time],
    out: &Path,
    format: Format,
    each: &mut Each<'_>,
) -> Result<(), ExportError> {
    let still = &frames.timelapse.still;
    let (w, h) = (still.width * still.scale, still.height * still.scale);
    let args = ffmpeg_args(w, h, frames.timelapse.frame_ms, format);
    let mut child = std::process::Command::new(ffmpeg())
        .args(&args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                ExportError::Ffmpeg(format!(
                    "writing .{} needs ffmpeg, which is not installed (Debian: apt install ffmpeg); .apng and .gif need nothing",
                    format.extension()
                ))
            } else {
                ExportError::Ffmpeg(format!("ffmpeg could not be started: {e}"))
            }
        })?;
    let (Some(mut stdin), Some(mut stdout), Some(mut stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err(ExportError::Ffmpeg(
            "ffmpeg's pipes could not be opened".into(),
        ));
    };
    // ffmpeg's output is read while the frames go in, so that neither side waits on the other.
    let reader = std::thread::spawn(move || {
        let mut video = Vec::new();
        let mut log = String::new();
        let read = std::io::Read::read_to_end(&mut stdout, &mut video);
        let _ = std::io::Read::read_to_string(&mut stderr, &mut log);
        (read.map(|_| video), log)
    });
    let mut fed = Ok(());
    let mut failure: Option<ExportError> = None;
    for (i, at) in moments.iter().enumerate() {
        let Ok(pixmap) = frames.next(i, *at, each, &mut failure) else {
            break;
        };
        let rgba = crate::raster::straight_rgba(&pixmap);
        if let Err(e) = stdin.write_all(&rgba) {
            fed = Err(e);
            break;
        }
    }
    drop(stdin);
    if let Some(e) = failure {
        // Nothing is written: ffmpeg is stopped and its output dropped.
        let _ = child.kill();
        let _ = child.wait();
        let _ = reader.join();
        return Err(e);
    }
    let status = child
        .wait()
        .map_err(|e| ExportError::Ffmpeg(format!("ffmpeg did not finish: {e}")))?;
    let (video, log) = reader
        .join()
        .map_err(|_| ExportError::Ffmpeg("reading ffmpeg's output failed".into()))?;
    if !status.success() || fed.is_err() {
        return Err(ExportError::Ffmpeg(format!(
            "ffmpeg failed ({status}): {}",
            log.lines().last().unwrap_or("no message")
        )));
    }
    let video = video.map_err(|e| ExportError::Ffmpeg(format!("reading ffmpeg's output: {e}")))?;
    write_atomic(out, &video)?;
    Ok(())
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

    #[test]
    fn a_palette_maps_every_colour_to_its_nearest_learnt_one() {
        // Four colours of the map in blocks of 32 × 32, as a frame has them in thousands.
        let colours = [[213u8, 94, 0], [0, 114, 178], [251, 245, 220], [26, 26, 26]];
        let mut pixmap = Pixmap::new(64, 64).unwrap();
        for (i, c) in colours.iter().enumerate() {
            let (x, y) = (
                f32::from(u8::try_from(i % 2).unwrap()),
                f32::from(u8::try_from(i / 2).unwrap()),
            );
            crate::raster::rect(
                &mut pixmap.as_mut(),
                x * 32.0,
                y * 32.0,
                32.0,
                32.0,
                crate::ink::Rgba(c[0], c[1], c[2], 255),
            );
        }
        let palette = Palette::learn(&[&pixmap]);
        let indices = palette.indices(&pixmap);
        for (i, want) in colours.iter().enumerate() {
            let at = (i / 2) * 32 * 64 + (i % 2) * 32;
            let slot = usize::from(indices[at]) * 3;
            let got = &palette.rgb[slot..slot + 3];
            for ch in 0..3 {
                assert!(
                    (i32::from(got[ch]) - i32::from(want[ch])).abs() <= 8,
                    "{want:?} became {got:?}"
                );
            }
        }
    }
}
