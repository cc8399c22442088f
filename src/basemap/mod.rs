//! The embedded offline basemap: layers, label placement and tile rendering, free of any UI.

mod clip;
mod labels;
mod layers;
mod mercator;
mod render;

pub use clip::{clip_ring, visible_runs};
pub use labels::{LabelCache, PlacedLabel, min_population, place};
pub use layers::{Basemap, BasemapError, Country, Line, Polygon, Town};
pub use mercator::{Bbox, MAX_LATITUDE, TILE_PX, from_unit, metres_per_px, to_unit, world_px};
pub use render::{View, colors, draw_basemap, render_tile};
