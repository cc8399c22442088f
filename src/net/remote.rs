//! Datasets over HTTP: https only (plain http for this machine), a time limit, a size cap,
//! revalidation with ETag / Last-Modified, and the last good copy kept on disk for when the
//! network is gone. A bad download never replaces the good copy, and a damaged copy is dropped.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, USER_AGENT};

use super::{Problem, redact};
use crate::fs::write_atomic;
use crate::{Dataset, LoadError, MAX_DATASET_BYTES};

/// How a remote dataset is fetched.
#[derive(Debug, Clone)]
pub struct RemoteOptions {
    /// Whole-request time limit.
    pub timeout: Duration,
    /// Largest dataset accepted, in bytes: a server's body, or a file (default
    /// [`MAX_DATASET_BYTES`]).
    pub max_bytes: u64,
    /// Where the last good copies are kept.
    pub cache_dir: PathBuf,
}

impl Default for RemoteOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(20),
            max_bytes: MAX_DATASET_BYTES,
            cache_dir: default_cache_dir().join("datasets"),
        }
    }
}

/// Koridor's cache folder: the platform cache folder (e.g. `~/.cache/koridor`).
#[must_use]
pub(crate) fn default_cache_dir() -> PathBuf {
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("koridor")
}

/// The User-Agent Koridor sends: its name, version and repository.
#[must_use]
pub(crate) fn user_agent() -> String {
    format!(
        "Koridor/{} (+{})",
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_REPOSITORY")
    )
}

/// Where a remote dataset came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Freshness {
    /// Downloaded now.
    Downloaded,
    /// The server said the cached copy is current (304).
    Revalidated,
    /// The server could not be reached or failed; this is the last good copy.
    Cached {
        /// Why the server could not be used.
        reason: String,
        /// How old the copy is.
        age: Duration,
    },
}

/// A remote dataset, loaded and validated.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The dataset.
    pub dataset: Dataset,
    /// Its raw bytes (for Save As).
    pub bytes: Vec<u8>,
    /// Where it came from.
    pub freshness: Freshness,
}

