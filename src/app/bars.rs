//! Top bar (file, dataset, tiles, export, language, timeline) and status bar (attribution,
//! cursor, zoom, tiles loading).

use egui::{RichText, Ui};

use super::KoridorApp;
use crate::Lang;
use crate::i18n::{tr, trf};

/// The top bar.
pub fn top(app: &mut KoridorApp, ui: &mut Ui) {
    let lang = app.lang;
    egui::Panel::top("top").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Koridor").strong().size(16.0));
            super::file_menu::menu(app, ui);
            ui.separator();
            let name = app.dataset.name.as_ref().map_or_else(
                || tr("Corridors", lang).to_owned(),
                |name| name.get(lang).to_owned(),
            );
            ui.label(trf(
                "{name} · {n} corridors · {origin}",
                lang,
                &[
                    ("name", name),
                    ("n", app.dataset.corridors.len().to_string()),
                    ("origin", app.dataset.origin.clone()),
                ],
            ));
            ui.separator();
            super::file_menu::tiles(app, ui);
            ui.separator();
            let tip = if app.selected.is_some() {
                tr("Export the selected route as PNG (Ctrl+E)", lang)
            } else {
                tr("Export the current view as PNG (Ctrl+E)", lang)
            };
            if ui.button(tr("Export…", lang)).on_hover_text(tip).clicked() {
                app.open_export();
            }
            ui.separator();
            egui::ComboBox::from_label(tr("Language", lang))
                .selected_text(match app.lang {
                    Lang::En => "English",
                    Lang::Uk => "Українська",
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut app.lang, Lang::En, "English");
                    ui.selectable_value(&mut app.lang, Lang::Uk, "Українська");
                });
            let mut theme = app.theme;
            egui::ComboBox::from_label(tr("Theme", lang))
                .selected_text(match theme {
                    super::Theme::System => tr("System", lang),
                    super::Theme::Light => tr("Light", lang),
                    super::Theme::Dark => tr("Dark", lang),
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut theme, super::Theme::System, tr("System", lang));
                    ui.selectable_value(&mut theme, super::Theme::Light, tr("Light", lang));
                    ui.selectable_value(&mut theme, super::Theme::Dark, tr("Dark", lang));
                });
            if theme != app.theme {
                app.theme = theme;
                ui.ctx().set_theme(theme.preference());
            }
            ui.separator();
            if ui
                .button(tr("Help", lang))
                .on_hover_text(tr("Keyboard shortcuts (F1)", lang))
                .clicked()
            {
                app.help_open = !app.help_open;
            }
        });
        ui.horizontal(|ui| {
            ui.spacing_mut().slider_width = (ui.available_width() - 340.0).max(200.0);
            super::timeline::slider(app, ui);
        });
        super::tally_strip::strip(app, ui);
        if let Some(source) = &app.data.loading {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(trf(
                    "Loading {source} …",
                    lang,
                    &[("source", source.label())],
                ));
            });
        }
        if let Some(notice) = app.notice.clone() {
            ui.horizontal(|ui| {
                ui.colored_label(egui::Color32::from_rgb(0xc0, 0x80, 0x00), notice);
                if ui.button(tr("Dismiss", lang)).clicked() {
                    app.notice = None;
                }
            });
        }
        if let Some(note) = &app.data.note {
            ui.colored_label(egui::Color32::from_rgb(0xc0, 0x80, 0x00), note);
        }
        if !app.data_problems.is_empty() {
            let mut dismiss = false;
            ui.horizontal(|ui| {
                ui.colored_label(
                    egui::Color32::from_rgb(0xb0, 0x00, 0x20),
                    tr(
                        "The dataset you asked for could not be opened; showing the last good one.",
                        lang,
                    ),
                );
                if ui.button(tr("Dismiss", lang)).clicked() {
                    dismiss = true;
                }
            });
            for line in app.data_problems.iter().take(12) {
                ui.label(RichText::new(line).small().monospace());
            }
            if app.data_problems.len() > 12 {
                ui.label(trf(
                    "… and {n} more problems",
                    lang,
                    &[("n", (app.data_problems.len() - 12).to_string())],
                ));
            }
            if dismiss {
                app.data_problems.clear();
            }
        }
    });
}

/// The status bar.
pub fn status(app: &mut KoridorApp, ui: &mut Ui) {
    let lang = app.lang;
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(tr("Basemap: Natural Earth (public domain) ·", lang)).small());
            ui.hyperlink_to(
                RichText::new("GeoNames").small(),
                "https://www.geonames.org/",
            );
            ui.label(
                RichText::new(tr(
                    "(CC BY 4.0) · Corridor data: see each route's sources",
                    lang,
                ))
                .small(),
            );
            ui.separator();
            if let Some((lon, lat)) = app.events.cursor {
                ui.label(
                    RichText::new(format!("{lat:.4}° N, {lon:.4}° E"))
                        .small()
                        .monospace(),
                );
                ui.separator();
            }
            ui.label(
                RichText::new(trf(
                    "zoom {z}",
                    lang,
                    &[("z", format!("{:.1}", app.events.zoom))],
                ))
                .small(),
            );
            ui.separator();
            let loading = app.tiles.loading();
            let failed = app.tiles.failed();
            ui.label(
                RichText::new(if loading == 0 {
                    tr("tiles ready", lang).to_owned()
                } else {
                    trf("{n} tiles loading", lang, &[("n", loading.to_string())])
                })
                .small(),
            );
            if failed > 0 {
                ui.label(
                    RichText::new(trf("{n} tiles failed", lang, &[("n", failed.to_string())]))
                        .small(),
                );
            }
            if let Some(online) = &app.online {
                ui.separator();
                let attribution = online.attribution();
                if attribution.url.is_empty() {
                    ui.label(RichText::new(attribution.text).small());
                } else {
                    ui.hyperlink_to(RichText::new(attribution.text).small(), attribution.url);
                }
                let (loading, failed) = (online.loading(), online.failed());
                if loading > 0 {
                    ui.label(
                        RichText::new(trf(
                            "{n} online tiles loading",
                            lang,
                            &[("n", loading.to_string())],
                        ))
                        .small(),
                    );
                }
                if failed > 0 {
                    ui.label(
                        RichText::new(trf(
                            "{n} online tiles failed; offline basemap shown",
                            lang,
                            &[("n", failed.to_string())],
                        ))
                        .small(),
                    );
                }
            }
        });
    });
}
