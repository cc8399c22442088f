//! The desktop window: map in the centre, corridors on the left, details or destination
//! countries on the right, status bar at the bottom.
//!
//! The state is split by who owns it: the `model::Model` (the dataset, its index and span),
//! the `view_state::ViewState` (moment, selection, filters, map position, playback), the
//! `interface::Interface` (language, theme, tabs, notices), the dialogs (each owning its own
//! fields and background job) and the tiles. Panels read a `Snapshot` and return
//! `Action`s; `KoridorApp::apply` is the one place the state changes. Derived views
//! (`derived::Derived`) are recomputed only when what they depend on changed.

mod access;
mod action;
mod bars;
mod base_layer;
mod countries;
mod data;
mod derived;
mod details;
mod dialog;
mod export_dialog;
mod file_menu;
mod fonts;
mod gpu_routes;
mod help;
mod interface;
mod job;
mod keys;
mod legend;
mod list;
mod map_layer;
mod map_view;
mod model;
mod native_dialog;
mod offline_tiles;
mod online_tiles;
mod refugees;
mod route_picture;
mod screenshot;
mod state;
mod tally_strip;
mod timelapse_fields;
mod timeline;
mod trim;
mod view_code;
mod view_state;
mod window;

use egui::Ui;

use crate::i18n::tr;
use crate::net::{RemoteOptions, TileChoice};
use crate::source::{DataSource, Loaded, load};
use crate::{Corridor, Dataset, Lang, Time};

pub(crate) use action::Action;
pub(crate) use data::DataState;
pub use export_dialog::ExportDialog;
pub use export_dialog::Target;
pub(crate) use export_dialog::default_folder;
pub(crate) use file_menu::Prompt;
pub(crate) use interface::Tab;
pub(crate) use offline_tiles::OfflineTiles;
pub use online_tiles::{OnlineTileOptions, OnlineTiles};
pub use screenshot::ScreenshotOutcome;
pub use state::SavedState;
pub use state::Theme;
pub use timeline::EventRow;
pub use timeline::event_rows;
pub use view_state::Filters;
pub use window::WindowError;
pub use window::run;

/// How the window starts.
pub struct Startup {
    /// Where the dataset comes from. A file is read before the first frame (if it is invalid,
    /// the embedded dataset is shown with the problems); a URL is fetched in the background.
    pub source: DataSource,
    /// Tile source.
    pub tiles: TileChoice,
    /// The moment to show; default: the dataset's latest event.
    pub at: Option<Time>,
    /// Language of place names.
    pub lang: Lang,
    /// Corridor to select at start (by id).
    pub select: Option<String>,
    /// Take a screenshot into this file once the map has settled, then close.
    pub screenshot: Option<std::path::PathBuf>,
    /// Where the screenshot's result is reported.
    pub screenshot_outcome: ScreenshotOutcome,
    /// Folder the export dialog proposes (default: the user's pictures folder).
    pub export_dir: Option<std::path::PathBuf>,
    /// Whether the language was chosen on the command line (it then wins over the saved one).
    pub lang_given: bool,
    /// The state saved by the last run, as stored (JSON).
    pub saved_state: Option<String>,
    /// When the process started, to log the time to the first frame with the map drawn.
    pub started: Option<std::time::Instant>,
    /// A view code to open (`koridor open CODE`): it wins over the remembered view.
    pub view_code: Option<crate::viewcode::ViewCode>,
    /// Whether the routes' base layer is kept on the graphics card and drawn by the renderer
    /// (the window, on OpenGL). Off by default: a harness without a renderer (the UI tests)
    /// needs the routes as egui meshes.
    pub routes_on_gpu: bool,
    /// Folder for downloaded tiles; default: the user's cache folder (`koridor/tiles`). The
    /// network tests give each window its own, so no run reads tiles another run cached.
    pub tile_cache: Option<std::path::PathBuf>,
    /// The largest dataset opened, in bytes, from a file or a server; default
    /// [`crate::MAX_DATASET_BYTES`] (50 MB), a larger one is refused with a message. Raised
    /// only to measure how far one machine goes (the benches open 100,000 corridors, 140 MB).
    pub data_limit: u64,
}

