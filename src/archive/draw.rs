//! Draws an archive's tiles for any view onto a [`Canvas`]: the tiles at the nearest zoom the
//! archive holds (deeper views enlarge its deepest tiles), class by class across all tiles so a
//! road's casing never covers the next tile's road, then place names that fit.

use std::collections::BTreeMap;

use super::decode::{Place, VectorTile};
use super::reader::{Archive, Decoded, TileKind};
use super::schema::{Class, Schema};
use super::style;
use crate::Lang;
use crate::basemap::{LabelRoom, clip_ring, colors, visible_runs};
use crate::canvas::{Brush, Canvas};
use crate::ink::Anchor;
use crate::projection::{LonLat, UnitPoint, Viewport, box_within, boxes_overlap};
use crate::raster::TextStyle;
use crate::typeface::Face;

/// How drawing an archive went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArchiveReport {
    /// Archive tiles the view needed (none outside its bounds or zoom range).
    pub asked: usize,
    /// Tiles drawn.
    pub drawn: usize,
    /// Tiles that could not be read or decoded (the embedded basemap shows there).
    pub failed: usize,
    /// The first problem met.
    pub problem: Option<String>,
}

/// The archive zoom and tiles that cover `view`; `None` when the view is below the archive's
/// zooms (the embedded basemap is the map there).
fn cover(archive: &Archive, view: &Viewport) -> Option<(u8, Vec<(u32, u32)>)> {
    let info = archive.info();
    if view.zoom < f64::from(info.min_zoom) - 0.5 {
        return None;
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to the archive's zoom range (≤ 24) first"
    )]
    let z = view
        .zoom
        .round()
        .clamp(f64::from(info.min_zoom), f64::from(info.max_zoom)) as u8;
    let n = f64::from(1u32 << z);
    let area = view.unit_rect(0.0);
    let [w, s, e, north] = info.bounds;
    let (nw, se) = (LonLat::new(w, north).to_unit(), LonLat::new(e, s).to_unit());
    let x0 = area.min().x.max(nw.x);
    let x1 = area.max().x.min(se.x);
    let y0 = area.min().y.max(nw.y);
    let y1 = area.max().y.min(se.y);
    if x0 >= x1 || y0 >= y1 {
        return Some((z, Vec::new()));
    }
    // Half-open: a view ending exactly on a tile's edge does not need the next tile.
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to the tile grid first"
    )]
    let cells = |a: f64, b: f64| {
        let first = (a * n).floor().clamp(0.0, n - 1.0);
        let last = ((b * n).ceil() - 1.0).clamp(first, n - 1.0);
        first as u32..=last as u32
    };
    let mut tiles = Vec::new();
    for y in cells(y0, y1) {
        for x in cells(x0, x1) {
            tiles.push((x, y));
        }
    }
    // A view larger than any screen needs no more; a corrupt zoom range cannot ask for millions.
    tiles.truncate(4096);
    Some((z, tiles))
}

/// Where tile `x, y` at `z` lies in `view`: its top-left corner and side in px.
fn tile_px(view: &Viewport, z: u8, x: u32, y: u32) -> ([f32; 2], [f32; 2]) {
    let n = f64::from(1u32 << z);
    let a = view.to_px(UnitPoint {
        x: f64::from(x) / n,
        y: f64::from(y) / n,
    });
    let b = view.to_px(UnitPoint {
        x: f64::from(x + 1) / n,
        y: f64::from(y + 1) / n,
    });
    (a, [b[0] - a[0], b[1] - a[1]])
}

