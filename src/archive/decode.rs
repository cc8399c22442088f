//! One MVT tile decoded (by `mvt-reader`) into Koridor's classes: rings, lines and named
//! points in the tile's own unit square (0–1 across, y down), grouped by what they are drawn
//! as, in drawing order.

use std::collections::{BTreeMap, HashMap};

use geo::Geometry;
use mvt_reader::Reader;
use mvt_reader::feature::Value;

use super::schema::{Class, Schema, Shape};
use crate::basemap::is_ukrainian;

/// A place to name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Place {
    /// Where, in the tile's unit square.
    pub at: [f32; 2],
    /// Its English (or Latin-script) name.
    pub name_en: Option<String>,
    /// Its Ukrainian name.
    pub name_uk: Option<String>,
    /// Larger first among places of one class.
    pub weight: f64,
}

/// A decoded vector tile.
#[derive(Debug, Default)]
pub struct VectorTile {
    /// Rings (areas) or runs (lines) of each class, in the unit square.
    pub(crate) shapes: BTreeMap<Class, Vec<Vec<[f32; 2]>>>,
    /// Places to name, by class.
    pub(crate) places: BTreeMap<Class, Vec<Place>>,
}

impl VectorTile {
    /// Decodes `bytes` (an uncompressed MVT tile) in `schema`.
    ///
    /// # Errors
    /// The decoder's message when the bytes are not a vector tile.
    pub fn decode(bytes: Vec<u8>, schema: Schema) -> Result<Self, String> {
        let reader = Reader::new(bytes).map_err(|e| e.to_string())?;
        let layers = reader.get_layer_metadata().map_err(|e| e.to_string())?;
        let mut tile = Self::default();
        for layer in layers {
            #[expect(
                clippy::cast_precision_loss,
                reason = "tile extents are small powers of two"
            )]
            let scale = 1.0 / layer.extent.max(1) as f32;
            let features = reader
                .get_features(layer.layer_index)
                .map_err(|e| format!("layer {}: {e}", layer.name))?;
            for feature in features {
                tile.add(schema, &layer.name, feature, scale);
            }
        }
        Ok(tile)
    }

    fn add(
        &mut self,
        schema: Schema,
        layer: &str,
        feature: mvt_reader::feature::Feature,
        scale: f32,
    ) {
        let shape = match &feature.geometry {
            Geometry::Polygon(_) | Geometry::MultiPolygon(_) => Shape::Area,
            Geometry::LineString(_) | Geometry::MultiLineString(_) => Shape::Line,
            Geometry::Point(_) | Geometry::MultiPoint(_) => Shape::Point,
            _ => return,
        };
        let empty = HashMap::new();
        let tags = feature.properties.as_ref().unwrap_or(&empty);
        let Some(class) = schema.classify(layer, tags, shape) else {
            return;
        };
        let run = |line: &geo::LineString<f32>| -> Vec<[f32; 2]> {
            line.0.iter().map(|c| [c.x * scale, c.y * scale]).collect()
        };
        match feature.geometry {
            Geometry::Polygon(p) => {
                let runs = self.shapes.entry(class).or_default();
                runs.push(run(p.exterior()));
                runs.extend(p.interiors().iter().map(run));
            }
            Geometry::MultiPolygon(mp) => {
                let runs = self.shapes.entry(class).or_default();
                for p in &mp.0 {
                    runs.push(run(p.exterior()));
                    runs.extend(p.interiors().iter().map(run));
                }
            }
            Geometry::LineString(l) => self.shapes.entry(class).or_default().push(run(&l)),
            Geometry::MultiLineString(ml) => self
                .shapes
                .entry(class)
                .or_default()
                .extend(ml.0.iter().map(run)),
            Geometry::Point(p) => self.add_place(class, [p.x() * scale, p.y() * scale], tags),
            Geometry::MultiPoint(mp) => {
                if let Some(p) = mp.0.first() {
                    self.add_place(class, [p.x() * scale, p.y() * scale], tags);
                }
            }
            _ => {}
        }
    }

    fn add_place(&mut self, class: Class, at: [f32; 2], tags: &HashMap<String, Value>) {
        let text = |key: &str| match tags.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
            _ => None,
        };
        let name = text("name");
        let name_en = text("name:en")
            .or_else(|| text("name_en"))
            .or_else(|| name.clone().filter(|n| is_latin(n)));
        let name_uk = text("name:uk").or_else(|| name.filter(|n| is_ukrainian(n)));
        if name_en.is_none() && name_uk.is_none() {
            return;
        }
        #[expect(
            clippy::cast_precision_loss,
            reason = "populations and ranks only order places"
        )]
        let weight = match tags
            .get("population")
            .or_else(|| tags.get("population_rank"))
        {
            Some(Value::Int(i) | Value::SInt(i)) => *i as f64,
            Some(Value::UInt(u)) => *u as f64,
            Some(Value::Double(d)) => *d,
            Some(Value::Float(f)) => f64::from(*f),
            _ => match tags.get("rank") {
                // OpenMapTiles: a lower rank is more important.
                Some(Value::Int(i) | Value::SInt(i)) => -(*i as f64),
                Some(Value::UInt(u)) => -(*u as f64),
                _ => 0.0,
            },
        };
        self.places.entry(class).or_default().push(Place {
            at,
            name_en,
            name_uk,
            weight,
        });
    }

    /// How many rings and runs the tile holds (for tests and benches).
    #[must_use]
    pub fn shape_count(&self) -> usize {
        self.shapes.values().map(Vec::len).sum()
    }
}

/// The names of a tile's layers.
pub(crate) fn layer_names(bytes: &[u8]) -> Result<Vec<String>, String> {
    Reader::new(bytes.to_vec())
        .and_then(|r| r.get_layer_names())
        .map_err(|e| e.to_string())
}

/// Latin letters (and digits, spaces, punctuation) only.
fn is_latin(name: &str) -> bool {
    name.chars().all(|c| {
        !c.is_alphabetic() || c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_ukrainian_only_without_russian_or_belarusian_letters() {
        assert!(is_ukrainian("Ірпінь"));
        assert!(is_ukrainian("Буча"));
        assert!(!is_ukrainian("Белгород, Россия ъ"));
        assert!(!is_ukrainian("Мазыр"));
        assert!(!is_ukrainian("Irpin"));
        assert!(is_latin("Irpin"));
        assert!(is_latin("Zaporizhzhia"));
        assert!(!is_latin("Ірпінь"));
    }

    #[test]
    fn bytes_that_are_not_a_vector_tile_are_an_error() {
        assert!(VectorTile::decode(vec![0xff; 40], Schema::Protomaps).is_err());
    }
}
