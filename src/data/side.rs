//! Which side of the front line a corridor leads to.

use std::fmt;

/// Where a route ends, the distinction at the heart of the March 2022 dispute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// Into the Russian Federation.
    Russia,
    /// Into Belarus.
    Belarus,
    /// Into territory held by Ukraine.
    UkrainianHeld,
    /// Anywhere else (a dataset may hold routes to third countries).
    Other,
}

impl Side {
    /// Every side, in the order the legend lists them.
    #[cfg(test)]
    pub(crate) const ALL: [Self; 4] = [
        Self::Russia,
        Self::Belarus,
        Self::UkrainianHeld,
        Self::Other,
    ];

    /// The side a destination country (ISO 3166-1 alpha-2) lies on.
    ///
    /// ```
    /// use koridor::Side;
    /// assert_eq!(Side::from_country("BY"), Side::Belarus);
    /// assert_eq!(Side::from_country("UA"), Side::UkrainianHeld);
    /// ```
    #[must_use]
    pub fn from_country(iso2: &str) -> Self {
        match iso2 {
            "RU" => Self::Russia,
            "BY" => Self::Belarus,
            "UA" => Self::UkrainianHeld,
            _ => Self::Other,
        }
    }

    /// Whether a route to this side takes people out of Ukraine into the state attacking it or
    /// its ally.
    #[must_use]
    pub(crate) fn is_russia_or_belarus(self) -> bool {
        matches!(self, Self::Russia | Self::Belarus)
    }

    /// A short English label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Russia => "Russia",
            Self::Belarus => "Belarus",
            Self::UkrainianHeld => "Ukrainian-held territory",
            Self::Other => "Other",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The one table of country names: ISO 3166-1 alpha-2 codes (and the UNHCR group
/// `other_europe`) with their English names, which the interface translates.
pub(crate) const COUNTRIES: [(&str, &str); 9] = [
    ("UA", "Ukraine"),
    ("RU", "Russia"),
    ("BY", "Belarus"),
    ("PL", "Poland"),
    ("HU", "Hungary"),
    ("SK", "Slovakia"),
    ("MD", "Moldova"),
    ("RO", "Romania"),
    ("other_europe", "Other European countries"),
];

/// The English name of a destination country code used in the dataset (the code itself when
/// the table has no name for it).
#[must_use]
pub(crate) fn country_name(iso2: &str) -> &str {
    COUNTRIES
        .iter()
        .find(|(code, _)| *code == iso2)
        .map_or(iso2, |(_, name)| name)
}
