//! How an archive's features look: the embedded basemap's quiet palette (its sea, rivers,
//! borders and town names) with land use, buildings and roads by class, widths growing with the
//! zoom, so the street-level map reads as the same map as the country-level one.

use super::schema::{Class, Road};
use crate::basemap::colors;
use crate::canvas::{Brush, Cap, Join, Pen};
use crate::ink::Rgba;

/// Land in the archive (Ukraine's colour in the embedded basemap: the archive is for streets
/// in and near Ukraine).
pub(crate) const LAND: Rgba = colors::UKRAINE;

/// The fill of an area class, if it is filled.
pub(crate) fn fill(class: Class) -> Option<Brush> {
    let color = match class {
        Class::Land => LAND,
        Class::Farmland => Rgba::hex(0xf1ecd2),
        Class::Green => Rgba::hex(0xd9e6c3),
        Class::Urban => Rgba::hex(0xefe6d6),
        Class::Industrial => Rgba::hex(0xe6dde3),
        Class::Water => colors::SEA,
        Class::Building => Rgba::hex(0xdcd0c0),
        _ => return None,
    };
    Some(Brush {
        color,
        even_odd: class == Class::Water || class == Class::Land,
    })
}

/// The zoom an area class starts at.
pub(crate) fn min_zoom(class: Class) -> f32 {
    match class {
        Class::Building | Class::Road(Road::Path) | Class::Waterway(2) => 13.0,
        Class::Road(Road::Minor) => 11.0,
        Class::Place(3) => 12.0,
        Class::Place(2) => 10.0,
        _ => 0.0,
    }
}

/// A width in px at `zoom` for a line `at_12` px wide at zoom 12, growing 1.4× a level.
fn width(at_12: f32, zoom: f32) -> f32 {
    (at_12 * 1.4f32.powf(zoom - 12.0)).clamp(at_12 * 0.3, at_12 * 6.0)
}

/// The pens of a line class at `zoom` (device px per px `s`): a casing under the fill for roads,
/// drawn first.
pub(crate) fn pens(class: Class, zoom: f32, s: f32) -> (Option<Pen>, Option<Pen>) {
    // Round ends and corners only where they show: on a line under 3 device px they cannot be
    // told from butt ends and bevels, and their curves cost a dense tile a fifth of its time.
    let round = |color: Rgba, w: f32| {
        let wide = w * s >= 3.0;
        Pen {
            cap: if wide { Cap::Round } else { Cap::Butt },
            join: if wide { Join::Round } else { Join::Bevel },
            ..Pen::new(color, w * s)
        }
    };
    let road = |fill: Rgba, casing: Rgba, at_12: f32| {
        let w = width(at_12, zoom);
        let casing = (zoom >= 11.0).then(|| round(casing, w + 1.2));
        (casing, Some(round(fill, w)))
    };
    match class {
        Class::Waterway(level) => {
            let at_12 = [2.2, 1.4, 0.8][usize::from(level.min(2))];
            (None, Some(round(colors::RIVER, width(at_12, zoom))))
        }
        Class::Boundary(true) => (None, Some(Pen::new(colors::BORDER, 1.4 * s))),
        Class::Boundary(false) => (
            None,
            Some(Pen {
                dash: Some([4.0 * s, 3.0 * s]),
                ..Pen::new(colors::REGION, 0.9 * s)
            }),
        ),
        Class::Rail => (
            None,
            Some(Pen {
                join: Join::Round,
                ..Pen::new(Rgba::hex(0x9a9490), width(1.0, zoom).min(2.5) * s)
            }),
        ),
        Class::Road(Road::Highway) => road(Rgba::hex(0xf4b26e), Rgba::hex(0xb07c48), 4.0),
        Class::Road(Road::Major) => road(Rgba::hex(0xfbe3a0), Rgba::hex(0xb89c62), 3.0),
        // Below zoom 13 a street is one thin line, not white in a casing: streets are most of a
        // city tile, and a second stroke of every one of them would cost over a third of its time.
        Class::Road(Road::Minor) if zoom < 13.0 => {
            (None, Some(round(Rgba::hex(0xd3c7b5), width(1.6, zoom))))
        }
        Class::Road(Road::Minor) => road(Rgba::hex(0xffffff), Rgba::hex(0xc2b6a4), 1.6),
        Class::Road(Road::Path) => (
            None,
            Some(Pen {
                dash: Some([2.5 * s, 2.0 * s]),
                ..Pen::new(Rgba::hex(0xa89a8a), 0.8 * s)
            }),
        ),
        _ => (None, None),
    }
}

/// A place name's size in px (before the density) and whether it is bold.
pub(crate) fn place_text(rank: u8) -> (f32, bool) {
    match rank {
        0 => (14.0, true),
        1 => (12.5, true),
        2 => (11.5, false),
        _ => (10.5, false),
    }
}