/// Draws `archive` for `view` over whatever `canvas` holds (the embedded basemap): each tile
/// the archive has replaces the map beneath it; where it has none, or a tile fails, the map
/// beneath shows. Place names go only where `room` lets them (in a tile, the tile itself, so no
/// seam cuts or doubles a name); towns for which `leave_out` is true are not named. Returns the
/// report and the boxes of the names drawn.
pub fn draw_archive(
    canvas: &mut dyn Canvas,
    archive: &Archive,
    view: &Viewport,
    lang: Lang,
    room: Option<LabelRoom<'_>>,
    leave_out: &dyn Fn(UnitPoint) -> bool,
) -> (ArchiveReport, Vec<[f32; 4]>) {
    let mut report = ArchiveReport::default();
    let Some((z, tiles)) = cover(archive, view) else {
        return (report, Vec::new());
    };
    report.asked = tiles.len();
    let mut vector: Vec<((u32, u32), std::sync::Arc<Decoded>)> = Vec::new();
    for (x, y) in tiles {
        match archive.decoded(z, x, y) {
            Ok(Some(tile)) => {
                report.drawn += 1;
                vector.push(((x, y), tile));
            }
            Ok(None) => {}
            Err(err) => {
                report.failed += 1;
                log::warn!("{err}");
                report.problem.get_or_insert_with(|| err.to_string());
            }
        }
    }
    let TileKind::Vector(schema) = archive.info().kind else {
        for ((x, y), tile) in &vector {
            if let Decoded::Raster(pixmap) = tile.as_ref() {
                let (at, side) = tile_px(view, z, *x, *y);
                canvas.image(pixmap, [at[0], at[1], side[0], side[1]]);
            }
        }
        return (report, Vec::new());
    };
    let tiles: Vec<((u32, u32), &VectorTile)> = vector
        .iter()
        .filter_map(|(at, t)| match t.as_ref() {
            Decoded::Vector(v) => Some((*at, v)),
            Decoded::Raster(_) => None,
        })
        .collect();
    draw_shapes(canvas, schema, &tiles, z, view);
    let room = room.unwrap_or(LabelRoom {
        frame: view.rect,
        keep_clear: &[],
    });
    let names = draw_places(canvas, &tiles, z, view, lang, room, leave_out);
    (report, names)
}

/// The areas and lines of every tile, class by class.
fn draw_shapes(
    canvas: &mut dyn Canvas,
    schema: Schema,
    tiles: &[((u32, u32), &VectorTile)],
    z: u8,
    view: &Viewport,
) {
    #[expect(clippy::cast_possible_truncation, reason = "zoom levels are small")]
    let zoom = view.zoom as f32;
    let margin = 4.0 * view.scale;
    let frame = [
        view.rect[0] - margin,
        view.rect[1] - margin,
        view.rect[2] + margin,
        view.rect[3] + margin,
    ];
    // Where each tile lies (corner, side), once for all its runs.
    let placed: Vec<([f32; 2], [f32; 2])> = tiles
        .iter()
        .map(|((x, y), _)| tile_px(view, z, *x, *y))
        .collect();
    // Each tile's own square within the frame: buffers beyond it belong to its neighbours.
    let squares: Vec<[f32; 4]> = placed
        .iter()
        .map(|(at, side)| {
            [
                at[0].max(frame[0]),
                at[1].max(frame[1]),
                (at[0] + side[0]).min(frame[2]),
                (at[1] + side[1]).min(frame[3]),
            ]
        })
        .collect();
    // Protomaps draws land on the sea; OpenMapTiles draws water on the land.
    let ground = match schema {
        Schema::Protomaps => colors::SEA,
        Schema::OpenMapTiles => style::LAND,
    };
    canvas.begin_layer("street basemap");
    for sq in &squares {
        canvas.rect([sq[0], sq[1], sq[2] - sq[0], sq[3] - sq[1]], ground);
    }
    let mut classes: Vec<Class> = tiles
        .iter()
        .flat_map(|(_, t)| t.shapes.keys().copied())
        .filter(|c| zoom >= style::min_zoom(*c))
        .collect();
    classes.sort_unstable();
    classes.dedup();
    let project = |(at, side): &([f32; 2], [f32; 2]), run: &[[f32; 2]]| {
        run.iter()
            .map(|p| [at[0] + p[0] * side[0], at[1] + p[1] * side[1]])
            .collect::<Vec<_>>()
    };
    let runs_of = |class: Class, area: bool| -> Vec<Vec<[f32; 2]>> {
        let mut out = Vec::new();
        for (((_, tile), place), sq) in tiles.iter().zip(&placed).zip(&squares) {
            for run in tile.shapes.get(&class).into_iter().flatten() {
                let px = project(place, run);
                if area {
                    let ring = clip_ring(&px, *sq);
                    if ring.len() >= 3 {
                        out.push(ring);
                    }
                } else {
                    out.extend(visible_runs(&px, *sq));
                }
            }
        }
        out
    };
    let (roads, others): (Vec<Class>, Vec<Class>) =
        classes.iter().partition(|c| matches!(c, Class::Road(_)));
    for class in others {
        if let Some(brush) = style::fill(class) {
            let rings = runs_of(class, true);
            if !rings.is_empty() {
                let brush = Brush {
                    even_odd: false,
                    ..brush
                };
                canvas.path(&rings, true, Some(brush), None);
            }
        } else if let (_, Some(pen)) = style::pens(class, zoom, view.scale) {
            let runs = runs_of(class, false);
            if !runs.is_empty() {
                canvas.path(&runs, false, None, Some(&pen));
            }
        }
    }
    let road_runs: BTreeMap<Class, Vec<Vec<[f32; 2]>>> =
        roads.iter().map(|c| (*c, runs_of(*c, false))).collect();
    draw_roads(canvas, &road_runs, zoom, view.scale);
    canvas.end_layer();
}

