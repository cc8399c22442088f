//! The shaders, and compiling and linking them for the context's version of GLSL.
#![expect(
    unsafe_code,
    reason = "compiling shaders is a series of unsafe OpenGL calls through glow"
)]

use eframe::egui_glow;
use eframe::glow::{self, HasContext};

pub(super) const VERTEX_SHADER: &str = r"
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
pub(super) const FRAGMENT_SHADER: &str = r"
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

/// Compiles and links a program for the context's shader version.
pub(super) fn link(
    gl: &glow::Context,
    version: egui_glow::ShaderVersion,
    sources: [&str; 2],
) -> Result<glow::Program, String> {
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
        for (kind, source) in [glow::VERTEX_SHADER, glow::FRAGMENT_SHADER]
            .into_iter()
            .zip(sources)
        {
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

/// A uniform's location, or an error naming it.
pub(super) fn uniform(
    gl: &glow::Context,
    program: glow::Program,
    name: &str,
) -> Result<glow::UniformLocation, String> {
    // SAFETY: `program` was linked with this context.
    unsafe { gl.get_uniform_location(program, name) }
        .ok_or_else(|| format!("the shader has no {name}"))
}

/// An attribute's location, or an error naming it.
pub(super) fn attribute(
    gl: &glow::Context,
    program: glow::Program,
    name: &str,
) -> Result<u32, String> {
    // SAFETY: `program` was linked with this context.
    unsafe { gl.get_attrib_location(program, name) }
        .ok_or_else(|| format!("the shader has no {name}"))
}
