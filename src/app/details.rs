//! Right panel with a selection: everything known about one corridor, in the interface language
//! where the dataset has a translation.

use egui::{RichText, Ui};

use super::list::{badge, chip};
use super::{Action, Snapshot};
use crate::i18n::{country_word, date, kind_word, side_word, status_word, tr, trf, window_text};
use crate::{
    Confidence, Corridor, Dataset, Event, GeometryBasis, Lang, Precision, Qualifier, Source, Time,
    kyiv_day,
};

/// The tooltip over a route on the map: name, status, destination country.
pub(crate) fn tooltip(ui: &mut Ui, dataset: &Dataset, index: usize, at: Time, lang: Lang) {
    let Some(c) = dataset.corridors.get(index) else {
        return;
    };
    ui.label(RichText::new(c.name.get(lang)).strong());
    ui.horizontal(|ui| {
        badge(ui, c.status_at(at), lang);
        ui.label(format!(
            "→ {} ({})",
            country_word(&c.destination_country, lang),
            side_word(c.side(), lang)
        ));
    });
}

fn confidence_note(confidence: Confidence, lang: Lang) -> String {
    let word = match confidence {
        Confidence::High => return String::new(),
        Confidence::Medium => tr("medium confidence", lang),
        Confidence::Low => tr("low confidence", lang),
        Confidence::Unverified => tr("unverified", lang),
    };
    format!(" ({word})")
}

/// A source: a link to it if it has an http(s) URL, its own words with a marked translation,
/// the archived copy, the day it was read, and Cite, which copies a reference naming the
/// dataset's version.
fn source_block(ui: &mut Ui, source: &Source, dataset: &Dataset, lang: Lang) {
    let mut text = source.publisher.clone();
    if let Some(title) = &source.title {
        text.push_str(&format!(": {title}"));
    }
    if let Some(date) = &source.date {
        text.push_str(&format!(" ({date})"));
    }
    ui.horizontal_wrapped(|ui| {
        match &source.url {
            Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                ui.hyperlink_to(&text, url);
            }
            _ => {
                ui.label(&text);
            }
        }
        if let Some(archive) = &source.archive_url {
            ui.hyperlink_to(RichText::new(tr("archived copy", lang)).small(), archive);
        }
        if let Some(day) = &source.retrieved {
            ui.label(
                RichText::new(trf("retrieved {day}", lang, &[("day", day.to_string())])).small(),
            );
        }
        let cite = ui.small_button(tr("Cite", lang)).on_hover_text(tr(
            "Copy a reference to this source, with the dataset's version",
            lang,
        ));
        let copied_id = egui::Id::unique("koridor-cited-source");
        if cite.clicked() {
            ui.ctx().copy_text(crate::citation(source, dataset));
            ui.data_mut(|d| d.insert_temp(copied_id, source.id.clone()));
        }
        if ui.data(|d| d.get_temp::<String>(copied_id)).as_deref() == Some(source.id.as_str()) {
            ui.label(
                RichText::new(trf(
                    "Reference copied: {source}",
                    lang,
                    &[("source", source.publisher.clone())],
                ))
                .small(),
            );
        }
    });
    if let Some(excerpt) = &source.excerpt {
        let lang_tag = source
            .excerpt_lang
            .as_deref()
            .filter(|l| *l != "en")
            .map(|l| format!(" [{l}]"))
            .unwrap_or_default();
        ui.label(
            RichText::new(format!("“{excerpt}”{lang_tag}"))
                .italics()
                .small(),
        );
        if let Some(english) = &source.excerpt_en {
            ui.label(
                RichText::new(trf(
                    "Koridor's translation: {text}",
                    lang,
                    &[("text", format!("“{english}”"))],
                ))
                .small()
                .weak(),
            );
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

/// A moment as precisely as it is known.
#[must_use]
pub(super) fn when(t: Time, precision: Precision, lang: Lang) -> String {
    match precision {
        Precision::Day => date(t, "%-d %b %Y", lang),
        _ => date(t, "%-d %b %Y %H:%M (UTC%:z)", lang),
    }
}

fn facts(ui: &mut Ui, c: &Corridor, lang: Lang) {
    let value_width = (ui.available_width() - 120.0).max(120.0);
    egui::Grid::new("facts")
        .max_col_width(value_width)
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            ui.label(tr("Origin", lang));
            ui.label(c.origin.get(lang));
            ui.end_row();
            ui.label(tr("Waypoints", lang));
            ui.vertical(|ui| {
                if c.waypoints.is_empty() {
                    ui.label(tr("none published", lang));
                }
                for w in &c.waypoints {
                    let note = w.note.as_ref().map_or("", |note| note.get(lang));
                    let routing = if w.routing {
                        format!(" — {}", tr("routing point placed by Koridor", lang))
                    } else {
                        String::new()
                    };
                    let label = ui.label(format!(
                        "{}{}{routing}",
                        w.name.get(lang),
                        confidence_note(w.confidence, lang)
                    ));
                    if !note.is_empty() {
                        label.on_hover_text(note);
                    }
                }
            });
            ui.end_row();
            ui.label(tr("Destination", lang));
            ui.label(format!(
                "{}, {} — {}",
                c.destination.get(lang),
                country_word(&c.destination_country, lang),
                side_word(c.side(), lang)
            ));
            ui.end_row();
            ui.label(tr("Proposed by", lang));
            ui.label(c.proposer.get(lang));
            ui.end_row();
            ui.label(tr("Announced", lang));
            ui.label(when(c.announced, c.announced_precision, lang));
            ui.end_row();
            ui.label(tr("Ceasefire", lang));
            ui.vertical(|ui| {
                if c.ceasefire.is_empty() {
                    ui.label(tr("no window reported", lang));
                }
                for w in &c.ceasefire {
                    ui.label(window_text(w, lang));
                }
            });
            ui.end_row();
            ui.label(tr("Length", lang));
            ui.label(trf(
                if c.is_schematic() {
                    "{km} km in a straight line (direction only: no route was published)"
                } else {
                    "{km} km (geodesic, along the drawn line)"
                },
                lang,
                &[("km", format!("{:.1}", c.length_km))],
            ));
            ui.end_row();
            ui.label(tr("Kind", lang));
            ui.label(kind_word(c.kind, lang));
            ui.end_row();
            ui.label(tr("Line drawn", lang));
            ui.label(match c.geometry_basis {
                GeometryBasis::Schematic => tr("schematic: no route was published", lang),
                GeometryBasis::Reported => tr("as reported used", lang),
                GeometryBasis::Announced => tr("through the announced waypoints", lang),
            });
            ui.end_row();
        });
}

