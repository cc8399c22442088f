//! The typed corridor record, as loaded and validated from the dataset.

use chrono::{DateTime, FixedOffset, NaiveDate};
use geo::LineString;

use super::{Confidence, Figure, Side, Status, Text};

/// A moment with the offset it was reported in.
pub type Time = DateTime<FixedOffset>;

/// How precisely a time is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// Known to the minute.
    Minute,
    /// Known to the hour.
    Hour,
    /// Only the day is known; the time is representative.
    Day,
}

/// A named point on the route between origin and destination.
#[derive(Debug, Clone, PartialEq)]
pub struct Waypoint {
    /// Its name.
    pub name: Text,
    /// How sure the location (or its place on the route) is.
    pub confidence: Confidence,
    /// Why it is uncertain, or anything else worth saying.
    pub note: Option<Text>,
    /// A point Koridor placed to keep the line on land or in the right country, not a place any
    /// source names: drawn through, never labelled on the map.
    pub routing: bool,
}

/// A ceasefire window for the corridor.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    /// When the silence was to start.
    pub start: Time,
    /// When it was to end, if reported.
    pub end: Option<Time>,
    /// Anything said about the window.
    pub note: Option<Text>,
}

/// A dated event in a corridor's history.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// When it happened.
    pub time: Time,
    /// How precisely `time` is known.
    pub precision: Precision,
    /// The status from this moment on; `None` for a note that changes nothing.
    pub status: Option<Status>,
    /// What happened.
    pub note: Text,
    /// Ids of the corridor's sources that report it.
    pub sources: Vec<String>,
    /// How well established it is.
    pub confidence: Confidence,
    /// Who says it happened, where it is one party's claim.
    pub claimed_by: Option<Text>,
}

/// A reported number of people who left along the corridor.
#[derive(Debug, Clone, PartialEq)]
pub struct Evacuees {
    /// Day of the figure.
    pub date: NaiveDate,
    /// The number, as reported ("about 5,000").
    pub figure: Figure,
    /// Who gave the figure.
    pub claimed_by: Text,
    /// Context.
    pub note: Option<Text>,
    /// Ids of the corridor's sources.
    pub sources: Vec<String>,
    /// How well established it is.
    pub confidence: Confidence,
}

/// An objection to the corridor, with who made it.
#[derive(Debug, Clone, PartialEq)]
pub struct Criticism {
    /// Who said it (person or body).
    pub who: Text,
    /// Their role.
    pub role: Option<Text>,
    /// Their country or organisation code, where useful.
    pub country: Option<String>,
    /// Their words (the Ukrainian is Koridor's translation of the reported words).
    pub quote: Text,
    /// Day it was said.
    pub date: NaiveDate,
    /// Ids of the corridor's sources.
    pub sources: Vec<String>,
    /// How well established it is.
    pub confidence: Confidence,
    /// Context, e.g. an approximate date.
    pub note: Option<Text>,
}

/// A report the facts rest on.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Source {
    /// Id referenced by events, evacuees and criticism.
    pub id: String,
    /// Who published it.
    pub publisher: String,
    /// Its title, where known.
    pub title: Option<String>,
    /// Day of publication.
    pub date: Option<NaiveDate>,
    /// What it reported.
    pub about: Option<String>,
    /// Where to read it (always http or https).
    pub url: Option<String>,
    /// An archived copy of the page (always http or https).
    pub archive_url: Option<String>,
    /// Day the page was read for the dataset.
    pub retrieved: Option<NaiveDate>,
    /// The source's own words that support the facts citing it, in its language.
    pub excerpt: Option<String>,
    /// The excerpt's language (ISO 639-1, e.g. `uk`).
    pub excerpt_lang: Option<String>,
    /// An English translation of the excerpt (Koridor's), when it is not in English.
    pub excerpt_en: Option<String>,
}

/// What a corridor was for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// People leaving.
    #[default]
    Evacuation,
    /// Aid going in.
    Aid,
    /// Both.
    Both,
}

impl std::str::FromStr for Kind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "evacuation" => Ok(Self::Evacuation),
            "aid" => Ok(Self::Aid),
            "both" => Ok(Self::Both),
            other => Err(format!(
                "unknown kind \"{}\" (expected evacuation, aid or both)",
                super::fields::shorten(other)
            )),
        }
    }
}

/// What a corridor's line is drawn from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GeometryBasis {
    /// Through the waypoints of the announcement.
    #[default]
    Announced,
    /// Along the route reported as used.
    Reported,
    /// A straight line giving the direction only: no route was published.
    Schematic,
}

impl std::str::FromStr for GeometryBasis {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "announced" => Ok(Self::Announced),
            "reported" => Ok(Self::Reported),
            "schematic" => Ok(Self::Schematic),
            other => Err(format!(
                "unknown geometry basis \"{}\" (expected announced, reported or schematic)",
                super::fields::shorten(other)
            )),
        }
    }
}

