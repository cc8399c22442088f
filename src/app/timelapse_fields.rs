//! The Export dialog's time-lapse fields: from, to, step and whether to leave out unchanged
//! steps, owned by the dialog and shown when an animated format is chosen.

use crate::export::{ExportRequest, Timelapse};
use crate::i18n::tr;
use crate::{Lang, Time};

/// Time between frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Step {
    #[default]
    Day,
    SixHours,
    Hour,
}

impl Step {
    fn duration(self) -> chrono::Duration {
        match self {
            Step::Day => chrono::Duration::days(1),
            Step::SixHours => chrono::Duration::hours(6),
            Step::Hour => chrono::Duration::hours(1),
        }
    }

    fn label(self, lang: Lang) -> &'static str {
        match self {
            Step::Day => tr("1 day", lang),
            Step::SixHours => tr("6 hours", lang),
            Step::Hour => tr("1 hour", lang),
        }
    }
}

/// What the dialog asks for a time-lapse.
#[derive(Debug, Default)]
pub(super) struct TimelapseFields {
    from: String,
    to: String,
    step: Step,
    skip_unchanged: bool,
}

impl TimelapseFields {
    /// Proposes a range unless the user gave one: the route's first to last event, or, for a
    /// view, the dataset's.
    pub(super) fn propose(&mut self, range: Option<(Time, Time)>) {
        let Some((first, last)) = range else { return };
        if self.from.is_empty() {
            self.from = first.to_rfc3339();
        }
        if self.to.is_empty() {
            self.to = last.to_rfc3339();
        }
    }

    /// The rows: From, To, Step and "Leave out unchanged steps".
    pub(super) fn ui(&mut self, ui: &mut egui::Ui, lang: Lang) {
        for (label, text) in [
            (tr("From", lang), &mut self.from),
            (tr("To", lang), &mut self.to),
        ] {
            ui.horizontal(|ui| {
                let name = ui.label(label);
                ui.add(egui::TextEdit::singleline(text).desired_width(240.0))
                    .labelled_by(name.id)
                    .on_hover_text(tr(
                        "A moment in RFC 3339, e.g. 2022-03-08T12:00:00+02:00",
                        lang,
                    ));
            });
        }
        let step = tr("Step", lang);
        let group = ui.horizontal(|ui| {
            ui.label(step);
            for choice in [Step::Day, Step::SixHours, Step::Hour] {
                ui.radio_value(&mut self.step, choice, choice.label(lang));
            }
        });
        ui.ctx().accesskit_node_builder(group.response.id, |node| {
            node.set_role(egui::Role::RadioGroup);
            node.set_label(step);
        });
        ui.checkbox(
            &mut self.skip_unchanged,
            tr("Leave out steps where nothing changed", lang),
        );
    }

    /// The time-lapse of `still` these fields ask for.
    ///
    /// # Errors
    /// A message naming the field that is not a moment, or what the range cannot be.
    pub(super) fn request(&self, still: ExportRequest, lang: Lang) -> Result<Timelapse, String> {
        let moment = |text: &str, field: &str| -> Result<Time, String> {
            crate::parse_time(text.trim()).map_err(|e| format!("{field}: {e}"))
        };
        let from = moment(&self.from, tr("From", lang))?;
        let to = moment(&self.to, tr("To", lang))?;
        let timelapse = Timelapse {
            still: ExportRequest { at: from, ..still },
            from,
            to,
            step: self.step.duration(),
            skip_unchanged: self.skip_unchanged,
            frame_ms: 250,
        };
        timelapse.check().map_err(|e| e.to_string())?;
        Ok(timelapse)
    }
}
