//! Online tiles, fetched one way for exports and for the window (`TileClient`): through one
//! HTTP cache (same folder, same cache semantics), so an export reuses what the map has seen.
//!
//! An export's whole fetch has one deadline; tiles are fetched in parallel (a few at a time); a server
//! that fails every request is given up early; bodies are capped before they are cached, images
//! are decoded with size limits, and an answer that does not decode is removed from the cache.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_cache_reqwest::{
    CACacheManager, Cache, CacheManager, CacheMode, HttpCache, HttpCacheOptions,
};
use reqwest_middleware::{ClientBuilder, ClientWithMiddleware};
use tokio::time::Instant;

use super::{Problem, TemplateSource, TileChoice, default_cache_dir, redact};

/// A tile to fetch: zoom, x, y.
pub(crate) type TileKey = (u8, u32, u32);

/// The environment variable that sets an export's tile deadline, in seconds (e.g. `2.5`).
pub(crate) const TILE_DEADLINE_ENV: &str = "KORIDOR_TILE_DEADLINE";

/// The URL of a tile for `choice` (`None` for the offline basemap).
#[must_use]
pub(crate) fn tile_url(choice: &TileChoice, (z, x, y): TileKey) -> Option<String> {
    let id = walkers::TileId { x, y, zoom: z };
    match choice {
        TileChoice::Offline | TileChoice::Archive(_) => None,
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

/// How an export's tiles are fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileFetchOptions {
    /// For an export, one deadline for the whole fetch, headers and bodies of every tile; for
    /// the window's tiles, the time limit of each request.
    pub deadline: Duration,
    /// Largest tile body accepted, in bytes (nothing larger is read on or cached).
    pub max_bytes: u64,
    /// Largest decoded tile width and height, in px.
    pub max_side: u32,
    /// Tiles requested at the same time (at most 6 for OpenStreetMap's tile usage policy).
    pub parallel: usize,
    /// Give up after this many connection failures or timeouts in a row, with none succeeded
    /// (exports only: the window asks for a failed tile again later).
    pub give_up_after: usize,
    /// The HTTP cache folder (the window's tile cache).
    pub cache_dir: PathBuf,
}

impl Default for TileFetchOptions {
    fn default() -> Self {
        Self {
            deadline: Duration::from_secs(10),
            max_bytes: 2 * 1024 * 1024,
            max_side: 1024,
            parallel: 6,
            give_up_after: 6,
            cache_dir: default_cache_dir().join("tiles"),
        }
    }
}

impl TileFetchOptions {
    /// The defaults, with the deadline from `TILE_DEADLINE_ENV` when it holds a number of
    /// seconds from 0.1 to 600 (anything else is ignored with a warning).
    #[must_use]
    pub fn from_env() -> Self {
        let mut options = Self::default();
        if let Ok(text) = std::env::var(TILE_DEADLINE_ENV) {
            match text.trim().parse::<f64>() {
                Ok(s) if (0.1..=600.0).contains(&s) => {
                    options.deadline = Duration::from_secs_f64(s);
                }
                _ => log::warn!(
                    "{TILE_DEADLINE_ENV}={text:?} is not 0.1 to 600 seconds; using {} s",
                    options.deadline.as_secs()
                ),
            }
        }
        options
    }
}

/// Why a tile body was not accepted.
#[derive(Debug, thiserror::Error)]
#[error("not a PNG or JPEG tile of at most {max_side} px a side: {reason}")]
pub struct TileDecodeError {
    /// The side limit that applied.
    pub max_side: u32,
    /// What the decoder said.
    pub reason: String,
}

/// Accepts a tile body: a PNG or JPEG of at most `max_side` px a side, decoded to RGBA. The size
/// a header claims is checked before anything is allocated for it. Exports use this for every
/// tile (it is public for fuzzing).
///
/// # Errors
/// [`TileDecodeError`]: empty, not PNG or JPEG, too large, or broken.
pub fn decode_tile(bytes: &[u8], max_side: u32) -> Result<image::RgbaImage, TileDecodeError> {
    let fail = |reason: String| TileDecodeError { max_side, reason };
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| fail(e.to_string()))?;
    if !matches!(
        reader.format(),
        Some(image::ImageFormat::Png | image::ImageFormat::Jpeg)
    ) {
        return Err(fail("unknown format".to_owned()));
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(max_side);
    limits.max_image_height = Some(max_side);
    // The RGBA pixels, twice (the decoded image and its conversion), and some room.
    limits.max_alloc = Some(u64::from(max_side) * u64::from(max_side) * 8 + (1 << 20));
    reader.limits(limits);
    reader
        .decode()
        .map(image::DynamicImage::into_rgba8)
        .map_err(|e| fail(e.to_string()))
}

/// The tiles of one fetch: each decoded image, or `None` when that tile could not be had.
#[derive(Debug, Default)]
pub struct TileFetch {
    /// One entry per tile asked for, in order.
    pub images: Vec<Option<image::RgbaImage>>,
    /// The first problem met, if any.
    pub problem: Option<Problem>,
}

/// Where the middleware below the cache puts what went wrong on the network: the cache above it
/// passes errors on only as text.
#[derive(Debug, Clone, Default)]
struct ProblemSlot(Arc<Mutex<Option<Problem>>>);

impl ProblemSlot {
    fn set(&self, problem: Problem) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = Some(problem);
        }
    }

    fn get(&self) -> Option<Problem> {
        self.0.lock().ok().and_then(|slot| *slot)
    }
}

