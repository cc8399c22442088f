//! The worst frame while panning and zooming a map of 10,000 corridors: criterion reports means,
//! and a mean hides the frame that stutters, so this bench times every frame of a scripted
//! gesture and prints the slowest and the 99th percentile.
//!
//! `cargo bench --bench panning [-- N]` (N corridors, default 10,000; 100,000 opens past the
//! window's 50 MB limit). Each frame is what the
//! criterion "UI frame" bench times: the app's update, egui's layout and the tessellation of
//! the frame's shapes, with the accessibility tree on (as `egui_kittest` runs it). Painting on
//! the GPU and the offline tiles (drawn on their own thread) are not part of it; the threads
//! drawing tiles and the routes' pictures share the two cores with it, as in the window
//! (`benches/window.rs` times whole frames of the real window).
#![allow(
    clippy::expect_used,
    reason = "a bench: a failure to set up is a failed run"
)]

use std::time::{Duration, Instant};

use egui::{Pos2, vec2};
use koridor::app::{KoridorApp, Startup};
use koridor::source::DataSource;
use koridor::synth::synthetic_geojson;

#[path = "common/gesture.rs"]
mod gesture;
use gesture::{Step, gesture};

/// Runs `gesture` once, timing every frame; returns the frame times, slowest last.
fn run(harness: &mut egui_kittest::Harness<'_, KoridorApp>) -> Vec<Duration> {
    let mut frames = Vec::new();
    for step in gesture() {
        match step {
            Step::Press(at) => harness.drag_at(at),
            Step::Move(at) => harness.hover_at(at),
            Step::Release(at) => harness.drop_at(at),
            Step::Zoom(at, factor) => {
                harness.hover_at(at);
                harness.event(egui::Event::Zoom(factor));
            }
        }
        let start = Instant::now();
        harness.step();
        let shapes = harness.output().shapes.clone();
        std::hint::black_box(harness.ctx.tessellate(shapes, 1.0));
        frames.push(start.elapsed());
    }
    settle(harness);
    frames.sort();
    frames
}

/// Steps until no layer is being built on a thread (a hang guard only).
fn settle(harness: &mut egui_kittest::Harness<'_, KoridorApp>) {
    for _ in 0..2000 {
        harness.step();
        if !harness.state().base_layer().0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("corridors.geojson");
    std::fs::write(&file, synthetic_geojson(n, 1)).expect("the synthetic dataset is written");
    // The window keeps the routes' mesh on the graphics card and draws it from a paint callback
    // (not run here: the harness has no renderer); without OpenGL it is copied into each frame
    // as an egui mesh. A large layer at rest is a picture either way.
    for (layer, gpu) in [("routes on the GPU", true), ("routes as meshes", false)] {
        let mut startup = Startup::new(DataSource::File(file.clone()));
        startup.routes_on_gpu = gpu;
        // Any size asked for: 100,000 corridors are 140 MB, past the window's 50 MB.
        startup.data_limit = u64::MAX;
        let mut harness = egui_kittest::Harness::builder()
            .with_size(vec2(1600.0, 1000.0))
            .build_eframe(|cc| KoridorApp::new(&cc.egui_ctx, startup));
        harness.run_steps(10);
        pan_and_zoom(&mut harness, n, layer);
    }
}

/// Runs the gesture three times over the overview, then three times close over Kyiv.
fn pan_and_zoom(harness: &mut egui_kittest::Harness<'_, KoridorApp>, n: usize, layer: &str) {
    // The overview (all of Ukraine, zooms about 4.5 to 8), then a close-up over Kyiv (zooms
    // about 9.5 to 13), where routes crossing the view are long and dashed.
    for (place, zoom_in) in [("overview", 0), ("Kyiv close-up", 5)] {
        for _ in 0..zoom_in {
            harness.hover_at(Pos2::new(900.0, 500.0));
            harness.key_press(egui::Key::Plus);
            harness.run_steps(2);
        }
        settle(harness);
        let mut worst: f64 = 0.0;
        for round in 1..=3 {
            let frames = run(harness);
            let mean = frames.iter().map(|d| ms(*d)).sum::<f64>() / frames.len() as f64;
            let p99 = frames[(frames.len() * 99 / 100).min(frames.len() - 1)];
            let last = frames[frames.len() - 1];
            println!(
                "pan and zoom, {n} corridors, {layer}, {place}, 1600x1000, round {round}: {} frames, mean {mean:.2} ms, median {:.2} ms, p99 {:.2} ms, worst {:.2} ms, zoom after {:?}",
                frames.len(),
                ms(frames[frames.len() / 2]),
                ms(p99),
                ms(last),
                harness.state().base_layer().1,
            );
            worst = worst.max(ms(last));
        }
        println!("{layer}, {place}: worst frame over 3 rounds {worst:.2} ms (budget 16 ms)");
    }
}
