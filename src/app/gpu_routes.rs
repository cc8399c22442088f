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
//! renderer (`egui_kittest`) draw the mesh.
#![expect(
    unsafe_code,
    reason = "OpenGL is called through glow, whose every call is an unsafe foreign call; \
              this module is the only one that draws with OpenGL itself"
)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use eframe::egui_glow;
use eframe::glow::{self, HasContext};
use egui::epaint::{Mesh, Vertex, WHITE_UV};

use super::base_layer::Placement;

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
    /// The layer whose mesh the buffers hold, and its number of indices.
    uploaded: Option<(u64, i32)>,
}

/// The program, vertex array and buffers, made on the first draw.
struct Objects {
    program: glow::Program,
    vertex_array: glow::VertexArray,
    vertices: glow::Buffer,
    indices: glow::Buffer,
    screen_size: glow::UniformLocation,
    place: glow::UniformLocation,
}

const VERTEX_SHADER: &str = r"
#if NEW_SHADER_INTERFACE
    #define I in
    #define O out
#else
    #define I attribute
    #define O varying
#endif
#ifdef GL_ES
    precision highp float;
#endif
uniform vec2 u_screen_size;
// The layer's scale, then its shift (points): a gesture moves the layer without touching it.
uniform vec3 u_place;
I vec2 a_pos;
I vec4 a_srgba;
O vec4 v_rgba;
void main() {
    vec2 p = a_pos * u_place.x + u_place.yz;
    gl_Position = vec4(2.0 * p.x / u_screen_size.x - 1.0, 1.0 - 2.0 * p.y / u_screen_size.y, 0.0, 1.0);
    v_rgba = a_srgba / 255.0;
}
";

// egui's own shader multiplies the vertex colour (premultiplied, gamma) by its font texture,
// which is white where route meshes sample it: the colour alone is the same.
const FRAGMENT_SHADER: &str = r"
#ifdef GL_ES
    precision mediump float;
#endif
#if NEW_SHADER_INTERFACE
    in vec4 v_rgba;
    out vec4 f_color;
    #define gl_FragColor f_color
#else
    varying vec4 v_rgba;
#endif
void main() {
    gl_FragColor = v_rgba;
}
";

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

    /// A paint callback drawing `mesh` (layer number `generation`) at `placement`, within
    /// `rect`. The mesh is sent to the card when its generation differs from the one there.
    pub(crate) fn callback(
        &self,
        ctx: &egui::Context,
        rect: egui::Rect,
        (generation, mesh): (u64, Arc<Mesh>),
        placement: Placement,
    ) -> egui::PaintCallback {
        let shared = Arc::clone(&self.shared);
        let ctx = ctx.clone();
        let draw = move |info: egui::PaintCallbackInfo, painter: &egui_glow::Painter| {
            if shared.failed.load(Ordering::Relaxed) {
                return;
            }
            if let Err(reason) = shared.draw(painter.gl(), (generation, &mesh), placement, &info) {
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
            // SAFETY: the objects were made with this context (eframe has one), and nothing
            // draws with them after the window's exit.
            unsafe {
                gl.delete_program(objects.program);
                gl.delete_vertex_array(objects.vertex_array);
                gl.delete_buffer(objects.vertices);
                gl.delete_buffer(objects.indices);
            }
        }
        state.uploaded = None;
    }
}

impl Shared {
    fn draw(
        &self,
        gl: &glow::Context,
        (generation, mesh): (u64, &Mesh),
        placement: Placement,
        info: &egui::PaintCallbackInfo,
    ) -> Result<(), String> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| "an earlier draw stopped half-way".to_owned())?;
        if state.objects.is_none() {
            state.objects = Some(Objects::new(gl)?);
        }
        let State { objects, uploaded } = &mut *state;
        let Some(objects) = objects.as_ref() else {
            return Err("no program".into());
        };
        let count = match *uploaded {
            Some((shown, count)) if shown == generation => count,
            _ => {
                // Checked when the layer was built; checked again here, since an index past
                // the vertices would have the driver read outside the buffer.
                if !GpuRoutes::can_draw(mesh) {
                    return Err("the layer's mesh has textures or indices past its end".into());
                }
                let count = i32::try_from(mesh.indices.len()).map_err(|e| e.to_string())?;
                objects.upload(gl, mesh);
                log::debug!(
                    "route layer {generation} sent to the graphics card: {} vertices, {count} indices",
                    mesh.vertices.len()
                );
                *uploaded = Some((generation, count));
                count
            }
        };
        objects.draw(gl, count, placement, info);
        // SAFETY: reading the context's error flag has no preconditions.
        match unsafe { gl.get_error() } {
            glow::NO_ERROR => Ok(()),
            code => Err(format!("OpenGL error {code:#x}")),
        }
    }
}

