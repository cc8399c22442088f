//! Draws the basemap for any view onto a tiny-skia pixmap: a 256 px tile for the map widget, or
//! a whole export frame. One drawing routine, so tiles and exports look alike.

use geo::Intersects;
use tiny_skia::Pixmap;

use super::clip::{clip_ring, visible_runs};
use super::labels::PlacedLabel;
use super::layers::{Basemap, Detailed, Line};
use crate::canvas::{Brush, Canvas, Cap, Join, Pen};
use crate::ink::{Anchor, Rgba};
use crate::projection::{UnitPoint, Viewport, box_within, boxes_overlap, world_px};
use crate::raster::TextStyle;
use crate::typeface::Face;

/// The basemap's colours: a quiet reference map that leaves the strong colours to the routes.
pub(crate) mod colors {
    use crate::ink::Rgba;
    /// Outside the area the layers cover.
    pub(crate) const NO_DATA: Rgba = Rgba::hex(0xe3e1dc);
    /// Sea.
    pub(crate) const SEA: Rgba = Rgba::hex(0xb5d0e0);
    /// Land of countries other than Ukraine.
    pub(crate) const LAND: Rgba = Rgba::hex(0xefebe3);
    /// Ukraine, Crimea included.
    pub(crate) const UKRAINE: Rgba = Rgba::hex(0xfbf5dc);
    /// Coastline, and the shores of lakes.
    pub(crate) const COAST: Rgba = Rgba::hex(0x8eb3c8);
    /// Rivers: a little deeper than the sea, so thin ones still read as water.
    pub(crate) const RIVER: Rgba = Rgba::hex(0x8fb9d6);
    /// Borders between countries.
    pub(crate) const BORDER: Rgba = Rgba::hex(0x5a4a6a);
    /// Borders between Ukraine's regions.
    pub(crate) const REGION: Rgba = Rgba::hex(0xa89a8a);
    /// Town dots and names.
    pub(crate) const TOWN: Rgba = Rgba::hex(0x2b2b2b);
    /// Halo behind names.
    pub(crate) const HALO: Rgba = Rgba(255, 255, 255, 220);
}

/// Round corners where they show; on a line under 3 device px a bevel cannot be told from
/// one, and the round corners' curves cost a zoom-6 tile (all coasts and borders) 2–9 %.
fn thin_join(width: f32) -> Join {
    if width < 3.0 {
        Join::Bevel
    } else {
        Join::Round
    }
}

/// The zoom whose detail a view draws: its own, rounded up, at its pixel density (a view at
/// scale 2 has the px of the next zoom).
fn detail_zoom(view: &Viewport) -> u8 {
    let zoom = (view.zoom + f64::from(view.scale).log2()).ceil();
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to 0–255 first"
    )]
    let zoom = zoom.clamp(0.0, 255.0) as u8;
    zoom
}

/// Projects the points of `line` drawn at `view`'s zoom to px (those whose detail the zoom
/// shows, see [`super::detail`]), dropping points closer than a third of a px to the last one
/// kept.
fn project(line: &Detailed, view: &Viewport) -> Vec<[f32; 2]> {
    let zoom = detail_zoom(view);
    let points = &line.points;
    let mut out: Vec<[f32; 2]> = Vec::with_capacity(points.len());
    let to_px = view.projector();
    for (i, p) in points.iter().enumerate() {
        if line.zooms.get(i).is_some_and(|&z| z > zoom) {
            continue;
        }
        let q = to_px(*p);
        let keep = match out.last() {
            None => true,
            Some(l) => i + 1 == points.len() || (q[0] - l[0]).abs() + (q[1] - l[1]).abs() > 0.35,
        };
        if keep {
            out.push(q);
        }
    }
    out
}

/// The drawn area in px, grown so that clipping edges and stroke ends stay out of sight.
fn clip_rect(view: &Viewport) -> [f32; 4] {
    view.grown(8.0 * view.scale).rect
}

