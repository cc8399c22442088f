//! Where an archive's bytes come from: a regular file read piece by piece at the offsets the
//! reader asks for (never the whole file in memory, and no memory map a truncated file could
//! fault through), or bytes in memory (fuzzing, tests). The `pmtiles` crate's reader is async;
//! these reads never wait, so [`block_on`] polls its futures to the end on the calling thread.

use std::fs::File;
use std::future::Future;
use std::task::{Context, Poll, Waker};

use bytes::Bytes;
use pmtiles::{AsyncBackend, BackendResponse, PmtError, PmtResult};

/// The most one read may ask for: no directory, metadata or tile is near this in a real
/// archive, and a corrupt length must not become an allocation of gigabytes.
pub(crate) const MAX_READ: usize = 32 << 20;

/// The bytes of an archive.
#[derive(Debug)]
pub(crate) enum Source {
    /// A regular file, read at offsets.
    File(File),
    /// Bytes in memory.
    Bytes(Bytes),
}

impl Source {
    fn read_now(&self, offset: u64, length: usize) -> PmtResult<Bytes> {
        if length > MAX_READ {
            return Err(PmtError::Reading(std::io::Error::other(format!(
                "a read of {length} bytes was asked for (at most {MAX_READ})"
            ))));
        }
        match self {
            Self::Bytes(bytes) => {
                let Ok(start) = usize::try_from(offset) else {
                    return Ok(Bytes::new());
                };
                let start = start.min(bytes.len());
                let end = start.saturating_add(length).min(bytes.len());
                Ok(bytes.slice(start..end))
            }
            Self::File(file) => read_at(file, offset, length).map(Bytes::from),
        }
    }
}

/// Reads up to `length` bytes at `offset`; fewer at the end of the file.
fn read_at(file: &File, offset: u64, length: usize) -> PmtResult<Vec<u8>> {
    let mut buffer = vec![0u8; length];
    let mut filled = 0;
    while filled < length {
        let at = offset.saturating_add(filled as u64);
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(file, &mut buffer[filled..], at)?;
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(file, &mut buffer[filled..], at)?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    buffer.truncate(filled);
    Ok(buffer)
}

impl AsyncBackend for Source {
    fn read(
        &self,
        offset: u64,
        length: usize,
    ) -> impl Future<Output = PmtResult<BackendResponse>> + Send {
        let result = self.read_now(offset, length).map(BackendResponse::new);
        std::future::ready(result)
    }
}

/// Runs `future` to its end on this thread. The archive's futures never wait on anything (every
/// read above is ready at once), so this returns on the first poll; a future that did wait
/// would be polled again after yielding the thread.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut context) {
            return out;
        }
        std::thread::yield_now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_read_up_to_their_end_and_no_further() {
        let source = Source::Bytes(Bytes::from_static(b"0123456789"));
        assert_eq!(source.read_now(8, 5).unwrap().as_ref(), b"89");
        assert!(source.read_now(20, 5).unwrap().is_empty());
    }

    #[test]
    fn a_file_is_read_at_the_offset_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.bin");
        std::fs::write(&path, b"abcdefgh").unwrap();
        let source = Source::File(File::open(&path).unwrap());
        assert_eq!(source.read_now(2, 3).unwrap().as_ref(), b"cde");
        assert_eq!(source.read_now(6, 10).unwrap().as_ref(), b"gh");
    }

    #[test]
    fn a_read_of_more_than_the_limit_is_refused_without_allocating_it() {
        let source = Source::Bytes(Bytes::from_static(b"x"));
        assert!(source.read_now(0, MAX_READ + 1).is_err());
    }
}
