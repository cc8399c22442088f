//! The furniture of an exported map: title, legend, scale bar, north note and attribution,
//! drawn over the map in the same style as the window.

use super::scalebar::{distance_label, scale_bar};
use crate::Lang;
use crate::canvas::{Canvas, Pen, polyline};
use crate::i18n::{legend_word, tr};
use crate::ink::{Anchor, Rgba};
use crate::raster::TextStyle;
use crate::scene::{LegendEntry, LegendKey, legend};
use crate::typeface::{Face, ellipsize, measure};

const PANEL: Rgba = Rgba(255, 255, 255, 232);
const INK: Rgba = Rgba::hex(0x1a1a1a);
const MUTED: Rgba = Rgba::hex(0x555555);

fn style(size: f32, color: Rgba, face: Face) -> TextStyle {
    TextStyle {
        size,
        color,
        face,
        halo: None,
    }
}

/// Height of the title block for `lines` lines under the heading, at density `s`.
fn title_height(s: f32, lines: usize) -> f32 {
    let (pad, head, body) = (14.0 * s, 24.0 * s, 14.0 * s);
    #[expect(clippy::cast_precision_loss, reason = "a title has a handful of lines")]
    let lines = lines as f32;
    pad * 2.0 + head * 1.2 + lines * body * 1.45
}

/// The part of a `w` × `h` frame (device px, density `s`) that no panel covers, as
/// `[x0, y0, x1, y1]`: below the title block (with `lines` lines), right of the legend column
/// (as wide as the widest legend the frame could need), above the attribution strip and the
/// scale box. A route fitted into it is never hidden by the frame's furniture.
pub(crate) fn free_area(w: f32, h: f32, s: f32, lines: usize, lang: Lang) -> [f32; 4] {
    let margin = 12.0 * s;
    let legend_width = legend()
        .iter()
        .map(|e| measure(legend_word(e.key, lang), 13.0 * s, Face::Regular))
        .fold(0.0, f32::max)
        + 34.0 * s
        + 30.0 * s;
    let top = margin + title_height(s, lines) + 8.0 * s;
    let left = margin + legend_width + 8.0 * s;
    // The attribution strip (24), the scale box (52) and their gaps.
    let bottom = h - (24.0 + 10.0 + 52.0 + 8.0) * s;
    [
        left,
        top,
        (w - margin).max(left + 1.0),
        bottom.max(top + 1.0),
    ]
}

/// The title block's lines as drawn: the heading, cut with "…" to fit before `right` (px), and
/// the lines under it, each wrapped at spaces onto up to three lines when too long (the status
/// and who reported it must be read whole on a narrow frame) and cut with "…" only beyond that.
fn title_lines(s: f32, heading: &str, lines: &[String], right: f32) -> (String, Vec<String>) {
    let pad = 14.0 * s;
    // However long a name, the block stays inside its room (and costs no more to lay out).
    let room = (right - 24.0 * s - 2.0 * pad).max(0.0);
    let heading = ellipsize(heading, 24.0 * s, Face::Bold, room).into_owned();
    let size = 14.0 * s;
    let mut out = Vec::with_capacity(lines.len());
    let indent = "   ";
    for line in lines {
        // Up to three lines each, broken at spaces; the third cut with "…" if still too long.
        let mut rest: &str = line;
        for part in 0..3 {
            let lead = if part == 0 { "" } else { indent };
            let width = room - measure(lead, size, Face::Regular);
            if measure(rest, size, Face::Regular) <= width || part == 2 {
                out.push(format!(
                    "{lead}{}",
                    ellipsize(rest, size, Face::Regular, width)
                ));
                break;
            }
            let fits = ellipsize(rest, size, Face::Regular, width);
            let head = fits.trim_end_matches('…');
            let Some(at) = head.rfind(' ').filter(|&at| at > 0) else {
                out.push(format!("{lead}{fits}"));
                break;
            };
            out.push(format!("{lead}{}", head[..at].trim_end()));
            rest = rest[at..].trim_start();
        }
    }
    (heading, out)
}

/// How many lines the title block has under its heading once wrapped before `right`.
pub(crate) fn title_line_count(s: f32, heading: &str, lines: &[String], right: f32) -> usize {
    title_lines(s, heading, lines, right).1.len()
}

/// The box the title block takes (`[x0, y0, x1, y1]`).
pub(crate) fn title_rect(s: f32, heading: &str, lines: &[String], right: f32) -> [f32; 4] {
    let (heading, lines) = title_lines(s, heading, lines, right);
    let width = lines
        .iter()
        .map(|l| measure(l, 14.0 * s, Face::Regular))
        .fold(measure(&heading, 24.0 * s, Face::Bold), f32::max)
        + 2.0 * 14.0 * s;
    let height = title_height(s, lines.len());
    [12.0 * s, 12.0 * s, 12.0 * s + width, 12.0 * s + height]
}

