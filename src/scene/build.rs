//! The scene: every corridor as styled shapes in screen px for one view and one moment.
//! Both the window (egui) and the export (tiny-skia) paint the same scene.

use crate::ink::{Anchor, Rgba};
use crate::typeface::{Face, measure};
use crate::{Corridor, Dataset, Lang, Time};

use super::index::RouteIndex;
use super::lanes::{LANE_PX, Lanes};
use super::offset::offset_line_by;
use super::style::{HALO, HOVER_HALO, LABEL, SELECTED_HALO, side_color, status_style};
use crate::projection::{LonLat, UnitPoint, Viewport, box_within, boxes_overlap};

/// A shape to paint, in screen px.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A route line (or its halo).
    Line {
        /// Points in order.
        points: Vec<[f32; 2]>,
        /// Colour.
        color: Rgba,
        /// Width in px.
        width: f32,
        /// Dash pattern (on, off).
        dash: Option<[f32; 2]>,
    },
    /// A filled triangle pointing along the direction of travel.
    Arrow {
        /// The three corners.
        corners: [[f32; 2]; 3],
        /// Colour.
        color: Rgba,
    },
    /// A circle marking an origin or destination.
    Marker {
        /// Centre.
        at: [f32; 2],
        /// Radius in px.
        radius: f32,
        /// Fill.
        fill: Rgba,
        /// Outline colour and width.
        outline: (Rgba, f32),
    },
    /// A place name.
    Label {
        /// Anchor point.
        at: [f32; 2],
        /// Text.
        text: String,
        /// How `at` relates to the text.
        anchor: Anchor,
        /// Size in px.
        size: f32,
        /// Fill colour.
        color: Rgba,
        /// The face.
        face: Face,
        /// The halo around the letters: colour and width in px.
        halo: (Rgba, f32),
    },
}

/// What to draw.
pub struct SceneInput<'a> {
    /// The corridors.
    pub dataset: &'a Dataset,
    /// The moment whose statuses are shown.
    pub at: Time,
    /// Index of the selected corridor.
    pub selected: Option<usize>,
    /// Index of the corridor under the pointer.
    pub hovered: Option<usize>,
    /// Which corridors pass the user's filters.
    pub visible: &'a dyn Fn(usize, &Corridor) -> bool,
    /// Language of place names.
    pub lang: Lang,
    /// Scale of line widths and text (1 on screen, 2–3 for print exports).
    pub scale: f32,
    /// The corridors projected and indexed (see [`RouteIndex::new`]).
    pub index: &'a RouteIndex,
    /// Boxes (`[x0, y0, x1, y1]` in the view's px) no label may overlap: the panels over the
    /// map (an export's title, legend, scale bar and locator; the window's legend and date).
    pub keep_clear: &'a [[f32; 4]],
    /// Draw only the selected and hovered routes (the window's overlay over its cached base
    /// layer), in the lanes they have among all the routes shown.
    pub emphasised_only: bool,
}

/// The scene for one view.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scene {
    /// Shapes, bottom first.
    pub items: Vec<Item>,
    /// Each drawn corridor's index and its projected line (for picking).
    pub routes: Vec<(usize, Vec<[f32; 2]>)>,
    /// The box of every label placed (`[x0, y0, x1, y1]` in px): none overlaps another, a
    /// `keep_clear` box or the view's edge. The basemap leaves these places free.
    pub label_boxes: Vec<[f32; 4]>,
}

/// Whether the corridor exists (has a status) at `at` and passes the filters.
fn shown(input: &SceneInput<'_>, index: usize, corridor: &Corridor) -> bool {
    corridor.status_at(input.at).is_some() && (input.visible)(index, corridor)
}

/// Above this many routes in view, only the emphasised ones get arrows and end markers, so a
/// dense map stays fast and legible.
const DETAIL_LIMIT: usize = 300;

/// Projects a unit-coordinate line to px, dropping points less than half a px from the last.
fn project_line(line: &[UnitPoint], view: &Viewport) -> Vec<[f32; 2]> {
    project_line_kept(line, view).0
}

