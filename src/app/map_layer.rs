//! The corridors on the map: a walkers plugin that paints the scene with egui and picks the
//! route under the pointer.

use egui::{Color32, FontId, Pos2, Response, Shape, Stroke, Ui, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector};

use crate::basemap::to_unit;
use crate::raster::{Anchor, Rgba};
use crate::scene::{
    HALO, Item, LABEL_COLOR, PICK_RADIUS, Scene, SceneInput, ScreenView, build_scene,
};

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

/// What a scene depends on besides the dataset: rebuilt when any of it changes.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneKey {
    view: [f64; 4],
    rect: [f32; 4],
    at: crate::Time,
    selected: Option<usize>,
    hovered: Option<usize>,
    lang: crate::Lang,
    filters: u64,
}

impl SceneKey {
    fn new(view: &ScreenView, input: &SceneInput<'_>, filters: u64) -> Self {
        Self {
            view: [
                view.center[0],
                view.center[1],
                view.zoom,
                f64::from(view.scale),
            ],
            rect: view.rect,
            at: input.at,
            selected: input.selected,
            hovered: input.hovered,
            lang: input.lang,
            filters,
        }
    }
}

/// The plugin: paints `input`'s scene and reports into `events`.
pub struct CorridorLayer<'a> {
    /// The last scene and what it was built for.
    pub cache: &'a mut Option<(SceneKey, Scene)>,
    /// A fingerprint of the filters and the dataset (part of the cache key).
    pub filters: u64,
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
        let centre = projector.unproject(rect.center().to_vec2());
        let view = ScreenView {
            center: to_unit(centre.x(), centre.y()),
            zoom: projector.zoom(),
            rect: [rect.min.x, rect.min.y, rect.max.x, rect.max.y],
            scale: 1.0,
        };
        // The scene is rebuilt only when what it shows changes; panning frames reuse nothing,
        // but hovering and idle repaints do.
        let key = SceneKey::new(&view, &self.input, self.filters);
        let fresh = !matches!(&self.cache, Some((k, _)) if *k == key);
        if fresh {
            *self.cache = Some((key, build_scene(&self.input, &view)));
        }
        let Some((_, scene)) = self.cache.as_ref() else {
            return;
        };
        paint(ui.painter(), scene);
        // Pick among the routes drawn, through the spatial index.
        let drawn: std::collections::HashSet<usize> =
            scene.routes.iter().map(|(i, _)| *i).collect();
        let pick = |pos: egui::Pos2| {
            self.input
                .index
                .pick(&view, [pos.x, pos.y], PICK_RADIUS, |i| drawn.contains(&i))
        };
        self.events.rect = Some(rect);
        self.events.zoom = projector.zoom();
        if let Some(pos) = response.hover_pos() {
            let at = projector.unproject(pos.to_vec2());
            self.events.cursor = Some((at.x(), at.y()));
            self.events.hovered = pick(pos);
        }
        if response.clicked()
            && let Some(pos) = response.interact_pointer_pos()
        {
            self.events.clicked = Some(pick(pos));
        }
        if let Some(index) = self.events.hovered {
            egui::Tooltip::for_widget(response)
                .at_pointer()
                .show(|ui| (self.tooltip)(ui, index));
        }
    }
}
