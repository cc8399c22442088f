//! Where an export's panels go before anything is drawn, so that no name is put under one, and
//! where its names and panels went once it is drawn.

use super::{frame, locator};
use crate::Lang;
use crate::projection::Viewport;

/// Where an export's names and panels went: every label drawn (the scene's and the basemap's
/// towns) and every panel, as `[x0, y0, x1, y1]` boxes in device px, and the frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// The frame: `[0, 0, width, height]`.
    pub frame: [f32; 4],
    /// Title, locator, legend, scale bar, attribution.
    pub panels: Vec<[f32; 4]>,
    /// Every name drawn: the scene's first, then the basemap's towns (dot and text).
    pub labels: Vec<[f32; 4]>,
}

/// Where the frame's panels go (all but the legend), worked out before anything is drawn, so
/// that no label is put under one.
pub(super) struct Panels {
    /// Their boxes (`[x0, y0, x1, y1]` in px): title, attribution, scale bar, locator (and the
    /// legend, once the scene says what it lists).
    pub(super) boxes: Vec<[f32; 4]>,
    /// The locator's box, if the frame has one.
    pub(super) locator: Option<[f32; 4]>,
    /// Where the title block must end (left of the locator).
    pub(super) title_right: f32,
    /// The top of the attribution strip, which the legend and scale bar stand on.
    pub(super) bottom: f32,
}

impl Panels {
    pub(super) fn lay_out(
        size: [f32; 2],
        view: &Viewport,
        head: &str,
        lines: &[String],
        footer: (&str, &str),
        lang: Lang,
    ) -> Self {
        let s = view.scale;
        let [w, h] = size;
        let locator = locator::locator_rect(w, h, s, view.zoom);
        let title_right = locator.map_or(w, |inset| inset[0] - 6.0 * s);
        let bottom = h - frame::footer_height(w, s, footer.0, footer.1);
        let mut boxes = vec![
            frame::title_rect(s, head, lines, title_right),
            [0.0, bottom, w, h],
            frame::scale_rect(w, s, bottom, view.metres_per_device_px(), lang),
        ];
        // The locator's white mat reaches 3 px past the inset.
        let mat = 3.0 * s;
        boxes.extend(locator.map(|r| [r[0] - mat, r[1] - mat, r[2] + mat, r[3] + mat]));
        Self {
            boxes,
            locator,
            title_right,
            bottom,
        }
    }
}
