//! Datasets over HTTP: https only (plain http for this machine), a time limit, a size cap,
//! revalidation with ETag / Last-Modified, and the last good copy kept on disk for when the
//! network is gone. A bad download never replaces the good copy.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, USER_AGENT};

use crate::fs::write_atomic;
use crate::{Dataset, LoadError, MAX_DATASET_BYTES};

/// How a remote dataset is fetched.
#[derive(Debug, Clone)]
pub struct RemoteOptions {
    /// Whole-request time limit.
    pub timeout: Duration,
    /// Largest body accepted, in bytes.
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
pub fn default_cache_dir() -> PathBuf {
    dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("koridor")
}

/// The User-Agent Koridor sends: its name, version and repository.
#[must_use]
pub fn user_agent() -> String {
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
pub fn is_url(text: &str) -> bool {
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
    let bytes = std::fs::read(&data).ok()?;
    let meta: Meta = std::fs::read(&meta)
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
        log::warn!("cannot keep a copy of {url} in {}: {err}", dir.display());
    }
}

fn from_cache(url: &str, dir: &Path, reason: String) -> Result<Fetched, RemoteError> {
    match cached(dir, url) {
        Some((bytes, _, age)) => {
            let dataset = Dataset::from_slice(&bytes, url)?;
            Ok(Fetched {
                dataset,
                bytes,
                freshness: Freshness::Cached { reason, age },
            })
        }
        None => Err(RemoteError::Unavailable {
            url: url.to_owned(),
            reason,
        }),
    }
}

/// Fetches, validates and caches a remote dataset.
///
/// # Errors
/// [`RemoteError`]: an insecure URL, no server and no cached copy, an oversized body, or an
/// invalid dataset (the good cached copy stays on disk).
pub fn fetch(url: &str, options: &RemoteOptions) -> Result<Fetched, RemoteError> {
    if !allowed(url) {
        return Err(RemoteError::Insecure {
            url: url.to_owned(),
        });
    }
    super::install_crypto_provider();
    let client = reqwest::blocking::Client::builder()
        .timeout(options.timeout)
        .connect_timeout(options.timeout.min(Duration::from_secs(10)))
        .build()
        .map_err(|e| RemoteError::Unavailable {
            url: url.to_owned(),
            reason: e.to_string(),
        })?;
    let previous = cached(&options.cache_dir, url);
    let mut request = client.get(url).header(USER_AGENT, user_agent());
    if let Some((_, meta, _)) = &previous {
        if let Some(etag) = &meta.etag {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(modified) = &meta.last_modified {
            request = request.header(IF_MODIFIED_SINCE, modified);
        }
    }
    let response = match request.send() {
        Ok(r) => r,
        Err(e) => {
            let reason = if e.is_timeout() {
                format!("no answer within {} s", options.timeout.as_secs())
            } else {
                format!("cannot be reached ({e})")
            };
            return from_cache(url, &options.cache_dir, reason);
        }
    };
    let status = response.status();
    if status == StatusCode::NOT_MODIFIED && previous.is_some() {
        let (bytes, _, _) = previous.unwrap_or_default();
        let dataset = Dataset::from_slice(&bytes, url)?;
        return Ok(Fetched {
            dataset,
            bytes,
            freshness: Freshness::Revalidated,
        });
    }
    if !status.is_success() {
        return from_cache(
            url,
            &options.cache_dir,
            format!("the server answered {status}"),
        );
    }
    if response
        .content_length()
        .is_some_and(|n| n > options.max_bytes)
    {
        return Err(RemoteError::TooLarge {
            url: url.to_owned(),
            limit: options.max_bytes,
        });
    }
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let meta = Meta {
        url: url.to_owned(),
        etag: header(ETAG),
        last_modified: header(LAST_MODIFIED),
    };
    let mut bytes = Vec::new();
    if let Err(e) = response.take(options.max_bytes + 1).read_to_end(&mut bytes) {
        let reason = if e.to_string().contains("timed out") {
            format!("no complete answer within {} s", options.timeout.as_secs())
        } else {
            format!("the download broke off ({e})")
        };
        return from_cache(url, &options.cache_dir, reason);
    }
    if bytes.len() as u64 > options.max_bytes {
        return Err(RemoteError::TooLarge {
            url: url.to_owned(),
            limit: options.max_bytes,
        });
    }
    let dataset = Dataset::from_slice(&bytes, url)?;
    store(&options.cache_dir, url, &bytes, &meta);
    Ok(Fetched {
        dataset,
        bytes,
        freshness: Freshness::Downloaded,
    })
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
