//! The two vector schemas Koridor draws — the Protomaps basemap (v4) and OpenMapTiles — and how
//! each one's layers and tags map onto Koridor's few classes of map feature.

use std::collections::HashMap;

use mvt_reader::feature::Value;

/// A vector tile schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schema {
    /// The Protomaps basemap (layers `earth`, `water`, `landuse`, `roads`, `places`, …).
    Protomaps,
    /// OpenMapTiles (layers `water`, `waterway`, `landcover`, `transportation`, `place`, …).
    OpenMapTiles,
}

impl Schema {
    /// The schema whose characteristic layers are among `layers`.
    ///
    /// ```
    /// use koridor::archive::Schema;
    /// assert_eq!(Schema::detect(&["earth".into(), "roads".into()]), Some(Schema::Protomaps));
    /// assert_eq!(Schema::detect(&["transportation".into()]), Some(Schema::OpenMapTiles));
    /// assert_eq!(Schema::detect(&["streets".into()]), None);
    /// ```
    #[must_use]
    pub fn detect(layers: &[String]) -> Option<Self> {
        let has = |name: &str| layers.iter().any(|l| l == name);
        if has("earth") || has("roads") || has("places") {
            Some(Self::Protomaps)
        } else if has("transportation") || has("waterway") || has("place") || has("landcover") {
            Some(Self::OpenMapTiles)
        } else {
            None
        }
    }

    /// What a feature of `layer` with `tags` is drawn as; `None` for what Koridor leaves out
    /// (points of interest, labels of roads and water, address points).
    pub(crate) fn classify(
        self,
        layer: &str,
        tags: &HashMap<String, Value>,
        shape: Shape,
    ) -> Option<Class> {
        let text = |key: &str| match tags.get(key) {
            Some(Value::String(s)) => s.as_str(),
            _ => "",
        };
        match self {
            Self::Protomaps => protomaps(layer, text("kind"), tags, shape),
            Self::OpenMapTiles => openmaptiles(layer, text("class"), tags, shape),
        }
    }
}

/// A feature's geometry type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Area,
    Line,
    Point,
}

/// Road classes, most important first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Road {
    Highway,
    Major,
    Minor,
    Path,
}

/// What Koridor draws, in drawing order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Class {
    /// Land (Protomaps' `earth`; an OpenMapTiles tile is land wherever it is not water).
    Land,
    Farmland,
    Green,
    Urban,
    Industrial,
    Water,
    /// Rivers (0), canals (1), streams and ditches (2).
    Waterway(u8),
    Building,
    /// Country borders (true) or lower boundaries.
    Boundary(bool),
    Rail,
    Road(Road),
    /// Cities (0), towns (1), villages (2), parts of a town (3).
    Place(u8),
}

