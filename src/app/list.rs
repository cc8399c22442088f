//! Left panel: the corridors grouped by origin, with status, destination and length; filters;
//! and the count of routes by destination side.

use egui::{Color32, RichText, Sense, Ui, vec2};

use super::map_layer::color;
use super::view_state::Filters;
use super::{Action, Snapshot};
use crate::i18n::{country_word, status_word, tr, trf};
use crate::scene::side_color;
use crate::{Corridor, Dataset, Lang, Status, Time};

/// Badge colours for statuses (text on a tinted background).
#[must_use]
pub(crate) fn status_color(status: Option<Status>) -> Color32 {
    match status {
        Some(Status::Operating) => Color32::from_rgb(0x1b, 0x7f, 0x3b),
        Some(Status::Agreed) => Color32::from_rgb(0x1f, 0x5f, 0xa8),
        Some(Status::Proposed) => Color32::from_rgb(0x6b, 0x5b, 0x00),
        Some(Status::Failed) => Color32::from_rgb(0xb0, 0x3a, 0x00),
        Some(Status::Rejected) => Color32::from_rgb(0xa0, 0x10, 0x30),
        Some(Status::Disputed) => Color32::from_rgb(0x6a, 0x3d, 0x9a),
        Some(Status::Closed | Status::Unreported) | None => Color32::from_rgb(0x55, 0x55, 0x55),
    }
}

/// A status badge: one line, whatever the width of the panel (a narrow panel wraps the text
/// around it, never the badge's letters).
pub(crate) fn badge(ui: &mut Ui, status: Option<Status>, lang: Lang) {
    let text = status_word(status, lang);
    let fg = status_color(status);
    ui.add(
        egui::Label::new(
            RichText::new(text)
                .color(fg)
                .background_color(fg.gamma_multiply(0.12))
                .small(),
        )
        .extend(),
    );
}

/// A small square in the route's colour.
pub(crate) fn chip(ui: &mut Ui, corridor: &Corridor) {
    let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
    ui.painter()
        .rect_filled(rect, 2.0, color(side_color(corridor.side())));
}

/// A row of the corridor list.
enum Row<'a> {
    /// An origin's heading: name, number of routes, whether unfolded.
    Origin(&'a str, usize, bool),
    /// A route, by index.
    Route(usize),
}

/// The corridors shown at `at` through `filters`, grouped by origin (in `lang`, in order of first
/// appearance).
#[must_use]
pub(crate) fn compute_groups(
    data: &Dataset,
    filters: &Filters,
    at: Time,
    lang: Lang,
) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut slot: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, c) in data.corridors.iter().enumerate() {
        if !filters.passes(c, at) {
            continue;
        }
        let origin = c.origin.get(lang);
        match slot.get(origin) {
            Some(&k) => groups[k].1.push(i),
            None => {
                slot.insert(origin, groups.len());
                groups.push((origin.to_owned(), vec![i]));
            }
        }
    }
    groups
}

/// Sentences counting routes into Russia or Belarus: among the routes of the largest
/// announcement (the six routes for 7 March 2022 in the embedded data), and in the whole
/// dataset.
#[must_use]
pub(crate) fn side_summary(data: &Dataset, lang: Lang) -> Vec<String> {
    let mut groups: Vec<(&str, usize)> = Vec::new();
    for name in data
        .corridors
        .iter()
        .filter_map(|c| c.announcement.as_ref().map(crate::Text::en))
    {
        match groups.iter_mut().find(|(g, _)| *g == name) {
            Some((_, n)) => *n += 1,
            None => groups.push((name, 1)),
        }
    }
    let mut out = Vec::new();
    if let Some((name, _)) = groups.iter().max_by_key(|(_, n)| *n) {
        let (hostile, all) = data.count_into_russia_or_belarus(|c| {
            c.announcement.as_ref().map(crate::Text::en) == Some(*name)
        });
        let shown = data
            .corridors
            .iter()
            .filter_map(|c| c.announcement.as_ref())
            .find(|a| a.en() == *name)
            .map_or(*name, |a| a.get(lang));
        out.push(trf(
            "{hostile} of {all} routes in the {name} lead to Russia or Belarus",
            lang,
            &[
                ("hostile", hostile.to_string()),
                ("all", all.to_string()),
                ("name", shown.to_owned()),
            ],
        ));
    }
    let (hostile, all) = data.count_into_russia_or_belarus(|_| true);
    out.push(trf(
        "{hostile} of {all} routes in the dataset lead to Russia or Belarus",
        lang,
        &[("hostile", hostile.to_string()), ("all", all.to_string())],
    ));
    out
}

