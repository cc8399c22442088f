//! The timeline: a date slider over the dataset's span that steps by the hour and snaps to
//! events, a Play button that advances a day at a time, and the chronological event list.

use chrono::Duration;
use egui::{RichText, Ui};

use super::KoridorApp;
use super::list::badge;
use crate::i18n::{country_word, date, tr};
use crate::{Status, Time};

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
pub fn events(app: &KoridorApp) -> Vec<EventRow> {
    let mut rows: Vec<EventRow> = app
        .dataset
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
pub fn snap(start: Time, hours: i64, event_times: &[Time]) -> Time {
    let t = start + Duration::hours(hours);
    event_times
        .iter()
        .filter(|e| (**e - t).num_minutes().abs() <= SNAP_HOURS * 60)
        .min_by_key(|e| (**e - t).num_minutes().abs())
        .copied()
        .unwrap_or(t)
}

/// Playback state.
#[derive(Debug, Default)]
pub struct Player {
    /// Whether it is playing.
    pub playing: bool,
    carry: f64,
}

/// The slider and Play button, for the top bar.
pub fn slider(app: &mut KoridorApp, ui: &mut Ui) {
    let Some((start, end)) = app.span else {
        return;
    };
    let total = (end - start).num_hours().max(1);
    let mut hours = (app.at - start).num_hours().clamp(0, total);
    let play_label = if app.player.playing {
        tr("⏸ Pause", app.lang)
    } else {
        tr("▶ Play", app.lang)
    };
    if ui
        .button(play_label)
        .on_hover_text(tr("Play the corridors' history a day at a time", app.lang))
        .clicked()
    {
        app.player.playing = !app.player.playing;
        if app.player.playing && hours >= total {
            app.at = start;
            hours = 0;
        }
    }
    let response = ui.add(
        egui::Slider::new(&mut hours, 0..=total)
            .show_value(false)
            .text(tr("Date", app.lang)),
    );
    if response.changed() {
        let times: Vec<Time> = events(app).into_iter().map(|r| r.time).collect();
        app.at = snap(start, hours, &times);
        app.player.playing = false;
    }
    ui.label(RichText::new(date(app.at, "%-d %b %Y %H:%M", app.lang)).monospace());
    if app.player.playing {
        let dt = f64::from(ui.input(|i| i.stable_dt).min(0.1));
        app.player.carry += dt / PLAY_SECONDS_PER_DAY * 24.0;
        #[allow(clippy::cast_possible_truncation)]
        let step = app.player.carry.floor() as i64;
        if step > 0 {
            app.player.carry -= step as f64;
            app.at = (app.at + Duration::hours(step)).min(end);
        }
        if app.at >= end {
            app.player.playing = false;
        }
        ui.ctx().request_repaint();
    }
}

/// The event list (left panel tab): filterable by corridor and destination country; a click
/// moves the timeline there and selects the corridor.
pub fn list(app: &mut KoridorApp, ui: &mut Ui) {
    let lang = app.lang;
    super::list::filters(app, ui);
    ui.horizontal(|ui| {
        ui.label(tr("Show", app.lang));
        let only_selected = app.selected.is_some();
        let mut limit = app.events_selected_only && only_selected;
        if ui
            .add_enabled(
                only_selected,
                egui::Checkbox::new(&mut limit, tr("only the selected corridor", app.lang)),
            )
            .changed()
        {
            app.events_selected_only = limit;
        }
    });
    let rows: Vec<EventRow> = events(app)
        .into_iter()
        .filter(|row| {
            app.passes_filters(&app.dataset.corridors[row.corridor])
                && !(app.events_selected_only && app.selected.is_some_and(|s| s != row.corridor))
        })
        .collect();
    let mut jump = None;
    // Rows of one height, so only those in view are laid out; the note shows in full on hover.
    let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 8.0;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for row in &rows[range] {
                let c = &app.dataset.corridors[row.corridor];
                let current = row.time <= app.at;
                ui.allocate_ui(egui::vec2(ui.available_width(), row_height), |ui| {
                    ui.horizontal(|ui| {
                        let when = RichText::new(date(row.time, "%-d %b %H:%M", lang))
                            .monospace()
                            .small();
                        if ui
                            .link(when)
                            .on_hover_text(tr(
                                "Move the timeline here and select this corridor",
                                lang,
                            ))
                            .clicked()
                        {
                            jump = Some((row.time, row.corridor));
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
                        ui.add(
                            egui::Label::new(if current { title } else { title.weak() }).truncate(),
                        );
                    });
                    let note = row.note.get(lang);
                    ui.add(egui::Label::new(RichText::new(note).small()).truncate())
                        .on_hover_text(note);
                });
            }
        });
    if let Some((time, corridor)) = jump {
        app.at = time;
        app.player.playing = false;
        app.select(Some(corridor));
    }
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