/// A tile body past the cap (raised below the cache, so the cache never stores it).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct BodyRefused(Problem);

/// Below the cache: reads every body with a size cap, so an oversized body is neither held in
/// memory nor cached, and notes network problems in the request's [`ProblemSlot`].
struct CapBody {
    max_bytes: u64,
    limit: Duration,
}

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for CapBody {
    async fn handle(
        &self,
        req: reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        use reqwest::ResponseBuilderExt;
        let slot = extensions.get::<ProblemSlot>().cloned().unwrap_or_default();
        let response = next.run(req, extensions).await.inspect_err(|err| {
            slot.set(match err {
                reqwest_middleware::Error::Reqwest(e) => Problem::classify(e, self.limit),
                reqwest_middleware::Error::Middleware(e) => {
                    Problem::classify(e.as_ref(), self.limit)
                }
            });
        })?;
        let (status, version) = (response.status(), response.version());
        let (headers, url) = (response.headers().clone(), response.url().clone());
        let body = super::http::read_capped(response, self.max_bytes, self.limit)
            .await
            .map_err(|p| {
                slot.set(p);
                reqwest_middleware::Error::middleware(BodyRefused(p))
            })?;
        let mut builder = http::Response::builder()
            .status(status)
            .version(version)
            .url(url);
        if let Some(h) = builder.headers_mut() {
            *h = headers;
        }
        builder
            .body(body)
            .map(reqwest::Response::from)
            .map_err(reqwest_middleware::Error::middleware)
    }
}

/// The one way a tile is fetched, by exports and by the window alike: Koridor's client (its
/// User-Agent and redirect rule, a time limit) under the HTTP tile cache, with bodies capped
/// below the cache, every answer decoded with size limits, and a bad answer removed from the
/// cache so that it is asked for again.
#[derive(Clone)]
pub(crate) struct TileClient {
    client: ClientWithMiddleware,
    cache: CACacheManager,
    /// The time limit of one request (also used for the wording of a timeout).
    limit: Duration,
    max_bytes: u64,
    max_side: u32,
}

impl TileClient {
    /// A client for `options`, whose `deadline` is the time limit of each request. Must be
    /// called inside the Tokio runtime that will run the requests (its connector uses it).
    pub(crate) fn new(options: &TileFetchOptions) -> Option<Self> {
        let bare = super::http::client(options.deadline)
            .timeout(options.deadline)
            .build()
            .map_err(|e| log::warn!("cannot build the tile client: {}", e.without_url()))
            .ok()?;
        let cache = CACacheManager::new(options.cache_dir.clone(), false);
        let client = ClientBuilder::new(bare)
            .with(Cache(HttpCache {
                mode: CacheMode::Default,
                manager: cache.clone(),
                options: HttpCacheOptions::default(),
            }))
            .with(CapBody {
                max_bytes: options.max_bytes,
                limit: options.deadline,
            })
            .build();
        Some(Self {
            client,
            cache,
            limit: options.deadline,
            max_bytes: options.max_bytes,
            max_side: options.max_side,
        })
    }