/// Title block at the top left, ending before `right` (px): a bold title and lines under it.
/// Returns its height.
pub(super) fn title(
    canvas: &mut dyn Canvas,
    s: f32,
    heading: &str,
    lines: &[String],
    right: f32,
) -> f32 {
    let pad = 14.0 * s;
    let head = 24.0 * s;
    let body = 14.0 * s;
    let [x0, y0, x1, y1] = title_rect(s, heading, lines, right);
    let (heading, lines) = title_lines(s, heading, lines, right);
    let heading = heading.as_str();
    let height = y1 - y0;
    canvas.rect([x0, y0, x1 - x0, height], PANEL);
    let x = 12.0 * s + pad;
    let mut y = 12.0 * s + pad + head * 0.6;
    canvas.text(heading, [x, y], Anchor::Left, style(head, INK, Face::Bold));
    y += head * 0.6 + body * 0.95;
    for line in &lines {
        canvas.text(
            line,
            [x, y],
            Anchor::Left,
            style(body, MUTED, Face::Regular),
        );
        y += body * 1.45;
    }
    height
}

/// The legend's rows: the classes in `shown`, in the legend's order.
fn legend_entries(shown: &[LegendKey]) -> Vec<LegendEntry> {
    legend()
        .into_iter()
        .filter(|e| shown.contains(&e.key))
        .collect()
}

/// The box the legend takes above `bottom`; `None` when it shows no class.
pub(crate) fn legend_rect(
    s: f32,
    bottom: f32,
    lang: Lang,
    shown: &[LegendKey],
) -> Option<[f32; 4]> {
    let entries = legend_entries(shown);
    if entries.is_empty() {
        return None;
    }
    let (row, sample, pad) = (20.0 * s, 34.0 * s, 10.0 * s);
    let width = entries
        .iter()
        .map(|e| measure(legend_word(e.key, lang), 13.0 * s, Face::Regular))
        .fold(0.0, f32::max)
        + sample
        + 3.0 * pad;
    #[expect(clippy::cast_precision_loss, reason = "a legend has a dozen rows")]
    let height = entries.len() as f32 * row + 2.0 * pad + row;
    let (x0, y0) = (12.0 * s, bottom - height - 10.0 * s);
    Some([x0, y0, x0 + width, y0 + height])
}

/// Legend at the bottom left, above the attribution strip: only the classes in `shown`, in the
/// legend's order (nothing when the frame shows no route).
pub(crate) fn legend_box(
    canvas: &mut dyn Canvas,
    s: f32,
    bottom: f32,
    lang: Lang,
    shown: &[LegendKey],
) {
    let entries = legend_entries(shown);
    let Some([x0, y0, x1, y1]) = legend_rect(s, bottom, lang, shown) else {
        return;
    };
    let size = 13.0 * s;
    let row = 20.0 * s;
    let sample = 34.0 * s;
    let pad = 10.0 * s;
    canvas.rect([x0, y0, x1 - x0, y1 - y0], PANEL);
    canvas.text(
        tr("Legend", lang),
        [x0 + pad, y0 + pad + row * 0.5],
        Anchor::Left,
        style(size, INK, Face::Bold),
    );
    for (i, e) in entries.iter().enumerate() {
        #[expect(
            clippy::cast_precision_loss,
            reason = "frame sides are at most 16,384 px"
        )]
        let y = y0 + pad + row * (i as f32 + 1.5);
        let a = [x0 + pad, y];
        let b = [x0 + pad + sample, y];
        let dash = e.style.dash.map(|[on, off]| [on * s, off * s]);
        polyline(
            canvas,
            &[a, b],
            &Pen::line(e.color.with_alpha(e.style.alpha), e.style.width * s, dash),
        );
        if e.style.crossed {
            // The × the map puts on failed, rejected and disputed routes, as the window's legend.
            let (c, d) = ([(a[0] + b[0]) / 2.0, y], 4.0 * s);
            for sign in [1.0, -1.0] {
                polyline(
                    canvas,
                    &[[c[0] - d, c[1] - sign * d], [c[0] + d, c[1] + sign * d]],
                    &Pen::line(INK, 2.0 * s, None),
                );
            }
        }
        canvas.text(
            legend_word(e.key, lang),
            [b[0] + pad, y],
            Anchor::Left,
            style(size, INK, Face::Regular),
        );
    }
}

/// The box the scale bar and north note take in a frame `w` px wide, above `bottom`.
pub(crate) fn scale_rect(
    w: f32,
    s: f32,
    bottom: f32,
    metres_per_device_px: f64,
    lang: Lang,
) -> [f32; 4] {
    let (_, px) = scale_bar(metres_per_device_px, f64::from(160.0 * s));
    #[expect(
        clippy::cast_possible_truncation,
        reason = "frame sides are at most 16,384 px"
    )]
    let px = px as f32;
    let note = tr("North is up · Web Mercator", lang);
    let width = px.max(measure(note, 12.0 * s, Face::Regular)) + 2.0 * 10.0 * s;
    let height = 52.0 * s;
    let right = w - 12.0 * s;
    let (x0, y0) = (right - width, bottom - height - 10.0 * s);
    [x0, y0, right, y0 + height]
}

