//! Online tiles (OpenStreetMap or a user's XYZ server) drawn over the offline basemap through
//! walkers' `HttpTiles`, with its disk cache, and a count of the tiles that could not be had.

use std::collections::HashSet;

use egui::Context;
use walkers::{HttpOptions, HttpTiles, TileId, TilePiece, Tiles};

use crate::net::{
    TemplateSource, TileChoice, default_cache_dir, install_crypto_provider, user_agent,
};

/// An online tile layer.
pub struct OnlineTiles {
    inner: HttpTiles,
    missing: HashSet<TileId>,
    failed: usize,
}

impl OnlineTiles {
    /// The layer for `choice`, or `None` for the offline basemap alone.
    #[must_use]
    pub fn new(choice: &TileChoice, ctx: &Context) -> Option<Self> {
        install_crypto_provider();
        let options = || HttpOptions {
            cache: Some(default_cache_dir().join("tiles")),
            user_agent: walkers::HeaderValue::from_str(&user_agent()).ok(),
            ..HttpOptions::default()
        };
        let inner = match choice {
            TileChoice::Offline => return None,
            // Within the OpenStreetMap tile usage policy: walkers fetches only what is shown (no
            // prefetching), at most 6 at a time, and its cache honours the server's headers.
            TileChoice::Osm => {
                HttpTiles::with_options(walkers::sources::OpenStreetMap, options(), ctx.clone())
            }
            TileChoice::Template(template) => HttpTiles::with_options(
                TemplateSource {
                    template: template.clone(),
                },
                options(),
                ctx.clone(),
            ),
        };
        Some(Self {
            inner,
            missing: HashSet::new(),
            failed: 0,
        })
    }

    /// Call before the map is drawn: starts counting this frame's missing tiles.
    pub fn begin_frame(&mut self) {
        self.missing.clear();
    }

    /// Call after the map is drawn: tiles still missing once nothing is downloading have failed.
    pub fn end_frame(&mut self) {
        self.failed = if self.inner.stats().in_progress == 0 {
            self.missing.len()
        } else {
            0
        };
    }

    /// Tiles of the last frame that could not be had (the offline basemap shows there).
    #[must_use]
    pub fn failed(&self) -> usize {
        self.failed
    }

    /// Tiles being downloaded.
    #[must_use]
    pub fn loading(&self) -> usize {
        self.inner.stats().in_progress
    }

    /// The attribution the tile provider requires.
    #[must_use]
    pub fn attribution(&self) -> walkers::sources::Attribution {
        self.inner.attribution()
    }
}

impl Tiles for OnlineTiles {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        let piece = self.inner.at(tile_id);
        if piece.is_none() {
            self.missing.insert(tile_id);
        }
        piece
    }

    fn attribution(&self) -> walkers::sources::Attribution {
        self.inner.attribution()
    }

    fn tile_size(&self) -> u32 {
        self.inner.tile_size()
    }

    fn stats(&self) -> walkers::Stats {
        self.inner.stats()
    }
}
