//! Drawing without a window: text and shapes on tiny-skia pixmaps, for tiles and exports.

mod coverage;
mod font;
mod mask;
// The icon is drawn by its test, which checks `assets/icons/`; the binary embeds the PNGs.
#[cfg(test)]
mod icon;
mod paint;
mod png_file;
mod sprites;

mod scene;

pub(crate) use coverage::stroke_covered;
pub use paint::TextStyle;
pub(crate) use paint::ToPaint;
pub(crate) use paint::circle;
pub use paint::{rect, text};
pub use png_file::encode_png;
pub(crate) use png_file::{
    PngPixels, encode_opaque_bands, encode_png_into, opaque_rgb, save_png, straight_rgba,
};
pub(crate) use scene::{paint_scene, paint_shapes};
pub(crate) use sprites::cached_text;
