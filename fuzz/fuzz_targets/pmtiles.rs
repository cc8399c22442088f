//! Any bytes as a PMTiles archive: opening must give an archive or an error naming the file,
//! and every tile it then claims — at its lowest and highest zoom, around its centre — must draw
//! or fail with an error, never panic, hang or allocate for a size the file only claims.
#![no_main]

use koridor::Lang;
use koridor::archive::{Archive, render_archive_tile};
use koridor::projection::LonLat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let archive = match Archive::from_bytes(data.to_vec(), "fuzz.pmtiles") {
        Ok(archive) => archive,
        Err(err) => {
            assert!(err.to_string().contains("fuzz.pmtiles"), "{err}");
            return;
        }
    };
    let info = archive.info().clone();
    let centre = LonLat::new(
        (info.bounds[0] + info.bounds[2]) / 2.0,
        (info.bounds[1] + info.bounds[3]) / 2.0,
    )
    .to_unit();
    for z in [info.min_zoom, info.max_zoom] {
        let n = f64::from(1u32 << z.min(24));
        let x = (centre.x * n).floor().clamp(0.0, n - 1.0) as u32;
        let y = (centre.y * n).floor().clamp(0.0, n - 1.0) as u32;
        for (dx, dy) in [(0, 0), (1, 0), (0, 1)] {
            let (tx, ty) = (x.saturating_add(dx), y.saturating_add(dy));
            let Some(blank) = tiny_skia::Pixmap::new(64, 64) else {
                return;
            };
            let _ = render_archive_tile(&archive, blank, (z, tx, ty), 0.25, Lang::En, &|_| false);
        }
    }
});
