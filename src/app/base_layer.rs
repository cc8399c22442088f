//! The map's base layer: every shown route, plain, built and tessellated into one mesh for a
//! view a margin larger than the screen, and kept while the map moves.
//!
//! It is rebuilt on the frame when what it shows changes (the filters, the moment, the
//! language, the map's size) or the view jumps (a route fitted, a view code opened), so that
//! the frame shows exactly what was asked. While a hand pans or zooms, the last layer is shown
//! moved and scaled into place, and the new one is built on a thread and swapped in when ready:
//! no frame of a gesture waits for 10,000 routes to be tessellated.
//!
//! A large layer gets a picture once the map rests (`route_picture`): one texture instead of
//! its mesh.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use egui::emath::TSTransform;
use egui::epaint::{Mesh, TessellationOptions, Tessellator};
use egui::{Shape, Vec2, vec2};

use super::gpu_routes::{GpuRoutes, LayerDraw};
use super::job::{Job, take_finished};
use super::route_picture::{Picture, PictureJob, line_points, wants_picture};
use crate::projection::Viewport;
use crate::scene::{Item, RouteIndex, SceneInput, build_scene};
use crate::{Dataset, Lang, Time};

/// How far (px) the base layer reaches beyond the screen, so panning can reuse it.
pub(super) const MARGIN: f32 = 400.0;

/// The most a gesture changes the zoom between two frames and still counts as one: a larger
/// step (a key press, a view code) rebuilds on the frame.
const GESTURE_ZOOM: f64 = 0.5;

/// How far the zoom of the layer shown may drift from the view's while a gesture goes on
/// before a new layer is built: lines drawn up to a fifth thicker or thinner for a moment.
const DRIFT_ZOOM: f64 = 0.25;

/// What the base layer shows, besides where: a change rebuilds it on the frame.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SceneKey {
    pub(super) scale: f32,
    pub(super) size: [f32; 2],
    pub(super) at: Time,
    pub(super) lang: Lang,
    /// A fingerprint of the filters and the dataset.
    pub(super) filters: u64,
}

/// The base layer as built.
pub(crate) struct BaseLayer {
    key: SceneKey,
    /// The view it was built for (it reaches [`MARGIN`] beyond it).
    built: Viewport,
    /// Lines, arrows and markers, tessellated.
    pub(super) mesh: Arc<Mesh>,
    /// A number no other layer of this run has: the graphics card's copy is of one layer.
    generation: u64,
    /// Whether the mesh can be drawn from the graphics card (plain colours, valid indices).
    drawable_on_gpu: bool,
    /// The layer drawn into a texture, shown instead of the mesh (which is then dropped).
    picture: Option<Picture>,
    /// Whether the layer is large enough for a picture.
    large: bool,
    /// What it was built from, for its picture.
    input: Arc<BuildInput>,
    /// Place names (text is laid out live).
    pub(super) labels: Vec<Item>,
    /// The routes in it, for picking.
    pub(super) routes: HashSet<usize>,
}

/// How the layer shown lines up with the current view: each of its points `p` is drawn at
/// `p * scale + translation`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Placement {
    pub(super) scale: f32,
    pub(super) translation: Vec2,
}

impl Placement {
    /// Where a point of the layer is drawn.
    pub(super) fn apply(self, p: [f32; 2]) -> egui::Pos2 {
        egui::pos2(p[0], p[1]) * self.scale + self.translation
    }

    /// Whether the layer is drawn as built.
    pub(super) fn is_identity(self) -> bool {
        self.scale == 1.0 && self.translation == Vec2::ZERO
    }

    pub(super) fn transform(self) -> TSTransform {
        TSTransform::new(self.translation, self.scale)
    }
}

