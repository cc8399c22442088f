//! Corridor-day instances. A corridor keeps its identity (its route), but it was announced afresh
//! on each day it ran: one route can recur on dozens of days, each with its own announcement,
//! agreement, window, attempt and outcome, and each outcome told by one or more claimants. An
//! [`Instance`] gathers one Kyiv calendar day of a corridor's record; [`Corridor::instances`]
//! lists them in order.

use chrono::NaiveDate;

use super::clock::two_clocks;
use super::{Corridor, Evacuees, Event, Precision, Status, Text, Time, Window};

/// The Kyiv calendar day of a moment: the day the record files it under.
#[must_use]
pub(crate) fn kyiv_day(t: Time) -> NaiveDate {
    two_clocks(t).kyiv.date_naive()
}

impl Event {
    /// The day the record files this event under: the Kyiv calendar day, or, when only the day
    /// is known (`precision: day`), the date as written (a day given as Moscow midnight,
    /// `2022-03-07T00:00:00+03:00`, is 7 March although Kyiv's clock read 23:00 on the 6th).
    #[must_use]
    pub fn day(&self) -> NaiveDate {
        if self.precision == Precision::Day {
            self.time.date_naive()
        } else {
            kyiv_day(self.time)
        }
    }
}

/// What part of a corridor-day an event records, from its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Stage {
    /// Offered, or refused (`proposed`, `rejected`).
    Announcement,
    /// Agreed by both sides (`agreed`).
    Agreement,
    /// What happened (`operating`, `failed`, `closed`, `disputed`, `unreported`).
    Outcome,
    /// A dated note that changes no status.
    Note,
}

impl Stage {
    /// The stage of an event with this status.
    #[must_use]
    pub(crate) fn of(status: Option<Status>) -> Self {
        match status {
            Some(Status::Proposed | Status::Rejected) => Self::Announcement,
            Some(Status::Agreed) => Self::Agreement,
            Some(
                Status::Operating
                | Status::Failed
                | Status::Closed
                | Status::Disputed
                | Status::Unreported,
            ) => Self::Outcome,
            None => Self::Note,
        }
    }
}

/// One claimant's account of a day's outcome: the last outcome they reported that day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ClaimedOutcome<'a> {
    /// Who reported it; `None` where the record gives no single claimant.
    pub claimed_by: Option<&'a Text>,
    /// What they said happened.
    pub status: Status,
}

/// One Kyiv day of one corridor: everything the record holds for that day.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance<'a> {
    /// The Kyiv calendar day.
    pub day: NaiveDate,
    /// The day's events in time order: announcements, agreements, outcomes and notes.
    pub events: Vec<&'a Event>,
    /// Ceasefire windows that start on this day.
    pub windows: Vec<&'a Window>,
    /// Evacuee figures dated this day, one per claimant as reported.
    pub evacuees: Vec<&'a Evacuees>,
    /// How the day ended by the record:
    /// - `disputed` when claimants reported opposite outcomes (see `opposite_outcomes`) or the
    ///   record says so;
    /// - otherwise the last outcome reported (`operating`, `failed`, …; a `closed` that only
    ///   ends a window that worked does not hide that it worked);
    /// - with no outcome, the day's last announcement (`proposed`, `rejected`: no outcome was
    ///   due) or agreement: `agreed` while its window is still to come, `unreported` (outcome
    ///   not reported) once it has passed;
    /// - a day with only a window agreed earlier and no outcome is `unreported`;
    /// - `None` for a day with only notes or figures.
    ///
    /// ```
    /// use koridor::Status;
    /// let data = koridor::Dataset::embedded().unwrap();
    /// let rostov = data.corridor("mariupol-rostov").unwrap();
    /// let days = rostov.instances();
    /// let first = days.first().unwrap();
    /// assert_eq!(first.day.to_string(), "2022-03-07");
    /// // Announced by Russia and refused by Ukraine the same day.
    /// assert_eq!(first.result, Some(Status::Rejected));
    /// ```
    pub result: Option<Status>,
}

impl<'a> Instance<'a> {
    /// The day's events at `stage`.
    pub(crate) fn at_stage(&self, stage: Stage) -> impl Iterator<Item = &'a Event> + '_ {
        self.events
            .iter()
            .copied()
            .filter(move |e| Stage::of(e.status) == stage)
    }

