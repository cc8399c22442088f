//! The map legend, drawn from the same entries as the export's, in the map's bottom-left
//! corner; it folds away to a button.

use egui::{Rect, RichText, Sense, Stroke, Ui, pos2, vec2};

use super::map_layer::color;
use crate::i18n::{legend_word, tr};
use crate::scene::legend;

/// Where the legend was drawn last frame (screen points), if it was.
#[must_use]
pub(crate) fn last_rect(ctx: &egui::Context) -> Option<Rect> {
    ctx.memory(|m| m.area_rect(egui::Id::unique("koridor-legend")))
}

/// Shows the legend (or the button that unfolds it) in the map's bottom-left corner; returns
/// whether it should be open from now on when its button was clicked.
pub(crate) fn show(ui: &mut Ui, map: Rect, open: bool, lang: crate::Lang) -> Option<bool> {
    let mut toggled = None;
    let id = egui::Id::unique("koridor-legend");
    egui::Area::new(id)
        .fixed_pos(map.left_bottom() + vec2(10.0, -10.0))
        .pivot(egui::Align2::LEFT_BOTTOM)
        // Above the map, below the dialogs (their backdrop dims it too).
        .order(egui::Order::Middle)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                let label = if open {
                    tr("Legend ▾", lang)
                } else {
                    tr("Legend ▸", lang)
                };
                let button = ui.button(RichText::new(label).strong());
                ui.ctx().accesskit_node_builder(button.id, |node| {
                    node.set_label(tr("Legend", lang));
                    node.set_expanded(open);
                });
                if button
                    .on_hover_text(tr("Show or hide the legend", lang))
                    .clicked()
                {
                    toggled = Some(!open);
                }
                if !open {
                    return;
                }
                let ink = ui.visuals().strong_text_color();
                for entry in legend() {
                    // Status samples are neutral: draw them in the theme's text colour.
                    let line = if entry.is_status {
                        ink
                    } else {
                        color(entry.color.with_alpha(entry.style.alpha))
                    };
                    ui.horizontal(|ui| {
                        let (rect, _) = ui.allocate_exact_size(vec2(36.0, 14.0), Sense::hover());
                        let (a, b) = (
                            pos2(rect.left(), rect.center().y),
                            pos2(rect.right(), rect.center().y),
                        );
                        let stroke = Stroke::new(
                            entry.style.width,
                            line.gamma_multiply(f32::from(entry.style.alpha) / 255.0),
                        );
                        match entry.style.dash {
                            Some([on, off]) => {
                                ui.painter().extend(egui::Shape::dashed_line(
                                    &[a, b],
                                    stroke,
                                    on,
                                    off,
                                ));
                            }
                            None => {
                                ui.painter().line_segment([a, b], stroke);
                            }
                        }
                        if entry.style.crossed {
                            let c = rect.center();
                            for d in [vec2(4.0, 4.0), vec2(4.0, -4.0)] {
                                ui.painter()
                                    .line_segment([c - d, c + d], Stroke::new(2.0, ink));
                            }
                        }
                        ui.label(legend_word(entry.key, lang));
                    });
                }
            });
        });
    toggled
}