/// Where a layer built for `built` is drawn in `view`: exact for any pan and zoom, since both
/// views are the same projection scaled and moved.
pub(super) fn placement(built: &Viewport, view: &Viewport) -> Placement {
    #[expect(
        clippy::cast_possible_truncation,
        reason = "a ratio of zooms a gesture apart"
    )]
    let scale = (view.zoom - built.zoom).exp2() as f32;
    let anchor = built.center();
    let [x, y] = view.to_px(anchor);
    let [bx, by] = built.to_px(anchor);
    Placement {
        scale,
        translation: vec2(x - bx * scale, y - by * scale),
    }
}

/// Everything a build reads, owned, so that it can run on a thread.
pub(super) struct BuildInput {
    pub(super) dataset: Arc<Dataset>,
    pub(super) index: Arc<RouteIndex>,
    /// Whether each route passes the filters.
    pub(super) visible: Arc<Vec<bool>>,
    pub(super) key: SceneKey,
    pub(super) view: Viewport,
    pub(super) pixels_per_point: f32,
    pub(super) font_image_size: [usize; 2],
}

/// The scene of the base layer for `view`: every shown route, plain.
pub(super) fn base_scene(input: &BuildInput, view: &Viewport, scale: f32) -> crate::scene::Scene {
    let visible = |i: usize, _: &crate::Corridor| input.visible.get(i).copied().unwrap_or(false);
    // The base layer serves many frames as the map moves: the panels over it move relative to
    // it, so only the overlay keeps its labels clear of them.
    let scene_input = SceneInput {
        dataset: &input.dataset,
        at: input.key.at,
        selected: None,
        hovered: None,
        visible: &visible,
        lang: input.key.lang,
        scale,
        index: &input.index,
        keep_clear: &[],
        emphasised_only: false,
    };
    build_scene(&scene_input, view)
}

/// Builds and tessellates the base layer.
fn build(input: &Arc<BuildInput>) -> BaseLayer {
    let scene = base_scene(input, &input.view.grown(MARGIN), input.key.scale);
    let mut tessellator = Tessellator::new(
        input.pixels_per_point,
        TessellationOptions::default(),
        input.font_image_size,
        Vec::new(),
    );
    let mut mesh = Mesh::default();
    for shape in super::map_layer::geometry(&scene) {
        tessellator.tessellate_shape(shape, &mut mesh);
    }
    static GENERATIONS: AtomicU64 = AtomicU64::new(0);
    BaseLayer {
        key: input.key.clone(),
        built: input.view,
        generation: GENERATIONS.fetch_add(1, Ordering::Relaxed),
        drawable_on_gpu: GpuRoutes::can_draw(&mesh),
        mesh: Arc::new(mesh),
        picture: None,
        large: wants_picture(
            line_points(&scene.items),
            &input.view,
            input.pixels_per_point,
        ),
        input: Arc::clone(input),
        labels: scene
            .items
            .into_iter()
            .filter(|i| matches!(i, Item::Label { .. }))
            .collect(),
        routes: scene.routes.into_iter().map(|(i, _)| i).collect(),
    }
}

/// The base layer shown and the one being built on a thread, if any.
#[derive(Default)]
pub(crate) struct BaseCache {
    /// The graphics card's copy of the layer, when the window draws with OpenGL.
    gpu: Option<GpuRoutes>,
    layer: Option<BaseLayer>,
    pending: Option<Job<BaseLayer>>,
    /// The picture being drawn for the layer shown.
    picture: Option<PictureJob>,
    /// The view of the last frame: a view unchanged since then has come to rest.
    last_view: Option<Viewport>,
    /// Which routes pass the filters, for the key it was worked out for.
    visible: Option<(SceneKey, Arc<Vec<bool>>)>,
}

impl BaseCache {
    /// A cache whose layers are drawn from the graphics card when `gpu` is given.
    pub(super) fn new(gpu: Option<GpuRoutes>) -> Self {
        Self {
            gpu,
            ..Self::default()
        }
    }

