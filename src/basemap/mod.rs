//! The embedded offline basemap: layers, label placement and tile rendering, free of any UI.

mod clip;
mod labels;
mod layers;
mod render;

pub use clip::{clip_ring, visible_runs};
pub use labels::{LabelCache, PlacedLabel, min_population, place};
pub use layers::{Basemap, BasemapError, Country, Line, Polygon, Town};
pub use render::{colors, draw_basemap, render_tile};
