//! One drawing surface for every output: a tiny-skia pixmap (tiles and PNG exports), an SVG
//! document and a PDF page. The basemap, the scene and the export's panels draw through
//! [`Canvas`], so a vector export is the very map the PNG shows, not a second renderer.

mod near;
mod pdf;
mod raster;
mod svg;

pub use pdf::{PdfCanvas, PdfError};
pub use raster::Band;
pub use svg::SvgCanvas;
pub(crate) use svg::escape;

use tiny_skia::Pixmap;

use crate::ink::{Anchor, Rgba};
use crate::raster::TextStyle;

/// How the ends of an open stroke look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cap {
    /// Cut square at the end point.
    Butt,
    /// A half disc beyond the end point.
    Round,
}

/// How a stroke turns a corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Join {
    /// A sharp corner, cut when longer than `limit` times the width.
    Miter(f32),
    /// A rounded corner.
    Round,
    /// A corner cut flat.
    Bevel,
}

/// A stroke: colour, width in px, ends, corners and an optional dash (on, off in px).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pen {
    /// Colour.
    pub color: Rgba,
    /// Width in px.
    pub width: f32,
    /// Ends of open runs.
    pub cap: Cap,
    /// Corners.
    pub join: Join,
    /// Dash pattern, on then off, in px.
    pub dash: Option<[f32; 2]>,
}

impl Pen {
    /// A solid pen with butt ends and mitred corners (limit 4, as tiny-skia's default).
    #[must_use]
    pub fn new(color: Rgba, width: f32) -> Self {
        Self {
            color,
            width,
            cap: Cap::Butt,
            join: Join::Miter(4.0),
            dash: None,
        }
    }
}

impl Pen {
    /// A route or legend line as the scene draws it: round ends and corners, butt ends when
    /// dashed (so the dashes keep their length).
    #[must_use]
    pub fn line(color: Rgba, width: f32, dash: Option<[f32; 2]>) -> Self {
        Self {
            color,
            width,
            cap: if dash.is_some() {
                Cap::Butt
            } else {
                Cap::Round
            },
            join: Join::Round,
            dash,
        }
    }
}

/// A fill: colour, and whether overlapping rings cancel out (even-odd) or add up (non-zero).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Brush {
    /// Colour.
    pub color: Rgba,
    /// Even-odd rule (holes in polygons) rather than non-zero.
    pub even_odd: bool,
}

/// Somewhere to draw a map: px coordinates, origin top left, y down.
pub trait Canvas {
    /// Width and height in px.
    fn size(&self) -> [f32; 2];

    /// Starts a named layer (an SVG group an editor can hide or restyle); layers nest, and each
    /// ends with [`Canvas::end_layer`]. A pixmap ignores them.
    fn begin_layer(&mut self, name: &str);

    /// Ends the innermost layer.
    fn end_layer(&mut self);

    /// Starts a named layer drawn shifted by `offset` and clipped to `clip` (in the layer's own
    /// px), for an inset such as the locator.
    fn begin_inset(&mut self, name: &str, offset: [f32; 2], clip: [f32; 4]);

    /// Fills and/or strokes `runs`: each a list of points, closed into a ring when `closed`.
    fn path(
        &mut self,
        runs: &[Vec<[f32; 2]>],
        closed: bool,
        fill: Option<Brush>,
        pen: Option<&Pen>,
    );

    /// A disc, with an optional outline (colour, width).
    fn circle(&mut self, at: [f32; 2], radius: f32, fill: Rgba, outline: Option<(Rgba, f32)>);

    /// An axis-aligned rectangle `[x, y, w, h]`, filled.
    fn rect(&mut self, rect: [f32; 4], fill: Rgba);

    /// Text at `at` (its anchor point, vertically centred on the capitals). Its width is
    /// [`crate::typeface::measure`]'s: a band of a pixmap leaves out text outside its rows
    /// without setting its glyphs.
    fn text(&mut self, text: &str, at: [f32; 2], anchor: Anchor, style: TextStyle);

    /// A basemap town name: as [`Canvas::text`]; a pixmap copies it from a cache of drawn
    /// names, as tiles show the same names again and again.
    fn town_name(&mut self, text: &str, at: [f32; 2], anchor: Anchor, style: TextStyle) {
        self.text(text, at, anchor, style);
    }

    /// A raster image (online tiles) filling `rect` `[x, y, w, h]`.
    fn image(&mut self, image: &Pixmap, rect: [f32; 4]);

    /// Whether this canvas is made of pixels, so that [`Canvas::pixels`] copies an image
    /// drawn beforehand (a cached inset) instead of drawing it again; `false` for vector
    /// canvases.
    fn takes_pixels(&self) -> bool {
        false
    }

    /// Copies `image` pixel for pixel with its top left corner at `at` (px), source over.
    /// Only a canvas that [`Canvas::takes_pixels`] does anything.
    fn pixels(&mut self, _image: &Pixmap, _at: [i32; 2]) {}
}

/// An open polyline through `points` with `pen`: the one-run case of [`Canvas::path`].
pub fn polyline(canvas: &mut dyn Canvas, points: &[[f32; 2]], pen: &Pen) {
    if points.len() >= 2 {
        canvas.path(&[points.to_vec()], false, None, Some(pen));
    }
}

/// A filled polygon through `points` (non-zero rule).
pub fn polygon(canvas: &mut dyn Canvas, points: &[[f32; 2]], color: Rgba) {
    if points.len() >= 3 {
        let brush = Brush {
            color,
            even_odd: false,
        };
        canvas.path(&[points.to_vec()], true, Some(brush), None);
    }
}
