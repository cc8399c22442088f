//! The embedded basemap, and a street basemap (PMTiles archive) over it when one is chosen, as
//! a walkers tile source: tiles are rendered on a background thread at the screen's pixel
//! density, cached as textures, and a missing tile is stood in for by a piece of a cached
//! lower-zoom one, so a frame never waits. The archive is opened on that thread too.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use egui::{ColorImage, Context, Rect, TextureHandle, TextureOptions, pos2};
use walkers::sources::Attribution;
use walkers::{Tile, TileId, TilePiece, Tiles};

use std::path::PathBuf;

use crate::Lang;
use crate::archive::Archive;
use crate::basemap::{Basemap, LabelCache, render_tile};

/// Tiles kept as textures (about 64 MB at 2× density).
const CACHE_TILES: usize = 256;
/// Requests kept waiting; older ones are dropped when the view has moved on.
const QUEUE_LIMIT: usize = 96;

type Request = (TileId, f32, Lang, u64);

/// What the render thread sends back.
enum Rendered {
    /// A tile (none if it could not be drawn), and the street basemap's problem with it.
    Tile(TileId, u64, Option<ColorImage>, Option<String>),
    /// The street basemap asked for, opened, or why not.
    Archive(PathBuf, Result<Arc<Archive>, String>),
}

#[derive(Default)]
struct Queue {
    requests: VecDeque<Request>,
    /// Which towns are named; swapped (not the worker) when another dataset is shown.
    labels: Arc<LabelCache>,
    /// The street basemap wanted over the embedded one.
    archive: Option<PathBuf>,
    shutdown: bool,
}

/// The street basemap, as the window knows it.
#[derive(Debug, Clone, Default)]
pub(crate) enum StreetBasemap {
    /// None asked for.
    #[default]
    None,
    /// Being opened.
    Opening(PathBuf),
    /// Open and drawn.
    Open(Arc<Archive>),
}

/// The offline basemap tile source.
pub(crate) struct OfflineTiles {
    ctx: Context,
    cache: HashMap<TileId, TextureHandle>,
    age: VecDeque<TileId>,
    pending: HashSet<TileId>,
    queue: Arc<(Mutex<Queue>, Condvar)>,
    results: Receiver<Rendered>,
    scale: f32,
    lang: Lang,
    generation: u64,
    failed: usize,
    street: StreetBasemap,
    /// Problems to tell the user once: the archive would not open, or a tile of it failed.
    problems: Vec<String>,
}

impl OfflineTiles {
    /// Starts the render thread; `labels` decides which towns are named (see
    /// [`LabelCache::leaving_out`]).
    #[must_use]
    pub(crate) fn new(ctx: &Context, lang: Lang, labels: LabelCache) -> Self {
        let queue: Arc<(Mutex<Queue>, Condvar)> = Arc::new((
            Mutex::new(Queue {
                labels: Arc::new(labels),
                ..Queue::default()
            }),
            Condvar::new(),
        ));
        let (send, results) = channel();
        let worker_queue = Arc::clone(&queue);
        let worker_ctx = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("koridor-tiles".into())
            .spawn(move || {
                super::job::in_background();
                worker(&worker_queue, &send, &worker_ctx);
            });
        if let Err(err) = spawned {
            log::error!("cannot start the tile renderer: {err}");
        }
        Self {
            ctx: ctx.clone(),
            cache: HashMap::new(),
            age: VecDeque::new(),
            pending: HashSet::new(),
            queue,
            results,
            scale: ctx.pixels_per_point(),
            lang,
            generation: 0,
            failed: 0,
            street: StreetBasemap::None,
            problems: Vec::new(),
        }
    }

    /// Draws the archive at `path` over the embedded basemap from now on (`None`: the embedded
    /// basemap alone). It is opened on the render thread; [`OfflineTiles::street`] says how
    /// that went.
    pub(crate) fn set_archive(&mut self, path: Option<PathBuf>) {
        {
            let mut queue = self.queue.0.lock().unwrap_or_else(PoisonError::into_inner);
            if queue.archive == path {
                return;
            }
            queue.archive.clone_from(&path);
            queue.requests.clear();
        }
        self.street = path.map_or(StreetBasemap::None, StreetBasemap::Opening);
        self.invalidate();
        self.queue.1.notify_all();
    }

    /// The street basemap's state.
    #[must_use]
    pub(crate) fn street(&self) -> &StreetBasemap {
        &self.street
    }

