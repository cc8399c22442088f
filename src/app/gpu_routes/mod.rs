//! The routes' base layer kept on the graphics card.
//!
//! A base layer at 10,000 routes is a mesh of about 290,000 vertices. Handed to egui as a
//! shape, it is copied into the frame's mesh and sent to the graphics card on every frame, and
//! moved into place vertex by vertex on every frame of a gesture. Here it is sent once, when a
//! new layer is shown, and each frame only draws it, placed by two numbers (a scale and a
//! shift) in the shader: egui's renderer calls [`GpuRoutes::callback`] in the frame's order,
//! between the tiles below and the selected route and labels above.
//!
//! The window uses it when eframe runs on OpenGL (always, with Koridor's features); anything
//! going wrong on the card (a shader the driver will not compile, an error from a draw) is
//! logged once and the layer is drawn as an egui mesh from the next frame on. Tests without a
//! renderer (`egui_kittest`) draw the mesh. A large layer at rest is shown as a picture
//! instead (`route_picture`).
#![expect(
    unsafe_code,
    reason = "OpenGL is called through glow, whose every call is an unsafe foreign call; \
              this module is the only one that draws with OpenGL itself"
)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use eframe::egui_glow;
use eframe::glow::{self, HasContext};
use egui::epaint::{Mesh, WHITE_UV};

use super::base_layer::Placement;

mod mesh;
mod program;

use mesh::Objects;

/// The graphics card's copy of the base layer shown, shared by the app (which asks for it to
/// be drawn) and the renderer's callbacks (which draw it).
#[derive(Clone, Default)]
pub(crate) struct GpuRoutes {
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    /// Set once drawing on the card failed: the mesh is drawn from then on.
    failed: AtomicBool,
}

#[derive(Default)]
struct State {
    objects: Option<Objects>,
    /// The layer on the card.
    uploaded: Option<Uploaded>,
}

/// The layer whose mesh the buffers hold.
#[derive(Clone, Copy)]
struct Uploaded {
    generation: u64,
    /// Its number of indices.
    count: i32,
}

/// What a paint callback draws: a layer's number and mesh.
pub(crate) struct LayerDraw {
    pub(crate) generation: u64,
    pub(crate) mesh: Arc<Mesh>,
}

impl GpuRoutes {
    /// Whether the layer is still drawn on the card (nothing has failed there).
    pub(crate) fn usable(&self) -> bool {
        !self.shared.failed.load(Ordering::Relaxed)
    }

    /// Whether `mesh` can be drawn here: plain colours only (no texture but egui's white).
    pub(crate) fn can_draw(mesh: &Mesh) -> bool {
        mesh.texture_id == egui::TextureId::default()
            && mesh.vertices.iter().all(|v| v.uv == WHITE_UV)
            && mesh.is_valid()
            && i32::try_from(mesh.indices.len()).is_ok()
    }

    /// A paint callback drawing `layer` at `placement`, within `rect`. The layer's mesh is
    /// sent to the card when its generation differs from the one there.
    pub(crate) fn callback(
        &self,
        ctx: &egui::Context,
        rect: egui::Rect,
        layer: LayerDraw,
        placement: Placement,
    ) -> egui::PaintCallback {
        let shared = Arc::clone(&self.shared);
        let ctx = ctx.clone();
        let draw = move |info: egui::PaintCallbackInfo, painter: &egui_glow::Painter| {
            if shared.failed.load(Ordering::Relaxed) {
                return;
            }
            if let Err(reason) = shared.draw(painter.gl(), &layer, placement, &info) {
                log::warn!(
                    "cannot draw the routes on the graphics card ({reason}); drawing them \
                     as egui meshes from now on"
                );
                shared.failed.store(true, Ordering::Relaxed);
                ctx.request_repaint();
            }
        };
        egui::PaintCallback {
            rect,
            callback: Arc::new(egui_glow::CallbackFn::new(draw)),
        }
    }

    /// Frees what was made on the card (at the window's exit, with its context).
    pub(crate) fn destroy(&self, gl: &glow::Context) {
        let Ok(mut state) = self.shared.state.lock() else {
            return;
        };
        if let Some(objects) = state.objects.take() {
            objects.destroy(gl);
        }
        state.uploaded = None;
    }
}

impl Shared {
    fn draw(
        &self,
        gl: &glow::Context,
        layer: &LayerDraw,
        placement: Placement,
        screen: &egui::PaintCallbackInfo,
    ) -> Result<(), String> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| "an earlier draw stopped half-way".to_owned())?;
        if state.objects.is_none() {
            state.objects = Some(Objects::new(gl)?);
        }
        let State { objects, uploaded } = &mut *state;
        let Some(objects) = objects.as_mut() else {
            return Err("no program".into());
        };
        let shown = match *uploaded {
            Some(shown) if shown.generation == layer.generation => shown,
            _ => {
                let shown = objects.upload(gl, layer)?;
                *uploaded = Some(shown);
                shown
            }
        };
        objects.draw(gl, shown.count, placement, screen);
        // SAFETY: reading the context's error flag has no preconditions.
        match unsafe { gl.get_error() } {
            glow::NO_ERROR => Ok(()),
            code => Err(format!("OpenGL error {code:#x}")),
        }
    }
}
