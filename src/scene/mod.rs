//! The scene: how corridors look on any map (styles, shapes, picking), independent of the UI.

mod build;
mod hit;
mod index;
mod skia;
mod style;

pub use build::{Item, LABEL_COLOR, Scene, SceneInput, build_scene, named_places};
pub use hit::{distance_to_polyline, distance_to_segment, nearest};
pub use index::RouteIndex;
pub use skia::paint_scene;
pub use style::{
    HALO, HOVER_HALO, LABEL, LegendEntry, LineStyle, PICK_RADIUS, SELECTED_HALO, legend,
    side_color, status_style,
};
