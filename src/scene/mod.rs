//! The scene: how corridors look on any map (styles, shapes, picking), independent of the UI.

mod build;
mod hit;
mod index;
mod lanes;
mod offset;
mod shared;
mod style;

pub use build::{SceneInput, build_scene, label_box, named_places};

pub use build::Item;

pub use build::Scene;
pub use hit::{distance_to_polyline, distance_to_segment};
pub use index::RouteIndex;
pub use offset::{offset_line, offset_line_by};
pub use style::LineStyle;
pub(crate) use style::PICK_RADIUS;
pub use style::{LegendEntry, LegendKey};
pub use style::{legend, side_color};
