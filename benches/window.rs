//! Whole frames of the real window: Koridor in eframe on OpenGL (under Xvfb, Mesa's software
//! renderer llvmpipe), timing what eframe reports for each frame: the app's update, egui's
//! layout and tessellation, painting with OpenGL and swapping the buffers (no vsync wait).
//! The criterion "UI frame" bench and the panning bench time only the first three, in a
//! harness without a renderer; this one adds the painting, where the routes' layer is drawn
//! from the graphics card or as one picture.
//!
//! `xvfb-run -a -s "-screen 0 1600x1000x24" cargo bench --features xvfb-tests --bench window`
//! runs two windows in turn as Koridor opens them (the embedded record, whose routes are a mesh
//! kept on the graphics card, then 10,000 synthetic corridors, whose routes are a picture), each
//! in its own process: three settling seconds, 200 still frames (nothing moves, every frame
//! drawn) and three rounds of the panning bench's gesture (drags and pinch zooms) sent as input
//! events, one step a frame.
//!
//! With llvmpipe the "graphics card" is the CPU: its drawing counts in these times.
#![allow(
    clippy::expect_used,
    reason = "a bench: a failure to set up is a failed run"
)]

use std::time::{Duration, Instant};

use koridor::app::{KoridorApp, Startup};
use koridor::source::DataSource;
use koridor::synth::synthetic_geojson;

#[path = "common/gesture.rs"]
mod gesture;
use gesture::{Step, gesture};

/// Names a child run: `embedded` or `10k`.
const MODE: &str = "KORIDOR_WINDOW_BENCH_MODE";
/// The dataset file of a child run.
const DATA: &str = "KORIDOR_WINDOW_BENCH_DATA";

/// What the bench is doing.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Settling,
    Still,
    Gesture,
    Done,
}

/// The app, wrapped: counts frames, sends the gesture, records each frame's time.
struct Bench {
    app: KoridorApp,
    phase: Phase,
    started: Instant,
    frame: usize,
    steps: Vec<Step>,
    still: Vec<Duration>,
    moving: Vec<Duration>,
    label: String,
}

const STILL_FRAMES: usize = 200;
const ROUNDS: usize = 3;

impl eframe::App for Bench {
    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        if self.phase != Phase::Gesture {
            return;
        }
        let Some(step) = self.steps.get(self.frame % self.steps.len()) else {
            return;
        };
        let button = |pos, pressed| egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::NONE,
        };
        let events = match *step {
            Step::Press(at) => vec![egui::Event::PointerMoved(at), button(at, true)],
            Step::Move(at) => vec![egui::Event::PointerMoved(at)],
            Step::Release(at) => vec![egui::Event::PointerMoved(at), button(at, false)],
            Step::Zoom(at, factor) => {
                vec![egui::Event::PointerMoved(at), egui::Event::Zoom(factor)]
            }
        };
        raw_input.events.extend(events);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        // eframe's time of the previous frame: update, tessellation, painting, swap.
        let last = frame
            .info()
            .cpu_usage
            .map(|s| Duration::from_secs_f32(s.max(0.0)));
        match (self.phase, last) {
            (Phase::Still, Some(t)) if self.frame > 0 => self.still.push(t),
            (Phase::Gesture, Some(t)) if self.frame > 0 => self.moving.push(t),
            _ => {}
        }
        self.app.ui(ui, frame);
        self.frame += 1;
        self.advance(ui.ctx());
        ui.ctx().request_repaint();
    }
}

impl Bench {
    fn advance(&mut self, ctx: &egui::Context) {
        match self.phase {
            Phase::Settling => {
                let building = self.app.base_layer().0;
                if self.started.elapsed() > Duration::from_secs(3) && !building {
                    self.phase = Phase::Still;
                    self.frame = 0;
                }
            }
            Phase::Still if self.frame > STILL_FRAMES => {
                self.phase = Phase::Gesture;
                self.frame = 0;
            }
            Phase::Gesture if self.frame > self.steps.len() * ROUNDS => {
                report(&self.label, "still", &mut self.still);
                report(&self.label, "pan and zoom", &mut self.moving);
                self.phase = Phase::Done;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            _ => {}
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn report(label: &str, what: &str, frames: &mut [Duration]) {
    if frames.is_empty() {
        println!("{label}, {what}: no frames");
        return;
    }
    frames.sort();
    let n = frames.len();
    let mean = frames.iter().map(|d| ms(*d)).sum::<f64>() / n as f64;
    println!(
        "window frame, {label}, {what}: {n} frames, mean {mean:.2} ms, median {:.2} ms, p99 {:.2} ms, worst {:.2} ms",
        ms(frames[n / 2]),
        ms(frames[(n * 99 / 100).min(n - 1)]),
        ms(frames[n - 1]),
    );
}

/// One window, in this process.
fn child(mode: &str) {
    // RUST_LOG=koridor::app::gpu_routes=debug shows each layer sent to the card, and its time.
    let _ = env_logger::try_init();
    let source = match std::env::var_os(DATA) {
        Some(path) => DataSource::File(path.into()),
        None => DataSource::Embedded,
    };
    let state = tempfile::tempdir().expect("a temporary folder");
    let mut options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_inner_size([1600.0, 1000.0]),
        persist_window: false,
        persistence_path: Some(state.path().join("state")),
        ..Default::default()
    };
    options.glow_options.vsync = false;
    let label = match mode {
        "embedded" => "embedded record".to_owned(),
        _ => "10,000 corridors".to_owned(),
    };
    eframe::run_native(
        "koridor-window-bench",
        options,
        Box::new(move |cc| {
            let mut startup = Startup::new(source);
            startup.routes_on_gpu = cc.gl.is_some();
            Ok(Box::new(Bench {
                app: KoridorApp::new(&cc.egui_ctx, startup),
                phase: Phase::Settling,
                started: Instant::now(),
                frame: 0,
                steps: gesture(),
                still: Vec::new(),
                moving: Vec::new(),
                label,
            }))
        }),
    )
    .expect("the window opens");
}

fn main() {
    if let Ok(mode) = std::env::var(MODE) {
        child(&mode);
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = dir.path().join("corridors.geojson");
    std::fs::write(&file, synthetic_geojson(10_000, 1)).expect("the synthetic dataset is written");
    let me = std::env::current_exe().expect("the bench's own path");
    for mode in ["embedded", "10k"] {
        let mut command = std::process::Command::new(&me);
        command.env(MODE, mode);
        if mode != "embedded" {
            command.env(DATA, &file);
        }
        let status = command.status().expect("the bench runs a window");
        assert!(status.success(), "the {mode} window failed: {status}");
    }
}
