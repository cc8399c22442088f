//! Right panel with no selection: per destination country, its routes and their share, and the
//! criticism of routes that end there, with who said it, when, and the source.

use egui::{RichText, Ui};

use std::collections::{HashMap, HashSet};

use super::list::badge;
use super::{Action, Snapshot};
use crate::i18n::{country_word, tr, trf};
use crate::{Dataset, Side};

/// Routes listed per country before the list is cut.
const ROUTES_SHOWN: usize = 40;

/// One destination country's share and the criticism of routes into it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct CountrySummary {
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// The side it is on.
    pub side: Side,
    /// Indices of the routes ending there.
    pub routes: Vec<usize>,
    /// Share of all routes, 0–1.
    pub share: f64,
    /// Criticism of those routes, each once: (corridor index, index in its `criticism`).
    pub criticism: Vec<(usize, usize)>,
}

/// The summaries, Russia and Belarus first, in one pass over the corridors.
#[must_use]
pub(crate) fn summarize(dataset: &Dataset) -> Vec<CountrySummary> {
    let total = dataset.corridors.len().max(1);
    let mut out: Vec<CountrySummary> = Vec::new();
    let mut slot: HashMap<&str, usize> = HashMap::new();
    let mut seen: HashSet<(&str, &str, &str)> = HashSet::new();
    for (i, c) in dataset.corridors.iter().enumerate() {
        let country = c.destination_country.as_str();
        let k = *slot.entry(country).or_insert_with(|| {
            out.push(CountrySummary {
                country: country.to_owned(),
                side: Side::from_country(country),
                routes: Vec::new(),
                share: 0.0,
                criticism: Vec::new(),
            });
            out.len() - 1
        });
        out[k].routes.push(i);
        for (j, q) in c.criticism.iter().enumerate() {
            if seen.insert((country, q.who.en(), q.quote.en())) {
                out[k].criticism.push((i, j));
            }
        }
    }
    for summary in &mut out {
        #[expect(clippy::cast_precision_loss, reason = "route counts are small")]
        let share = summary.routes.len() as f64 / total as f64;
        summary.share = share;
    }
    out.sort_by(|a, b| (a.side, &a.country).cmp(&(b.side, &b.country)));
    out
}

/// Shows the panel.
pub(crate) fn show(ui: &mut Ui, s: &Snapshot<'_>, out: &mut Vec<Action>) {
    let lang = s.lang();
    ui.heading(tr("Destination countries", lang));
    ui.label(
        RichText::new(tr(
            "Select a route on the map or in the list for its details.",
            lang,
        ))
        .small()
        .weak(),
    );
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            super::refugees::show(ui, s);
            for summary in s.derived.countries() {
                ui.separator();
                country(ui, s, summary, out);
            }
        });
}

fn country(ui: &mut Ui, s: &Snapshot<'_>, summary: &CountrySummary, out: &mut Vec<Action>) {
    let lang = s.lang();
    let data = s.dataset();
    let args = [
        ("country", country_word(&summary.country, lang)),
        ("n", summary.routes.len().to_string()),
        ("share", format!("{:.0}", summary.share * 100.0)),
    ];
    let heading = if summary.routes.len() == 1 {
        trf("{country} — {n} route ({share}% of all)", lang, &args)
    } else {
        trf("{country} — {n} routes ({share}% of all)", lang, &args)
    };
    ui.label(RichText::new(heading).strong().size(15.0));
    // A long list is cut: the corridor list on the left has them all.
    for &i in summary.routes.iter().take(ROUTES_SHOWN) {
        let c = &data.corridors[i];
        ui.horizontal(|ui| {
            if ui.link(c.name.get(lang)).clicked() {
                out.push(Action::Select {
                    index: Some(i),
                    fit: true,
                });
            }
            badge(ui, c.status_at(s.view.at()), lang);
        });
    }
    if summary.routes.len() > ROUTES_SHOWN {
        let more = (summary.routes.len() - ROUTES_SHOWN).to_string();
        ui.label(RichText::new(trf("… and {n} more", lang, &[("n", more)])).small());
    }
    if summary.criticism.is_empty() {
        return;
    }
    ui.label(
        RichText::new(trf(
            "Criticism of routes into {country}",
            lang,
            &[("country", country_word(&summary.country, lang))],
        ))
        .underline(),
    );
    for &(i, j) in &summary.criticism {
        let c = &data.corridors[i];
        let q = &c.criticism[j];
        ui.label(RichText::new(format!("“{}”", q.quote.get(lang))).italics());
        let role = q
            .role
            .as_ref()
            .map(|r| format!(", {}", r.get(lang)))
            .unwrap_or_default();
        let sources: Vec<&str> = q
            .sources
            .iter()
            .filter_map(|id| c.source(id).map(|s| s.publisher.as_str()))
            .collect();
        ui.label(
            RichText::new(trf(
                "— {who}{role}, {date} · source: {sources}",
                lang,
                &[
                    ("who", q.who.get(lang).to_owned()),
                    ("role", role),
                    ("date", q.date.to_string()),
                    ("sources", sources.join("; ")),
                ],
            ))
            .small(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn belarus_and_russia_come_first_with_their_criticism() {
        let data = Dataset::embedded().unwrap();
        let summaries = summarize(&data);
        assert_eq!(summaries[0].country, "RU");
        assert_eq!(summaries[1].country, "BY");
        assert!(summaries[0].criticism.iter().any(|&(i, j)| {
            data.corridors[i].criticism[j]
                .who
                .en()
                .contains("Office of the President")
        }));
        let shares: f64 = summaries.iter().map(|s| s.share).sum();
        assert!((shares - 1.0).abs() < 1e-9);
        // The same words recorded on several routes are listed once.
        let quotes: Vec<&str> = summaries[0]
            .criticism
            .iter()
            .map(|&(i, j)| data.corridors[i].criticism[j].quote.en())
            .collect();
        let mut unique = quotes.clone();
        unique.dedup();
        assert_eq!(quotes.len(), unique.len());
    }
}
