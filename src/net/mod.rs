//! Everything that touches the network, all optional: remote datasets and online tile sources.

mod http;
mod problem;
mod remote;
mod tile_fetch;
mod tile_source;
mod tls;

pub(crate) use http::runtime;
pub use problem::{Problem, redact, redirect_policy};
pub use remote::{
    Fetched, Freshness, RemoteError, RemoteOptions, allowed, default_cache_dir, fetch, is_url,
    user_agent,
};
pub(crate) use tile_fetch::TileClient;
pub use tile_fetch::{
    TILE_DEADLINE_ENV, TileDecodeError, TileFetch, TileFetchOptions, TileKey, decode_tile,
    fetch_tiles, tile_url,
};
pub use tile_source::{TemplateSource, TileChoice};
pub use tls::install_crypto_provider;
