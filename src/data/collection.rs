//! The collection's own members beside the corridors: refugee figures by destination country
//! (UNHCR) and dated claims not tied to one route.

use super::json_tree::{Map, Value};
use chrono::NaiveDate;

use super::fields::{MAX_ITEMS, kind, too_long, too_many};
use super::{Confidence, Figure, Location, Problem, Qualifier};

/// People who had left Ukraine by a date, by destination country, as UNHCR reported them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct RefugeeFigures {
    /// The data date.
    pub as_of: NaiveDate,
    /// When it was published, if known.
    pub published: Option<NaiveDate>,
    /// Who published it (UNHCR).
    pub publisher: String,
    /// Who relayed it, if not read from UNHCR directly.
    pub reported_by: Option<String>,
    /// Everyone who had left.
    pub total: Option<Figure>,
    /// By destination (ISO 3166-1 alpha-2, or a group such as `other_europe`), in file order.
    pub by_country: Vec<(String, Figure)>,
    /// Caveats.
    pub note: Option<String>,
}

impl RefugeeFigures {
    /// The figure for one destination.
    #[must_use]
    pub fn country(&self, code: &str) -> Option<&Figure> {
        self.by_country
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, f)| f)
    }

    /// "UNHCR data of 8 Mar 2022, published 9 Mar, reported by EFE".
    #[must_use]
    pub fn citation(&self) -> String {
        let mut out = format!(
            "{} data of {}",
            self.publisher,
            self.as_of.format("%-d %b %Y")
        );
        if let Some(p) = self.published {
            out.push_str(&format!(", published {}", p.format("%-d %b")));
        }
        if let Some(r) = &self.reported_by {
            out.push_str(&format!(", reported by {r}"));
        }
        out
    }
}

/// A dated statement about the corridors as a whole.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Claim {
    /// When, if known.
    pub date: Option<NaiveDate>,
    /// Who said it.
    pub claimed_by: String,
    /// What they said.
    pub claim: String,
    /// How well established it is.
    pub confidence: Confidence,
    /// Publishers of its sources.
    pub sources: Vec<String>,
}

fn member_problem(problems: &mut Vec<Problem>, field: String, message: impl Into<String>) {
    problems.push(Problem {
        location: Location::Member { field },
        message: message.into(),
    });
}

pub(crate) fn day(
    value: Option<&Value<'_>>,
    field: String,
    required: bool,
    problems: &mut Vec<Problem>,
) -> Option<NaiveDate> {
    match value {
        Some(Value::String(s)) => match NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                member_problem(
                    problems,
                    field,
                    format!("\"{s}\" is not a date in the form YYYY-MM-DD"),
                );
                None
            }
        },
        None | Some(Value::Null) => {
            if required {
                member_problem(problems, field, "missing");
            }
            None
        }
        Some(other) => {
            member_problem(
                problems,
                field,
                format!("expected a date string, found {}", kind(other)),
            );
            None
        }
    }
}

pub(crate) fn figure(
    value: &Value<'_>,
    field: &str,
    problems: &mut Vec<Problem>,
) -> Option<Figure> {
    let count = value.get("count").and_then(Value::as_u64);
    let qualifier = match value.get("qualifier") {
        None | Some(Value::Null) => Qualifier::Exact,
        Some(Value::String(text)) => match text.parse() {
            Ok(qualifier) => qualifier,
            Err(message) => {
                member_problem(problems, format!("{field}.qualifier"), message);
                return None;
            }
        },
        Some(other) => {
            member_problem(
                problems,
                format!("{field}.qualifier"),
                format!("expected a string, found {}", kind(other)),
            );
            return None;
        }
    };
    match count {
        Some(count) => Some(Figure { count, qualifier }),
        None => {
            member_problem(
                problems,
                format!("{field}.count"),
                "expected a whole number of people",
            );
            None
        }
    }
}

/// An optional text member of `obj` (at `field`); one over its length limit is a problem.
fn text(obj: &Map<'_>, field: &str, key: &str, problems: &mut Vec<Problem>) -> Option<String> {
    let text = obj
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())?;
    if let Some(message) = too_long(key, text) {
        member_problem(problems, format!("{field}.{key}"), message);
        return None;
    }
    Some(text.to_owned())
}

