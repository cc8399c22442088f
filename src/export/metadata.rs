//! What every export says about itself, whatever its format: title, route, moment, dataset,
//! attribution, software, bounding box, CRS and the alt text. PNG text chunks, the SVG's
//! `<metadata>` and the PDF's document information all carry the same pairs.

use super::georef::{CRS, GeoRef};
use super::{ExportRequest, Framing, alt_text, attribution_for, heading};
use crate::projection::Viewport;
use crate::scene::RouteIndex;
use crate::{Dataset, Lang};

/// An export's metadata.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Metadata {
    /// The title (the map's heading).
    pub title: String,
    /// The text equivalent of the map, in the export's language.
    pub description: String,
    /// The route id, or empty for a view.
    pub route: String,
    /// The moment shown, RFC 3339.
    pub date: String,
    /// Where the dataset came from.
    pub source: String,
    /// The attribution, in English (tools read it).
    pub copyright: String,
    /// "Koridor x.y.z".
    pub software: String,
    /// West, south, east, north in degrees.
    pub bbox: String,
    /// The view code that reopens this map (`koridor open CODE`).
    pub view: String,
}

impl Metadata {
    /// The metadata of an export of `request` drawn through `view` at `size` device px.
    pub(crate) fn of(
        dataset: &Dataset,
        index: &RouteIndex,
        request: &ExportRequest,
        view: &Viewport,
        size: [u32; 2],
    ) -> Self {
        let (title, _) = heading(dataset, request);
        Self {
            title,
            description: alt_text(dataset, index, request, view),
            route: match &request.framing {
                Framing::Route(id) => id.clone(),
                Framing::View { .. } => String::new(),
            },
            date: request.at.to_rfc3339(),
            source: dataset.origin.clone(),
            // The metadata stays in English, whatever the language drawn: tools read it.
            copyright: attribution_for(
                &request.tiles,
                super::open_archive(&request.tiles).0.as_deref(),
                Lang::En,
            ),
            software: format!("Koridor {}", env!("CARGO_PKG_VERSION")),
            bbox: GeoRef::of(view, size).bbox_text(),
            view: super::view_code(index, request, view).to_text(),
        }
    }

    /// The pairs, keyed as the PNG's text chunks are.
    pub(crate) fn pairs(&self) -> [(&'static str, &str); 10] {
        [
            ("Title", &self.title),
            ("Koridor-Route", &self.route),
            ("Koridor-Date", &self.date),
            ("Source", &self.source),
            ("Copyright", &self.copyright),
            ("Software", &self.software),
            ("Koridor-BBox", &self.bbox),
            ("Koridor-CRS", CRS),
            ("Koridor-View", &self.view),
            ("Description", &self.description),
        ]
    }

    /// The pairs other than title and description as `Key: value`, for a PDF's keywords.
    pub(crate) fn keywords(&self) -> Vec<String> {
        self.pairs()
            .iter()
            .filter(|(k, _)| !matches!(*k, "Title" | "Description"))
            .map(|(k, v)| format!("{k}: {v}"))
            .collect()
    }
}
