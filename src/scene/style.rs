//! How the map looks: one place decides colours and line styles, so the window and the export
//! cannot disagree.

use crate::ink::Rgba;
use crate::{Side, Status};

/// Colour of a route by where it ends, from the Okabe–Ito palette (safe for the common forms
/// of colour blindness, and distinct from the basemap's pale land and blue sea).
///
/// ```
/// use koridor::{Side, scene::side_color};
/// assert_ne!(side_color(Side::Russia), side_color(Side::UkrainianHeld));
/// ```
#[must_use]
pub fn side_color(side: Side) -> Rgba {
    match side {
        Side::Russia => Rgba::hex(0xd55e00),
        Side::Belarus => Rgba::hex(0xcc79a7),
        Side::UkrainianHeld => Rgba::hex(0x0072b2),
        Side::Other => Rgba::hex(0x7a7a7a),
    }
}

/// How a route's line is drawn for its status.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineStyle {
    /// Width in px.
    pub width: f32,
    /// Dash pattern (on, off) in px; `None` for a solid line.
    pub dash: Option<[f32; 2]>,
    /// Opacity, 0–255.
    pub alpha: u8,
    /// Whether a cross marks the route's middle (failed or rejected).
    pub crossed: bool,
}

/// The line style for a status: solid and thick while people move, dashed while only agreed or
/// proposed, dotted once failed, faded and crossed once rejected, thin once closed; short dashes
/// and a cross while claimants disagree; faint and sparse once a window ended unreported.
#[must_use]
pub(crate) fn status_style(status: Status) -> LineStyle {
    let style = |width, dash, alpha, crossed| LineStyle {
        width,
        dash,
        alpha,
        crossed,
    };
    match status {
        Status::Operating => style(5.0, None, 255, false),
        Status::Agreed => style(4.0, Some([12.0, 6.0]), 255, false),
        Status::Proposed => style(3.5, Some([5.0, 5.0]), 235, false),
        Status::Failed => style(4.0, Some([2.0, 5.0]), 255, true),
        Status::Rejected => style(3.0, None, 150, true),
        Status::Closed => style(2.0, None, 140, false),
        Status::Disputed => style(4.0, Some([8.0, 3.0]), 255, true),
        Status::Unreported => style(2.5, Some([2.0, 7.0]), 170, false),
    }
}

/// Extra width of the white halo under the selected route.
pub(crate) const SELECTED_HALO: f32 = 6.0;
/// Extra width of the halo under a hovered route.
pub(crate) const HOVER_HALO: f32 = 4.0;
/// How close (px) a click must come to a route to select it.
pub(crate) const PICK_RADIUS: f32 = 8.0;

/// Text colour for labels on the map.
pub(crate) const LABEL: Rgba = Rgba::hex(0x1a1a1a);
/// Halo behind labels and routes.
pub(crate) const HALO: Rgba = Rgba(255, 255, 255, 230);

/// What a legend row explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendKey {
    /// Routes ending on this side, by colour.
    Destination(Side),
    /// Routes with this status, by line style.
    Status(Status),
    /// A schematic line: the direction only, no route published.
    DirectionOnly,
}

/// One row of the legend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LegendEntry {
    /// What it explains.
    pub key: LegendKey,
    /// Colour of the sample line.
    pub color: Rgba,
    /// Style of the sample line.
    pub style: LineStyle,
    /// Whether the row explains a status (a neutral sample) rather than a destination colour.
    pub is_status: bool,
}

/// The legend: destinations by colour, then statuses by line style.
#[must_use]
pub fn legend() -> Vec<LegendEntry> {
    let solid = status_style(Status::Operating);
    let grey = Rgba::hex(0x555555);
    let mut entries: Vec<LegendEntry> = [Side::Russia, Side::Belarus, Side::UkrainianHeld]
        .into_iter()
        .map(|side| LegendEntry {
            key: LegendKey::Destination(side),
            color: side_color(side),
            style: solid,
            is_status: false,
        })
        .collect();
    entries.extend(Status::ALL.into_iter().map(|status| LegendEntry {
        key: LegendKey::Status(status),
        color: grey,
        style: status_style(status),
        is_status: true,
    }));
    // How a schematic line looks: faint, as the scene draws it.
    entries.push(LegendEntry {
        key: LegendKey::DirectionOnly,
        color: grey,
        style: LineStyle {
            alpha: solid.alpha / 2,
            ..solid
        },
        is_status: true,
    });
    entries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_a_distinct_style() {
        for (i, a) in Status::ALL.iter().enumerate() {
            for b in &Status::ALL[i + 1..] {
                assert_ne!(status_style(*a), status_style(*b), "{a} and {b} look alike");
            }
        }
    }

    #[test]
    fn destinations_have_distinct_colours() {
        let colors: Vec<Rgba> = Side::ALL.iter().map(|s| side_color(*s)).collect();
        for (i, a) in colors.iter().enumerate() {
            assert!(!colors[i + 1..].contains(a));
        }
    }
}
