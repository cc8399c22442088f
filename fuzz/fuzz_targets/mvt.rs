//! Any bytes as a vector tile, through the decoder a street basemap's tiles pass in both
//! schemas: a tile or an error, never a panic.
#![no_main]

use koridor::archive::{Schema, VectorTile};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for schema in [Schema::Protomaps, Schema::OpenMapTiles] {
        if let Ok(tile) = VectorTile::decode(data.to_vec(), schema) {
            let _ = tile.shape_count();
        }
    }
});
