//! Time-lapses: decoded back frame by frame and checked against the still export of the same
//! moment; the captions, the frames as PNGs, skipping unchanged steps, and every refusal.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Output;

use koridor::basemap::LabelCache;
use koridor::export::{ExportRequest, Format, Framing, Timelapse, export_bytes, parse_step};
use koridor::{Dataset, Lang, Time};

const FROM: &str = "2022-03-06T00:00:00+02:00";
const TO: &str = "2022-03-09T00:00:00+02:00";
/// A range over which the still export's title block keeps its lines (the status is reported
/// throughout), so that every still has the time-lapse's one view.
const STEADY: (&str, &str) = ("2022-03-08T00:00:00+02:00", "2022-03-11T00:00:00+02:00");

fn still(at: Time) -> ExportRequest {
    ExportRequest {
        framing: Framing::Route("kyiv-gomel".into()),
        width: 320,
        height: 200,
        scale: 1,
        at,
        lang: Lang::En,
        tiles: koridor::net::TileChoice::Offline,
    }
}

fn timelapse(skip: bool, (from, to): (&str, &str)) -> Timelapse {
    Timelapse {
        still: still(from.parse().unwrap()),
        from: from.parse().unwrap(),
        to: to.parse().unwrap(),
        step: parse_step("6h").unwrap(),
        skip_unchanged: skip,
        frame_ms: 200,
    }
}

/// The still PNG export at `at`, as straight RGB.
fn still_rgb(at: Time) -> Vec<u8> {
    let data = Dataset::embedded().unwrap();
    let labels = LabelCache::leaving_out(koridor::scene::named_places(&data));
    let (png, _) = export_bytes(&data, &still(at), &labels, Format::Png).unwrap();
    let mut reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    // An export is RGB (its frame is opaque); RGBA would be read the same way.
    buf[..info.buffer_size()]
        .chunks_exact(info.color_type.samples())
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect()
}

fn write(
    format: Format,
    skip: bool,
    dir: &Path,
    frames: Option<&Path>,
    range: (&str, &str),
) -> koridor::export::TimelapseReport {
    let data = Dataset::embedded().unwrap();
    let labels = LabelCache::leaving_out(koridor::scene::named_places(&data));
    let out = dir.join(format!("t.{}", format.extension()));
    koridor::export::export_timelapse(
        &data,
        &timelapse(skip, range),
        &labels,
        &out,
        format,
        frames,
        &mut |_, _| {},
    )
    .unwrap()
}

/// Every frame of an APNG, composed as a viewer shows it (each region drawn over the last).
fn decode_apng(path: &Path) -> (u32, u32, u16, Vec<Vec<u8>>) {
    let mut reader = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()))
        .read_info()
        .unwrap();
    let (w, h) = (reader.info().width, reader.info().height);
    let control = reader.info().animation_control.unwrap();
    let mut canvas = vec![0u8; (w * h * 3) as usize];
    let mut frames = Vec::new();
    let mut delay = 0;
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    for _ in 0..control.num_frames {
        let info = reader.next_frame(&mut buf).unwrap();
        let fc = reader.info().frame_control.unwrap();
        delay = fc.delay_num;
        let row = (fc.width * 3) as usize;
        for y in 0..fc.height as usize {
            let src = &buf[y * row..(y + 1) * row];
            let at = ((fc.y_offset as usize + y) * w as usize + fc.x_offset as usize) * 3;
            canvas[at..at + row].copy_from_slice(src);
        }
        assert_eq!(info.color_type, png::ColorType::Rgb);
        frames.push(canvas.clone());
    }
    (w, h, delay, frames)
}

#[test]
fn an_apng_decoded_back_is_every_still_export_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let report = write(Format::Apng, false, dir.path(), None, STEADY);
    assert_eq!(report.frames, 13, "3 days by 6 hours, both ends");
    let (w, h, delay, frames) = decode_apng(&dir.path().join("t.apng"));
    assert_eq!((w, h, delay, frames.len()), (320, 200, 200, 13));
    let from: Time = STEADY.0.parse().unwrap();
    for i in [0usize, 5, 12] {
        let at = from + chrono::Duration::hours(6 * i as i64);
        assert!(
            frames[i] == still_rgb(at),
            "frame {i} is not the still of {at}"
        );
    }
    assert_ne!(frames[0], frames[12], "the frames do not change");
    let size = std::fs::metadata(dir.path().join("t.apng")).unwrap().len();
    assert!(
        size < 13 * 320 * 200,
        "each frame stored whole: {size} bytes"
    );
}