    /// Forgets the layers (a new dataset); the graphics card's objects are kept for the next.
    pub(super) fn clear(&mut self) {
        *self = Self::new(self.gpu.take());
    }

    /// Frees what the layer holds on the graphics card (the window's exit).
    pub(super) fn destroy_gpu(&self, gl: &eframe::glow::Context) {
        if let Some(gpu) = &self.gpu {
            gpu.destroy(gl);
        }
    }

    /// Where the layer shown is drawn from, if on the graphics card.
    pub(super) fn gpu(&self) -> Option<&GpuRoutes> {
        self.gpu.as_ref().filter(|gpu| gpu.usable())
    }

    /// The layer to draw for `view`, and where: rebuilt on the frame when `key` changed, there
    /// is none, or the view jumped; built on a thread (the last one shown meanwhile) when a
    /// gesture moved the view past the margin or zoomed. `shared` is the dataset and its
    /// index; `visible` says which routes pass the filters (asked once per `key`).
    pub(super) fn refresh(
        &mut self,
        ctx: &egui::Context,
        view: &Viewport,
        key: &SceneKey,
        shared: &(Arc<Dataset>, Arc<RouteIndex>),
        visible: impl FnOnce() -> Vec<bool>,
    ) -> Option<(&BaseLayer, Placement)> {
        self.take_built(key);
        self.take_picture();
        let last = self.last_view.replace(*view);
        let resting = last == Some(*view);
        // A gesture moves the view a little from one frame to the next, however far the layer
        // shown now lags behind; a jump (a route fitted, a view code) moves it a lot at once.
        let step = last.is_some_and(|last| gesture(&last, view));
        let fresh = self
            .layer
            .as_ref()
            .and_then(|layer| (layer.key == *key).then(|| (fits(&layer.built, view), step)));
        match fresh {
            Some((true, _)) => {}
            Some((false, true)) => {
                let drifted = self
                    .layer
                    .as_ref()
                    .is_some_and(|layer| drifted(&layer.built, view));
                if self.pending.is_none() && (resting || drifted) {
                    let input = Arc::new(self.input(ctx, view, key, shared, visible));
                    if !self.spawn(ctx, Arc::clone(&input)) {
                        self.show(build(&input));
                    }
                } else if self.pending.is_none() {
                    // Shown moved into place for now; the next frame builds anew if the view
                    // has come to rest by then.
                    ctx.request_repaint();
                }
            }
            _ => {
                self.pending = None;
                let input = Arc::new(self.input(ctx, view, key, shared, visible));
                self.show(build(&input));
            }
        }
        if resting {
            self.start_picture(ctx);
        } else if self
            .layer
            .as_ref()
            .is_some_and(|l| l.large && l.picture.is_none())
        {
            // A frame once the map rests starts the picture.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        let layer = self.layer.as_ref()?;
        Some((layer, placement(&layer.built, view)))
    }

    /// A build's input for `view`; which routes pass the filters is worked out once per key.
    fn input(
        &mut self,
        ctx: &egui::Context,
        view: &Viewport,
        key: &SceneKey,
        (dataset, index): &(Arc<Dataset>, Arc<RouteIndex>),
        visible: impl FnOnce() -> Vec<bool>,
    ) -> BuildInput {
        let visible = match &self.visible {
            Some((k, v)) if k == key => Arc::clone(v),
            _ => {
                let v = Arc::new(visible());
                self.visible = Some((key.clone(), Arc::clone(&v)));
                v
            }
        };
        #[expect(
            clippy::redundant_closure_for_method_calls,
            reason = "the method path does not type-check here"
        )]
        let font_image_size = ctx.fonts(|f| f.font_image_size());
        BuildInput {
            dataset: Arc::clone(dataset),
            index: Arc::clone(index),
            visible,
            key: key.clone(),
            view: *view,
            pixels_per_point: ctx.pixels_per_point(),
            font_image_size,
        }
    }

    /// Takes a layer finished on its thread, if it still shows what `key` asks.
    fn take_built(&mut self, key: &SceneKey) {
        if let Some(Some(layer)) = take_finished(&mut self.pending)
            && layer.key == *key
        {
            self.show(layer);
        }
    }

    /// Shows `layer` in place of the one shown, whose picture, if being drawn, is given up.
    fn show(&mut self, layer: BaseLayer) {
        self.picture = None;
        self.layer = Some(layer);
    }

    /// Gives the layer shown its picture, if drawn; its mesh is then dropped. A layer whose
    /// picture could not be drawn stays a mesh, and is not tried again.
    fn take_picture(&mut self) {
        let Some((generation, picture)) = PictureJob::take(&mut self.picture) else {
            return;
        };
        let Some(layer) = self.layer.as_mut().filter(|l| l.generation == generation) else {
            return;
        };
        match picture {
            Some(picture) => {
                layer.picture = Some(picture);
                layer.mesh = Arc::new(Mesh::default());
                layer.drawable_on_gpu = false;
            }
            None => layer.large = false,
        }
    }

    /// Starts drawing the picture of a large layer shown without one, when no other build is
    /// under way.
    fn start_picture(&mut self, ctx: &egui::Context) {
        let Some(layer) = &self.layer else {
            return;
        };
        if layer.large
            && layer.picture.is_none()
            && self.pending.is_none()
            && self.picture.is_none()
        {
            self.picture = PictureJob::spawn(ctx, layer.generation, Arc::clone(&layer.input));
            if self.picture.is_none()
                && let Some(layer) = self.layer.as_mut()
            {
                // No thread: the layer stays a mesh.
                layer.large = false;
            }
        }
    }

    /// Starts a build on a thread, which asks for a frame when done; false if no thread could
    /// be started.
    fn spawn(&mut self, ctx: &egui::Context, input: Arc<BuildInput>) -> bool {
        match Job::spawn("koridor-base-layer", ctx, move || build(&input)) {
            Ok(job) => {
                self.pending = Some(job);
                true
            }
            Err(e) => {
                log::warn!("cannot start the base layer's thread ({e}); building it on the frame");
                false
            }
        }
    }

    /// Whether a build or a picture is under way on a thread.
    #[must_use]
    pub(crate) fn building(&self) -> bool {
        self.pending.is_some() || self.picture.is_some()
    }

    /// Whether the layer shown is a picture.
    #[must_use]
    pub(crate) fn is_picture(&self) -> bool {
        self.layer.as_ref().is_some_and(|l| l.picture.is_some())
    }

    /// The zoom of the layer shown.
    #[must_use]
    pub(crate) fn zoom(&self) -> Option<f64> {
        self.layer.as_ref().map(|layer| layer.built.zoom)
    }
}

