//! Online tiles (OpenStreetMap or a user's XYZ server) drawn over the offline basemap.
//!
//! They are fetched on a worker thread the way exports fetch theirs ([`TileClient`]): through
//! Koridor's HTTP tile cache, every redirect held to [`crate::net::allowed`], bodies capped
//! before they are cached, images decoded with size limits, and an answer that is not a tile
//! removed from the cache so that it is asked for again. Within OpenStreetMap's tile usage
//! policy, only tiles being shown are asked for (no prefetching), at most 6 at a time, with
//! Koridor's User-Agent, and the cache honours the server's headers. The frame never waits: it
//! turns images that have arrived into textures and shows a lower-zoom tile meanwhile.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use egui::{ColorImage, Context, Rect, TextureHandle, TextureOptions, pos2};
use walkers::sources::{Attribution, TileSource};
use walkers::{Tile, TileId, TilePiece, Tiles};

use super::offline_tiles::stand_in;
use crate::net::{
    Problem, TemplateSource, TileChoice, TileClient, TileFetchOptions, redact, tile_url,
};

/// Tiles kept as textures.
const CACHE_TILES: usize = 256;
/// Requests kept waiting; older ones are dropped when the view has moved on.
const QUEUE_LIMIT: usize = 128;
/// Downloads at a time, at most (OpenStreetMap's tile usage policy).
const MAX_PARALLEL: usize = 6;
/// Failures remembered before the expired ones are forgotten.
const FAILURES_KEPT: usize = 4096;

/// How the window's online tiles are fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnlineTileOptions {
    /// How each tile is fetched: `deadline` is the time limit of one request, `parallel` the
    /// downloads at a time (at most 6), and the cache folder, body cap and image size limit.
    pub fetch: TileFetchOptions,
    /// A tile that failed is asked for again after this long, not every frame.
    pub retry_after: Duration,
}

impl Default for OnlineTileOptions {
    fn default() -> Self {
        Self {
            fetch: TileFetchOptions::default(),
            retry_after: Duration::from_secs(60),
        }
    }
}

/// A tile's image, ready for a texture, or why it could not be had.
type Fetched = (TileId, Result<ColorImage, Problem>);

/// Tiles waiting for the worker, newest last.
#[derive(Default)]
struct Queue {
    requests: VecDeque<(TileId, String)>,
    shutdown: bool,
    /// The worker could not start: every request fails at once.
    broken: bool,
}

/// What the window and its worker share.
#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    /// Wakes the worker: a new request, a finished download, or the end.
    wake: tokio::sync::Notify,
}

