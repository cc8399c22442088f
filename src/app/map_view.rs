//! The map in the centre: walkers with the offline (and online) tiles and the corridor layer,
//! the date badge and the legend. What happens on it comes back as actions.

use egui::Ui;
use walkers::{Map, lon_lat};

use super::map_layer::{CorridorLayer, MapClick, MapEvents};
use super::{Action, KoridorApp, details, legend};
use crate::scene::SceneInput;
use crate::{Corridor, Lang, Time};

impl KoridorApp {
    /// Draws the map; returns what the pointer did on it.
    pub(super) fn map(&mut self, ui: &mut Ui) -> Vec<Action> {
        // Copies of what the layer reads, so that the map widget may pan and zoom the view's
        // map position meanwhile.
        let (at, filters) = (self.view.at(), self.view.filters().clone());
        let (selected, hovered) = (self.view.selected(), self.view.hovered());
        let visible = |_: usize, c: &Corridor| filters.passes(c, at);
        let dataset = self.model.dataset();
        let lang = self.ui.lang();
        let tooltip = |ui: &mut Ui, index: usize| details::tooltip(ui, dataset, index, at, lang);
        let mut events = MapEvents::default();
        // The selected route's names keep clear of the date and the legend (as drawn last frame).
        let keep_clear: Vec<[f32; 4]> = self
            .map_panels
            .iter()
            .map(|r| [r.min.x, r.min.y, r.max.x, r.max.y])
            .collect();
        let key = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (&filters, self.model.generation()).hash(&mut h);
            h.finish()
        };
        let layer = CorridorLayer {
            cache: &mut self.scene_cache,
            shared: (self.model.shared(), self.model.shared_index()),
            filters: key,
            input: SceneInput {
                dataset,
                at,
                selected,
                hovered,
                visible: &visible,
                lang,
                scale: 1.0,
                index: self.model.index(),
                keep_clear: &keep_clear,
                emphasised_only: false,
            },
            events: &mut events,
            tooltip: &tooltip,
        };
        if let Some(online) = &mut self.online {
            online.begin_frame();
        }
        let mut map = Map::new(
            Some(&mut self.tiles),
            self.view.map_mut(),
            lon_lat(33.5, 49.0),
        );
        if let Some(online) = &mut self.online {
            map = map.with_layer(online, 1.0);
        }
        let response = map.with_plugin(layer).show(ui, |_, _, _, _| ()).response;
        self.map_focus(ui, &response);
        if let Some(online) = &mut self.online {
            online.end_frame();
        }
        let mut out = vec![
            Action::Hover(events.hovered),
            Action::MapDrawn(events.view, events.cursor),
        ];
        if let Some(rect) = events.rect {
            let badge = date_badge(ui, rect, at, lang);
            if let Some(open) = legend::show(ui, rect, self.ui.legend_open(), lang) {
                out.push(Action::SetLegendOpen(open));
            }
            let panels: Vec<egui::Rect> = std::iter::once(badge)
                .chain(legend::last_rect(ui.ctx()))
                .collect();
            // Settled once they stay put from one frame to the next (a new area's first passes
            // only measure it, and the panels around the map take a frame or two to size).
            self.map_panels_settled = panels == self.map_panels;
            self.map_panels = panels;
        }
        match events.clicked {
            None => {}
            Some(MapClick::Nothing) => out.push(Action::Select {
                index: None,
                fit: false,
            }),
            Some(MapClick::Route(i)) => {
                // A route clicked on the map is fitted in view when part of it is off screen.
                let whole = events.view.is_some_and(|view| {
                    let rect = view.rect;
                    self.model.dataset().corridors.get(i).is_some_and(|c| {
                        c.line.0.iter().all(|&p| {
                            let [x, y] = view.to_px(crate::projection::LonLat::from(p).to_unit());
                            x >= rect[0] && x <= rect[2] && y >= rect[1] && y <= rect[3]
                        })
                    })
                });
                out.push(Action::Select {
                    index: Some(i),
                    fit: !whole,
                });
            }
        }
        out
    }
}

impl KoridorApp {
    /// The map as a keyboard stop: focused by a click or Tab, ringed while focused, holding the
    /// arrow keys (they pan it), and named and described for a screen reader.
    fn map_focus(&mut self, ui: &Ui, response: &egui::Response) {
        if response.clicked() || response.drag_started() {
            response.request_focus();
        }
        if response.has_focus() {
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    response.id,
                    egui::EventFilter {
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        ..Default::default()
                    },
                );
            });
            // A dark band inside a light one: the ring shows on the light land and the dark sea.
            let painter = ui.painter();
            let outer = egui::Stroke::new(4.0, egui::Color32::from_black_alpha(170));
            painter.rect_stroke(response.rect, 0.0, outer, egui::StrokeKind::Inside);
            let inner = egui::Stroke::new(2.0, ui.visuals().selection.stroke.color);
            painter.rect_stroke(
                response.rect.shrink(1.0),
                0.0,
                inner,
                egui::StrokeKind::Inside,
            );
        }
        let lang = self.ui.lang();
        self.access
            .map_node(ui.ctx(), response.id, &self.model, &self.view, lang);
    }
}

/// The shown moment in the map's top-left corner, always visible. Returns the box it took.
fn date_badge(ui: &Ui, rect: egui::Rect, at: Time, lang: Lang) -> egui::Rect {
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
    bg
}
