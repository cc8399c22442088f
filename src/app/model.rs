//! The dataset the window shows and what is derived from it once per load: the spatial index
//! of the routes and the timeline's span. Shared with export threads without copying.

use std::sync::Arc;

use crate::scene::RouteIndex;
use crate::{Dataset, Time};

/// The corridors shown, with their index and span.
pub(crate) struct Model {
    dataset: Arc<Dataset>,
    index: Arc<RouteIndex>,
    span: Option<(Time, Time)>,
    generation: u64,
}

impl Model {
    /// The model of `dataset`.
    #[must_use]
    pub(crate) fn new(dataset: Dataset) -> Self {
        let index = RouteIndex::new(&dataset);
        Self::with_index(dataset, index)
    }

    /// The model of `dataset` with its routes already indexed (`index` is
    /// `RouteIndex::new(&dataset)`, built by the thread that loaded it).
    fn with_index(dataset: Dataset, index: RouteIndex) -> Self {
        Self {
            index: Arc::new(index),
            span: dataset.time_span(),
            dataset: Arc::new(dataset),
            generation: 0,
        }
    }

    /// Replaces the dataset (after a load) and its index, rebuilding what else depends on it.
    pub(super) fn replace(&mut self, dataset: Dataset, index: RouteIndex) {
        let generation = self.generation + 1;
        *self = Self::with_index(dataset, index);
        self.generation = generation;
    }

    /// The dataset.
    #[must_use]
    pub(crate) fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// The dataset, to hand to a background job.
    #[must_use]
    pub(crate) fn shared(&self) -> Arc<Dataset> {
        Arc::clone(&self.dataset)
    }

    /// The routes projected and indexed.
    #[must_use]
    pub(crate) fn index(&self) -> &RouteIndex {
        &self.index
    }

    /// The index, to hand to a background job.
    #[must_use]
    pub(crate) fn shared_index(&self) -> Arc<RouteIndex> {
        Arc::clone(&self.index)
    }

    /// The timeline's span (see [`Dataset::time_span`]).
    #[must_use]
    pub(crate) fn span(&self) -> Option<(Time, Time)> {
        self.span
    }

    /// The dataset's content hash, as view codes carry it.
    #[must_use]
    pub(crate) fn hash(&self) -> u32 {
        self.index.dataset_hash()
    }

    /// Bumped whenever the dataset is replaced: derived views compare it to know they are stale.
    #[must_use]
    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }
}
