//! Everything the user (or a finished job) can change, as values. Panels, the keyboard and the
//! map return [`Action`]s; [`KoridorApp::apply`] is the one place that changes the state, and
//! it keeps the rules: selecting a route fits it in view, the time stays within the dataset's
//! span, moving the time by hand stops playback.

use chrono::{Duration, NaiveDate};

use super::file_menu::{Prompt, PromptKind};
use super::interface::Tab;
use super::view_state::FitTarget;
use super::{KoridorApp, Theme};
use crate::export::Framing;
use crate::net::TileChoice;
use crate::projection::Viewport;
use crate::scene::RouteIndex;
use crate::source::{DataSource, Loaded};
use crate::{Lang, Status, Time};

/// A change to the window's state.
#[derive(Debug, Clone)]
pub(crate) enum Action {
    /// Select a corridor (or clear the selection); `fit` brings it whole into view.
    Select {
        /// The corridor.
        index: Option<usize>,
        /// Whether to fit it in view.
        fit: bool,
    },
    /// Select the next (+1) or previous (−1) route in the list's order.
    SelectStep(i32),
    /// The corridor under the pointer changed.
    Hover(Option<usize>),
    /// The map was drawn with this view, the pointer at this longitude and latitude.
    MapDrawn(Option<Viewport>, Option<(f64, f64)>),
    /// Show this moment (stops playback).
    SetTime(Time),
    /// Move the time by this many hours (stops playback).
    StepTime(i64),
    /// Move the time to an event and select its corridor.
    JumpTo(Time, usize),
    /// Play or pause the timeline (from the start when it is at the end).
    TogglePlay,
    /// Playback advanced by this many hours (fractional) since the last frame.
    Advance(f64),
    /// Show only the corridors with an event on this day, at its noon; the same day again shows
    /// every day.
    ChooseDay(NaiveDate),
    /// Show every day again.
    AllDays,
    /// Hide or show the routes with this status.
    ToggleStatus(Status),
    /// Hide or show the routes into this country.
    ToggleCountry(String),
    /// Fold or unfold the list's routes from this origin.
    ToggleOrigin(String),
    /// Switch the left panel's tab.
    SetTab(Tab),
    /// Limit the event list to the selected corridor's events.
    SetEventsSelectedOnly(bool),
    /// Fold or unfold the legend.
    SetLegendOpen(bool),
    /// Open or close Help.
    ToggleHelp,
    /// Switch the interface language.
    SetLang(Lang),
    /// Switch the theme.
    SetTheme(Theme),
    /// Switch the tile source.
    SetTiles(TileChoice),
    /// Zoom the map in (+1) or out (−1).
    Zoom(i8),
    /// Pan the map by this many points (x right, y down), from the keyboard.
    Pan([f32; 2]),
    /// Open the export dialog for the selected route, or the view.
    OpenExport,
    /// Esc: close the export dialog, Help or a prompt, else clear the selection.
    Escape,
    /// Open a path or URL prompt.
    OpenPrompt(PromptKind),
    /// Close the prompt.
    ClosePrompt,
    /// Load a dataset in the background (the current one stays until it is done).
    OpenSource(DataSource),
    /// Reload the current dataset (F5, or its file changed).
    Reload,
    /// Write the dataset as loaded to this file (the result shows in the prompt).
    SaveAs(std::path::PathBuf),
    /// A dataset finished loading, with its routes indexed.
    Loaded(DataSource, Box<(Loaded, RouteIndex)>),
    /// A dataset could not be loaded: every problem, one a line.
    LoadFailed(Vec<String>),
    /// Hide the notice.
    DismissNotice,
    /// Hide the dataset problems.
    DismissProblems,
}

impl KoridorApp {
    /// Applies `actions` in order.
    pub(crate) fn apply_all(&mut self, ctx: &egui::Context, actions: Vec<Action>) {
        for action in actions {
            self.apply(ctx, action);
        }
    }

