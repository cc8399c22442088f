//! Export from the window: the selected route (or the current view) as a PNG, SVG or PDF,
//! through a dialog that proposes `koridor-<route-id>-<date>.<format>` in the user's pictures
//! folder; the file is rendered on a worker thread by the same code as `koridor export`.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use egui::{Context, RichText};

use super::job::{Job, take_finished};
use crate::basemap::LabelCache;
use crate::export::{
    ExportRequest, Format, Framing, default_file_name, export_file, export_timelapse,
};
use crate::i18n::{tr, trf};
use crate::{Dataset, Lang, Time};

/// What the export is of.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The selected route (by id), or the view.
    pub framing: Framing,
    /// The moment shown.
    pub at: Time,
    /// Language of names.
    pub lang: Lang,
    /// The tiles the map shows.
    pub tiles: crate::net::TileChoice,
}

/// The dialog's state: owned by the dialog, which is its only user.
#[derive(Default)]
pub struct ExportDialog {
    open: bool,
    target: Option<Target>,
    path: String,
    format: Format,
    timelapse: super::timelapse_fields::TimelapseFields,
    /// An atlas being written: share packs done so far, and how many in all.
    atlas: Option<(Arc<AtomicUsize>, usize)>,
    scale: u32,
    width: u32,
    height: u32,
    job: Option<Job<Result<PathBuf, String>>>,
    outcome: Option<Result<PathBuf, String>>,
    folder: Option<PathBuf>,
    chooser: Option<Job<Option<PathBuf>>>,
}

/// The folder exports go to by default: the user's pictures folder, else home, else here.
#[must_use]
pub(crate) fn default_folder() -> PathBuf {
    dirs::picture_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
}

impl ExportDialog {
    /// A dialog proposing files in `folder` (default: `default_folder`).
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
        let route = match &target.framing {
            Framing::Route(id) => Some(id.as_str()),
            Framing::View { .. } => None,
        };
        self.path = folder
            .join(default_file_name(route, target.at, self.format))
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

    /// Whether the dialog is shown.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Closes the dialog (an export being written goes on).
    pub fn close(&mut self) {
        self.open = false;
    }

    /// The outcome of the last export: the path written, or why not.
    #[must_use]
    pub fn outcome(&self) -> Option<&Result<PathBuf, String>> {
        self.outcome.as_ref()
    }

    fn start(&mut self, ctx: &Context, dataset: Arc<Dataset>) {
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
        let path = PathBuf::from(self.path.trim());
        let format = match Format::resolve(Some(self.format), &path) {
            Ok(format) => format,
            Err(err) => {
                self.outcome = Some(Err(err.to_string()));
                return;
            }
        };
        let animation = if format.is_animation() {
            match self.timelapse.request(request.clone(), target.lang) {
                Ok(timelapse) => Some(timelapse),
                Err(err) => {
                    self.outcome = Some(Err(err));
                    return;
                }
            }
        } else {
            None
        };
        let job = Job::spawn("koridor-export", ctx, move || {
            let labels = LabelCache::leaving_out(crate::scene::named_places(&dataset));
            let written = match &animation {
                Some(timelapse) => export_timelapse(
                    &dataset,
                    timelapse,
                    &labels,
                    &path,
                    format,
                    None,
                    &mut |_, _| {},
                )
                .map(|_| ()),
                None => export_file(&dataset, &request, &labels, &path, format).map(|_| ()),
            };
            written.map(|()| path).map_err(|e| e.to_string())
        });
        match job {
            Ok(job) => self.job = Some(job),
            Err(err) => self.outcome = Some(Err(format!("cannot start the export: {err}"))),
        }
    }

    /// The folder of the file field (share packs go beside the file), else the default one.
    fn folder_of_file(&self) -> PathBuf {
        PathBuf::from(self.path.trim())
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(default_folder, std::path::Path::to_path_buf)
    }