impl Shared {
    fn queue(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// An online tile layer.
pub struct OnlineTiles {
    ctx: Context,
    choice: TileChoice,
    attribution: Attribution,
    cache: HashMap<TileId, TextureHandle>,
    age: VecDeque<TileId>,
    /// Asked for and not answered yet (waiting or downloading).
    pending: HashSet<TileId>,
    /// Tiles that could not be had, and when.
    failures: HashMap<TileId, Instant>,
    retry_after: Duration,
    /// Tiles asked for in this frame, and those of them that have failed.
    wanted: HashSet<TileId>,
    failed_now: HashSet<TileId>,
    failed: usize,
    problem: Option<Problem>,
    shared: Arc<Shared>,
    results: Receiver<Fetched>,
    worker: Option<JoinHandle<()>>,
}

impl OnlineTiles {
    /// The layer for `choice`, or `None` for the offline basemap alone.
    #[must_use]
    pub fn new(choice: &TileChoice, ctx: &Context) -> Option<Self> {
        Self::with_options(choice, ctx, OnlineTileOptions::default())
    }

    /// As [`OnlineTiles::new`], fetching as `options` say (e.g. into another cache folder).
    /// `None` also when the worker thread cannot be started (logged).
    #[must_use]
    pub fn with_options(
        choice: &TileChoice,
        ctx: &Context,
        options: OnlineTileOptions,
    ) -> Option<Self> {
        let attribution = match choice {
            TileChoice::Offline | TileChoice::Archive(_) => return None,
            TileChoice::Osm => walkers::sources::OpenStreetMap.attribution(),
            TileChoice::Template(template) => TemplateSource {
                template: template.clone(),
            }
            .attribution(),
        };
        let shared = Arc::new(Shared::default());
        let (send, results) = channel();
        let (worker_shared, worker_ctx) = (Arc::clone(&shared), ctx.clone());
        let fetch = options.fetch;
        let spawned = std::thread::Builder::new()
            .name("koridor-online-tiles".into())
            .spawn(move || worker(&worker_shared, &send, &worker_ctx, &fetch));
        let worker = match spawned {
            Ok(handle) => handle,
            Err(err) => {
                log::error!("cannot start the online tile loader: {err}");
                return None;
            }
        };
        Some(Self {
            ctx: ctx.clone(),
            choice: choice.clone(),
            attribution,
            cache: HashMap::new(),
            age: VecDeque::new(),
            pending: HashSet::new(),
            failures: HashMap::new(),
            retry_after: options.retry_after,
            wanted: HashSet::new(),
            failed_now: HashSet::new(),
            failed: 0,
            problem: None,
            shared,
            results,
            worker: Some(worker),
        })
    }

    /// Call before the map is drawn: starts counting this frame's tiles.
    pub fn begin_frame(&mut self) {
        self.wanted.clear();
        self.failed_now.clear();
    }

    /// Call after the map is drawn: counts the shown tiles that failed, and drops the waiting
    /// requests for tiles no longer shown (only what is shown is downloaded).
    pub fn end_frame(&mut self) {
        self.failed = self.failed_now.len();
        let mut queue = self.shared.queue();
        let before = queue.requests.len();
        let (wanted, pending) = (&self.wanted, &mut self.pending);
        queue.requests.retain(|(id, _)| {
            let keep = wanted.contains(id);
            if !keep {
                pending.remove(id);
            }
            keep
        });
        if queue.requests.len() != before {
            log::trace!("{} tile requests dropped", before - queue.requests.len());
        }
    }

    /// Tiles shown in the last frame that could not be had (the offline basemap shows there).
    #[must_use]
    pub fn failed(&self) -> usize {
        self.failed
    }

    /// Tiles asked for and not answered yet (waiting or downloading).
    #[must_use]
    pub fn loading(&self) -> usize {
        self.pending.len()
    }

    /// Why the last tile that failed could not be had.
    #[must_use]
    pub fn last_problem(&self) -> Option<Problem> {
        self.problem
    }

    /// The attribution the tile provider requires.
    #[must_use]
    pub(crate) fn attribution(&self) -> Attribution {
        self.attribution.clone()
    }

    /// Takes in the tiles that have arrived: images become textures, failures are remembered.
    fn receive(&mut self) {
        while let Ok((id, result)) = self.results.try_recv() {
            self.pending.remove(&id);
            match result {
                Ok(image) => {
                    let name = format!("koridor-online-tile-{}-{}-{}", id.zoom, id.x, id.y);
                    let texture = self.ctx.load_texture(name, image, TextureOptions::LINEAR);
                    self.failures.remove(&id);
                    self.cache.insert(id, texture);
                    self.age.push_back(id);
                    while self.age.len() > CACHE_TILES {
                        if let Some(old) = self.age.pop_front() {
                            self.cache.remove(&old);
                        }
                    }
                }
                Err(problem) => self.fail(id, problem),
            }
        }
    }

    fn fail(&mut self, id: TileId, problem: Problem) {
        if self.problem != Some(problem) {
            log::warn!("online tiles: {problem}; the offline basemap shows instead");
        }
        self.problem = Some(problem);
        self.failures.insert(id, Instant::now());
        if self.failures.len() > FAILURES_KEPT {
            let retry_after = self.retry_after;
            self.failures.retain(|_, when| when.elapsed() < retry_after);
        }
    }

    /// Asks the worker for `id` (newest first), unless it is already asked for.
    fn request(&mut self, id: TileId) {
        if self.pending.contains(&id) {
            return;
        }
        let Some(url) = tile_url(&self.choice, (id.zoom, id.x, id.y)) else {
            return;
        };
        let mut queue = self.shared.queue();
        if queue.broken {
            drop(queue);
            self.fail(id, Problem::Failed);
            return;
        }
        self.pending.insert(id);
        queue.requests.push_back((id, url));
        while queue.requests.len() > QUEUE_LIMIT {
            if let Some((dropped, _)) = queue.requests.pop_front() {
                self.pending.remove(&dropped);
            }
        }
        drop(queue);
        self.shared.wake.notify_one();
    }

    /// Whether `id` failed recently (it is then not asked for again yet).
    fn failed_recently(&self, id: TileId) -> bool {
        self.failures
            .get(&id)
            .is_some_and(|when| when.elapsed() < self.retry_after)
    }
}

impl Drop for OnlineTiles {
    fn drop(&mut self) {
        self.shared.queue().shutdown = true;
        self.shared.wake.notify_one();
        // Not joined, so that switching the tile source never waits: the worker cancels its
        // downloads and ends on its own (within a second for a cache write to finish).
        if let Some(worker) = self.worker.take() {
            log::debug!("online tile loader stopping: {:?}", worker.thread().name());
        }
    }
}

impl Tiles for OnlineTiles {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        self.receive();
        self.wanted.insert(tile_id);
        if let Some(texture) = self.cache.get(&tile_id) {
            return Some(TilePiece::new(
                Tile::Raster(texture.clone()),
                Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
            ));
        }
        if self.failed_recently(tile_id) {
            self.failed_now.insert(tile_id);
        } else {
            self.request(tile_id);
        }
        stand_in(&self.cache, tile_id)
    }

    fn attribution(&self) -> Attribution {
        self.attribution.clone()
    }

    fn tile_size(&self) -> u32 {
        256
    }

    fn stats(&self) -> walkers::Stats {
        walkers::Stats {
            in_progress: self.pending.len(),
        }
    }
}

/// The worker thread: a Tokio runtime of its own and one [`TileClient`] for the layer's life.
/// If either cannot be made, every request fails at once.
fn worker(shared: &Arc<Shared>, send: &Sender<Fetched>, ctx: &Context, options: &TileFetchOptions) {
    let Some(runtime) = crate::net::runtime() else {
        break_queue(shared, send, ctx);
        return;
    };
    // Built inside the runtime, whose timer and executor the client's connector uses.
    let Some(client) = runtime.block_on(async { TileClient::new(options) }) else {
        break_queue(shared, send, ctx);
        return;
    };
    let parallel = options.parallel.clamp(1, MAX_PARALLEL);
    runtime.block_on(serve(shared, &Arc::new(client), send, ctx, parallel));
    // Downloads still running were cancelled; cache writes get a moment to finish.
    runtime.shutdown_timeout(Duration::from_secs(1));
}

/// Fails what is waiting, and makes every later request fail at once.
fn break_queue(shared: &Shared, send: &Sender<Fetched>, ctx: &Context) {
    let mut queue = shared.queue();
    queue.broken = true;
    for (id, _) in queue.requests.drain(..) {
        let _ = send.send((id, Err(Problem::Failed)));
    }
    ctx.request_repaint();
}

/// Starts downloads, newest request first and a few at a time, until the layer is dropped.
async fn serve(
    shared: &Arc<Shared>,
    client: &Arc<TileClient>,
    send: &Sender<Fetched>,
    ctx: &Context,
    parallel: usize,
) {
    let mut running = tokio::task::JoinSet::new();
    loop {
        while running.try_join_next().is_some() {}
        let mut starting = Vec::new();
        {
            let mut queue = shared.queue();
            if queue.shutdown {
                return;
            }
            while running.len() + starting.len() < parallel {
                match queue.requests.pop_back() {
                    Some(request) => starting.push(request),
                    None => break,
                }
            }
        }
        for (id, url) in starting {
            running.spawn(download(
                Arc::clone(shared),
                Arc::clone(client),
                send.clone(),
                ctx.clone(),
                (id, url),
            ));
        }
        shared.wake.notified().await;
    }
}

/// Downloads one tile within the request's time limit and hands it to the window.
async fn download(
    shared: Arc<Shared>,
    client: Arc<TileClient>,
    send: Sender<Fetched>,
    ctx: Context,
    (id, url): (TileId, String),
) {
    let limit = client.limit();
    let result = match tokio::time::timeout(limit, client.fetch(&url)).await {
        Ok(result) => result,
        Err(_) => Err(Problem::NoAnswer(limit)),
    };
    let result = result.map(|image| {
        let size = [image.width() as usize, image.height() as usize];
        ColorImage::from_rgba_unmultiplied(size, image.as_raw())
    });
    if let Err(problem) = &result {
        log::debug!("{}: {problem}", redact(&url));
    }
    if send.send((id, result)).is_ok() {
        ctx.request_repaint();
    }
    shared.wake.notify_one();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finished_within(handle: &JoinHandle<()>, limit: Duration) -> bool {
        let started = Instant::now();
        while started.elapsed() < limit {
            if handle.is_finished() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    #[test]
    fn the_offline_choice_has_no_online_layer() {
        assert!(OnlineTiles::new(&TileChoice::Offline, &Context::default()).is_none());
    }

    #[test]
    fn dropping_the_layer_ends_its_thread_even_while_a_tile_hangs() {
        // A server that accepts connections (the kernel does) and never answers.
        let Ok(listener) = std::net::TcpListener::bind("127.0.0.1:0") else {
            return;
        };
        let Ok(address) = listener.local_addr() else {
            return;
        };
        let choice = TileChoice::Template(format!("http://{address}/{{z}}/{{x}}/{{y}}.png"));
        let cache = std::env::temp_dir().join(format!("koridor-online-test-{}", address.port()));
        let options = OnlineTileOptions {
            fetch: TileFetchOptions {
                deadline: Duration::from_secs(60),
                cache_dir: cache.clone(),
                ..TileFetchOptions::default()
            },
            ..OnlineTileOptions::default()
        };
        let ctx = Context::default();
        let mut tiles = OnlineTiles::with_options(&choice, &ctx, options);
        let handle = tiles.as_mut().and_then(|t| t.worker.take());
        if let Some(tiles) = &mut tiles {
            tiles.begin_frame();
            assert!(
                tiles
                    .at(TileId {
                        x: 1,
                        y: 1,
                        zoom: 2
                    })
                    .is_none()
            );
            tiles.end_frame();
            assert_eq!(tiles.loading(), 1);
        }
        // Let the request start.
        std::thread::sleep(Duration::from_millis(200));
        drop(tiles);
        let ended = handle.is_some_and(|h| finished_within(&h, Duration::from_secs(10)));
        let _ = std::fs::remove_dir_all(cache);
        assert!(ended, "the worker thread did not end");
    }
}