    /// Problems met since last asked (an archive that would not open, a tile that failed),
    /// each told once.
    pub(crate) fn take_problems(&mut self) -> Vec<String> {
        self.receive();
        std::mem::take(&mut self.problems)
    }

    /// Changes the language of place names; cached tiles are redrawn.
    pub(crate) fn set_lang(&mut self, lang: Lang) {
        if lang != self.lang {
            self.lang = lang;
            self.invalidate();
        }
    }

    /// Names towns by `labels` from now on (another dataset names other places itself);
    /// cached tiles are redrawn, and the render thread goes on.
    pub(crate) fn set_labels(&mut self, labels: LabelCache) {
        {
            let mut queue = self.queue.0.lock().unwrap_or_else(PoisonError::into_inner);
            queue.labels = Arc::new(labels);
            queue.requests.clear();
        }
        self.invalidate();
    }

    /// Tiles waiting to be rendered.
    #[must_use]
    pub(crate) fn loading(&self) -> usize {
        self.pending.len()
    }

    /// Tiles rendered and kept as textures.
    #[must_use]
    pub(crate) fn cached(&self) -> usize {
        self.cache.len()
    }

    /// Tiles that could not be rendered.
    #[must_use]
    pub(crate) fn failed(&self) -> usize {
        self.failed
    }

    fn invalidate(&mut self) {
        self.generation += 1;
        self.cache.clear();
        self.age.clear();
        self.pending.clear();
    }

    fn receive(&mut self) {
        while let Ok(rendered) = self.results.try_recv() {
            let (id, generation, image, problem) = match rendered {
                Rendered::Tile(id, generation, image, problem) => (id, generation, image, problem),
                Rendered::Archive(path, opened) => {
                    self.archive_opened(&path, opened);
                    continue;
                }
            };
            if generation != self.generation {
                continue;
            }
            if let Some(problem) = problem {
                self.failed += 1;
                if self.problems.len() < 3 {
                    self.problems.push(problem);
                }
            }
            self.pending.remove(&id);
            let Some(image) = image else {
                self.failed += 1;
                continue;
            };
            let name = format!("koridor-tile-{}-{}-{}", id.zoom, id.x, id.y);
            let texture = self.ctx.load_texture(name, image, TextureOptions::LINEAR);
            self.cache.insert(id, texture);
            self.age.push_back(id);
            while self.age.len() > CACHE_TILES {
                if let Some(old) = self.age.pop_front() {
                    self.cache.remove(&old);
                }
            }
        }
    }

    fn archive_opened(&mut self, path: &PathBuf, opened: Result<Arc<Archive>, String>) {
        let StreetBasemap::Opening(wanted) = &self.street else {
            return;
        };
        if wanted != path {
            return;
        }
        match opened {
            Ok(archive) => self.street = StreetBasemap::Open(archive),
            Err(err) => {
                self.street = StreetBasemap::None;
                self.problems.push(err);
            }
        }
    }

    fn request(&mut self, id: TileId) {
        if !self.pending.insert(id) {
            return;
        }
        let (lock, wake) = &*self.queue;
        let mut queue = lock.lock().unwrap_or_else(PoisonError::into_inner);
        queue
            .requests
            .push_back((id, self.scale, self.lang, self.generation));
        while queue.requests.len() > QUEUE_LIMIT {
            if let Some((dropped, ..)) = queue.requests.pop_front() {
                self.pending.remove(&dropped);
            }
        }
        wake.notify_one();
    }
}

impl Drop for OfflineTiles {
    fn drop(&mut self) {
        let (lock, wake) = &*self.queue;
        lock.lock().unwrap_or_else(PoisonError::into_inner).shutdown = true;
        wake.notify_all();
    }
}

/// While `tile_id` is missing, the part of the nearest lower-zoom tile in `cache` that covers it
/// (up to eight levels up), so the map never shows a hole.
pub(super) fn stand_in(
    cache: &HashMap<TileId, egui::TextureHandle>,
    tile_id: TileId,
) -> Option<TilePiece> {
    (1..=tile_id.zoom.min(8)).find_map(|levels| {
        let (parent, uv) = ancestor(tile_id, levels);
        cache
            .get(&parent)
            .map(|t| TilePiece::new(Tile::Raster(t.clone()), uv))
    })
}

