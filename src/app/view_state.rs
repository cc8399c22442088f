//! What the user is looking at: the moment, the selection, the pointer, the filters, the map's
//! position and the timeline's playback. Changed only through [`super::Action`]s.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use walkers::{MapMemory, lon_lat};

use crate::projection::Viewport;
use crate::{Corridor, Status, Time};

/// What the map should fit in view on the next frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum FitTarget {
    /// Nothing: the map stays where the user put it.
    #[default]
    Nothing,
    /// One route, whole.
    Route(usize),
    /// Every route of the dataset.
    Everything,
}

/// Which corridors are shown: those not hidden by status or destination country and, with a day
/// chosen on the tally strip, those with an event that day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Filters {
    statuses: BTreeSet<Status>,
    countries: BTreeSet<String>,
    day: Option<NaiveDate>,
}

impl Filters {
    /// Whether `corridor` is shown at `at` (a corridor not yet announced has no status and
    /// passes the status filter).
    #[must_use]
    pub fn passes(&self, corridor: &Corridor, at: Time) -> bool {
        corridor
            .status_at(at)
            .is_none_or(|s| !self.statuses.contains(&s))
            && !self.countries.contains(&corridor.destination_country)
            && self
                .day
                .is_none_or(|day| corridor.events.iter().any(|e| e.day() == day))
    }

    /// Whether routes with `status` are hidden.
    #[must_use]
    pub(crate) fn hides_status(&self, status: Status) -> bool {
        self.statuses.contains(&status)
    }

    /// Whether routes into `country` are hidden.
    #[must_use]
    pub(crate) fn hides_country(&self, country: &str) -> bool {
        self.countries.contains(country)
    }

    /// The day chosen on the tally strip.
    #[must_use]
    pub fn day(&self) -> Option<NaiveDate> {
        self.day
    }

    pub(super) fn toggle_status(&mut self, status: Status) {
        if !self.statuses.remove(&status) {
            self.statuses.insert(status);
        }
    }

    pub(super) fn toggle_country(&mut self, country: String) {
        if !self.countries.remove(&country) {
            self.countries.insert(country);
        }
    }

    pub(super) fn set_day(&mut self, day: Option<NaiveDate>) {
        self.day = day;
    }

    /// The statuses hidden, in the order of [`Status::ALL`].
    #[must_use]
    pub(crate) fn hidden_statuses(&self) -> Vec<Status> {
        Status::ALL
            .iter()
            .copied()
            .filter(|s| self.statuses.contains(s))
            .collect()
    }

    /// The destination countries hidden, in order.
    #[must_use]
    pub(crate) fn hidden_countries(&self) -> Vec<String> {
        self.countries.iter().cloned().collect()
    }

    /// Filters hiding exactly `statuses` and `countries`, on `day`.
    #[must_use]
    pub(crate) fn hiding(
        statuses: &[Status],
        countries: &[String],
        day: Option<NaiveDate>,
    ) -> Self {
        Self {
            statuses: statuses.iter().copied().collect(),
            countries: countries.iter().cloned().collect(),
            day,
        }
    }
}

/// The view: owned by the app, read by every panel, changed only in `apply`.
pub(crate) struct ViewState {
    at: Time,
    selected: Option<usize>,
    hovered: Option<usize>,
    filters: Filters,
    map: MapMemory,
    fit: FitTarget,
    playing: bool,
    /// Fractions of an hour of playback not yet shown.
    carry: f64,
    /// The view the map was drawn with in the last frame.
    drawn: Option<Viewport>,
    /// The pointer's position on the map in the last frame (longitude, latitude).
    cursor: Option<(f64, f64)>,
}

impl ViewState {
    /// The view of a first start: Ukraine in view at zoom 6, `selected` fitted.
    #[must_use]
    pub(crate) fn new(at: Time, selected: Option<usize>) -> Self {
        let mut map = MapMemory::default();
        map.center_at(lon_lat(33.5, 49.0));
        let _ = map.set_zoom(6.0);
        Self {
            at,
            selected,
            hovered: None,
            filters: Filters::default(),
            map,
            fit: selected.map_or(FitTarget::Everything, FitTarget::Route),
            playing: false,
            carry: 0.0,
            drawn: None,
            cursor: None,
        }
    }

    /// The moment whose statuses are shown.
    #[must_use]
    pub(crate) fn at(&self) -> Time {
        self.at
    }

    /// The selected corridor.
    #[must_use]
    pub(crate) fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// The corridor under the pointer.
    #[must_use]
    pub(crate) fn hovered(&self) -> Option<usize> {
        self.hovered
    }

    /// The filters.
    #[must_use]
    pub(crate) fn filters(&self) -> &Filters {
        &self.filters
    }

    /// Whether the timeline is playing.
    #[must_use]
    pub(crate) fn playing(&self) -> bool {
        self.playing
    }

    /// The map's position.
    #[must_use]
    pub(crate) fn map(&self) -> &MapMemory {
        &self.map
    }

    /// The map's position, for the map widget, which pans and zooms it as the user drags and
    /// scrolls (the widget's own state, as a text field owns its text).
    pub(super) fn map_mut(&mut self) -> &mut MapMemory {
        &mut self.map
    }

    /// The view the map was drawn with in the last frame.
    #[must_use]
    pub(crate) fn drawn(&self) -> Option<Viewport> {
        self.drawn
    }

    /// The pointer's longitude and latitude on the map in the last frame.
    #[must_use]
    pub(crate) fn cursor(&self) -> Option<(f64, f64)> {
        self.cursor
    }

    /// What to fit in view next.
    #[must_use]
    pub(crate) fn fit(&self) -> FitTarget {
        self.fit
    }

    pub(super) fn set_time(&mut self, at: Time, span: Option<(Time, Time)>) {
        self.at = span.map_or(at, |(start, end)| at.clamp(start, end));
    }

    pub(super) fn select(&mut self, index: Option<usize>, fit: bool) {
        self.selected = index;
        if let (Some(i), true) = (index, fit) {
            self.fit = FitTarget::Route(i);
        }
    }

    pub(super) fn set_fit(&mut self, fit: FitTarget) {
        self.fit = fit;
    }

    pub(super) fn set_hovered(&mut self, hovered: Option<usize>) {
        self.hovered = hovered;
    }

    pub(super) fn set_drawn(&mut self, view: Option<Viewport>, cursor: Option<(f64, f64)>) {
        self.drawn = view;
        self.cursor = cursor;
    }

    pub(super) fn filters_mut(&mut self) -> &mut Filters {
        &mut self.filters
    }

    pub(super) fn set_playing(&mut self, playing: bool) {
        self.playing = playing;
        self.carry = 0.0;
    }

    /// Adds `hours` (fractional) of playback; returns the whole hours to move by.
    pub(super) fn carry(&mut self, hours: f64) -> i64 {
        self.carry += hours;
        #[expect(
            clippy::cast_possible_truncation,
            reason = "a frame advances by a few hours at most"
        )]
        let whole = self.carry.floor() as i64;
        #[expect(clippy::cast_precision_loss, reason = "a few hours")]
        let taken = whole as f64;
        self.carry -= taken;
        whole
    }
}