/// Whether the layer built for `built` lies within its margin of `view` (moved, not scaled, by
/// less than nine tenths of [`MARGIN`] each way).
fn within_margin(built: &Viewport, view: &Viewport) -> bool {
    let shift = placement(built, view).translation;
    shift.x.abs() < MARGIN * 0.9 && shift.y.abs() < MARGIN * 0.9
}

/// Whether a layer built for `built` covers `view` as built: same zoom, panned within the
/// margin.
fn fits(built: &Viewport, view: &Viewport) -> bool {
    built.zoom == view.zoom && within_margin(built, view)
}

/// Whether the layer built for `built` has drifted too far from `view` to stand in for long: a
/// zoom [`DRIFT_ZOOM`] away, or a pan past the margin.
fn drifted(built: &Viewport, view: &Viewport) -> bool {
    (view.zoom - built.zoom).abs() >= DRIFT_ZOOM || !within_margin(built, view)
}

/// Whether `view` is a gesture's step from `built` (the last frame's view): a little zoom, a
/// pan of at most a screen.
fn gesture(built: &Viewport, view: &Viewport) -> bool {
    let [w, h] = view.size();
    let shift = placement(built, view).translation;
    (view.zoom - built.zoom).abs() <= GESTURE_ZOOM && shift.x.abs() <= w && shift.y.abs() <= h
}

