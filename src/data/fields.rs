//! Typed reads of JSON fields that record a problem instead of failing.

use std::str::FromStr;

use super::json_tree::{Map, Value};
use chrono::{DateTime, NaiveDate};

use super::{Location, Problem, Text, Time};

/// Longest id, in characters.
pub(crate) const MAX_ID_CHARS: usize = 100;
/// Longest name of a route, place, person, body or publication, in characters.
pub(crate) const MAX_NAME_CHARS: usize = 300;
/// Longest free text (a note, a quote, a link), in characters.
pub(crate) const MAX_TEXT_CHARS: usize = 10_000;

/// Most items in one list of a feature or of the collection (events, sources, claims, ...).
pub(crate) const MAX_ITEMS: usize = 1_000;
/// Most points in one route's line.
pub(crate) const MAX_POINTS: usize = 20_000;

/// The problem with a list of `count` items under `key`, over [`MAX_ITEMS`].
pub(crate) fn too_many(count: usize, key: &str) -> String {
    format!("{count} items; at most {MAX_ITEMS} are allowed in `{key}`")
}

/// `text` for a message: whole if short, else its start and "…", so that a message never
/// carries a whole oversized value.
pub(crate) fn shorten(text: &str) -> std::borrow::Cow<'_, str> {
    const KEEP: usize = 80;
    match text.char_indices().nth(KEEP) {
        Some((cut, _)) => format!("{}…", &text[..cut]).into(),
        None => text.into(),
    }
}

/// The most characters a string under `key` may have: names are laid out on one line in lists,
/// titles and map labels, so they are kept short; no text may be long enough to stall a frame.
pub(crate) fn max_chars(key: &str) -> usize {
    match key.strip_suffix("_uk").unwrap_or(key) {
        "id"
        | "status"
        | "confidence"
        | "qualifier"
        | "geometry_basis"
        | "destination_country"
        | "country"
        | "precision"
        | "date"
        | "time"
        | "start"
        | "end"
        | "announced"
        | "as_of"
        | "published"
        | "retrieved"
        | "kind"
        | "excerpt_lang" => MAX_ID_CHARS,
        "name" | "origin" | "destination" | "proposer" | "who" | "role" | "publisher" | "title"
        | "claimed_by" | "reported_by" | "sources" | "waypoints" => MAX_NAME_CHARS,
        _ => MAX_TEXT_CHARS,
    }
}

/// The problem with `text` under `key` if it is longer than [`max_chars`] allows.
pub(crate) fn too_long(key: &str, text: &str) -> Option<String> {
    let limit = max_chars(key);
    // Cheap first: a string of at most `limit` bytes has at most `limit` characters.
    if text.len() <= limit {
        return None;
    }
    let chars = text.chars().count();
    (chars > limit).then(|| {
        format!("{chars} characters; at most {limit} are allowed for `{key}` (shorten it)")
    })
}

/// Reads the fields of one feature, collecting every problem it meets.
pub(crate) struct Fields<'a> {
    /// The feature read, or `None` for the collection's own members.
    pub index: Option<usize>,
    pub id: Option<String>,
    pub problems: &'a mut Vec<Problem>,
}

