//! Paints a scene onto any canvas (exports, and tests without a window): the routes, then their
//! names above every route. The scene says everything about how each item looks; this only
//! draws it.

use crate::canvas::{Canvas, Pen, polygon, polyline};
use crate::raster::TextStyle;
use crate::scene::{Item, Scene};

/// Paints the lines, arrows and markers of `items`, bottom first (not their labels).
pub(crate) fn paint_shapes(canvas: &mut dyn Canvas, items: &[Item]) {
    for item in items {
        match item {
            Item::Line {
                points,
                color,
                width,
                dash,
            } => polyline(canvas, points, &Pen::line(*color, *width, *dash)),
            Item::Arrow { corners, color } => polygon(canvas, corners, *color),
            Item::Marker {
                at,
                radius,
                fill,
                outline,
            } => canvas.circle(*at, *radius, *fill, Some(*outline)),
            Item::Label { .. } => {}
        }
    }
}

/// Paints every item of `scene`, bottom first: shapes in the layer "routes", names in
/// "route labels".
pub(crate) fn paint_scene(canvas: &mut dyn Canvas, scene: &Scene) {
    canvas.begin_layer("routes");
    paint_shapes(canvas, &scene.items);
    canvas.end_layer();
    canvas.begin_layer("route labels");
    for item in &scene.items {
        if let Item::Label {
            at,
            text,
            anchor,
            size,
            color,
            face,
            halo,
        } = item
        {
            canvas.text(
                text,
                *at,
                *anchor,
                TextStyle {
                    size: *size,
                    color: *color,
                    face: *face,
                    halo: Some(*halo),
                },
            );
        }
    }
    canvas.end_layer();
}
