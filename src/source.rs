//! Where a dataset comes from — embedded, a file or a URL — and loading it from there, the same
//! way for the command line and the window.

use std::path::PathBuf;

use crate::net::{Freshness, RemoteOptions, fetch, is_url, redact};
use std::borrow::Cow;

use crate::{Dataset, EMBEDDED_GEOJSON};

/// A dataset's origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// The dataset compiled into the binary.
    Embedded,
    /// A local GeoJSON file.
    File(PathBuf),
    /// A GeoJSON file over HTTP(S).
    Url(String),
}

impl DataSource {
    /// A URL if `text` starts with http(s)://, else a path.
    #[must_use]
    pub fn parse(text: &str) -> Self {
        if is_url(text) {
            Self::Url(text.to_owned())
        } else {
            Self::File(PathBuf::from(text))
        }
    }

    /// How the source is named to the user (a URL without its secrets).
    #[must_use]
    pub fn label(&self) -> String {
        match self {
            Self::Embedded => "embedded dataset".to_owned(),
            Self::File(path) => path.display().to_string(),
            Self::Url(url) => redact(url),
        }
    }
}

/// A dataset as loaded.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated dataset.
    pub dataset: Dataset,
    /// The bytes it was read from (Save As writes them back); the embedded dataset's are the
    /// program's own, not a copy.
    pub bytes: Cow<'static, [u8]>,
    /// Something the user should know, e.g. that a remote dataset is a cached copy.
    pub note: Option<String>,
}

/// Loads a dataset from `source`; on failure, every problem, one a line, each naming the file.
///
/// # Errors
/// The problems, one a line.
pub fn load(source: &DataSource, remote: &RemoteOptions) -> Result<Loaded, Vec<String>> {
    match source {
        DataSource::Embedded => Dataset::embedded()
            .map(|dataset| Loaded {
                dataset,
                bytes: Cow::Borrowed(EMBEDDED_GEOJSON.as_bytes()),
                note: None,
            })
            .map_err(|e| e.lines()),
        DataSource::File(path) => Dataset::read_path_within(path, remote.max_bytes)
            .map(|(dataset, bytes)| Loaded {
                dataset,
                bytes: Cow::Owned(bytes),
                note: None,
            })
            .map_err(|e| e.lines()),
        DataSource::Url(url) => match fetch(url, remote) {
            Ok(fetched) => {
                let note = match fetched.freshness {
                    Freshness::Downloaded | Freshness::Revalidated => None,
                    Freshness::Cached { reason, age } => Some(format!(
                        "{}: {reason}; showing the copy kept from {} ago",
                        redact(url),
                        describe_age(age)
                    )),
                };
                Ok(Loaded {
                    dataset: fetched.dataset,
                    bytes: Cow::Owned(fetched.bytes),
                    note,
                })
            }
            Err(crate::net::RemoteError::Invalid(e)) => Err(e.lines()),
            Err(e) => Err(vec![e.to_string()]),
        },
    }
}

/// "3 h 5 min", "2 days".
#[must_use]
pub(crate) fn describe_age(age: std::time::Duration) -> String {
    let minutes = age.as_secs() / 60;
    match minutes {
        0 => "less than a minute".to_owned(),
        1..60 => format!("{minutes} min"),
        60..2880 => format!("{} h {} min", minutes / 60, minutes % 60),
        _ => format!("{} days", minutes / 1440),
    }
}
