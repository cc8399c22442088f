//! Time-lapse files: animated PNG and GIF written here, MP4 and WebM through `ffmpeg` when it is
//! installed. Frames are drawn one after another by the export's renderer and streamed into the
//! file, which appears whole or not at all; the captions (SRT) go beside it.

use std::io::Write;
use std::path::{Path, PathBuf};

use tiny_skia::Pixmap;

use super::frame_diff::{changed_box, crop, rgb};
use super::palette::Palette;
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