/// Where inside a lower-zoom tile the tile `id` lies.
#[must_use]
pub(crate) fn ancestor(id: TileId, levels: u8) -> (TileId, Rect) {
    let n = 1u32 << levels;
    #[expect(
        clippy::cast_precision_loss,
        reason = "tile coordinates below 2^20 are exact in f32"
    )]
    let (fx, fy, size) = (
        (id.x % n) as f32 / n as f32,
        (id.y % n) as f32 / n as f32,
        1.0 / n as f32,
    );
    (
        TileId {
            x: id.x / n,
            y: id.y / n,
            zoom: id.zoom - levels,
        },
        Rect::from_min_max(pos2(fx, fy), pos2(fx + size, fy + size)),
    )
}

impl Tiles for OfflineTiles {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        let scale = self.ctx.pixels_per_point();
        if (scale - self.scale).abs() > f32::EPSILON {
            self.scale = scale;
            self.invalidate();
        }
        self.receive();
        if let Some(texture) = self.cache.get(&tile_id) {
            return Some(TilePiece::new(
                Tile::Raster(texture.clone()),
                Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)),
            ));
        }
        self.request(tile_id);
        stand_in(&self.cache, tile_id)
    }

    fn attribution(&self) -> Attribution {
        // The street basemap's own attribution is in the status bar (it comes from its file,
        // and walkers wants a static text).
        Attribution {
            text: "Basemap: Natural Earth, GeoNames (CC BY 4.0)",
            url: "https://www.geonames.org/",
            logo_light: None,
            logo_dark: None,
        }
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

fn worker(queue: &(Mutex<Queue>, Condvar), send: &Sender<Rendered>, ctx: &Context) {
    let basemap = match Basemap::embedded() {
        Ok(basemap) => Some(basemap),
        Err(err) => {
            log::error!("{err}");
            None
        }
    };
    let (lock, wake) = queue;
    let mut street: Option<(PathBuf, Option<Arc<Archive>>)> = None;
    loop {
        let (request, labels, wanted) = {
            let mut q = lock.lock().unwrap_or_else(PoisonError::into_inner);
            loop {
                if q.shutdown {
                    return;
                }
                let changed = q.archive.as_ref() != street.as_ref().map(|(p, _)| p);
                // Newest first: what the user looks at now.
                let request = q.requests.pop_back();
                if request.is_some() || changed {
                    break (request, Arc::clone(&q.labels), q.archive.clone());
                }
                q = wake.wait(q).unwrap_or_else(PoisonError::into_inner);
            }
        };
        if wanted.as_ref() != street.as_ref().map(|(p, _)| p) {
            street = wanted.map(|path| {
                let opened = crate::archive::open_shared(&path).map_err(|e| e.to_string());
                let archive = opened.as_ref().ok().cloned();
                let _ = send.send(Rendered::Archive(path.clone(), opened));
                ctx.request_repaint();
                (path, archive)
            });
        }
        let Some((id, scale, lang, generation)) = request else {
            continue;
        };
        let archive = street.as_ref().and_then(|(_, a)| a.as_deref());
        let (image, problem) = match basemap {
            Some(basemap) => render(basemap, &labels, archive, id, scale, lang),
            None => (None, None),
        };
        if send
            .send(Rendered::Tile(id, generation, image, problem))
            .is_err()
        {
            return;
        }
        ctx.request_repaint();
    }
}

/// One tile: the embedded basemap, with the street basemap over it when there is one.
fn render(
    basemap: &Basemap,
    labels: &LabelCache,
    archive: Option<&Archive>,
    id: TileId,
    scale: f32,
    lang: Lang,
) -> (Option<ColorImage>, Option<String>) {
    let placed = labels.get(basemap, id.zoom, lang);
    let Some(base) = render_tile(basemap, &placed, id.zoom, id.x, id.y, scale) else {
        return (None, None);
    };
    let (pixmap, problem) = match archive {
        Some(archive) => {
            let (pixmap, report) = crate::archive::render_archive_tile(
                archive,
                base,
                (id.zoom, id.x, id.y),
                scale,
                lang,
                &|p| labels.suppresses(p),
            );
            (pixmap, report.problem)
        }
        None => (base, None),
    };
    let size = [pixmap.width() as usize, pixmap.height() as usize];
    (
        Some(ColorImage::from_rgba_premultiplied(size, pixmap.data())),
        problem,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_tile_is_taken_from_the_right_quarter_of_its_parent() {
        let (parent, uv) = ancestor(
            TileId {
                x: 5,
                y: 6,
                zoom: 4,
            },
            1,
        );
        assert_eq!(
            parent,
            TileId {
                x: 2,
                y: 3,
                zoom: 3
            }
        );
        assert_eq!(uv, Rect::from_min_max(pos2(0.5, 0.0), pos2(1.0, 0.5)));
    }
}
