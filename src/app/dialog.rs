//! Dialogs (Help, Export, the file and URL prompts): modal, named, exposed to a screen reader as
//! dialogs, with the focus put inside them when they open and given back when they close.

use egui::{Context, Id, Ui};

/// A dialog shown this frame.
pub(crate) struct Shown<R> {
    /// What the body returned.
    pub inner: R,
    /// The backdrop was clicked, or the close button pressed.
    pub close: bool,
}

/// Shows a modal dialog titled `title`. `body` is told whether this is the dialog's first frame
/// (to put the focus on its first control).
pub(crate) fn modal<R>(
    ctx: &Context,
    salt: &str,
    title: &str,
    close_label: &str,
    body: impl FnOnce(&mut Ui, bool) -> R,
) -> Shown<R> {
    let id = Id::unique(salt);
    // Shown in the pass before this one too, or just opened?
    let pass = ctx.cumulative_pass_nr();
    let shown_at = id.with("shown_at");
    let first = ctx.data(|d| d.get_temp::<u64>(shown_at)) != Some(pass.saturating_sub(1));
    ctx.data_mut(|d| d.insert_temp(shown_at, pass));
    let area = egui::Modal::default_area(id)
        .role(egui::Role::Dialog)
        .accessible_name(title);
    let mut close = false;
    let response = egui::Modal::new(id).area(area).show(ctx, |ui| {
        ui.horizontal(|ui| {
            ui.heading(title);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let button = ui.button("✕");
                ui.ctx()
                    .accesskit_node_builder(button.id, |node| node.set_label(close_label));
                close = button.on_hover_text(close_label).clicked();
            });
        });
        ui.separator();
        body(ui, first)
    });
    if response.backdrop_response.clicked() {
        close = true;
    }
    Shown {
        inner: response.inner,
        close,
    }
}

/// Where the focus goes back to when the dialogs close: the control that had it when one
/// opened, else the map (never the bare window).
#[derive(Default)]
pub(crate) struct FocusReturn {
    to: Option<Option<Id>>,
}

impl FocusReturn {
    /// Call once a frame after the dialogs, with whether any is open and what had the focus
    /// when the frame began (before a dialog that just opened took it).
    pub(crate) fn track(&mut self, ctx: &Context, open: bool, before: Option<Id>, map: Option<Id>) {
        match (open, self.to) {
            (true, None) => self.to = Some(before),
            (false, Some(to)) => {
                if let Some(id) = to.or(map) {
                    ctx.memory_mut(|m| m.request_focus(id));
                }
                self.to = None;
            }
            _ => {}
        }
    }
}
