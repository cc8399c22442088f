//! What a screen reader gets beyond the widgets: the window's name and language, the map as a
//! named, focusable node whose description is the view's text equivalent, and announcements
//! (a polite live region) when the selection or the moment changes. The texts come from
//! `crate::describe`; they are worked out only while an assistive technology is listening.

use egui::accesskit::{Live, Role};
use egui::{Context, Id};

use super::model::Model;
use super::view_state::ViewState;
use crate::basemap::Basemap;
use crate::describe::{ViewCounts, describe_route, describe_view, status_sentence};
use crate::i18n::{date, tr};
use crate::{Lang, Time};

/// Whether AccessKit is building a tree this frame (a screen reader or a test is listening).
#[must_use]
pub(crate) fn enabled(ctx: &Context) -> bool {
    ctx.accesskit_node_builder(egui::accesskit_root_id(), |_| ())
        .is_some()
}

/// Gives a combo box (`id`) its shown choice as its value, and as its description where the
/// platform (AT-SPI) has no text value for it.
pub(crate) fn combo_value(ctx: &Context, id: Id, value: &str) {
    ctx.accesskit_node_builder(id, |node| {
        node.set_value(value);
        node.set_description(value);
    });
}

/// Makes a button inside a menu a menu item.
pub(crate) fn menu_item(ctx: &Context, id: Id) {
    ctx.accesskit_node_builder(id, |node| node.set_role(Role::MenuItem));
}

/// The language tag of `lang` (BCP 47).
fn tag(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Uk => "uk",
    }
}

/// What the selected route's text was worked out for: dataset generation, route, moment,
/// language.
type RouteKey = (u64, usize, Time, Lang);

/// What the view's text was worked out for: dataset generation, selection, moment, language
/// and the filters (hashed); and where the map was drawn (hashed, [`drawn_key`]).
type ViewKey = ((u64, Option<usize>, Time, Lang, u64), u64);

/// How long the map rests before the view's text is worked out again after it moved, in
/// seconds: counting the routes in view takes milliseconds at 10,000 routes, and a wheel or
/// pinch zoom leaves a frame or two between its steps.
const REST_S: f64 = 0.3;

/// The screen reader's state: the cached texts and what was last announced.
#[derive(Default)]
pub(crate) struct Access {
    route: Option<(RouteKey, String)>,
    view: Option<(ViewKey, String)>,
    /// Where the map was in the last frame (hashed), and when (egui's input time) it was last
    /// seen to move: while it moves (a pan or zoom under way) the view's text is not worked out
    /// again, only once the map has rested [`REST_S`].
    last_view: Option<u64>,
    moved_at: f64,
    heard: Option<(u64, Option<usize>, Time, Lang)>,
    announcement: String,
    map: Option<Id>,
}

impl Access {
    /// The node id the map had in the last frame, for the keyboard (arrows pan a focused map).
    #[must_use]
    pub(crate) fn map_id(&self) -> Option<Id> {
        self.map
    }

    /// The selected route's text equivalent, worked out again only when the dataset, route,
    /// moment or language changed.
    pub(crate) fn route_text(
        &mut self,
        model: &Model,
        view: &ViewState,
        lang: Lang,
    ) -> Option<&str> {
        let route = view.selected()?;
        let key = (model.generation(), route, view.at(), lang);
        if self.route.as_ref().is_none_or(|(k, _)| *k != key) {
            let basemap = Basemap::embedded().ok();
            let text = describe_route(
                model.dataset(),
                model.index(),
                basemap,
                route,
                view.at(),
                lang,
            );
            self.route = Some((key, text));
        }
        self.route.as_ref().map(|(_, text)| text.as_str())
    }

