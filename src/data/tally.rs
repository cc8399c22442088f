//! Daily tallies as officials and observers gave them: how many corridors were announced that
//! day, how many worked and failed, and how many people were moved, each with its claimant and
//! sources ("only 9 of 14 declared humanitarian corridors worked", Vereshchuk, 12 March 2022).

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::fields::Fields;
use super::{Confidence, Figure, Problem, Source};

/// One claimant's tally of one day.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Tally {
    /// The day the tally is about.
    pub date: NaiveDate,
    /// Who gave it.
    pub claimed_by: String,
    /// Who gave it, in Ukrainian.
    pub claimed_by_uk: Option<String>,
    /// Corridors announced or agreed for the day.
    pub announced: Option<u64>,
    /// Corridors that worked.
    pub worked: Option<u64>,
    /// Corridors that failed.
    pub failed: Option<u64>,
    /// People moved that day.
    pub people: Option<Figure>,
    /// What the tally covers.
    pub note: Option<String>,
    /// The note in Ukrainian.
    pub note_uk: Option<String>,
    /// How well established it is.
    pub confidence: Confidence,
    /// The reports it rests on, with their evidence.
    pub sources: Vec<Source>,
}

/// One day of the strip beside the timeline: every claimant's tally of that day.
#[derive(Debug, Clone, PartialEq)]
pub struct TallyDay<'a> {
    /// The day.
    pub date: NaiveDate,
    /// The tallies of that day, in file order.
    pub tallies: Vec<&'a Tally>,
}

/// The tallies grouped by day, in date order.
///
/// ```
/// let data = koridor::Dataset::embedded().unwrap();
/// let days = koridor::tally_days(&data.tallies);
/// assert!(days.windows(2).all(|w| w[0].date < w[1].date));
/// ```
#[must_use]
pub fn tally_days(tallies: &[Tally]) -> Vec<TallyDay<'_>> {
    let mut days: Vec<TallyDay<'_>> = Vec::new();
    let mut sorted: Vec<&Tally> = tallies.iter().collect();
    // Already in date order when loaded; sorting again costs nothing then and keeps this
    // correct for tallies made any other way.
    sorted.sort_by_key(|t| t.date);
    for tally in sorted {
        match days.last_mut() {
            Some(day) if day.date == tally.date => day.tallies.push(tally),
            _ => days.push(TallyDay {
                date: tally.date,
                tallies: vec![tally],
            }),
        }
    }
    days
}

fn number(f: &mut Fields<'_>, obj: &Map<String, Value>, prefix: &str, key: &str) -> Option<u64> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64(),
        Some(_) => {
            f.problem(
                format!("{prefix}.{key}"),
                "expected a whole number, 0 or more",
            );
            None
        }
    }
}

/// Reads the collection's `tallies`, reporting every problem with its field.
pub(crate) fn tallies(root: &Map<String, Value>, problems: &mut Vec<Problem>) -> Vec<Tally> {
    let mut f = Fields {
        index: None,
        id: None,
        problems,
    };
    let mut out = Vec::new();
    for (p, t) in f.objects(root, "", "tallies", false) {
        let date = super::collection::day(t.get("date"), format!("{p}.date"), true, f.problems);
        let claimed_by = f.string(t, &p, "claimed_by", true);
        let people = t
            .get("people")
            .filter(|v| !v.is_null())
            .and_then(|v| super::collection::figure(v, &format!("{p}.people"), f.problems));
        let tally = Tally {
            date: NaiveDate::default(),
            claimed_by: String::new(),
            claimed_by_uk: f.string(t, &p, "claimed_by_uk", false),
            announced: number(&mut f, t, &p, "announced"),
            worked: number(&mut f, t, &p, "worked"),
            failed: number(&mut f, t, &p, "failed"),
            people,
            note: f.string(t, &p, "note", false),
            note_uk: f.string(t, &p, "note_uk", false),
            confidence: f.parsed(t, &p, "confidence", false).unwrap_or_default(),
            sources: super::parse::sources_at(&mut f, t, &p),
        };
        if tally.sources.is_empty() {
            f.problem(format!("{p}.sources"), "a tally needs at least one source");
        }
        let (Some(date), Some(claimed_by)) = (date, claimed_by) else {
            continue;
        };
        out.push(Tally {
            date,
            claimed_by,
            ..tally
        });
    }
    // By day (stable: claimants keep their file order), so the strip only has to group them.
    out.sort_by_key(|t| t.date);
    out
}