/// Every frame of a GIF, composed as a viewer shows it, as RGB.
fn decode_gif(path: &Path) -> Vec<Vec<u8>> {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::RGBA);
    let mut decoder = options
        .read_info(std::fs::File::open(path).unwrap())
        .unwrap();
    let (w, h) = (decoder.width() as usize, decoder.height() as usize);
    let mut canvas = vec![0u8; w * h * 3];
    let mut frames = Vec::new();
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        let (fw, fh) = (frame.width as usize, frame.height as usize);
        for y in 0..fh {
            for x in 0..fw {
                let src = &frame.buffer[(y * fw + x) * 4..(y * fw + x) * 4 + 3];
                let at = ((frame.top as usize + y) * w + frame.left as usize + x) * 3;
                canvas[at..at + 3].copy_from_slice(src);
            }
        }
        frames.push(canvas.clone());
    }
    frames
}

#[test]
fn a_gif_decoded_back_is_every_still_export_within_its_palette() {
    let dir = tempfile::tempdir().unwrap();
    write(Format::Gif, false, dir.path(), None, STEADY);
    let frames = decode_gif(&dir.path().join("t.gif"));
    assert_eq!(frames.len(), 13);
    let from: Time = STEADY.0.parse().unwrap();
    for i in [0usize, 12] {
        let at = from + chrono::Duration::hours(6 * i as i64);
        let want = still_rgb(at);
        let mean = frames[i]
            .iter()
            .zip(&want)
            .map(|(a, b)| f64::from(a.abs_diff(*b)))
            .sum::<f64>()
            / want.len() as f64;
        eprintln!("frame {i}: {mean:.2} levels from the still");
        // 256 colours for a map of a few dozen: measured 2.2 levels of 255.
        assert!(mean < 4.0, "frame {i}: {mean:.2} levels from the still");
    }
    // Another moment's still is further off than the palette's error.
    assert_ne!(frames[0], frames[12]);
}

#[test]
fn skipping_unchanged_steps_keeps_fewer_frames_and_one_caption_each() {
    let dir = tempfile::tempdir().unwrap();
    let all = write(Format::Apng, false, dir.path(), None, (FROM, TO));
    let some = write(Format::Apng, true, dir.path(), None, (FROM, TO));
    assert!(
        some.frames < all.frames && some.frames > 1,
        "{} of {}",
        some.frames,
        all.frames
    );
    assert_eq!(some.skipped, all.frames - some.frames);
    let srt = std::fs::read_to_string(&some.captions).unwrap();
    assert_eq!(srt.matches(" --> ").count(), some.frames);
    assert!(srt.contains("Kyiv → Gomel: On 7 March 2022"), "{srt}");
    assert!(srt.contains("Київ → Гомель: "), "{srt}");
    let (.., frames) = decode_apng(&dir.path().join("t.apng"));
    assert_eq!(frames.len(), some.frames);
}

#[test]
fn the_frames_are_written_as_pngs_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("frames");
    let report = write(Format::Apng, true, dir.path(), Some(&folder), (FROM, TO));
    assert_eq!(report.frame_files.len(), report.frames);
    assert!(folder.join("frame-00001.png").exists());
    // Each PNG is the animation's frame, pixel for pixel; the map holds still across the range
    // (one view for all frames, though the title block grows once a status is reported).
    let (.., frames) = decode_apng(&dir.path().join("t.apng"));
    for (file, frame) in report.frame_files.iter().zip(&frames) {
        let mut reader =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(file).unwrap()))
                .read_info()
                .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let rgb: Vec<u8> = buf[..info.buffer_size()]
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        assert!(&rgb == frame, "{} differs from its frame", file.display());
    }
}

fn koridor(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    common::koridor_in(dir, args, env)
}

use common::file_names as files;