/// Lakes and reservoirs (filled like the sea, with a shore line), then rivers: major ones from
/// zoom 5, more from zoom 7 and 9, each wider as the map zooms in.
fn draw_water(canvas: &mut dyn Canvas, basemap: &Basemap, view: &Viewport) {
    let s = view.scale;
    let (area, rect) = (view.unit_rect(0.0), clip_rect(view));
    let mut rings = Vec::new();
    for lake in basemap.lakes.iter().filter(|p| p.bbox.intersects(&area)) {
        for ring in &lake.rings {
            let clipped = clip_ring(&project(ring, view), rect);
            if clipped.len() >= 3 {
                rings.push(clipped);
            }
        }
    }
    if !rings.is_empty() {
        let shore = Pen {
            join: thin_join(0.6 * s),
            ..Pen::new(colors::COAST, 0.6 * s)
        };
        let sea = Brush {
            color: colors::SEA,
            even_odd: true,
        };
        canvas.path(&rings, true, Some(sea), Some(&shore));
    }
    #[expect(
        clippy::cast_possible_truncation,
        reason = "zoom levels are small numbers"
    )]
    let zoom = view.zoom as f32;
    for level in 1..=3u8 {
        let (from, base, most) = match level {
            1 => (5.0, 0.7, 3.2),
            2 => (7.0, 0.6, 2.2),
            _ => (9.0, 0.5, 1.4),
        };
        if zoom < from {
            continue;
        }
        let width = (base + 0.35 * (zoom - from)).min(most);
        // Bevel joins and butt caps: round ones made a zoom-6 tile about 4 % slower.
        let pen = Pen {
            join: Join::Bevel,
            ..Pen::new(colors::RIVER, width * s)
        };
        let lines = basemap
            .rivers
            .iter()
            .filter(|(l, _)| *l == level)
            .map(|(_, line)| line);
        stroke_lines(canvas, lines, view, &pen);
    }
}

fn stroke_lines<'l>(
    canvas: &mut dyn Canvas,
    lines: impl IntoIterator<Item = &'l Line>,
    view: &Viewport,
    pen: &Pen,
) {
    let area = view.unit_rect(0.0);
    let rect = clip_rect(view);
    let mut runs = Vec::new();
    for line in lines.into_iter().filter(|l| l.bbox.intersects(&area)) {
        runs.extend(visible_runs(&project(&line.line, view), rect));
    }
    if !runs.is_empty() {
        canvas.path(&runs, false, None, Some(pen));
    }
}

/// Where a framed view (an export) lets the basemap put town labels: wholly inside `frame`, and
/// clear of the `keep_clear` boxes (its panels and the scene's own labels). A tile has no such
/// room: its labels run on into the next tile, which draws the rest.
#[derive(Debug, Clone, Copy)]
pub struct LabelRoom<'a> {
    /// The frame, `[x0, y0, x1, y1]` in px.
    pub frame: [f32; 4],
    /// Boxes no label may overlap, in px.
    pub keep_clear: &'a [[f32; 4]],
}