/// The items of the collection's list `key`: none when it is absent, and none (with a problem)
/// when it is not a list or is longer than [`MAX_ITEMS`].
fn member_array<'v>(root: &'v Map<'v>, key: &str, problems: &mut Vec<Problem>) -> &'v [Value<'v>] {
    match root.get(key) {
        None | Some(Value::Null) => &[],
        Some(Value::Array(items)) if items.len() > MAX_ITEMS => {
            member_problem(problems, key.into(), too_many(items.len(), key));
            &[]
        }
        Some(Value::Array(items)) => items,
        Some(other) => {
            member_problem(
                problems,
                key.into(),
                format!("expected an array, found {}", kind(other)),
            );
            &[]
        }
    }
}

/// Reads `refugee_figures`, sorted by data date.
pub(crate) fn refugee_figures(root: &Map<'_>, problems: &mut Vec<Problem>) -> Vec<RefugeeFigures> {
    let items = member_array(root, "refugee_figures", problems);
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = format!("refugee_figures[{i}]");
        let Some(obj) = item.as_object() else {
            member_problem(problems, field, "expected an object");
            continue;
        };
        let as_of = day(obj.get("as_of"), format!("{field}.as_of"), true, problems);
        let published = day(
            obj.get("published"),
            format!("{field}.published"),
            false,
            problems,
        );
        let total = obj
            .get("total")
            .filter(|v| !v.is_null())
            .and_then(|v| figure(v, &format!("{field}.total"), problems));
        let mut by_country = Vec::new();
        if let Some(countries) = obj.get("by_country").and_then(Value::as_object) {
            for (code, value) in countries.iter() {
                if let Some(f) = figure(value, &format!("{field}.by_country.{code}"), problems) {
                    by_country.push((code.to_owned(), f));
                }
            }
            // By country code, as they were listed before the reader kept the file's order.
            by_country.sort_by(|a, b| a.0.cmp(&b.0));
        }
        let Some(as_of) = as_of else { continue };
        out.push(RefugeeFigures {
            as_of,
            published,
            publisher: text(obj, &field, "publisher", problems).unwrap_or_else(|| "UNHCR".into()),
            reported_by: text(obj, &field, "reported_by", problems),
            total,
            by_country,
            note: text(obj, &field, "note", problems),
        });
    }
    out.sort_by_key(|f| f.as_of);
    out
}

/// Reads `claims`.
pub(crate) fn claims(root: &Map<'_>, problems: &mut Vec<Problem>) -> Vec<Claim> {
    let items = member_array(root, "claims", problems);
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let field = format!("claims[{i}]");
        let Some(obj) = item.as_object() else {
            member_problem(problems, field, "expected an object");
            continue;
        };
        let date = day(obj.get("date"), format!("{field}.date"), false, problems);
        let confidence =
            match text(obj, &field, "confidence", problems).map(|c| c.parse::<Confidence>()) {
                Some(Ok(c)) => c,
                Some(Err(message)) => {
                    member_problem(problems, format!("{field}.confidence"), message);
                    Confidence::default()
                }
                None => Confidence::default(),
            };
        let (Some(claimed_by), Some(claim)) = (
            text(obj, &field, "claimed_by", problems),
            text(obj, &field, "claim", problems),
        ) else {
            member_problem(problems, field, "needs `claimed_by` and `claim`");
            continue;
        };
        let sources = obj
            .get("sources")
            .and_then(Value::as_array)
            .map(|s| {
                s.iter()
                    .filter_map(|s| {
                        s.get("publisher")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(Claim {
            date,
            claimed_by,
            claim,
            confidence,
            sources,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_reported() {
        let figure = |count, qualifier| Figure { count, qualifier };
        assert_eq!(figure(1_204_000, Qualifier::Exact).describe(), "1,204,000");
        assert_eq!(
            figure(180_000, Qualifier::About).describe(),
            "about 180,000"
        );
        assert_eq!(
            figure(1_000, Qualifier::MoreThan).describe(),
            "more than 1,000"
        );
        assert_eq!(figure(453, Qualifier::Exact).describe(), "453");
    }

    #[test]
    fn an_unknown_qualifier_is_a_problem_naming_the_field() {
        let mut problems = Vec::new();
        let (value, _) =
            crate::data::json_tree::read(br#"{"count": 5, "qualifier": "roughly"}"#).unwrap();
        assert_eq!(figure(&value, "total", &mut problems), None);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].to_string().contains("total.qualifier"),
            "{}",
            problems[0]
        );
    }
}
