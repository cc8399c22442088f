//! The corridors on the map: a walkers plugin that paints the scene with egui and picks the
//! route under the pointer.
//!
//! The routes are drawn in two parts. The base layer (every shown route, plain) is built and
//! tessellated once into a mesh for a view a margin larger than the screen, and reused while
//! the map only pans within that margin: panning a 10,000-route map copies a mesh instead of
//! rebuilding it. The selected and hovered routes are drawn live on top, with their halos.

use std::sync::Arc;

use egui::{Color32, FontId, Pos2, Response, Shape, Stroke, Ui, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector};

use crate::ink::{Anchor, Rgba};
use crate::projection::{LonLat, Viewport, box_within, boxes_overlap};
use crate::scene::{Item, PICK_RADIUS, Scene, SceneInput, build_scene};
use crate::typeface::Face;

use super::base_layer::{BaseCache, BaseLayer, Placement, SceneKey};
use super::fonts::bold;

/// Where a click on the map landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MapClick {
    /// On or near this route.
    Route(usize),
    /// Away from every route.
    Nothing,
}

/// What the plugin saw this frame, for the app to act on.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct MapEvents {
    /// A click on the map, if there was one.
    pub clicked: Option<MapClick>,
    /// The route under the pointer.
    pub hovered: Option<usize>,
    /// The pointer's longitude and latitude.
    pub cursor: Option<(f64, f64)>,
    /// Where the map is on screen.
    pub rect: Option<egui::Rect>,
    /// The map's zoom.
    pub zoom: f64,
    /// The view drawn: where each map point landed on screen.
    pub view: Option<Viewport>,
}

/// The plugin: paints `input`'s scene and reports into `events`.
pub(crate) struct CorridorLayer<'a> {
    /// The base layer, reused between frames.
    pub cache: &'a mut BaseCache,
    /// The dataset and its index, for a base layer built on a thread.
    pub shared: (Arc<crate::Dataset>, Arc<crate::scene::RouteIndex>),
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

/// The egui shapes of a scene's lines, arrows, markers and crosses (not its labels).
pub(super) fn geometry(scene: &Scene) -> Vec<Shape> {
    let mut shapes = Vec::with_capacity(scene.items.len());
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
                    Some([on, off]) => shapes.extend(Shape::dashed_line(&pts, stroke, *on, *off)),
                    None => shapes.push(Shape::line(pts, stroke)),
                }
            }
            Item::Arrow { corners, color: c } => {
                shapes.push(Shape::convex_polygon(
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
                shapes.push(Shape::circle_filled(p(*at), *radius, color(*fill)));
                shapes.push(Shape::circle_stroke(
                    p(*at),
                    *radius,
                    Stroke::new(outline.1, color(outline.0)),
                ));
            }
            Item::Label { .. } => {}
        }
    }
    shapes
}

/// Paints each label at `place(at)`.
fn paint_labels<'a>(
    painter: &egui::Painter,
    labels: impl Iterator<Item = &'a Item>,
    place: impl Fn([f32; 2]) -> Pos2,
) {
    for item in labels {
        let Item::Label {
            at,
            text,
            anchor,
            size,
            color: ink,
            face,
            halo,
        } = item
        else {
            continue;
        };
        let align = match anchor {
            Anchor::Left => egui::Align2::LEFT_CENTER,
            Anchor::Right => egui::Align2::RIGHT_CENTER,
            Anchor::Center => egui::Align2::CENTER_CENTER,
        };
        let family = match face {
            Face::Bold => bold(),
            Face::Regular => egui::FontFamily::Proportional,
        };
        let font = FontId::new(*size, family);
        // egui draws no outline around text: the halo is eight copies around the letters.
        let (halo, spread) = (color(halo.0), (halo.1 / 2.0).min(1.5));
        let at = place(*at);
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
                at + vec2(dx * spread, dy * spread),
                align,
                text,
                font.clone(),
                halo,
            );
        }
        painter.text(at, align, text, font, color(*ink));
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
        let view = Viewport::centred_in(
            LonLat::new(centre.x(), centre.y()).to_unit(),
            projector.zoom(),
            [rect.min.x, rect.min.y, rect.max.x, rect.max.y],
            1.0,
        );
        let CorridorLayer {
            cache,
            shared,
            filters,
            input,
            events,
            tooltip,
        } = *self;
        let key = SceneKey {
            scale: view.scale,
            size: view.size(),
            at: input.at,
            lang: input.lang,
            filters,
        };
        let ctx = ui.ctx().clone();
        let visible = || {
            input
                .dataset
                .corridors
                .iter()
                .enumerate()
                .map(|(i, c)| (input.visible)(i, c))
                .collect()
        };
        let gpu = cache.gpu().cloned();
        let Some((base, placement)) = cache.refresh(&ctx, &view, &key, &shared, visible) else {
            return;
        };
        let painter = ui.painter().with_clip_rect(rect);
        super::base_layer::paint(&painter, base, placement, gpu.as_ref());
        paint_overlay(&painter, base, placement, &input, &view);
        let pick = |pos: egui::Pos2| {
            input.index.pick(&view, [pos.x, pos.y], PICK_RADIUS, |i| {
                base.routes.contains(&i)
            })
        };
        report(events, tooltip, &pick, response, projector, &view);
    }
}