    /// Applies one action: the only place the window's state changes.
    pub(crate) fn apply(&mut self, ctx: &egui::Context, action: Action) {
        let span = self.model.span();
        match action {
            Action::Select { index, fit } => self.view.select(index, fit),
            Action::SelectStep(step) => self.select_step(step),
            Action::Hover(index) => self.view.set_hovered(index),
            Action::MapDrawn(view, cursor) => self.view.set_drawn(view, cursor),
            Action::SetTime(at) => {
                self.view.set_time(at, span);
                self.view.set_playing(false);
            }
            Action::StepTime(hours) => {
                let at = self.view.at() + Duration::hours(hours);
                self.view.set_time(at, span);
                self.view.set_playing(false);
            }
            Action::JumpTo(at, corridor) => {
                self.view.set_time(at, span);
                self.view.set_playing(false);
                self.view.select(Some(corridor), true);
            }
            Action::TogglePlay => self.toggle_play(),
            Action::Advance(hours) => self.advance(hours),
            Action::ChooseDay(day) => self.choose_day(day),
            Action::AllDays => self.view.filters_mut().set_day(None),
            Action::ToggleStatus(status) => self.view.filters_mut().toggle_status(status),
            Action::ToggleCountry(country) => self.view.filters_mut().toggle_country(country),
            Action::ToggleOrigin(origin) => self.ui.toggle_origin(origin),
            Action::SetTab(tab) => self.ui.set_tab(tab),
            Action::SetEventsSelectedOnly(only) => self.ui.set_events_selected_only(only),
            Action::SetLegendOpen(open) => self.ui.set_legend_open(open),
            Action::ToggleHelp => self.ui.set_help_open(!self.ui.help_open()),
            Action::SetLang(lang) => self.ui.set_lang(lang),
            Action::SetTheme(theme) => {
                self.ui.set_theme(theme);
                ctx.set_theme(theme.preference());
            }
            Action::SetTiles(choice) => self.set_tiles(ctx, choice),
            Action::Zoom(step) => {
                let map = self.view.map_mut();
                let _ = if step > 0 {
                    map.zoom_in()
                } else {
                    map.zoom_out()
                };
            }
            Action::Pan(by) => self.pan(by),
            Action::OpenExport => self.open_export(),
            Action::Escape => self.escape(),
            Action::OpenPrompt(kind) => self.prompt = Some(Prompt::new(kind, &self.tile_choice)),
            Action::ClosePrompt => self.prompt = None,
            Action::OpenSource(source) => self.open_source(ctx, source),
            Action::Reload => self.reload(ctx),
            Action::SaveAs(path) => self.save_as_from_prompt(&path),
            Action::Loaded(source, loaded) => {
                let (loaded, index) = *loaded;
                self.replace_dataset(source, loaded, index);
            }
            Action::LoadFailed(lines) => {
                for line in &lines {
                    log::warn!("{line}");
                }
                self.ui.set_data_problems(lines);
            }
            Action::DismissNotice => self.ui.set_notice(None),
            Action::DismissProblems => self.ui.set_data_problems(Vec::new()),
        }
    }

    fn select_step(&mut self, step: i32) {
        let order = self.derived.order();
        if order.is_empty() {
            return;
        }
        let pos = self
            .view
            .selected()
            .and_then(|s| order.iter().position(|&i| i == s));
        let next = match (pos, step > 0) {
            (None, true) => 0,
            (None, false) => order.len() - 1,
            (Some(p), true) => (p + 1) % order.len(),
            (Some(p), false) => (p + order.len() - 1) % order.len(),
        };
        self.view.select(Some(order[next]), true);
    }

    fn toggle_play(&mut self) {
        let playing = !self.view.playing();
        if let (true, Some((start, end))) = (playing, self.model.span())
            && self.view.at() >= end
        {
            self.view.set_time(start, Some((start, end)));
        }
        self.view.set_playing(playing);
    }

    fn advance(&mut self, hours: f64) {
        let Some((start, end)) = self.model.span() else {
            return;
        };
        if !self.view.playing() {
            return;
        }
        let step = self.view.carry(hours);
        if step > 0 {
            let at = self.view.at() + Duration::hours(step);
            self.view.set_time(at, Some((start, end)));
        }
        if self.view.at() >= end {
            self.view.set_playing(false);
        }
    }

    /// Moves the timeline to noon (Kyiv time) of `day` and filters to it; the same day again
    /// clears the filter.
    fn choose_day(&mut self, day: NaiveDate) {
        if self.view.filters().day() == Some(day) {
            self.view.filters_mut().set_day(None);
            return;
        }
        self.view.filters_mut().set_day(Some(day));
        let noon = day.and_hms_opt(12, 0, 0).and_then(|t| {
            let offset = crate::clock::kyiv_offset(t.and_utc());
            t.and_local_timezone(offset).single()
        });
        if let Some(noon) = noon {
            self.view.set_time(noon, self.model.span());
            self.view.set_playing(false);
        }
    }

