//! The process's one TLS stack: rustls with the `ring` provider, installed before any HTTP
//! client is built (reqwest and walkers are built without a provider of their own).

use std::sync::Once;

/// Installs the `ring` crypto provider for rustls once per process.
pub(crate) fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if rustls::crypto::ring::default_provider()
            .install_default()
            .is_err()
        {
            log::debug!("a rustls crypto provider was already installed");
        }
    });
}
