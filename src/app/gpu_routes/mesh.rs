//! The layer's mesh on the card: its program, vertex array and buffers, sent once per layer and
//! drawn placed.
#![expect(
    unsafe_code,
    reason = "the mesh is sent and drawn through glow's unsafe OpenGL calls"
)]

use eframe::egui_glow;
use eframe::glow::{self, HasContext};
use egui::epaint::Vertex;

use super::program::{FRAGMENT_SHADER, VERTEX_SHADER, attribute, link, uniform};
use super::{GpuRoutes, LayerDraw, Uploaded};
use crate::app::base_layer::Placement;

/// The program, vertex array and buffers, made on the first draw.
pub(super) struct Objects {
    program: glow::Program,
    vertex_array: glow::VertexArray,
    vertices: glow::Buffer,
    indices: glow::Buffer,
    screen_size: glow::UniformLocation,
    place: glow::UniformLocation,
}

impl Objects {
    pub(super) fn new(gl: &glow::Context) -> Result<Self, String> {
        let version = egui_glow::ShaderVersion::get(gl);
        let program = link(gl, version, [VERTEX_SHADER, FRAGMENT_SHADER])?;
        let made = (|| {
            let screen_size = uniform(gl, program, "u_screen_size")?;
            let place = uniform(gl, program, "u_place")?;
            let a_pos = attribute(gl, program, "a_pos")?;
            let a_srgba = attribute(gl, program, "a_srgba")?;
            let stride = i32::try_from(size_of::<Vertex>()).map_err(|e| e.to_string())?;
            let colour =
                i32::try_from(std::mem::offset_of!(Vertex, color)).map_err(|e| e.to_string())?;
            // SAFETY: the vertex array and buffers are made and described with this context;
            // the attribute layout matches egui's `Vertex` (`repr(C)`: position, uv, colour),
            // of which only position and colour are read.
            unsafe {
                let vertex_array = gl.create_vertex_array()?;
                let vertices = gl.create_buffer()?;
                let indices = gl.create_buffer()?;
                gl.bind_vertex_array(Some(vertex_array));
                gl.bind_buffer(glow::ARRAY_BUFFER, Some(vertices));
                gl.bind_buffer(glow::ELEMENT_ARRAY_BUFFER, Some(indices));
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
            }
        })();
        if made.is_err() {
            // SAFETY: the program was made with this context and is used by nothing else.
            unsafe { gl.delete_program(program) };
        }
        made
    }

    /// Sends `layer` to the card, replacing the layer there.
    pub(super) fn upload(&self, gl: &glow::Context, layer: &LayerDraw) -> Result<Uploaded, String> {
        let mesh = &layer.mesh;
        // Checked when the layer was built; checked again here, since an index past the
        // vertices would have the driver read outside the buffer.
        if !GpuRoutes::can_draw(mesh) {
            return Err("the layer's mesh has textures or indices past its end".into());
        }
        let count = i32::try_from(mesh.indices.len()).map_err(|e| e.to_string())?;
        // SAFETY: the buffers belong to this context; the slices are plain bytes.
        unsafe {
            gl.bind_vertex_array(Some(self.vertex_array));
            gl.bind_buffer(glow::ARRAY_BUFFER, Some(self.vertices));
            let vertices: &[u8] = bytemuck::cast_slice(&mesh.vertices);
            gl.buffer_data_u8_slice(glow::ARRAY_BUFFER, vertices, glow::STATIC_DRAW);
            gl.bind_buffer(glow::ELEMENT_ARRAY_BUFFER, Some(self.indices));
            let indices: &[u8] = bytemuck::cast_slice(&mesh.indices);
            gl.buffer_data_u8_slice(glow::ELEMENT_ARRAY_BUFFER, indices, glow::STATIC_DRAW);
            gl.bind_vertex_array(None);
        }
        log::debug!(
            "route layer {} sent to the graphics card: {} vertices, {count} indices",
            layer.generation,
            mesh.vertices.len(),
        );
        Ok(Uploaded {
            generation: layer.generation,
            count,
        })
    }

    /// Draws the `count` indices uploaded, placed, over the whole screen. egui's renderer has
    /// set the scissor to the map's clip rectangle and the blending to its premultiplied
    /// alpha; it restores its own program, vertex array and viewport after the callback.
    pub(super) fn draw(
        &self,
        gl: &glow::Context,
        count: i32,
        placement: Placement,
        screen: &egui::PaintCallbackInfo,
    ) {
        let [w, h] = screen.screen_size_px;
        // The mesh is in points, as egui's own shader takes it.
        #[expect(clippy::cast_precision_loss, reason = "a screen's size in pixels")]
        let points = [
            w as f32 / screen.pixels_per_point,
            h as f32 / screen.pixels_per_point,
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

    /// Frees everything (with the context they were made with).
    pub(super) fn destroy(self, gl: &glow::Context) {
        // SAFETY: the objects were made with this context, and nothing draws with them after.
        unsafe {
            gl.delete_program(self.program);
            gl.delete_vertex_array(self.vertex_array);
            gl.delete_buffer(self.vertices);
            gl.delete_buffer(self.indices);
        }
    }
}
