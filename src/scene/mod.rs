//! The scene: how corridors look on any map (styles, shapes, picking), independent of the UI.

mod build;
mod hit;
mod index;
mod skia;
mod style;

pub use build::{SceneInput, build_scene, named_places};

pub(crate) use build::LABEL_COLOR;

pub use build::Item;

pub use build::Scene;
pub use hit::{distance_to_polyline, distance_to_segment};
pub use index::RouteIndex;
pub(crate) use skia::paint_scene;
pub use style::LegendEntry;
pub use style::LineStyle;
pub(crate) use style::{HALO, PICK_RADIUS};
pub use style::{legend, side_color};
