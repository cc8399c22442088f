//! What the panels show that is worked out from the dataset and the view: the list's groups,
//! the event rows, the destination-country summaries, the refugee chart and the side counts.
//! Each is computed again only when what it depends on changed (the dataset, the moment, the
//! filters or the language), not every frame.

use super::countries::{CountrySummary, summarize};
use super::model::Model;
use super::refugees::{Bar, bars};
use super::timeline::{EventRow, event_rows};
use super::view_state::{Filters, ViewState};
use crate::{Lang, Time};

/// The list's groups: origin name (in the interface language) and its routes, in list order.
pub(crate) type Groups = Vec<(String, Vec<usize>)>;

/// The refugee chart: the index of the figures shown in `refugee_figures`, and its bars.
pub(crate) type Chart = Option<(usize, Vec<Bar>)>;

/// The derived views and what each was computed for.
#[derive(Default)]
pub(crate) struct Derived {
    per_dataset: Option<u64>,
    events: Vec<EventRow>,
    event_times: Vec<Time>,
    countries: Vec<CountrySummary>,
    per_language: Option<(u64, Lang)>,
    side_summary: Vec<String>,
    per_view: Option<(u64, Time, Filters, Lang)>,
    groups: Groups,
    order: Vec<usize>,
    per_moment: Option<(u64, Time)>,
    chart: Chart,
}

impl Derived {
    /// Brings every view up to date with `model`, `view` and `lang`, recomputing only the stale
    /// ones.
    pub(crate) fn refresh(&mut self, model: &Model, view: &ViewState, lang: Lang) {
        let generation = model.generation();
        let data = model.dataset();
        if self.per_dataset != Some(generation) {
            self.events = event_rows(data);
            self.event_times = self.events.iter().map(|r| r.time).collect();
            self.countries = summarize(data);
            self.per_dataset = Some(generation);
        }
        if self.per_language != Some((generation, lang)) {
            self.side_summary = super::list::side_summary(data, lang);
            self.per_language = Some((generation, lang));
        }
        // Compared field by field, so that the filters are copied only when they changed.
        let stale = self.per_view.as_ref().is_none_or(|(g, at, filters, l)| {
            (*g, *at, *l) != (generation, view.at(), lang) || filters != view.filters()
        });
        if stale {
            self.groups = super::list::compute_groups(data, view.filters(), view.at(), lang);
            self.order = self
                .groups
                .iter()
                .flat_map(|(_, ids)| ids.iter().copied())
                .collect();
            self.per_view = Some((generation, view.at(), view.filters().clone(), lang));
        }
        if self.per_moment != Some((generation, view.at())) {
            self.chart = bars(data, view.at());
            self.per_moment = Some((generation, view.at()));
        }
    }

    /// Every event of every corridor, in time order.
    #[must_use]
    pub(crate) fn events(&self) -> &[EventRow] {
        &self.events
    }

    /// The events' times, for the slider to snap to.
    #[must_use]
    pub(crate) fn event_times(&self) -> &[Time] {
        &self.event_times
    }

    /// The destination countries, Russia and Belarus first.
    #[must_use]
    pub(crate) fn countries(&self) -> &[CountrySummary] {
        &self.countries
    }

    /// Sentences counting routes into Russia or Belarus.
    #[must_use]
    pub(crate) fn side_summary(&self) -> &[String] {
        &self.side_summary
    }

    /// The corridor list's groups.
    #[must_use]
    pub(crate) fn groups(&self) -> &Groups {
        &self.groups
    }

    /// Corridor indices in the list's order.
    #[must_use]
    pub(crate) fn order(&self) -> &[usize] {
        &self.order
    }

    /// The refugee chart for the shown moment.
    #[must_use]
    pub(crate) fn chart(&self) -> &Chart {
        &self.chart
    }
}