/// [`project_line`], with the index in `line` of each point kept.
fn project_line_kept(line: &[UnitPoint], view: &Viewport) -> (Vec<[f32; 2]>, Vec<usize>) {
    let mut out: Vec<[f32; 2]> = Vec::with_capacity(line.len());
    let mut kept = Vec::with_capacity(line.len());
    let to_px = view.projector();
    for (i, p) in line.iter().enumerate() {
        let q = to_px(*p);
        let keep = match out.last() {
            None => true,
            Some(l) => i + 1 == line.len() || (q[0] - l[0]).abs() + (q[1] - l[1]).abs() >= 0.5,
        };
        if keep {
            out.push(q);
            kept.push(i);
        }
    }
    (out, kept)
}

/// Builds the scene for `view`: the routes near it (from the index), unselected first, then the
/// hovered and selected ones on top with halos; direction arrows, end markers and names.
#[must_use]
pub fn build_scene(input: &SceneInput<'_>, view: &Viewport) -> Scene {
    let mut scene = Scene::default();
    let is_shown = |i: usize| {
        input
            .dataset
            .corridors
            .get(i)
            .is_some_and(|c| shown(input, i, c))
    };
    let (mut order, lanes) = if input.emphasised_only {
        // Only the emphasised routes, with the lanes they have among the routes along their
        // road: a few routes looked at, however many are in view.
        let emphasised: Vec<usize> = [input.hovered, input.selected]
            .into_iter()
            .flatten()
            .filter(|&i| is_shown(i))
            .collect();
        let mut road: Vec<usize> = emphasised
            .iter()
            .filter_map(|&i| input.index.around(i, 0.0))
            .flat_map(|b| input.index.in_box(b))
            .filter(|&j| is_shown(j))
            .collect();
        road.sort_unstable();
        road.dedup();
        (emphasised, Lanes::among(&road, input.index))
    } else {
        let order: Vec<usize> = input
            .index
            .in_box(view.unit_rect(50.0))
            .into_iter()
            .filter(|&i| is_shown(i))
            .collect();
        let lanes = Lanes::among(&order, input.index);
        (order, lanes)
    };
    // Emphasised routes last, so they are drawn on top.
    order.sort_by_key(|&i| (Some(i) == input.selected, Some(i) == input.hovered));
    let detailed = order.len() <= DETAIL_LIMIT;
    for &i in &order {
        let corridor = &input.dataset.corridors[i];
        let line = &input.index.lines[i];
        let (projected, kept) = project_line_kept(line, view);
        let points = match lanes.offsets(i, line, &kept, LANE_PX * input.scale) {
            Some(offsets) => offset_line_by(&projected, &offsets),
            None => projected,
        };
        let emphasised = Some(i) == input.selected || Some(i) == input.hovered;
        route_items(
            input,
            i,
            corridor,
            &points,
            detailed || emphasised,
            &mut scene.items,
        );
        scene.routes.push((i, points));
    }
    let labelled: Vec<usize> = if detailed {
        order
    } else {
        order
            .into_iter()
            .filter(|&i| Some(i) == input.selected)
            .collect()
    };
    // Where more routes share a stretch than there are lanes, the stretch says how many.
    let counted: Vec<([f32; 2], String)> = lanes
        .counts
        .iter()
        .filter(|_| !input.emphasised_only)
        .filter_map(|&(route, segment, n)| {
            let ends = input.index.lines.get(route)?.get(segment..=segment + 1)?;
            let mid = midpoint(&project_line(ends, view))?;
            Some((mid, format!("×{n}")))
        })
        .collect();
    scene.label_boxes = end_labels(input, view, &labelled, &counted, &mut scene.items);
    scene
}

