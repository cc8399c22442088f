//! A loaded, validated set of corridors.

use std::io::Read;
use std::path::Path;

use super::parse::parse;
use super::{Corridor, LoadError, Side, Time};

/// The dataset compiled into the binary: the corridors of March 2022.
pub const EMBEDDED_GEOJSON: &str = include_str!("../../assets/corridors.geojson");

/// Largest dataset file accepted, in bytes (50 MB).
pub const MAX_DATASET_BYTES: u64 = 50 * 1000 * 1000;

/// A validated collection of corridors.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The collection's title, if it has one.
    pub name: Option<String>,
    /// Where it was loaded from ("embedded", a path or a URL).
    pub origin: String,
    /// The corridors, in file order.
    pub corridors: Vec<Corridor>,
}

impl Dataset {
    /// The embedded dataset.
    ///
    /// # Errors
    /// Only if the embedded file is invalid, which the test suite rules out.
    pub fn embedded() -> Result<Self, LoadError> {
        Self::from_slice(EMBEDDED_GEOJSON.as_bytes(), "embedded corridors.geojson")
    }

    /// Parses and validates a dataset from bytes; `origin` names it in messages.
    ///
    /// # Errors
    /// [`LoadError::Invalid`] with every problem found, or [`LoadError::TooLarge`].
    pub fn from_slice(bytes: &[u8], origin: &str) -> Result<Self, LoadError> {
        let size = bytes.len() as u64;
        if size > MAX_DATASET_BYTES {
            return Err(LoadError::TooLarge {
                file: origin.to_owned(),
                size,
                limit: MAX_DATASET_BYTES,
            });
        }
        let parsed = parse(bytes).map_err(|problems| LoadError::Invalid {
            file: origin.to_owned(),
            problems,
        })?;
        Ok(Self {
            name: parsed.name,
            origin: origin.to_owned(),
            corridors: parsed.corridors,
        })
    }

    /// Reads, parses and validates a dataset file, refusing files over the size limit before
    /// reading them.
    ///
    /// # Errors
    /// [`LoadError::Io`] when the file cannot be read, otherwise as [`Dataset::from_slice`].
    pub fn load_path(path: &Path) -> Result<Self, LoadError> {
        let file_name = path.display().to_string();
        let io = |source| LoadError::Io {
            file: file_name.clone(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        if size > MAX_DATASET_BYTES {
            return Err(LoadError::TooLarge {
                file: file_name,
                size,
                limit: MAX_DATASET_BYTES,
            });
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        // Read one byte past the limit so a file that grows while being read is still caught.
        file.take(MAX_DATASET_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(io)?;
        Self::from_slice(&bytes, &file_name)
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
    pub fn earliest_event(&self) -> Option<Time> {
        self.corridors
            .iter()
            .filter_map(Corridor::first_event)
            .min()
    }

    /// Destination countries in order of first appearance.
    #[must_use]
    pub fn destination_countries(&self) -> Vec<&str> {
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
