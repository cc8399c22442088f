//! Right panel with a selection: everything known about one corridor.

use egui::{RichText, Ui};

use super::KoridorApp;
use super::list::{badge, chip};
use crate::{Confidence, Corridor, Dataset, Source, Time, country_name};

/// The tooltip over a route on the map: name, status, destination country.
pub fn tooltip(ui: &mut Ui, dataset: &Dataset, index: usize, at: Time) {
    let Some(c) = dataset.corridors.get(index) else {
        return;
    };
    ui.label(RichText::new(&c.name).strong());
    ui.horizontal(|ui| {
        badge(ui, c.status_at(at));
        ui.label(format!(
            "→ {} ({})",
            country_name(&c.destination_country),
            c.side()
        ));
    });
}

fn confidence_note(confidence: Confidence) -> &'static str {
    match confidence {
        Confidence::High => "",
        Confidence::Medium => " (medium confidence)",
        Confidence::Low => " (low confidence)",
        Confidence::Unverified => " (unverified)",
    }
}

/// A source as a link if it has an http(s) URL, else as text.
pub fn source_line(ui: &mut Ui, source: &Source) {
    let mut text = source.publisher.clone();
    if let Some(title) = &source.title {
        text.push_str(&format!(": {title}"));
    }
    if let Some(date) = &source.date {
        text.push_str(&format!(" ({date})"));
    }
    match &source.url {
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
            ui.hyperlink_to(text, url);
        }
        _ => {
            ui.label(text);
        }
    }
    if let Some(about) = &source.about {
        ui.label(RichText::new(about).small().weak());
    }
}

fn refs(corridor: &Corridor, ids: &[String]) -> String {
    let names: Vec<&str> = ids
        .iter()
        .filter_map(|id| corridor.source(id).map(|s| s.publisher.as_str()))
        .collect();
    if names.is_empty() {
        String::new()
    } else {
        format!("[{}]", names.join("; "))
    }
}

fn time(t: Time, precision: crate::Precision) -> String {
    match precision {
        crate::Precision::Day => t.format("%-d %b %Y").to_string(),
        _ => t.format("%-d %b %Y %H:%M (UTC%:z)").to_string(),
    }
}

/// Shows the selected corridor.
pub fn show(app: &mut KoridorApp, ui: &mut Ui) {
    let Some(index) = app.selected else { return };
    let Some(c) = app.dataset.corridors.get(index) else {
        app.selected = None;
        return;
    };
    let mut clear = false;
    let mut export = false;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                chip(ui, c);
                ui.heading(&c.name);
            });
            ui.horizontal(|ui| {
                badge(ui, c.status_at(app.at));
                ui.label(format!("as of {}", app.at.format("%-d %b %Y %H:%M")));
                if ui.button("Clear selection").clicked() {
                    clear = true;
                }
                if ui
                    .button("Export route…")
                    .on_hover_text("Save this route as a PNG (Ctrl+E)")
                    .clicked()
                {
                    export = true;
                }
            });
            ui.separator();
            egui::Grid::new("facts")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    ui.label("Origin");
                    ui.label(&c.origin);
                    ui.end_row();
                    ui.label("Waypoints");
                    ui.vertical(|ui| {
                        if c.waypoints.is_empty() {
                            ui.label("none published");
                        }
                        for w in &c.waypoints {
                            ui.label(format!("{}{}", w.name, confidence_note(w.confidence)))
                                .on_hover_text(w.note.as_deref().unwrap_or("no note"));
                        }
                    });
                    ui.end_row();
                    ui.label("Destination");
                    ui.label(format!(
                        "{}, {} — {}",
                        c.destination,
                        country_name(&c.destination_country),
                        c.side()
                    ));
                    ui.end_row();
                    ui.label("Proposed by");
                    ui.label(&c.proposer);
                    ui.end_row();
                    ui.label("Announced");
                    ui.label(time(c.announced, c.announced_precision));
                    ui.end_row();
                    ui.label("Ceasefire");
                    ui.vertical(|ui| {
                        if c.ceasefire.is_empty() {
                            ui.label("no window reported");
                        }
                        for w in &c.ceasefire {
                            let end = w.end.map_or_else(
                                || "end not reported".to_owned(),
                                |e| e.format("%-d %b %H:%M").to_string(),
                            );
                            ui.label(format!(
                                "{} – {end}",
                                w.start.format("%-d %b %Y %H:%M (UTC%:z)")
                            ));
                        }
                    });
                    ui.end_row();
                    ui.label("Length");
                    ui.label(format!(
                        "{:.1} km (geodesic, along the drawn line)",
                        c.length_km
                    ));
                    ui.end_row();
                    ui.label("Line drawn");
                    ui.label(match c.geometry_basis.as_str() {
                        "schematic" => "schematic: no route was published",
                        "reported" => "as reported used",
                        _ => "through the announced waypoints",
                    });
                    ui.end_row();
                });
            if let Some(note) = &c.route_note {
                ui.label(RichText::new(note).small().italics());
            }
            ui.separator();
            ui.strong("Status history");
            for e in &c.events {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(time(e.time, e.precision)).monospace().small());
                    if e.status.is_some() {
                        badge(ui, e.status);
                    }
                    let text = RichText::new(format!(
                        "{}{} {}",
                        e.note,
                        confidence_note(e.confidence),
                        refs(c, &e.sources)
                    ));
                    // Events after the shown moment are dimmed: they had not happened yet.
                    ui.label(if e.time <= app.at { text } else { text.weak() });
                });
            }
            ui.separator();
            ui.strong("Evacuees");
            if c.evacuees.is_empty() {
                ui.label("no figure reported");
            }
            for e in &c.evacuees {
                let qualifier = if e.qualifier == "exact" {
                    String::new()
                } else {
                    format!("{} ", e.qualifier)
                };
                ui.label(format!(
                    "{}: {qualifier}{} people, according to {}{} {}",
                    e.date,
                    e.count,
                    e.claimed_by,
                    confidence_note(e.confidence),
                    refs(c, &e.sources)
                ));
                if let Some(note) = &e.note {
                    ui.label(RichText::new(note).small().weak());
                }
            }
            ui.separator();
            ui.strong("Criticism");
            if c.criticism.is_empty() {
                ui.label("none recorded");
            }
            for q in &c.criticism {
                ui.label(RichText::new(format!("“{}”", q.quote)).italics());
                let role = q
                    .role
                    .as_deref()
                    .map(|r| format!(", {r}"))
                    .unwrap_or_default();
                ui.label(
                    RichText::new(format!(
                        "— {}{role}, {} {}",
                        q.who,
                        q.date,
                        refs(c, &q.sources)
                    ))
                    .small(),
                );
            }
            ui.separator();
            ui.strong("Sources");
            for s in &c.sources {
                source_line(ui, s);
            }
        });
    if clear {
        app.selected = None;
    }
    if export {
        app.open_export();
    }
}