/// The record day by day: each Kyiv day the corridor was announced, agreed, ran or failed, with
/// how the day ended, each claimant's account where they differ, its windows and its events.
fn history(ui: &mut Ui, c: &Corridor, at: Time, lang: Lang) {
    ui.strong(tr("Day by day", lang));
    let today = kyiv_day(at);
    for day in c.instances() {
        // Days after the shown moment are dimmed: they had not happened yet.
        let dim = |text: RichText| if day.day <= today { text } else { text.weak() };
        ui.horizontal_wrapped(|ui| {
            ui.label(dim(RichText::new(day_text(day.day, lang)).strong()));
            if day.result.is_some() {
                badge(ui, day.result, lang);
            }
            let outcomes = day.outcomes_by_claimant();
            if outcomes.len() > 1 {
                let accounts: Vec<String> = outcomes
                    .iter()
                    .map(|o| {
                        let who = o.claimed_by.map_or_else(
                            || tr("unattributed", lang).to_owned(),
                            |who| who.get(lang).to_owned(),
                        );
                        format!("{who}: {}", status_word(Some(o.status), lang))
                    })
                    .collect();
                ui.label(dim(RichText::new(accounts.join("; ")).small()));
            }
        });
        ui.indent(("day", day.day), |ui| {
            for w in &day.windows {
                ui.label(dim(RichText::new(trf(
                    "window {window}",
                    lang,
                    &[("window", window_text(w, lang))],
                ))
                .small()));
            }
            for e in &day.events {
                event_line(ui, c, e, e.time <= at, lang);
            }
        });
    }
}

/// A Kyiv calendar day: "8 Mar 2022".
fn day_text(day: chrono::NaiveDate, lang: Lang) -> String {
    day.and_hms_opt(12, 0, 0)
        .and_then(|noon| {
            noon.and_local_timezone(chrono::FixedOffset::east_opt(0)?)
                .single()
        })
        .map_or_else(|| day.to_string(), |t| date(t, "%-d %b %Y", lang))
}

