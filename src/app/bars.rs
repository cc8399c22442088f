//! Top bar (dataset, date, tiles) and status bar (attribution, cursor, zoom, tiles loading).

use egui::{RichText, Ui};

use super::KoridorApp;
use crate::Lang;

/// The top bar.
pub fn top(app: &mut KoridorApp, ui: &mut Ui) {
    egui::Panel::top("top").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new("Koridor").strong().size(16.0));
            super::file_menu::menu(app, ui);
            ui.separator();
            let name = app
                .dataset
                .name
                .clone()
                .unwrap_or_else(|| "Corridors".into());
            ui.label(format!(
                "{name} · {} corridors · {}",
                app.dataset.corridors.len(),
                app.dataset.origin
            ));
            ui.separator();

            super::file_menu::tiles(app, ui);
            ui.separator();
            let tip = if app.selected.is_some() {
                "Export the selected route as PNG (Ctrl+E)"
            } else {
                "Export the current view as PNG (Ctrl+E)"
            };
            if ui.button("Export…").on_hover_text(tip).clicked() {
                app.open_export();
            }
            ui.separator();
            egui::ComboBox::from_label("Place names")
                .selected_text(match app.lang {
                    Lang::En => "English",
                    Lang::Uk => "Українська",
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut app.lang, Lang::En, "English");
                    ui.selectable_value(&mut app.lang, Lang::Uk, "Українська");
                });
        });
        ui.horizontal(|ui| {
            ui.spacing_mut().slider_width = (ui.available_width() - 260.0).max(200.0);
            super::timeline::slider(app, ui);
        });
        if let Some(source) = &app.data.loading {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Loading {} …", source.label()));
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
                    "The dataset you asked for could not be opened; showing the last good one.",
                );
                if ui.button("Dismiss").clicked() {
                    dismiss = true;
                }
            });
            for line in app.data_problems.iter().take(12) {
                ui.label(RichText::new(line).small().monospace());
            }
            if app.data_problems.len() > 12 {
                ui.label(format!(
                    "… and {} more problems",
                    app.data_problems.len() - 12
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
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new("Basemap: Natural Earth (public domain) ·").small());
            ui.hyperlink_to(
                RichText::new("GeoNames").small(),
                "https://www.geonames.org/",
            );
            ui.label(
                RichText::new("(CC BY 4.0) · Corridor data: see each route's sources").small(),
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
            ui.label(RichText::new(format!("zoom {:.1}", app.events.zoom)).small());
            ui.separator();
            let loading = app.tiles.loading();
            let failed = app.tiles.failed();
            ui.label(
                RichText::new(if loading == 0 {
                    "tiles ready".to_owned()
                } else {
                    format!("{loading} tiles loading")
                })
                .small(),
            );
            if failed > 0 {
                ui.label(RichText::new(format!("{failed} tiles failed")).small());
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
                    ui.label(RichText::new(format!("{loading} online tiles loading")).small());
                }
                if failed > 0 {
                    ui.label(
                        RichText::new(format!(
                            "{failed} online tiles failed; offline basemap shown"
                        ))
                        .small(),
                    );
                }
            }
        });
    });
}