    /// The time limit of one request.
    pub(crate) fn limit(&self) -> Duration {
        self.limit
    }

    /// Fetches and decodes one tile; a cached answer that is not a tile is removed from the
    /// cache. The request's own time limit applies; callers may add a shorter one around it.
    pub(crate) async fn fetch(&self, url: &str) -> Result<image::RgbaImage, Problem> {
        let slot = ProblemSlot::default();
        let response = self
            .client
            .get(url)
            .with_extension(slot.clone())
            .send()
            .await
            .map_err(|err| {
                slot.get().unwrap_or_else(|| {
                    log::debug!("tile request failed: {}", redact(&err.to_string()));
                    Problem::Failed
                })
            })?;
        let status = response.status();
        let from_cache = response
            .headers()
            .get("x-cache")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"HIT"));
        if !status.is_success() {
            if from_cache {
                forget(&self.cache, url).await;
            }
            return Err(Problem::Status(status.as_u16()));
        }
        let bytes = super::http::read_capped(response, self.max_bytes, self.limit).await?;
        match decode_tile(&bytes, self.max_side) {
            Ok(image) => Ok(image),
            Err(err) => {
                log::warn!("{}: {err}", redact(url));
                forget(&self.cache, url).await;
                Err(Problem::NotAnImage)
            }
        }
    }
}

/// What the workers share: the queue, the deadline and how the server is doing.
struct Shared {
    tiles: TileClient,
    urls: Vec<Option<String>>,
    options: TileFetchOptions,
    deadline: Instant,
    next: AtomicUsize,
    in_a_row: AtomicUsize,
    succeeded: AtomicBool,
    dead: AtomicBool,
    problem: Mutex<Option<Problem>>,
}

impl Shared {
    fn new(urls: Vec<Option<String>>, options: &TileFetchOptions) -> Option<Self> {
        Some(Self {
            tiles: TileClient::new(options)?,
            urls,
            options: options.clone(),
            deadline: Instant::now() + options.deadline,
            next: AtomicUsize::new(0),
            in_a_row: AtomicUsize::new(0),
            succeeded: AtomicBool::new(false),
            dead: AtomicBool::new(false),
            problem: Mutex::new(None),
        })
    }

    /// Counts a failure; after enough connection failures in a row with none succeeded, the
    /// server is taken for dead and the rest is not asked for.
    fn failed(&self, url: &str, problem: Problem) {
        log::warn!("{}: {problem}", redact(url));
        if let Ok(mut first) = self.problem.lock() {
            first.get_or_insert(problem);
        }
        if !problem.is_dead_server() {
            self.in_a_row.store(0, Ordering::Relaxed);
            return;
        }
        let n = self.in_a_row.fetch_add(1, Ordering::Relaxed) + 1;
        if n >= self.options.give_up_after
            && !self.succeeded.load(Ordering::Relaxed)
            && !self.dead.swap(true, Ordering::Relaxed)
        {
            log::warn!("{n} tile requests failed in a row ({problem}); not asking for the rest");
        }
    }
}

/// Removes `url`'s answer from the cache, so that the next fetch asks the server again.
async fn forget(cache: &CACacheManager, url: &str) {
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return;
    };
    // The cache's own key: method and URI.
    if let Err(err) = cache.delete(&format!("GET:{parsed}")).await {
        log::debug!("cannot remove {} from the tile cache: {err}", redact(url));
    }
}