fn number(tags: &HashMap<String, Value>, key: &str) -> Option<f64> {
    #[expect(
        clippy::cast_precision_loss,
        reason = "admin levels and ranks are small numbers"
    )]
    match tags.get(key)? {
        Value::Int(i) | Value::SInt(i) => Some(*i as f64),
        Value::UInt(u) => Some(*u as f64),
        Value::Float(f) => Some(f64::from(*f)),
        Value::Double(d) => Some(*d),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn landuse(kind: &str) -> Option<Class> {
    Some(match kind {
        "park" | "forest" | "wood" | "grass" | "grassland" | "scrub" | "nature_reserve"
        | "protected_area" | "national_park" | "cemetery" | "garden" | "golf_course" | "meadow"
        | "wetland" | "recreation_ground" | "playground" | "pitch" => Class::Green,
        "farmland" | "farm" | "orchard" | "vineyard" | "allotments" => Class::Farmland,
        "residential" | "urban_area" | "commercial" | "retail" | "neighbourhood" | "school"
        | "university" | "college" | "hospital" | "stadium" => Class::Urban,
        "industrial" | "railway" | "military" | "quarry" | "landfill" | "brownfield"
        | "construction" | "aerodrome" | "airfield" => Class::Industrial,
        _ => return None,
    })
}

fn protomaps(
    layer: &str,
    kind: &str,
    tags: &HashMap<String, Value>,
    shape: Shape,
) -> Option<Class> {
    match (layer, shape) {
        ("earth", Shape::Area) => Some(Class::Land),
        ("water", Shape::Area) => Some(Class::Water),
        ("water", Shape::Line) => Some(Class::Waterway(match kind {
            "river" => 0,
            "canal" => 1,
            _ => 2,
        })),
        ("landuse" | "landcover", Shape::Area) => landuse(kind),
        ("buildings", Shape::Area) => Some(Class::Building),
        ("boundaries", Shape::Line) => Some(Class::Boundary(kind == "country")),
        ("transit", Shape::Line) if kind == "rail" => Some(Class::Rail),
        ("roads", Shape::Line) => Some(Class::Road(match kind {
            "highway" => Road::Highway,
            "major_road" => Road::Major,
            "path" => Road::Path,
            "rail" => return Some(Class::Rail),
            "ferry" => return None,
            _ => Road::Minor,
        })),
        ("places", Shape::Point) => match kind {
            "locality" => {
                let rank = number(tags, "population_rank").unwrap_or(0.0);
                Some(Class::Place(if rank >= 11.0 {
                    0
                } else if rank >= 8.0 {
                    1
                } else {
                    2
                }))
            }
            "neighbourhood" | "macrohood" => Some(Class::Place(3)),
            _ => None,
        },
        _ => None,
    }
}

fn openmaptiles(
    layer: &str,
    class: &str,
    tags: &HashMap<String, Value>,
    shape: Shape,
) -> Option<Class> {
    match (layer, shape) {
        ("water", Shape::Area) => Some(Class::Water),
        ("waterway", Shape::Line) => Some(Class::Waterway(match class {
            "river" => 0,
            "canal" => 1,
            _ => 2,
        })),
        ("landcover" | "landuse", Shape::Area) => landuse(class),
        ("park", Shape::Area) => Some(Class::Green),
        ("building", Shape::Area) => Some(Class::Building),
        ("boundary", Shape::Line) => {
            if number(tags, "maritime").is_some_and(|m| m > 0.0) {
                return None;
            }
            Some(Class::Boundary(
                number(tags, "admin_level").is_some_and(|l| l <= 2.0),
            ))
        }
        ("transportation", Shape::Line) => Some(match class {
            "motorway" | "trunk" => Class::Road(Road::Highway),
            "primary" | "secondary" => Class::Road(Road::Major),
            "tertiary" | "minor" | "service" | "track" | "raceway" => Class::Road(Road::Minor),
            "path" => Class::Road(Road::Path),
            "rail" | "transit" => Class::Rail,
            _ => return None,
        }),
        ("place", Shape::Point) => match class {
            "city" => Some(Class::Place(0)),
            "town" => Some(Class::Place(1)),
            "village" | "hamlet" => Some(Class::Place(2)),
            "suburb" | "quarter" | "neighbourhood" => Some(Class::Place(3)),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, Value)]) -> HashMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn a_protomaps_major_road_and_an_openmaptiles_primary_road_are_the_same_class() {
        let pm = Schema::Protomaps.classify(
            "roads",
            &tags(&[("kind", Value::String("major_road".into()))]),
            Shape::Line,
        );
        let omt = Schema::OpenMapTiles.classify(
            "transportation",
            &tags(&[("class", Value::String("primary".into()))]),
            Shape::Line,
        );
        assert_eq!(pm, Some(Class::Road(Road::Major)));
        assert_eq!(pm, omt);
    }

    #[test]
    fn an_openmaptiles_country_border_is_admin_level_2_and_not_at_sea() {
        let border = |level: i64, maritime: i64| {
            Schema::OpenMapTiles.classify(
                "boundary",
                &tags(&[
                    ("admin_level", Value::Int(level)),
                    ("maritime", Value::Int(maritime)),
                ]),
                Shape::Line,
            )
        };
        assert_eq!(border(2, 0), Some(Class::Boundary(true)));
        assert_eq!(border(4, 0), Some(Class::Boundary(false)));
        assert_eq!(border(2, 1), None);
    }

    #[test]
    fn points_of_interest_are_left_out() {
        assert_eq!(
            Schema::Protomaps.classify("pois", &tags(&[]), Shape::Point),
            None
        );
    }
}
