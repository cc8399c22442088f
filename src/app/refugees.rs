//! "Where people went": UNHCR's count of people who had left Ukraine, by destination country,
//! for the data date nearest the timeline, beside the number of routes announced to each.

use egui::{Color32, RichText, Sense, Ui, vec2};

use super::Snapshot;
use super::map_layer::color;
use crate::i18n::{country_word, tr, trf};
use crate::scene::side_color;
use crate::{Dataset, Figure, Lang, Qualifier, RefugeeFigures, Side, Time};

/// One bar of the chart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bar {
    /// Country code (or `other_europe`).
    pub code: String,
    /// Display name.
    pub label: String,
    /// People who had gone there.
    pub figure: Figure,
    /// Routes in the dataset announced to end there.
    pub routes: usize,
}

/// The figures nearest `at` (their index in `refugee_figures`) and their bars, largest first.
#[must_use]
pub(crate) fn bars(dataset: &Dataset, at: Time) -> Option<(usize, Vec<Bar>)> {
    let figures = dataset.refugee_figures_near(at)?;
    let index = dataset
        .refugee_figures
        .iter()
        .position(|f| std::ptr::eq(f, figures))?;
    let mut bars: Vec<Bar> = figures
        .by_country
        .iter()
        .map(|(code, figure)| Bar {
            code: code.clone(),
            label: country_word(code, Lang::En),
            figure: *figure,
            routes: dataset
                .corridors
                .iter()
                .filter(|c| &c.destination_country == code)
                .count(),
        })
        .collect();
    bars.sort_by_key(|b| std::cmp::Reverse(b.figure.count));
    Some((index, bars))
}

/// "about 180,000" in `lang`.
#[must_use]
pub(super) fn figure(f: &Figure, lang: Lang) -> String {
    let number = f.grouped();
    match f.qualifier {
        Qualifier::About => trf("about {n}", lang, &[("n", number)]),
        Qualifier::MoreThan => trf("more than {n}", lang, &[("n", number)]),
        Qualifier::Exact => number,
    }
}

fn citation(f: &RefugeeFigures, lang: Lang) -> String {
    let mut out = trf(
        "{publisher} data of {date}",
        lang,
        &[
            ("publisher", f.publisher.clone()),
            ("date", f.as_of.format("%Y-%m-%d").to_string()),
        ],
    );
    if let Some(p) = f.published {
        out.push_str(&trf(
            ", published {date}",
            lang,
            &[("date", p.format("%Y-%m-%d").to_string())],
        ));
    }
    if let Some(r) = &f.reported_by {
        out.push_str(&trf(", reported by {who}", lang, &[("who", r.clone())]));
    }
    out
}

/// Shows the chart.
pub(crate) fn show(ui: &mut Ui, s: &Snapshot<'_>) {
    let lang = s.lang();
    let Some((index, bars)) = s.derived.chart() else {
        return;
    };
    let Some(figures) = s.dataset().refugee_figures.get(*index) else {
        return;
    };
    ui.label(
        RichText::new(tr("Where people went", lang))
            .strong()
            .size(15.0),
    );
    ui.label(
        RichText::new(trf(
            "People who had left Ukraine, by destination · {citation}",
            lang,
            &[("citation", citation(figures, lang))],
        ))
        .small(),
    );
    let max = bars
        .iter()
        .map(|b| b.figure.count)
        .max()
        .unwrap_or(1)
        .max(1);
    let width = (ui.available_width() - 10.0).max(120.0);
    for bar in bars {
        let side = Side::from_country(&bar.code);
        let fill = if side.is_russia_or_belarus() {
            color(side_color(side))
        } else {
            Color32::from_gray(150)
        };
        let routes = match bar.routes {
            0 => String::new(),
            1 => tr(" · 1 route offered", lang).to_owned(),
            n => trf(" · {n} routes offered", lang, &[("n", n.to_string())]),
        };
        ui.label(
            RichText::new(format!(
                "{}: {}{routes}",
                country_word(&bar.code, lang),
                figure(&bar.figure, lang)
            ))
            .small(),
        );
        let (rect, _) = ui.allocate_exact_size(vec2(width, 8.0), Sense::hover());
        #[expect(
            clippy::cast_precision_loss,
            reason = "counts of people are far below 2^24, and the bar is a few hundred px"
        )]
        let share = (bar.figure.count as f32 / max as f32).max(0.004);
        ui.painter().rect_filled(
            egui::Rect::from_min_size(rect.min, vec2(width * share, rect.height())),
            2.0,
            fill,
        );
    }
    if let Some(total) = &figures.total {
        ui.label(RichText::new(trf("In all: {n}", lang, &[("n", figure(total, lang))])).small());
    }
    if let Some(note) = &figures.note {
        ui.label(RichText::new(note).small().weak());
    }
    let (hostile, _) = s.dataset().count_into_russia_or_belarus(|_| true);
    ui.label(
        RichText::new(trf(
            "{n} routes in the dataset were offered into Russia or Belarus.",
            lang,
            &[("n", hostile.to_string())],
        ))
        .small()
        .italics(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_shows_the_8_march_figures_with_belarus_at_453() {
        let data = Dataset::embedded().unwrap();
        let at: Time = "2022-03-08T18:00:00+02:00".parse().unwrap();
        let (index, bars) = bars(&data, at).unwrap();
        assert_eq!(data.refugee_figures[index].as_of.to_string(), "2022-03-08");
        let belarus = bars.iter().find(|b| b.code == "BY").unwrap();
        assert_eq!(belarus.figure.count, 453);
        assert_eq!(belarus.routes, 2);
        assert_eq!(bars[0].code, "PL");
        assert_eq!(bars[0].figure.count, 1_204_000);
    }

    #[test]
    fn the_nearest_data_date_is_used() {
        let data = Dataset::embedded().unwrap();
        let as_of = |at: Time| {
            let (index, _) = bars(&data, at).unwrap();
            data.refugee_figures[index].as_of.to_string()
        };
        // 17 and 23 March are both three days away: the earlier wins a tie.
        let late: Time = "2022-03-20T12:00:00+02:00".parse().unwrap();
        assert_eq!(as_of(late), "2022-03-17");
        let end_of_march: Time = "2022-03-31T12:00:00+03:00".parse().unwrap();
        assert_eq!(as_of(end_of_march), "2022-03-29");
        let azovstal: Time = "2022-05-07T12:00:00+03:00".parse().unwrap();
        assert_eq!(as_of(azovstal), "2022-05-10");
        let early: Time = "2022-03-03T12:00:00+02:00".parse().unwrap();
        assert_eq!(as_of(early), "2022-03-06");
    }
}