    /// The day's outcome events that say what happened: `operating`, `failed`, `disputed` or
    /// `unreported`; only when there is none of these, the `closed` ones (a `closed` that
    /// follows an `operating` marks the end of a window that worked, not a second outcome).
    fn telling_outcomes(&self) -> Vec<&'a Event> {
        let outcomes: Vec<&'a Event> = self.at_stage(Stage::Outcome).collect();
        let telling: Vec<&'a Event> = outcomes
            .iter()
            .copied()
            .filter(|e| e.status != Some(Status::Closed))
            .collect();
        if telling.is_empty() {
            outcomes
        } else {
            telling
        }
    }

    /// Each claimant's last reported outcome of the day, in the order they first reported
    /// (see `result` for which outcomes count).
    #[must_use]
    pub(crate) fn outcomes_by_claimant(&self) -> Vec<ClaimedOutcome<'a>> {
        let mut outcomes: Vec<ClaimedOutcome<'a>> = Vec::new();
        for event in self.telling_outcomes() {
            let Some(status) = event.status else { continue };
            let claimed = ClaimedOutcome {
                claimed_by: event.claimed_by.as_ref(),
                status,
            };
            match outcomes
                .iter_mut()
                .find(|o| o.claimed_by == claimed.claimed_by)
            {
                Some(earlier) => *earlier = claimed,
                None => outcomes.push(claimed),
            }
        }
        outcomes
    }

    /// The day's result (see the `result` field), worked out from the day's own events and,
    /// for a day of announcements only, the corridor's status at its end.
    fn result_in(&self, corridor: &Corridor) -> Option<Status> {
        let outcomes = self.telling_outcomes();
        if opposite_outcomes(&outcomes) {
            return Some(Status::Disputed);
        }
        if let Some(last) = outcomes.last() {
            return last.status;
        }
        let Some(last) = self.events.iter().rev().find(|e| e.status.is_some()) else {
            // Only a window (agreed on an earlier day), notes or figures.
            let window = self.windows.first()?;
            return match corridor.status_at(window.start) {
                Some(Status::Agreed | Status::Operating | Status::Closed | Status::Unreported) => {
                    Some(Status::Unreported)
                }
                other => other,
            };
        };
        match last.status? {
            Status::Agreed => {
                let midnight = self.day.succ_opt()?.and_hms_opt(0, 0, 0)?;
                let kyiv = super::clock::kyiv_offset(midnight.and_utc());
                let next_day = midnight.and_local_timezone(kyiv).single()?;
                Some(if corridor.window_over(last.time, next_day) {
                    Status::Unreported
                } else {
                    Status::Agreed
                })
            }
            // A refusal, or one side's offer: no outcome was due.
            other => Some(other),
        }
    }
}

/// Whether two claimants reported opposite outcomes (one that the corridor operated, another
/// that it failed) among `events`, which the caller takes from one day.
#[must_use]
pub(crate) fn opposite_outcomes(events: &[&Event]) -> bool {
    let says = |status: Status| {
        events
            .iter()
            .filter(move |e| e.status == Some(status))
            .map(|e| e.claimed_by.as_ref())
    };
    says(Status::Operating).any(|a| says(Status::Failed).any(|b| a != b))
}

impl Corridor {
    /// The corridor's record, one [`Instance`] per Kyiv day that has an event, a window starting
    /// or an evacuee figure, in day order.
    ///
    /// ```
    /// let data = koridor::Dataset::embedded().unwrap();
    /// let sumy = data.corridor("sumy-poltava").unwrap();
    /// let days: Vec<String> = sumy.instances().iter().map(|d| d.day.to_string()).collect();
    /// assert!(days.contains(&"2022-03-08".to_owned()));
    /// assert!(days.windows(2).all(|w| w[0] < w[1]));
    /// ```
    #[must_use]
    pub fn instances(&self) -> Vec<Instance<'_>> {
        let mut days: Vec<Instance<'_>> = Vec::new();
        for event in &self.events {
            day_slot(&mut days, event.day()).events.push(event);
        }
        for window in &self.ceasefire {
            day_slot(&mut days, kyiv_day(window.start))
                .windows
                .push(window);
        }
        for figure in &self.evacuees {
            day_slot(&mut days, figure.date).evacuees.push(figure);
        }
        for day in &mut days {
            day.result = day.result_in(self);
        }
        days
    }
}