impl Startup {
    /// A start on `source` with every other choice left to its default: offline tiles, the
    /// dataset's latest moment, English, nothing selected, nothing remembered.
    #[must_use]
    pub fn new(source: DataSource) -> Self {
        Self {
            source,
            tiles: TileChoice::Offline,
            at: None,
            lang: Lang::En,
            select: None,
            screenshot: None,
            screenshot_outcome: ScreenshotOutcome::default(),
            export_dir: None,
            lang_given: false,
            saved_state: None,
            started: None,
            view_code: None,
            routes_on_gpu: false,
            tile_cache: None,
            data_limit: crate::MAX_DATASET_BYTES,
        }
    }
}

/// What the panels read in one frame: the model, the view, the interface and the derived
/// views, none of them writable. Panels return `Action`s instead of changing them.
pub(crate) struct Snapshot<'a> {
    /// The dataset and its index.
    pub model: &'a model::Model,
    /// Moment, selection, filters, map position.
    pub view: &'a view_state::ViewState,
    /// Language, theme, tabs, notices.
    pub ui: &'a interface::Interface,
    /// Groups, event rows, summaries.
    pub derived: &'a derived::Derived,
}

impl Snapshot<'_> {
    /// The interface language.
    #[must_use]
    pub(crate) fn lang(&self) -> Lang {
        self.ui.lang()
    }

    /// The dataset.
    #[must_use]
    pub(crate) fn dataset(&self) -> &Dataset {
        self.model.dataset()
    }
}

/// The application.
pub struct KoridorApp {
    model: model::Model,
    view: view_state::ViewState,
    ui: interface::Interface,
    derived: derived::Derived,
    data: DataState,
    prompt: Option<Prompt>,
    export: ExportDialog,
    tiles: OfflineTiles,
    online: Option<OnlineTiles>,
    tile_choice: TileChoice,
    /// Where online tiles are cached (see [`Startup::tile_cache`]).
    tile_cache: Option<std::path::PathBuf>,
    scene_cache: base_layer::BaseCache,
    /// The panels over the map last frame (date, legend), in screen points: fitting and the
    /// selected route's names keep clear of them.
    map_panels: Vec<egui::Rect>,
    /// Whether the panels over the map were where they are now in the frame before.
    map_panels_settled: bool,
    screenshot: Option<screenshot::Screenshot>,
    started: Option<std::time::Instant>,
    trim: trim::Trim,
    access: access::Access,
    focus_return: dialog::FocusReturn,
}

/// The dataset to start on: the one asked for, or the embedded one with the problems of the one
/// asked for (a URL is fetched after the window opens, on the embedded dataset meanwhile).
fn first_dataset(source: &DataSource, remote: &RemoteOptions) -> (Loaded, DataSource, Vec<String>) {
    let embedded = || load(&DataSource::Embedded, remote);
    let first = match source {
        DataSource::Url(_) => embedded(),
        source => load(source, remote),
    };
    match first {
        Ok(loaded) if !matches!(source, DataSource::Url(_)) => (loaded, source.clone(), Vec::new()),
        Ok(loaded) => (loaded, DataSource::Embedded, Vec::new()),
        Err(lines) => {
            for line in &lines {
                log::error!("{line}");
            }
            match embedded() {
                Ok(loaded) => (loaded, DataSource::Embedded, lines),
                Err(more) => (
                    Loaded {
                        dataset: Dataset::empty("none"),
                        bytes: std::borrow::Cow::Borrowed(&[]),
                        note: None,
                    },
                    DataSource::Embedded,
                    lines.into_iter().chain(more).collect(),
                ),
            }
        }
    }
}