/// Shows the panel.
pub(crate) fn show(ui: &mut Ui, s: &Snapshot<'_>, out: &mut Vec<Action>) {
    let lang = s.lang();
    ui.heading(tr("Corridors", lang));
    for line in s.derived.side_summary() {
        ui.label(RichText::new(line).strong());
    }
    ui.add_space(4.0);
    filters(ui, s, out);
    ui.separator();
    // One row per origin heading and per route, all the same height, so only the rows in view
    // are laid out, and only they are listed: a list of 100,000 routes costs little more per
    // frame than one of 20.
    let groups = s.derived.groups();
    let open = |origin: &str| !s.ui.collapsed(origin);
    let count = row_count(groups, open);
    let row_height = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 6.0;
    // Everything is laid out for a screen reader (up to `ALL_ROWS_FOR_ACCESSKIT`), so that every
    // route is in the accessibility tree, the selected one included.
    let every_row = super::access::enabled(ui.ctx()) && count <= ALL_ROWS_FOR_ACCESSKIT;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            ui.set_height(row_height * count as f32);
            let range = if every_row {
                0..count
            } else {
                rows_in_view(viewport, row_height, count)
            };
            let top = ui.min_rect().top();
            for (k, row) in rows_between(groups, open, range) {
                let y = top + row_height * k as f32;
                let rect = egui::Rect::from_min_size(
                    egui::pos2(ui.min_rect().left(), y),
                    vec2(ui.available_width(), row_height),
                );
                ui.scope_builder(egui::UiBuilder::new().max_rect(rect), |ui| match row {
                    Row::Origin(origin, n, open) => origin_row(ui, origin, n, open, lang, out),
                    Row::Route(i) => route_row(ui, s, i, row_height, out),
                });
            }
        });
}

/// The list's rows: a heading per origin, then its routes if `open`.
fn row_count(groups: &[(String, Vec<usize>)], open: impl Fn(&str) -> bool) -> usize {
    groups
        .iter()
        .map(|(origin, ids)| if open(origin) { 1 + ids.len() } else { 1 })
        .sum()
}

/// The rows numbered `range` of the list, each with its number.
fn rows_between<'a>(
    groups: &'a [(String, Vec<usize>)],
    open: impl Fn(&str) -> bool,
    range: std::ops::Range<usize>,
) -> Vec<(usize, Row<'a>)> {
    let mut rows = Vec::with_capacity(range.len());
    // The number of the group's heading.
    let mut first = 0;
    for (origin, ids) in groups {
        if first >= range.end {
            break;
        }
        let open = open(origin);
        let shown = if open { ids.len() } else { 0 };
        if range.contains(&first) {
            rows.push((first, Row::Origin(origin, ids.len(), open)));
        }
        // The routes' rows in `range`, as positions among the group's routes.
        let lo = range.start.saturating_sub(first + 1).min(shown);
        let hi = range.end.saturating_sub(first + 1).min(shown);
        let routes = ids.get(lo..hi).unwrap_or_default().iter().enumerate();
        rows.extend(routes.map(|(j, &i)| (first + 1 + lo + j, Row::Route(i))));
        first += 1 + shown;
    }
    rows
}

/// Above this many rows the list lays out only the rows near the view even for a screen reader.
const ALL_ROWS_FOR_ACCESSKIT: usize = 5_000;

/// The rows in `viewport` (relative to the list's top), with one more above and below, so that
/// Tab moves from the last row shown to the next one, which then scrolls into view.
fn rows_in_view(viewport: egui::Rect, row_height: f32, rows: usize) -> std::ops::Range<usize> {
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "row positions are small and clamped at zero"
    )]
    let at = |y: f32| (y / row_height).max(0.0) as usize;
    let first = at(viewport.min.y).saturating_sub(1);
    let last = (at(viewport.max.y) + 2).min(rows);
    first.min(last)..last
}

fn origin_row(ui: &mut Ui, origin: &str, n: usize, open: bool, lang: Lang, out: &mut Vec<Action>) {
    let arrow = if open { "▾" } else { "▸" };
    let text = trf(
        "From {origin} ({n})",
        lang,
        &[("origin", origin.to_owned()), ("n", n.to_string())],
    );
    let response = ui.button(RichText::new(format!("{arrow} {text}")).strong());
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_label(text.clone());
        node.set_expanded(open);
    });
    if response.gained_focus() {
        response.scroll_to_me(None);
    }
    if response.clicked() {
        out.push(Action::ToggleOrigin(origin.to_owned()));
    }
}

