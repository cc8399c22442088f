//! Keyboard: every action without a mouse (F1 lists them), as actions.

use egui::{Key, Modifiers};

use super::Action;

/// The actions the keys pressed this frame ask for. While a text field has the focus only the
/// function keys, Ctrl+E and Esc count, so typing a path never moves the map.
pub(crate) fn keyboard(ctx: &egui::Context) -> Vec<Action> {
    let mut out = Vec::new();
    let typing = ctx.memory(|m| m.focused().is_some());
    let pressed = |modifiers: Modifiers, key: Key| ctx.input_mut(|i| i.consume_key(modifiers, key));
    if pressed(Modifiers::NONE, Key::F5) {
        out.push(Action::Reload);
    }
    if pressed(Modifiers::COMMAND, Key::E) {
        out.push(Action::OpenExport);
    }
    if ctx.input(|i| i.key_pressed(Key::Escape)) {
        out.push(Action::Escape);
    }
    if pressed(Modifiers::NONE, Key::F1) {
        out.push(Action::ToggleHelp);
    }
    if typing {
        return out;
    }
    // Tab is left to egui's focus navigation (every control, the route list included, is
    // reachable with it); the arrows step through the routes.
    if pressed(Modifiers::NONE, Key::ArrowDown) {
        out.push(Action::SelectStep(1));
    } else if pressed(Modifiers::NONE, Key::ArrowUp) {
        out.push(Action::SelectStep(-1));
    }
    for (modifiers, key, hours) in [
        (Modifiers::NONE, Key::ArrowRight, 1),
        (Modifiers::SHIFT, Key::ArrowRight, 24),
        (Modifiers::NONE, Key::ArrowLeft, -1),
        (Modifiers::SHIFT, Key::ArrowLeft, -24),
    ] {
        if pressed(modifiers, key) {
            out.push(Action::StepTime(hours));
        }
    }
    if pressed(Modifiers::NONE, Key::Space) {
        out.push(Action::TogglePlay);
    }
    if pressed(Modifiers::NONE, Key::Plus) || pressed(Modifiers::NONE, Key::Equals) {
        out.push(Action::Zoom(1));
    } else if pressed(Modifiers::NONE, Key::Minus) {
        out.push(Action::Zoom(-1));
    }
    out
}
