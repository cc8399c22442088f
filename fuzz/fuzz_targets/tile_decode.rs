//! Any bytes as a tile body, through the function an export uses to accept a tile: it must return
//! an image within the size limit or an error, never panic nor allocate for a size a header only
//! claims.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let max_side = koridor::net::TileFetchOptions::default().max_side;
    if let Ok(image) = koridor::net::decode_tile(data, max_side) {
        let (w, h) = image.dimensions();
        assert!(w <= max_side && h <= max_side, "{w}x{h} passed a {max_side} px limit");
        assert_eq!(image.as_raw().len(), w as usize * h as usize * 4);
    }
});
