//! Export from the window: the selected route (or the current view) as a PNG, through a dialog
//! that proposes `koridor-<route-id>-<date>.png` in the user's pictures folder; the file is
//! rendered on a worker thread by the same code as `koridor export`.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Context, RichText, Ui};

use crate::basemap::LabelCache;
use crate::export::{ExportRequest, Framing, default_file_name, export_png};
use crate::i18n::{tr, trf};
use crate::{Dataset, Lang, Time};

/// What the export is of.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The selected route's index and id, or the view.
    pub framing: Framing,
    /// The route id for the file name.
    pub route_id: Option<String>,
    /// The moment shown.
    pub at: Time,
    /// Language of names.
    pub lang: Lang,
    /// The tiles the map shows.
    pub tiles: crate::net::TileChoice,
}

/// The dialog's state.
#[derive(Default)]
pub struct ExportDialog {
    /// Whether the dialog is shown.
    pub open: bool,
    target: Option<Target>,
    path: String,
    scale: u32,
    width: u32,
    height: u32,
    job: Option<Receiver<Result<PathBuf, String>>>,
    /// The outcome of the last export: the path written, or why not.
    pub outcome: Option<Result<PathBuf, String>>,
    folder: Option<PathBuf>,
    chooser: Option<super::native_dialog::NativeSave>,
}

/// The folder exports go to by default: the user's pictures folder, else home, else here.
#[must_use]
pub fn default_folder() -> PathBuf {
    dirs::picture_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
}

impl ExportDialog {
    /// A dialog proposing files in `folder` (default: [`default_folder`]).
    #[must_use]
    pub fn new(folder: Option<PathBuf>) -> Self {
        Self {
            scale: 1,
            width: 1600,
            height: 1000,
            folder,
            ..Self::default()
        }
    }

    /// Opens the dialog for `target`.
    pub fn open(&mut self, target: Target) {
        let folder = self.folder.clone().unwrap_or_else(default_folder);
        self.path = folder
            .join(default_file_name(target.route_id.as_deref(), target.at))
            .display()
            .to_string();
        self.target = Some(target);
        self.outcome = None;
        self.open = true;
    }

    /// Whether an export is being written.
    #[must_use]
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    fn start(&mut self, ctx: &Context, dataset: &Dataset) {
        let Some(target) = self.target.clone() else {
            return;
        };
        let request = ExportRequest {
            framing: target.framing,
            width: self.width,
            height: self.height,
            scale: self.scale,
            at: target.at,
            lang: target.lang,
            tiles: target.tiles,
        };
        let dataset = dataset.clone();
        let path = PathBuf::from(self.path.trim());
        let (send, receive) = channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("koridor-export".into())
            .spawn(move || {
                let labels = LabelCache::leaving_out(crate::scene::named_places(&dataset));
                let result = export_png(&dataset, &request, &labels, &path)
                    .map(|_| path)
                    .map_err(|e| e.to_string());
                let _ = send.send(result);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.job = Some(receive),
            Err(err) => self.outcome = Some(Err(format!("cannot start the export: {err}"))),
        }
    }

    /// Shows the dialog (when open) and the outcome of the last export.
    pub fn show(&mut self, ctx: &Context, ui: &mut Ui, dataset: &Dataset, lang: Lang) {
        if let Some(job) = &self.job {
            match job.try_recv() {
                Ok(result) => {
                    match &result {
                        Ok(path) => log::info!("exported {}", path.display()),
                        Err(err) => log::error!("export failed: {err}"),
                    }
                    self.outcome = Some(result);
                    self.job = None;
                }
                Err(TryRecvError::Empty) => ctx.request_repaint(),
                Err(TryRecvError::Disconnected) => {
                    self.outcome = Some(Err("the export stopped unexpectedly".into()));
                    self.job = None;
                }
            }
        }
        if let Some(answer) = self
            .chooser
            .as_ref()
            .and_then(super::native_dialog::NativeSave::poll)
        {
            self.chooser = None;
            if let Some(path) = answer {
                self.path = path.display().to_string();
            }
        }
        if !self.open {
            return;
        }
        let mut open = self.open;
        let mut save = false;
        egui::Window::new(tr("Export snapshot", lang))
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ui.ctx(), |ui| {
                if let Some(target) = &self.target {
                    let what = match target.framing {
                        Framing::Route(i) => {
                            dataset.corridors.get(i).map_or_else(String::new, |c| {
                                trf(
                                    "Route: {name}",
                                    lang,
                                    &[("name", c.name.get(lang).to_owned())],
                                )
                            })
                        }
                        Framing::View { .. } => tr("The current view", lang).to_owned(),
                    };
                    ui.label(what);
                    ui.label(trf(
                        "Statuses as of {date}",
                        lang,
                        &[(
                            "date",
                            crate::i18n::date(target.at, "%-d %b %Y %H:%M", lang),
                        )],
                    ));
                }
                ui.horizontal(|ui| {
                    let label = ui.label(tr("File", lang));
                    ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(360.0))
                        .labelled_by(label.id);
                    let asking = self.chooser.is_some();
                    if ui
                        .add_enabled(!asking, egui::Button::new(tr("Choose…", lang)))
                        .on_hover_text(tr("Choose the file with the desktop's file chooser", lang))
                        .clicked()
                    {
                        let path = PathBuf::from(self.path.trim());
                        let folder = path
                            .parent()
                            .map_or_else(default_folder, std::path::Path::to_path_buf);
                        let name = path.file_name().map_or_else(
                            || "koridor.png".to_owned(),
                            |n| n.to_string_lossy().into_owned(),
                        );
                        self.chooser =
                            super::native_dialog::NativeSave::ask(ui.ctx(), folder, name, "png");
                    }
                });
                ui.horizontal(|ui| {
                    let label = ui.label(tr("Size", lang));
                    ui.add(
                        egui::DragValue::new(&mut self.width)
                            .range(1..=16_384)
                            .suffix(" px"),
                    )
                    .labelled_by(label.id);
                    ui.label("×");
                    ui.add(
                        egui::DragValue::new(&mut self.height)
                            .range(1..=16_384)
                            .suffix(" px"),
                    )
                    .labelled_by(label.id);
                });
                ui.horizontal(|ui| {
                    ui.label(tr("Scale", lang));
                    for n in 1..=3 {
                        ui.radio_value(&mut self.scale, n, format!("{n}×"));
                    }
                });
                // Enter saves, so the whole export works from the keyboard.
                if ui.input(|i| i.key_pressed(egui::Key::Enter)) && self.job.is_none() {
                    save = true;
                }
                ui.horizontal(|ui| {
                    let busy = self.job.is_some();
                    if ui
                        .add_enabled(!busy, egui::Button::new(tr("Save", lang)))
                        .clicked()
                    {
                        save = true;
                    }
                    if busy {
                        ui.spinner();
                        ui.label(tr("Exporting…", lang));
                    }
                });
                match &self.outcome {
                    Some(Ok(path)) => {
                        ui.label(
                            RichText::new(trf(
                                "Saved {path}",
                                lang,
                                &[("path", path.display().to_string())],
                            ))
                            .color(egui::Color32::from_rgb(0x1b, 0x7f, 0x3b)),
                        );
                    }
                    Some(Err(err)) => {
                        ui.label(
                            RichText::new(err).color(egui::Color32::from_rgb(0xb0, 0x00, 0x20)),
                        );
                    }
                    None => {}
                }
            });
        self.open = open;
        if save {
            self.start(ctx, dataset);
        }
    }
}
