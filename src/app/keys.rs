//! Keyboard: every action without a mouse (F1 lists them), as actions.

use egui::{Key, Modifiers};

use super::Action;

/// Map points the arrow keys pan a focused map by (Shift: a whole step more).
const PAN_STEP: f32 = 80.0;

/// The actions the keys pressed this frame ask for.
///
/// While a text field has the focus only the function keys, Ctrl+E and Esc count, so typing a
/// path never moves the map. While another control has the focus the shortcuts still work, but
/// Space and Enter are left to the control (they press it). While the map has the focus
/// (`map_focused`) the arrows pan it instead of choosing a route or moving the time. While a
/// dialog is open (`dialog_open`) only the function keys, Ctrl+E and Esc count.
pub(crate) fn keyboard(ctx: &egui::Context, map_focused: bool, dialog_open: bool) -> Vec<Action> {
    let mut out = Vec::new();
    let focused = ctx.memory(egui::Memory::focused);
    let typing = focused.is_some_and(|id| egui::text_edit::TextEditState::load(ctx, id).is_some());
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
    // A dialog is modal: the keys of the window behind it wait until it closes.
    if typing || dialog_open {
        return out;
    }
    if map_focused {
        pan_keys(&pressed, &mut out);
    } else {
        route_and_time_keys(&pressed, &mut out);
    }
    if focused.is_none() && pressed(Modifiers::NONE, Key::Space) {
        out.push(Action::TogglePlay);
    }
    if pressed(Modifiers::NONE, Key::Plus) || pressed(Modifiers::NONE, Key::Equals) {
        out.push(Action::Zoom(1));
    } else if pressed(Modifiers::NONE, Key::Minus) {
        out.push(Action::Zoom(-1));
    }
    out
}

/// ↓/↑ choose the next or previous route; ←/→ move the time by an hour (Shift: a day). Tab is
/// left to egui's focus navigation.
fn route_and_time_keys(pressed: &impl Fn(Modifiers, Key) -> bool, out: &mut Vec<Action>) {
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
}

/// The arrows pan a focused map (Shift: three times as far).
fn pan_keys(pressed: &impl Fn(Modifiers, Key) -> bool, out: &mut Vec<Action>) {
    for (key, dx, dy) in [
        (Key::ArrowLeft, -1.0, 0.0),
        (Key::ArrowRight, 1.0, 0.0),
        (Key::ArrowUp, 0.0, -1.0),
        (Key::ArrowDown, 0.0, 1.0),
    ] {
        for (modifiers, step) in [
            (Modifiers::NONE, PAN_STEP),
            (Modifiers::SHIFT, 3.0 * PAN_STEP),
        ] {
            if pressed(modifiers, key) {
                out.push(Action::Pan([dx * step, dy * step]));
            }
        }
    }
}