fn route_items(
    input: &SceneInput<'_>,
    index: usize,
    corridor: &Corridor,
    points: &[[f32; 2]],
    detailed: bool,
    items: &mut Vec<Item>,
) {
    let Some(status) = corridor.status_at(input.at) else {
        return;
    };
    let s = input.scale;
    let style = status_style(status);
    let base = side_color(corridor.side());
    let selected = Some(index) == input.selected;
    let emphasised = selected || Some(index) == input.hovered;
    // A schematic line (no route was published) shows a direction only: drawn faint and with
    // no casing, so it never reads as a road. The selected route is drawn at full strength.
    let schematic = corridor.is_schematic();
    let alpha = if schematic {
        style.alpha / 2
    } else {
        style.alpha
    };
    let color = base.with_alpha(if selected { 255 } else { alpha });
    let halo = if selected {
        Some(SELECTED_HALO)
    } else if Some(index) == input.hovered {
        Some(HOVER_HALO)
    } else {
        None
    };
    let width = if selected {
        style.width + 1.5
    } else {
        style.width
    } * s;
    if let Some(extra) = halo {
        items.push(Item::Line {
            points: points.to_vec(),
            color: if selected {
                Rgba(20, 20, 20, 200)
            } else {
                HALO
            },
            width: width + extra * s + if selected { 2.0 * s } else { 0.0 },
            dash: None,
        });
        if selected {
            items.push(Item::Line {
                points: points.to_vec(),
                color: HALO,
                width: width + extra * s,
                dash: None,
            });
        }
    } else if detailed && !schematic {
        // A thin light casing keeps routes legible over the basemap (left out on dense maps).
        items.push(Item::Line {
            points: points.to_vec(),
            color: Rgba(255, 255, 255, 150),
            width: width + 2.0 * s,
            dash: None,
        });
    }
    items.push(Item::Line {
        points: points.to_vec(),
        color,
        width,
        // On dense maps lines are drawn solid (alpha and width still tell the status): dashes
        // multiply the shapes to tessellate.
        dash: style
            .dash
            .filter(|_| detailed || emphasised)
            .map(|[on, off]| [on * s, off * s]),
    });
    if detailed {
        details(points, base, width, s, style.crossed, items);
    }
}

/// A route's direction arrows, the cross of a failed or rejected route, and its end markers
/// (hollow at the origin, filled at the destination).
fn details(
    points: &[[f32; 2]],
    base: Rgba,
    width: f32,
    s: f32,
    crossed: bool,
    items: &mut Vec<Item>,
) {
    arrows(points, base, width, s, items);
    if crossed && let Some(mid) = midpoint(points) {
        cross(mid, 6.0 * s, Rgba(30, 30, 30, 230), items);
    }
    if let (Some(first), Some(last)) = (points.first(), points.last()) {
        items.push(Item::Marker {
            at: *first,
            radius: 5.0 * s,
            fill: Rgba::hex(0xffffff),
            outline: (base, 2.5 * s),
        });
        items.push(Item::Marker {
            at: *last,
            radius: 6.0 * s,
            fill: base,
            outline: (Rgba::hex(0xffffff), 2.0 * s),
        });
    }
}

/// An × at `at` (arms `size` px from the centre), dark over a light halo: two lines per arm.
fn cross(at: [f32; 2], size: f32, color: Rgba, items: &mut Vec<Item>) {
    for (dx, dy) in [(1.0, 1.0), (1.0, -1.0)] {
        let arm = vec![
            [at[0] - dx * size, at[1] - dy * size],
            [at[0] + dx * size, at[1] + dy * size],
        ];
        items.push(Item::Line {
            points: arm.clone(),
            color: HALO,
            width: size * 0.7,
            dash: None,
        });
        items.push(Item::Line {
            points: arm,
            color,
            width: size * 0.35,
            dash: None,
        });
    }
}

/// Point halfway along the polyline.
fn midpoint(points: &[[f32; 2]]) -> Option<[f32; 2]> {
    let total: f32 = points.windows(2).map(|w| dist(w[0], w[1])).sum();
    let mut left = total / 2.0;
    for w in points.windows(2) {
        let d = dist(w[0], w[1]);
        if d >= left && d > 0.0 {
            let t = left / d;
            return Some([
                w[0][0] + t * (w[1][0] - w[0][0]),
                w[0][1] + t * (w[1][1] - w[0][1]),
            ]);
        }
        left -= d;
    }
    points.first().copied()
}

fn dist(a: [f32; 2], b: [f32; 2]) -> f32 {
    ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt()
}

