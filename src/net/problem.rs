//! What went wrong with a request, in plain words, and the rules every request obeys: URLs are
//! shown without their secrets, and a redirect may lead only where the first URL could go.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use super::allowed;

/// Redirects followed at most, per request.
const MAX_REDIRECTS: usize = 5;

/// Query parameters whose values are secrets (matched as parts of the lowercased name).
const SECRET_PARAMS: [&str; 6] = ["key", "token", "secret", "pass", "sig", "auth"];

/// `url` as it may be shown or logged: a user name and password become `***`, and so do the
/// values of query parameters that look like keys or tokens. Text that is not a URL comes back
/// unchanged.
///
/// ```
/// use koridor::net::redact;
/// assert_eq!(redact("https://user:secret@host/x"), "https://***@host/x");
/// assert_eq!(
///     redact("https://t.example/{z}/{x}/{y}.png?apikey=abc&style=dark"),
///     "https://t.example/{z}/{x}/{y}.png?apikey=***&style=dark"
/// );
/// assert_eq!(redact("corridors.geojson"), "corridors.geojson");
/// ```
#[must_use]
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_owned();
    };
    let (head, rest) = url.split_at(scheme_end + 3);
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let mut out = String::with_capacity(url.len());
    out.push_str(head);
    match authority.rfind('@') {
        Some(at) => {
            out.push_str("***");
            out.push_str(&authority[at..]);
        }
        None => out.push_str(authority),
    }
    let (before_fragment, fragment) = tail.split_at(tail.find('#').unwrap_or(tail.len()));
    match before_fragment.split_once('?') {
        Some((path, query)) => {
            out.push_str(path);
            out.push('?');
            let pairs: Vec<String> = query.split('&').map(redact_pair).collect();
            out.push_str(&pairs.join("&"));
        }
        None => out.push_str(before_fragment),
    }
    out.push_str(fragment);
    out
}

fn redact_pair(pair: &str) -> String {
    match pair.split_once('=') {
        Some((name, value))
            if !value.is_empty()
                && SECRET_PARAMS
                    .iter()
                    .any(|s| name.to_ascii_lowercase().contains(s)) =>
        {
            format!("{name}=***")
        }
        _ => pair.to_owned(),
    }
}

/// Why a request (for a dataset or a tile) failed, in plain words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Nothing listens there.
    Refused,
    /// The host name does not resolve.
    NameNotFound,
    /// The connection failed for another reason.
    Unreachable,
    /// No answer (status and headers) within the limit.
    NoAnswer(Duration),
    /// An answer began but did not finish within the limit.
    Incomplete(Duration),
    /// The TLS handshake or the certificate failed.
    Tls,
    /// The connection was reset or closed before the answer was complete.
    Reset,
    /// A redirect led somewhere the first URL's rule forbids, or too many redirects.
    RedirectRefused,
    /// The server answered with this non-success status.
    Status(u16),
    /// The body is larger than allowed.
    TooLarge(u64),
    /// The body is not an image Koridor accepts.
    NotAnImage,
    /// Skipped: the server had already failed every request.
    GaveUp,
    /// Anything else.
    Failed,
}

fn seconds(limit: Duration) -> String {
    let s = limit.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s:.1} s")
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused => f.write_str("cannot be reached (connection refused)"),
            Self::NameNotFound => f.write_str("cannot be reached (name not found)"),
            Self::Unreachable => f.write_str("cannot be reached (connection failed)"),
            Self::NoAnswer(limit) => write!(f, "no answer within {}", seconds(*limit)),
            Self::Incomplete(limit) => write!(f, "no complete answer within {}", seconds(*limit)),
            Self::Tls => f.write_str("cannot be reached (TLS/certificate problem)"),
            Self::Reset => f.write_str("connection reset (closed before the answer was complete)"),
            Self::RedirectRefused => f.write_str(
                "redirect refused (only to https, or to plain http on this machine, at most 5)",
            ),
            Self::Status(code) => match reqwest::StatusCode::from_u16(*code) {
                Ok(status) => write!(f, "the server answered {status}"),
                Err(_) => write!(f, "the server answered {code}"),
            },
            Self::TooLarge(limit) => write!(f, "more than {limit} bytes; refused"),
            Self::NotAnImage => f.write_str("not a PNG or JPEG image of an acceptable size"),
            Self::GaveUp => f.write_str("not asked: the server failed every request before"),
            Self::Failed => f.write_str("the request failed"),
        }
    }
}

impl Problem {
    /// Whether the server itself seems gone (no connection or no answer), as opposed to an
    /// answer Koridor did not like.
    #[must_use]
    pub(crate) fn is_dead_server(self) -> bool {
        matches!(
            self,
            Self::Refused
                | Self::NameNotFound
                | Self::Unreachable
                | Self::NoAnswer(_)
                | Self::Tls
                | Self::Reset
        )
    }