impl KoridorApp {
    /// Builds the app; `ctx` gets Koridor's fonts.
    #[must_use]
    pub fn new(ctx: &egui::Context, startup: Startup) -> Self {
        fonts::install(ctx);
        // Labels are read, not clicked: without this every label offers a screen reader a
        // "click" action. (A route's reference is copied with Cite in its details.)
        ctx.all_styles_mut(|style| style.interaction.selectable_labels = false);
        let Startup {
            source: asked,
            tiles: tile_choice,
            at,
            lang,
            select,
            screenshot,
            screenshot_outcome,
            export_dir,
            lang_given,
            saved_state,
            started,
            view_code,
            routes_on_gpu,
            tile_cache,
            data_limit,
        } = startup;
        let remote = RemoteOptions {
            max_bytes: data_limit,
            ..RemoteOptions::default()
        };
        let (loaded, source, problems) = first_dataset(&asked, &remote);
        let dataset = loaded.dataset;
        let shown_at = at
            .or_else(|| dataset.latest_event())
            .unwrap_or_else(|| chrono::Utc::now().fixed_offset());
        let tiles = OfflineTiles::new(
            ctx,
            lang,
            crate::basemap::LabelCache::leaving_out(crate::scene::named_places(&dataset)),
        );
        let selected = select.as_deref().and_then(|id| dataset.index_of(id));
        let mut ui = interface::Interface::new(lang);
        ui.set_data_problems(problems);
        let model = model::Model::new(dataset);
        let mut view = view_state::ViewState::new(shown_at, selected);
        view.set_time(shown_at, model.span());
        let mut app = Self {
            model,
            view,
            ui,
            derived: derived::Derived::default(),
            data: DataState::new(source, loaded.bytes, remote),
            prompt: None,
            export: ExportDialog::new(export_dir),
            tiles,
            online: None,
            tile_choice: TileChoice::Offline,
            tile_cache,
            scene_cache: base_layer::BaseCache::new(
                routes_on_gpu.then(gpu_routes::GpuRoutes::default),
            ),
            map_panels: Vec::new(),
            map_panels_settled: false,
            screenshot: screenshot
                .map(|path| screenshot::Screenshot::new(path, screenshot_outcome)),
            started,
            trim: trim::Trim::soon(),
            access: access::Access::default(),
            focus_return: dialog::FocusReturn::default(),
        };
        app.set_tiles(ctx, tile_choice);
        // A route or a moment given on the command line wins over the remembered view.
        if let Some(text) = saved_state {
            let wanted = select.is_none() && at.is_none() && view_code.is_none();
            app.restore_saved(ctx, &text, wanted, lang_given);
        }
        if let Some(code) = &view_code {
            app.open_view_code(code);
        }
        if let DataSource::Url(_) = &asked {
            app.open_source(ctx, asked);
        }
        app
    }

    /// Restores the saved state (unless `wanted` is false, when the command line chose the
    /// view); a state that cannot be read is ignored with a notice.
    fn restore_saved(&mut self, ctx: &egui::Context, text: &str, wanted: bool, lang_given: bool) {
        match state::parse(text) {
            Ok(saved) if wanted => self.restore(ctx, &saved, lang_given),
            Ok(_) => {}
            Err(err) => {
                let warning = crate::i18n::trf(
                    "The saved window state could not be read and was ignored ({err}).",
                    self.ui.lang(),
                    &[("err", err)],
                );
                log::warn!("{warning}");
                self.ui.set_notice(Some(warning));
            }
        }
    }

    /// The corridors shown.
    #[must_use]
    pub fn dataset(&self) -> &Dataset {
        self.model.dataset()
    }

    /// The moment whose statuses are shown.
    #[must_use]
    pub fn at(&self) -> Time {
        self.view.at()
    }

    /// The selected corridor.
    #[must_use]
    pub fn selected(&self) -> Option<usize> {
        self.view.selected()
    }

    /// The corridor under the pointer.
    #[must_use]
    pub fn hovered(&self) -> Option<usize> {
        self.view.hovered()
    }

    /// The interface language.
    #[must_use]
    pub fn lang(&self) -> Lang {
        self.ui.lang()
    }

    /// The day chosen on the tally strip.
    #[must_use]
    pub fn day_filter(&self) -> Option<chrono::NaiveDate> {
        self.view.filters().day()
    }

    /// The notice line's text (a warning shown until the next one), if any.
    #[must_use]
    pub fn notice(&self) -> Option<&str> {
        self.ui.notice()
    }

    /// Problems with a dataset the user asked for, shown until dismissed.
    #[must_use]
    pub fn data_problems(&self) -> &[String] {
        self.ui.data_problems()
    }

    /// The routes' base layer: whether a new one is being built on a thread (while a pan or
    /// zoom shows the last one moved into place), and the zoom of the one shown.
    #[must_use]
    pub fn base_layer(&self) -> (bool, Option<f64>) {
        (self.scene_cache.building(), self.scene_cache.zoom())
    }

    /// Whether the routes' base layer shown is a picture (a large layer, drawn on a thread into
    /// one texture once the map rests) rather than a mesh.
    #[must_use]
    pub fn base_layer_is_picture(&self) -> bool {
        self.scene_cache.is_picture()
    }

    /// The export dialog.
    #[must_use]
    pub fn export(&self) -> &ExportDialog {
        &self.export
    }