/// Arrowheads every ~140 px along the route (at least one, near the end), pointing onward.
fn arrows(points: &[[f32; 2]], color: Rgba, width: f32, scale: f32, items: &mut Vec<Item>) {
    let total: f32 = points.windows(2).map(|w| dist(w[0], w[1])).sum();
    if total < 24.0 * scale {
        return;
    }
    let spacing = 140.0 * scale;
    let count = (total / spacing).floor().max(1.0);
    let step = total / (count + 0.5);
    let size = (width * 1.4).max(7.0 * scale);
    let mut next = step * 0.75;
    let mut walked = 0.0;
    for w in points.windows(2) {
        let d = dist(w[0], w[1]);
        while d > 0.0 && next <= walked + d {
            let t = (next - walked) / d;
            let at = [
                w[0][0] + t * (w[1][0] - w[0][0]),
                w[0][1] + t * (w[1][1] - w[0][1]),
            ];
            let dir = [(w[1][0] - w[0][0]) / d, (w[1][1] - w[0][1]) / d];
            let normal = [-dir[1], dir[0]];
            let tip = [at[0] + dir[0] * size, at[1] + dir[1] * size];
            let back = [at[0] - dir[0] * size * 0.4, at[1] - dir[1] * size * 0.4];
            items.push(Item::Arrow {
                corners: [
                    tip,
                    [
                        back[0] + normal[0] * size * 0.75,
                        back[1] + normal[1] * size * 0.75,
                    ],
                    [
                        back[0] - normal[0] * size * 0.75,
                        back[1] - normal[1] * size * 0.75,
                    ],
                ],
                color,
            });
            next += step;
        }
        walked += d;
    }
}

/// The places the scene names itself: every route's origin, destination and named waypoints
/// (routing points are no places). The basemap leaves these out
/// ([`crate::basemap::LabelCache::leaving_out`]) so that no name is printed twice, once by each.
#[must_use]
pub fn named_places(dataset: &Dataset) -> Vec<UnitPoint> {
    dataset
        .corridors
        .iter()
        .flat_map(|c| {
            let inner = c.named_waypoints().map(|(p, _)| p);
            c.line
                .0
                .first()
                .copied()
                .into_iter()
                .chain(inner)
                .chain(c.line.0.last().copied())
        })
        .map(|p| LonLat::from(p).to_unit())
        .collect()
}

impl Item {
    /// A label's box (see [`label_box`]), moved by `shift`; `None` for other shapes.
    #[must_use]
    pub fn label_box(&self, shift: [f32; 2]) -> Option<[f32; 4]> {
        match self {
            Item::Label {
                at,
                text,
                anchor,
                size,
                face,
                ..
            } => Some(label_box(
                [at[0] + shift[0], at[1] + shift[1]],
                *anchor,
                text,
                *size,
                *face,
            )),
            _ => None,
        }
    }
}

impl Scene {
    /// Leaves out the labels over any of `boxes` (a panel laid out after the scene).
    pub fn drop_labels_over(&mut self, boxes: &[[f32; 4]]) {
        let over = |b: &[f32; 4]| boxes.iter().any(|o| boxes_overlap(o, b));
        self.items
            .retain(|item| item.label_box([0.0, 0.0]).is_none_or(|b| !over(&b)));
        self.label_boxes.retain(|b| !over(b));
    }
}

/// The box of a label's text (`[x0, y0, x1, y1]`): `at` is where `anchor` says, the text
/// vertically centred on it, with room for its halo.
#[must_use]
pub fn label_box(at: [f32; 2], anchor: Anchor, text: &str, size: f32, face: Face) -> [f32; 4] {
    let width = measure(text, size, face);
    let x0 = match anchor {
        Anchor::Left => at[0],
        Anchor::Right => at[0] - width,
        Anchor::Center => at[0] - width / 2.0,
    };
    let half = size * 0.6;
    [x0, at[1] - half, x0 + width, at[1] + half]
}

/// Places labels so that none overlaps another, a box to keep clear, or the edge of the view:
/// each is tried right of its point, then left, above and below, and left out when none fits.
struct Placer<'a> {
    boxes: Vec<[f32; 4]>,
    /// Each name placed and the point it names: a place is named once, whichever routes end
    /// or pass there.
    named: Vec<(String, [f32; 2])>,
    keep_clear: &'a [[f32; 4]],
    frame: [f32; 4],
    scale: f32,
}

