//! The embedded basemap layers, projected to unit Web Mercator once and kept in memory.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::Value;

use super::names_uk;
use crate::projection::{LonLat, UnitPoint, UnitRect, bounding};

/// A polygon: outer ring then holes, each a closed list of unit-coordinate points.
#[derive(Debug, Clone)]
pub struct Polygon {
    /// Rings, outer first.
    pub rings: Vec<Vec<UnitPoint>>,
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
    pub points: Vec<UnitPoint>,
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

const COUNTRIES: &str = include_str!("../../assets/basemap/countries.geojson");
const BORDERS: &str = include_str!("../../assets/basemap/borders.geojson");
const REGIONS: &str = include_str!("../../assets/basemap/ua_oblast_lines.geojson");
const TOWNS: &str = include_str!("../../assets/basemap/towns_geonames.geojson");
const LAKES: &str = include_str!("../../assets/basemap/lakes.geojson");
const RIVERS: &str = include_str!("../../assets/basemap/rivers.geojson");

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
        let countries = features("countries.geojson", COUNTRIES)?
            .iter()
            .map(|f| Country {
                a3: prop(f, "a3"),
                name_en: prop(f, "name_en"),
                name_uk: prop(f, "name_uk"),
                polygons: polygons(f.get("geometry")),
            })
            .collect();
        let mut towns: Vec<Town> = features("towns_geonames.geojson", TOWNS)?
            .iter()
            .filter_map(|f| {
                let c = f.pointer("/geometry/coordinates")?.as_array()?;
                Some(Town {
                    geonameid: f
                        .pointer("/properties/geonameid")
                        .and_then(Value::as_u64)
                        .unwrap_or(0),
                    name: prop(f, "name"),
                    name_uk: f
                        .pointer("/properties/name_uk")
                        .and_then(Value::as_str)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned),
                    cc: prop(f, "cc"),
                    fc: prop(f, "fc"),
                    pop: f
                        .pointer("/properties/pop")
                        .and_then(Value::as_u64)
                        .unwrap_or(0),
                    at: LonLat::new(c.first()?.as_f64()?, c.get(1)?.as_f64()?).to_unit(),
                })
            })
            .collect();
        name_in_ukrainian(&mut towns, &names_uk::parse(names_uk::TABLE)?)?;
        towns.sort_by(|a, b| a.rank().cmp(&b.rank()).then(b.pop.cmp(&a.pop)));
        let lakes = features("lakes.geojson", LAKES)?
            .iter()
            .flat_map(|f| polygons(f.get("geometry")))
            .collect();
        Ok(Self {
            countries,
            borders: lines("borders.geojson", BORDERS)?,
            regions: lines("ua_oblast_lines.geojson", REGIONS)?,
            towns,
            lakes,
            rivers: rivers()?,
            extent: UnitRect::new(
                LonLat::new(20.0, 56.0).to_unit().coord(),
                LonLat::new(42.0, 43.0).to_unit().coord(),
            ),
        })
    }
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

/// The river lines with their level (a river without a level 1–3 is an error in the layer).
fn rivers() -> Result<Vec<(u8, Line)>, BasemapError> {
    let mut out = Vec::new();
    for feature in features("rivers.geojson", RIVERS)? {
        let level = feature
            .pointer("/properties/level")
            .and_then(Value::as_u64)
            .and_then(|l| u8::try_from(l).ok())
            .filter(|l| (1..=3).contains(l))
            .ok_or_else(|| BasemapError {
                layer: "rivers.geojson",
                message: "a river without a level 1, 2 or 3".into(),
            })?;
        let mut lines = Vec::new();
        if let Some(geometry) = feature.get("geometry") {
            collect_lines(geometry, &mut lines);
        }
        out.extend(lines.into_iter().map(|line| (level, line)));
    }
    Ok(out)
}

fn features(layer: &'static str, text: &str) -> Result<Vec<Value>, BasemapError> {
    let root: Value = serde_json::from_str(text).map_err(|e| BasemapError {
        layer,
        message: e.to_string(),
    })?;
    match root {
        Value::Object(mut map) => match map.remove("features") {
            Some(Value::Array(features)) => Ok(features),
            _ => Err(BasemapError {
                layer,
                message: "no features array".into(),
            }),
        },
        _ => Err(BasemapError {
            layer,
            message: "not a FeatureCollection".into(),
        }),
    }
}

fn prop(feature: &Value, key: &str) -> String {
    feature
        .pointer(&format!("/properties/{key}"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn ring(value: &Value) -> Vec<UnitPoint> {
    value
        .as_array()
        .map(|points| {
            points
                .iter()
                .filter_map(|p| {
                    Some(LonLat::new(p.get(0)?.as_f64()?, p.get(1)?.as_f64()?).to_unit())
                })
                .collect()
        })
        .unwrap_or_default()
}

fn polygon(rings: &Value) -> Option<Polygon> {
    let rings: Vec<Vec<UnitPoint>> = rings.as_array()?.iter().map(ring).collect();
    let bbox = bounding(rings.first()?.iter().copied())?;
    Some(Polygon { rings, bbox })
}

fn polygons(geometry: Option<&Value>) -> Vec<Polygon> {
    let Some(geometry) = geometry else {
        return Vec::new();
    };
    let coords = geometry.get("coordinates");
    match (geometry.get("type").and_then(Value::as_str), coords) {
        (Some("Polygon"), Some(c)) => polygon(c).into_iter().collect(),
        (Some("MultiPolygon"), Some(Value::Array(polys))) => {
            polys.iter().filter_map(polygon).collect()
        }
        _ => Vec::new(),
    }
}

fn collect_lines(geometry: &Value, out: &mut Vec<Line>) {
    let coords = geometry.get("coordinates");
    match (geometry.get("type").and_then(Value::as_str), coords) {
        (Some("LineString"), Some(c)) => push_line(ring(c), out),
        (Some("MultiLineString"), Some(Value::Array(lines))) => {
            for l in lines {
                push_line(ring(l), out);
            }
        }
        (Some("GeometryCollection"), _) => {
            for g in geometry
                .get("geometries")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                collect_lines(g, out);
            }
        }
        _ => {}
    }
}

fn push_line(points: Vec<UnitPoint>, out: &mut Vec<Line>) {
    if points.len() >= 2
        && let Some(bbox) = bounding(points.iter().copied())
    {
        out.push(Line { bbox, points });
    }
}

/// Lines from a FeatureCollection, or from a bare geometry (the border layers are one
/// GeometryCollection).
fn lines(layer: &'static str, text: &str) -> Result<Vec<Line>, BasemapError> {
    let root: Value = serde_json::from_str(text).map_err(|e| BasemapError {
        layer,
        message: e.to_string(),
    })?;
    let mut out = Vec::new();
    match root.get("features").and_then(Value::as_array) {
        Some(features) => {
            for g in features.iter().filter_map(|f| f.get("geometry")) {
                collect_lines(g, &mut out);
            }
        }
        None => collect_lines(&root, &mut out),
    }
    if out.is_empty() {
        return Err(BasemapError {
            layer,
            message: "no lines".into(),
        });
    }
    Ok(out)
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
