//! Left panel: the corridors grouped by origin, with status, destination and length; filters;
//! and the count of routes by destination side.

use egui::{Color32, RichText, Sense, Ui, vec2};

use super::map_layer::color;
use super::view_state::Filters;
use super::{Action, Snapshot};
use crate::i18n::{country_word, status_word, tr, trf};
use crate::scene::side_color;
use crate::{Corridor, Dataset, Lang, Status, Time};

/// Badge colours for statuses (text on a tinted background).
#[must_use]
pub(crate) fn status_color(status: Option<Status>) -> Color32 {
    match status {
        Some(Status::Operating) => Color32::from_rgb(0x1b, 0x7f, 0x3b),
        Some(Status::Agreed) => Color32::from_rgb(0x1f, 0x5f, 0xa8),
        Some(Status::Proposed) => Color32::from_rgb(0x6b, 0x5b, 0x00),
        Some(Status::Failed) => Color32::from_rgb(0xb0, 0x3a, 0x00),
        Some(Status::Rejected) => Color32::from_rgb(0xa0, 0x10, 0x30),
        Some(Status::Disputed) => Color32::from_rgb(0x6a, 0x3d, 0x9a),
        Some(Status::Closed | Status::Unreported) | None => Color32::from_rgb(0x55, 0x55, 0x55),
    }
}

/// A status badge.
pub(crate) fn badge(ui: &mut Ui, status: Option<Status>, lang: Lang) {
    let text = status_word(status, lang);
    let fg = status_color(status);
    ui.label(
        RichText::new(text)
            .color(fg)
            .background_color(fg.gamma_multiply(0.12))
            .small(),
    );
}

/// A small square in the route's colour.
pub(crate) fn chip(ui: &mut Ui, corridor: &Corridor) {
    let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
    ui.painter()
        .rect_filled(rect, 2.0, color(side_color(corridor.side())));
}

/// A row of the corridor list.
enum Row {
    /// An origin's heading: name, number of routes, whether unfolded.
    Origin(String, usize, bool),
    /// A route, by index.
    Route(usize),
}

/// The corridors shown at `at` through `filters`, grouped by origin (in `lang`, in order of first
/// appearance).
#[must_use]
pub(crate) fn compute_groups(
    data: &Dataset,
    filters: &Filters,
    at: Time,
    lang: Lang,
) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut slot: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, c) in data.corridors.iter().enumerate() {
        if !filters.passes(c, at) {
            continue;
        }
        let origin = c.origin.get(lang);
        match slot.get(origin) {
            Some(&k) => groups[k].1.push(i),
            None => {
                slot.insert(origin, groups.len());
                groups.push((origin.to_owned(), vec![i]));
            }
        }
    }
    groups
}

/// Sentences counting routes into Russia or Belarus: among the routes of the largest
/// announcement (the six routes for 7 March 2022 in the embedded data), and in the whole
/// dataset.
#[must_use]
pub(crate) fn side_summary(data: &Dataset, lang: Lang) -> Vec<String> {
    let mut groups: Vec<(&str, usize)> = Vec::new();
    for name in data
        .corridors
        .iter()
        .filter_map(|c| c.announcement.as_ref().map(crate::Text::en))
    {
        match groups.iter_mut().find(|(g, _)| *g == name) {
            Some((_, n)) => *n += 1,
            None => groups.push((name, 1)),
        }
    }
    let mut out = Vec::new();
    if let Some((name, _)) = groups.iter().max_by_key(|(_, n)| *n) {
        let (hostile, all) = data.count_into_russia_or_belarus(|c| {
            c.announcement.as_ref().map(crate::Text::en) == Some(*name)
        });
        let shown = data
            .corridors
            .iter()
            .filter_map(|c| c.announcement.as_ref())
            .find(|a| a.en() == *name)
            .map_or(*name, |a| a.get(lang));
        out.push(trf(
            "{hostile} of {all} routes in the {name} lead to Russia or Belarus",
            lang,
            &[
                ("hostile", hostile.to_string()),
                ("all", all.to_string()),
                ("name", shown.to_owned()),
            ],
        ));
    }
    let (hostile, all) = data.count_into_russia_or_belarus(|_| true);
    out.push(trf(
        "{hostile} of {all} routes in the dataset lead to Russia or Belarus",
        lang,
        &[("hostile", hostile.to_string()), ("all", all.to_string())],
    ));
    out
}

