//! Draws Koridor's icon with the same renderer as the map: `cargo run --example make_icon`
//! writes `assets/icons/koridor-<size>.png` (committed; run again only to change the icon).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use koridor::raster::{Rgba, circle, polygon, polyline, rect, save_png};
use tiny_skia::{Pixmap, Transform};

fn draw(size: u32) -> Pixmap {
    let s = size as f32 / 256.0;
    let mut p = Pixmap::new(size, size).unwrap();
    // Rounded-square tile: Ukraine's pale yellow map, a blue sea corner.
    rect(
        &mut p,
        16.0 * s,
        16.0 * s,
        224.0 * s,
        224.0 * s,
        Rgba::hex(0xfbf5dc),
    );
    polygon(
        &mut p,
        &[
            [16.0 * s, 200.0 * s],
            [120.0 * s, 240.0 * s],
            [16.0 * s, 240.0 * s],
        ],
        Rgba::hex(0xb5d0e0),
    );
    // Two routes from one city: one to safety (blue, solid), one rejected (vermillion, dashed).
    let from = [150.0 * s, 170.0 * s];
    polyline(
        &mut p,
        &[from, [110.0 * s, 120.0 * s], [60.0 * s, 70.0 * s]],
        Rgba::hex(0x0072b2),
        22.0 * s,
        None,
        Transform::identity(),
    );
    polyline(
        &mut p,
        &[from, [200.0 * s, 110.0 * s], [205.0 * s, 55.0 * s]],
        Rgba::hex(0xd55e00),
        16.0 * s,
        Some([22.0 * s, 14.0 * s]),
        Transform::identity(),
    );
    polygon(
        &mut p,
        &[
            [40.0 * s, 50.0 * s],
            [88.0 * s, 62.0 * s],
            [52.0 * s, 98.0 * s],
        ],
        Rgba::hex(0x0072b2),
    );
    circle(
        &mut p,
        from,
        18.0 * s,
        Rgba::hex(0xffffff),
        Some((Rgba::hex(0x1a1a1a), 8.0 * s)),
    );
    p
}

fn main() {
    for size in [64u32, 256] {
        let pixmap = draw(size);
        let rgba: Vec<u8> = pixmap
            .pixels()
            .iter()
            .flat_map(|c| {
                let c = c.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect();
        let path = format!(
            "{}/assets/icons/koridor-{size}.png",
            env!("CARGO_MANIFEST_DIR")
        );
        save_png(
            std::path::Path::new(&path),
            size,
            size,
            &rgba,
            &[("Software", "Koridor")],
        )
        .unwrap();
        println!("{path}");
    }
}