/// Roads: every casing first, lesser roads under greater ones.
fn draw_roads(
    canvas: &mut dyn Canvas,
    roads: &BTreeMap<Class, Vec<Vec<[f32; 2]>>>,
    zoom: f32,
    scale: f32,
) {
    for casing in [true, false] {
        for (class, runs) in roads.iter().rev() {
            let (under, over) = style::pens(*class, zoom, scale);
            let pen = if casing { under } else { over };
            if let Some(pen) = pen.filter(|_| !runs.is_empty()) {
                canvas.path(runs, false, None, Some(&pen));
            }
        }
    }
}

/// Names places, cities first, largest first, where they fit `room` and keep clear of each
/// other. Only a place inside its own tile is taken (tiles repeat their neighbours' near the
/// edge).
fn draw_places(
    canvas: &mut dyn Canvas,
    tiles: &[((u32, u32), &VectorTile)],
    z: u8,
    view: &Viewport,
    lang: Lang,
    room: LabelRoom<'_>,
    leave_out: &dyn Fn(UnitPoint) -> bool,
) -> Vec<[f32; 4]> {
    #[expect(clippy::cast_possible_truncation, reason = "zoom levels are small")]
    let zoom = view.zoom as f32;
    let mut places: Vec<(Class, &Place, [f32; 2])> = Vec::new();
    for ((x, y), tile) in tiles {
        let (at, side) = tile_px(view, z, *x, *y);
        for (class, list) in &tile.places {
            if zoom < style::min_zoom(*class) {
                continue;
            }
            for place in list {
                let inside = (0.0..1.0).contains(&place.at[0]) && (0.0..1.0).contains(&place.at[1]);
                if inside {
                    let px = [at[0] + place.at[0] * side[0], at[1] + place.at[1] * side[1]];
                    places.push((*class, place, px));
                }
            }
        }
    }
    places.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.weight.total_cmp(&a.1.weight)));
    let s = view.scale;
    let mut drawn: Vec<[f32; 4]> = Vec::new();
    canvas.begin_layer("street names");
    for (class, place, px) in places {
        let Class::Place(rank) = class else { continue };
        let name = match lang {
            Lang::Uk => place.name_uk.as_deref(),
            Lang::En => place.name_en.as_deref(),
        };
        let Some(name) = name else { continue };
        if leave_out(view.to_unit(px)) {
            continue;
        }
        let (size, bold) = style::place_text(rank);
        let face = if bold { Face::Bold } else { Face::Regular };
        let halo = 3.0 * s;
        let dot = rank <= 2;
        let (at, anchor) = if dot {
            ([px[0] + 5.0 * s, px[1]], Anchor::Left)
        } else {
            (px, Anchor::Center)
        };
        let text_box = crate::scene::label_box(at, anchor, name, size * s, face);
        let r = if dot { 2.5 * s + halo } else { 0.0 };
        let bbox = [
            text_box[0].min(px[0] - r) - halo,
            text_box[1].min(px[1] - r),
            text_box[2].max(px[0] + r) + halo,
            text_box[3].max(px[1] + r),
        ];
        let clear = !room
            .keep_clear
            .iter()
            .chain(&drawn)
            .any(|o| boxes_overlap(o, &bbox));
        if !box_within(&bbox, &room.frame) || !clear {
            continue;
        }
        drawn.push(bbox);
        if dot {
            canvas.circle(px, 2.5 * s, colors::TOWN, Some((colors::HALO, 1.0 * s)));
        }
        canvas.town_name(
            name,
            at,
            anchor,
            TextStyle {
                size: size * s,
                color: colors::TOWN,
                face,
                halo: Some((colors::HALO, halo)),
            },
        );
    }
    canvas.end_layer();
    drawn
}

/// One 256 px window tile: the embedded basemap's tile with the archive drawn over it.
#[must_use]
pub fn render_archive_tile(
    archive: &Archive,
    base: tiny_skia::Pixmap,
    (zoom, x, y): (u8, u32, u32),
    scale: f32,
    lang: Lang,
    leave_out: &dyn Fn(UnitPoint) -> bool,
) -> (tiny_skia::Pixmap, ArchiveReport) {
    let mut pixmap = base;
    let view = Viewport::tile(zoom, x, y, scale);
    let (report, _) = draw_archive(&mut pixmap, archive, &view, lang, None, leave_out);
    (pixmap, report)
}
