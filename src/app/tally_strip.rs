//! The tally strip under the timeline: for each day, the officials' own count of corridors
//! announced, worked and failed, and of people moved, as each claimant gave it. The shown day is
//! outlined; clicking a day moves the timeline there and shows only the corridors with an event
//! that day (click it again, or "All days", to show every corridor).

use egui::{Color32, RichText, Sense, Stroke, Ui, vec2};

use super::list::status_color;
use super::{Action, Snapshot};
use crate::i18n::{date, tr, trf};
use crate::{Status, Tally, tally_days};

/// Width of one day's cell, in points.
const CELL: f32 = 22.0;
/// Height of the strip's bars, in points.
const HEIGHT: f32 = 22.0;

/// One claimant's tally in words: "Iryna Vereshchuk: 9 of 14 worked, 5 failed, 7,144 people".
fn describe(tally: &Tally, lang: crate::Lang) -> String {
    let mut parts = Vec::new();
    match (tally.worked, tally.announced) {
        (Some(worked), Some(announced)) => parts.push(trf(
            "{worked} of {announced} corridors worked",
            lang,
            &[
                ("worked", worked.to_string()),
                ("announced", announced.to_string()),
            ],
        )),
        (Some(worked), None) => parts.push(trf(
            "{worked} corridors worked",
            lang,
            &[("worked", worked.to_string())],
        )),
        (None, Some(announced)) => parts.push(trf(
            "{announced} corridors announced",
            lang,
            &[("announced", announced.to_string())],
        )),
        (None, None) => {}
    }
    if let Some(failed) = tally.failed {
        parts.push(trf("{n} failed", lang, &[("n", failed.to_string())]));
    }
    if let Some(people) = &tally.people {
        parts.push(trf("{n} people", lang, &[("n", people.describe())]));
    }
    let who = tally.claimed_by.get(lang);
    let sources: Vec<&str> = tally.sources.iter().map(|s| s.publisher.as_str()).collect();
    format!("{who}: {} [{}]", parts.join(", "), sources.join("; "))
}

/// The strip, for the top bar.
pub(crate) fn strip(ui: &mut Ui, s: &Snapshot<'_>, out: &mut Vec<Action>) {
    let Some((start, end)) = s.model.span() else {
        return;
    };
    let days = tally_days(&s.dataset().tallies);
    if days.is_empty() {
        return;
    }
    let lang = s.lang();
    let shown = crate::clock::two_clocks(s.view.at()).kyiv.date_naive();
    let most = days
        .iter()
        .flat_map(|d| d.tallies.iter().filter_map(|t| t.announced.or(t.worked)))
        .max()
        .unwrap_or(1)
        .max(1);
    let mut chosen = None;
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr("Corridors that worked, by day:", lang)).small());
        // The filter and its way out come before the days, so that they stay in view however
        // many days the strip scrolls through.
        if let Some(day) = s.view.filters().day() {
            let label = trf(
                "Only corridors with an event on {day}",
                lang,
                &[("day", day.format("%Y-%m-%d").to_string())],
            );
            ui.label(RichText::new(label).small());
            if ui.small_button(tr("All days", lang)).clicked() {
                out.push(Action::AllDays);
            }
        }
        egui::ScrollArea::horizontal()
            .id_salt("koridor-tally-strip")
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = 2.0;
                    let mut day = start.date_naive();
                    while day <= end.date_naive() {
                        let of_day = days.iter().find(|d| d.date == day);
                        if let Some(clicked) = cell(ui, day, of_day, most, shown, lang) {
                            chosen = Some(clicked);
                        }
                        let Some(next) = day.succ_opt() else { break };
                        day = next;
                    }
                });
            });
    });
    if let Some(day) = chosen {
        out.push(Action::ChooseDay(day));
    }
}

/// One day's cell: bars for worked (green) and failed (red) against announced (outline), an
/// outline on the shown day; returns the day when clicked.
fn cell(
    ui: &mut Ui,
    day: chrono::NaiveDate,
    of_day: Option<&crate::TallyDay<'_>>,
    most: u64,
    shown: chrono::NaiveDate,
    lang: crate::Lang,
) -> Option<chrono::NaiveDate> {
    let (rect, response) = ui.allocate_exact_size(vec2(CELL, HEIGHT), Sense::click());
    // Built only when asked for (accessibility tree, tooltip), not for every cell every frame.
    let name = || {
        let text = of_day.map_or_else(
            || tr("no tally given", lang).to_owned(),
            |d| {
                d.tallies
                    .iter()
                    .map(|t| describe(t, lang))
                    .collect::<Vec<_>>()
                    .join("\n")
            },
        );
        format!("{}: {text}", date_of(day, lang))
    };
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name()));
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 2.0, visuals.extreme_bg_color);
    // The first tally of the day that counts corridors is drawn; the tooltip lists them all.
    if let Some(t) = of_day.and_then(|d| d.tallies.iter().find(|t| t.worked.is_some())) {
        #[expect(clippy::cast_precision_loss, reason = "tallies are small counts")]
        let h = |n: u64| (n as f32 / most as f32) * (HEIGHT - 4.0);
        let worked = t.worked.unwrap_or(0);
        let failed = t
            .failed
            .or_else(|| t.announced.map(|a| a.saturating_sub(worked)))
            .unwrap_or(0);
        let bottom = rect.bottom() - 2.0;
        let bar = |from: f32, height: f32, color: Color32| {
            if height > 0.0 {
                let top_left = egui::pos2(rect.left() + 4.0, from - height);
                let bottom_right = egui::pos2(rect.right() - 4.0, from);
                painter.rect_filled(egui::Rect::from_min_max(top_left, bottom_right), 1.0, color);
            }
        };
        // The badge colours of "operating" and "failed", so the strip reads like the list.
        bar(bottom, h(worked), status_color(Some(Status::Operating)));
        bar(
            bottom - h(worked),
            h(failed),
            status_color(Some(Status::Failed)),
        );
    } else if of_day.is_some() {
        // A tally of people only: a dot.
        painter.circle_filled(rect.center(), 2.5, visuals.strong_text_color());
    }
    if day == shown {
        painter.rect_stroke(
            rect,
            2.0,
            Stroke::new(2.0, visuals.strong_text_color()),
            egui::StrokeKind::Inside,
        );
    }
    let clicked = response.clicked();
    response.on_hover_ui(|ui| {
        ui.label(name());
    });
    clicked.then_some(day)
}

fn date_of(day: chrono::NaiveDate, lang: crate::Lang) -> String {
    match day
        .and_hms_opt(12, 0, 0)
        .map(|t| t.and_utc().fixed_offset())
    {
        Some(t) => date(t, "%-d %b %Y", lang),
        None => day.to_string(),
    }
}
