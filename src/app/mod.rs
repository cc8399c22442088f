//! The desktop window: map in the centre, corridors on the left, details or destination
//! countries on the right, status bar at the bottom.

mod bars;
mod countries;
mod data;
mod details;
mod export_dialog;
mod file_menu;
mod fonts;
mod help;
mod keys;
mod legend;
mod list;
mod map_layer;
mod map_view;
mod native_dialog;
mod offline_tiles;
mod online_tiles;
mod refugees;
mod screenshot;
mod state;
mod tally_strip;
mod timeline;
mod window;

use std::collections::BTreeSet;

use egui::Ui;
use walkers::{MapMemory, lon_lat};

use crate::i18n::tr;
use crate::net::{RemoteOptions, TileChoice};
use crate::source::{DataSource, Loaded, load};
use crate::{Corridor, Dataset, Lang, Status, Time};

pub use data::DataState;
pub use export_dialog::{ExportDialog, Target, default_folder};
pub use file_menu::{Prompt, PromptKind};
pub use map_layer::{CorridorLayer, MapEvents, paint};
pub use offline_tiles::{OfflineTiles, ancestor};
pub use online_tiles::{OnlineTileOptions, OnlineTiles};
pub use screenshot::ScreenshotOutcome;
pub use state::{SavedState, Theme};
pub use timeline::{EventRow, events, snap};
pub use window::{ICON_PNG, WindowError, run};

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
        }
    }
}

/// The application state.
pub struct KoridorApp {
    /// The corridors shown.
    pub dataset: Dataset,
    /// Problems with a dataset the user asked for, shown until dismissed.
    pub data_problems: Vec<String>,
    /// The moment whose statuses are shown.
    pub at: Time,
    /// The selected corridor.
    pub selected: Option<usize>,
    hovered: Option<usize>,
    /// Statuses the user has hidden.
    pub hidden_statuses: BTreeSet<Status>,
    /// The day chosen on the tally strip: only corridors with an event that day are shown.
    pub day_filter: Option<chrono::NaiveDate>,
    /// Destination countries the user has hidden.
    pub hidden_countries: BTreeSet<String>,
    /// Language of place names.
    pub lang: Lang,
    map_memory: MapMemory,
    tiles: OfflineTiles,
    online: Option<OnlineTiles>,
    /// The tile source shown.
    pub tile_choice: TileChoice,
    /// Where the dataset came from, and loads in progress.
    pub data: DataState,
    /// The open path or URL prompt.
    pub prompt: Option<Prompt>,
    events: MapEvents,
    fit_pending: Option<Option<usize>>,
    screenshot: Option<screenshot::Screenshot>,
    /// The export dialog.
    pub export: ExportDialog,
    /// Timeline playback.
    pub player: timeline::Player,
    /// The left panel's tab.
    pub tab: Tab,
    /// Whether the event list shows only the selected corridor's events.
    pub events_selected_only: bool,
    /// Whether the map legend is unfolded.
    pub legend_open: bool,
    /// Origins whose routes are folded away in the list.
    pub collapsed_origins: BTreeSet<String>,
    /// Whether the Help window is open.
    pub help_open: bool,
    /// The interface theme.
    pub theme: Theme,
    /// A warning to show once (e.g. a saved state that could not be read).
    pub notice: Option<String>,
    /// The corridors projected and indexed for drawing and picking.
    route_index: crate::scene::RouteIndex,
    /// Bumped whenever the dataset is replaced.
    dataset_generation: u64,
    /// The corridor list's groups and what they were computed for.
    groups_cache: list::GroupsCache,
    /// The dataset's time span (see [`Dataset::time_span`]), kept as it is needed every frame.
    pub span: Option<(Time, Time)>,
    scene_cache: Option<map_layer::BaseLayer>,
    started: Option<std::time::Instant>,
}

