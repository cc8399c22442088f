//! Top bar (file, dataset, tiles, export, language, timeline) and status bar (attribution,
//! cursor, zoom, tiles loading).

use egui::{RichText, Ui};

use super::{Action, Snapshot, Theme};
use crate::Lang;
use crate::i18n::{tr, trf};
use crate::net::TileChoice;

/// The tiles' progress, for the status bar.
pub(crate) struct TileStatus {
    /// Offline tiles being rendered.
    pub loading: usize,
    /// Offline tiles that could not be rendered.
    pub failed: usize,
    /// The online source's attribution and its tiles loading and failed, when one is on.
    pub online: Option<(walkers::sources::Attribution, usize, usize)>,
    /// The street basemap's attribution, when one is open.
    pub street: Option<String>,
}

/// The top bar.
pub(super) fn top(
    ui: &mut Ui,
    s: &Snapshot<'_>,
    data: &super::DataState,
    tiles: &TileChoice,
    out: &mut Vec<Action>,
) {
    let lang = s.lang();
    egui::Panel::top("top").show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Koridor").strong().size(16.0));
            super::file_menu::menu(ui, lang, out);
            ui.separator();
            let dataset = s.dataset();
            let name = dataset.name.as_ref().map_or_else(
                || tr("Corridors", lang).to_owned(),
                |name| name.get(lang).to_owned(),
            );
            ui.label(trf(
                "{name} · {n} corridors · {origin}",
                lang,
                &[
                    ("name", name),
                    ("n", dataset.corridors.len().to_string()),
                    ("origin", origin_label(&dataset.origin, lang)),
                ],
            ));
            ui.separator();
            super::file_menu::tiles(ui, tiles, lang, out);
            ui.separator();
            settings(ui, s, out);
        });
        ui.horizontal(|ui| {
            ui.spacing_mut().slider_width = (ui.available_width() - 340.0).max(200.0);
            super::timeline::slider(ui, s, out);
        });
        super::tally_strip::strip(ui, s, out);
        messages(ui, s, data, out);
    });
}

/// Export, language, theme and Help.
fn settings(ui: &mut Ui, s: &Snapshot<'_>, out: &mut Vec<Action>) {
    let lang = s.lang();
    let tip = if s.view.selected().is_some() {
        tr("Export the selected route as PNG (Ctrl+E)", lang)
    } else {
        tr("Export the current view as PNG (Ctrl+E)", lang)
    };
    if ui.button(tr("Export…", lang)).on_hover_text(tip).clicked() {
        out.push(Action::OpenExport);
    }
    ui.separator();
    let mut chosen = lang;
    let language = match lang {
        Lang::En => "English",
        Lang::Uk => "Українська",
    };
    let combo = egui::ComboBox::from_label(tr("Language", lang))
        .selected_text(language)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut chosen, Lang::En, "English");
            ui.selectable_value(&mut chosen, Lang::Uk, "Українська");
        });
    super::access::combo_value(ui.ctx(), combo.response.id, language);
    if chosen != lang {
        out.push(Action::SetLang(chosen));
    }
    let mut theme = s.ui.theme();
    let shown = match theme {
        Theme::System => tr("System", lang),
        Theme::Light => tr("Light", lang),
        Theme::Dark => tr("Dark", lang),
    };
    let combo = egui::ComboBox::from_label(tr("Theme", lang))
        .selected_text(shown)
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut theme, Theme::System, tr("System", lang));
            ui.selectable_value(&mut theme, Theme::Light, tr("Light", lang));
            ui.selectable_value(&mut theme, Theme::Dark, tr("Dark", lang));
        });
    super::access::combo_value(ui.ctx(), combo.response.id, shown);
    if theme != s.ui.theme() {
        out.push(Action::SetTheme(theme));
    }
    ui.separator();
    if ui
        .button(tr("Help", lang))
        .on_hover_text(tr("Keyboard shortcuts (F1)", lang))
        .clicked()
    {
        out.push(Action::ToggleHelp);
    }
}

/// A load in progress, the notice, the dataset's note and its problems.
fn messages(ui: &mut Ui, s: &Snapshot<'_>, data: &super::DataState, out: &mut Vec<Action>) {
    let lang = s.lang();
    if let Some(source) = data.loading() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(trf(
                "Loading {source} …",
                lang,
                &[("source", source.label())],
            ));
        });
    }
    if let Some(notice) = s.ui.notice() {
        ui.horizontal(|ui| {
            ui.colored_label(egui::Color32::from_rgb(0xc0, 0x80, 0x00), notice);
            if ui.button(tr("Dismiss", lang)).clicked() {
                out.push(Action::DismissNotice);
            }
        });
    }
    if let Some(note) = data.note() {
        ui.colored_label(egui::Color32::from_rgb(0xc0, 0x80, 0x00), note);
    }
    let problems = s.ui.data_problems();
    if problems.is_empty() {
        return;
    }
    ui.horizontal(|ui| {
        ui.colored_label(
            egui::Color32::from_rgb(0xb0, 0x00, 0x20),
            tr(
                "The dataset you asked for could not be opened; showing the last good one.",
                lang,
            ),
        );
        if ui.button(tr("Dismiss", lang)).clicked() {
            out.push(Action::DismissProblems);
        }
    });
    for line in problems.iter().take(12) {
        ui.label(RichText::new(line).small().monospace());
    }
    if problems.len() > 12 {
        ui.label(trf(
            "… and {n} more problems",
            lang,
            &[("n", (problems.len() - 12).to_string())],
        ));
    }
}

