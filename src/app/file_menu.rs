//! File menu (Open, Open URL, Reload, Save As) and the tile source switch, for the top bar.

use egui::{RichText, Ui};

use super::KoridorApp;
use crate::i18n::{tr, trf};
use crate::net::TileChoice;
use crate::source::DataSource;

/// What the path prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// Open a local dataset.
    Open,
    /// Open a dataset over HTTPS.
    OpenUrl,
    /// Save the dataset as GeoJSON.
    SaveAs,
    /// Use a custom XYZ tile server.
    TileTemplate,
}

/// A small dialog asking for a path or URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// What it is for.
    pub kind: PromptKind,
    /// The text typed.
    pub text: String,
    /// The outcome to show (e.g. "Saved …" or an error).
    pub message: Option<Result<String, String>>,
}

impl Prompt {
    fn new(kind: PromptKind, text: String) -> Self {
        Self {
            kind,
            text,
            message: None,
        }
    }
}

/// The File menu.
pub fn menu(app: &mut KoridorApp, ui: &mut Ui) {
    let lang = app.lang;
    ui.menu_button(tr("File", lang), |ui| {
        if ui.button(tr("Open…", lang)).clicked() {
            app.prompt = Some(Prompt::new(PromptKind::Open, String::new()));
        }
        if ui.button(tr("Open URL…", lang)).clicked() {
            app.prompt = Some(Prompt::new(PromptKind::OpenUrl, "https://".into()));
        }
        if ui
            .add(egui::Button::new(tr("Reload", lang)).shortcut_text("F5"))
            .clicked()
        {
            app.reload(&ui.ctx().clone());
        }
        if ui.button(tr("Save As…", lang)).clicked() {
            let name = super::default_folder().join("corridors.geojson");
            app.prompt = Some(Prompt::new(PromptKind::SaveAs, name.display().to_string()));
        }
    });
}

/// The tile source switch.
pub fn tiles(app: &mut KoridorApp, ui: &mut Ui) {
    let mut choice: Option<TileChoice> = None;
    let lang = app.lang;
    let selected = match app.tile_choice {
        TileChoice::Offline => tr("Offline basemap", lang),
        TileChoice::Osm => "OpenStreetMap",
        TileChoice::Template(_) => tr("Custom tile server", lang),
    };
    egui::ComboBox::from_label(tr("Tiles", lang))
        .selected_text(selected)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(
                    app.tile_choice == TileChoice::Offline,
                    tr("Offline basemap", lang),
                )
                .clicked()
            {
                choice = Some(TileChoice::Offline);
            }
            if ui
                .selectable_label(app.tile_choice == TileChoice::Osm, "OpenStreetMap")
                .clicked()
            {
                choice = Some(TileChoice::Osm);
            }
            if ui
                .selectable_label(
                    matches!(app.tile_choice, TileChoice::Template(_)),
                    tr("Custom tile server…", lang),
                )
                .clicked()
            {
                let current = match &app.tile_choice {
                    TileChoice::Template(t) => t.clone(),
                    _ => "https://".into(),
                };
                app.prompt = Some(Prompt::new(PromptKind::TileTemplate, current));
            }
        });
    if let Some(choice) = choice {
        app.set_tiles(&ui.ctx().clone(), choice);
    }
}

/// Shows the open prompt, if any, and acts on it.
pub fn prompt(app: &mut KoridorApp, ui: &mut Ui) {
    let lang = app.lang;
    let Some(mut prompt) = app.prompt.take() else {
        return;
    };
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
    };
    let mut open = true;
    let mut act = false;
    egui::Window::new(title)
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ui.ctx(), |ui| {
            let field = ui.add(
                egui::TextEdit::singleline(&mut prompt.text)
                    .hint_text(hint)
                    .desired_width(420.0),
            );
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
        });
    if act {
        let ctx = ui.ctx().clone();
        let text = prompt.text.trim().to_owned();
        match prompt.kind {
            PromptKind::Open => {
                app.open_source(&ctx, DataSource::File(text.into()));
                return;
            }
            PromptKind::OpenUrl => {
                app.open_source(&ctx, DataSource::Url(text));
                return;
            }
            PromptKind::SaveAs => {
                prompt.message = Some(
                    app.save_as(std::path::Path::new(&text))
                        .map(|()| trf("Saved {path}", lang, &[("path", text.clone())])),
                );
            }
            PromptKind::TileTemplate => match TileChoice::parse(&text) {
                Ok(choice) => {
                    app.set_tiles(&ctx, choice);
                    return;
                }
                Err(e) => prompt.message = Some(Err(e)),
            },
        }
    }
    if open {
        app.prompt = Some(prompt);
    }
}