#[test]
fn the_command_line_writes_a_time_lapse_and_its_captions_and_refuses_what_cannot_be() {
    let dir = tempfile::tempdir().unwrap();
    let base = [
        "export",
        "--route",
        "kyiv-gomel",
        "--width",
        "320",
        "--height",
        "200",
    ];
    let with = |extra: &[&str]| -> Vec<String> {
        base.iter().chain(extra).map(|s| (*s).to_owned()).collect()
    };
    let run = |args: Vec<String>, env: &[(&str, &str)]| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        koridor(&args, dir.path(), env)
    };
    let out = run(
        with(&[
            "--from", FROM, "--to", TO, "--step", "12h", "--out", "a.gif",
        ]),
        &[],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(files(dir.path()), ["a.gif", "a.srt"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("drawn 7 of 7 frames"));

    for (extra, says) in [
        (vec!["--from", FROM, "--out", "b.png"], "time-lapse"),
        (vec!["--from", FROM, "--out", "-"], "--out FILE"),
        (
            vec!["--from", FROM, "--step", "1w", "--out", "b.apng"],
            "1w",
        ),
        (
            vec!["--from", TO, "--to", FROM, "--out", "b.apng"],
            "before it starts",
        ),
        (
            vec!["--from", FROM, "--frame-ms", "1", "--out", "b.apng"],
            "1 ms",
        ),
    ] {
        let out = run(with(&extra), &[]);
        assert!(!out.status.success(), "{extra:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{extra:?}: {err}");
    }
    // Without ffmpeg, video is refused clearly and nothing is left behind.
    let out = run(
        with(&["--from", FROM, "--to", TO, "--out", "c.mp4"]),
        &[("KORIDOR_FFMPEG", "/nonexistent/ffmpeg")],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("needs ffmpeg, which is not installed"),
        "{err}"
    );
    assert_eq!(files(dir.path()), ["a.gif", "a.srt"]);
}

#[test]
fn a_view_exports_as_a_still_or_a_time_lapse_with_the_moment_as_its_caption() {
    let dir = tempfile::tempdir().unwrap();
    let view = [
        "export",
        "--view",
        "36.25,50.0,7",
        "--width",
        "320",
        "--height",
        "200",
    ];
    let run = |extra: &[&str]| {
        let args: Vec<&str> = view.iter().chain(extra).copied().collect();
        koridor(&args, dir.path(), &[])
    };
    let out = run(&["--date", FROM, "--out", "still.png"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(&[
        "--from", FROM, "--to", TO, "--step", "1d", "--out", "days.gif",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let srt = std::fs::read_to_string(dir.path().join("days.srt")).unwrap();
    assert_eq!(srt.matches(" --> ").count(), 4);
    assert!(
        srt.contains("6 March 2022 00:00\n6 березня 2022 00:00"),
        "{srt}"
    );
    assert_eq!(decode_gif(&dir.path().join("days.gif")).len(), 4);
    // One framing only, and a view that is one.
    let out = koridor(
        &["export", "--route", "kyiv-gomel", "--view", "36.25,50.0,7"],
        dir.path(),
        &[],
    );
    assert!(!out.status.success());
    let out = koridor(&["export", "--view", "36.25,50.0"], dir.path(), &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("LON,LAT,ZOOM"));
    let out = koridor(&["export", "--view", "36.25,95,7"], dir.path(), &[]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("latitude"));
}

/// With the `video-tools` feature (CI installs Debian's ffmpeg), MP4 and WebM are made through
/// ffmpeg and read back with ffprobe: codec, size (made even) and every frame.
#[cfg(feature = "video-tools")]
#[test]
fn mp4_and_webm_are_made_through_ffmpeg_with_every_frame() {
    let dir = tempfile::tempdir().unwrap();
    for (file, codec) in [("v.mp4", "h264"), ("v.webm", "vp9")] {
        let out = koridor(
            &[
                "export",
                "--route",
                "kyiv-gomel",
                "--from",
                FROM,
                "--to",
                TO,
                "--step",
                "12h",
                "--width",
                "321",
                "--height",
                "200",
                "--out",
                file,
            ],
            dir.path(),
            &[],
        );
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let probe = std::process::Command::new("ffprobe")
            .args([
                "-v",
                "error",
                "-count_frames",
                "-select_streams",
                "v:0",
                "-show_entries",
                "stream=codec_name,width,height,nb_read_frames",
                "-of",
                "csv=p=0",
                file,
            ])
            .current_dir(dir.path())
            .output()
            .unwrap_or_else(|e| panic!("ffprobe did not start ({e}): .ci/run installs ffmpeg"));
        let line = String::from_utf8_lossy(&probe.stdout).trim().to_owned();
        assert_eq!(line, format!("{codec},322,200,7"), "{file}");
    }
    assert!(dir.path().join("v.srt").exists());
}
