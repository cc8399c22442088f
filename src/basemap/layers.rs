//! The embedded basemap layers, projected to unit Web Mercator at build time (`build.rs`,
//! [`super::packed`]) and kept in memory.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{names_uk, packed};
use crate::projection::{LonLat, UnitPoint, UnitRect};

/// Points in unit coordinates, each with the zoom from which it is drawn (worked out when the
/// build script packs the basemap: below that zoom, leaving the point out moves the line less
/// than 0.2 px).
#[derive(Debug, Clone, Default)]
pub struct Detailed {
    /// The points.
    pub points: Vec<UnitPoint>,
    /// For each point, the zoom from which it is drawn (0 for the ends).
    pub zooms: Vec<u8>,
}

/// A polygon: outer ring then holes, each a closed list of unit-coordinate points.
#[derive(Debug, Clone)]
pub struct Polygon {
    /// Rings, outer first.
    pub rings: Vec<Detailed>,
    /// Box around the outer ring.
    pub bbox: UnitRect,
}

/// A country shape from Ukraine's point of view (Crimea is Ukraine).
#[derive(Debug, Clone)]
pub struct Country {
    /// ISO 3166-1 alpha-3.
    pub a3: String,
    /// English name.
    pub name_en: String,
    /// Ukrainian name.
    pub name_uk: String,
    /// Its polygons.
    pub polygons: Vec<Polygon>,
}

/// An open line in unit coordinates.
#[derive(Debug, Clone)]
pub struct Line {
    /// Its points.
    pub line: Detailed,
    /// Box around them.
    pub bbox: UnitRect,
}

/// A populated place from GeoNames.
#[derive(Debug, Clone)]
pub struct Town {
    /// GeoNames id.
    pub geonameid: u64,
    /// English name.
    pub name: String,
    /// Ukrainian name, from GeoNames or Koridor's table (`names_uk.csv`); `None` where neither
    /// has one, and such a town is not named in the Ukrainian map.
    pub name_uk: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub cc: String,
    /// GeoNames feature code (PPLC capital, PPLA regional capital, ...).
    pub fc: String,
    /// Population.
    pub pop: u64,
    /// Where it is.
    pub at: UnitPoint,
}

impl Town {
    /// 0 for a national capital, 1 for a regional capital, 2 otherwise.
    #[must_use]
    pub(crate) fn rank(&self) -> u8 {
        match self.fc.as_str() {
            "PPLC" => 0,
            "PPLA" => 1,
            _ => 2,
        }
    }
}

/// All basemap layers.
#[derive(Debug, Clone)]
pub struct Basemap {
    /// Country polygons.
    pub countries: Vec<Country>,
    /// Borders between countries.
    pub borders: Vec<Line>,
    /// Borders between Ukraine's regions.
    pub regions: Vec<Line>,
    /// Towns, most populous first.
    pub towns: Vec<Town>,
    /// Lakes and reservoirs (the Dnipro cascade, Sivash, …).
    pub lakes: Vec<Polygon>,
    /// Rivers by level: 1 permanent major, 2 additional major, 3 additional.
    pub rivers: Vec<(u8, Line)>,
    /// The area the layers cover (lon 20–42 E, lat 43–56 N).
    pub extent: UnitRect,
}

/// Why an embedded layer could not be read.
#[derive(Debug, Clone, thiserror::Error)]
#[error("basemap layer {layer}: {message}")]
pub struct BasemapError {
    /// The layer file.
    pub layer: &'static str,
    /// What is wrong.
    pub message: String,
}

impl Basemap {
    /// The embedded basemap, parsed once per process.
    ///
    /// # Errors
    /// If an embedded layer is malformed (the test suite rules this out).
    pub fn embedded() -> Result<&'static Self, BasemapError> {
        static BASEMAP: OnceLock<Result<Basemap, BasemapError>> = OnceLock::new();
        BASEMAP
            .get_or_init(Self::parse_embedded)
            .as_ref()
            .map_err(Clone::clone)
    }

    fn parse_embedded() -> Result<Self, BasemapError> {
        let mut basemap = packed::unpack(packed::PACKED)?;
        name_in_ukrainian(&mut basemap.towns, &names_uk::parse(names_uk::TABLE)?)?;
        basemap
            .towns
            .sort_by(|a, b| a.rank().cmp(&b.rank()).then(b.pop.cmp(&a.pop)));
        Ok(basemap)
    }
}

/// The area the embedded layers cover (lon 20–42 E, lat 43–56 N).
pub(super) fn extent() -> UnitRect {
    UnitRect::new(
        LonLat::new(20.0, 56.0).to_unit().coord(),
        LonLat::new(42.0, 43.0).to_unit().coord(),
    )
}

/// Gives each town its Ukrainian name from the table, and drops a GeoNames "Ukrainian" name
/// that is not written in the Ukrainian alphabet (a Latin name, a Russian one).
///
/// # Errors
/// If a row names a town the layer does not have.
fn name_in_ukrainian(towns: &mut [Town], table: &[names_uk::UkName]) -> Result<(), BasemapError> {
    let index: HashMap<u64, usize> = towns
        .iter()
        .enumerate()
        .map(|(i, t)| (t.geonameid, i))
        .collect();
    for row in table {
        let town = index
            .get(&row.geonameid)
            .and_then(|&i| towns.get_mut(i))
            .ok_or_else(|| BasemapError {
                layer: names_uk::FILE,
                message: format!(
                    "line {}: field `geonameid`: {} is not a town of towns_geonames.geojson",
                    row.line, row.geonameid
                ),
            })?;
        town.name_uk = Some(row.name_uk.clone());
    }
    for town in towns {
        if town
            .name_uk
            .as_deref()
            .is_some_and(|n| !names_uk::is_ukrainian(n))
        {
            town.name_uk = None;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_layers_parse_with_ukraine_and_its_towns() {
        let basemap = Basemap::embedded().expect("embedded basemap parses");
        assert_eq!(basemap.countries.len(), 14);
        assert!(
            basemap
                .countries
                .iter()
                .any(|c| c.a3 == "UKR" && !c.polygons.is_empty())
        );
        assert_eq!(basemap.towns.len(), 1549);
        assert_eq!(basemap.towns[0].fc, "PPLC");
        assert!(
            basemap
                .towns
                .iter()
                .any(|t| t.name == "Kyiv" && t.name_uk.as_deref() == Some("Київ"))
        );
        assert!(!basemap.borders.is_empty() && !basemap.regions.is_empty());
    }
}
