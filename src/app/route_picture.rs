//! A large route layer drawn into one picture on a thread, once the map rests.
//!
//! A renderer in software (Mesa's llvmpipe, in virtual machines and on old laptops) spends
//! about 50 ms a frame drawing the 290,000 vertices of 10,000 routes, however they reach it;
//! a picture of them costs it one rectangle. Drawing the picture (as exports draw routes, with
//! tiny-skia) takes longer than building a mesh, so a layer is always a mesh first, and a
//! large one ([`PICTURE_FROM_POINTS`]) gets its picture when the map has come to rest. A
//! picture still being drawn when its layer is replaced is cancelled.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use egui::vec2;

use super::base_layer::{BuildInput, MARGIN, base_scene};
use super::job::{Job, take_finished};
use crate::projection::Viewport;
use crate::scene::Item;

/// From this many points of route line a layer gets a picture (10,000 synthetic routes have
/// about 70,000 over Ukraine; the embedded record's 66 about 2,000).
pub(super) const PICTURE_FROM_POINTS: usize = 20_000;

/// The largest picture, in pixels: 2,400 × 1,800 (a 1,600 × 1,000 map and its margins at one
/// pixel per point) is 4.3 million, 17 MB; past this (a high-density screen) a layer stays a
/// mesh.
const PICTURE_MAX_PIXELS: f32 = 6_000_000.0;

/// How many items are drawn between two looks at whether the picture is still wanted.
const CHUNK: usize = 256;

/// A layer drawn into a texture.
pub(super) struct Picture {
    pub(super) texture: egui::TextureHandle,
    /// The part of the layer's view it shows (points).
    pub(super) covers: egui::Rect,
}

/// Whether a layer of `points` points of line over `view` (without its margins) should get a
/// picture, at `pixels_per_point`.
pub(super) fn wants_picture(points: usize, view: &Viewport, pixels_per_point: f32) -> bool {
    let [w, h] = view.grown(MARGIN).size();
    points >= PICTURE_FROM_POINTS && w * h * pixels_per_point.powi(2) <= PICTURE_MAX_PIXELS
}

/// A picture being drawn on a thread for the layer numbered `generation`; dropping it cancels
/// the drawing.
pub(super) struct PictureJob {
    generation: u64,
    cancel: Arc<AtomicBool>,
    job: Option<Job<Option<Picture>>>,
}

impl PictureJob {
    /// Starts drawing the picture of the layer `generation` built from `input`; `None` if no
    /// thread could be started.
    pub(super) fn spawn(
        ctx: &egui::Context,
        generation: u64,
        input: Arc<BuildInput>,
    ) -> Option<Self> {
        let cancel = Arc::new(AtomicBool::new(false));
        let cancelled = Arc::clone(&cancel);
        let loader = ctx.clone();
        match Job::spawn("koridor-route-picture", ctx, move || {
            draw(&input, &loader, &cancelled)
        }) {
            Ok(job) => Some(Self {
                generation,
                cancel,
                job: Some(job),
            }),
            Err(e) => {
                log::warn!("cannot start the route picture's thread ({e}); the layer stays a mesh");
                None
            }
        }
    }

    /// Once the job is over: its layer's number and the picture (`None` if none could be
    /// drawn).
    pub(super) fn take(slot: &mut Option<Self>) -> Option<(u64, Option<Picture>)> {
        let this = slot.as_mut()?;
        let done = take_finished(&mut this.job)?;
        let generation = this.generation;
        *slot = None;
        Some((generation, done.flatten()))
    }
}

impl Drop for PictureJob {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// Draws the routes of the layer's view and margins into a texture loaded through `ctx`, at the
/// screen's pixels per point; `None` if cancelled or no picture can be made.
fn draw(input: &BuildInput, ctx: &egui::Context, cancel: &AtomicBool) -> Option<Picture> {
    let grown = input.view.grown(MARGIN);
    let ppp = input.pixels_per_point;
    let [w, h] = grown.size();
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a picture's sides, under PICTURE_MAX_PIXELS"
    )]
    let (pw, ph) = ((w * ppp).ceil() as u32, (h * ppp).ceil() as u32);
    let started = std::time::Instant::now();
    let mut pixmap = tiny_skia::Pixmap::new(pw, ph)?;
    // The same view, in the picture's pixels: its centre lands on the picture's centre.
    #[expect(clippy::cast_precision_loss, reason = "a picture's sides")]
    let (fw, fh) = (pw as f32, ph as f32);
    let scale = input.key.scale * ppp;
    let pixels = Viewport::centred_in(grown.center(), grown.zoom, [0.0, 0.0, fw, fh], scale);
    let scene = base_scene(input, &pixels, scale);
    for chunk in scene.items.chunks(CHUNK) {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        crate::raster::paint_shapes(&mut pixmap, chunk);
    }
    let [x0, y0, x1, y1] = grown.rect;
    let centre = egui::pos2((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let covers = egui::Rect::from_center_size(centre, vec2(fw, fh) / ppp);
    // tiny-skia's pixels are premultiplied RGBA, as egui's colours are.
    let image =
        egui::ColorImage::from_rgba_premultiplied([pw as usize, ph as usize], pixmap.data());
    let texture = ctx.load_texture("koridor-route-layer", image, egui::TextureOptions::LINEAR);
    log::debug!(
        "route layer drawn into a picture of {pw}×{ph} px in {} ms",
        started.elapsed().as_millis()
    );
    Some(Picture { texture, covers })
}

/// The points of line in `items`.
pub(super) fn line_points(items: &[Item]) -> usize {
    items
        .iter()
        .map(|item| match item {
            Item::Line { points, .. } => points.len(),
            _ => 0,
        })
        .sum()
}
