//! The embedded offline basemap: layers, label placement and tile rendering, free of any UI.

mod clip;
#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "the build script runs it (points' zooms are packed); the crate tests it"
    )
)]
mod detail;
mod labels;
mod layers;
mod names_uk;
mod packed;
mod render;

pub use clip::{clip_ring, visible_runs};
pub use labels::LabelCache;
pub use labels::PlacedLabel;
pub use layers::BasemapError;
pub use layers::Country;
pub use layers::Detailed;
pub use layers::Line;
pub use layers::Town;
pub use layers::{Basemap, Polygon};
pub(crate) use names_uk::is_ukrainian;
pub(crate) use render::colors;
pub use render::{LabelRoom, draw_basemap, render_tile};