/// Scale bar and north note at the bottom right, above the attribution strip.
pub(crate) fn scale_box(
    canvas: &mut dyn Canvas,
    s: f32,
    bottom: f32,
    metres_per_device_px: f64,
    lang: Lang,
) {
    let (metres, px) = scale_bar(metres_per_device_px, f64::from(160.0 * s));
    #[expect(
        clippy::cast_possible_truncation,
        reason = "frame sides are at most 16,384 px"
    )]
    let px = px as f32;
    let label = distance_label(metres, lang);
    let note = tr("North is up · Web Mercator", lang);
    let size = 12.0 * s;
    let pad = 10.0 * s;
    let w = canvas.size()[0];
    let [x0, y0, x1, y1] = scale_rect(w, s, bottom, metres_per_device_px, lang);
    canvas.rect([x0, y0, x1 - x0, y1 - y0], PANEL);
    let y = y0 + pad + 12.0 * s;
    let (a, b) = ([x0 + pad, y], [x0 + pad + px, y]);
    polyline(canvas, &[a, b], &Pen::line(INK, 3.0 * s, None));
    for end in [a, b] {
        polyline(
            canvas,
            &[[end[0], y - 5.0 * s], [end[0], y + 5.0 * s]],
            &Pen::line(INK, 1.5 * s, None),
        );
    }
    canvas.text(
        &label,
        [x0 + pad + px / 2.0, y - 11.0 * s],
        Anchor::Center,
        style(size, INK, Face::Bold),
    );
    canvas.text(
        note,
        [x0 + pad, y + 20.0 * s],
        Anchor::Left,
        style(size * 0.9, MUTED, Face::Regular),
    );
}

/// The height of the attribution strip along the bottom edge.
pub(crate) fn attribution_height(s: f32) -> f32 {
    24.0 * s
}

/// Whether the attribution and the view code fit side by side in a frame `w` px wide; when not,
/// the strip has two rows, the attribution above the code, so that neither the credit the
/// licences ask for nor the code is cut.
fn footer_fits(w: f32, s: f32, line: &str, code: &str) -> bool {
    let size = 11.5 * s;
    measure(line, size, Face::Regular) + measure(code, size, Face::Bold) + 32.0 * s <= w
}

/// The height of the attribution strip in a frame `w` px wide (one row or two).
pub(crate) fn footer_height(w: f32, s: f32, line: &str, code: &str) -> f32 {
    if footer_fits(w, s, line, code) {
        attribution_height(s)
    } else {
        attribution_height(s) + 16.0 * s
    }
}

/// Attribution strip along the bottom edge, with the view code at its right end, or under
/// the attribution on a narrow frame; a credit too long even for a row of its own is cut with
/// "…". Returns its top.
pub(crate) fn attribution(canvas: &mut dyn Canvas, s: f32, line: &str, code: &str) -> f32 {
    let size = 11.5 * s;
    let [w, h] = canvas.size();
    let height = footer_height(w, s, line, code);
    canvas.rect([0.0, h - height, w, height], PANEL);
    let bottom_row = h - attribution_height(s) / 2.0;
    canvas.text(
        code,
        [w - 8.0 * s, bottom_row],
        Anchor::Right,
        style(size, INK, Face::Bold),
    );
    let (y, room) = if footer_fits(w, s, line, code) {
        (bottom_row, w - 32.0 * s - measure(code, size, Face::Bold))
    } else {
        (bottom_row - 16.0 * s, w - 16.0 * s)
    };
    canvas.text(
        &ellipsize(line, size, Face::Regular, room.max(0.0)),
        [8.0 * s, y],
        Anchor::Left,
        style(size, MUTED, Face::Regular),
    );
    h - height
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_title_line_wraps_at_spaces_so_its_end_is_read_and_only_a_third_line_is_cut() {
        let status = "Status on 8 March 2022, 12:00 (UTC+02:00): rejected".to_owned();
        let long = "According to: Office of the President of Ukraine; Iryna Vereshchuk, Deputy Prime Minister of Ukraine, 7 March 2022 (Reuters, AFP (via News18)) and many more words that cannot all fit".to_owned();
        let (_, lines) = title_lines(1.0, "Kyiv → Gomel", &[status, long], 360.0);
        assert!(lines.len() >= 4, "{lines:?}");
        assert!(
            lines
                .iter()
                .any(|l| l.trim() == "rejected" || l.ends_with("rejected")),
            "{lines:?}"
        );
        assert!(!lines[0].ends_with('…'), "{lines:?}");
        assert!(lines.last().unwrap().ends_with('…'), "{lines:?}");
        let room = 360.0 - 24.0 - 28.0;
        for line in &lines {
            assert!(measure(line, 14.0, Face::Regular) <= room + 0.01, "{line}");
        }
        assert_eq!(
            title_line_count(1.0, "Kyiv → Gomel", &["short".into()], 360.0),
            1
        );
    }
}
