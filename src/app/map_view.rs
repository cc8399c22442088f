//! The map in the centre: walkers with the offline (and online) tiles and the corridor layer,
//! the date badge, and fitting a route in view.

use egui::Ui;
use walkers::{Map, lon_lat};

use super::map_layer::{CorridorLayer, MapEvents};
use super::{KoridorApp, details, legend};
use crate::projection::{LonLat, Viewport};
use crate::scene::SceneInput;
use crate::{Corridor, Lang, Time};

impl KoridorApp {
    pub(super) fn apply_fit(&mut self) {
        let (Some(target), Some(rect)) = (self.fit_pending, self.events.rect) else {
            return;
        };
        let points: Vec<LonLat> = match target {
            Some(i) => self
                .dataset
                .corridors
                .get(i)
                .map(|c| c.line.0.iter().map(|&p| LonLat::from(p)).collect())
                .unwrap_or_default(),
            None => self
                .dataset
                .corridors
                .iter()
                .flat_map(|c| c.line.0.iter().map(|&p| LonLat::from(p)))
                .collect(),
        };
        let frame = [0.0, 0.0, rect.width(), rect.height()];
        if let Some(view) = Viewport::fit(points, frame, 1.0, 48.0, 11.0) {
            let centre = view.center().to_lon_lat();
            self.map_memory.center_at(lon_lat(centre.lon, centre.lat));
            let _ = self.map_memory.set_zoom(view.zoom);
        }
        self.fit_pending = None;
    }

    pub(super) fn map(&mut self, ui: &mut Ui) {
        let (hidden_statuses, hidden_countries) = (&self.hidden_statuses, &self.hidden_countries);
        let (at, day) = (self.at, self.day_filter);
        let visible =
            |_: usize, c: &Corridor| super::passes(c, at, hidden_statuses, hidden_countries, day);
        let dataset = &self.dataset;
        let lang = self.lang;
        let tooltip = |ui: &mut Ui, index: usize| details::tooltip(ui, dataset, index, at, lang);
        let mut events = MapEvents::default();
        let filters = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (
                &self.hidden_statuses,
                &self.hidden_countries,
                self.day_filter,
                self.dataset_generation,
            )
                .hash(&mut h);
            h.finish()
        };
        let layer = CorridorLayer {
            cache: &mut self.scene_cache,
            filters,
            input: SceneInput {
                dataset,
                at,
                selected: self.selected,
                hovered: self.hovered,
                visible: &visible,
                lang: self.lang,
                scale: 1.0,
                index: &self.route_index,
            },
            events: &mut events,
            tooltip: &tooltip,
        };
        if let Some(online) = &mut self.online {
            online.begin_frame();
        }
        let mut map = Map::new(
            Some(&mut self.tiles),
            &mut self.map_memory,
            lon_lat(33.5, 49.0),
        );
        if let Some(online) = &mut self.online {
            map = map.with_layer(online, 1.0);
        }
        map.with_plugin(layer).show(ui, |_, _, _, _| ());
        if let Some(online) = &mut self.online {
            online.end_frame();
        }
        if let Some(rect) = events.rect {
            date_badge(ui, rect, self.at, self.lang);
            legend::show(ui, rect, &mut self.legend_open, self.lang);
        }
        self.hovered = events.hovered;
        let clicked = events.clicked;
        self.events = events;
        if let Some(clicked) = clicked {
            self.selected = clicked;
            // A route clicked on the map is fitted in view when part of it is off screen.
            if let (Some(i), Some(rect)) = (clicked, self.events.rect) {
                let whole = self.dataset.corridors.get(i).is_some_and(|c| {
                    c.line
                        .0
                        .iter()
                        .all(|p| self.screen_pos(p.x, p.y).is_some_and(|q| rect.contains(q)))
                });
                if !whole {
                    self.fit_pending = Some(Some(i));
                }
            }
        }
    }
}

/// The shown moment in the map's top-left corner, always visible.
fn date_badge(ui: &Ui, rect: egui::Rect, at: Time, lang: Lang) {
    let painter = ui.painter().with_clip_rect(rect);
    let text = crate::i18n::date(at, "%-d %B %Y, %H:%M (UTC%:z)", lang);
    let galley = painter.layout_no_wrap(
        text,
        egui::FontId::proportional(15.0),
        egui::Color32::from_gray(20),
    );
    let pos = rect.min + egui::vec2(10.0, 10.0);
    let bg = egui::Rect::from_min_size(pos, galley.size() + egui::vec2(16.0, 8.0));
    painter.rect_filled(bg, 4.0, egui::Color32::from_white_alpha(225));
    painter.galley(
        pos + egui::vec2(8.0, 4.0),
        galley,
        egui::Color32::from_gray(20),
    );
}
