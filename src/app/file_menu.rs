//! File menu (Open, Open URL, Reload, Save As) and the tile source switch, for the top bar.

use egui::{RichText, Ui};

use super::Action;
use crate::Lang;
use crate::i18n::tr;
use crate::net::TileChoice;
use crate::source::DataSource;

/// What the path prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PromptKind {
    /// Open a local dataset.
    Open,
    /// Open a dataset over HTTPS.
    OpenUrl,
    /// Save the dataset as GeoJSON.
    SaveAs,
    /// Use a custom XYZ tile server.
    TileTemplate,
    /// Open a PMTiles archive as the street basemap.
    Basemap,
}

/// A small dialog asking for a path or URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Prompt {
    /// What it is for.
    pub kind: PromptKind,
    /// The text typed.
    pub text: String,
    /// The outcome to show (e.g. "Saved …" or an error).
    pub message: Option<Result<String, String>>,
}

impl Prompt {
    /// A prompt for `kind`, with the text to start from (the tile template in use, for a tile
    /// server).
    #[must_use]
    pub(crate) fn new(kind: PromptKind, tiles: &TileChoice) -> Self {
        let text = match kind {
            PromptKind::Open => String::new(),
            PromptKind::OpenUrl => "https://".into(),
            PromptKind::SaveAs => super::default_folder()
                .join("corridors.geojson")
                .display()
                .to_string(),
            PromptKind::TileTemplate => match tiles {
                TileChoice::Template(t) => t.clone(),
                _ => "https://".into(),
            },
            PromptKind::Basemap => match tiles {
                TileChoice::Archive(path) => path.display().to_string(),
                _ => super::default_folder()
                    .join("region.pmtiles")
                    .display()
                    .to_string(),
            },
        };
        Self {
            kind,
            text,
            message: None,
        }
    }
}

/// The File menu.
pub(crate) fn menu(ui: &mut Ui, lang: Lang, out: &mut Vec<Action>) {
    ui.menu_button(tr("File", lang), |ui| {
        let item = |ui: &mut Ui, button: egui::Button<'_>| {
            let response = ui.add(button);
            super::access::menu_item(ui.ctx(), response.id);
            response.clicked()
        };
        if item(ui, egui::Button::new(tr("Open…", lang))) {
            out.push(Action::OpenPrompt(PromptKind::Open));
        }
        if item(ui, egui::Button::new(tr("Open URL…", lang))) {
            out.push(Action::OpenPrompt(PromptKind::OpenUrl));
        }
        if item(
            ui,
            egui::Button::new(tr("Reload", lang)).shortcut_text("F5"),
        ) {
            out.push(Action::Reload);
        }
        if item(ui, egui::Button::new(tr("Save As…", lang))) {
            out.push(Action::OpenPrompt(PromptKind::SaveAs));
        }
        if item(ui, egui::Button::new(tr("Open basemap…", lang))) {
            out.push(Action::OpenPrompt(PromptKind::Basemap));
        }
    });
}

/// The tile source switch.
pub(super) fn tiles(ui: &mut Ui, current: &TileChoice, lang: Lang, out: &mut Vec<Action>) {
    let selected = match current {
        TileChoice::Offline => tr("Offline basemap", lang).to_owned(),
        TileChoice::Osm => "OpenStreetMap".to_owned(),
        TileChoice::Template(_) => tr("Custom tile server", lang).to_owned(),
        TileChoice::Archive(path) => archive_label(path, lang),
    };
    egui::ComboBox::from_label(tr("Tiles", lang))
        .selected_text(selected)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(*current == TileChoice::Offline, tr("Offline basemap", lang))
                .clicked()
            {
                out.push(Action::SetTiles(TileChoice::Offline));
            }
            if ui
                .selectable_label(*current == TileChoice::Osm, "OpenStreetMap")
                .clicked()
            {
                out.push(Action::SetTiles(TileChoice::Osm));
            }
            if ui
                .selectable_label(
                    matches!(current, TileChoice::Template(_)),
                    tr("Custom tile server…", lang),
                )
                .clicked()
            {
                out.push(Action::OpenPrompt(PromptKind::TileTemplate));
            }
            if let TileChoice::Archive(path) = current {
                let _ = ui.selectable_label(true, archive_label(path, lang));
            }
            if ui
                .selectable_label(false, tr("Open basemap…", lang))
                .on_hover_text(tr("Open a street basemap", lang))
                .clicked()
            {
                out.push(Action::OpenPrompt(PromptKind::Basemap));
            }
        });
}

