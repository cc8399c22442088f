//! Koridor's icon, drawn with the map's own renderer: a city with one route to safety (blue,
//! solid) and one rejected route (vermillion, dashed). `assets/icons/` holds it as PNG; a test
//! checks those files are what this code draws (`KORIDOR_WRITE_ICONS=1` rewrites them).

use tiny_skia::Pixmap;

use crate::canvas::{Canvas, Pen, polygon, polyline};
use crate::ink::Rgba;

/// The icon at `size` px.
#[must_use]
#[expect(
    clippy::cast_precision_loss,
    reason = "icon sizes are at most a few hundred px"
)]
pub(crate) fn draw_icon(size: u32) -> Option<Pixmap> {
    let s = size as f32 / 256.0;
    let mut p = Pixmap::new(size, size)?;
    p.rect(
        [16.0 * s, 16.0 * s, 224.0 * s, 224.0 * s],
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
    let from = [150.0 * s, 170.0 * s];
    polyline(
        &mut p,
        &[from, [110.0 * s, 120.0 * s], [60.0 * s, 70.0 * s]],
        &Pen::line(Rgba::hex(0x0072b2), 22.0 * s, None),
    );
    polyline(
        &mut p,
        &[from, [200.0 * s, 110.0 * s], [205.0 * s, 55.0 * s]],
        &Pen::line(Rgba::hex(0xd55e00), 16.0 * s, Some([22.0 * s, 14.0 * s])),
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
    p.circle(
        from,
        18.0 * s,
        Rgba::hex(0xffffff),
        Some((Rgba::hex(0x1a1a1a), 8.0 * s)),
    );
    Some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_icons_are_what_the_icon_code_draws() {
        for size in [64u32, 256] {
            let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join(format!("assets/icons/koridor-{size}.png"));
            let drawn = super::super::straight_rgba(&draw_icon(size).unwrap());
            if std::env::var_os("KORIDOR_WRITE_ICONS").is_some() {
                super::super::save_png(&path, size, size, &drawn, &[("Software", "Koridor")])
                    .unwrap();
            }
            let decoder =
                png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
            let mut reader = decoder.read_info().unwrap();
            let mut buf = vec![0; reader.output_buffer_size().unwrap()];
            let info = reader.next_frame(&mut buf).unwrap();
            assert_eq!((info.width, info.height), (size, size));
            assert_eq!(
                &buf[..info.buffer_size()],
                &drawn[..],
                "{} differs; rerun with KORIDOR_WRITE_ICONS=1",
                path.display()
            );
        }
    }
}
