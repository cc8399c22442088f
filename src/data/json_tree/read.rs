//! Reading JSON text into the tree, one pass, reporting each key given twice in one object;
//! and reading a collection whose features are left as text, each read on its own.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::value::{Map, Number, Value};
use crate::data::{Location, Problem};

/// One step of a path into the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

/// What the walk found besides the tree.
#[derive(Debug, Default)]
struct Walk<'a> {
    path: Vec<Segment<'a>>,
    duplicates: Vec<Vec<Segment<'a>>>,
    /// The items of the arrays being read, innermost last: an array is moved out into a
    /// vector of its exact length when it ends, so no vector grows item by item.
    items: Vec<Value<'a>>,
    /// The same for the members of the objects being read.
    members: Vec<(Cow<'a, str>, Value<'a>)>,
    /// Set when reading a collection ([`read_collection`]): the texts of the items of its
    /// `features` array, left unread.
    features: Option<Vec<&'a RawValue>>,
}

impl Walk<'_> {
    /// Whether the array being read is a collection's `features`, to be left as text.
    fn at_collection_features(&self) -> bool {
        self.features.is_some()
            && matches!(self.path.as_slice(), [Segment::Key(key)] if key == "features")
    }
}

/// Reads `bytes` as one JSON value; every key that appears twice in one object is returned as a
/// [`Problem`] naming the feature and the field (the tree keeps the last, as `serde_json` does).
#[cfg(test)]
pub(crate) fn read(bytes: &[u8]) -> Result<(Value<'_>, Vec<Problem>), serde_json::Error> {
    let mut walk = Walk::default();
    let value = read_value(bytes, &mut walk)?;
    let problems = walk
        .duplicates
        .iter()
        .map(|path| {
            let feature = match path.as_slice() {
                [Segment::Key(features), Segment::Index(index), ..] if features == "features" => {
                    value.pointer(&format!("/features/{index}"))
                }
                _ => None,
            };
            duplicate_problem(path, feature)
        })
        .collect();
    Ok((value, problems))
}

/// Reads `bytes` as one JSON value (nothing but whitespace after it) along `walk`. Text that is
/// UTF-8 throughout (checked in one pass, with vector instructions) is read as text, so its
/// strings are not checked again one by one; otherwise `serde_json` reads the bytes and names
/// the line and column of the first that is not.
fn read_value<'a>(bytes: &'a [u8], walk: &mut Walk<'a>) -> Result<Value<'a>, serde_json::Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => read_text(text, walk),
        Err(_) => read_from(&mut serde_json::Deserializer::from_slice(bytes), walk),
    }
}

/// [`read_value`] for text already known to be UTF-8.
fn read_text<'a>(text: &'a str, walk: &mut Walk<'a>) -> Result<Value<'a>, serde_json::Error> {
    read_from(&mut serde_json::Deserializer::from_str(text), walk)
}

fn read_from<'a, R: serde_json::de::Read<'a>>(
    reader: &mut serde_json::Deserializer<R>,
    walk: &mut Walk<'a>,
) -> Result<Value<'a>, serde_json::Error> {
    let value = ValueSeed { walk }.deserialize(&mut *reader)?;
    reader.end()?;
    Ok(value)
}