/// What a route row says after its name: "→ Belarus · 273 km".
fn route_detail(c: &Corridor, lang: Lang) -> String {
    trf(
        if c.is_schematic() {
            "→ {country} · {km} km in a straight line"
        } else {
            "→ {country} · {km} km"
        },
        lang,
        &[
            ("country", country_word(&c.destination_country, lang)),
            ("km", format!("{:.0}", c.length_km)),
        ],
    )
}

/// A route: one control the height of the row (chip, name, status badge, destination and
/// length), read by a screen reader as one line: "Kyiv → Gomel, rejected, → Belarus · 273 km".
/// A name too long for the panel ends in "…" and is shown whole on hover.
fn route_row(ui: &mut Ui, s: &Snapshot<'_>, i: usize, height: f32, out: &mut Vec<Action>) {
    let lang = s.lang();
    let c = &s.dataset().corridors[i];
    let selected = s.view.selected() == Some(i);
    let status = c.status_at(s.view.at());
    let name = c.name.get(lang);
    let detail = route_detail(c, lang);
    let (rect, response) =
        ui.allocate_exact_size(vec2(ui.available_width(), height), Sense::click());
    let label = format!("{name}, {}, {detail}", status_word(status, lang));
    response.widget_info(|| {
        egui::WidgetInfo::selected(egui::Role::ListItem, true, selected, label.clone())
    });
    ui.ctx().accesskit_node_builder(response.id, |node| {
        node.set_selected(selected);
    });
    // Tab reached a row at the edge of the view (laid out one beyond it): bring it in.
    if response.gained_focus() {
        response.scroll_to_me(None);
    }
    let cut = paint_route_row(ui, rect, &response, c, selected, status, &detail, lang);
    let response = if cut {
        response.on_hover_text(name)
    } else {
        response
    };
    if response.clicked() {
        out.push(Action::Select {
            index: if selected { None } else { Some(i) },
            fit: true,
        });
    }
}

/// Text laid out on one line, cut with "…" at `width`.
fn one_line(
    ui: &Ui,
    text: &str,
    font: egui::FontId,
    color: Color32,
    width: f32,
) -> std::sync::Arc<egui::Galley> {
    let mut job = egui::text::LayoutJob::simple_singleline(text.to_owned(), font, color);
    job.wrap = egui::text::TextWrapping::truncate_at_width(width);
    ui.fonts_mut(|f| f.layout_job(job))
}

/// Paints a route's row; returns whether its name was cut with "…" to fit.
#[expect(
    clippy::too_many_arguments,
    reason = "one row's parts, painted together"
)]
fn paint_route_row(
    ui: &Ui,
    rect: egui::Rect,
    response: &egui::Response,
    c: &Corridor,
    selected: bool,
    status: Option<Status>,
    detail: &str,
    lang: Lang,
) -> bool {
    let visuals = ui.style().interact_selectable(response, selected);
    let painter = ui.painter_at(rect);
    if selected || response.hovered() || response.has_focus() {
        painter.rect_filled(rect.shrink(1.0), 3.0, visuals.weak_bg_fill);
    }
    if response.has_focus() {
        let stroke = egui::Stroke::new(2.0, ui.visuals().selection.stroke.color);
        painter.rect_stroke(rect.shrink(1.0), 3.0, stroke, egui::StrokeKind::Inside);
    }
    let line = rect.height() / 2.0;
    let chip = egui::Rect::from_center_size(
        egui::pos2(rect.left() + 14.0, rect.top() + line / 2.0 + 2.0),
        vec2(12.0, 12.0),
    );
    painter.rect_filled(chip, 2.0, color(side_color(c.side())));
    let body = egui::TextStyle::Body.resolve(ui.style());
    let name = one_line(
        ui,
        c.name.get(lang),
        body,
        visuals.text_color(),
        (rect.width() - 34.0).max(10.0),
    );
    let cut = name.elided;
    painter.galley(
        egui::pos2(rect.left() + 26.0, rect.top() + 3.0),
        name,
        visuals.text_color(),
    );
    // The badge never wraps: it is laid out on one line and the detail takes what is left.
    let small = egui::TextStyle::Small.resolve(ui.style());
    let fg = status_color(status);
    let word = one_line(
        ui,
        status_word(status, lang),
        small.clone(),
        fg,
        f32::INFINITY,
    );
    let badge_min = egui::pos2(rect.left() + 26.0, rect.top() + line + 1.0);
    let badge = egui::Rect::from_min_size(badge_min, word.size() + vec2(6.0, 2.0));
    // On an opaque ground, so that the badge reads the same on a selected (coloured) row.
    painter.rect_filled(badge, 2.0, ui.visuals().extreme_bg_color);
    painter.rect_filled(badge, 2.0, fg.gamma_multiply(0.12));
    painter.galley(badge_min + vec2(3.0, 1.0), word, fg);
    let rest = (rect.right() - badge.right() - 8.0).max(10.0);
    let detail = one_line(ui, detail, small, ui.visuals().weak_text_color(), rest);
    painter.galley(
        egui::pos2(badge.right() + 6.0, badge_min.y + 1.0),
        detail,
        ui.visuals().weak_text_color(),
    );
    cut
}