    /// Writes the selected route's share pack into the folder of the file field, on a worker.
    fn start_pack(&mut self, ctx: &Context, dataset: Arc<Dataset>) {
        let Some(Target {
            framing: Framing::Route(route),
            at,
            tiles,
            ..
        }) = self.target.clone()
        else {
            return;
        };
        let folder = self.folder_of_file();
        let job = Job::spawn("koridor-pack", ctx, move || {
            let labels = LabelCache::leaving_out(crate::scene::named_places(&dataset));
            crate::export::write_pack(&dataset, &route, at, &tiles, &labels, &folder)
                .map(|report| report.folder)
                .map_err(|e| e.to_string())
        });
        match job {
            Ok(job) => self.job = Some(job),
            Err(err) => self.outcome = Some(Err(format!("cannot start the share pack: {err}"))),
        }
    }

    /// Writes the share pack of every route at the target's moment, each in its folder beside
    /// the file field, on a worker; one that fails does not stop the rest, and the outcome lists
    /// every failure.
    fn start_atlas(&mut self, ctx: &Context, dataset: Arc<Dataset>) {
        let Some(target) = self.target.clone() else {
            return;
        };
        let folder = self.folder_of_file();
        let done = Arc::new(AtomicUsize::new(0));
        let all = dataset.corridors.len();
        self.atlas = Some((Arc::clone(&done), all));
        let job = Job::spawn("koridor-atlas", ctx, move || {
            let labels = LabelCache::leaving_out(crate::scene::named_places(&dataset));
            let mut failed = Vec::new();
            for c in &dataset.corridors {
                if let Err(e) = crate::export::write_pack(
                    &dataset,
                    &c.id,
                    target.at,
                    &target.tiles,
                    &labels,
                    &folder,
                ) {
                    failed.push(format!("{}: {e}", c.id));
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
            if failed.is_empty() {
                Ok(folder)
            } else {
                Err(format!(
                    "{} of {all} share packs failed: {}",
                    failed.len(),
                    failed.join("; ")
                ))
            }
        });
        match job {
            Ok(job) => self.job = Some(job),
            Err(err) => {
                self.atlas = None;
                self.outcome = Some(Err(format!("cannot start the atlas: {err}")));
            }
        }
    }

    /// Picks up a finished export or file-chooser answer.
    fn poll(&mut self) {
        match take_finished(&mut self.job) {
            None => {}
            Some(result) => {
                let result =
                    result.unwrap_or_else(|| Err("the export stopped unexpectedly".into()));
                match &result {
                    Ok(path) => log::info!("exported {}", path.display()),
                    Err(err) => log::error!("export failed: {err}"),
                }
                self.atlas = None;
                self.outcome = Some(result);
            }
        }
        if let Some(Some(Some(path))) = take_finished(&mut self.chooser) {
            self.path = path.display().to_string();
        }
    }

    /// Shows the dialog (when open) and the outcome of the last export. The dataset is shared
    /// with the export's thread, not copied.
    pub(crate) fn show(&mut self, ctx: &Context, dataset: &Arc<Dataset>, lang: Lang) {
        self.poll();
        if self.job.is_some() {
            ctx.request_repaint();
        }
        if !self.open {
            return;
        }
        let mut save = false;
        let mut pack = false;
        let mut atlas = false;
        let title = tr("Export snapshot", lang);
        let shown = super::dialog::modal(
            ctx,
            "koridor-export",
            title,
            tr("Close", lang),
            |ui, first| {
                if let Some(target) = &self.target {
                    describe(ui, target, dataset, lang);
                }
                self.file_row(ui, lang, first);
                self.format_row(ui, lang);
                if self.format.is_animation() {
                    let range = match self.target.as_ref().map(|t| &t.framing) {
                        Some(Framing::Route(id)) => dataset
                            .corridor(id)
                            .and_then(|c| Some((c.events.first()?.time, c.events.last()?.time))),
                        _ => dataset.time_span(),
                    };
                    self.timelapse.propose(range);
                    self.timelapse.ui(ui, lang);
                }
                self.size_rows(ui, lang);
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
                    let route = matches!(
                        self.target.as_ref().map(|t| &t.framing),
                        Some(Framing::Route(_))
                    );
                    if route
                        && ui
                            .add_enabled(!busy, egui::Button::new(tr("Share pack", lang)))
                            .on_hover_text(tr(
                                "A folder beside the file: a picture for messengers, an A4 PDF, captions, alt text, and the route as GeoJSON, KML and GPX",
                                lang,
                            ))
                            .clicked()
                    {
                        pack = true;
                    }
                    if ui
                        .add_enabled(!busy, egui::Button::new(tr("Atlas", lang)))
                        .on_hover_text(tr(
                            "A share pack of every route at this moment, each in its folder beside the file",
                            lang,
                        ))
                        .clicked()
                    {
                        atlas = true;
                    }
                    if busy {
                        self.progress(ui, lang);
                    }
                });
                if let Some(outcome) = &self.outcome {
                    outcome_label(ui, outcome, lang);
                }
            },
        );
        if shown.close {
            self.open = false;
        }
        if save {
            self.start(ctx, Arc::clone(dataset));
        }
        if pack {
            self.start_pack(ctx, Arc::clone(dataset));
        }
        if atlas {
            self.start_atlas(ctx, Arc::clone(dataset));
        }
    }

