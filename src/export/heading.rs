//! An export's title block in words: the route (or dataset) as heading, and its destination,
//! status, who reported that status and where, proposer and ceasefire window under it.

use super::{ExportRequest, Framing};
use crate::i18n::{country_word, date, status_word, tr, trf, window_text};
use crate::{Dataset, Time};

/// The ceasefire window an export at `at` speaks of: the latest one begun by then, else the first.
fn window_at(c: &crate::Corridor, at: Time) -> Option<&crate::Window> {
    c.ceasefire
        .iter()
        .filter(|w| w.start <= at)
        .max_by_key(|w| w.start)
        .or_else(|| c.ceasefire.first())
}

/// Who reported the status shown, and where: "According to: Ukraine, 7 March 2022 (Reuters)";
/// nothing before the first reported status.
fn source_line(c: &crate::Corridor, request: &ExportRequest) -> Option<String> {
    let accounts = crate::describe::status_accounts(c, request.at, request.lang);
    (!accounts.is_empty()).then(|| {
        trf(
            "According to: {accounts}",
            request.lang,
            &[("accounts", accounts.join("; "))],
        )
    })
}

/// The title and lines under it for an export.
pub(super) fn heading(dataset: &Dataset, request: &ExportRequest) -> (String, Vec<String>) {
    let lang = request.lang;
    let pick = |text: &crate::Text| text.get(lang).to_owned();
    let when = date(request.at, "%-d %B %Y, %H:%M (UTC%:z)", lang);
    match &request.framing {
        Framing::Route(id) => {
            let Some(c) = dataset.corridor(id) else {
                return (String::new(), Vec::new());
            };
            (
                pick(&c.name),
                vec![
                    format!(
                        "{} → {}, {} · {}",
                        pick(&c.origin),
                        pick(&c.destination),
                        country_word(&c.destination_country, lang),
                        trf(
                            if c.is_schematic() {
                                "{km} km in a straight line (direction only: no route was published)"
                            } else {
                                "{km} km"
                            },
                            lang,
                            &[("km", format!("{:.0}", c.length_km))]
                        )
                    ),
                    trf(
                        "Status on {date}: {status}",
                        lang,
                        &[
                            ("date", when),
                            (
                                "status",
                                status_word(c.status_at(request.at), lang).to_owned(),
                            ),
                        ],
                    ),
                    trf(
                        "Proposed by: {who}",
                        lang,
                        &[("who", pick(&c.proposer))],
                    ),
                ]
                .into_iter()
                .chain(source_line(c, request))
                .chain(window_at(c, request.at).map(|w| {
                    trf(
                        "Ceasefire window: {window}",
                        lang,
                        &[("window", window_text(w, lang))],
                    )
                }))
                .collect(),
            )
        }
        Framing::View { .. } => (
            dataset.name.as_ref().map_or_else(
                || tr("Humanitarian corridors", lang).to_owned(),
                |name| name.get(lang).to_owned(),
            ),
            vec![trf("Statuses on {date}", lang, &[("date", when)])],
        ),
    }
}