/// One humanitarian corridor: a route and what happened to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Corridor {
    /// Stable id in `origin-destination` form.
    pub id: String,
    /// Display name, e.g. "Kyiv → Gomel".
    pub name: Text,
    /// Where people were to leave from.
    pub origin: Text,
    /// Where the route ends.
    pub destination: Text,
    /// ISO 3166-1 alpha-2 code of the destination country.
    pub destination_country: String,
    /// Points between origin and destination, in travel order.
    pub waypoints: Vec<Waypoint>,
    /// The route, origin first (lon/lat, WGS84).
    pub line: LineString<f64>,
    /// What the line is drawn from.
    pub geometry_basis: GeometryBasis,
    /// Evacuation, aid delivery, or both (evacuation when the dataset does not say).
    pub kind: Kind,
    /// What the line does and does not show.
    pub route_note: Option<Text>,
    /// Who proposed it.
    pub proposer: Text,
    /// When it was announced.
    pub announced: Time,
    /// How precisely `announced` is known.
    pub announced_precision: Precision,
    /// The announcement it was part of, if several routes were announced together.
    pub announcement: Option<Text>,
    /// Ceasefire windows.
    pub ceasefire: Vec<Window>,
    /// Dated history, in time order.
    pub events: Vec<Event>,
    /// Reported evacuee figures.
    pub evacuees: Vec<Evacuees>,
    /// Objections to it.
    pub criticism: Vec<Criticism>,
    /// Reports the facts rest on.
    pub sources: Vec<Source>,
    /// Geodesic length in km.
    pub length_km: f64,
}

impl Corridor {
    /// The side of the front line the route ends on.
    #[must_use]
    pub fn side(&self) -> Side {
        Side::from_country(&self.destination_country)
    }

    /// The status at `at`, derived from the dated events (`None` before the first one):
    /// - that of the latest event with a status at or before `at`;
    /// - `disputed` when, on that event's day (Kyiv time), claimants reported opposite outcomes
    ///   (one that it operated, another that it failed);
    /// - an ended window never looks in force: once the window that an `operating` or `agreed`
    ///   status belongs to is over (its end, or the end of its day when no end was given) with
    ///   nothing recorded since, `operating` becomes `closed` and `agreed` becomes `unreported`.
    ///
    /// ```
    /// use koridor::Status;
    /// let data = koridor::Dataset::embedded().unwrap();
    /// let sumy = data.corridor("sumy-poltava").unwrap();
    /// let noon = "2022-03-08T12:00:00+02:00".parse().unwrap();
    /// assert_eq!(sumy.status_at(noon), Some(Status::Operating));
    /// ```
    #[must_use]
    pub fn status_at(&self, at: Time) -> Option<Status> {
        let last = self
            .events
            .iter()
            .take_while(|event| event.time <= at)
            .filter(|event| event.status.is_some())
            .last()?;
        let status = last.status?;
        if self.claims_disagree(last, at) {
            return Some(Status::Disputed);
        }
        Some(match status {
            Status::Operating | Status::Agreed if self.window_over(last.time, at) => {
                if status == Status::Operating {
                    Status::Closed
                } else {
                    Status::Unreported
                }
            }
            other => other,
        })
    }

    /// Whether, on the Kyiv day of `last`, two claimants reported opposite outcomes by `at`.
    fn claims_disagree(&self, last: &Event, at: Time) -> bool {
        let mut outcomes: Vec<&Event> = self
            .events
            .iter()
            .take_while(|event| event.time <= at)
            .filter(|event| matches!(event.status, Some(Status::Operating | Status::Failed)))
            .collect();
        // Most corridors have no competing outcomes: skip the calendar work for them.
        if outcomes.len() < 2 || outcomes.iter().all(|e| e.status == outcomes[0].status) {
            return false;
        }
        let day = last.day();
        outcomes.retain(|event| event.day() == day);
        super::instance::opposite_outcomes(&outcomes)
    }

    /// Whether the window a status set at `since` belongs to is over by `at`: the first window
    /// that had not ended by `since` and starts by the end of the next day (an agreement often
    /// came the evening before), or, with none, the Kyiv day of `since`.
    pub(super) fn window_over(&self, since: Time, at: Time) -> bool {
        let end_of_day = |t: Time| {
            let kyiv = super::clock::two_clocks(t).kyiv;
            kyiv.date_naive()
                .succ_opt()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .and_then(|d| d.and_local_timezone(*kyiv.offset()).single())
        };
        let window_end = |w: &Window| w.end.or_else(|| end_of_day(w.start));
        let day_end = end_of_day(since);
        let latest_start = day_end.map(|d| d + chrono::Duration::days(1));
        let end = self
            .ceasefire
            .iter()
            .filter(|w| latest_start.is_some_and(|latest| w.start < latest))
            .filter_map(window_end)
            .filter(|end| *end > since)
            .min()
            .or(day_end);
        end.is_some_and(|end| at >= end)
    }

    /// Whether the line is schematic: a straight line giving the direction only, because no
    /// route was published (its length is then a straight-line distance).
    #[must_use]
    pub(crate) fn is_schematic(&self) -> bool {
        self.geometry_basis == GeometryBasis::Schematic
    }

    /// The status after the last event.
    #[must_use]
    pub fn latest_status(&self) -> Option<Status> {
        self.events.iter().rev().find_map(|event| event.status)
    }

    /// The first event's time: before it, the corridor did not exist.
    #[must_use]
    pub(crate) fn first_event(&self) -> Option<Time> {
        self.events.first().map(|event| event.time)
    }

    /// The source with this id.
    #[must_use]
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|source| source.id == id)
    }

    /// The waypoints that are places (not routing points, where the line only bends), each with
    /// its position on the line, in travel order.
    pub fn named_waypoints(&self) -> impl Iterator<Item = (geo::Coord<f64>, &Waypoint)> {
        let inner = self.line.0.len().saturating_sub(2);
        self.line
            .0
            .iter()
            .skip(1)
            .take(inner)
            .copied()
            .zip(&self.waypoints)
            .filter(|(_, w)| !w.routing)
    }

    /// Origin, waypoint and destination names in travel order, in English.
    #[must_use]
    pub fn names_in_order(&self) -> Vec<&str> {
        std::iter::once(self.origin.en())
            .chain(self.waypoints.iter().map(|w| w.name.en()))
            .chain(std::iter::once(self.destination.en()))
            .collect()
    }
}