/// The filters by status and destination country.
pub(crate) fn filters(ui: &mut Ui, s: &Snapshot<'_>, out: &mut Vec<Action>) {
    let lang = s.lang();
    let filters = s.view.filters();
    egui::CollapsingHeader::new(tr("Filters", lang))
        .id_salt("filters")
        .show(ui, |ui| {
            ui.label(tr("Status", lang));
            ui.horizontal_wrapped(|ui| {
                for status in Status::ALL {
                    let mut shown = !filters.hides_status(status);
                    if ui
                        .checkbox(&mut shown, status_word(Some(status), lang))
                        .changed()
                    {
                        out.push(Action::ToggleStatus(status));
                    }
                }
            });
            ui.label(tr("Destination country", lang));
            ui.horizontal_wrapped(|ui| {
                for cc in s.dataset().destination_countries() {
                    let mut shown = !filters.hides_country(cc);
                    if ui.checkbox(&mut shown, country_word(cc, lang)).changed() {
                        out.push(Action::ToggleCountry(cc.to_owned()));
                    }
                }
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_too_long_for_its_row_is_cut_and_says_so() {
        let ctx = egui::Context::default();
        let mut cut = (true, false);
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let font = egui::TextStyle::Body.resolve(ui.style());
            let short = one_line(ui, "Kyiv → Gomel", font.clone(), Color32::WHITE, 300.0);
            let long = one_line(
                ui,
                &"Mariupol → Zaporizhzhia ".repeat(10),
                font,
                Color32::WHITE,
                300.0,
            );
            cut = (short.elided, long.elided);
            assert!(long.size().x <= 300.5, "{}", long.size().x);
        });
        output.textures_delta.clear();
        assert_eq!(cut, (false, true));
    }

    #[test]
    fn the_rows_laid_out_reach_one_beyond_the_view_on_each_side_so_tab_can_go_on() {
        let view = |top: f32, bottom: f32| {
            egui::Rect::from_min_max(egui::pos2(0.0, top), egui::pos2(100.0, bottom))
        };
        // Rows of 10 px; the view shows rows 3–6 (30–65 px): 2 and 7 are laid out too.
        assert_eq!(rows_in_view(view(30.0, 65.0), 10.0, 100), 2..8);
        assert_eq!(rows_in_view(view(0.0, 35.0), 10.0, 100), 0..5);
        assert_eq!(rows_in_view(view(950.0, 1000.0), 10.0, 100), 94..100);
        assert_eq!(rows_in_view(view(0.0, 100.0), 10.0, 3), 0..3);
    }

    #[test]
    fn the_rows_in_a_range_are_those_of_the_whole_list_there() {
        let groups: Vec<(String, Vec<usize>)> = vec![
            ("A".into(), vec![0, 1, 2]),
            ("B".into(), vec![3]),
            ("C".into(), vec![4, 5]),
            ("D".into(), vec![]),
        ];
        let open = |origin: &str| origin != "B";
        let label = |row: &Row<'_>| match row {
            Row::Origin(origin, n, open) => format!("{origin}{n}{}", if *open { "+" } else { "-" }),
            Row::Route(i) => format!("r{i}"),
        };
        let whole: Vec<String> = ["A3+", "r0", "r1", "r2", "B1-", "C2+", "r4", "r5", "D0+"]
            .map(String::from)
            .into();
        assert_eq!(row_count(&groups, open), whole.len());
        for start in 0..=whole.len() {
            for end in start..=whole.len() + 2 {
                let rows = rows_between(&groups, open, start..end);
                let got: Vec<(usize, String)> = rows.iter().map(|(k, r)| (*k, label(r))).collect();
                let want: Vec<(usize, String)> = whole
                    .iter()
                    .cloned()
                    .enumerate()
                    .skip(start)
                    .take(end - start)
                    .collect();
                assert_eq!(got, want, "rows {start}..{end}");
            }
        }
    }
}