impl Objects {
    fn new(gl: &glow::Context) -> Result<Self, String> {
        let version = egui_glow::ShaderVersion::get(gl);
        let program = link(gl, version)?;
        // SAFETY: `program` was linked with this context; the vertex array and buffers are
        // made and described with it, and the attribute layout matches egui's `Vertex`
        // (`repr(C)`: position, uv, colour), of which only position and colour are read.
        unsafe {
            let locate = |name: &str| {
                gl.get_uniform_location(program, name)
                    .ok_or_else(|| format!("the shader has no {name}"))
            };
            let attribute = |name: &str| {
                gl.get_attrib_location(program, name)
                    .ok_or_else(|| format!("the shader has no {name}"))
            };
            let made = (|| {
                let (screen_size, place) = (locate("u_screen_size")?, locate("u_place")?);
                let (a_pos, a_srgba) = (attribute("a_pos")?, attribute("a_srgba")?);
                let vertex_array = gl.create_vertex_array()?;
                let vertices = gl.create_buffer()?;
                let indices = gl.create_buffer()?;
                gl.bind_vertex_array(Some(vertex_array));
                gl.bind_buffer(glow::ARRAY_BUFFER, Some(vertices));
                gl.bind_buffer(glow::ELEMENT_ARRAY_BUFFER, Some(indices));
                let stride =
                    i32::try_from(std::mem::size_of::<Vertex>()).map_err(|e| e.to_string())?;
                let colour = i32::try_from(std::mem::offset_of!(Vertex, color))
                    .map_err(|e| e.to_string())?;
                gl.vertex_attrib_pointer_f32(a_pos, 2, glow::FLOAT, false, stride, 0);
                gl.enable_vertex_attrib_array(a_pos);
                gl.vertex_attrib_pointer_f32(
                    a_srgba,
                    4,
                    glow::UNSIGNED_BYTE,
                    false,
                    stride,
                    colour,
                );
                gl.enable_vertex_attrib_array(a_srgba);
                gl.bind_vertex_array(None);
                Ok::<_, String>(Self {
                    program,
                    vertex_array,
                    vertices,
                    indices,
                    screen_size,
                    place,
                })
            })();
            if made.is_err() {
                gl.delete_program(program);
            }
            made
        }
    }

    /// Sends `mesh` to the card, replacing the layer there.
    fn upload(&self, gl: &glow::Context, mesh: &Mesh) {
        // SAFETY: the buffers belong to this context; the slices are plain bytes.
        unsafe {
            gl.bind_vertex_array(Some(self.vertex_array));
            gl.bind_buffer(glow::ARRAY_BUFFER, Some(self.vertices));
            gl.buffer_data_u8_slice(
                glow::ARRAY_BUFFER,
                bytemuck::cast_slice(&mesh.vertices),
                glow::STATIC_DRAW,
            );
            gl.bind_buffer(glow::ELEMENT_ARRAY_BUFFER, Some(self.indices));
            gl.buffer_data_u8_slice(
                glow::ELEMENT_ARRAY_BUFFER,
                bytemuck::cast_slice(&mesh.indices),
                glow::STATIC_DRAW,
            );
            gl.bind_vertex_array(None);
        }
    }

    /// Draws the `count` indices uploaded, placed. egui's renderer has set the scissor to the
    /// map's clip rectangle and the blending to its premultiplied alpha; it restores its own
    /// program, vertex array and viewport after the callback.
    fn draw(
        &self,
        gl: &glow::Context,
        count: i32,
        placement: Placement,
        info: &egui::PaintCallbackInfo,
    ) {
        let [w, h] = info.screen_size_px;
        #[expect(clippy::cast_precision_loss, reason = "a screen's size in pixels")]
        let points = [
            w as f32 / info.pixels_per_point,
            h as f32 / info.pixels_per_point,
        ];
        // SAFETY: the program, vertex array and buffers belong to this context, and the
        // indices uploaded (`count` of them) were checked to lie within the vertices.
        unsafe {
            gl.viewport(
                0,
                0,
                i32::try_from(w).unwrap_or(i32::MAX),
                i32::try_from(h).unwrap_or(i32::MAX),
            );
            gl.use_program(Some(self.program));
            gl.uniform_2_f32(Some(&self.screen_size), points[0], points[1]);
            gl.uniform_3_f32(
                Some(&self.place),
                placement.scale,
                placement.translation.x,
                placement.translation.y,
            );
            gl.bind_vertex_array(Some(self.vertex_array));
            gl.draw_elements(glow::TRIANGLES, count, glow::UNSIGNED_INT, 0);
            gl.bind_vertex_array(None);
        }
    }
}

/// Compiles and links the layer's program for the context's shader version.
fn link(gl: &glow::Context, version: egui_glow::ShaderVersion) -> Result<glow::Program, String> {
    let header = format!(
        "{}\n#define NEW_SHADER_INTERFACE {}\n",
        version.version_declaration(),
        i32::from(version.is_new_shader_interface())
    );
    // SAFETY: every object is made with this context and deleted on every path out, but the
    // program returned.
    unsafe {
        let program = gl.create_program()?;
        let mut shaders = Vec::new();
        for (kind, source) in [
            (glow::VERTEX_SHADER, VERTEX_SHADER),
            (glow::FRAGMENT_SHADER, FRAGMENT_SHADER),
        ] {
            let shader = gl.create_shader(kind)?;
            gl.shader_source(shader, &format!("{header}{source}"));
            gl.compile_shader(shader);
            shaders.push(shader);
            if !gl.get_shader_compile_status(shader) {
                let log = gl.get_shader_info_log(shader);
                for shader in shaders {
                    gl.delete_shader(shader);
                }
                gl.delete_program(program);
                return Err(format!("the driver does not compile the shader: {log}"));
            }
            gl.attach_shader(program, shader);
        }
        gl.link_program(program);
        let linked = gl.get_program_link_status(program);
        for shader in shaders {
            gl.detach_shader(program, shader);
            gl.delete_shader(shader);
        }
        if linked {
            Ok(program)
        } else {
            let log = gl.get_program_info_log(program);
            gl.delete_program(program);
            Err(format!("the driver does not link the program: {log}"))
        }
    }
}