/// Draws the basemap for `view` onto `pixmap` (which must cover `view.rect`), with the town
/// labels placed for the nearest whole zoom (`labels`, placed at `label_zoom`); in a framed view,
/// only the labels that fit its `room`. Returns the boxes of the labels drawn (dot and text).
pub fn draw_basemap(
    canvas: &mut dyn Canvas,
    basemap: &Basemap,
    labels: &[PlacedLabel],
    label_zoom: u8,
    view: &Viewport,
    room: Option<LabelRoom<'_>>,
) -> Vec<[f32; 4]> {
    let s = view.scale;
    canvas.begin_layer("land");
    let r = view.rect;
    canvas.rect([r[0], r[1], r[2] - r[0], r[3] - r[1]], colors::NO_DATA);
    let corner = |c: geo::Coord<f64>| view.to_px(UnitPoint { x: c.x, y: c.y });
    let (e0, e1) = (corner(basemap.extent.min()), corner(basemap.extent.max()));
    canvas.rect([e0[0], e0[1], e1[0] - e0[0], e1[1] - e0[1]], colors::SEA);

    let area = view.unit_rect(0.0);
    let rect = clip_rect(view);
    let coast = Pen {
        join: thin_join(0.8 * s),
        ..Pen::new(colors::COAST, 0.8 * s)
    };
    for country in &basemap.countries {
        let mut rings = Vec::new();
        for polygon in country.polygons.iter().filter(|p| p.bbox.intersects(&area)) {
            for ring in &polygon.rings {
                let clipped = clip_ring(&project(ring, view), rect);
                if clipped.len() >= 3 {
                    rings.push(clipped);
                }
            }
        }
        if rings.is_empty() {
            continue;
        }
        let fill = if country.a3 == "UKR" {
            colors::UKRAINE
        } else {
            colors::LAND
        };
        let brush = Brush {
            color: fill,
            even_odd: true,
        };
        canvas.path(&rings, true, Some(brush), Some(&coast));
    }
    canvas.end_layer();

    canvas.begin_layer("water");
    draw_water(canvas, basemap, view);
    canvas.end_layer();
    canvas.begin_layer("borders");
    if view.zoom >= 5.0 {
        let region = Pen {
            cap: Cap::Butt,
            dash: Some([4.0 * s, 2.5 * s]),
            ..Pen::new(colors::REGION, 0.9 * s)
        };
        stroke_lines(canvas, &basemap.regions, view, &region);
    }
    let border_width = if view.zoom >= 7.0 { 2.0 } else { 1.4 };
    let border = Pen {
        join: thin_join(border_width * s),
        ..Pen::new(colors::BORDER, border_width * s)
    };
    stroke_lines(canvas, &basemap.borders, view, &border);
    canvas.end_layer();

    canvas.begin_layer("town names");
    let drawn = draw_labels(canvas, labels, label_zoom, view, room);
    canvas.end_layer();
    drawn
}

/// Whether a label's box fits the room: inside the frame, clear of the boxes to keep clear and
/// of the labels already drawn.
fn fits(room: Option<LabelRoom<'_>>, bbox: &[f32; 4], drawn: &[[f32; 4]]) -> bool {
    let Some(room) = room else {
        return true;
    };
    box_within(bbox, &room.frame)
        && !room
            .keep_clear
            .iter()
            .chain(drawn)
            .any(|o| boxes_overlap(o, bbox))
}

fn draw_labels(
    canvas: &mut dyn Canvas,
    labels: &[PlacedLabel],
    label_zoom: u8,
    view: &Viewport,
    room: Option<LabelRoom<'_>>,
) -> Vec<[f32; 4]> {
    let mut drawn: Vec<[f32; 4]> = Vec::new();
    let s = view.scale;
    // Labels are placed in map px at `label_zoom`.
    let label_world = world_px(f64::from(label_zoom));
    let to_px = |p: [f64; 2]| {
        view.to_px(UnitPoint {
            x: p[0] / label_world,
            y: p[1] / label_world,
        })
    };
    let sf = f64::from(s);
    let out = view.grown(40.0).rect.map(f64::from);
    for label in labels {
        let a = to_px([label.bbox[0], label.bbox[1]]);
        let b = to_px([label.bbox[2], label.bbox[3]]);
        // Text keeps its size while positions scale, so grow the box by its text width.
        let grow = (label.bbox[2] - label.bbox[0]) * sf;
        let area = [
            f64::from(a[0]) - grow,
            f64::from(a[1]),
            f64::from(b[0]) + grow,
            f64::from(b[1]),
        ];
        if !boxes_overlap(&area, &out) {
            continue;
        }
        let dot = to_px(label.dot);
        let left = label.text_at[0] < label.dot[0];
        let offset = (label.text_at[0] - label.dot[0]).abs() as f32 * s;
        let offset = if left { -offset } else { offset };
        let face = if label.rank == 0 {
            Face::Bold
        } else {
            Face::Regular
        };
        // In a framed view, the box as drawn at this zoom, halo included (the dot and the text
        // beside it), must fit the room. Tiles skip the measuring: they have no room to fit.
        let halo = 3.0 * s;
        let anchor = if left { Anchor::Right } else { Anchor::Left };
        if room.is_some() {
            let text_box = crate::scene::label_box(
                [dot[0] + offset, dot[1]],
                anchor,
                &label.text,
                label.size * s,
                face,
            );
            let r = label.radius * s + halo;
            let bbox = [
                text_box[0].min(dot[0] - r) - halo,
                text_box[1].min(dot[1] - r),
                text_box[2].max(dot[0] + r) + halo,
                text_box[3].max(dot[1] + r),
            ];
            if !fits(room, &bbox, &drawn) {
                continue;
            }
            drawn.push(bbox);
        }
        canvas.circle(
            dot,
            label.radius * s,
            colors::TOWN,
            Some((colors::HALO, 1.0 * s)),
        );
        canvas.town_name(
            &label.text,
            [dot[0] + offset, dot[1]],
            anchor,
            TextStyle {
                size: label.size * s,
                color: colors::TOWN,
                face,
                halo: Some((colors::HALO, halo)),
            },
        );
    }
    drawn
}

