//! Writes the test fixture archives (a made-up street map of Irpin, Bucha and Hostomel in the
//! Protomaps and OpenMapTiles schemas, a raster archive and a dense z12 tile) into a folder, to
//! try `koridor --tiles FILE.pmtiles` without a real extract:
//!
//! ```text
//! cargo run --example fixture_archives -- /tmp/archives
//! cargo run --release -- --tiles /tmp/archives/irpin-protomaps.pmtiles
//! ```
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "../tests/common/archive.rs"]
mod archive;

fn main() -> std::io::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| std::path::PathBuf::from("."), std::path::PathBuf::from);
    std::fs::create_dir_all(&dir)?;
    for path in archive::write_all(&dir)? {
        println!("{}", path.display());
    }
    Ok(())
}