/// Why a remote dataset could not be had. Each names the URL.
#[derive(Debug, thiserror::Error)]
pub enum RemoteError {
    /// Not an https URL (http is allowed only for this machine).
    #[error("{url}: only https URLs are accepted (http only for 127.0.0.1 and localhost)")]
    Insecure {
        /// The URL.
        url: String,
    },
    /// The server could not be reached, timed out, or failed, and there is no cached copy.
    #[error("{url}: {reason}")]
    Unavailable {
        /// The URL.
        url: String,
        /// What happened.
        reason: String,
    },
    /// The body is larger than allowed.
    #[error("{url}: more than {limit} bytes; refused")]
    TooLarge {
        /// The URL.
        url: String,
        /// The cap.
        limit: u64,
    },
    /// The download is not a valid dataset (the cached copy, if any, is kept).
    #[error(transparent)]
    Invalid(#[from] LoadError),
}

/// Whether `text` is a URL rather than a path.
#[must_use]
pub(crate) fn is_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// Whether the URL may be fetched: https anywhere, http only on this machine.
#[must_use]
pub fn allowed(url: &str) -> bool {
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return false;
    };
    match parsed.scheme() {
        "https" => true,
        "http" => matches!(parsed.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")),
        _ => false,
    }
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Meta {
    url: String,
    etag: Option<String>,
    last_modified: Option<String>,
}

fn cache_paths(dir: &Path, url: &str) -> (PathBuf, PathBuf) {
    // FNV-1a: a stable file name per URL.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in url.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (
        dir.join(format!("{hash:016x}.geojson")),
        dir.join(format!("{hash:016x}.json")),
    )
}

fn cached(dir: &Path, url: &str) -> Option<(Vec<u8>, Meta, Duration)> {
    let (data, meta) = cache_paths(dir, url);
    // Koridor's own folder, but read as carefully as any input: regular files only, bounded.
    let bytes = crate::fs::read_regular(&data, MAX_DATASET_BYTES + 1).ok()?;
    let meta: Meta = crate::fs::read_regular(&meta, 64 * 1024)
        .ok()
        .and_then(|m| serde_json::from_slice(&m).ok())
        .unwrap_or_default();
    let age = std::fs::metadata(&data)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .unwrap_or_default();
    Some((bytes, meta, age))
}

fn store(dir: &Path, url: &str, bytes: &[u8], meta: &Meta) {
    let (data, meta_path) = cache_paths(dir, url);
    let result = std::fs::create_dir_all(dir)
        .map_err(|e| e.to_string())
        .and_then(|()| write_atomic(&data, bytes).map_err(|e| e.to_string()))
        .and_then(|()| serde_json::to_vec(meta).map_err(|e| e.to_string()))
        .and_then(|m| write_atomic(&meta_path, &m).map_err(|e| e.to_string()));
    if let Err(err) = result {
        log::warn!(
            "cannot keep a copy of {} in {}: {err}",
            redact(url),
            dir.display()
        );
    }
}

/// A copy kept from an earlier download.
struct Kept {
    bytes: Vec<u8>,
    meta: Meta,
    age: Duration,
}

fn kept(dir: &Path, url: &str) -> Option<Kept> {
    cached(dir, url).map(|(bytes, meta, age)| Kept { bytes, meta, age })
}

/// Removes a kept copy that does not parse, so that it is neither used nor sent for revalidation
/// again.
fn drop_damaged(dir: &Path, url: &str, err: &LoadError) {
    log::warn!(
        "the copy of {} kept in {} is damaged and is removed: {err}",
        redact(url),
        dir.display()
    );
    let (data, meta) = cache_paths(dir, url);
    for path in [data, meta] {
        if let Err(err) = std::fs::remove_file(&path) {
            log::debug!("cannot remove {}: {err}", path.display());
        }
    }
}

/// The server failed with `reason`: the kept copy if there is a good one. A damaged copy is
/// removed and named as the cause, never the server.
fn from_cache(
    url: &str,
    dir: &Path,
    previous: Option<Kept>,
    mut damaged: bool,
    reason: String,
) -> Result<Fetched, RemoteError> {
    let shown = redact(url);
    if let Some(kept) = previous {
        match Dataset::from_slice(&kept.bytes, &shown) {
            Ok(dataset) => {
                return Ok(Fetched {
                    dataset,
                    bytes: kept.bytes,
                    freshness: Freshness::Cached {
                        reason,
                        age: kept.age,
                    },
                });
            }
            Err(err) => {
                drop_damaged(dir, url, &err);
                damaged = true;
            }
        }
    }
    let reason = if damaged {
        format!("{reason}; the copy kept from an earlier download is damaged and was removed")
    } else {
        reason
    };
    Err(RemoteError::Unavailable { url: shown, reason })
}

/// What the server sent.
enum Download {
    /// 304: the conditional request's copy is current.
    NotModified,
    /// A new body, with its validators.
    Body(Vec<u8>, Meta),
}

/// One request for `url` (conditional on `previous`), headers and body within one deadline.
fn download(
    url: &str,
    options: &RemoteOptions,
    previous: Option<&Meta>,
) -> Result<Download, Problem> {
    let limit = options.timeout;
    let runtime = super::http::runtime().ok_or(Problem::Failed)?;
    let client = super::http::client(limit)
        .build()
        .map_err(|e| Problem::classify(&e, limit))?;
    let mut request = client.get(url).header(USER_AGENT, user_agent());
    if let Some(meta) = previous {
        if let Some(etag) = &meta.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(modified) = &meta.last_modified {
            request = request.header(IF_MODIFIED_SINCE, modified);
        }
    }
    let deadline = tokio::time::Instant::now() + limit;
    runtime.block_on(async {
        let response = match tokio::time::timeout_at(deadline, request.send()).await {
            Err(_) => return Err(Problem::NoAnswer(limit)),
            Ok(Err(e)) => return Err(Problem::classify(&e, limit)),
            Ok(Ok(response)) => response,
        };
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED && previous.is_some() {
            return Ok(Download::NotModified);
        }
        if !status.is_success() {
            return Err(Problem::Status(status.as_u16()));
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let meta = Meta {
            url: redact(url),
            etag: header(ETAG),
            last_modified: header(LAST_MODIFIED),
        };
        let body = super::http::read_capped(response, options.max_bytes, limit);
        match tokio::time::timeout_at(deadline, body).await {
            Err(_) => Err(Problem::Incomplete(limit)),
            Ok(bytes) => Ok(Download::Body(bytes?, meta)),
        }
    })
}

/// Fetches, validates and caches a remote dataset. One time limit covers the whole request,
/// headers and body; redirects obey the rule of the first URL ([`allowed`]). A kept copy that
/// turns out damaged is removed and downloaded again.
///
/// # Errors
/// [`RemoteError`]: an insecure URL, no server and no cached copy, an oversized body, or an
/// invalid dataset (the good cached copy stays on disk). URLs in them are [`redact`]ed.
pub fn fetch(url: &str, options: &RemoteOptions) -> Result<Fetched, RemoteError> {
    let shown = redact(url);
    if !allowed(url) {
        return Err(RemoteError::Insecure { url: shown });
    }
    let dir = &options.cache_dir;
    let mut previous = kept(dir, url);
    let mut damaged = false;
    // At most two requests: the second only after a 304 for a kept copy that proved damaged.
    for _ in 0..2 {
        match download(url, options, previous.as_ref().map(|k| &k.meta)) {
            Ok(Download::NotModified) => {
                let Some(kept) = previous.take() else { break };
                match Dataset::from_slice(&kept.bytes, &shown) {
                    Ok(dataset) => {
                        return Ok(Fetched {
                            dataset,
                            bytes: kept.bytes,
                            freshness: Freshness::Revalidated,
                        });
                    }
                    Err(err) => {
                        drop_damaged(dir, url, &err);
                        damaged = true;
                    }
                }
            }
            Ok(Download::Body(bytes, meta)) => {
                let dataset = Dataset::from_slice(&bytes, &shown)?;
                store(dir, url, &bytes, &meta);
                return Ok(Fetched {
                    dataset,
                    bytes,
                    freshness: Freshness::Downloaded,
                });
            }
            Err(Problem::TooLarge(limit)) => {
                return Err(RemoteError::TooLarge { url: shown, limit });
            }
            Err(problem) => {
                return from_cache(url, dir, previous, damaged, problem.to_string());
            }
        }
    }
    from_cache(
        url,
        dir,
        None,
        damaged,
        "the server answered 304 Not Modified to a request for a fresh copy".to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_local_http_is_allowed() {
        assert!(allowed("https://example.org/c.geojson"));
        assert!(allowed("http://127.0.0.1:8080/c.geojson"));
        assert!(allowed("http://localhost/c.geojson"));
        assert!(!allowed("http://example.org/c.geojson"));
        assert!(!allowed("ftp://example.org/c.geojson"));
        assert!(!allowed("file:///etc/passwd"));
    }
}
