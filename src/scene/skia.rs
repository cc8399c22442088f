//! Paints a [`Scene`] onto a tiny-skia pixmap (exports, and tests without a window).

use tiny_skia::{Pixmap, Transform};

use super::build::{Item, LABEL_COLOR, Scene};
use super::style::HALO;
use crate::raster::{Face, TextStyle, circle, polygon, polyline, text};

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
            Item::Cross { at, size, color } => {
                for (dx, dy) in [(1.0, 1.0), (1.0, -1.0)] {
                    let a = [at[0] - dx * size, at[1] - dy * size];
                    let b = [at[0] + dx * size, at[1] + dy * size];
                    polyline(
                        pixmap,
                        &[a, b],
                        HALO,
                        size * 0.7,
                        None,
                        Transform::identity(),
                    );
                    polyline(
                        pixmap,
                        &[a, b],
                        *color,
                        size * 0.35,
                        None,
                        Transform::identity(),
                    );
                }
            }
            Item::Label {
                at,
                text: t,
                anchor,
                size,
            } => {
                text(
                    pixmap,
                    t,
                    *at,
                    *anchor,
                    TextStyle {
                        size: *size,
                        color: LABEL_COLOR,
                        face: Face::Bold,
                        halo: Some((HALO, size * 0.3)),
                    },
                );
            }
        }
    }
}