/// The status bar.
pub(super) fn status(ui: &mut Ui, s: &Snapshot<'_>, tiles: &TileStatus) {
    let lang = s.lang();
    egui::Panel::bottom("status").show(ui, |ui| {
        // Wrapped: on a narrow window the view code goes to a second row rather than off the
        // edge.
        ui.horizontal_wrapped(|ui| {
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
            if let Some((lon, lat)) = s.view.cursor() {
                cursor_position(ui, lon, lat);
                ui.separator();
            }
            let zoom = s.view.drawn().map_or(0.0, |v| v.zoom);
            ui.label(RichText::new(trf("zoom {z}", lang, &[("z", format!("{zoom:.1}"))])).small());
            ui.separator();
            tile_progress(ui, tiles, lang);
            ui.separator();
            view_code(ui, s, lang);
        });
    });
}

/// The view code of what the window shows, and a button that copies it: pasted into a window
/// or given to `koridor open`, it shows the same map.
fn view_code(ui: &mut Ui, s: &Snapshot<'_>, lang: Lang) {
    let code = super::view_code::code_of(s.model, s.view, lang).to_text();
    ui.label(RichText::new(&code).small().monospace())
        .on_hover_text(tr(
            "View code: paste it into Koridor (Ctrl+V on the map) or run koridor open CODE to see this map again",
            lang,
        ));
    let copy = ui
        .small_button(tr("Copy", lang))
        .on_hover_text(tr("Copy view code", lang));
    // Short on screen, whole for a screen reader.
    ui.ctx().accesskit_node_builder(copy.id, |node| {
        node.set_label(tr("Copy view code", lang));
    });
    if copy.clicked() {
        ui.ctx().copy_text(code);
    }
}

/// The pointer's position, painted rather than a label: it changes with every mouse move, and a
/// label would have a screen reader hear each change.
fn cursor_position(ui: &mut Ui, lon: f64, lat: f64) {
    let small = egui::TextStyle::Small.resolve(ui.style()).size;
    let font = egui::FontId::monospace(small);
    let color = ui.visuals().text_color();
    let galley = ui
        .painter()
        .layout_no_wrap(format!("{lat:.4}° N, {lon:.4}° E"), font, color);
    let (rect, _) = ui.allocate_exact_size(galley.size(), egui::Sense::hover());
    ui.painter().galley(rect.min, galley, color);
}

fn tile_progress(ui: &mut Ui, tiles: &TileStatus, lang: Lang) {
    ui.label(
        RichText::new(if tiles.loading == 0 {
            tr("tiles ready", lang).to_owned()
        } else {
            trf(
                "{n} tiles loading",
                lang,
                &[("n", tiles.loading.to_string())],
            )
        })
        .small(),
    );
    if tiles.failed > 0 {
        ui.label(
            RichText::new(trf(
                "{n} tiles failed",
                lang,
                &[("n", tiles.failed.to_string())],
            ))
            .small(),
        );
    }
    if let Some(street) = &tiles.street {
        ui.separator();
        ui.label(RichText::new(street).small());
    }
    let Some((attribution, loading, failed)) = &tiles.online else {
        return;
    };
    ui.separator();
    if attribution.url.is_empty() {
        ui.label(RichText::new(attribution.text).small());
    } else {
        ui.hyperlink_to(RichText::new(attribution.text).small(), attribution.url);
    }
    if *loading > 0 {
        ui.label(
            RichText::new(trf(
                "{n} online tiles loading",
                lang,
                &[("n", loading.to_string())],
            ))
            .small(),
        );
    }
    if *failed > 0 {
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

/// Where the dataset came from, in `lang` for the embedded one (a path or URL as it is).
fn origin_label(origin: &str, lang: Lang) -> String {
    if origin == crate::data::EMBEDDED_ORIGIN {
        tr("embedded corridors.geojson", lang).to_owned()
    } else {
        origin.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_origin_is_named_in_the_interface_language_and_a_path_as_it_is() {
        let embedded = crate::data::EMBEDDED_ORIGIN;
        assert_eq!(
            origin_label(embedded, Lang::En),
            "embedded corridors.geojson"
        );
        assert_eq!(
            origin_label(embedded, Lang::Uk),
            "вбудований corridors.geojson"
        );
        assert_eq!(
            origin_label("/data/march.geojson", Lang::Uk),
            "/data/march.geojson"
        );
    }
}