    fn escape(&mut self) {
        if self.export.is_open() {
            self.export.close();
        } else if self.ui.help_open() {
            self.ui.set_help_open(false);
        } else if self.prompt.is_some() {
            self.prompt = None;
        } else {
            self.view.select(None, false);
        }
    }

    /// Moves the map's centre by `by` points, as drawn last frame.
    fn pan(&mut self, by: [f32; 2]) {
        let Some(view) = self.view.drawn() else {
            return;
        };
        let [w, h] = view.size();
        let centre = [
            view.rect[0] + w / 2.0 + by[0] * view.scale,
            view.rect[1] + h / 2.0 + by[1] * view.scale,
        ];
        let to = view.to_unit(centre).to_lon_lat();
        self.view
            .map_mut()
            .center_at(walkers::lon_lat(to.lon, to.lat));
    }

    /// Opens the export dialog for the selected route, or the current view.
    fn open_export(&mut self) {
        let route = self
            .view
            .selected()
            .and_then(|i| self.model.dataset().corridors.get(i))
            .map(|c| c.id.clone());
        let framing = match &route {
            Some(id) => Framing::Route(id.clone()),
            None => {
                let centre = self
                    .view
                    .map()
                    .detached()
                    .map_or((33.5, 49.0), |p| (p.x(), p.y()));
                Framing::View {
                    lon: centre.0,
                    lat: centre.1,
                    zoom: self.view.map().zoom(),
                }
            }
        };
        self.export.open(super::Target {
            framing,
            at: self.view.at(),
            lang: self.ui.lang(),
            tiles: self.tile_choice.clone(),
        });
    }

    /// Fits what the view asks for in the map, once the map's size is known.
    pub(super) fn apply_fit(&mut self) {
        let Some(drawn) = self.view.drawn() else {
            return;
        };
        let data = self.model.dataset();
        let points: Vec<crate::projection::LonLat> = match self.view.fit() {
            FitTarget::Nothing => return,
            FitTarget::Route(i) => data
                .corridors
                .get(i)
                .map(|c| c.line.0.iter().map(|&p| p.into()).collect())
                .unwrap_or_default(),
            FitTarget::Everything => data
                .corridors
                .iter()
                .flat_map(|c| c.line.0.iter().map(|&p| p.into()))
                .collect(),
        };
        // The date and the legend first need a frame or two to be laid out: the fit waits
        // until they stay put, so it never lands under the legend.
        if !self.map_panels_settled {
            return;
        }
        // Beside or above the legend: whichever shows what is fitted larger.
        let fitted = free_of_panels(drawn.rect, &self.map_panels)
            .into_iter()
            .filter_map(|free| Viewport::fit(points.iter().copied(), free, 1.0, 48.0, 11.0))
            .max_by(|a, b| a.zoom.total_cmp(&b.zoom));
        if let Some(view) = fitted {
            // Fitted into the free part; walkers centres the whole map.
            let centre = view.with_rect(drawn.rect).center().to_lon_lat();
            let map = self.view.map_mut();
            map.center_at(walkers::lon_lat(centre.lon, centre.lat));
            let _ = map.set_zoom(view.zoom);
        }
        self.view.set_fit(FitTarget::Nothing);
    }
}

/// The parts of the map `rect` (`[x0, y0, x1, y1]`) that the `panels` over it leave free: below
/// those along the top edge (the date), and beside or above each of those in a corner (the
/// legend) — both, for the caller to choose the one that shows its points larger.
#[must_use]
pub(crate) fn free_of_panels(rect: [f32; 4], panels: &[egui::Rect]) -> Vec<[f32; 4]> {
    let [x0, mut y0, x1, y1] = rect;
    let gap = 8.0;
    // The date sits at the top: the route goes below it.
    for p in panels.iter().filter(|p| p.min.y <= rect[1] + 20.0) {
        y0 = y0.max(p.max.y + gap);
    }
    let mut free = vec![[x0, y0, x1, y1]];
    for p in panels.iter().filter(|p| p.min.y > rect[1] + 20.0) {
        free = free
            .into_iter()
            .flat_map(|[a, b, c, d]| {
                [
                    [a.max(p.max.x + gap), b, c, d],
                    [a, b, c, d.min(p.min.y - gap)],
                ]
            })
            .collect();
    }
    // Never less than a sliver: a tiny window still fits somewhere.
    free.retain(|r| r[2] - r[0] >= 64.0 && r[3] - r[1] >= 64.0);
    if free.is_empty() {
        free.push(rect);
    }
    free
}
