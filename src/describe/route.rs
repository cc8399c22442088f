//! A route in words: where it goes, how far and which way, what it passes and crosses, what is
//! near it, and its status at a moment with who said so and where.

use geo::Coord;

use super::compass::Compass;
use super::crossing::{first_crossing, km};
use super::near::routes_near;
use crate::basemap::Basemap;
use crate::i18n::{compass_word, date, on_both_clocks, status_word, tr, trf};
use crate::projection::LonLat;
use crate::scene::RouteIndex;
use crate::{Corridor, Dataset, Lang, Precision, Time};

/// Routes whose lines come this close are "near".
const NEAR_KM: f64 = 5.0;
/// At most this many near routes and waypoints are named.
const NAMED: usize = 4;
/// A place this close to a crossing names it.
const CROSSING_PLACE_KM: f64 = 25.0;

/// `items` joined as a list: "A, B and C" / "A, B і C".
fn join_list(items: &[String], lang: Lang) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} {} {last}", init.join(", "), tr("and", lang)),
    }
}

/// The route's text equivalent at `at`: the sentence a screen reader reads for the route, the
/// alt text of its exports.
#[must_use]
pub fn describe_route(
    data: &Dataset,
    index: &RouteIndex,
    basemap: Option<&Basemap>,
    route: usize,
    at: Time,
    lang: Lang,
) -> String {
    let Some(c) = data.corridors.get(route) else {
        return String::new();
    };
    let mut out = format!("{}, {}.", head(c, lang), course(c, basemap, lang));
    let lines: Vec<&[Coord<f64>]> = data.corridors.iter().map(|c| c.line.0.as_slice()).collect();
    let near = routes_near(index, &lines, route, NEAR_KM);
    if !near.is_empty() {
        let mut names: Vec<String> = near
            .iter()
            .take(NAMED)
            .filter_map(|&(j, _)| data.corridors.get(j))
            .map(|n| n.name.get(lang).to_owned())
            .collect();
        if near.len() > NAMED {
            let more = trf("{n} more", lang, &[("n", (near.len() - NAMED).to_string())]);
            names.push(more);
        }
        out.push(' ');
        out.push_str(&trf(
            "Routes near it: {names}.",
            lang,
            &[("names", join_list(&names, lang))],
        ));
    }
    out.push(' ');
    out.push_str(&status_sentence(c, at, lang));
    out
}

/// "Kyiv → Gomel, proposed by … on …".
fn head(c: &Corridor, lang: Lang) -> String {
    let when = match c.announced_precision {
        Precision::Day => date(c.announced, "%-d %B %Y", lang),
        Precision::Hour | Precision::Minute => on_both_clocks(c.announced, lang),
    };
    trf(
        "{name}, proposed by {proposer} on {when}",
        lang,
        &[
            ("name", c.name.get(lang).to_owned()),
            ("proposer", c.proposer.get(lang).to_owned()),
            ("when", when),
        ],
    )
}

/// "runs 273 km north via … and crosses into Belarus near Gden".
fn course(c: &Corridor, basemap: Option<&Basemap>, lang: Lang) -> String {
    let line = &c.line.0;
    let direction = match (line.first(), line.last()) {
        (Some(&a), Some(&b)) => Compass::between(a, b).map(|d| compass_word(d, lang)),
        _ => None,
    }
    .unwrap_or_default();
    let km_text = format!("{:.0}", c.length_km);
    if c.is_schematic() {
        return trf(
            "runs about {km} km {direction} in a straight line (no route was published)",
            lang,
            &[("km", km_text), ("direction", direction.to_owned())],
        );
    }
    let mut out = trf(
        "runs {km} km {direction}",
        lang,
        &[("km", km_text), ("direction", direction.to_owned())],
    );
    let via: Vec<String> = c
        .named_waypoints()
        .take(NAMED + 2)
        .map(|(_, w)| w.name.get(lang).to_owned())
        .collect();
    if !via.is_empty() {
        out.push_str(&trf(
            " via {places}",
            lang,
            &[("places", join_list(&via, lang))],
        ));
    }
    if let Some(crossing) = basemap.and_then(|b| first_crossing(b, line)) {
        let country = match lang {
            Lang::En => crossing.into.name_en.clone(),
            Lang::Uk => crossing.into.name_uk.clone(),
        };
        let place = c
            .named_waypoints()
            .map(|(at, w)| {
                (
                    km(LonLat::from(at), crossing.at),
                    w.name.get(lang).to_owned(),
                )
            })
            .filter(|(d, _)| *d <= CROSSING_PLACE_KM)
            .min_by(|a, b| a.0.total_cmp(&b.0));
        out.push_str(&match place {
            Some((_, place)) => trf(
                ", crossing into {country} near {place}",
                lang,
                &[("country", country), ("place", place)],
            ),
            None => trf(", crossing into {country}", lang, &[("country", country)]),
        });
    }
    out
}