/// Whether `corridor` passes the status and country filters at `at` (a corridor not yet
/// announced has no status and passes the status filter) and, with a day chosen on the tally
/// strip, has an event on that day (Kyiv time).
fn passes(
    corridor: &Corridor,
    at: Time,
    hidden_statuses: &BTreeSet<Status>,
    hidden_countries: &BTreeSet<String>,
    day: Option<chrono::NaiveDate>,
) -> bool {
    corridor
        .status_at(at)
        .is_none_or(|s| !hidden_statuses.contains(&s))
        && !hidden_countries.contains(&corridor.destination_country)
        && day.is_none_or(|day| {
            corridor
                .events
                .iter()
                .any(|e| crate::clock::two_clocks(e.time).kyiv.date_naive() == day)
        })
}

/// The left panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// Corridors grouped by origin.
    #[default]
    Corridors,
    /// Every event in time order.
    Events,
}

impl KoridorApp {
    /// Builds the app; `ctx` gets Koridor's fonts.
    #[must_use]
    pub fn new(ctx: &egui::Context, startup: Startup) -> Self {
        fonts::install(ctx);
        let remote = RemoteOptions::default();
        let embedded = || load(&DataSource::Embedded, &remote);
        let first = match &startup.source {
            DataSource::Url(_) => embedded(),
            source => load(source, &remote),
        };
        let (loaded, source, data_problems) = match first {
            Ok(loaded) => (loaded, startup.source.clone(), Vec::new()),
            Err(lines) => {
                for line in &lines {
                    log::error!("{line}");
                }
                match embedded() {
                    Ok(loaded) => (loaded, DataSource::Embedded, lines),
                    Err(more) => (
                        Loaded {
                            dataset: Dataset::empty("none"),
                            bytes: Vec::new(),
                            note: None,
                        },
                        DataSource::Embedded,
                        lines.into_iter().chain(more).collect(),
                    ),
                }
            }
        };
        let (dataset, data) = if let DataSource::Url(_) = &startup.source {
            (
                loaded.dataset,
                DataState::new(DataSource::Embedded, loaded.bytes, remote),
            )
        } else {
            (loaded.dataset, DataState::new(source, loaded.bytes, remote))
        };
        let at = startup
            .at
            .or_else(|| dataset.latest_event())
            .unwrap_or_else(|| chrono::Utc::now().fixed_offset());
        let tiles = OfflineTiles::new(
            ctx,
            startup.lang,
            crate::basemap::LabelCache::leaving_out(crate::scene::named_places(&dataset)),
        );
        let selected = startup
            .select
            .as_deref()
            .and_then(|id| dataset.index_of(id));
        let mut map_memory = MapMemory::default();
        map_memory.center_at(lon_lat(33.5, 49.0));
        let _ = map_memory.set_zoom(6.0);
        let online = OnlineTiles::new(&startup.tiles, ctx);
        let route_index = crate::scene::RouteIndex::new(&dataset);
        let span = dataset.time_span();
        let mut app = Self {
            dataset,
            data_problems,
            at,
            selected,
            hovered: None,
            hidden_statuses: BTreeSet::new(),
            hidden_countries: BTreeSet::new(),
            day_filter: None,
            lang: startup.lang,
            map_memory,
            tiles,
            events: MapEvents::default(),
            fit_pending: Some(selected),
            screenshot: startup
                .screenshot
                .map(|path| screenshot::Screenshot::new(path, startup.screenshot_outcome)),
            export: ExportDialog::new(startup.export_dir),
            player: timeline::Player::default(),
            tab: Tab::Corridors,
            events_selected_only: false,
            legend_open: true,
            help_open: false,
            collapsed_origins: BTreeSet::new(),
            theme: Theme::System,
            notice: None,
            route_index,
            dataset_generation: 0,
            groups_cache: std::cell::RefCell::new(None),
            span,
            scene_cache: None,
            started: startup.started,
            online,
            tile_choice: startup.tiles,
            data,
            prompt: None,
        };
        if let Some(text) = &startup.saved_state {
            match state::parse(text) {
                Ok(saved) if startup.select.is_none() && startup.at.is_none() => {
                    app.restore(ctx, &saved, startup.lang_given);
                }
                Ok(_) => {}
                Err(err) => {
                    let warning = crate::i18n::trf(
                        "The saved window state could not be read and was ignored ({err}).",
                        app.lang,
                        &[("err", err)],
                    );
                    log::warn!("{warning}");
                    app.notice = Some(warning);
                }
            }
        }
        if let DataSource::Url(_) = &startup.source {
            app.open_source(ctx, startup.source);
        }
        app
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
    pub fn set_tiles(&mut self, ctx: &egui::Context, choice: TileChoice) {
        if choice != self.tile_choice {
            self.online = OnlineTiles::new(&choice, ctx);
            self.tile_choice = choice;
        }
    }

    /// Whether a corridor passes the filters.
    #[must_use]
    pub fn passes_filters(&self, corridor: &Corridor) -> bool {
        passes(
            corridor,
            self.at,
            &self.hidden_statuses,
            &self.hidden_countries,
            self.day_filter,
        )
    }

    /// Selects a corridor (or clears the selection) and fits it in view.
    pub fn select(&mut self, index: Option<usize>) {
        self.selected = index;
        if index.is_some() {
            self.fit_pending = Some(index);
        }
    }

    /// The map's screen rectangle and zoom as of the last frame.
    #[must_use]
    pub fn map_view(&self) -> (Option<egui::Rect>, f64) {
        (self.events.rect, self.events.zoom)
    }

    /// Where (lon, lat) is on screen in the map as last drawn.
    #[must_use]
    pub fn screen_pos(&self, lon: f64, lat: f64) -> Option<egui::Pos2> {
        let view = self.events.view?;
        let [x, y] = view.to_px(crate::projection::LonLat::new(lon, lat).to_unit());
        Some(egui::pos2(x, y))
    }

    /// Opens the export dialog for the selected route, or the current view.
    pub fn open_export(&mut self) {
        let framing = match self.selected {
            Some(i) => crate::export::Framing::Route(i),
            None => {
                let center = self.map_memory.detached().unwrap_or(lon_lat(33.5, 49.0));
                crate::export::Framing::View {
                    lon: center.x(),
                    lat: center.y(),
                    zoom: self.map_memory.zoom(),
                }
            }
        };
        let route_id = self
            .selected
            .and_then(|i| self.dataset.corridors.get(i))
            .map(|c| c.id.clone());
        self.export.open(Target {
            framing,
            route_id,
            at: self.at,
            lang: self.lang,
            tiles: self.tile_choice.clone(),
        });
    }

    /// Bumped whenever the dataset is replaced (keys caches of derived views).
    #[must_use]
    pub fn dataset_generation(&self) -> u64 {
        self.dataset_generation
    }

    /// The corridor under the pointer.
    #[must_use]
    pub fn hovered(&self) -> Option<usize> {
        self.hovered
    }
}

impl eframe::App for KoridorApp {
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
        self.poll_data(&ctx);
        self.keyboard(&ctx);
        self.tiles.set_lang(self.lang);
        bars::top(self, ui);
        bars::status(self, ui);
        egui::Panel::left("corridors")
            .resizable(true)
            .default_size(330.0)
            .max_size(480.0)
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.tab, Tab::Corridors, tr("Corridors", self.lang));
                    ui.selectable_value(&mut self.tab, Tab::Events, tr("Events", self.lang));
                });
                ui.separator();
                match self.tab {
                    Tab::Corridors => list::show(self, ui),
                    Tab::Events => timeline::list(self, ui),
                }
            });
        egui::Panel::right("details")
            .resizable(true)
            .default_size(380.0)
            .max_size(520.0)
            .show(ui, |ui| {
                // Long facts wrap instead of widening the panel over the map.
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
                if self.selected.is_some() {
                    details::show(self, ui);
                } else {
                    countries::show(self, ui);
                }
            });
        egui::CentralPanel::no_frame().show(ui, |ui| self.map(ui));
        self.export.show(&ctx, ui, &self.dataset, self.lang);
        file_menu::prompt(self, ui);
        help::show(ui, &mut self.help_open, self.lang);
        self.apply_fit();
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
        if let Some(shot) = &mut self.screenshot {
            shot.frame(&ctx, self.tiles.loading());
        }
    }
}
