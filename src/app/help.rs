//! The Help window (F1): every keyboard shortcut.

use egui::Ui;

use crate::Lang;
use crate::i18n::tr;

/// The shortcuts, as (keys, what they do).
#[must_use]
pub(super) fn shortcuts(lang: Lang) -> Vec<(&'static str, &'static str)> {
    vec![
        ("↓", tr("Select the next route (fitted in view)", lang)),
        ("↑", tr("Select the previous route", lang)),
        (
            "Tab / Shift+Tab",
            tr("Move to the next or previous control", lang),
        ),
        ("Esc", tr("Close a dialog, else clear the selection", lang)),
        (
            "Ctrl+E",
            tr("Export the selected route (or the view) as PNG", lang),
        ),
        ("F5", tr("Reload the dataset", lang)),
        ("F1", tr("Show or hide this help", lang)),
        (
            "← / →",
            tr("Move the timeline by an hour (Shift: by a day)", lang),
        ),
        ("Space", tr("Play or pause the timeline", lang)),
        (
            "← ↑ → ↓",
            tr("Pan the map when it has the focus (Shift: further)", lang),
        ),
        ("+ / −", tr("Zoom the map in or out", lang)),
    ]
}

/// Shows the Help dialog when `open`; asks to close it when its Close button is pressed or the
/// backdrop clicked. The focus starts on Close, so Enter or Esc dismisses it.
pub(crate) fn show(ui: &mut Ui, open: bool, lang: Lang) -> Option<super::Action> {
    if !open {
        return None;
    }
    let title = tr("Keyboard shortcuts", lang);
    let shown = super::dialog::modal(
        ui.ctx(),
        "koridor-help",
        title,
        tr("Close", lang),
        |ui, first| {
            egui::Grid::new("shortcuts")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for (keys, what) in shortcuts(lang) {
                        ui.monospace(keys);
                        ui.label(what);
                        ui.end_row();
                    }
                });
            ui.separator();
            ui.label(tr("Tab reaches every control, every route of the list and the map; Enter or Space activates the focused control. With a screen reader, the map reads as a description of the view.", lang));
            let close = ui.button(tr("Close", lang));
            if first {
                close.request_focus();
            }
            close.clicked()
        },
    );
    (shown.close || shown.inner).then_some(super::Action::ToggleHelp)
}
