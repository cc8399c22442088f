//! The window's dataset: opened from a file, a URL or dropped on the window, reloaded with F5
//! and when the file changes, saved with Save As. A load runs off the UI thread; a bad dataset
//! never replaces the good one — the window keeps it and shows why.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::{Duration, SystemTime};

use super::KoridorApp;
use crate::fs::write_atomic;
use crate::net::RemoteOptions;
use crate::source::{DataSource, Loaded, load};

type Job = Receiver<(DataSource, Result<Loaded, Vec<String>>)>;

/// How often a local dataset file is checked for changes.
const WATCH_EVERY: Duration = Duration::from_millis(700);

/// Where the dataset came from and what is going on with it.
pub struct DataState {
    /// The source of the dataset shown.
    pub source: DataSource,
    /// Its bytes, for Save As.
    pub bytes: Vec<u8>,
    /// Something to tell the user about it (e.g. a cached copy's age).
    pub note: Option<String>,
    /// Options for remote datasets.
    pub remote: RemoteOptions,
    /// A source being loaded.
    pub loading: Option<DataSource>,
    job: Option<Job>,
    watch: Option<(Arc<AtomicBool>, Receiver<()>)>,
}

impl DataState {
    /// The state for a dataset loaded from `source`.
    #[must_use]
    pub fn new(source: DataSource, bytes: Vec<u8>, remote: RemoteOptions) -> Self {
        let mut state = Self {
            source,
            bytes,
            note: None,
            remote,
            loading: None,
            job: None,
            watch: None,
        };
        state.watch_file();
        state
    }

    fn watch_file(&mut self) {
        if let Some((stop, _)) = self.watch.take() {
            stop.store(true, Ordering::Relaxed);
        }
        let DataSource::File(path) = &self.source else {
            return;
        };
        let stop = Arc::new(AtomicBool::new(false));
        let (send, changes) = channel();
        let thread_stop = Arc::clone(&stop);
        let path = path.clone();
        let spawned = std::thread::Builder::new()
            .name("koridor-watch".into())
            .spawn(move || watch(&path, &thread_stop, &send));
        if spawned.is_ok() {
            self.watch = Some((stop, changes));
        }
    }
}

impl Drop for DataState {
    fn drop(&mut self) {
        if let Some((stop, _)) = &self.watch {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn watch(path: &Path, stop: &AtomicBool, send: &Sender<()>) {
    let mut last = modified(path);
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(WATCH_EVERY);
        let now = modified(path);
        if now != last {
            last = now;
            if send.send(()).is_err() {
                return;
            }
        }
    }
}

impl KoridorApp {
    /// Starts loading `source` in the background; the current dataset stays until it is done.
    pub fn open_source(&mut self, ctx: &egui::Context, source: DataSource) {
        let (send, job) = channel();
        let remote = self.data.remote.clone();
        let ctx = ctx.clone();
        let wanted = source.clone();
        let spawned = std::thread::Builder::new()
            .name("koridor-load".into())
            .spawn(move || {
                let result = load(&wanted, &remote);
                let _ = send.send((wanted, result));
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.data.loading = Some(source);
                self.data.job = Some(job);
            }
            Err(err) => self.data_problems = vec![format!("cannot start loading: {err}")],
        }
    }

    /// Reloads the current source (F5).
    pub fn reload(&mut self, ctx: &egui::Context) {
        let source = self.data.source.clone();
        self.open_source(ctx, source);
    }

    /// Writes the dataset as loaded to `path`, atomically.
    ///
    /// # Errors
    /// The reason, naming the file.
    pub fn save_as(&self, path: &Path) -> Result<(), String> {
        write_atomic(path, &self.data.bytes).map_err(|e| e.to_string())
    }

    /// Applies a finished load, a file change, or dropped files. Called once a frame.
    pub fn poll_data(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(path) = dropped.into_iter().find(|p| {
            p.extension().is_some_and(|e| {
                e.eq_ignore_ascii_case("geojson") || e.eq_ignore_ascii_case("json")
            })
        }) {
            self.open_source(ctx, DataSource::File(path));
        }
        let changed = self
            .data
            .watch
            .as_ref()
            .is_some_and(|(_, changes)| changes.try_iter().count() > 0);
        if changed && self.data.job.is_none() {
            log::info!("{} changed; reloading", self.data.source.label());
            self.reload(ctx);
        }
        let Some(job) = &self.data.job else { return };
        let (source, result) = match job.try_recv() {
            Ok(done) => done,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => {
                self.data.job = None;
                self.data.loading = None;
                return;
            }
        };
        self.data.job = None;
        self.data.loading = None;
        match result {
            Ok(loaded) => self.replace_dataset(ctx, source, loaded),
            Err(lines) => {
                for line in &lines {
                    log::warn!("{line}");
                }
                self.data_problems = lines;
            }
        }
    }

    fn replace_dataset(&mut self, ctx: &egui::Context, source: DataSource, loaded: Loaded) {
        let selected_id = self
            .selected
            .and_then(|i| self.dataset.corridors.get(i))
            .map(|c| c.id.clone());
        self.dataset = loaded.dataset;
        self.route_index = crate::scene::RouteIndex::new(&self.dataset);
        self.dataset_generation += 1;
        self.span = self.dataset.time_span();
        self.selected = selected_id.and_then(|id| self.dataset.index_of(&id));
        self.data_problems.clear();
        self.data.note = loaded.note;
        self.data.bytes = loaded.bytes;
        let same_source = self.data.source == source;
        self.data.source = source;
        if !same_source {
            self.data.watch_file();
            if let Some(latest) = self.dataset.latest_event() {
                self.at = latest;
            }
        }
        self.tiles = super::OfflineTiles::new(
            ctx,
            self.lang,
            crate::basemap::LabelCache::leaving_out(crate::scene::named_places(&self.dataset)),
        );
    }
}
