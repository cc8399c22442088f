//! A loaded, validated set of corridors.

use std::io::Read;
use std::path::Path;

use super::parse::parse;
use super::{Claim, Corridor, LoadError, RefugeeFigures, Side, Time};

/// The dataset compiled into the binary: the corridors of March to early May 2022.
pub const EMBEDDED_GEOJSON: &str = include_str!("../../assets/corridors.geojson");

/// The origin of the embedded dataset, as errors and the window name it.
pub(crate) const EMBEDDED_ORIGIN: &str = "embedded corridors.geojson";

/// Largest dataset file accepted, in bytes (50 MB).
pub const MAX_DATASET_BYTES: u64 = 50 * 1000 * 1000;

/// A validated collection of corridors.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The collection's title, if it has one.
    pub name: Option<super::Text>,
    /// The day of the dataset's last change (its version, in citations).
    pub updated: Option<chrono::NaiveDate>,
    /// Where it was loaded from ("embedded", a path or a URL).
    pub origin: String,
    /// The corridors, in file order.
    pub corridors: Vec<Corridor>,
    /// Refugee figures by destination country, by data date.
    pub refugee_figures: Vec<RefugeeFigures>,
    /// Dated claims about the corridors as a whole.
    pub claims: Vec<Claim>,
    /// Daily tallies of corridors and people, as each claimant gave them, by day.
    pub tallies: Vec<super::Tally>,
}

impl Dataset {
    /// A dataset with no corridors.
    #[must_use]
    pub fn empty(origin: &str) -> Self {
        Self {
            name: None,
            updated: None,
            origin: origin.to_owned(),
            corridors: Vec::new(),
            refugee_figures: Vec::new(),
            claims: Vec::new(),
            tallies: Vec::new(),
        }
    }

    /// The embedded dataset.
    ///
    /// # Errors
    /// Only if the embedded file is invalid, which the test suite rules out.
    pub fn embedded() -> Result<Self, LoadError> {
        Self::from_slice(EMBEDDED_GEOJSON.as_bytes(), EMBEDDED_ORIGIN)
    }

    /// Parses and validates a dataset from bytes; `origin` names it in messages.
    ///
    /// # Errors
    /// [`LoadError::Invalid`] with every problem found, or [`LoadError::TooLarge`].
    pub fn from_slice(bytes: &[u8], origin: &str) -> Result<Self, LoadError> {
        Self::from_slice_within(bytes, origin, MAX_DATASET_BYTES)
    }

    /// As [`Dataset::from_slice`], with a size limit of `limit` bytes instead of
    /// [`MAX_DATASET_BYTES`]: for measuring how far one machine goes beyond what the window
    /// and the command line open.
    ///
    /// ```
    /// use koridor::{Dataset, LoadError};
    /// let text = koridor::synth::synthetic_geojson(3, 1);
    /// assert!(matches!(
    ///     Dataset::from_slice_within(text.as_bytes(), "small", 100),
    ///     Err(LoadError::TooLarge { limit: 100, .. })
    /// ));
    /// assert_eq!(Dataset::from_slice_within(text.as_bytes(), "x", 1 << 20).unwrap().corridors.len(), 3);
    /// ```
    ///
    /// # Errors
    /// As [`Dataset::from_slice`].
    pub fn from_slice_within(bytes: &[u8], origin: &str, limit: u64) -> Result<Self, LoadError> {
        let size = bytes.len() as u64;
        if size > limit {
            return Err(LoadError::TooLarge {
                file: origin.to_owned(),
                size,
                limit,
            });
        }
        let parsed = parse(bytes).map_err(|problems| LoadError::Invalid {
            file: origin.to_owned(),
            problems,
        })?;
        Ok(Self {
            name: parsed.name,
            updated: parsed.updated,
            origin: origin.to_owned(),
            corridors: parsed.corridors,
            refugee_figures: parsed.refugee_figures,
            claims: parsed.claims,
            tallies: parsed.tallies,
        })
    }

    /// Reads, parses and validates a dataset file, refusing files over the size limit before
    /// reading them.
    ///
    /// # Errors
    /// [`LoadError::Io`] when the file cannot be read, otherwise as [`Dataset::from_slice`].
    pub fn load_path(path: &Path) -> Result<Self, LoadError> {
        Self::read_path(path).map(|(dataset, _)| dataset)
    }