/// What a collection's `features` member was.
#[derive(Debug)]
pub(crate) enum FeaturesMember<'a> {
    /// There was none.
    Missing,
    /// An array: each item's text, checked to be JSON but not yet read.
    Array(Vec<&'a RawValue>),
    /// Something else.
    Other(Value<'a>),
}

/// The root of a collection read by [`read_collection`].
#[derive(Debug)]
pub(crate) enum Root<'a> {
    /// An object: its members but `features`, and what `features` was.
    Object {
        /// The other members, in file order.
        members: Map<'a>,
        /// The `features` member.
        features: FeaturesMember<'a>,
    },
    /// Not an object.
    Other(Value<'a>),
}

/// Reads a collection in one pass that checks all of it is JSON but leaves each feature as its
/// text, to be read on its own by [`read_feature`]: the features can then be read and checked on
/// all cores, and no tree of the whole file is ever held. Returns the rest of the root and a
/// problem for each key given twice outside the features (those inside come with their
/// feature).
pub(crate) fn read_collection(bytes: &[u8]) -> Result<(Root<'_>, Vec<Problem>), serde_json::Error> {
    let mut walk = Walk {
        features: Some(Vec::new()),
        ..Walk::default()
    };
    let value = read_value(bytes, &mut walk)?;
    let problems = walk
        .duplicates
        .iter()
        .map(|path| duplicate_problem(path, None))
        .collect();
    let root = match value {
        Value::Object(mut members) => {
            let features = match members.remove("features") {
                None => FeaturesMember::Missing,
                // An array there is always the stand-in of one whose items were left as text.
                Some(Value::Array(_)) => FeaturesMember::Array(walk.features.unwrap_or_default()),
                Some(other) => FeaturesMember::Other(other),
            };
            Root::Object { members, features }
        }
        other => Root::Other(other),
    };
    Ok((root, problems))
}

/// Reads feature `index` of a collection from its text (as [`read_collection`] left it), with a
/// problem for each key given twice in it.
pub(crate) fn read_feature(raw: &RawValue, index: usize) -> (Value<'_>, Vec<Problem>) {
    let mut walk = Walk {
        path: vec![
            Segment::Key(Cow::Borrowed("features")),
            Segment::Index(index),
        ],
        ..Walk::default()
    };
    match read_text(raw.get(), &mut walk) {
        Ok(value) => {
            let problems = walk
                .duplicates
                .iter()
                .map(|path| duplicate_problem(path, Some(&value)))
                .collect();
            (value, problems)
        }
        // `read_collection` has read this text as JSON already; should it differ, the feature
        // is reported, never a panic.
        Err(e) => (
            Value::Null,
            vec![Problem {
                location: Location::Feature {
                    index,
                    id: None,
                    field: String::new(),
                },
                message: format!("malformed JSON: {e}"),
            }],
        ),
    }
}

/// The problem of a key given twice at `path`; `feature` is the feature it is in, if any, for
/// its id.
fn duplicate_problem(path: &[Segment<'_>], feature: Option<&Value<'_>>) -> Problem {
    let key = match path.last() {
        Some(Segment::Key(key)) => key.as_ref(),
        _ => "",
    };
    let message = format!(
        "`{key}` is given twice in one object; readers disagree on which one counts: keep one"
    );
    let location = match path {
        [Segment::Key(features), Segment::Index(index), rest @ ..] if features == "features" => {
            Location::Feature {
                index: *index,
                id: feature
                    .and_then(|f| f.pointer("/properties/id"))
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
fn render(path: &[Segment<'_>]) -> String {
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

struct ValueSeed<'w, 'de> {
    walk: &'w mut Walk<'de>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, 'de> {
    type Value = Value<'de>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Value<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Objects with more members than this find a repeated key through a hash map, so that a
/// hostile object of many keys costs linear time, not quadratic.
const LINEAR_KEYS: usize = 16;

impl<'de> Visitor<'de> for ValueSeed<'_, 'de> {
    type Value = Value<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value<'de>, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value<'de>, E> {
        Ok(Value::Number(match u64::try_from(v) {
            Ok(n) => Number::U64(n),
            Err(_) => Number::I64(v),
        }))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value<'de>, E> {
        Ok(Value::Number(Number::U64(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value<'de>, E> {
        // JSON has no NaN or infinity; serde_json reads an overflowing number as an error.
        Ok(if v.is_finite() {
            Value::Number(Number::F64(v))
        } else {
            Value::Null
        })
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Value<'de>, E> {
        Ok(Value::String(Cow::Owned(v)))
    }

    fn visit_unit<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value<'de>, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value<'de>, A::Error> {
        if self.walk.at_collection_features() {
            // Each feature's text, checked to be JSON; the last `features` array is kept.
            let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
            while let Some(item) = seq.next_element::<&'de RawValue>()? {
                items.push(item);
            }
            self.walk.features = Some(items);
            return Ok(Value::Array(Vec::new()));
        }
        let start = self.walk.items.len();
        loop {
            self.walk
                .path
                .push(Segment::Index(self.walk.items.len() - start));
            let item = seq.next_element_seed(ValueSeed {
                walk: &mut *self.walk,
            });
            self.walk.path.pop();
            match item? {
                Some(item) => self.walk.items.push(item),
                None => return Ok(Value::Array(self.walk.items.drain(start..).collect())),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
        let start = self.walk.members.len();
        let mut index: HashMap<Cow<'de, str>, usize> = HashMap::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            self.walk.path.push(Segment::Key(key.clone()));
            let value = map.next_value_seed(ValueSeed {
                walk: &mut *self.walk,
            });
            self.walk.path.pop();
            let value = value?;
            let members = self.walk.members.get(start..).unwrap_or_default();
            let earlier = if members.len() < LINEAR_KEYS {
                members.iter().position(|(k, _)| *k == key)
            } else {
                if index.is_empty() {
                    index = members
                        .iter()
                        .enumerate()
                        .map(|(i, (k, _))| (k.clone(), i))
                        .collect();
                }
                index.get(&key).copied()
            };
            if let Some(at) = earlier {
                let mut path = self.walk.path.clone();
                path.push(Segment::Key(key.clone()));
                self.walk.duplicates.push(path);
                if let Some(entry) = self.walk.members.get_mut(start + at) {
                    entry.1 = value;
                }
                continue;
            }
            if !index.is_empty() {
                index.insert(key.clone(), members.len());
            }
            self.walk.members.push((key, value));
        }
        Ok(Value::Object(Map {
            entries: self.walk.members.drain(start..).collect(),
        }))
    }
}

/// A key, borrowed from the text unless it held an escape.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tree_is_the_one_serde_json_reads() {
        let text = br#"{"a": [1, -2, 3.5, "x", null, true, {"b": {}}], "c": "\u00e9", "d~/e": 18446744073709551615}"#;
        let (value, problems) = read(text).unwrap();
        let theirs: serde_json::Value = serde_json::from_slice(text).unwrap();
        assert_eq!(to_serde(&value), theirs);
        assert!(problems.is_empty());
        for pointer in [
            "/a/0", "/a/1", "/a/2", "/a/3", "/a/6/b", "/c", "/d~0~1e", "/a/9", "",
        ] {
            assert_eq!(
                value.pointer(pointer).map(to_serde).as_ref(),
                theirs.pointer(pointer),
                "{pointer}"
            );
        }
        let a = value.get("a").and_then(Value::as_array).unwrap();
        assert_eq!(a[1].as_i64(), theirs["a"][1].as_i64());
        assert_eq!(a[0].as_u64(), theirs["a"][0].as_u64());
        assert_eq!(a[2].as_f64(), theirs["a"][2].as_f64());
        assert_eq!(a[1].as_u64(), None);
    }

    #[test]
    fn strings_without_escapes_are_borrowed_from_the_text() {
        let (value, _) = read(br#"{"plain": "Kyiv", "escaped": "Ky\u0069v"}"#).unwrap();
        assert!(matches!(
            value.get("plain"),
            Some(Value::String(Cow::Borrowed("Kyiv")))
        ));
        assert!(matches!(value.get("escaped"), Some(Value::String(Cow::Owned(s))) if s == "Kyiv"));
    }

    #[test]
    fn a_key_given_twice_keeps_the_last_value_like_serde_json_in_small_and_large_objects() {
        for members in [2, LINEAR_KEYS + 5] {
            let mut text = String::from("{");
            for i in 0..members {
                text.push_str(&format!("\"k{i}\": {i}, "));
            }
            text.push_str("\"k1\": \"last\"}");
            let (value, problems) = read(text.as_bytes()).unwrap();
            let theirs: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(to_serde(&value), theirs, "{members}");
            assert_eq!(problems.len(), 1, "{members}");
            assert_eq!(value.as_object().map(Map::len), Some(members));
        }
    }

    #[test]
    fn an_object_of_many_keys_is_read_in_linear_time() {
        // 200,000 distinct keys: quadratic duplicate checks would take minutes.
        let mut text = String::from("{");
        for i in 0..200_000 {
            text.push_str(&format!("\"k{i}\":0,"));
        }
        text.push_str("\"end\":1}");
        let (value, problems) = read(text.as_bytes()).unwrap();
        assert!(problems.is_empty());
        assert_eq!(value.get("end").and_then(Value::as_u64), Some(1));
    }

    /// The same tree as a `serde_json::Value`, to compare the two readers.
    fn to_serde(value: &Value<'_>) -> serde_json::Value {
        match value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(Number::U64(n)) => serde_json::Value::from(*n),
            Value::Number(Number::I64(n)) => serde_json::Value::from(*n),
            Value::Number(Number::F64(n)) => serde_json::Value::from(*n),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(items) => serde_json::Value::Array(items.iter().map(to_serde).collect()),
            Value::Object(map) => serde_json::Value::Object(
                map.iter()
                    .map(|(k, v)| (k.to_owned(), to_serde(v)))
                    .collect(),
            ),
        }
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

    /// The problems of [`read_collection`] and of each feature through [`read_feature`], as
    /// lines, with the features' trees.
    fn read_in_parts(text: &[u8]) -> (Vec<String>, Vec<Value<'_>>) {
        let (root, problems) = read_collection(text).unwrap();
        let mut lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
        let mut trees = Vec::new();
        if let Root::Object {
            features: FeaturesMember::Array(items),
            ..
        } = root
        {
            for (index, item) in items.into_iter().enumerate() {
                let (tree, problems) = read_feature(item, index);
                lines.extend(problems.iter().map(ToString::to_string));
                trees.push(tree);
            }
        }
        (lines, trees)
    }

    #[test]
    fn features_read_one_by_one_are_the_trees_and_problems_of_the_whole_reader() {
        let text = br#"{"name": "x", "name": "y", "features": [{}, {"properties": {"id": "a", "events": [{"status": "agreed", "status": "failed"}], "id": "b"}}, [1, "\u00e9"]]}"#;
        let (whole, whole_problems) = read(text).unwrap();
        let (lines, trees) = read_in_parts(text);
        let mut expected: Vec<String> = whole_problems.iter().map(ToString::to_string).collect();
        expected.sort();
        let mut got = lines.clone();
        got.sort();
        assert_eq!(got, expected);
        assert_eq!(
            lines[0],
            "field `name`: `name` is given twice in one object; readers disagree on which one counts: keep one"
        );
        let whole_features = whole.get("features").and_then(Value::as_array).unwrap();
        assert_eq!(&trees, whole_features);
    }

    #[test]
    fn a_second_features_member_is_reported_and_the_last_kept() {
        let (root, problems) =
            read_collection(br#"{"features": [{"a": 1}], "features": [{}, {}]}"#).unwrap();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .to_string()
                .starts_with("field `features`: `features` is given twice")
        );
        let Root::Object {
            members,
            features: FeaturesMember::Array(items),
        } = root
        else {
            panic!("an object with a features array");
        };
        assert_eq!(items.len(), 2);
        assert_eq!(members.iter().count(), 0, "the stand-in is not a member");
    }

    #[test]
    fn a_root_or_features_that_is_not_what_a_collection_holds_is_read_as_a_tree() {
        let (root, _) = read_collection(br#"[1, 2]"#).unwrap();
        assert!(matches!(root, Root::Other(Value::Array(ref items)) if items.len() == 2));
        let (root, _) = read_collection(br#"{"features": {"a": 1}, "type": "x"}"#).unwrap();
        let Root::Object {
            members,
            features: FeaturesMember::Other(other),
        } = root
        else {
            panic!("an object whose features are not an array");
        };
        assert_eq!(other.get("a").and_then(Value::as_u64), Some(1));
        assert_eq!(members.get("type").and_then(Value::as_str), Some("x"));
        let (root, _) = read_collection(br#"{"type": "x"}"#).unwrap();
        assert!(matches!(
            root,
            Root::Object {
                features: FeaturesMember::Missing,
                ..
            }
        ));
    }

    #[test]
    fn malformed_json_inside_a_feature_is_an_error_of_the_first_pass_with_its_position() {
        let text = b"{\"features\": [{}, \n {\"a\": tru}]}";
        let err = read_collection(text).unwrap_err();
        let theirs = serde_json::from_slice::<serde_json::Value>(text).unwrap_err();
        assert_eq!(err.line(), 2);
        assert_eq!((err.line(), err.column()), (theirs.line(), theirs.column()));
    }

    #[test]
    fn malformed_json_is_still_an_error_with_its_position() {
        let err = read(b"{\"a\": [1,}").unwrap_err();
        assert_eq!(err.line(), 1);
    }

    #[test]
    fn text_that_is_not_utf8_is_an_error_at_its_line_and_column() {
        // Latin-1 "é" in a name on line 3.
        let text =
            b"{\"type\": \"FeatureCollection\",\n \"features\": [],\n \"name\": \"Kyiv caf\xE9\"}";
        let err = read_collection(text).unwrap_err();
        assert_eq!((err.line(), err.column()), (3, 19), "{err}");
        // The same text in UTF-8 is read.
        let fixed = String::from_utf8_lossy(text).replace('\u{FFFD}', "é");
        assert!(read_collection(fixed.as_bytes()).is_ok());
    }
}
