//! The one way Koridor builds its HTTP clients and reads bodies: its User-Agent, the redirect
//! rule, a runtime of its own, and bodies read with a size cap.

use std::time::Duration;

use super::{Problem, install_crypto_provider, redirect_policy, user_agent};

/// A client builder with Koridor's User-Agent, redirect rule and a connection time limit.
pub(crate) fn client(limit: Duration) -> reqwest::ClientBuilder {
    install_crypto_provider();
    reqwest::Client::builder()
        .user_agent(user_agent())
        .redirect(redirect_policy())
        .connect_timeout(limit.min(Duration::from_secs(10)))
}

/// A single-threaded runtime for one batch of requests.
pub(crate) fn runtime() -> Option<tokio::runtime::Runtime> {
    match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => Some(runtime),
        Err(err) => {
            log::warn!("cannot start the network runtime: {err}");
            None
        }
    }
}

/// Reads `response`'s body, giving up as soon as it passes `cap` bytes (nothing past the cap is
/// kept). `limit` is only for the wording of a timeout.
pub(crate) async fn read_capped(
    mut response: reqwest::Response,
    cap: u64,
    limit: Duration,
) -> Result<Vec<u8>, Problem> {
    if response.content_length().is_some_and(|n| n > cap) {
        return Err(Problem::TooLarge(cap));
    }
    let mut bytes = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if (bytes.len() + chunk.len()) as u64 > cap {
                    return Err(Problem::TooLarge(cap));
                }
                bytes.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(bytes),
            Err(err) => {
                return Err(match Problem::classify(&err, limit) {
                    Problem::NoAnswer(limit) => Problem::Incomplete(limit),
                    other => other,
                });
            }
        }
    }
}
