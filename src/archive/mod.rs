//! A street-level basemap from a PMTiles archive: vector tiles (MVT) in the Protomaps basemap or
//! the OpenMapTiles schema, or raster tiles (PNG, JPEG, WebP), drawn by Koridor's own renderer
//! onto any [`Canvas`](crate::canvas::Canvas) — window tiles and exports alike. Outside the
//! archive's bounds and zoom range, the embedded basemap shows.
//!
//! Reading goes through the `pmtiles` crate (directories cached) over plain positioned reads of
//! a regular file; MVT is decoded by `mvt-reader`. Anything wrong with an archive is an
//! [`ArchiveError`] naming the file, never a panic.

mod decode;
mod draw;
mod reader;
mod schema;
mod shared;
mod source;
mod style;

pub use decode::VectorTile;
pub use draw::{ArchiveReport, draw_archive, render_archive_tile};
pub use reader::{Archive, ArchiveInfo, TileKind};
pub use schema::Schema;
pub use shared::open_shared;

use thiserror::Error;

/// What went wrong with an archive; every message names the file.
#[derive(Debug, Error)]
pub enum ArchiveError {
    /// The file could not be opened or read.
    #[error("the basemap {path} could not be read: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a PMTiles archive, or is truncated or corrupt.
    #[error("the basemap {path} is not a readable PMTiles archive: {reason}")]
    NotPmtiles {
        /// The file.
        path: String,
        /// What is wrong, in the reader's words.
        reason: String,
    },
    /// A PMTiles archive Koridor cannot draw (its tile type, compression or schema).
    #[error("the basemap {path} cannot be drawn: {reason}")]
    Unsupported {
        /// The file.
        path: String,
        /// What it holds that Koridor does not draw.
        reason: String,
    },
    /// One tile could not be read or decoded (the embedded basemap shows there).
    #[error("the basemap {path}: tile {z}/{x}/{y} could not be read: {reason}")]
    Tile {
        /// The file.
        path: String,
        /// Zoom.
        z: u8,
        /// Column.
        x: u32,
        /// Row.
        y: u32,
        /// Why.
        reason: String,
    },
}