/// Joins a parent path and a key: `properties` + `id` = `properties.id`.
pub(crate) fn path(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

impl Fields<'_> {
    /// Records a problem with `field`.
    pub(super) fn problem(&mut self, field: impl Into<String>, message: impl Into<String>) {
        let field = field.into();
        self.problems.push(Problem {
            location: match self.index {
                Some(index) => Location::Feature {
                    index,
                    id: self.id.clone(),
                    field,
                },
                None => Location::Member { field },
            },
            message: message.into(),
        });
    }

    /// A string field; records "missing" when `required` and absent, and a type problem when
    /// present but not a string. Empty strings count as missing.
    pub(super) fn string(
        &mut self,
        obj: &Map<'_>,
        prefix: &str,
        key: &str,
        required: bool,
    ) -> Option<String> {
        self.str_of(obj, prefix, key, required).map(str::to_owned)
    }

    /// [`Fields::string`], borrowed from the tree: for a field that is parsed, not kept as it
    /// is written.
    fn str_of<'v>(
        &mut self,
        obj: &'v Map<'_>,
        prefix: &str,
        key: &str,
        required: bool,
    ) -> Option<&'v str> {
        match obj.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.problem(path(prefix, key), "missing");
                }
                None
            }
            Some(Value::String(s)) if s.trim().is_empty() => {
                if required {
                    self.problem(path(prefix, key), "empty");
                }
                None
            }
            Some(Value::String(s)) => match too_long(key, s) {
                Some(message) => {
                    self.problem(path(prefix, key), message);
                    None
                }
                None => Some(s),
            },
            Some(other) => {
                self.problem(
                    path(prefix, key),
                    format!("expected a string, found {}", kind(other)),
                );
                None
            }
        }
    }

    /// A string field parsed with `FromStr`, whose error is the message.
    pub(crate) fn parsed<T: FromStr<Err = String>>(
        &mut self,
        obj: &Map<'_>,
        prefix: &str,
        key: &str,
        required: bool,
    ) -> Option<T> {
        let text = self.str_of(obj, prefix, key, required)?;
        match text.parse() {
            Ok(value) => Some(value),
            Err(message) => {
                self.problem(path(prefix, key), message);
                None
            }
        }
    }

    /// An RFC 3339 time with an offset.
    pub(super) fn time(
        &mut self,
        obj: &Map<'_>,
        prefix: &str,
        key: &str,
        required: bool,
    ) -> Option<Time> {
        let text = self.str_of(obj, prefix, key, required)?;
        match DateTime::parse_from_rfc3339(text) {
            Ok(time) => Some(time),
            Err(err) => {
                self.problem(
                    path(prefix, key),
                    format!(
                        "\"{text}\" is not an RFC 3339 time with an offset, e.g. 2022-03-07T10:00:00+03:00 ({err})"
                    ),
                );
                None
            }
        }
    }

    /// A calendar day, `YYYY-MM-DD`.
    pub(super) fn day(
        &mut self,
        obj: &Map<'_>,
        prefix: &str,
        key: &str,
        required: bool,
    ) -> Option<NaiveDate> {
        let text = self.str_of(obj, prefix, key, required)?;
        let day = day_of(text);
        if day.is_none() {
            self.problem(
                path(prefix, key),
                format!("\"{}\" is not a date in the form YYYY-MM-DD", shorten(text)),
            );
        }
        day
    }

    /// A text and its Ukrainian twin (`key` and `key_uk`); `required` applies to the English.
    pub(super) fn text(
        &mut self,
        obj: &Map<'_>,
        prefix: &str,
        key: &str,
        required: bool,
    ) -> Option<Text> {
        let en = self.string(obj, prefix, key, required);
        // Only an object that has the Ukrainian twin pays for spelling its key.
        let has_uk = obj.iter().any(|(k, _)| k.strip_suffix("_uk") == Some(key));
        let uk = if has_uk {
            self.string(obj, prefix, &format!("{key}_uk"), false)
        } else {
            None
        };
        match (en, uk) {
            (Some(en), uk) => Some(Text::new(en, uk)),
            (None, Some(uk)) if !required => Some(Text::new(String::new(), Some(uk))),
            (None, _) => None,
        }
    }

    /// A web link: only http and https are accepted, so that nothing else is ever opened.
    pub(super) fn link(&mut self, obj: &Map<'_>, prefix: &str, key: &str) -> Option<String> {
        let text = self.str_of(obj, prefix, key, false)?;
        let rest = after_scheme(text, "https://").or_else(|| after_scheme(text, "http://"));
        match rest {
            Some(host) if !host.is_empty() && !has_whitespace(text) => Some(text.to_owned()),
            _ => {
                self.problem(
                    path(prefix, key),
                    format!("link \"{}\" is not an http(s) URL", shorten(text)),
                );
                None
            }
        }
    }

    /// A language code: two or three lowercase letters (ISO 639-1 or 639-3).
    pub(crate) fn language(&mut self, obj: &Map<'_>, prefix: &str, key: &str) -> Option<String> {
        let text = self.str_of(obj, prefix, key, false)?;
        if (2..=3).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_lowercase()) {
            Some(text.to_owned())
        } else {
            self.problem(
                path(prefix, key),
                format!(
                    "\"{}\" is not a language code such as en, uk or ru",
                    shorten(text)
                ),
            );
            None
        }
    }

    /// An optional true/false field (absent = false).
    pub(crate) fn flag(&mut self, obj: &Map<'_>, prefix: &str, key: &str) -> bool {
        match obj.get(key) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                self.problem(
                    path(prefix, key),
                    format!("expected true or false, found {}", kind(other)),
                );
                false
            }
        }
    }

    /// A non-negative whole number.
    pub(super) fn count(&mut self, obj: &Map<'_>, prefix: &str, key: &str) -> Option<u64> {
        match obj.get(key) {
            Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64(),
            None | Some(Value::Null) => {
                self.problem(path(prefix, key), "missing");
                None
            }
            Some(other) => {
                self.problem(
                    path(prefix, key),
                    format!("expected a whole number of people, found {}", kind(other)),
                );
                None
            }
        }
    }

    /// A list of strings (absent = empty).
    pub(crate) fn strings(&mut self, obj: &Map<'_>, prefix: &str, key: &str) -> Vec<String> {
        let Some(items) = self.array(obj, prefix, key, false) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) => match too_long(key, s) {
                    Some(message) => self.problem(format!("{}[{i}]", path(prefix, key)), message),
                    None => out.push(s.to_string()),
                },
                other => self.problem(
                    format!("{}[{i}]", path(prefix, key)),
                    format!("expected a string, found {}", kind(other)),
                ),
            }
        }
        out
    }

    /// An array field.
    pub(crate) fn array<'v>(
        &mut self,
        obj: &'v Map<'v>,
        prefix: &str,
        key: &str,
        required: bool,
    ) -> Option<&'v Vec<Value<'v>>> {
        match obj.get(key) {
            Some(Value::Array(items)) if items.len() > MAX_ITEMS => {
                self.problem(path(prefix, key), too_many(items.len(), key));
                None
            }
            Some(Value::Array(items)) => Some(items),
            None | Some(Value::Null) => {
                if required {
                    self.problem(path(prefix, key), "missing");
                }
                None
            }
            Some(other) => {
                self.problem(
                    path(prefix, key),
                    format!("expected an array, found {}", kind(other)),
                );
                None
            }
        }
    }

    /// Each element of an array field that is an object, with its path; other elements are
    /// recorded as problems.
    pub(crate) fn objects<'v>(
        &mut self,
        obj: &'v Map<'v>,
        prefix: &str,
        key: &str,
        required: bool,
    ) -> Vec<(String, &'v Map<'v>)> {
        let Some(items) = self.array(obj, prefix, key, required) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        let list = path(prefix, key);
        for (i, item) in items.iter().enumerate() {
            let item_path = format!("{list}[{i}]");
            match item {
                Value::Object(map) => out.push((item_path, map)),
                other => self.problem(
                    item_path,
                    format!("expected an object, found {}", kind(other)),
                ),
            }
        }
        out
    }
}