    /// Classifies an error from the HTTP stack by walking its chain of causes; `limit` is the
    /// time limit that applied (for "no answer within …").
    #[must_use]
    pub(crate) fn classify(err: &(dyn StdError + 'static), limit: Duration) -> Self {
        let mut text = String::new();
        let mut current = Some(err);
        while let Some(e) = current {
            if let Some(found) = Self::from_one(e, limit) {
                return found;
            }
            text.push_str(&e.to_string().to_ascii_lowercase());
            text.push('\n');
            // An io::Error's `source` skips the error it wraps: step into that one instead.
            current = match e.downcast_ref::<std::io::Error>() {
                Some(io) => match io.get_ref() {
                    Some(inner) => Some(inner as &(dyn StdError + 'static)),
                    None => e.source(),
                },
                None => e.source(),
            };
        }
        Self::from_text(&text, limit)
            .or_else(|| {
                err.downcast_ref::<reqwest::Error>()
                    .filter(|e| e.is_connect())
                    .map(|_| Self::Unreachable)
            })
            .unwrap_or(Self::Failed)
    }

    fn from_one(e: &(dyn StdError + 'static), limit: Duration) -> Option<Self> {
        if let Some(r) = e.downcast_ref::<reqwest::Error>() {
            if r.is_redirect() {
                return Some(Self::RedirectRefused);
            }
            if r.is_timeout() {
                return Some(Self::NoAnswer(limit));
            }
        }
        if e.is::<rustls::Error>() {
            return Some(Self::Tls);
        }
        let io = e.downcast_ref::<std::io::Error>()?;
        match io.kind() {
            std::io::ErrorKind::ConnectionRefused => Some(Self::Refused),
            std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted => {
                Some(Self::Reset)
            }
            std::io::ErrorKind::TimedOut => Some(Self::NoAnswer(limit)),
            _ => None,
        }
    }

    fn from_text(text: &str, limit: Duration) -> Option<Self> {
        let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
        if has(&[
            "dns error",
            "failed to lookup address",
            "name or service not known",
        ]) {
            Some(Self::NameNotFound)
        } else if has(&["certificate", "tls", "handshake"]) {
            Some(Self::Tls)
        } else if has(&["refused"]) {
            Some(Self::Refused)
        } else if has(&["connection closed", "reset", "incomplete", "unexpected eof"]) {
            Some(Self::Reset)
        } else if has(&["timed out", "timeout"]) {
            Some(Self::NoAnswer(limit))
        } else {
            None
        }
    }
}

/// Why a redirect was not followed.
#[derive(Debug, thiserror::Error)]
enum RedirectError {
    #[error("redirect to {0} refused: only https, or plain http on this machine")]
    Insecure(String),
    #[error("more than {MAX_REDIRECTS} redirects")]
    TooMany,
}

/// The redirect rule of every request Koridor makes: each hop must obey the rule of the first
/// URL ([`allowed`]: https anywhere, plain http only on this machine), at most 5 hops.
#[must_use]
pub(crate) fn redirect_policy() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() > MAX_REDIRECTS {
            log::warn!("{}", RedirectError::TooMany);
            attempt.error(RedirectError::TooMany)
        } else if allowed(attempt.url().as_str()) {
            attempt.follow()
        } else {
            let err = RedirectError::Insecure(redact(attempt.url().as_str()));
            log::warn!("{err}");
            attempt.error(err)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_a_user_and_a_token_are_hidden_but_the_rest_is_kept() {
        assert_eq!(
            redact("https://user:secret@host:8443/x?q=1#top"),
            "https://***@host:8443/x?q=1#top"
        );
        assert_eq!(redact("https://token@host"), "https://***@host");
        assert_eq!(
            redact("https://h/x?access_token=abc&Key=z&page=2"),
            "https://h/x?access_token=***&Key=***&page=2"
        );
        assert_eq!(redact("http://127.0.0.1:80/a@b"), "http://127.0.0.1:80/a@b");
        assert_eq!(redact(""), "");
    }

    #[test]
    fn io_errors_are_told_in_plain_words() {
        let limit = Duration::from_secs(3);
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(Problem::classify(&refused, limit), Problem::Refused);
        let reset = std::io::Error::from(std::io::ErrorKind::ConnectionReset);
        assert_eq!(Problem::classify(&reset, limit), Problem::Reset);
        let tls = std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(rustls::CertificateError::Expired),
        );
        assert_eq!(Problem::classify(&tls, limit), Problem::Tls);
        let dns = std::io::Error::other("failed to lookup address information");
        assert_eq!(Problem::classify(&dns, limit), Problem::NameNotFound);
        assert_eq!(Problem::NoAnswer(limit).to_string(), "no answer within 3 s");
        assert_eq!(
            Problem::NoAnswer(Duration::from_millis(500)).to_string(),
            "no answer within 0.5 s"
        );
    }
}