/// Paints the base layer, placed: its picture if it has one, else its mesh, from the
/// graphics card's copy when `gpu` is given and the layer can be drawn there, else as an egui
/// mesh.
pub(super) fn paint(
    painter: &egui::Painter,
    layer: &BaseLayer,
    placement: Placement,
    gpu: Option<&GpuRoutes>,
) {
    if let Some(picture) = &layer.picture {
        let r = picture.covers;
        let rect = egui::Rect::from_min_max(
            placement.apply([r.min.x, r.min.y]),
            placement.apply([r.max.x, r.max.y]),
        );
        let uv = egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0));
        painter.image(picture.texture.id(), rect, uv, egui::Color32::WHITE);
    } else if let Some(gpu) = gpu.filter(|_| layer.drawable_on_gpu) {
        let draw = LayerDraw {
            generation: layer.generation,
            mesh: Arc::clone(&layer.mesh),
        };
        painter.add(gpu.callback(painter.ctx(), painter.clip_rect(), draw, placement));
    } else if placement.is_identity() {
        // Unmoved: hand egui the cached mesh itself.
        painter.add(Shape::mesh(Arc::clone(&layer.mesh)));
    } else {
        let mut mesh = (*layer.mesh).clone();
        mesh.transform(placement.transform());
        painter.add(Shape::mesh(mesh));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::projection::LonLat;

    #[test]
    fn a_layer_placed_in_a_panned_and_zoomed_view_lands_where_the_view_projects_its_points() {
        let kyiv = LonLat::new(30.52, 50.45).to_unit();
        let built = Viewport::centred_in(kyiv, 7.0, [0.0, 0.0, 1600.0, 1000.0], 1.0);
        let moved = Viewport::centred_in(
            LonLat::new(31.0, 50.1).to_unit(),
            7.3,
            [0.0, 0.0, 1600.0, 1000.0],
            1.0,
        );
        let place = placement(&built, &moved);
        for point in [
            LonLat::new(30.52, 50.45),
            LonLat::new(31.03, 52.43),
            LonLat::new(29.9, 49.0),
        ] {
            let u = point.to_unit();
            let drawn = place.apply(built.to_px(u));
            let [x, y] = moved.to_px(u);
            assert!(
                (drawn.x - x).abs() < 0.01 && (drawn.y - y).abs() < 0.01,
                "{point:?}: {drawn:?} vs {x}, {y}"
            );
        }
        assert!(placement(&built, &built).is_identity());
    }

    #[test]
    fn a_small_zoom_or_a_pan_is_a_gesture_and_a_jump_is_not() {
        let rect = [0.0, 0.0, 1600.0, 1000.0];
        let kyiv = LonLat::new(30.52, 50.45).to_unit();
        let built = Viewport::centred_in(kyiv, 7.0, rect, 1.0);
        let zoomed = Viewport::centred_in(kyiv, 7.11, rect, 1.0);
        assert!(!fits(&built, &zoomed) && gesture(&built, &zoomed));
        let key_press = Viewport::centred_in(kyiv, 8.0, rect, 1.0);
        assert!(!gesture(&built, &key_press));
        // Kyiv to Kharkiv is 520 px at zoom 7 (a pan within a screen), 2,080 px at zoom 9.
        let closer = Viewport::centred_in(kyiv, 9.0, rect, 1.0);
        let kharkiv = Viewport::centred_in(LonLat::new(36.23, 49.99).to_unit(), 9.0, rect, 1.0);
        assert!(!gesture(&closer, &kharkiv));
        let nudged = Viewport::centred_in(LonLat::new(30.6, 50.45).to_unit(), 7.0, rect, 1.0);
        assert!(fits(&built, &nudged));
    }
}