/// Renders one 256 px slippy tile at `scale` device px per px.
#[must_use]
pub fn render_tile(
    basemap: &Basemap,
    labels: &[PlacedLabel],
    zoom: u8,
    x: u32,
    y: u32,
    scale: f32,
) -> Option<Pixmap> {
    let view = Viewport::tile(zoom, x, y, scale);
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a tile side is a whole, small number of px"
    )]
    let side = view.size()[0] as u32;
    let mut pixmap = Pixmap::new(side, side)?;
    draw_basemap(&mut pixmap, basemap, labels, zoom, &view, None);
    Some(pixmap)
}

impl From<Rgba> for tiny_skia::Color {
    fn from(c: Rgba) -> Self {
        Self::from_rgba8(c.0, c.1, c.2, c.3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::basemap::LabelCache;
    use crate::projection::LonLat;

    fn tile_at(lon: f64, lat: f64, zoom: u8) -> (u32, u32) {
        let UnitPoint { x, y } = LonLat::new(lon, lat).to_unit();
        let n = f64::from(zoom).exp2();
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a label size is a small number of px"
        )]
        ((x * n) as u32, (y * n) as u32)
    }

    fn pixel(p: &Pixmap, x: u32, y: u32) -> Rgba {
        let c = p.pixel(x, y).expect("in range").demultiply();
        Rgba(c.red(), c.green(), c.blue(), c.alpha())
    }

    fn count(p: &Pixmap, color: Rgba) -> usize {
        (0..p.height())
            .flat_map(|y| (0..p.width()).map(move |x| (x, y)))
            .filter(|&(x, y)| pixel(p, x, y) == color)
            .count()
    }

    fn render(lon: f64, lat: f64, zoom: u8) -> Pixmap {
        let basemap = Basemap::embedded().expect("basemap");
        let labels = LabelCache::default().get(basemap, zoom, Lang::En);
        let (x, y) = tile_at(lon, lat, zoom);
        render_tile(basemap, &labels, zoom, x, y, 1.0).expect("tile")
    }

    #[test]
    fn tile_over_kyiv_has_ukraine_land_and_a_dark_label() {
        let tile = render(30.524, 50.455, 8);
        assert!(
            count(&tile, colors::UKRAINE) > 20_000,
            "mostly Ukrainian land"
        );
        assert!(count(&tile, colors::TOWN) > 50, "town dots and names drawn");
    }

