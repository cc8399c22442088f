//! What can be wrong with a dataset, said so a person can find and fix it.

use std::fmt;

/// Where in the dataset a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (size, JSON syntax, top-level structure).
    File,
    /// A position in the JSON text.
    Text {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// A member of the collection beside the features, e.g. `refugee_figures[1].as_of`.
    Member {
        /// Path of the field.
        field: String,
    },
    /// A field of one feature.
    Feature {
        /// 0-based index in `features`.
        index: usize,
        /// The feature's id, if it has a usable one.
        id: Option<String>,
        /// Path of the field, e.g. `properties.events[2].status`.
        field: String,
    },
}

/// One problem found in a dataset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub location: Location,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Location::File => write!(f, "{}", self.message),
            Location::Text { line, column } => {
                write!(f, "line {line}, column {column}: {}", self.message)
            }
            Location::Member { field } => write!(f, "field `{field}`: {}", self.message),
            Location::Feature { index, id, field } => {
                write!(f, "feature {index}")?;
                if let Some(id) = id {
                    write!(f, " ({id})")?;
                }
                write!(f, ", field `{field}`: {}", self.message)
            }
        }
    }
}

/// Why a dataset could not be loaded. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file (path or URL).
        file: String,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The file is larger than a dataset may be.
    #[error("{file}: {size} bytes is over the {limit} byte limit for a dataset")]
    TooLarge {
        /// The file (path or URL).
        file: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file was read but is not a valid dataset.
    #[error("{file}: {} problem{}:\n{}", problems.len(), if problems.len() == 1 { "" } else { "s" }, list(problems))]
    Invalid {
        /// The file (path or URL).
        file: String,
        /// Every problem found, in file order.
        problems: Vec<Problem>,
    },
}

impl LoadError {
    /// Every problem, one a line, each prefixed by the file name.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        match self {
            Self::Invalid { file, problems } => {
                problems.iter().map(|p| format!("{file}: {p}")).collect()
            }
            other => vec![other.to_string()],
        }
    }
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_problem_names_index_id_and_field() {
        let problem = Problem {
            location: Location::Feature {
                index: 2,
                id: Some("kyiv-gomel".into()),
                field: "properties.events[0].status".into(),
            },
            message: "unknown status".into(),
        };
        assert_eq!(
            problem.to_string(),
            "feature 2 (kyiv-gomel), field `properties.events[0].status`: unknown status"
        );
    }
}
