//! The export's alt text: the route's or the view's text equivalent (`crate::describe`), in the
//! export's language.

use super::{ExportRequest, Framing};
use crate::Dataset;
use crate::basemap::Basemap;
use crate::projection::Viewport;
use crate::scene::RouteIndex;

/// The export's alt text, in its language: the route's text equivalent, or the view's (its
/// moment and routes by destination and status) — what a screen reader reads for the image.
#[must_use]
pub fn alt_text(
    dataset: &Dataset,
    index: &RouteIndex,
    request: &ExportRequest,
    view: &Viewport,
) -> String {
    let route = match &request.framing {
        Framing::Route(id) => dataset.index_of(id),
        Framing::View { .. } => None,
    };
    let basemap = Basemap::embedded().ok();
    let route_text = route.map(|i| {
        crate::describe::describe_route(dataset, index, basemap, i, request.at, request.lang)
    });
    match route_text {
        Some(text) => text,
        None => {
            let counts = crate::describe::ViewCounts::new(
                dataset,
                index,
                view.unit_rect(0.0),
                request.at,
                |_| true,
            );
            crate::describe::describe_view(&counts, request.at, None, request.lang)
        }
    }
}