    /// Writes the dataset as loaded to `path`, atomically.
    ///
    /// # Errors
    /// The reason, naming the file.
    pub fn save_as(&self, path: &std::path::Path) -> Result<(), String> {
        self.data.save_as(path)
    }

    /// Online tiles loading and failed in the last frame, if an online source is on.
    #[must_use]
    pub fn online_status(&self) -> Option<(usize, usize)> {
        self.online.as_ref().map(|o| (o.loading(), o.failed()))
    }

    /// Offline tiles still being rendered.
    #[must_use]
    pub fn offline_loading(&self) -> usize {
        self.tiles.loading()
    }

    /// Switches the tile source.
    fn set_tiles(&mut self, ctx: &egui::Context, choice: TileChoice) {
        if choice != self.tile_choice {
            let mut options = OnlineTileOptions::default();
            if let Some(dir) = &self.tile_cache {
                options.fetch.cache_dir.clone_from(dir);
            }
            self.online = OnlineTiles::with_options(&choice, ctx, options);
            self.tiles.set_archive(match &choice {
                TileChoice::Archive(path) => Some(path.clone()),
                _ => None,
            });
            self.tile_choice = choice;
        }
    }

    /// Tells the street basemap's problems in the notice line; one that would not open leaves
    /// the embedded basemap as the choice.
    fn street_problems(&mut self) {
        let problems = self.tiles.take_problems();
        if problems.is_empty() {
            return;
        }
        let opening_failed = matches!(self.tile_choice, TileChoice::Archive(_))
            && matches!(self.tiles.street(), offline_tiles::StreetBasemap::None);
        if opening_failed {
            self.tile_choice = TileChoice::Offline;
        }
        let text = problems.join("; ");
        log::warn!("{text}");
        self.ui.set_notice(Some(crate::i18n::trf(
            "{err}; the embedded basemap is shown.",
            self.ui.lang(),
            &[("err", text)],
        )));
    }

    /// The street basemap drawn over the embedded one, if one is open.
    #[must_use]
    pub fn street_basemap(&self) -> Option<&crate::archive::Archive> {
        match self.tiles.street() {
            offline_tiles::StreetBasemap::Open(archive) => Some(archive),
            _ => None,
        }
    }

    /// Whether a corridor passes the filters at the shown moment.
    #[must_use]
    pub fn passes_filters(&self, corridor: &Corridor) -> bool {
        self.view.filters().passes(corridor, self.view.at())
    }

    /// The map's screen rectangle and zoom as of the last frame.
    #[must_use]
    pub fn map_view(&self) -> (Option<egui::Rect>, f64) {
        let view = self.view.drawn();
        (
            view.map(|v| {
                egui::Rect::from_min_max(
                    egui::pos2(v.rect[0], v.rect[1]),
                    egui::pos2(v.rect[2], v.rect[3]),
                )
            }),
            view.map_or(0.0, |v| v.zoom),
        )
    }

    /// The panels over the map as last drawn (the date and the legend), in screen points.
    #[must_use]
    pub fn map_panels(&self) -> &[egui::Rect] {
        &self.map_panels
    }

    /// Where (lon, lat) is on screen in the map as last drawn.
    #[must_use]
    pub fn screen_pos(&self, lon: f64, lat: f64) -> Option<egui::Pos2> {
        let view = self.view.drawn()?;
        let [x, y] = view.to_px(crate::projection::LonLat::new(lon, lat).to_unit());
        Some(egui::pos2(x, y))
    }

