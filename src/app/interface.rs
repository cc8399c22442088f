//! The window's own settings and messages: language, theme, the left panel's tab, folded list
//! groups, the legend and Help, and the notices shown in the top bar. Changed only through
//! [`super::Action`]s.

use std::collections::BTreeSet;

use super::Theme;
use crate::Lang;

/// The left panel's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Tab {
    /// Corridors grouped by origin.
    #[default]
    Corridors,
    /// Every event in time order.
    Events,
}

/// The interface state.
pub(crate) struct Interface {
    lang: Lang,
    theme: Theme,
    tab: Tab,
    events_selected_only: bool,
    legend_open: bool,
    help_open: bool,
    collapsed_origins: BTreeSet<String>,
    notice: Option<String>,
    data_problems: Vec<String>,
}

impl Interface {
    /// The interface of a first start in `lang`.
    #[must_use]
    pub(crate) fn new(lang: Lang) -> Self {
        Self {
            lang,
            theme: Theme::System,
            tab: Tab::Corridors,
            events_selected_only: false,
            legend_open: true,
            help_open: false,
            collapsed_origins: BTreeSet::new(),
            notice: None,
            data_problems: Vec::new(),
        }
    }

    /// The interface language.
    #[must_use]
    pub(crate) fn lang(&self) -> Lang {
        self.lang
    }

    /// The theme.
    #[must_use]
    pub(crate) fn theme(&self) -> Theme {
        self.theme
    }

    /// The left panel's tab.
    #[must_use]
    pub(crate) fn tab(&self) -> Tab {
        self.tab
    }

    /// Whether the event list shows only the selected corridor's events.
    #[must_use]
    pub(crate) fn events_selected_only(&self) -> bool {
        self.events_selected_only
    }

    /// Whether the legend is unfolded.
    #[must_use]
    pub(crate) fn legend_open(&self) -> bool {
        self.legend_open
    }

    /// Whether the Help window is open.
    #[must_use]
    pub(crate) fn help_open(&self) -> bool {
        self.help_open
    }

    /// Whether the list folds away the routes from `origin`.
    #[must_use]
    pub(crate) fn collapsed(&self, origin: &str) -> bool {
        self.collapsed_origins.contains(origin)
    }

    /// A warning to show once (e.g. a saved state that could not be read).
    #[must_use]
    pub(crate) fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Problems with a dataset the user asked for, shown until dismissed.
    #[must_use]
    pub(crate) fn data_problems(&self) -> &[String] {
        &self.data_problems
    }

    pub(super) fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    pub(super) fn set_theme(&mut self, theme: Theme) {
        self.theme = theme;
    }

    pub(super) fn set_tab(&mut self, tab: Tab) {
        self.tab = tab;
    }

    pub(super) fn set_events_selected_only(&mut self, only: bool) {
        self.events_selected_only = only;
    }

    pub(super) fn set_legend_open(&mut self, open: bool) {
        self.legend_open = open;
    }

    pub(super) fn set_help_open(&mut self, open: bool) {
        self.help_open = open;
    }

    pub(super) fn toggle_origin(&mut self, origin: String) {
        if !self.collapsed_origins.remove(&origin) {
            self.collapsed_origins.insert(origin);
        }
    }

    pub(super) fn set_notice(&mut self, notice: Option<String>) {
        self.notice = notice;
    }

    pub(super) fn set_data_problems(&mut self, problems: Vec<String>) {
        self.data_problems = problems;
    }
}
