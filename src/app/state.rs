//! What the window remembers between runs: view, selection, tile source, language, theme, date
//! and the legend. Stored as JSON under one key of eframe's storage. A state written by another
//! release still loads: fields this release does not know are ignored and fields it misses take
//! their defaults. A state that cannot be read (not JSON, a value of the wrong type or out of
//! range) is ignored with a warning, never trusted in part.

use serde::{Deserialize, Serialize};
use walkers::lon_lat;

use super::KoridorApp;
use crate::Lang;
use crate::net::TileChoice;

/// The storage key.
pub(crate) const KEY: &str = "koridor-state";

/// The interface theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    /// Follow the system.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl Theme {
    /// As egui's preference.
    #[must_use]
    pub(crate) fn preference(self) -> egui::ThemePreference {
        match self {
            Self::System => egui::ThemePreference::System,
            Self::Light => egui::ThemePreference::Light,
            Self::Dark => egui::ThemePreference::Dark,
        }
    }
}

/// The remembered state. Every field has a default, so a state from an older release (with
/// fewer fields) or a newer one (with more) loads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SavedState {
    /// The layout of this state: 1 for this release. Kept so that a later release can migrate.
    pub version: u32,
    /// Map centre (lon, lat).
    pub center: (f64, f64),
    /// Map zoom.
    pub zoom: f64,
    /// Selected corridor id.
    pub selected: Option<String>,
    /// Tile source: `offline`, `osm` or a template.
    pub tiles: String,
    /// `en` or `uk`.
    pub lang: String,
    /// Theme.
    pub theme: Theme,
    /// The shown moment (RFC 3339).
    pub at: String,
    /// Whether the legend is unfolded.
    pub legend_open: bool,
}

impl Default for SavedState {
    /// The state of a first start: Ukraine in view, nothing selected, offline tiles, English,
    /// the system theme, no remembered date (the dataset's latest event is shown), legend open.
    fn default() -> Self {
        Self {
            version: 1,
            center: (33.5, 49.0),
            zoom: 6.0,
            selected: None,
            tiles: "offline".into(),
            lang: "en".into(),
            theme: Theme::System,
            at: String::new(),
            legend_open: true,
        }
    }
}

/// Reads a saved state.
///
/// # Errors
/// Why it cannot be used (malformed, or values out of range).
pub(super) fn parse(text: &str) -> Result<SavedState, String> {
    let state: SavedState = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let (lon, lat) = state.center;
    if !(-180.0..=180.0).contains(&lon)
        || !(-85.1..=85.1).contains(&lat)
        || !(0.0..=22.0).contains(&state.zoom)
    {
        return Err("view out of range".into());
    }
    if !state.at.is_empty() {
        crate::parse_time(&state.at)?;
    }
    TileChoice::parse(&state.tiles)?;
    Ok(state)
}

impl KoridorApp {
    /// The state to remember.
    #[must_use]
    pub fn saved_state(&self) -> SavedState {
        let map = self.view.map();
        // To a millionth (of a degree, about 0.1 m; of a zoom level): short decimals, which
        // serde_json reads back exactly, so the view restored is the view saved.
        let short = |v: f64| (v * 1e6).round() / 1e6;
        let center = map
            .detached()
            .map_or((33.5, 49.0), |p| (short(p.x()), short(p.y())));
        SavedState {
            version: 1,
            center,
            zoom: short(map.zoom()),
            selected: self
                .view
                .selected()
                .and_then(|i| self.model.dataset().corridors.get(i))
                .map(|c| c.id.clone()),
            tiles: self.tile_choice.to_text(),
            lang: match self.ui.lang() {
                Lang::En => "en".into(),
                Lang::Uk => "uk".into(),
            },
            theme: self.ui.theme(),
            at: self.view.at().to_rfc3339(),
            legend_open: self.ui.legend_open(),
        }
    }

    /// Restores a saved state read with `state::parse` (at start, before the first frame).
    pub(super) fn restore(&mut self, ctx: &egui::Context, state: &SavedState, lang_given: bool) {
        let map = self.view.map_mut();
        map.center_at(lon_lat(state.center.0, state.center.1));
        let _ = map.set_zoom(state.zoom);
        let selected = state
            .selected
            .as_deref()
            .and_then(|id| self.model.dataset().index_of(id));
        self.view.select(selected, false);
        self.view.set_fit(super::view_state::FitTarget::Nothing);
        if let Ok(choice) = TileChoice::parse(&state.tiles) {
            self.set_tiles(ctx, choice);
        }
        if !lang_given {
            self.ui.set_lang(if state.lang == "uk" {
                Lang::Uk
            } else {
                Lang::En
            });
        }
        self.ui.set_theme(state.theme);
        ctx.set_theme(state.theme.preference());
        if let Ok(at) = crate::parse_time(&state.at) {
            self.view.set_time(at, self.model.span());
        }
        self.ui.set_legend_open(state.legend_open);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corrupt_or_out_of_range_state_is_refused() {
        assert!(parse("{ not json").is_err());
        assert!(parse(r#"{"zoom":"near"}"#).is_err());
        let good = r#"{"center":[30.5,50.4],"zoom":8.0,"selected":"kyiv-gomel","tiles":"offline","lang":"uk","theme":"Dark","at":"2022-03-08T12:00:00+02:00","legend_open":false}"#;
        assert!(parse(good).is_ok());
        assert!(parse(&good.replace("8.0", "99.0")).is_err());
        assert!(parse(&good.replace("2022-03-08T12:00:00+02:00", "yesterday")).is_err());
    }

    #[test]
    fn a_state_from_another_release_loads_with_unknown_fields_ignored_and_missing_ones_defaulted() {
        // An older release wrote fewer fields; a newer one may write more.
        let older = r#"{"center":[30.5,50.4],"zoom":8.0,"lang":"uk"}"#;
        let state = parse(older).unwrap();
        assert_eq!(state.center, (30.5, 50.4));
        assert_eq!(state.lang, "uk");
        assert_eq!(state.tiles, "offline");
        assert!(state.legend_open);
        let newer = r#"{"version":7,"zoom":5.0,"layers":{"rivers":false},"panel_width":300}"#;
        let state = parse(newer).unwrap();
        assert_eq!(state.zoom, 5.0);
        assert_eq!(parse("{}").unwrap(), SavedState::default());
    }

    #[test]
    fn the_state_this_release_writes_is_read_back_from_its_file() {
        // Written by this release (its `saved_state`, serialised as eframe stores it); a later
        // release must still read it.
        let file = include_str!("../../tests/fixtures/saved-state-v1.json");
        let state = parse(file).unwrap();
        assert_eq!(state.version, 1);
        assert_eq!(state.selected.as_deref(), Some("sumy-poltava"));
        assert_eq!(state.theme, Theme::Dark);
        assert!(!state.legend_open);
        // And what this release writes has exactly the fields of that file.
        let written: serde_json::Value = serde_json::to_value(&state).unwrap();
        let stored: serde_json::Value = serde_json::from_str(file).unwrap();
        assert_eq!(written, stored);
    }
}