/// Shows the panel.
pub(crate) fn show(ui: &mut Ui, s: &Snapshot<'_>, out: &mut Vec<Action>) {
    let lang = s.lang();
    ui.heading(tr("Corridors", lang));
    for line in s.derived.side_summary() {
        ui.label(RichText::new(line).strong());
    }
    ui.add_space(4.0);
    filters(ui, s, out);
    ui.separator();
    // One row per origin heading and per route, all the same height, so only the rows in view
    // are laid out: a list of 10,000 routes costs no more per frame than one of 20.
    let mut rows: Vec<Row> = Vec::new();
    for (origin, ids) in s.derived.groups() {
        let open = !s.ui.collapsed(origin);
        rows.push(Row::Origin(origin.clone(), ids.len(), open));
        if open {
            rows.extend(ids.iter().copied().map(Row::Route));
        }
    }
    let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 6.0;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for row in &rows[range] {
                ui.allocate_ui(vec2(ui.available_width(), row_height), |ui| match row {
                    Row::Origin(origin, n, open) => origin_row(ui, origin, *n, *open, lang, out),
                    Row::Route(i) => route_row(ui, s, *i, out),
                });
            }
        });
}

fn origin_row(ui: &mut Ui, origin: &str, n: usize, open: bool, lang: Lang, out: &mut Vec<Action>) {
    let arrow = if open { "▾" } else { "▸" };
    let text = trf(
        "From {origin} ({n})",
        lang,
        &[("origin", origin.to_owned()), ("n", n.to_string())],
    );
    if ui
        .button(RichText::new(format!("{arrow} {text}")).strong())
        .clicked()
    {
        out.push(Action::ToggleOrigin(origin.to_owned()));
    }
}

fn route_row(ui: &mut Ui, s: &Snapshot<'_>, i: usize, out: &mut Vec<Action>) {
    let lang = s.lang();
    let c = &s.dataset().corridors[i];
    ui.horizontal(|ui| {
        ui.add_space(8.0);
        chip(ui, c);
        let selected = s.view.selected() == Some(i);
        if ui.selectable_label(selected, c.name.get(lang)).clicked() {
            out.push(Action::Select {
                index: if selected { None } else { Some(i) },
                fit: true,
            });
        }
    });
    ui.horizontal(|ui| {
        ui.add_space(26.0);
        badge(ui, c.status_at(s.view.at()), lang);
        ui.label(
            RichText::new(trf(
                if c.is_schematic() {
                    "→ {country} · {km} km in a straight line"
                } else {
                    "→ {country} · {km} km"
                },
                lang,
                &[
                    ("country", country_word(&c.destination_country, lang)),
                    ("km", format!("{:.0}", c.length_km)),
                ],
            ))
            .small(),
        );
    });
}

/// The filters by status and destination country.
pub(crate) fn filters(ui: &mut Ui, s: &Snapshot<'_>, out: &mut Vec<Action>) {
    let lang = s.lang();
    let filters = s.view.filters();
    egui::CollapsingHeader::new(tr("Filters", lang))
        .id_salt("filters")
        .show(ui, |ui| {
            ui.label(tr("Status", lang));
            ui.horizontal_wrapped(|ui| {
                for status in Status::ALL {
                    let mut shown = !filters.hides_status(status);
                    if ui
                        .checkbox(&mut shown, status_word(Some(status), lang))
                        .changed()
                    {
                        out.push(Action::ToggleStatus(status));
                    }
                }
            });
            ui.label(tr("Destination country", lang));
            ui.horizontal_wrapped(|ui| {
                for cc in s.dataset().destination_countries() {
                    let mut shown = !filters.hides_country(cc);
                    if ui.checkbox(&mut shown, country_word(cc, lang)).changed() {
                        out.push(Action::ToggleCountry(cc.to_owned()));
                    }
                }
            });
        });
}
