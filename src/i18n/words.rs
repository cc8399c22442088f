//! Words from the data model in the interface language: statuses, sides, countries.

use super::tr;
use crate::scene::LegendKey;
use crate::{Lang, Side, Status};

/// A status as shown in the interface ("not yet announced" before the first event).
#[must_use]
pub fn status_word(status: Option<Status>, lang: Lang) -> &'static str {
    match status {
        Some(Status::Operating) => tr("operating", lang),
        Some(Status::Agreed) => tr("agreed", lang),
        Some(Status::Proposed) => tr("proposed", lang),
        Some(Status::Failed) => tr("failed", lang),
        Some(Status::Rejected) => tr("rejected", lang),
        Some(Status::Closed) => tr("closed", lang),
        Some(Status::Disputed) => tr("disputed", lang),
        Some(Status::Unreported) => tr("outcome not reported", lang),
        None => tr("not yet announced", lang),
    }
}

/// Where a route ends, as shown in the interface.
#[must_use]
pub(crate) fn side_word(side: Side, lang: Lang) -> &'static str {
    match side {
        Side::Russia => tr("Russia", lang),
        Side::Belarus => tr("Belarus", lang),
        Side::UkrainianHeld => tr("Ukrainian-held territory", lang),
        Side::Other => tr("Other", lang),
    }
}

/// A destination country's name in the interface language.
#[must_use]
pub(crate) fn country_word(iso2: &str, lang: Lang) -> String {
    crate::data::COUNTRIES
        .iter()
        .find(|(code, _)| *code == iso2)
        .map_or_else(|| iso2.to_owned(), |(_, name)| tr(name, lang).to_owned())
}

/// A legend row's label in the interface language.
#[must_use]
pub(crate) fn legend_word(key: LegendKey, lang: Lang) -> &'static str {
    match key {
        LegendKey::Destination(Side::Russia) => tr("to Russia", lang),
        LegendKey::Destination(Side::Belarus) => tr("to Belarus", lang),
        LegendKey::Destination(Side::UkrainianHeld) => tr("to Ukrainian-held territory", lang),
        LegendKey::Destination(Side::Other) => tr("to other countries", lang),
        LegendKey::Status(status) => status_word(Some(status), lang),
        LegendKey::DirectionOnly => tr("direction only (no route published)", lang),
    }
}

/// What a corridor was for, in `lang`.
#[must_use]
pub(crate) fn kind_word(kind: crate::Kind, lang: Lang) -> &'static str {
    match kind {
        crate::Kind::Evacuation => tr("evacuation", lang),
        crate::Kind::Aid => tr("aid delivery", lang),
        crate::Kind::Both => tr("evacuation and aid delivery", lang),
    }
}

/// Which way a route runs, as it follows "runs 270 km": "north", "на північ".
#[must_use]
pub(crate) fn compass_word(point: crate::describe::Compass, lang: Lang) -> &'static str {
    use crate::describe::Compass;
    match point {
        Compass::North => tr("north", lang),
        Compass::NorthEast => tr("north-east", lang),
        Compass::East => tr("east", lang),
        Compass::SouthEast => tr("south-east", lang),
        Compass::South => tr("south", lang),
        Compass::SouthWest => tr("south-west", lang),
        Compass::West => tr("west", lang),
        Compass::NorthWest => tr("north-west", lang),
    }
}
