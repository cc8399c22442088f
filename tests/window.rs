//! The real binary in a real window under Xvfb with Mesa: it starts, draws the map, the
//! corridors (their layer from a buffer on the graphics card) and the panels, and takes its own
//! screenshot.
//!
//! Needs a display, so it runs only with `--features xvfb-tests` (`.ci/run` starts Xvfb).
#![cfg(feature = "xvfb-tests")]
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::process::Command;
use std::time::Duration;

#[test]
fn the_window_shows_map_corridors_and_panels_under_xvfb() {
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("window.png");
    // The routes' layer says when it is sent to the graphics card, and warns if drawing
    // there fails (it then falls back to egui meshes, which would draw the same).
    let (status, stderr) = run_window(
        dir.path(),
        &["--screenshot", &shot.display().to_string()],
        "koridor::app::gpu_routes=debug",
        90,
    );
    assert!(status.success(), "koridor exited with {status}: {stderr}");
    assert!(
        stderr.contains("sent to the graphics card")
            && !stderr.contains("cannot draw the routes on the graphics card"),
        "the routes were not drawn from the graphics card: {stderr}"
    );
    let image = image_rgb(&shot);
    let (w, h, px) = (image.0, image.1, &image.2);
    let at = |x: u32, y: u32| {
        let i = ((y * w + x) * 3) as usize;
        [px[i], px[i + 1], px[i + 2]]
    };
    let count = |pred: &dyn Fn([u8; 3]) -> bool| {
        (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .filter(|&(x, y)| pred(at(x, y)))
            .count()
    };
    let near = |c: [u8; 3], t: [u8; 3], d: i32| {
        c.iter()
            .zip(t)
            .all(|(a, b)| (i32::from(*a) - i32::from(b)).abs() <= d)
    };
    // The basemap: Ukraine's pale yellow and the sea.
    assert!(
        count(&|c| near(c, [0xfb, 0xf5, 0xdc], 3)) > 50_000,
        "no Ukrainian land on screen"
    );
    assert!(
        count(&|c| near(c, [0xb5, 0xd0, 0xe0], 3)) > 5_000,
        "no sea on screen"
    );
    // Corridors: the Russia (vermillion) and Belarus (reddish purple) colours.
    assert!(
        count(&|c| near(c, [0xd5, 0x5e, 0x00], 12)) > 100,
        "no route into Russia drawn"
    );
    assert!(
        count(&|c| near(c, [0xcc, 0x79, 0xa7], 12)) > 100,
        "no route into Belarus drawn"
    );
    // Panels: egui's dark panel background on both sides of the map.
    let panel = |x: u32| {
        (0..h)
            .filter(|&y| near(at(x, y), [0x1b, 0x1b, 0x1b], 3))
            .count()
    };
    let third = (h / 3) as usize;
    assert!(
        panel(5) > third && panel(w - 5) > third,
        "side panels missing"
    );
}

#[test]
fn a_window_of_ten_thousand_routes_shows_them_as_one_picture_under_xvfb() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("10k.geojson");
    std::fs::write(&data, koridor::synth::synthetic_geojson(10_000, 1)).unwrap();
    let shot = dir.path().join("window.png");
    let (status, stderr) = run_window(
        dir.path(),
        &[
            "--data",
            &data.display().to_string(),
            "--screenshot",
            &shot.display().to_string(),
        ],
        "koridor::app::route_picture=debug",
        180,
    );
    assert!(status.success(), "koridor exited with {status}: {stderr}");
    // The screenshot waits for the picture (a layer still being drawn keeps the map unsettled).
    assert!(
        stderr.contains("route layer drawn into a picture of"),
        "the routes were not drawn into a picture: {stderr}"
    );
    let (_, _, px) = image_rgb(&shot);
    let near = |p: &[u8], t: [u8; 3]| {
        p.iter()
            .zip(t)
            .all(|(a, b)| (i32::from(*a) - i32::from(b)).abs() <= 12)
    };
    // The three destination colours of the synthetic routes, each over many pixels.
    for (colour, name) in [
        ([0xd5, 0x5e, 0x00], "Russia"),
        ([0xcc, 0x79, 0xa7], "Belarus"),
        ([0x00, 0x72, 0xb2], "Ukraine"),
    ] {
        let count = px.chunks(3).filter(|p| near(p, colour)).count();
        assert!(count > 2_000, "routes into {name}: {count} pixels");
    }
}

/// Runs the window with `args` under the display xvfb-run set, logging `log` (a `RUST_LOG`
/// filter) into a file in `dir`; waits at most `seconds` for it to exit. Returns its status and
/// what it logged.
fn run_window(
    dir: &std::path::Path,
    args: &[&str],
    log: &str,
    seconds: u64,
) -> (std::process::ExitStatus, String) {
    let display = std::env::var("DISPLAY").expect("DISPLAY set by xvfb-run");
    let stderr = dir.join("stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_koridor"))
        .args(args)
        .env("DISPLAY", display)
        .env("LIBGL_ALWAYS_SOFTWARE", "1")
        .env("RUST_LOG", log)
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .expect("koridor starts");
    let mut waited = Duration::ZERO;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            waited < Duration::from_secs(seconds),
            "the window did not take its screenshot in {seconds} s"
        );
        std::thread::sleep(Duration::from_millis(200));
        waited += Duration::from_millis(200);
    };
    (status, std::fs::read_to_string(&stderr).unwrap())
}

/// Decodes an 8-bit RGB or RGBA PNG into RGB pixels.
fn image_rgb(path: &std::path::Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let rgb = buf[..info.buffer_size()]
        .chunks(channels)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, info.height, rgb)
}