/// "On 8 March 2022 12:00: rejected — Ukraine, 7 March 2022 (Reuters)." Where claimants
/// disagree (a disputed status), each one's latest account that day. The last sentence of
/// [`describe_route`], and what the window announces when the moment moves.
#[must_use]
pub fn status_sentence(c: &Corridor, at: Time, lang: Lang) -> String {
    let status = c.status_at(at);
    let accounts = status_accounts(c, at, lang);
    let mut out = trf(
        "On {date}: {status}",
        lang,
        &[
            ("date", date(at, "%-d %B %Y %H:%M", lang)),
            ("status", status_word(status, lang).to_owned()),
        ],
    );
    if !accounts.is_empty() {
        out.push_str(" — ");
        out.push_str(&accounts.join("; "));
    }
    out.push('.');
    out
}

/// Who says the route stands as it does at `at`, and where: "Ukraine, 7 March 2022 (Reuters)",
/// one account per claimant of the last day anyone spoke (several where they disagree); empty
/// before the first reported status.
#[must_use]
pub fn status_accounts(c: &Corridor, at: Time, lang: Lang) -> Vec<String> {
    let status = c.status_at(at);
    let mut accounts: Vec<String> = Vec::new();
    let said: Vec<&crate::Event> = c
        .events
        .iter()
        .filter(|e| e.time <= at && e.status.is_some())
        .collect();
    if let Some(last) = said.last() {
        let day = last.time.date_naive();
        let mut claimants: Vec<Option<&str>> = Vec::new();
        for e in said.iter().rev() {
            let claimant = e.claimed_by.as_ref().map(crate::Text::en);
            let same_day = e.time.date_naive() == day;
            if claimants.contains(&claimant) || (!accounts.is_empty() && !same_day) {
                continue;
            }
            claimants.push(claimant);
            let disputed = status == Some(crate::Status::Disputed);
            accounts.push(account(c, e, disputed, lang));
            if !disputed {
                break;
            }
        }
    }
    accounts
}

/// One claimant's account: "Ukraine, 7 March 2022 (Reuters)", led by the status it gives when
/// `with_status` (claimants that disagree).
fn account(c: &Corridor, e: &crate::Event, with_status: bool, lang: Lang) -> String {
    let when = match e.precision {
        Precision::Day => date(e.time, "%-d %B %Y", lang),
        Precision::Hour | Precision::Minute => date(e.time, "%-d %B %Y %H:%M", lang),
    };
    let claimant = e.claimed_by.as_ref().map_or_else(
        || tr("no claimant named", lang).to_owned(),
        |t| t.get(lang).to_owned(),
    );
    let sources: Vec<&str> = e
        .sources
        .iter()
        .filter_map(|id| c.source(id))
        .map(|s| s.publisher.as_str())
        .take(2)
        .collect();
    let mut out = if with_status {
        format!("{}: {claimant}, {when}", status_word(e.status, lang))
    } else {
        format!("{claimant}, {when}")
    };
    if !sources.is_empty() {
        out.push_str(&format!(" ({})", sources.join(", ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::tests_support::describe;
    use super::*;

    #[test]
    fn kyiv_to_gomel_reads_as_a_route_north_into_belarus_rejected_by_ukraine() {
        let text = describe("kyiv-gomel", "2022-03-08T12:00:00+02:00", Lang::En);
        println!("{text}");
        for part in [
            "Kyiv → Gomel, proposed by Russian Ministry of Defence on 7 March 2022,",
            "runs 273 km north via Hostomel, Ivankiv",
            "crossing into Belarus near Gden",
            "On 8 March 2022 12:00: rejected — Office of the President of Ukraine",
            "7 March 2022 (Reuters",
        ] {
            assert!(text.contains(part), "{part:?} not in {text:?}");
        }
        let uk = describe("kyiv-gomel", "2022-03-08T12:00:00+02:00", Lang::Uk);
        println!("{uk}");
        for part in ["Київ → Гомель", "на північ", "Білорусь", "відхилено"]
        {
            assert!(uk.contains(part), "{part:?} not in {uk:?}");
        }
    }
}

#[cfg(test)]
mod more_tests {
    use super::tests_support::describe;
    use super::*;

    #[test]
    fn a_route_that_stays_in_ukraine_crosses_no_border() {
        let text = describe("sumy-poltava", "2022-03-08T18:00:00+02:00", Lang::En);
        assert!(text.starts_with("Sumy → Poltava"), "{text}");
        assert!(text.contains("south") || text.contains("west"), "{text}");
        assert!(!text.contains("crossing into"), "{text}");
    }

    #[test]
    fn a_route_before_its_first_event_is_not_yet_announced_and_names_no_source() {
        let text = describe("kyiv-gomel", "2022-03-01T12:00:00+02:00", Lang::En);
        assert!(
            text.ends_with("On 1 March 2022 12:00: not yet announced."),
            "{text}"
        );
    }
}

#[cfg(test)]
mod tests_support {
    use super::*;
    use crate::clock::parse_time;

    pub(super) fn describe(id: &str, at: &str, lang: Lang) -> String {
        let data = Dataset::embedded().unwrap();
        let index = RouteIndex::new(&data);
        let i = data.corridors.iter().position(|c| c.id == id).unwrap();
        let basemap = Basemap::embedded().unwrap();
        describe_route(
            &data,
            &index,
            Some(basemap),
            i,
            parse_time(at).unwrap(),
            lang,
        )
    }
}