    /// While an export runs: a spinner, and for an atlas how many share packs are done.
    fn progress(&self, ui: &mut egui::Ui, lang: Lang) {
        ui.spinner();
        match &self.atlas {
            Some((done, all)) => {
                let done = done.load(Ordering::Relaxed);
                #[expect(
                    clippy::cast_precision_loss,
                    reason = "a count of routes, far below 2^24"
                )]
                let part = done as f32 / (*all).max(1) as f32;
                ui.add(egui::ProgressBar::new(part).desired_width(160.0).text(trf(
                    "Share packs: {done} of {all}",
                    lang,
                    &[("done", done.to_string()), ("all", all.to_string())],
                )));
            }
            None => {
                ui.label(tr("Exporting…", lang));
            }
        }
    }

    /// The file field and Choose…, which asks the desktop's file chooser.
    fn file_row(&mut self, ui: &mut egui::Ui, lang: Lang, first: bool) {
        ui.horizontal(|ui| {
            let label = ui.label(tr("File", lang));
            let field = ui
                .add(egui::TextEdit::singleline(&mut self.path).desired_width(360.0))
                .labelled_by(label.id);
            if first {
                field.request_focus();
            }
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
                let extension = self.format.extension();
                let name = path.file_name().map_or_else(
                    || format!("koridor.{extension}"),
                    |n| n.to_string_lossy().into_owned(),
                );
                self.chooser = super::native_dialog::ask_save(ui.ctx(), folder, name, extension);
            }
        });
    }

    /// PNG, SVG or PDF, as one group of choices; a choice puts its extension on the file name
    /// when that ends in another format's.
    fn format_row(&mut self, ui: &mut egui::Ui, lang: Lang) {
        let label = tr("Format", lang);
        let before = self.format;
        let group = ui.horizontal(|ui| {
            ui.label(label);
            ui.radio_value(&mut self.format, Format::Png, "PNG")
                .on_hover_text(tr("An image, as the window shows the map", lang));
            ui.radio_value(&mut self.format, Format::Svg, "SVG")
                .on_hover_text(tr(
                    "A drawing with named layers and real text, for Inkscape or Illustrator",
                    lang,
                ));
            ui.radio_value(&mut self.format, Format::Pdf, "PDF")
                .on_hover_text(tr("A page for print, the font embedded", lang));
            for (format, name) in [
                (Format::Apng, "APNG"),
                (Format::Gif, "GIF"),
                (Format::Mp4, "MP4"),
                (Format::Webm, "WebM"),
            ] {
                ui.radio_value(&mut self.format, format, name)
                    .on_hover_text(tr("A time-lapse, with captions beside it", lang));
            }
        });
        ui.ctx().accesskit_node_builder(group.response.id, |node| {
            node.set_role(egui::Role::RadioGroup);
            node.set_label(label);
        });
        if self.format != before {
            self.path = with_extension(&self.path, self.format);
        }
    }

    /// Size and scale: two fields a screen reader tells apart (width, height) and the scales
    /// as one group of choices.
    fn size_rows(&mut self, ui: &mut egui::Ui, lang: Lang) {
        ui.horizontal(|ui| {
            ui.label(tr("Size", lang));
            let width = ui.add(
                egui::DragValue::new(&mut self.width)
                    .range(1..=16_384)
                    .suffix(" px"),
            );
            name(ui, width.id, tr("Width in pixels", lang));
            ui.label("×");
            let height = ui.add(
                egui::DragValue::new(&mut self.height)
                    .range(1..=16_384)
                    .suffix(" px"),
            );
            name(ui, height.id, tr("Height in pixels", lang));
        });
        let scale = tr("Scale", lang);
        let group = ui.horizontal(|ui| {
            ui.label(scale);
            for n in 1..=3 {
                ui.radio_value(&mut self.scale, n, format!("{n}×"));
            }
        });
        ui.ctx().accesskit_node_builder(group.response.id, |node| {
            node.set_role(egui::Role::RadioGroup);
            node.set_label(scale);
        });
    }
}

