//! Text equivalents of the map, generated from the data in English and Ukrainian, for people
//! who cannot see it: a route's origin and destination, compass direction and length, the
//! places it passes, where it crosses a border, the routes near it and its status with who said
//! so and where; and the view's moment and routes by destination and status. The window uses
//! them as the map's accessible description and announces them; exports carry them as alt text.

mod compass;
mod crossing;
mod near;
mod route;
mod view;

pub use compass::Compass;
pub use crossing::{Crossing, first_crossing};
pub use near::routes_near;
pub use route::{describe_route, status_accounts, status_sentence};
pub use view::{CountryCount, ViewCounts, describe_view};
