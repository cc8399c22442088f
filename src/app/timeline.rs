//! The timeline: a date slider over the dataset's span that steps by the hour and snaps to
//! events, a Play button that advances a day at a time, and the chronological event list.

use chrono::Duration;
use egui::{RichText, Ui};

use super::list::badge;
use super::{Action, Snapshot};
use crate::i18n::{country_word, date, tr};
use crate::{Dataset, Status, Time};

/// Seconds of wall time per day of history while playing.
const PLAY_SECONDS_PER_DAY: f64 = 0.8;
/// A slider position this close (hours) to an event snaps to it.
const SNAP_HOURS: i64 = 2;

/// One entry of the event list.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRow {
    /// When.
    pub time: Time,
    /// The corridor's index.
    pub corridor: usize,
    /// The status it set, if any.
    pub status: Option<Status>,
    /// What happened.
    pub note: crate::Text,
}

/// Every event of every corridor, in time order (file order on a tie).
#[must_use]
pub fn event_rows(data: &Dataset) -> Vec<EventRow> {
    let mut rows: Vec<EventRow> = data
        .corridors
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            c.events.iter().map(move |e| EventRow {
                time: e.time,
                corridor: i,
                status: e.status,
                note: e.note.clone(),
            })
        })
        .collect();
    rows.sort_by_key(|r| r.time);
    rows
}

/// The time the slider shows for `hours` after `start`, snapped to the nearest event within
/// `SNAP_HOURS` hours.
#[must_use]
pub(crate) fn snap(start: Time, hours: i64, event_times: &[Time]) -> Time {
    let t = start + Duration::hours(hours);
    event_times
        .iter()
        .filter(|e| (**e - t).num_minutes().abs() <= SNAP_HOURS * 60)
        .min_by_key(|e| (**e - t).num_minutes().abs())
        .copied()
        .unwrap_or(t)
}

/// The slider and Play button, for the top bar.
pub(crate) fn slider(ui: &mut Ui, s: &Snapshot<'_>, out: &mut Vec<Action>) {
    let Some((start, end)) = s.model.span() else {
        return;
    };
    let lang = s.lang();
    let total = (end - start).num_hours().max(1);
    let mut hours = (s.view.at() - start).num_hours().clamp(0, total);
    let play_label = if s.view.playing() {
        tr("⏸ Pause", lang)
    } else {
        tr("▶ Play", lang)
    };
    if ui
        .button(play_label)
        .on_hover_text(tr("Play the corridors' history a day at a time", lang))
        .clicked()
    {
        out.push(Action::TogglePlay);
    }
    let shown = date(s.view.at(), "%-d %b %Y %H:%M", lang);
    let response = ui.add(
        egui::Slider::new(&mut hours, 0..=total)
            .show_value(false)
            .text(tr("Date", lang)),
    );
    // A screen reader reads the date, not the hour count the slider holds.
    let spoken = format!(
        "{}: {}",
        tr("Date", lang),
        date(s.view.at(), "%-d %B %Y %H:%M", lang)
    );
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_label(spoken.clone());
        node.set_value(spoken);
    });
    if response.changed() {
        // Only a pointer snaps to events: keys and a screen reader's steps move exactly, so
        // they never get stuck on an event.
        let pointer = response.dragged() || response.clicked() || response.drag_stopped();
        let at = if pointer {
            snap(start, hours, s.derived.event_times())
        } else {
            start + Duration::hours(hours)
        };
        out.push(Action::SetTime(at));
    }
    ui.label(RichText::new(shown).monospace());
    if s.view.playing() {
        let dt = f64::from(ui.input(|i| i.stable_dt).min(0.1));
        out.push(Action::Advance(dt / PLAY_SECONDS_PER_DAY * 24.0));
        ui.ctx().request_repaint();
    }
}

/// The event list (left panel tab): filterable by corridor and destination country; a click
/// moves the timeline there and selects the corridor.
pub(super) fn list(ui: &mut Ui, s: &Snapshot<'_>, out: &mut Vec<Action>) {
    let lang = s.lang();
    super::list::filters(ui, s, out);
    let selected = s.view.selected();
    let only_selected = s.ui.events_selected_only() && selected.is_some();
    ui.horizontal(|ui| {
        ui.label(tr("Show", lang));
        let mut limit = only_selected;
        if ui
            .add_enabled(
                selected.is_some(),
                egui::Checkbox::new(&mut limit, tr("only the selected corridor", lang)),
            )
            .changed()
        {
            out.push(Action::SetEventsSelectedOnly(limit));
        }
    });
    let at = s.view.at();
    let rows: Vec<&EventRow> = s
        .derived
        .events()
        .iter()
        .filter(|row| {
            s.view
                .filters()
                .passes(&s.dataset().corridors[row.corridor], at)
                && !(only_selected && selected != Some(row.corridor))
        })
        .collect();
    // Rows of one height, so only those in view are laid out; the note shows in full on hover.
    let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 8.0;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for row in &rows[range] {
                ui.allocate_ui(egui::vec2(ui.available_width(), row_height), |ui| {
                    event_row(ui, s, row, out);
                });
            }
        });
}

fn event_row(ui: &mut Ui, s: &Snapshot<'_>, row: &EventRow, out: &mut Vec<Action>) {
    let lang = s.lang();
    let c = &s.dataset().corridors[row.corridor];
    let current = row.time <= s.view.at();
    ui.horizontal(|ui| {
        let when = RichText::new(date(row.time, "%-d %b %H:%M", lang))
            .monospace()
            .small();
        let link = ui.link(when);
        // Named by what happened, not only when: every link would otherwise read "7 Mar 12:00".
        let spoken = format!(
            "{}, {}{}: {}",
            date(row.time, "%-d %B %H:%M", lang),
            c.name.get(lang),
            row.status
                .map(|st| format!(", {}", crate::i18n::status_word(Some(st), lang)))
                .unwrap_or_default(),
            row.note.get(lang)
        );
        ui.ctx()
            .accesskit_node_builder(link.id, |node| node.set_label(spoken));
        if link
            .on_hover_text(tr("Move the timeline here and select this corridor", lang))
            .clicked()
        {
            out.push(Action::JumpTo(row.time, row.corridor));
        }
        if row.status.is_some() {
            badge(ui, row.status, lang);
        }
        let title = RichText::new(format!(
            "{} (→ {})",
            c.name.get(lang),
            country_word(&c.destination_country, lang)
        ))
        .strong();
        ui.add(egui::Label::new(if current { title } else { title.weak() }).truncate());
    });
    let note = row.note.get(lang);
    ui.add(egui::Label::new(RichText::new(note).small()).truncate())
        .on_hover_text(note);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slider_snaps_to_an_event_within_two_hours() {
        let start: Time = "2022-03-05T00:00:00+02:00".parse().unwrap();
        let event: Time = "2022-03-08T09:00:00+02:00".parse().unwrap();
        assert_eq!(snap(start, 3 * 24 + 8, &[event]), event);
        assert_eq!(
            snap(start, 3 * 24 + 5, &[event]),
            start + Duration::hours(77)
        );
    }
}
