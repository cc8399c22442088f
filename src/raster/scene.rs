//! Paints a scene onto a tiny-skia pixmap (exports, and tests without a window). The scene says
//! everything about how each item looks; this only draws it.

use tiny_skia::{Pixmap, Transform};

use super::{TextStyle, circle, polygon, polyline, text};
use crate::scene::{Item, Scene};

/// Paints every item of `scene`, bottom first.
pub(crate) fn paint_scene(pixmap: &mut Pixmap, scene: &Scene) {
    for item in &scene.items {
        match item {
            Item::Line {
                points,
                color,
                width,
                dash,
            } => {
                polyline(pixmap, points, *color, *width, *dash, Transform::identity());
            }
            Item::Arrow { corners, color } => polygon(pixmap, corners, *color),
            Item::Marker {
                at,
                radius,
                fill,
                outline,
            } => circle(pixmap, *at, *radius, *fill, Some(*outline)),
            Item::Label {
                at,
                text: t,
                anchor,
                size,
                color,
                face,
                halo,
            } => {
                text(
                    pixmap,
                    t,
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
    }
}
