//! The view in words: the moment, how many routes are in view by destination and status, and
//! the selected route.

use crate::i18n::{country_word, on_both_clocks, status_word, tr, trf};
use crate::projection::UnitRect;
use crate::scene::RouteIndex;
use crate::{Dataset, Lang, Status, Time};

/// Routes to one destination country: its ISO 3166-1 alpha-2 code, how many, and how many by
/// status (first seen first).
pub type CountryCount = (String, usize, Vec<(Option<Status>, usize)>);

/// Routes in a view, counted by destination country (first seen first) and, within each, by
/// status.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ViewCounts {
    /// All routes counted.
    pub total: usize,
    /// (ISO 3166-1 alpha-2, routes, routes by status).
    pub by_country: Vec<CountryCount>,
}

impl ViewCounts {
    /// Counts the routes `shown` whose box meets `area`, with their statuses at `at`.
    #[must_use]
    pub fn new(
        data: &Dataset,
        index: &RouteIndex,
        area: UnitRect,
        at: Time,
        shown: impl Fn(usize) -> bool,
    ) -> Self {
        let mut counts = Self::default();
        for i in index.in_box(area).into_iter().filter(|&i| shown(i)) {
            let Some(c) = data.corridors.get(i) else {
                continue;
            };
            counts.total += 1;
            let status = c.status_at(at);
            let slot = match counts
                .by_country
                .iter()
                .position(|(cc, _, _)| *cc == c.destination_country)
            {
                Some(k) => k,
                None => {
                    counts
                        .by_country
                        .push((c.destination_country.clone(), 0, Vec::new()));
                    counts.by_country.len() - 1
                }
            };
            let (_, n, statuses) = &mut counts.by_country[slot];
            *n += 1;
            match statuses.iter_mut().find(|(s, _)| *s == status) {
                Some((_, m)) => *m += 1,
                None => statuses.push((status, 1)),
            }
        }
        counts
    }
}

/// The view's text equivalent: "Map at 8 March 2022 12:00 Kyiv time (13:00 Moscow time).
/// Routes in view: 14. Ukraine: 6 (operating 3, agreed 3); … Selected: …". `selected` is the
/// selected route's own text equivalent, if any.
#[must_use]
pub fn describe_view(counts: &ViewCounts, at: Time, selected: Option<&str>, lang: Lang) -> String {
    let mut out = trf(
        "Map at {date}. Routes in view: {n}.",
        lang,
        &[
            ("date", on_both_clocks(at, lang)),
            ("n", counts.total.to_string()),
        ],
    );
    let groups: Vec<String> = counts
        .by_country
        .iter()
        .map(|(cc, n, statuses)| {
            let inner: Vec<String> = statuses
                .iter()
                .map(|(s, m)| format!("{} {m}", status_word(*s, lang)))
                .collect();
            format!("{}: {n} ({})", country_word(cc, lang), inner.join(", "))
        })
        .collect();
    if !groups.is_empty() {
        out.push(' ');
        out.push_str(&groups.join("; "));
        out.push('.');
    }
    out.push(' ');
    match selected {
        Some(text) => {
            out.push_str(tr("Selected:", lang));
            out.push(' ');
            out.push_str(text);
        }
        None => out.push_str(tr("No route selected.", lang)),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_time;
    use crate::projection::LonLat;

    #[test]
    fn the_view_counts_every_route_in_it_by_destination_and_status() {
        let data = Dataset::embedded().unwrap();
        let index = RouteIndex::new(&data);
        let at = parse_time("2022-03-08T12:00:00+02:00").unwrap();
        // All of Ukraine and its neighbours: every route.
        let (a, b) = (
            LonLat::new(20.0, 56.0).to_unit(),
            LonLat::new(42.0, 43.0).to_unit(),
        );
        let all = ViewCounts::new(
            &data,
            &index,
            UnitRect::new(a.coord(), b.coord()),
            at,
            |_| true,
        );
        assert_eq!(all.total, data.corridors.len());
        let by_country: usize = all.by_country.iter().map(|(_, n, _)| n).sum();
        assert_eq!(by_country, all.total);
        for (cc, n, statuses) in &all.by_country {
            assert_eq!(statuses.iter().map(|(_, m)| m).sum::<usize>(), *n, "{cc}");
        }
        let text = describe_view(&all, at, None, Lang::En);
        assert!(
            text.starts_with(
                "Map at 8 Mar 2022 12:00 Kyiv time (13:00 Moscow time). Routes in view: "
            ),
            "{text}"
        );
        assert!(
            text.contains("Belarus: ") && text.contains("rejected"),
            "{text}"
        );
        assert!(text.ends_with("No route selected."), "{text}");
        let none = ViewCounts::new(
            &data,
            &index,
            UnitRect::new(a.coord(), b.coord()),
            at,
            |_| false,
        );
        let uk = describe_view(&none, at, Some("Київ → Гомель."), Lang::Uk);
        assert!(
            uk.contains("Маршрутів у полі зору: 0.") && uk.ends_with("Вибрано: Київ → Гомель."),
            "{uk}"
        );
    }
}