    /// A name across the line between two tiles is drawn half in each, as one piece: the two
    /// tiles side by side are the same picture as one view over both (no seam cuts or doubles
    /// it).
    #[test]
    fn a_label_across_a_tile_seam_is_drawn_whole_half_in_each_tile() {
        let basemap = Basemap::embedded().expect("basemap");
        let zoom = 7;
        let labels = LabelCache::default().get(basemap, zoom, Lang::En);
        // A town whose name crosses a vertical seam between two tiles.
        let seam = labels
            .iter()
            .find_map(|l| {
                let (a, b) = ((l.bbox[0] / 256.0).floor(), (l.bbox[2] / 256.0).floor());
                (a != b).then_some((l.text.clone(), b, (l.dot[1] / 256.0).floor()))
            })
            .expect("some name crosses a seam at zoom 7");
        let (name, right, row) = seam;
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "tile indices at zoom 7"
        )]
        let (x, y) = (right as u32, row as u32);
        let left_tile = render_tile(basemap, &labels, zoom, x - 1, y, 1.0).expect("tile");
        let right_tile = render_tile(basemap, &labels, zoom, x, y, 1.0).expect("tile");
        let mut both = Pixmap::new(512, 256).expect("pixmap");
        let view = Viewport {
            zoom: f64::from(zoom),
            origin: [f64::from(x - 1) * 256.0, f64::from(y) * 256.0],
            rect: [0.0, 0.0, 512.0, 256.0],
            scale: 1.0,
        };
        draw_basemap(&mut both, basemap, &labels, zoom, &view, None);
        let mut differ = 0;
        for yy in 0..256 {
            for xx in 0..512 {
                let tile = if xx < 256 { &left_tile } else { &right_tile };
                let a = pixel(tile, xx % 256, yy);
                let b = pixel(&both, xx, yy);
                let far = [a.0.abs_diff(b.0), a.1.abs_diff(b.1), a.2.abs_diff(b.2)]
                    .into_iter()
                    .any(|d| d > 8);
                differ += usize::from(far);
            }
        }
        // Antialiased edges along the seam may round differently; a cut or doubled name would
        // differ over hundreds of pixels.
        assert!(
            differ < 40,
            "{name}: {differ} pixels differ across the seam"
        );
    }

    #[test]
    fn tile_over_the_black_sea_is_sea() {
        let tile = render(33.0, 43.6, 8);
        assert!(count(&tile, colors::SEA) > 60_000);
    }

    #[test]
    fn tiles_render_from_zoom_4_to_11() {
        for zoom in [4, 6, 9, 11] {
            let tile = render(30.524, 50.455, zoom);
            assert_eq!((tile.width(), tile.height()), (256, 256));
            assert!(count(&tile, colors::UKRAINE) > 1_000, "zoom {zoom}");
        }
    }

    #[test]
    fn high_density_tiles_have_twice_the_pixels() {
        let basemap = Basemap::embedded().expect("basemap");
        let tile = render_tile(basemap, &[], 6, 37, 21, 2.0).expect("tile");
        assert_eq!((tile.width(), tile.height()), (512, 512));
    }

    #[test]
    fn crimea_is_drawn_as_ukraine() {
        // The steppe north of Simferopol: Ukraine's colour, not a neighbour's.
        let tile = render(34.1, 45.3, 9);
        assert!(count(&tile, colors::UKRAINE) > 30_000);
        assert_eq!(count(&tile, colors::LAND), 0);
    }

    #[test]
    fn the_kyiv_reservoir_is_water_and_the_dnipro_runs_through_kyiv() {
        // The reservoir north of Vyshhorod, at zoom 9: a lake, filled like the sea.
        let reservoir = render(30.45, 50.95, 9);
        assert!(
            count(&reservoir, colors::SEA) > 5_000,
            "{}",
            count(&reservoir, colors::SEA)
        );
        // Kyiv at zoom 10: the Dnipro as a river line.
        let kyiv = render(30.55, 50.45, 10);
        assert!(
            count(&kyiv, colors::RIVER) > 200,
            "{}",
            count(&kyiv, colors::RIVER)
        );
        // Below zoom 5 no river is drawn, so the overview stays quiet.
        assert_eq!(count(&render(30.55, 50.45, 4), colors::RIVER), 0);
    }

    #[test]
    fn every_river_has_a_level_and_every_lake_a_ring() {
        let basemap = Basemap::embedded().expect("basemap");
        assert_eq!(basemap.rivers.len(), 118);
        assert!(
            basemap
                .rivers
                .iter()
                .all(|(level, _)| (1..=3).contains(level))
        );
        assert_eq!(basemap.lakes.len(), 18);
    }
}
