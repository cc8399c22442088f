//! Everything that touches the network, all optional: remote datasets and online tile sources.

mod http;
mod problem;
mod remote;
mod tile_fetch;
mod tile_source;
mod tls;

pub(crate) use http::runtime;
pub(crate) use problem::redirect_policy;
pub use problem::{Problem, redact};
pub use remote::Fetched;
pub use remote::{Freshness, RemoteError, RemoteOptions, allowed, fetch};
pub(crate) use remote::{default_cache_dir, is_url, user_agent};
pub(crate) use tile_fetch::TileClient;
pub use tile_fetch::TileDecodeError;
pub use tile_fetch::TileFetch;
pub(crate) use tile_fetch::TileKey;
pub(crate) use tile_fetch::tile_url;
pub use tile_fetch::{TileFetchOptions, decode_tile, fetch_tiles};
pub(crate) use tile_source::TemplateSource;
pub use tile_source::TileChoice;
pub(crate) use tls::install_crypto_provider;
