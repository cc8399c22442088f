//! Daily tallies as officials and observers gave them: how many corridors were announced that
//! day, how many worked and failed, and how many people were moved, each with its claimant and
//! sources ("only 9 of 14 declared humanitarian corridors worked", Vereshchuk, 12 March 2022).

use super::json_tree::{Map, Value};
use chrono::NaiveDate;

use super::fields::Fields;
use super::{Confidence, Figure, Problem, Source, Text};

/// One claimant's tally of one day.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// The day the tally is about.
    pub date: NaiveDate,
    /// Who gave it.
    pub claimed_by: Text,
    /// Corridors announced or agreed for the day.
    pub announced: Option<u64>,
    /// Corridors that worked.
    pub worked: Option<u64>,
    /// Corridors that failed.
    pub failed: Option<u64>,
    /// People moved that day.
    pub people: Option<Figure>,
    /// What the tally covers.
    pub note: Option<Text>,
    /// How well established it is.
    pub confidence: Confidence,
    /// The reports it rests on, with their evidence.
    pub sources: Vec<Source>,
}

impl serde::Serialize for Tally {
    /// As the dataset writes it: each text with its `…_uk` twin.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            date: NaiveDate,
            claimed_by: &'a str,
            claimed_by_uk: Option<&'a str>,
            announced: Option<u64>,
            worked: Option<u64>,
            failed: Option<u64>,
            people: Option<Figure>,
            note: Option<&'a str>,
            note_uk: Option<&'a str>,
            confidence: Confidence,
            sources: &'a [Source],
        }
        Out {
            date: self.date,
            claimed_by: self.claimed_by.en(),
            claimed_by_uk: self.claimed_by.uk(),
            announced: self.announced,
            worked: self.worked,
            failed: self.failed,
            people: self.people,
            note: self.note.as_ref().map(Text::en),
            note_uk: self.note.as_ref().and_then(Text::uk),
            confidence: self.confidence,
            sources: &self.sources,
        }
        .serialize(serializer)
    }
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

fn number(f: &mut Fields<'_>, obj: &Map<'_>, prefix: &str, key: &str) -> Option<u64> {
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
pub(crate) fn tallies(root: &Map<'_>, problems: &mut Vec<Problem>) -> Vec<Tally> {
    let mut f = Fields {
        index: None,
        id: None,
        problems,
    };
    let mut out = Vec::new();
    for (p, t) in f.objects(root, "", "tallies", false) {
        let date = super::collection::day(t.get("date"), format!("{p}.date"), true, f.problems);
        let claimed_by = f.text(t, &p, "claimed_by", true);
        let people = t
            .get("people")
            .filter(|v| !v.is_null())
            .and_then(|v| super::collection::figure(v, &format!("{p}.people"), f.problems));
        let tally = Tally {
            date: NaiveDate::default(),
            claimed_by: Text::default(),
            announced: number(&mut f, t, &p, "announced"),
            worked: number(&mut f, t, &p, "worked"),
            failed: number(&mut f, t, &p, "failed"),
            people,
            note: f.text(t, &p, "note", false),
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