/// One event of a day: its time when known to the hour or minute, its status, what happened,
/// who says so, how sure the record is, and its sources.
fn event_line(ui: &mut Ui, c: &Corridor, e: &Event, happened: bool, lang: Lang) {
    ui.horizontal_wrapped(|ui| {
        if e.precision != Precision::Day {
            ui.label(
                RichText::new(date(e.time, "%H:%M (UTC%:z)", lang))
                    .monospace()
                    .small(),
            );
        }
        if e.status.is_some() {
            badge(ui, e.status, lang);
        }
        let claimant = e
            .claimed_by
            .as_ref()
            .map(|who| {
                format!(
                    " ({})",
                    trf(
                        "claimed by {who}",
                        lang,
                        &[("who", who.get(lang).to_owned())]
                    )
                )
            })
            .unwrap_or_default();
        let text = RichText::new(format!(
            "{}{claimant}{} {}",
            e.note.get(lang),
            confidence_note(e.confidence, lang),
            refs(c, &e.sources)
        ));
        ui.label(if happened { text } else { text.weak() });
    });
}

fn evacuees(ui: &mut Ui, c: &Corridor, lang: Lang) {
    ui.strong(tr("Evacuees", lang));
    if c.evacuees.is_empty() {
        ui.label(tr("no figure reported", lang));
    }
    for e in &c.evacuees {
        let qualifier = match e.figure.qualifier {
            Qualifier::About => format!("{} ", tr("about", lang)),
            Qualifier::MoreThan => format!("{} ", tr("more than", lang)),
            Qualifier::Exact => String::new(),
        };
        ui.label(format!(
            "{}: {}{}",
            e.date,
            trf(
                "{qualifier}{count} people, according to {who}",
                lang,
                &[
                    ("qualifier", qualifier),
                    ("count", e.figure.count.to_string()),
                    ("who", e.claimed_by.get(lang).to_owned())
                ]
            ),
            format_args!(
                "{} {}",
                confidence_note(e.confidence, lang),
                refs(c, &e.sources)
            )
        ));
        if let Some(note) = &e.note {
            ui.label(RichText::new(note.get(lang)).small().weak());
        }
    }
}

fn criticism(ui: &mut Ui, c: &Corridor, lang: Lang) {
    ui.strong(tr("Criticism", lang));
    if c.criticism.is_empty() {
        ui.label(tr("none recorded", lang));
    }
    for q in &c.criticism {
        ui.label(RichText::new(format!("“{}”", q.quote.get(lang))).italics());
        let role = q
            .role
            .as_ref()
            .map(|r| format!(", {}", r.get(lang)))
            .unwrap_or_default();
        ui.label(
            RichText::new(format!(
                "— {}{role}, {} {}",
                q.who.get(lang),
                q.date,
                refs(c, &q.sources)
            ))
            .small(),
        );
    }
}

/// Shows the selected corridor.
pub(crate) fn show(ui: &mut Ui, s: &Snapshot<'_>, out: &mut Vec<Action>) {
    let Some(c) = s.view.selected().and_then(|i| s.dataset().corridors.get(i)) else {
        return;
    };
    let (lang, at) = (s.lang(), s.view.at());
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                chip(ui, c);
                ui.heading(c.name.get(lang));
            });
            ui.horizontal_wrapped(|ui| {
                badge(ui, c.status_at(at), lang);
                ui.label(trf(
                    "as of {date}",
                    lang,
                    &[("date", date(at, "%-d %b %Y %H:%M", lang))],
                ));
                if ui
                    .add(
                        egui::Button::new(tr("Clear selection", lang))
                            .wrap_mode(egui::TextWrapMode::Extend),
                    )
                    .on_hover_text(tr("Esc", lang))
                    .clicked()
                {
                    out.push(Action::Select {
                        index: None,
                        fit: false,
                    });
                }
                if ui
                    .add(
                        egui::Button::new(tr("Export route…", lang))
                            .wrap_mode(egui::TextWrapMode::Extend),
                    )
                    .on_hover_text(tr("Save this route as a PNG (Ctrl+E)", lang))
                    .clicked()
                {
                    out.push(Action::OpenExport);
                }
            });
            ui.separator();
            facts(ui, c, lang);
            if let Some(note) = &c.route_note {
                ui.label(RichText::new(note.get(lang)).small().italics());
            }
            ui.separator();
            history(ui, c, at, lang);
            ui.separator();
            evacuees(ui, c, lang);
            ui.separator();
            criticism(ui, c, lang);
            ui.separator();
            ui.strong(tr("Sources", lang));
            for source in &c.sources {
                source_block(ui, source, s.dataset(), lang);
            }
        });
}
