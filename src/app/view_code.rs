//! The window's view code: what the map shows as a code for the status bar, and a code opened
//! (from `koridor open`, or pasted into the window) applied to the view.

use walkers::lon_lat;

use super::KoridorApp;
use super::model::Model;
use super::view_state::{Filters, FitTarget, ViewState};
use crate::i18n::tr;
use crate::viewcode::ViewCode;

/// The code of what a window with `model` and `view` shows in `lang`.
pub(super) fn code_of(model: &Model, view: &ViewState, lang: crate::Lang) -> ViewCode {
    let map = view.map();
    let centre = map.detached().map_or((33.5, 49.0), |p| (p.x(), p.y()));
    let filters = view.filters();
    ViewCode {
        dataset: model.hash(),
        at: view.at(),
        route: view
            .selected()
            .and_then(|i| model.dataset().corridors.get(i))
            .map(|c| crate::viewcode::route_hash(&c.id)),
        center: centre,
        zoom: map.zoom(),
        lang,
        hidden_statuses: filters.hidden_statuses(),
        hidden_countries: filters.hidden_countries(),
        day: filters.day(),
    }
}

impl KoridorApp {
    /// The code of what the window shows now.
    #[must_use]
    pub fn view_code(&self) -> ViewCode {
        code_of(&self.model, &self.view, self.ui.lang())
    }

    /// Shows what `code` names: its moment, route, centre, zoom, filters and language. A code
    /// made from another dataset opens what this one has (its route if the id is here) and
    /// says so in the notice line.
    pub(super) fn open_view_code(&mut self, code: &ViewCode) {
        self.view.set_time(code.at, self.model.span());
        let selected = code.route_in(self.model.dataset());
        self.view.select(selected, false);
        self.view.set_fit(FitTarget::Nothing);
        let map = self.view.map_mut();
        map.center_at(lon_lat(code.center.0, code.center.1));
        let _ = map.set_zoom(code.zoom);
        *self.view.filters_mut() =
            Filters::hiding(&code.hidden_statuses, &code.hidden_countries, code.day);
        self.ui.set_lang(code.lang);
        let lang = code.lang;
        let notice = if code.dataset != self.model.hash() {
            Some(
                tr(
                    "This view code was made from another dataset: the moment, place and filters are shown, and its route if this dataset has it.",
                    lang,
                )
                .to_owned(),
            )
        } else if code.route.is_some() && selected.is_none() {
            Some(tr("The view code's route is not in this dataset.", lang).to_owned())
        } else {
            None
        };
        if let Some(text) = &notice {
            log::warn!("{text}");
        }
        self.ui.set_notice(notice);
    }

    /// A view code pasted while no text field has the keyboard: opened, or why not in the
    /// notice line. Other pasted text is left alone.
    pub(super) fn open_pasted_code(&mut self, ctx: &egui::Context) {
        if ctx.egui_wants_keyboard_input() {
            return;
        }
        let pasted: Vec<String> = ctx.input(|i| {
            i.events
                .iter()
                .filter_map(|e| match e {
                    egui::Event::Paste(text) => Some(text.clone()),
                    _ => None,
                })
                .collect()
        });
        for text in pasted {
            if !text.trim().to_ascii_uppercase().starts_with("KV") {
                continue;
            }
            match ViewCode::parse(&text) {
                Ok(code) => self.open_view_code(&code),
                Err(err) => self.ui.set_notice(Some(err.to_string())),
            }
        }
    }
}
