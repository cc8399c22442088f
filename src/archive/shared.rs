//! Archives opened once per process and shared: every frame of a time-lapse, every item of an
//! atlas and the window's tile renderer draw from the same reader, with its directory and
//! decoded tiles kept. A file replaced on disk (another size or time) is opened afresh.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::SystemTime;

use super::{Archive, ArchiveError};

/// A file as it was when opened: path, size, modification time.
type Key = (PathBuf, u64, Option<SystemTime>);
/// The archives open, by path.
type Opened = Mutex<HashMap<PathBuf, (Key, Arc<Archive>)>>;

fn opened() -> &'static Opened {
    static OPENED: OnceLock<Opened> = OnceLock::new();
    OPENED.get_or_init(Mutex::default)
}

/// The archive at `path`, opened now or earlier in this process.
///
/// # Errors
/// As [`Archive::open`].
pub fn open_shared(path: &Path) -> Result<Arc<Archive>, ArchiveError> {
    let meta = std::fs::metadata(path).map_err(|source| ArchiveError::Read {
        path: path.display().to_string(),
        source,
    })?;
    let key: Key = (path.to_path_buf(), meta.len(), meta.modified().ok());
    if let Some((k, archive)) = opened()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(path)
        && *k == key
    {
        return Ok(Arc::clone(archive));
    }
    let archive = Arc::new(Archive::open(path)?);
    opened()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(path.to_path_buf(), (key, Arc::clone(&archive)));
    Ok(archive)
}