    /// As [`Dataset::load_path`], also returning the file's bytes (kept for Save As).
    ///
    /// # Errors
    /// As [`Dataset::load_path`].
    pub(crate) fn read_path(path: &Path) -> Result<(Self, Vec<u8>), LoadError> {
        Self::read_path_within(path, MAX_DATASET_BYTES)
    }

    /// As [`Dataset::read_path`], refusing files over `limit` bytes instead of
    /// [`MAX_DATASET_BYTES`].
    ///
    /// # Errors
    /// As [`Dataset::load_path`].
    pub(crate) fn read_path_within(path: &Path, limit: u64) -> Result<(Self, Vec<u8>), LoadError> {
        let file_name = path.display().to_string();
        let io = |source| LoadError::Io {
            file: file_name.clone(),
            source,
        };
        // Only a regular file: a FIFO or a device would block or never end.
        let file = crate::fs::open_regular(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        if size > limit {
            return Err(LoadError::TooLarge {
                file: file_name,
                size,
                limit,
            });
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        // Read one byte past the limit so a file that grows while being read is still caught.
        file.take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(io)?;
        let dataset = Self::from_slice_within(&bytes, &file_name, limit)?;
        Ok((dataset, bytes))
    }

    /// The corridor with this id.
    #[must_use]
    pub fn corridor(&self, id: &str) -> Option<&Corridor> {
        self.corridors.iter().find(|c| c.id == id)
    }

    /// Index of the corridor with this id.
    #[must_use]
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.corridors.iter().position(|c| c.id == id)
    }

    /// The time of the latest event: the default "as of" date.
    #[must_use]
    pub fn latest_event(&self) -> Option<Time> {
        self.corridors
            .iter()
            .filter_map(|c| c.events.last().map(|e| e.time))
            .max()
    }

    /// The time of the earliest event.
    #[must_use]
    pub(crate) fn earliest_event(&self) -> Option<Time> {
        self.corridors
            .iter()
            .filter_map(Corridor::first_event)
            .min()
    }

    /// The span the timeline covers: from the earliest to the latest dated thing in the
    /// record (events, claims, tallies, refugee figures), whole days in the events' offset.
    /// Criticism is shown whatever the date, and includes later assessments (OHCHR's of
    /// September 2022), so it does not stretch the timeline.
    #[must_use]
    pub fn time_span(&self) -> Option<(Time, Time)> {
        let first = self.earliest_event()?;
        let last = self.latest_event()?;
        let offset = *first.offset();
        let days = self
            .claims
            .iter()
            .filter_map(|c| c.date)
            .chain(self.tallies.iter().map(|t| t.date))
            .chain(self.refugee_figures.iter().map(|f| f.as_of));
        let at = |d: chrono::NaiveDate, h: u32| {
            d.and_hms_opt(h, 0, 0)
                .and_then(|n| n.and_local_timezone(offset).single())
        };
        let (mut start, mut end) = (first, last);
        for d in days {
            if let Some(t) = at(d, 0) {
                start = start.min(t);
            }
            if let Some(t) = at(d, 23) {
                end = end.max(t);
            }
        }
        Some((start, end))
    }

    /// The refugee figures whose data date is nearest to `at` (the earlier on a tie).
    #[must_use]
    pub(crate) fn refugee_figures_near(&self, at: Time) -> Option<&RefugeeFigures> {
        let day = at.date_naive();
        self.refugee_figures
            .iter()
            .filter(|f| !f.by_country.is_empty())
            .min_by_key(|f| ((f.as_of - day).num_days().abs(), f.as_of))
    }

    /// Destination countries in order of first appearance.
    #[must_use]
    pub(crate) fn destination_countries(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for c in &self.corridors {
            if !out.contains(&c.destination_country.as_str()) {
                out.push(&c.destination_country);
            }
        }
        out
    }

    /// How many of the corridors selected by `filter` lead to Russia or Belarus, and how many
    /// there are in all.
    #[must_use]
    pub fn count_into_russia_or_belarus(
        &self,
        filter: impl Fn(&Corridor) -> bool,
    ) -> (usize, usize) {
        let chosen: Vec<&Corridor> = self.corridors.iter().filter(|c| filter(c)).collect();
        let hostile = chosen
            .iter()
            .filter(|c| c.side().is_russia_or_belarus())
            .count();
        (hostile, chosen.len())
    }

    /// The corridors ending on `side`.
    pub fn on_side(&self, side: Side) -> impl Iterator<Item = &Corridor> {
        self.corridors.iter().filter(move |c| c.side() == side)
    }
}
