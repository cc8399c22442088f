//! Files written atomically: a temporary file created exclusively (a fresh random name, never
//! opened through a link) beside the target, flushed to disk, then renamed over it, so a reader
//! sees the old file or the new one, never half of one. Only a regular file is ever replaced:
//! never a link, a device, a FIFO or a folder. The temporary file is removed on failure, and on
//! Ctrl+C once [`remove_temporaries_on_interrupt`] has been called.

use std::fs::{File, FileType};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

/// Why a file could not be written. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The folder does not exist.
    #[error("{path}: the folder {folder} does not exist")]
    NoFolder {
        /// The file asked for.
        path: PathBuf,
        /// Its folder.
        folder: PathBuf,
    },
    /// Something other than a regular file stands at the path.
    #[error(
        "{path}: this is {what}, not a regular file; Koridor replaces only regular files{hint}"
    )]
    NotRegular {
        /// The file asked for.
        path: PathBuf,
        /// What stands there ("a FIFO (named pipe)", "a symbolic link", ...).
        what: &'static str,
        /// What to do instead.
        hint: &'static str,
    },
    /// Writing failed (read-only folder, disk full, ...).
    #[error("{path}: cannot write: {source}")]
    Io {
        /// The file asked for.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
}

/// Temporary files being written now, removed by the interrupt handler.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes the temporary files of writes under way when the process is interrupted (Ctrl+C,
/// `SIGTERM`, `SIGHUP`), then exits with 130. Call once, early in `main`.
pub fn remove_temporaries_on_interrupt() {
    let installed = ctrlc::set_handler(|| {
        for temp in pending().drain(..) {
            let _ = std::fs::remove_file(temp);
        }
        std::process::exit(130);
    });
    if let Err(err) = installed {
        log::warn!(
            "cannot watch for Ctrl+C, so an interrupted write may leave a temporary file: {err}"
        );
    }
}

/// What a file type is, in words, if it is not a regular file.
fn not_regular(kind: FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    if kind.is_symlink() {
        Some("a symbolic link")
    } else if kind.is_dir() {
        Some("a folder")
    } else if kind.is_file() {
        None
    } else {
        Some("not a regular file")
    }
}

/// Checks that `path` is absent or a regular file (not followed if it is a link).
///
/// # Errors
/// [`WriteError::NotRegular`] naming what stands there.
fn check_replaceable(path: &Path) -> Result<Option<std::fs::Metadata>, WriteError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) => match not_regular(meta.file_type()) {
            None => Ok(Some(meta)),
            Some(what) => Err(WriteError::NotRegular {
                path: path.to_path_buf(),
                what,
                hint: if what == "a folder" {
                    ": name a file in it"
                } else {
                    " (for standard output, use -)"
                },
            }),
        },
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(WriteError::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Checks, before any work, that [`write_atomic`] could write `path`: its folder exists and
/// nothing but a regular file stands there. Returns the folder and what stands there now.
///
/// # Errors
/// [`WriteError::NoFolder`] or [`WriteError::NotRegular`].
pub(crate) fn check_target(
    path: &Path,
) -> Result<(PathBuf, Option<std::fs::Metadata>), WriteError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(WriteError::NoFolder {
            path: path.to_path_buf(),
            folder,
        });
    }
    Ok((folder, check_replaceable(path)?))
}

/// Writes `bytes` to `path` atomically (see the module's documentation). A file already at
/// `path` keeps its permissions.
///
/// # Errors
/// [`WriteError`] naming `path`; then `path` is untouched and no temporary file is left.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, |file| file.write_all(bytes))
}

/// As [`write_atomic`], with the content streamed into the temporary file by `write` (an
/// encoder writing as it goes needs no copy of the whole file in memory).
///
/// # Errors
/// As [`write_atomic`], or the error `write` returned.
pub(crate) fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let (folder, existing) = check_target(path)?;
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".koridor-").suffix(".tmp");
    #[cfg(unix)]
    {
        // As `File::create` would: read and write for all, less the user's umask.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(&folder).map_err(io)?;
    let temp_path = temp.path().to_path_buf();
    pending().push(temp_path.clone());
    let result = (|| {
        if let Some(meta) = &existing {
            temp.as_file().set_permissions(meta.permissions())?;
        }
        let mut buffered = std::io::BufWriter::new(temp.as_file_mut());
        write(&mut buffered)?;
        buffered.flush()?;
        drop(buffered);
        temp.as_file().sync_all()?;
        // Checked again just before the rename: something may have been put there meanwhile.
        check_replaceable(path).map_err(std::io::Error::other)?;
        temp.persist(path).map(drop).map_err(|e| e.error)
    })();
    pending().retain(|p| *p != temp_path);
    // On failure `temp` was dropped inside the closure or by `persist`, removing the file.
    result.map_err(io)
}

/// Opens `path` for reading only if it is a regular file (a link to one is fine), so that a FIFO
/// or a device given as input never blocks or is read without end.
///
/// # Errors
/// An [`std::io::Error`] saying what stands there instead.
pub(crate) fn open_regular(path: &Path) -> std::io::Result<File> {
    let refuse_other = |kind: FileType| match not_regular(kind) {
        Some(what) => Err(std::io::Error::other(format!(
            "this is {what}, not a regular file"
        ))),
        None => Ok(()),
    };
    refuse_other(std::fs::metadata(path)?.file_type())?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // If a FIFO was swapped in after the check, opening it must not wait for a writer.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    refuse_other(file.metadata()?.file_type())?;
    Ok(file)
}

/// Reads at most `limit` bytes of a regular file (see [`open_regular`]).
///
/// # Errors
/// As [`open_regular`], or the read failed.
pub(crate) fn read_regular(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    open_regular(path)?.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_is_written_whole_and_no_temporary_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.png");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(names_in(dir.path()), ["a.png"]);
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomic(&dir.path().join("no/such/a.png"), b"x").unwrap_err();
        assert!(matches!(err, WriteError::NoFolder { .. }), "{err}");
        assert!(err.to_string().contains("does not exist"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_at_the_target_is_refused_and_its_target_kept() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        std::fs::write(&victim, b"keep me").unwrap();
        let link = dir.path().join("out.png");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        let err = write_atomic(&link, b"png").unwrap_err();
        assert!(err.to_string().contains("a symbolic link"), "{err}");
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(names_in(dir.path()), ["out.png", "victim.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_at_the_target_is_refused_and_not_replaced() {
        let err = write_atomic(Path::new("/dev/null"), b"png").unwrap_err();
        assert!(err.to_string().contains("a device"), "{err}");
        let kind = std::fs::symlink_metadata("/dev/null").unwrap().file_type();
        assert!(std::os::unix::fs::FileTypeExt::is_char_device(&kind));
    }

    #[test]
    fn a_folder_at_the_target_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomic(dir.path(), b"png").unwrap_err();
        assert!(err.to_string().contains("a folder"), "{err}");
    }

    #[test]
    fn a_file_name_of_255_bytes_can_be_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{}.png", "k".repeat(251)));
        write_atomic(&path, b"png").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"png");
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_file_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.geojson");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"new").unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_not_opened_for_reading() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let err = open_regular(&fifo).unwrap_err();
        assert!(err.to_string().contains("FIFO"), "{err}");
    }
}
