//! A number as it was reported: exact, "about" or "more than".

use std::str::FromStr;

/// How a reported number was qualified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, serde::Serialize)]
pub enum Qualifier {
    /// The number as given.
    #[default]
    #[serde(rename = "exact")]
    Exact,
    /// "about", "around", "nearly": a rounded number.
    #[serde(rename = "about")]
    About,
    /// "more than", "over": a lower bound.
    #[serde(rename = "more than")]
    MoreThan,
}

impl Qualifier {
    /// The words the dataset uses.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::About => "about",
            Self::MoreThan => "more than",
        }
    }
}

impl FromStr for Qualifier {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "exact" => Ok(Self::Exact),
            "about" => Ok(Self::About),
            "more than" => Ok(Self::MoreThan),
            other => Err(format!(
                "unknown qualifier \"{}\" (expected exact, about or more than)",
                super::fields::shorten(other)
            )),
        }
    }
}

/// A number as reported: "about 180,000", "more than 1,000,000", or exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Figure {
    /// The number.
    pub count: u64,
    /// How it was qualified.
    pub qualifier: Qualifier,
}

impl Figure {
    /// "about 180,000" (English words, digits grouped by thousands).
    ///
    /// ```
    /// use koridor::{Figure, Qualifier};
    /// let f = Figure { count: 180_000, qualifier: Qualifier::About };
    /// assert_eq!(f.describe(), "about 180,000");
    /// ```
    #[must_use]
    pub fn describe(&self) -> String {
        let grouped = self.grouped();
        match self.qualifier {
            Qualifier::Exact => grouped,
            other => format!("{} {grouped}", other.as_str()),
        }
    }

    /// The count with its digits grouped by thousands: "180,000".
    #[must_use]
    pub(crate) fn grouped(&self) -> String {
        let digits = self.count.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        grouped
    }
}