/// `path` ending in `format`'s extension, when it ended in another export format's (a name
/// the user gave another ending keeps it, and Save then says the two disagree).
fn with_extension(path: &str, format: Format) -> String {
    let trimmed = path.trim_end();
    match trimmed.rsplit_once('.') {
        Some((stem, ext)) if Format::from_extension(ext).is_some() && !stem.ends_with('/') => {
            format!("{stem}.{}", format.extension())
        }
        _ => path.to_owned(),
    }
}

/// Names a control for a screen reader.
fn name(ui: &egui::Ui, id: egui::Id, label: &str) {
    ui.ctx().accesskit_node_builder(id, |node| {
        node.clear_labelled_by();
        node.set_label(label);
    });
}

/// What is being exported, and as of when.
fn describe(ui: &mut egui::Ui, target: &Target, dataset: &Dataset, lang: Lang) {
    let what = match &target.framing {
        Framing::Route(id) => dataset.corridor(id).map_or_else(String::new, |c| {
            trf(
                "Route: {name}",
                lang,
                &[("name", c.name.get(lang).to_owned())],
            )
        }),
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

/// "Saved …" in green, or why not in red.
fn outcome_label(ui: &mut egui::Ui, outcome: &Result<PathBuf, String>, lang: Lang) {
    match outcome {
        Ok(path) => {
            let label = ui.label(
                RichText::new(trf(
                    "Saved {path}",
                    lang,
                    &[("path", path.display().to_string())],
                ))
                .color(egui::Color32::from_rgb(0x1b, 0x7f, 0x3b)),
            );
            announce(ui, label.id);
        }
        Err(err) => {
            let label =
                ui.label(RichText::new(err).color(egui::Color32::from_rgb(0xb0, 0x00, 0x20)));
            announce(ui, label.id);
        }
    }
}

/// Makes the label `id` a polite live region, so that a screen reader reads the outcome.
fn announce(ui: &egui::Ui, id: egui::Id) {
    ui.ctx().accesskit_node_builder(id, |node| {
        node.set_live(egui::accesskit::Live::Polite);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choosing_a_format_changes_an_export_extension_only() {
        assert_eq!(
            with_extension("/home/a/koridor-kyiv-gomel-2022-03-08.png", Format::Svg),
            "/home/a/koridor-kyiv-gomel-2022-03-08.svg"
        );
        assert_eq!(with_extension("map.SVG", Format::Pdf), "map.pdf");
        assert_eq!(with_extension("notes.txt", Format::Pdf), "notes.txt");
        assert_eq!(with_extension("/home/a/.png", Format::Pdf), "/home/a/.png");
    }
}
