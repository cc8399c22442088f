//! The window's dataset: opened from a file, a URL or dropped on the window, reloaded with F5
//! and when the file changes, saved with Save As. A load runs off the UI thread; a bad dataset
//! never replaces the good one — the window keeps it and shows why.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, SystemTime};

use super::job::{Job, take_finished};
use super::{Action, KoridorApp};
use crate::fs::write_atomic;
use crate::net::RemoteOptions;
use crate::scene::RouteIndex;
use crate::source::{DataSource, Loaded, load};

/// A dataset load: the source asked for and what came of it.
/// A finished load: the source, and the dataset with its routes indexed (built on the loading
/// thread, not in a frame) or the problems found.
type Load = (DataSource, Result<(Loaded, RouteIndex), Vec<String>>);

/// How often a local dataset file is checked for changes.
const WATCH_EVERY: Duration = Duration::from_millis(700);

/// Where the dataset came from and what is going on with it.
pub(crate) struct DataState {
    source: DataSource,
    /// Its bytes, for Save As.
    bytes: std::borrow::Cow<'static, [u8]>,
    /// Something to tell the user about it (e.g. a cached copy's age).
    note: Option<String>,
    remote: RemoteOptions,
    /// A source being loaded.
    loading: Option<DataSource>,
    job: Option<Job<Load>>,
    watch: Option<(Arc<AtomicBool>, Receiver<()>)>,
}

impl DataState {
    /// The state for a dataset loaded from `source`.
    #[must_use]
    pub(crate) fn new(
        source: DataSource,
        bytes: std::borrow::Cow<'static, [u8]>,
        remote: RemoteOptions,
    ) -> Self {
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

    /// The source of the dataset shown.
    #[must_use]
    pub(crate) fn source(&self) -> &DataSource {
        &self.source
    }

    /// The source being loaded, if any.
    #[must_use]
    pub(crate) fn loading(&self) -> Option<&DataSource> {
        self.loading.as_ref()
    }

    /// Something to tell the user about the dataset (e.g. a cached copy's age).
    #[must_use]
    pub(crate) fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Writes the dataset as loaded to `path`, atomically.
    ///
    /// # Errors
    /// The reason, naming the file.
    pub(crate) fn save_as(&self, path: &Path) -> Result<(), String> {
        write_atomic(path, &self.bytes).map_err(|e| e.to_string())
    }

    /// Starts loading `source` in the background.
    ///
    /// # Errors
    /// The load could not be started.
    fn start(&mut self, ctx: &egui::Context, source: DataSource) -> Result<(), String> {
        let remote = self.remote.clone();
        let wanted = source.clone();
        let job = Job::spawn("koridor-load", ctx, move || {
            let result = load(&wanted, &remote).map(|loaded| {
                let index = RouteIndex::new(&loaded.dataset);
                (loaded, index)
            });
            (wanted, result)
        })
        .map_err(|err| format!("cannot start loading: {err}"))?;
        self.loading = Some(source);
        self.job = Some(job);
        Ok(())
    }

    /// What happened since the last frame, as actions: files dropped on the window, the file
    /// changing on disk, a load finishing.
    pub(crate) fn poll(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut out = Vec::new();
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
            out.push(Action::OpenSource(DataSource::File(path)));
        }
        let changed = self
            .watch
            .as_ref()
            .is_some_and(|(_, changes)| changes.try_iter().count() > 0);
        if changed && self.job.is_none() {
            log::info!("{} changed; reloading", self.source.label());
            out.push(Action::Reload);
        }
        match take_finished(&mut self.job) {
            None => {}
            Some(None) => self.loading = None,
            Some(Some((source, result))) => {
                self.loading = None;
                out.push(match result {
                    Ok((loaded, index)) => Action::Loaded(source, Box::new((loaded, index))),
                    Err(lines) => Action::LoadFailed(lines),
                });
            }
        }
        out
    }

    /// Takes in a loaded dataset's bytes and note; a new source is watched for changes.
    fn adopt(
        &mut self,
        source: DataSource,
        loaded_bytes: std::borrow::Cow<'static, [u8]>,
        note: Option<String>,
    ) -> bool {
        self.note = note;
        self.bytes = loaded_bytes;
        let same_source = self.source == source;
        self.source = source;
        if !same_source {
            self.watch_file();
        }
        !same_source
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
    pub(super) fn open_source(&mut self, ctx: &egui::Context, source: DataSource) {
        if let Err(problem) = self.data.start(ctx, source) {
            self.ui.set_data_problems(vec![problem]);
        }
    }

    /// Reloads the current source (F5).
    pub(super) fn reload(&mut self, ctx: &egui::Context) {
        let source = self.data.source().clone();
        self.open_source(ctx, source);
    }

    /// Save As from the prompt: writes the file and shows the outcome in the prompt.
    pub(super) fn save_as_from_prompt(&mut self, path: &Path) {
        let lang = self.ui.lang();
        let result = self.data.save_as(path).map(|()| {
            crate::i18n::trf(
                "Saved {path}",
                lang,
                &[("path", path.display().to_string())],
            )
        });
        if let Some(prompt) = &mut self.prompt {
            prompt.message = Some(result);
        }
    }

    /// Shows a loaded dataset in place of the current one, keeping the selected route if it is
    /// still there; a new source's latest event becomes the shown moment.
    pub(super) fn replace_dataset(
        &mut self,
        source: DataSource,
        loaded: Loaded,
        index: RouteIndex,
    ) {
        let selected_id = self
            .view
            .selected()
            .and_then(|i| self.model.dataset().corridors.get(i))
            .map(|c| c.id.clone());
        self.model.replace(loaded.dataset, index);
        let data = self.model.dataset();
        let selected = selected_id.and_then(|id| data.index_of(&id));
        let latest = data.latest_event();
        let leave_out = crate::scene::named_places(data);
        self.view.select(selected, false);
        self.ui.set_data_problems(Vec::new());
        let new_source = self.data.adopt(source, loaded.bytes, loaded.note);
        let span = self.model.span();
        if let (true, Some(latest)) = (new_source, latest) {
            self.view.set_time(latest, span);
        } else {
            self.view.set_time(self.view.at(), span);
        }
        self.tiles
            .set_labels(crate::basemap::LabelCache::leaving_out(leave_out));
        self.scene_cache.clear();
        self.trim.again();
    }
}
