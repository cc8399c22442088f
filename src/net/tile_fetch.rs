//! Online tiles for exports, fetched through the same HTTP cache as the window's walkers
//! `HttpTiles` (same folder, same cache semantics), so an export reuses what the map has seen.

use std::time::Duration;

use http_cache_reqwest::{CACacheManager, Cache, CacheMode, HttpCache, HttpCacheOptions};
use reqwest_middleware::ClientBuilder;

use super::{TemplateSource, TileChoice, default_cache_dir, install_crypto_provider, user_agent};

/// A tile to fetch: zoom, x, y.
pub type TileKey = (u8, u32, u32);

/// The URL of a tile for `choice` (`None` for the offline basemap).
#[must_use]
pub fn tile_url(choice: &TileChoice, (z, x, y): TileKey) -> Option<String> {
    let id = walkers::TileId { x, y, zoom: z };
    match choice {
        TileChoice::Offline => None,
        TileChoice::Osm => Some(walkers::sources::TileSource::tile_url(
            &walkers::sources::OpenStreetMap,
            id,
        )),
        TileChoice::Template(t) => Some(walkers::sources::TileSource::tile_url(
            &TemplateSource {
                template: t.clone(),
            },
            id,
        )),
    }
}

/// Fetches `tiles` (at most 6 at a time, each within `timeout`) through the window's tile cache;
/// each answer is the decoded RGBA image, or `None` when that tile could not be had.
#[must_use]
pub fn fetch_tiles(
    choice: &TileChoice,
    tiles: &[TileKey],
    timeout: Duration,
) -> Vec<Option<image::RgbaImage>> {
    let urls: Vec<Option<String>> = tiles.iter().map(|t| tile_url(choice, *t)).collect();
    if urls.iter().all(Option::is_none) {
        return tiles.iter().map(|_| None).collect();
    }
    install_crypto_provider();
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return tiles.iter().map(|_| None).collect();
    };
    let Ok(bare) = reqwest::Client::builder()
        .user_agent(user_agent())
        .timeout(timeout)
        .build()
    else {
        return tiles.iter().map(|_| None).collect();
    };
    let client = ClientBuilder::new(bare)
        .with(Cache(HttpCache {
            mode: CacheMode::Default,
            manager: CACacheManager {
                path: default_cache_dir().join("tiles"),
                remove_opts: Default::default(),
            },
            options: HttpCacheOptions::default(),
        }))
        .build();
    runtime.block_on(async {
        let mut out = Vec::with_capacity(urls.len());
        for chunk in urls.chunks(6) {
            let handles: Vec<_> = chunk
                .iter()
                .map(|url| {
                    let client = client.clone();
                    let url = url.clone();
                    tokio::spawn(async move {
                        let url = url?;
                        let response = client.get(&url).send().await.ok()?;
                        if !response.status().is_success() {
                            log::warn!("{url}: {}", response.status());
                            return None;
                        }
                        let bytes = response.bytes().await.ok()?;
                        match image::load_from_memory(&bytes) {
                            Ok(img) => Some(img.to_rgba8()),
                            Err(err) => {
                                log::warn!("{url}: not an image ({err})");
                                None
                            }
                        }
                    })
                })
                .collect();
            for handle in handles {
                out.push(handle.await.ok().flatten());
            }
        }
        out
    })
}