impl Placer<'_> {
    fn place(&mut self, at: [f32; 2], name: &str, size: f32, items: &mut Vec<Item>) {
        let near = 2.0 * size;
        if self
            .named
            .iter()
            .any(|(n, p)| n == name && (p[0] - at[0]).hypot(p[1] - at[1]) < near)
        {
            return;
        }
        let gap = 9.0 * self.scale;
        let up = size * 1.1;
        let candidates = [
            ([at[0] + gap, at[1]], Anchor::Left),
            ([at[0] - gap, at[1]], Anchor::Right),
            ([at[0], at[1] - up], Anchor::Center),
            ([at[0], at[1] + up], Anchor::Center),
        ];
        let fits = |b: &[f32; 4]| {
            box_within(b, &self.frame)
                && !self
                    .boxes
                    .iter()
                    .chain(self.keep_clear)
                    .any(|o| boxes_overlap(o, b))
        };
        let Some((text_at, anchor, bbox)) = candidates
            .into_iter()
            .map(|(p, a)| (p, a, label_box(p, a, name, size, Face::Bold)))
            .find(|(_, _, b)| fits(b))
        else {
            return;
        };
        self.boxes.push(bbox);
        self.named.push((name.to_owned(), at));
        items.push(Item::Label {
            at: text_at,
            text: name.to_owned(),
            anchor,
            size,
            color: LABEL,
            face: Face::Bold,
            halo: (HALO, size * 0.3),
        });
    }
}

/// Names of route ends, once per place, never over another name, a panel or the view's edge
/// (the selected route's names are placed first). Returns the boxes placed.
fn end_labels(
    input: &SceneInput<'_>,
    view: &Viewport,
    routes: &[usize],
    counts: &[([f32; 2], String)],
    items: &mut Vec<Item>,
) -> Vec<[f32; 4]> {
    let s = input.scale;
    let size = 12.5 * s;
    let project = |lon: f64, lat: f64| view.to_px(LonLat::new(lon, lat).to_unit());
    let mut order: Vec<usize> = routes.to_vec();
    order.sort_by_key(|&i| Some(i) != input.selected);
    // The halo reaches past the letters: keep it inside the frame too.
    let inset = 2.0 * s;
    let mut placer = Placer {
        boxes: Vec::new(),
        named: Vec::new(),
        keep_clear: input.keep_clear,
        frame: [
            view.rect[0] + inset,
            view.rect[1] + inset,
            view.rect[2] - inset,
            view.rect[3] - inset,
        ],
        scale: s,
    };
    for i in order {
        let c = &input.dataset.corridors[i];
        if Some(i) == input.selected {
            // The selected route's waypoints: small dots and names.
            // A routing point is no place: the line bends there, nothing is marked.
            for (coord, w) in c.named_waypoints() {
                let at = project(coord.x, coord.y);
                items.push(Item::Marker {
                    at,
                    radius: 3.5 * s,
                    fill: Rgba::hex(0xffffff),
                    outline: (Rgba::hex(0x1a1a1a), 1.5 * s),
                });
                placer.place(at, w.name.get(input.lang), size * 0.85, items);
            }
        }
        let ends = [
            (c.line.0.first(), c.origin.get(input.lang)),
            (c.line.0.last(), c.destination.get(input.lang)),
        ];
        for (coord, name) in ends {
            let Some(coord) = coord else { continue };
            placer.place(project(coord.x, coord.y), name, size, items);
        }
    }
    // How many routes share a crowded road, at its middle.
    for (at, text) in counts {
        placer.place(*at, text, size * 0.8, items);
    }
    // Then the other routes' named waypoints, smaller and where they fit: the basemap leaves
    // these towns to the scene (see `named_places`).
    for &i in routes.iter().filter(|&&i| Some(i) != input.selected) {
        let c = &input.dataset.corridors[i];
        for (coord, w) in c.named_waypoints() {
            placer.place(
                project(coord.x, coord.y),
                w.name.get(input.lang),
                size * 0.8,
                items,
            );
        }
    }
    placer.boxes
}