/// "Street basemap: kyiv.pmtiles".
fn archive_label(path: &std::path::Path, lang: Lang) -> String {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    crate::i18n::trf("Street basemap: {file}", lang, &[("file", file)])
}

/// Shows the prompt, if any; what it asks for comes back as an action.
pub(crate) fn prompt(ui: &mut Ui, prompt: &mut Prompt, lang: Lang, out: &mut Vec<Action>) {
    let (title, hint, action) = match prompt.kind {
        PromptKind::Open => (
            tr("Open dataset", lang),
            tr("Path of a GeoJSON file", lang),
            tr("Open", lang),
        ),
        PromptKind::OpenUrl => (
            tr("Open dataset from URL", lang),
            tr("https://… (http only for localhost)", lang),
            tr("Open", lang),
        ),
        PromptKind::SaveAs => (
            tr("Save dataset as GeoJSON", lang),
            tr("Path of the file to write", lang),
            tr("Save", lang),
        ),
        PromptKind::TileTemplate => (
            tr("Custom tile server", lang),
            "https://host/{z}/{x}/{y}.png",
            tr("Use", lang),
        ),
        PromptKind::Basemap => (
            tr("Open a street basemap", lang),
            tr("Path of a PMTiles file", lang),
            tr("Open", lang),
        ),
    };
    let mut act = false;
    let shown = super::dialog::modal(
        ui.ctx(),
        "koridor-prompt",
        title,
        tr("Close", lang),
        |ui, first| {
            let field = ui.add(
                egui::TextEdit::singleline(&mut prompt.text)
                    .hint_text(hint)
                    .desired_width(420.0),
            );
            ui.ctx()
                .accesskit_node_builder(field.id, |node| node.set_label(hint));
            if first {
                field.request_focus();
            }
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                act = true;
            }
            if ui.button(action).clicked() {
                act = true;
            }
            match &prompt.message {
                Some(Ok(m)) => {
                    ui.label(RichText::new(m).color(egui::Color32::from_rgb(0x1b, 0x7f, 0x3b)));
                }
                Some(Err(m)) => {
                    ui.label(RichText::new(m).color(egui::Color32::from_rgb(0xb0, 0x00, 0x20)));
                }
                None => {}
            }
        },
    );
    if shown.close {
        out.push(Action::ClosePrompt);
    }
    if !act {
        return;
    }
    let text = prompt.text.trim().to_owned();
    match prompt.kind {
        PromptKind::Open => {
            out.push(Action::OpenSource(DataSource::File(text.into())));
            out.push(Action::ClosePrompt);
        }
        PromptKind::OpenUrl => {
            out.push(Action::OpenSource(DataSource::Url(text)));
            out.push(Action::ClosePrompt);
        }
        PromptKind::SaveAs => out.push(Action::SaveAs(text.into())),
        PromptKind::TileTemplate => match TileChoice::parse(&text) {
            Ok(choice) => {
                out.push(Action::SetTiles(choice));
                out.push(Action::ClosePrompt);
            }
            Err(e) => prompt.message = Some(Err(e)),
        },
        PromptKind::Basemap => {
            out.push(Action::SetTiles(TileChoice::Archive(text.into())));
            out.push(Action::ClosePrompt);
        }
    }
}