/// Takes tiles from the shared queue until it is empty, the deadline passes or the server is
/// taken for dead; returns the tiles it got, by index.
async fn worker(shared: Arc<Shared>) -> Vec<(usize, image::RgbaImage)> {
    let mut got = Vec::new();
    while !shared.dead.load(Ordering::Relaxed) && Instant::now() < shared.deadline {
        let i = shared.next.fetch_add(1, Ordering::Relaxed);
        let Some(url) = shared.urls.get(i) else {
            break;
        };
        let Some(url) = url else {
            continue;
        };
        match tokio::time::timeout_at(shared.deadline, shared.tiles.fetch(url)).await {
            Ok(Ok(image)) => {
                shared.succeeded.store(true, Ordering::Relaxed);
                shared.in_a_row.store(0, Ordering::Relaxed);
                got.push((i, image));
            }
            Ok(Err(problem)) => shared.failed(url, problem),
            Err(_) => shared.failed(url, Problem::NoAnswer(shared.options.deadline)),
        }
    }
    got
}

/// Fetches `tiles` through the window's tile cache, a few at a time, all within
/// `options.deadline`; each answer is the decoded RGBA image, or `None` when that tile could not
/// be had (failed, refused, skipped once the server was plainly dead, or past the deadline).
#[must_use]
pub fn fetch_tiles(
    choice: &TileChoice,
    tiles: &[TileKey],
    options: &TileFetchOptions,
) -> TileFetch {
    let urls: Vec<Option<String>> = tiles.iter().map(|t| tile_url(choice, *t)).collect();
    let mut out = TileFetch {
        images: vec![None; tiles.len()],
        problem: None,
    };
    if urls.iter().all(Option::is_none) {
        return out;
    }
    let Some(runtime) = super::http::runtime() else {
        out.problem = Some(Problem::Failed);
        return out;
    };
    let workers = options.parallel.clamp(1, urls.len());
    // Built inside the runtime, whose timer and executor the client's connector uses.
    let Some(shared) = runtime.block_on(async { Shared::new(urls, options) }) else {
        out.problem = Some(Problem::Failed);
        return out;
    };
    let shared = Arc::new(shared);
    let found = runtime.block_on(async {
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..workers {
            set.spawn(worker(Arc::clone(&shared)));
        }
        let mut found = Vec::new();
        while let Some(done) = set.join_next().await {
            match done {
                Ok(got) => found.extend(got),
                Err(err) => log::warn!("a tile worker stopped: {err}"),
            }
        }
        found
    });
    for (i, image) in found {
        if let Some(slot) = out.images.get_mut(i) {
            *slot = Some(image);
        }
    }
    out.problem = shared.problem.lock().ok().and_then(|p| *p);
    if shared.dead.load(Ordering::Relaxed) {
        log::warn!("the tile server failed every request; the offline basemap shows instead");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(side: u32) -> Vec<u8> {
        let rgba = vec![200u8; (side * side * 4) as usize];
        crate::raster::encode_png(side, side, &rgba, &[]).unwrap_or_default()
    }

    #[test]
    fn a_small_png_decodes_and_html_does_not() {
        let image = decode_tile(&png(256), 1024);
        assert!(image.is_ok_and(|i| i.dimensions() == (256, 256)));
        assert!(decode_tile(b"<html>Log in to the Wi-Fi</html>", 1024).is_err());
        assert!(decode_tile(b"", 1024).is_err());
    }

    #[test]
    fn a_png_header_claiming_60000_px_a_side_is_refused_before_decoding() {
        // A valid PNG signature and IHDR for 60000 x 60000 RGBA, and no pixel data.
        let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&60_000u32.to_be_bytes());
        ihdr.extend_from_slice(&60_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
        bytes.extend_from_slice(&13u32.to_be_bytes());
        bytes.extend_from_slice(&ihdr);
        bytes.extend_from_slice(&crc32(&ihdr).to_be_bytes());
        let err = decode_tile(&bytes, 1024).unwrap_err();
        assert!(err.to_string().contains("1024 px"), "{err}");
        // A real PNG over the limit is refused too.
        assert!(decode_tile(&png(2000), 1024).is_err());
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in data {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn the_tile_deadline_defaults_to_ten_seconds() {
        assert_eq!(
            TileFetchOptions::default().deadline,
            Duration::from_secs(10)
        );
    }
}