/// The instance for `day` in the day-ordered `days`, added where it belongs if missing.
fn day_slot<'d, 'a>(days: &'d mut Vec<Instance<'a>>, day: NaiveDate) -> &'d mut Instance<'a> {
    let i = match days.binary_search_by(|d| d.day.cmp(&day)) {
        Ok(i) => i,
        Err(i) => {
            days.insert(
                i,
                Instance {
                    day,
                    events: Vec::new(),
                    windows: Vec::new(),
                    evacuees: Vec::new(),
                    result: None,
                },
            );
            i
        }
    };
    &mut days[i]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // fixtures written here

    use super::*;
    use crate::Dataset;

    /// One corridor with the given events, ceasefire windows and evacuee figures.
    fn corridor(events: &str, ceasefire: &str, evacuees: &str) -> Dataset {
        let json = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature",
            "geometry":{{"type":"LineString","coordinates":[[35.1,47.1],[35.4,47.8]]}},
            "properties":{{"id":"a-b","name":"A → B","origin":"A","destination":"B",
            "destination_country":"UA","proposer":"P","announced":"2022-03-10T00:00:00+03:00",
            "events":[{events}],"ceasefire":[{ceasefire}],"evacuees":[{evacuees}]}}}}]}}"#
        );
        Dataset::from_slice(json.as_bytes(), "test").unwrap()
    }

    fn results(data: &Dataset) -> Vec<(String, Option<Status>)> {
        data.corridors[0]
            .instances()
            .iter()
            .map(|d| (d.day.to_string(), d.result))
            .collect()
    }

    #[test]
    fn a_day_given_as_moscow_midnight_is_filed_under_its_own_date() {
        let data = corridor(
            r#"{"time":"2022-03-10T00:00:00+03:00","precision":"day","status":"proposed","note":"n"}"#,
            "",
            "",
        );
        assert_eq!(
            results(&data),
            vec![("2022-03-10".to_owned(), Some(Status::Proposed))]
        );
    }

    #[test]
    fn opposite_outcomes_from_two_claimants_make_the_day_disputed_and_both_are_kept() {
        let data = corridor(
            r#"{"time":"2022-03-11T15:00:00+02:00","status":"operating","note":"n","claimed_by":"Russia"},
               {"time":"2022-03-11T18:00:00+02:00","status":"failed","note":"n","claimed_by":"Ukraine"}"#,
            "",
            r#"{"date":"2022-03-11","count":300,"claimed_by":"Russia"},
               {"date":"2022-03-11","count":0,"claimed_by":"Ukraine"}"#,
        );
        let days = data.corridors[0].instances();
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].result, Some(Status::Disputed));
        let by: Vec<(Option<&str>, Status)> = days[0]
            .outcomes_by_claimant()
            .iter()
            .map(|o| (o.claimed_by.map(Text::en), o.status))
            .collect();
        assert_eq!(
            by,
            vec![
                (Some("Russia"), Status::Operating),
                (Some("Ukraine"), Status::Failed)
            ]
        );
        assert_eq!(days[0].evacuees.len(), 2);
    }

    #[test]
    fn the_same_claimant_changing_its_account_is_not_a_dispute() {
        let data = corridor(
            r#"{"time":"2022-03-11T10:00:00+02:00","status":"operating","note":"n","claimed_by":"Ukraine"},
               {"time":"2022-03-11T14:00:00+02:00","status":"failed","note":"n","claimed_by":"Ukraine"}"#,
            "",
            "",
        );
        assert_eq!(
            results(&data),
            vec![("2022-03-11".to_owned(), Some(Status::Failed))]
        );
    }

    #[test]
    fn an_agreement_for_the_next_days_window_stays_agreed_and_the_silent_window_is_unreported() {
        let data = corridor(
            r#"{"time":"2022-03-10T20:00:00+02:00","status":"agreed","note":"n"}"#,
            r#"{"start":"2022-03-11T09:00:00+02:00","end":"2022-03-11T21:00:00+02:00"}"#,
            "",
        );
        assert_eq!(
            results(&data),
            vec![
                ("2022-03-10".to_owned(), Some(Status::Agreed)),
                ("2022-03-11".to_owned(), Some(Status::Unreported)),
            ]
        );
    }

    #[test]
    fn an_agreement_with_no_window_and_no_outcome_is_unreported_once_its_day_is_over() {
        let data = corridor(
            r#"{"time":"2022-03-15T09:00:00+02:00","status":"agreed","note":"n"}"#,
            "",
            "",
        );
        assert_eq!(
            results(&data),
            vec![("2022-03-15".to_owned(), Some(Status::Unreported))]
        );
    }

    #[test]
    fn a_window_that_worked_and_then_closed_is_a_day_that_worked() {
        let data = corridor(
            r#"{"time":"2022-03-12T09:00:00+02:00","status":"operating","note":"n","claimed_by":"Ukraine"},
               {"time":"2022-03-12T21:00:00+02:00","status":"closed","note":"window ended"},
               {"time":"2022-03-13T12:00:00+02:00","note":"a note only"}"#,
            "",
            "",
        );
        assert_eq!(
            results(&data),
            vec![
                ("2022-03-12".to_owned(), Some(Status::Operating)),
                ("2022-03-13".to_owned(), None),
            ]
        );
        let days = data.corridors[0].instances();
        assert_eq!(days[0].outcomes_by_claimant().len(), 1);
        assert_eq!(days[1].at_stage(Stage::Note).count(), 1);
    }

    #[test]
    fn a_refusal_ends_the_day_rejected_even_with_a_window() {
        let data = corridor(
            r#"{"time":"2022-03-10T00:00:00+03:00","precision":"day","status":"proposed","note":"n","claimed_by":"Russia"},
               {"time":"2022-03-10T12:00:00+02:00","status":"rejected","note":"n","claimed_by":"Ukraine"}"#,
            r#"{"start":"2022-03-10T10:00:00+03:00"}"#,
            "",
        );
        assert_eq!(
            results(&data),
            vec![("2022-03-10".to_owned(), Some(Status::Rejected))]
        );
    }
}
