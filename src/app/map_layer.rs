//! The corridors on the map: a walkers plugin that paints the scene with egui and picks the
//! route under the pointer.
//!
//! The routes are drawn in two parts. The base layer (every shown route, plain) is built and
//! tessellated once into a mesh for a view a margin larger than the screen, and reused while
//! the map only pans within that margin: panning a 10,000-route map copies a mesh instead of
//! rebuilding it. The selected and hovered routes are drawn live on top, with their halos.

use std::sync::Arc;

use egui::epaint::{Mesh, TessellationOptions, Tessellator};
use egui::{Color32, FontId, Pos2, Response, Shape, Stroke, Ui, pos2, vec2};
use walkers::{MapMemory, Plugin, Projector};

use crate::ink::{Anchor, Rgba};
use crate::projection::{LonLat, UnitPoint, Viewport, box_within, boxes_overlap};
use crate::scene::{Item, PICK_RADIUS, Scene, SceneInput, build_scene};
use crate::typeface::Face;

use super::fonts::bold;

/// How far (px) the base layer reaches beyond the screen, so panning can reuse it.
const MARGIN: f32 = 400.0;

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

/// What the base layer depends on besides where the map is centred.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SceneKey {
    zoom: f64,
    scale: f32,
    size: [f32; 2],
    at: crate::Time,
    lang: crate::Lang,
    filters: u64,
}

/// The base layer as last built.
pub(crate) struct BaseLayer {
    key: SceneKey,
    /// Centre it was built for.
    center: UnitPoint,
    /// Lines, arrows and markers, tessellated.
    mesh: Arc<Mesh>,
    /// Place names (text is laid out live).
    labels: Vec<Item>,
    /// The routes in it, for picking.
    routes: Vec<usize>,
}

/// The plugin: paints `input`'s scene and reports into `events`.
pub(crate) struct CorridorLayer<'a> {
    /// The base layer, reused between frames.
    pub cache: &'a mut Option<BaseLayer>,
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
fn geometry(scene: &Scene) -> Vec<Shape> {
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

fn paint_labels<'a>(
    painter: &egui::Painter,
    labels: impl Iterator<Item = &'a Item>,
    shift: egui::Vec2,
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
        let at = p(*at) + shift;
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

fn tessellate(ctx: &egui::Context, shapes: Vec<Shape>) -> Mesh {
    #[expect(
        clippy::redundant_closure_for_method_calls,
        reason = "the method path does not type-check here"
    )]
    let font_size = ctx.fonts(|f| f.font_image_size());
    let mut tessellator = Tessellator::new(
        ctx.pixels_per_point(),
        TessellationOptions::default(),
        font_size,
        Vec::new(),
    );
    let mut mesh = Mesh::default();
    for shape in shapes {
        tessellator.tessellate_shape(shape, &mut mesh);
    }
    mesh
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
        let mut this = *self;
        let Some(shift) = this.refresh_base(ui.ctx(), &view) else {
            return;
        };
        let painter = ui.painter().with_clip_rect(rect);
        let Some(base) = this.cache.as_ref() else {
            return;
        };
        paint_base(&painter, base, shift);
        paint_overlay(&painter, base, shift, &this.input, &view);
        this.report(response, projector, &view);
    }
}

impl CorridorLayer<'_> {
    /// Rebuilds the base layer unless the cached one was built for this view (or one panned
    /// within the margin); returns how far the cached layer must move to line up.
    fn refresh_base(&mut self, ctx: &egui::Context, view: &Viewport) -> Option<egui::Vec2> {
        let center = view.center();
        let key = SceneKey {
            zoom: view.zoom,
            scale: view.scale,
            size: view.size(),
            at: self.input.at,
            lang: self.input.lang,
            filters: self.filters,
        };
        let shift_from = |built: UnitPoint| {
            let k = view.px_to_unit(1.0);
            #[expect(
                clippy::cast_possible_truncation,
                reason = "a shift within the margin fits f32"
            )]
            vec2(
                ((built.x - center.x) / k) as f32,
                ((built.y - center.y) / k) as f32,
            )
        };
        let reusable = self.cache.as_ref().is_some_and(|base| {
            base.key == key && {
                let s = shift_from(base.center);
                s.x.abs() < MARGIN * 0.9 && s.y.abs() < MARGIN * 0.9
            }
        });
        if !reusable {
            // The base layer serves many frames as the map pans: the panels over it move
            // relative to it, so only the overlay keeps its labels clear of them.
            let plain = SceneInput {
                selected: None,
                hovered: None,
                keep_clear: &[],
                ..self.input
            };
            let scene = build_scene(&plain, &view.grown(MARGIN));
            let mesh = tessellate(ctx, geometry(&scene));
            *self.cache = Some(BaseLayer {
                key,
                center,
                mesh: Arc::new(mesh),
                labels: scene
                    .items
                    .into_iter()
                    .filter(|i| matches!(i, Item::Label { .. }))
                    .collect(),
                routes: scene.routes.into_iter().map(|(i, _)| i).collect(),
            });
        }
        self.cache.as_ref().map(|base| shift_from(base.center))
    }

    /// Reports the view, the pointer and clicks (picking among the routes drawn, through the
    /// spatial index), and shows the tooltip of the route under the pointer.
    fn report(self, response: &Response, projector: &Projector, view: &Viewport) {
        let drawn: std::collections::HashSet<usize> = self
            .cache
            .as_ref()
            .map(|base| base.routes.iter().copied().collect())
            .unwrap_or_default();
        let index = self.input.index;
        let pick =
            |pos: egui::Pos2| index.pick(view, [pos.x, pos.y], PICK_RADIUS, |i| drawn.contains(&i));
        let events = self.events;
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
                .show(|ui| (self.tooltip)(ui, index));
        }
    }
}

/// The cached base layer, moved by `shift`.
fn paint_base(painter: &egui::Painter, base: &BaseLayer, shift: egui::Vec2) {
    if shift == vec2(0.0, 0.0) {
        // Unmoved: hand egui the cached mesh itself.
        painter.add(Shape::mesh(Arc::clone(&base.mesh)));
    } else {
        let mut mesh = (*base.mesh).clone();
        mesh.translate(shift);
        painter.add(Shape::mesh(mesh));
    }
}

/// The emphasised (selected, hovered) routes, live, on top, then every name.
fn paint_overlay(
    painter: &egui::Painter,
    base: &BaseLayer,
    shift: egui::Vec2,
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
    // those under a name of the selected or hovered route, which come first.
    let inside: Vec<&Item> = base
        .labels
        .iter()
        .filter(|item| {
            item.label_box([shift.x, shift.y]).is_some_and(|b| {
                box_within(&b, &view.rect)
                    && !overlay.label_boxes.iter().any(|o| boxes_overlap(o, &b))
            })
        })
        .collect();
    paint_labels(painter, inside.iter().copied(), shift);
    // The base layer already names every shown route's places; the overlay adds only the
    // names it lacks, so a place named by both (say as one route's end and as the selected
    // route's waypoint, in two sizes) is printed once.
    let named_in_base = |text: &str, at: [f32; 2]| {
        inside.iter().any(|item| {
            matches!(item, Item::Label { text: t, at: a, .. }
                if t == text && (a[0] + shift.x - at[0]).abs() < 24.0
                    && (a[1] + shift.y - at[1]).abs() < 24.0)
        })
    };
    paint_labels(
        painter,
        overlay.items.iter().filter(|item| match item {
            Item::Label { text, at, .. } => !named_in_base(text, *at),
            _ => true,
        }),
        vec2(0.0, 0.0),
    );
}
