//! The status of a corridor at a moment, and how sure the record is.

use std::fmt;
use std::str::FromStr;

/// Where a corridor stood at a moment, as recorded by its dated events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Offered by one side, not (yet) accepted by the other.
    Proposed,
    /// Agreed by both sides, not yet in use.
    Agreed,
    /// People were moving along it.
    Operating,
    /// Attempted but broke down (shelling, blocked convoys, ceasefire not observed).
    Failed,
    /// Refused by the other side.
    Rejected,
    /// Its window ended or it was shut.
    Closed,
    /// Claimants disagree on what happened (one says it worked, another that it failed, or that
    /// it was something else entirely, such as a forced transfer).
    Disputed,
    /// Its window ended and no outcome was reported.
    Unreported,
}

impl Status {
    /// Every status, in the order the legend lists them.
    pub(crate) const ALL: [Self; 8] = [
        Self::Operating,
        Self::Agreed,
        Self::Proposed,
        Self::Disputed,
        Self::Failed,
        Self::Rejected,
        Self::Unreported,
        Self::Closed,
    ];

    /// The lowercase word used in the dataset and on the command line.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Agreed => "agreed",
            Self::Operating => "operating",
            Self::Failed => "failed",
            Self::Rejected => "rejected",
            Self::Closed => "closed",
            Self::Disputed => "disputed",
            Self::Unreported => "unreported",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown status \"{s}\" (expected one of: {})",
                    Self::ALL.map(Self::as_str).join(", ")
                )
            })
    }
}

/// How well a fact is established, as the research grades it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Two or more independent reports agree.
    #[default]
    High,
    /// One good report, or a located place with some doubt.
    Medium,
    /// Weakly sourced or imprecisely located.
    Low,
    /// Reported by one side only, or not confirmed at all.
    Unverified,
}

impl Confidence {
    /// The lowercase word used in the dataset.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
            Self::Unverified => "unverified",
        }
    }
}

impl FromStr for Confidence {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Self::High, Self::Medium, Self::Low, Self::Unverified]
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                format!("unknown confidence \"{s}\" (expected high, medium, low or unverified)")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_round_trips_through_its_word() {
        for status in Status::ALL {
            assert_eq!(status.as_str().parse::<Status>(), Ok(status));
        }
    }

    #[test]
    fn unknown_status_names_the_accepted_words() {
        let err = "open".parse::<Status>().unwrap_err();
        assert_eq!(
            err,
            "unknown status \"open\" (expected one of: operating, agreed, proposed, disputed, failed, rejected, unreported, closed)"
        );
    }
}
