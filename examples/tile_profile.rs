//! Times the parts of an offline tile: `cargo run --release --example tile_profile`.
#![allow(clippy::unwrap_used, missing_docs)]
use koridor::basemap::{Basemap, LabelCache, render_tile, to_unit};
use koridor::{Dataset, Lang};
use std::time::Instant;
fn main() {
    let basemap = Basemap::embedded().unwrap();
    let labels = LabelCache::for_dataset(&Dataset::embedded().unwrap());
    for zoom in [6u8, 9, 11] {
        let [x, y] = to_unit(30.524, 50.455);
        let n = f64::from(zoom).exp2();
        let (tx, ty) = ((x * n) as u32, (y * n) as u32);
        let placed = labels.get(basemap, zoom, Lang::En);
        for (name, l) in [("with labels", &placed[..]), ("no labels", &[][..])] {
            let t = Instant::now();
            for _ in 0..200 {
                std::hint::black_box(render_tile(basemap, l, zoom, tx, ty, 1.0));
            }
            println!(
                "zoom {zoom} {name}: {:.3} ms",
                t.elapsed().as_secs_f64() * 1000.0 / 200.0
            );
        }
    }
}
