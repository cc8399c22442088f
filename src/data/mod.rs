//! The corridor dataset: model, loading and validation.

mod cite;
pub mod clock;
mod collection;
mod dataset;
mod fields;
mod figure;
mod instance;
mod json_tree;
mod length;
mod model;
mod parse;
mod problem;
mod side;
mod status;
mod tally;
mod text;

pub use cite::citation;
pub use clock::parse_time;
pub use collection::{Claim, RefugeeFigures};
pub use dataset::{Dataset, EMBEDDED_GEOJSON, MAX_DATASET_BYTES};
pub use figure::{Figure, Qualifier};
pub use instance::{ClaimedOutcome, Instance, Stage, kyiv_day, opposite_outcomes};
pub use length::GeodesicKm;
pub use model::{
    Corridor, Criticism, Evacuees, Event, GeometryBasis, Kind, Precision, Source, Time, Waypoint,
    Window,
};
pub use problem::{LoadError, Location, Problem};
pub use side::{Side, country_name};
pub use status::{Confidence, Status};
pub use tally::{Tally, TallyDay, tally_days};
pub use text::Text;
