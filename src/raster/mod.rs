//! Drawing without a window: text and shapes on tiny-skia pixmaps, for tiles and exports.

mod font;
mod icon;
mod paint;
mod png_file;
mod sprites;

pub use font::{BOLD_TTF, Face, REGULAR_TTF, cap_height, ellipsize, measure, text_path};
pub use icon::{draw_icon, straight_rgba};
pub use paint::{Anchor, Rgba, TextStyle, circle, polygon, polyline, rect, text};
pub use png_file::{PngError, encode_png, encode_png_into, save_png};
pub use sprites::cached_text;