    fn snapshot(&self) -> Snapshot<'_> {
        Snapshot {
            model: &self.model,
            view: &self.view,
            ui: &self.ui,
            derived: &self.derived,
        }
    }

    /// The side panels and the bars: they read a snapshot and return actions.
    fn panels(&mut self, ui: &mut Ui) -> Vec<Action> {
        let mut out = Vec::new();
        let tile_status = bars::TileStatus {
            loading: self.tiles.loading(),
            failed: self.tiles.failed(),
            online: self
                .online
                .as_ref()
                .map(|o| (o.attribution(), o.loading(), o.failed())),
            street: self.street_basemap().map(|a| a.attribution(self.ui.lang())),
        };
        let s = self.snapshot();
        let lang = s.lang();
        bars::top(ui, &s, &self.data, &self.tile_choice, &mut out);
        bars::status(ui, &s, &tile_status);
        egui::Panel::left("corridors")
            .resizable(true)
            .default_size(330.0)
            .max_size(480.0)
            .show(ui, |ui| {
                let mut tab = s.ui.tab();
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut tab, Tab::Corridors, tr("Corridors", lang));
                    ui.selectable_value(&mut tab, Tab::Events, tr("Events", lang));
                });
                if tab != s.ui.tab() {
                    out.push(Action::SetTab(tab));
                }
                ui.separator();
                match s.ui.tab() {
                    Tab::Corridors => list::show(ui, &s, &mut out),
                    Tab::Events => timeline::list(ui, &s, &mut out),
                }
            });
        egui::Panel::right("details")
            .resizable(true)
            .default_size(380.0)
            .max_size(520.0)
            .show(ui, |ui| {
                // Long facts wrap instead of widening the panel over the map.
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
                if s.view.selected().is_some() {
                    details::show(ui, &s, &mut out);
                } else {
                    countries::show(ui, &s, &mut out);
                }
            });
        out
    }

    /// The dialogs over the map: export, prompt, Help.
    fn dialogs(&mut self, ctx: &egui::Context, ui: &mut Ui) -> Vec<Action> {
        let mut out = Vec::new();
        let lang = self.ui.lang();
        self.export.show(ctx, &self.model.shared(), lang);
        if let Some(prompt) = &mut self.prompt {
            file_menu::prompt(ui, prompt, lang, &mut out);
        }
        out.extend(help::show(ui, self.ui.help_open(), lang));
        out
    }

    /// Whether a dialog is open (Help, Export or a prompt).
    fn dialog_open(&self) -> bool {
        self.export.is_open() || self.ui.help_open() || self.prompt.is_some()
    }
}

impl eframe::App for KoridorApp {
    fn on_exit(&mut self, gl: Option<&eframe::glow::Context>) {
        if let Some(gl) = gl {
            self.scene_cache.destroy_gpu(gl);
        }
    }

    fn persist_egui_memory(&self) -> bool {
        self.screenshot.is_none()
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.screenshot.is_some() {
            return;
        }
        match serde_json::to_string(&self.saved_state()) {
            Ok(json) => storage.set_string(state::KEY, json),
            Err(err) => log::warn!("cannot save the window state: {err}"),
        }
    }

    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        let polled = self.data.poll(&ctx);
        self.apply_all(&ctx, polled);
        let focused_before = ctx.memory(egui::Memory::focused);
        let map_focused = self
            .access
            .map_id()
            .is_some_and(|id| ctx.memory(|m| m.has_focus(id)));
        let keys = keys::keyboard(&ctx, map_focused, self.dialog_open());
        self.apply_all(&ctx, keys);
        if !self.dialog_open() {
            self.open_pasted_code(&ctx);
        }
        self.derived
            .refresh(&self.model, &self.view, self.ui.lang());
        self.tiles.set_lang(self.ui.lang());
        self.street_problems();
        // Each part's actions are applied as soon as it is drawn, so the parts drawn after it
        // (the map after the panels, the dialogs last) show the change in the same frame.
        let panels = self.panels(ui);
        self.apply_all(&ctx, panels);
        let map = egui::CentralPanel::no_frame()
            .show(ui, |ui| self.map(ui))
            .inner;
        self.apply_all(&ctx, map);
        let dialogs = self.dialogs(&ctx, ui);
        self.apply_all(&ctx, dialogs);
        self.apply_fit();
        let open = self.dialog_open();
        self.focus_return
            .track(&ctx, open, focused_before, self.access.map_id());
        self.access
            .frame(&ctx, &self.model, &self.view, self.ui.lang());
        if let Some(started) = self.started
            && self.tiles.cached() > 0
            && self.tiles.loading() == 0
        {
            log::info!(
                "first frame with the offline map drawn {} ms after start",
                started.elapsed().as_millis()
            );
            self.started = None;
        }
        let settled = self.tiles.loading() == 0 && !self.scene_cache.building();
        self.trim.frame(&ctx, settled);
        if let Some(shot) = &mut self.screenshot {
            // A fit still to come moves the map: the screenshot waits for it and its tiles, and
            // for a route layer still being drawn (a large one's picture).
            let pending_fit = self.view.fit() != view_state::FitTarget::Nothing;
            let pending = usize::from(pending_fit) + usize::from(self.scene_cache.building());
            shot.frame(&ctx, self.tiles.loading() + pending);
        }
    }
}