/// The day `text` names in the form `YYYY-MM-DD`, as chrono's `%Y-%m-%d` reads it. Ten
/// digits and dashes in that shape are read here, without chrono's format parser (a
/// dataset holds thousands of days); anything else is left to chrono.
fn day_of(text: &str) -> Option<NaiveDate> {
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.as_bytes().get(range)?;
        part.iter().try_fold(0, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let b = text.as_bytes();
    if b.len() == 10
        && b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10))
    {
        return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Whether `text` holds any Unicode whitespace: ASCII text (nearly every link) is checked
/// byte by byte, anything else character by character.
fn has_whitespace(text: &str) -> bool {
    if text.is_ascii() {
        // The ASCII characters `char::is_whitespace` accepts: tab to carriage return, space.
        text.bytes().any(|b| matches!(b, b'\t'..=b'\r' | b' '))
    } else {
        text.chars().any(char::is_whitespace)
    }
}

/// What follows `scheme` at the start of `text`, in any case (`HTTPS://` too).
fn after_scheme<'t>(text: &'t str, scheme: &str) -> Option<&'t str> {
    let head = text.as_bytes().get(..scheme.len())?;
    if head.eq_ignore_ascii_case(scheme.as_bytes()) {
        text.get(scheme.len()..)
    } else {
        None
    }
}

/// A word for a JSON value's type, for messages.
pub(crate) fn kind(value: &Value<'_>) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_read_as_chrono_reads_it() {
        for text in [
            "2022-03-07",
            "0000-01-01",
            "9999-12-31",
            "2024-02-29",
            "2022-02-29",
            "2022-02-30",
            "2022-13-01",
            "2022-00-10",
            "2022-03-00",
            "2022-3-7",
            "2022-03-7",
            "20220-3-07",
            " 2022-03-07",
            "2022-03-07 ",
            "+2022-03-07",
            "2022-03-0a",
            "2022/03/07",
            "2022-03-07T10:00",
            "２０２２-03-07",
            "",
        ] {
            assert_eq!(
                day_of(text),
                NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn whitespace_is_found_as_char_is_whitespace_finds_it() {
        for c in (0..=0x7f_u8)
            .map(char::from)
            .chain(['\u{a0}', '\u{2028}', '\u{3000}', 'é'])
        {
            for text in [format!("a{c}b"), format!("{c}"), format!("é{c}")] {
                assert_eq!(
                    has_whitespace(&text),
                    text.chars().any(char::is_whitespace),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn a_link_needs_http_or_https_in_any_case_a_host_and_no_spaces() {
        let read = |url: &str| {
            let tree = format!(r#"{{"url": {}}}"#, serde_json::to_string(url).unwrap());
            let (value, _) = crate::data::json_tree::read(tree.as_bytes()).unwrap();
            let mut problems = Vec::new();
            let mut fields = Fields {
                index: None,
                id: None,
                problems: &mut problems,
            };
            let map = value.as_object().unwrap();
            let link = fields.link(map, "", "url");
            (link, problems.len())
        };
        for good in ["https://a.org/x", "HTTP://a.org", "Https://ü.ua/шлях"] {
            assert_eq!(read(good), (Some(good.to_owned()), 0), "{good}");
        }
        for bad in [
            "https://",
            "ftp://a.org",
            "javascript:alert(1)",
            "https://a.org/a b",
            "http:/a.org",
            "htt",
            "ħttps://a.org",
        ] {
            assert_eq!(read(bad), (None, 1), "{bad}");
        }
    }
}
