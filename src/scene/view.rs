//! A screen view of the map: where Web Mercator's unit square lands in px.

use crate::basemap::world_px;

/// A view: the map centre, zoom, the screen rectangle it fills, and the px density.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreenView {
    /// Map centre in unit coordinates.
    pub center: [f64; 2],
    /// Zoom level.
    pub zoom: f64,
    /// The rectangle on screen, `[x0, y0, x1, y1]` in px.
    pub rect: [f32; 4],
    /// Device px per map px (1 on screen; 2–3 for print exports).
    pub scale: f32,
}

impl ScreenView {
    fn k(&self) -> f64 {
        world_px(self.zoom) * f64::from(self.scale)
    }

    fn mid(&self) -> [f64; 2] {
        [
            f64::from(self.rect[0] + self.rect[2]) / 2.0,
            f64::from(self.rect[1] + self.rect[3]) / 2.0,
        ]
    }

    /// Unit coordinates to screen px.
    ///
    /// ```
    /// use koridor::scene::ScreenView;
    /// let view = ScreenView { center: [0.5, 0.5], zoom: 0.0, rect: [0.0, 0.0, 256.0, 256.0], scale: 1.0 };
    /// assert_eq!(view.to_px([0.5, 0.5]), [128.0, 128.0]);
    /// assert_eq!(view.to_px([0.0, 0.0]), [0.0, 0.0]);
    /// ```
    #[must_use]
    #[allow(clippy::cast_possible_truncation)]
    pub fn to_px(&self, unit: [f64; 2]) -> [f32; 2] {
        let (k, m) = (self.k(), self.mid());
        [
            (m[0] + (unit[0] - self.center[0]) * k) as f32,
            (m[1] + (unit[1] - self.center[1]) * k) as f32,
        ]
    }

    /// Screen px to unit coordinates.
    #[must_use]
    pub fn to_unit(&self, px: [f32; 2]) -> [f64; 2] {
        let (k, m) = (self.k(), self.mid());
        [
            self.center[0] + (f64::from(px[0]) - m[0]) / k,
            self.center[1] + (f64::from(px[1]) - m[1]) / k,
        ]
    }

    /// The area shown, grown by `margin` px, in unit coordinates: `[x0, y0, x1, y1]`.
    #[must_use]
    pub fn unit_box(&self, margin: f32) -> [f64; 4] {
        let a = self.to_unit([self.rect[0] - margin, self.rect[1] - margin]);
        let b = self.to_unit([self.rect[2] + margin, self.rect[3] + margin]);
        [a[0], a[1], b[0], b[1]]
    }

    /// `px` screen px in unit coordinates.
    #[must_use]
    pub fn px_to_unit(&self, px: f32) -> f64 {
        f64::from(px) / self.k()
    }
}