    /// Names the window, gives the tree its language, and announces what changed since the
    /// last frame: a new selection reads the route's text; a new moment reads the date and the
    /// selected route's status (while playing, once a day).
    pub(crate) fn frame(&mut self, ctx: &Context, model: &Model, view: &ViewState, lang: Lang) {
        if !enabled(ctx) {
            return;
        }
        ctx.accesskit_node_builder(egui::accesskit_root_id(), |node| {
            node.set_label("Koridor");
            node.set_language(tag(lang));
        });
        let now = (model.generation(), view.selected(), view.at(), lang);
        let before = self.heard.replace(now);
        let changed_selection = before.is_none_or(|b| (b.0, b.1, b.3) != (now.0, now.1, now.3));
        let changed_time = before.is_some_and(|b| {
            if view.playing() {
                b.2.date_naive() != now.2.date_naive()
            } else {
                b.2 != now.2
            }
        });
        if before.is_some() && changed_selection {
            self.announcement = self
                .route_text(model, view, lang)
                .map_or_else(|| tr("No route selected.", lang).to_owned(), str::to_owned);
        } else if changed_time {
            self.announcement = self.moment_text(model, view, lang);
        }
        let text = self.announcement.clone();
        ctx.accesskit_node_builder(Id::unique("koridor-announcement"), |node| {
            node.set_role(Role::Label);
            node.set_value(text);
            node.set_live(Live::Polite);
            node.set_language(tag(lang));
        });
    }

    /// With a route selected, its name and status sentence: "Kyiv → Gomel. On 8 March 2022
    /// 13:00: rejected — Office of the President of Ukraine, 7 March 2022 (Reuters)."; with none,
    /// the view's text (the moment and the routes in view by destination and status).
    fn moment_text(&self, model: &Model, view: &ViewState, lang: Lang) -> String {
        match view
            .selected()
            .and_then(|i| model.dataset().corridors.get(i))
        {
            Some(c) => format!(
                "{}. {}",
                c.name.get(lang),
                status_sentence(c, view.at(), lang)
            ),
            None => self
                .view
                .as_ref()
                .map(|(_, text)| text.clone())
                .unwrap_or_else(|| date(view.at(), "%-d %B %Y %H:%M", lang)),
        }
    }

    /// Makes the map's node (`id`, walkers' response) a named image whose description is the
    /// view's text equivalent.
    pub(crate) fn map_node(
        &mut self,
        ctx: &Context,
        id: Id,
        model: &Model,
        view: &ViewState,
        lang: Lang,
    ) {
        self.map = Some(id);
        if !enabled(ctx) {
            return;
        }
        let drawn = drawn_key(view);
        let key = view_key(model, view, lang, drawn);
        let now = ctx.input(|i| i.time);
        if self.last_view.replace(drawn) != Some(drawn) {
            self.moved_at = now;
        }
        // Only the map moving defers the text; a new moment, route or filter is told at once.
        let (stale, moved_only) = match &self.view {
            None => (true, false),
            Some((k, _)) => (*k != key, k.0 == key.0),
        };
        let resting_for = now - self.moved_at;
        if stale && moved_only && resting_for < REST_S {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(REST_S - resting_for));
        } else if stale {
            let counts = view.drawn().map_or_else(ViewCounts::default, |drawn| {
                let filters = view.filters();
                let data = model.dataset();
                let at = view.at();
                ViewCounts::new(data, model.index(), drawn.unit_rect(0.0), at, |i| {
                    data.corridors.get(i).is_some_and(|c| filters.passes(c, at))
                })
            });
            let route = self.route_text(model, view, lang).map(str::to_owned);
            let text = describe_view(&counts, view.at(), route.as_deref(), lang);
            self.view = Some((key, text));
        }
        let text = self
            .view
            .as_ref()
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        ctx.accesskit_node_builder(id, |node| {
            node.set_role(Role::Image);
            node.set_label(tr("Map", lang));
            node.set_description(text);
            node.set_language(tag(lang));
        });
    }
}

/// Where the map is drawn, hashed.
fn drawn_key(view: &ViewState) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    if let Some(drawn) = view.drawn() {
        drawn.rect.map(f32::to_bits).hash(&mut h);
        drawn.origin.map(f64::to_bits).hash(&mut h);
        drawn.zoom.to_bits().hash(&mut h);
    }
    h.finish()
}

/// The key the view's text is kept under: it changes when the text would.
/// `drawn` is [`drawn_key`] of `view`.
fn view_key(model: &Model, view: &ViewState, lang: Lang, drawn: u64) -> ViewKey {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    view.filters().hash(&mut h);
    (
        (
            model.generation(),
            view.selected(),
            view.at(),
            lang,
            h.finish(),
        ),
        drawn,
    )
}
