//! Keyboard: every action without a mouse (F1 lists them).

use egui::Key;

use super::{KoridorApp, list};

impl KoridorApp {
    pub(super) fn keyboard(&mut self, ctx: &egui::Context) {
        let typing = ctx.memory(|m| m.focused().is_some());
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::F5)) {
            self.reload(ctx);
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, Key::E)) {
            self.open_export();
        }
        if ctx.input(|i| i.key_pressed(Key::Escape)) {
            if self.export.open {
                self.export.open = false;
            } else if self.help_open {
                self.help_open = false;
            } else if self.prompt.is_some() {
                self.prompt = None;
            } else {
                self.selected = None;
            }
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::F1)) {
            self.help_open = !self.help_open;
        }
        if typing {
            return;
        }
        // Tab is left to egui's focus navigation (every control, the route list included, is
        // reachable with it); the arrows step through the routes.
        let step = ctx.input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, Key::ArrowDown) {
                1
            } else if i.consume_key(egui::Modifiers::NONE, Key::ArrowUp) {
                -1
            } else {
                0
            }
        });
        let hours = ctx.input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, Key::ArrowRight) {
                1
            } else if i.consume_key(egui::Modifiers::SHIFT, Key::ArrowRight) {
                24
            } else if i.consume_key(egui::Modifiers::NONE, Key::ArrowLeft) {
                -1
            } else if i.consume_key(egui::Modifiers::SHIFT, Key::ArrowLeft) {
                -24
            } else {
                0
            }
        });
        if hours != 0
            && let Some((start, end)) = self.span
        {
            self.at = (self.at + chrono::Duration::hours(hours)).clamp(start, end);
        }
        if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Space)) {
            self.player.playing = !self.player.playing;
        }
        let zoom = ctx.input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, Key::Plus)
                || i.consume_key(egui::Modifiers::NONE, Key::Equals)
            {
                1
            } else if i.consume_key(egui::Modifiers::NONE, Key::Minus) {
                -1
            } else {
                0
            }
        });
        if zoom > 0 {
            let _ = self.map_memory.zoom_in();
        } else if zoom < 0 {
            let _ = self.map_memory.zoom_out();
        }
        if step != 0 {
            let order = list::order(self);
            if order.is_empty() {
                return;
            }
            let pos = self
                .selected
                .and_then(|s| order.iter().position(|&i| i == s));
            let next = match (pos, step) {
                (None, 1) => 0,
                (None, _) => order.len() - 1,
                (Some(p), 1) => (p + 1) % order.len(),
                (Some(p), _) => (p + order.len() - 1) % order.len(),
            };
            self.select(Some(order[next]));
        }
    }
}
