//! JSON text to a `serde_json::Value` tree in one pass, reporting what `serde_json` would pass
//! over in silence: a key given twice in one object. `serde_json` keeps the last one, another
//! reader may keep the first, so an `id` or a `status` could change meaning between tools.

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{Location, Problem};

/// One step of a path into the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// What the walk found besides the tree.
#[derive(Debug, Default)]
struct Walk {
    path: Vec<Segment>,
    duplicates: Vec<Vec<Segment>>,
}

/// Reads `bytes` as one JSON value; every key that appears twice in one object is returned as a
/// [`Problem`] naming the feature and the field (the tree keeps the last, as `serde_json` does).
pub(crate) fn read(bytes: &[u8]) -> Result<(Value, Vec<Problem>), serde_json::Error> {
    let mut walk = Walk::default();
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    let value = ValueSeed { walk: &mut walk }.deserialize(&mut reader)?;
    reader.end()?;
    let problems = walk
        .duplicates
        .iter()
        .map(|path| duplicate_problem(&value, path))
        .collect();
    Ok((value, problems))
}

fn duplicate_problem(root: &Value, path: &[Segment]) -> Problem {
    let key = match path.last() {
        Some(Segment::Key(key)) => key.as_str(),
        _ => "",
    };
    let message = format!(
        "`{key}` is given twice in one object; readers disagree on which one counts: keep one"
    );
    let location = match path {
        [Segment::Key(features), Segment::Index(index), rest @ ..] if features == "features" => {
            Location::Feature {
                index: *index,
                id: root
                    .pointer(&format!("/features/{index}/properties/id"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
                field: render(rest),
            }
        }
        _ => Location::Member {
            field: render(path),
        },
    };
    Problem { location, message }
}

/// `properties.events[2].status`.
fn render(path: &[Segment]) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

struct ValueSeed<'a> {
    walk: &'a mut Walk,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // JSON has no NaN or infinity, so this is always a number.
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        loop {
            self.walk.path.push(Segment::Index(items.len()));
            let item = seq.next_element_seed(ValueSeed {
                walk: &mut *self.walk,
            });
            self.walk.path.pop();
            match item? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.walk.path.push(Segment::Key(key));
            let value = map.next_value_seed(ValueSeed {
                walk: &mut *self.walk,
            });
            let Some(Segment::Key(key)) = self.walk.path.pop() else {
                return Err(de::Error::custom("internal: path out of step"));
            };
            if object.contains_key(&key) {
                let mut path = self.walk.path.clone();
                path.push(Segment::Key(key.clone()));
                self.walk.duplicates.push(path);
            }
            object.insert(key, value?);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_is_the_one_serde_json_reads() {
        let text = br#"{"a": [1, -2, 3.5, "x", null, true, {"b": {}}], "c": "\u00e9"}"#;
        let (value, problems) = read(text).unwrap();
        assert_eq!(value, serde_json::from_slice::<Value>(text).unwrap());
        assert!(problems.is_empty());
    }

    #[test]
    fn a_key_given_twice_in_a_feature_names_the_feature_and_the_field() {
        let text = br#"{"features": [{}, {"properties": {"id": "a", "events": [{"status": "agreed", "status": "failed"}], "id": "b"}}]}"#;
        let (_, problems) = read(text).unwrap();
        let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "feature 1 (b), field `properties.events[0].status`: `status` is given twice in one object; readers disagree on which one counts: keep one",
                "feature 1 (b), field `properties.id`: `id` is given twice in one object; readers disagree on which one counts: keep one",
            ]
        );
    }

    #[test]
    fn a_key_given_twice_outside_the_features_names_the_member() {
        let (_, problems) = read(br#"{"name": "x", "claims": [{"date": 1, "date": 2}]}"#).unwrap();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .to_string()
                .starts_with("field `claims[0].date`: `date` is given twice"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn malformed_json_is_still_an_error_with_its_position() {
        let err = read(b"{\"a\": [1,}").unwrap_err();
        assert_eq!(err.line(), 1);
    }
}
