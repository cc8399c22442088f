//! Arbitrary views through the basemap renderer: any zoom, position, size and density must draw
//! (or refuse an impossible size) without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 24 {
        return;
    }
    let f = |i: usize| f64::from_le_bytes(data[i..i + 8].try_into().unwrap_or([0; 8]));
    let zoom = f(0);
    let (ox, oy) = (f(8), f(16));
    let w = u32::from(data.get(24).copied().unwrap_or(1)) * 4 + 1;
    let h = u32::from(data.get(25).copied().unwrap_or(1)) * 4 + 1;
    let scale = f32::from(data.get(26).copied().unwrap_or(1) % 4 + 1);
    if !zoom.is_finite() || !ox.is_finite() || !oy.is_finite() {
        return;
    }
    let zoom = zoom.rem_euclid(20.0);
    let Ok(basemap) = koridor::basemap::Basemap::embedded() else {
        return;
    };
    let labels = koridor::basemap::LabelCache::default();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let placed = labels.get(basemap, zoom as u8, koridor::Lang::En);
    #[allow(clippy::cast_precision_loss)]
    let view = koridor::projection::Viewport {
        zoom,
        origin: [ox % 1e7, oy % 1e7],
        rect: [0.0, 0.0, w as f32, h as f32],
        scale,
    };
    if let Some(mut pixmap) = tiny_skia::Pixmap::new(w, h) {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        koridor::basemap::draw_basemap(&mut pixmap, basemap, &placed, zoom as u8, &view, None);
    }
});
