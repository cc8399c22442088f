//! The corridors on the map: a walkers plugin that paints the scene with egui and picks the
//! route under the pointer.

use egui::{Color32, FontId, Pos2, Response, Shape, Stroke, Ui, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector, lon_lat};

use crate::raster::{Anchor, Rgba};
use crate::scene::{HALO, Item, LABEL_COLOR, PICK_RADIUS, Scene, SceneInput, build_scene, nearest};

use super::fonts::bold;

/// What the plugin saw this frame, for the app to act on.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MapEvents {
    /// A click on the map: `Some(route)` on or near a route, `Some(None)` elsewhere.
    pub clicked: Option<Option<usize>>,
    /// The route under the pointer.
    pub hovered: Option<usize>,
    /// The pointer's longitude and latitude.
    pub cursor: Option<(f64, f64)>,
    /// Where the map is on screen.
    pub rect: Option<egui::Rect>,
    /// The map's zoom.
    pub zoom: f64,
}

/// The plugin: paints `input`'s scene and reports into `events`.
pub struct CorridorLayer<'a> {
    /// What to draw.
    pub input: SceneInput<'a>,
    /// What happened.
    pub events: &'a mut MapEvents,
    /// Draws the tooltip of a route.
    pub tooltip: &'a dyn Fn(&mut Ui, usize),
}

pub(crate) fn color(c: Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied(c.0, c.1, c.2, c.3)
}

fn p(a: [f32; 2]) -> Pos2 {
    pos2(a[0], a[1])
}

/// Paints the scene with egui shapes.
pub fn paint(painter: &egui::Painter, scene: &Scene) {
    for item in &scene.items {
        match item {
            Item::Line {
                points,
                color: c,
                width,
                dash,
            } => {
                let pts: Vec<Pos2> = points.iter().copied().map(p).collect();
                let stroke = Stroke::new(*width, color(*c));
                match dash {
                    Some([on, off]) => {
                        painter.extend(Shape::dashed_line(&pts, stroke, *on, *off));
                    }
                    None => {
                        painter.add(Shape::line(pts, stroke));
                    }
                }
            }
            Item::Arrow { corners, color: c } => {
                painter.add(Shape::convex_polygon(
                    corners.iter().copied().map(p).collect(),
                    color(*c),
                    Stroke::NONE,
                ));
            }
            Item::Marker {
                at,
                radius,
                fill,
                outline,
            } => {
                painter.circle(
                    p(*at),
                    *radius,
                    color(*fill),
                    Stroke::new(outline.1, color(outline.0)),
                );
            }
            Item::Cross { at, size, color: c } => {
                for (dx, dy) in [(1.0, 1.0), (1.0, -1.0)] {
                    let a = pos2(at[0] - dx * size, at[1] - dy * size);
                    let b = pos2(at[0] + dx * size, at[1] + dy * size);
                    painter.line_segment([a, b], Stroke::new(size * 0.7, color(HALO)));
                    painter.line_segment([a, b], Stroke::new(size * 0.35, color(*c)));
                }
            }
            Item::Label {
                at,
                text,
                anchor,
                size,
            } => {
                let align = match anchor {
                    Anchor::Left => egui::Align2::LEFT_CENTER,
                    Anchor::Right => egui::Align2::RIGHT_CENTER,
                    Anchor::Center => egui::Align2::CENTER_CENTER,
                };
                let font = FontId::new(*size, bold());
                let halo = color(HALO);
                for (dx, dy) in [
                    (-1.0, 0.0),
                    (1.0, 0.0),
                    (0.0, -1.0),
                    (0.0, 1.0),
                    (-1.0, -1.0),
                    (1.0, 1.0),
                    (-1.0, 1.0),
                    (1.0, -1.0),
                ] {
                    painter.text(
                        p(*at) + vec2(dx * 1.5, dy * 1.5),
                        align,
                        text,
                        font.clone(),
                        halo,
                    );
                }
                painter.text(p(*at), align, text, font, color(LABEL_COLOR));
            }
        }
    }
}

impl Plugin for CorridorLayer<'_> {
    fn run(
        self: Box<Self>,
        ui: &mut Ui,
        response: &Response,
        projector: &Projector,
        _memory: &MapMemory,
    ) {
        let rect = response.rect;
        let project = |lon: f64, lat: f64| {
            let v = projector.project(lon_lat(lon, lat));
            [v.x, v.y]
        };
        let scene = build_scene(
            &self.input,
            &project,
            [rect.min.x, rect.min.y, rect.max.x, rect.max.y],
        );
        paint(ui.painter(), &scene);
        let lines = || scene.routes.iter().map(|(i, l)| (*i, l.as_slice()));
        self.events.rect = Some(rect);
        self.events.zoom = projector.zoom();
        if let Some(pos) = response.hover_pos() {
            let at = projector.unproject(pos.to_vec2());
            self.events.cursor = Some((at.x(), at.y()));
            self.events.hovered = nearest([pos.x, pos.y], PICK_RADIUS, lines());
        }
        if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            self.events.clicked = Some(nearest([pos.x, pos.y], PICK_RADIUS, lines()));
        }
        if let Some(index) = self.events.hovered {
            egui::Tooltip::for_widget(response)
                .at_pointer()
                .show(|ui| (self.tooltip)(ui, index));
        }
    }
}