/// Reports the view, the pointer and clicks (`pick` finds the route under a point among those
/// drawn, through the spatial index), and shows the tooltip of the route under the pointer.
fn report(
    events: &mut MapEvents,
    tooltip: &dyn Fn(&mut Ui, usize),
    pick: &dyn Fn(egui::Pos2) -> Option<usize>,
    response: &Response,
    projector: &Projector,
    view: &Viewport,
) {
    events.rect = Some(response.rect);
    events.zoom = projector.zoom();
    events.view = Some(*view);
    if let Some(pos) = response.hover_pos() {
        let at = projector.unproject(pos.to_vec2());
        events.cursor = Some((at.x(), at.y()));
        events.hovered = pick(pos);
    }
    if response.clicked()
        && let Some(pos) = response.interact_pointer_pos()
    {
        events.clicked = Some(pick(pos).map_or(MapClick::Nothing, MapClick::Route));
    }
    if let Some(index) = events.hovered {
        egui::Tooltip::for_widget(response)
            .at_pointer()
            .show(|ui| tooltip(ui, index));
    }
}

/// The emphasised (selected, hovered) routes, live, on top, then every name.
fn paint_overlay(
    painter: &egui::Painter,
    base: &BaseLayer,
    placement: Placement,
    input: &SceneInput<'_>,
    view: &Viewport,
) {
    // Only the selected and hovered routes, in the lanes they have among all the routes shown.
    let overlay = build_scene(
        &SceneInput {
            emphasised_only: true,
            ..*input
        },
        view,
    );
    painter.extend(geometry(&overlay));
    // The base layer was placed for a view larger than the map, so that panning reuses it: its
    // names that would cross the map's edge are left out here (never cut in half), and so are
    // those under a name of the selected or hovered route, which come first. While a zoom
    // gesture shows a layer built at another zoom, its names move apart or together with it:
    // any that would then overlap one placed before it (names come most important first) is
    // left out until the layer for this zoom arrives.
    let mut kept: Vec<[f32; 4]> = Vec::new();
    let inside: Vec<(&Item, Pos2)> = base
        .labels
        .iter()
        .filter_map(|item| {
            let Item::Label { at, .. } = item else {
                return None;
            };
            let to = placement.apply(*at);
            let b = item.label_box([to.x - at[0], to.y - at[1]])?;
            let clear = box_within(&b, &view.rect)
                && !overlay.label_boxes.iter().any(|o| boxes_overlap(o, &b))
                && !kept.iter().any(|k| boxes_overlap(k, &b));
            clear.then(|| {
                kept.push(b);
                (item, to)
            })
        })
        .collect();
    for (item, to) in &inside {
        paint_labels(painter, std::iter::once(*item), |_| *to);
    }
    // The base layer already names every shown route's places; the overlay adds only the
    // names it lacks, so a place named by both (say as one route's end and as the selected
    // route's waypoint, in two sizes) is printed once.
    let named_in_base = |text: &str, at: [f32; 2]| {
        inside.iter().any(|(item, to)| {
            matches!(item, Item::Label { text: t, .. }
                if t == text && (to.x - at[0]).abs() < 24.0 && (to.y - at[1]).abs() < 24.0)
        })
    };
    paint_labels(
        painter,
        overlay.items.iter().filter(|item| match item {
            Item::Label { text, at, .. } => !named_in_base(text, *at),
            _ => true,
        }),
        p,
    );
}
