//! PNG files written atomically (a temporary file in the same folder, then a rename), with text
//! metadata, so a report never picks up half an image.

use std::path::{Path, PathBuf};

use crate::fs::{WriteError, write_atomic};

/// Why a PNG could not be written. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PngError {
    /// The file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The encoder refused the image.
    #[error("{path}: cannot encode PNG: {message}")]
    Encode {
        /// The file asked for.
        path: PathBuf,
        /// The encoder's reason.
        message: String,
    },
}

/// Encodes straight (not premultiplied) RGBA pixels as PNG bytes with `text` as tEXt chunks.
///
/// # Errors
/// When the size does not match the pixels or the encoder fails.
pub fn encode_png(
    width: u32,
    height: u32,
    rgba: &[u8],
    text: &[(&str, &str)],
) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    encode_png_into(&mut out, width, height, (rgba, png::ColorType::Rgba), text)?;
    Ok(out)
}

/// Pixels ready for a PNG: straight (not premultiplied) RGBA, or RGB when every pixel is
/// opaque (an export's frame always is): a quarter fewer bytes to filter and compress.
#[derive(Debug)]
pub(crate) struct PngPixels {
    /// The samples, row by row.
    pub(crate) bytes: Vec<u8>,
    /// RGB or RGBA.
    pub(crate) color: png::ColorType,
}

impl PngPixels {
    /// The pixels of `pixmap`: RGB made in its own buffer (no second copy of the image), or
    /// straight RGBA through [`straight_rgba`] when some pixel is not opaque.
    #[must_use]
    pub(crate) fn from_pixmap(pixmap: tiny_skia::Pixmap) -> Self {
        if !pixmap.pixels().iter().all(|p| p.alpha() == u8::MAX) {
            return Self {
                bytes: straight_rgba(&pixmap),
                color: png::ColorType::Rgba,
            };
        }
        // Premultiplied is straight when alpha is 255; drop the alpha, front to back (each
        // pixel moves to a lower or the same index, so nothing is overwritten before read).
        let mut bytes = pixmap.take();
        let n = bytes.len() / 4;
        for i in 0..n {
            bytes.copy_within(4 * i..4 * i + 3, 3 * i);
        }
        bytes.truncate(3 * n);
        Self {
            bytes,
            color: png::ColorType::Rgb,
        }
    }
}

/// As [`encode_png`], for straight pixels of either colour type, writing the PNG into `out` as
/// it is encoded. Every row is filtered with Paeth: on Koridor's maps, as small a file as the
/// per-row choice of filter (3 % larger) in two thirds of the time.
///
/// # Errors
/// When the size does not match the pixels, the encoder fails or `out` cannot be written.
pub(crate) fn encode_png_into(
    out: impl std::io::Write,
    width: u32,
    height: u32,
    (pixels, color): (&[u8], png::ColorType),
    text: &[(&str, &str)],
) -> Result<(), String> {
    let mut writer = header(out, width, height, color, text)?;
    writer.write_image_data(pixels).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())
}

/// Encodes an opaque frame of `width`×`height` px as an RGB PNG into `out` a band of rows at a
/// time while it is drawn: `draw` draws the frame and gives each band (premultiplied RGBA,
/// whole rows, top first) to the `take` it is handed, which compresses it there and then. The
/// same image as [`encode_png_into`] with the frame's RGB; only the cut of the compressed data
/// into chunks differs.
///
/// Returns what `draw` returned, and `false` if a band had a pixel that is not opaque, or if no
/// band came: what was written is of no use then (the bands after it are not even converted),
/// and the caller encodes the whole frame, as RGBA if need be.
///
/// # Errors
/// When the bands do not make up the frame or the encoder fails.
pub(crate) fn encode_opaque_bands<T>(
    out: impl std::io::Write + Send,
    [width, height]: [u32; 2],
    text: &[(&str, &str)],
    draw: impl FnOnce(&mut (dyn FnMut(&[u8]) + Send)) -> T,
) -> Result<(T, bool), String> {
    let mut writer = header(out, width, height, png::ColorType::Rgb, text)?;
    // Chunks of 1 MiB: a few, not a thousand of 4 KiB.
    let mut stream = writer
        .stream_writer_with_size(1 << 20)
        .map_err(|e| e.to_string())?;
    let mut rgb = Vec::new();
    let mut state = Ok(true);
    let mut taken = false;
    let drawn = draw(&mut |band: &[u8]| {
        taken = true;
        if state != Ok(true) {
            return;
        }
        state = if opaque_rgb(band, &mut rgb) {
            std::io::Write::write_all(&mut stream, &rgb)
                .map(|()| true)
                .map_err(|e| e.to_string())
        } else {
            Ok(false)
        };
    });
    if !state? || !taken {
        return Ok((drawn, false));
    }
    // A frame short of rows is an error here, not a truncated file.
    stream.finish().map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok((drawn, true))
}

/// Puts the colour of each premultiplied RGBA pixel of `rgba` into `rgb` (three bytes a pixel),
/// and says whether every pixel is opaque: premultiplied is straight where alpha is 255, so
/// `rgb` is then the straight colour of every pixel.
pub(crate) fn opaque_rgb(rgba: &[u8], rgb: &mut Vec<u8>) -> bool {
    rgb.resize(rgba.len() / 4 * 3, 0);
    // Four pixels at a time, as four words packed into three: a byte-by-byte copy cost 7 % of
    // an export's instructions.
    let (quads, rest) = rgba.as_chunks::<16>();
    let (packed, packed_rest) = rgb.as_chunks_mut::<12>();
    let mut alpha = u32::MAX;
    for (out, quad) in packed.iter_mut().zip(quads) {
        let (words, _) = quad.as_chunks::<4>();
        let [p0, p1, p2, p3] = [0, 1, 2, 3].map(|i| u32::from_le_bytes(words[i]));
        alpha &= p0 & p1 & p2 & p3;
        let w0 = (p0 & 0x00FF_FFFF) | (p1 << 24);
        let w1 = ((p1 >> 8) & 0xFFFF) | (p2 << 16);
        let w2 = ((p2 >> 16) & 0xFF) | (p3 << 8);
        out[..4].copy_from_slice(&w0.to_le_bytes());
        out[4..8].copy_from_slice(&w1.to_le_bytes());
        out[8..].copy_from_slice(&w2.to_le_bytes());
    }
    let mut opaque = alpha >> 24 == u32::from(u8::MAX);
    for (out, pixel) in packed_rest.chunks_exact_mut(3).zip(rest.chunks_exact(4)) {
        out.copy_from_slice(&pixel[..3]);
        opaque &= pixel[3] == u8::MAX;
    }
    opaque
}

/// A PNG encoder for `color` pixels with Koridor's settings, its header and `text` written.
fn header<W: std::io::Write>(
    out: W,
    width: u32,
    height: u32,
    color: png::ColorType,
    text: &[(&str, &str)],
) -> Result<png::Writer<W>, String> {
    let mut encoder = png::Encoder::new(out, width, height);
    encoder.set_color(color);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Paeth);
    for (key, value) in text {
        // tEXt is Latin-1: non-Latin values go into an international (UTF-8) chunk.
        if value.is_ascii() {
            encoder
                .add_text_chunk((*key).to_owned(), (*value).to_owned())
                .map_err(|e| e.to_string())?;
        } else {
            encoder
                .add_itxt_chunk((*key).to_owned(), (*value).to_owned())
                .map_err(|e| e.to_string())?;
        }
    }
    encoder.write_header().map_err(|e| e.to_string())
}

/// Encodes and writes a PNG atomically.
///
/// # Errors
/// [`PngError`] naming `path`.
pub(crate) fn save_png(
    path: &Path,
    width: u32,
    height: u32,
    rgba: &[u8],
    text: &[(&str, &str)],
) -> Result<(), PngError> {
    let bytes = encode_png(width, height, rgba, text).map_err(|message| PngError::Encode {
        path: path.to_path_buf(),
        message,
    })?;
    Ok(write_atomic(path, &bytes)?)
}

/// Straight RGBA of a pixmap.
#[must_use]
pub(crate) fn straight_rgba(pixmap: &tiny_skia::Pixmap) -> Vec<u8> {
    pixmap
        .pixels()
        .iter()
        .flat_map(|c| {
            let c = c.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opaque_pixmaps_of_any_size_give_their_rgb_in_order() {
        for (w, h) in [(1, 1), (3, 2), (5, 7), (17, 3)] {
            let mut pixmap = tiny_skia::Pixmap::new(w, h).unwrap();
            for (i, p) in pixmap.pixels_mut().iter_mut().enumerate() {
                let v = u8::try_from(i % 251).unwrap();
                *p = tiny_skia::ColorU8::from_rgba(v, v / 2, 255 - v, 255).premultiply();
            }
            let want: Vec<u8> = straight_rgba(&pixmap)
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect();
            let got = PngPixels::from_pixmap(pixmap.clone());
            assert_eq!(got.color, png::ColorType::Rgb, "{w}x{h}");
            assert_eq!(got.bytes, want, "{w}x{h}");
            // One translucent pixel anywhere, even the last, keeps the alpha.
            let last = pixmap.pixels().len() - 1;
            pixmap.pixels_mut()[last] =
                tiny_skia::ColorU8::from_rgba(10, 20, 30, 254).premultiply();
            assert_eq!(PngPixels::from_pixmap(pixmap).color, png::ColorType::Rgba);
        }
    }

    #[test]
    fn a_translucent_pixel_anywhere_makes_the_row_not_opaque() {
        // Nine pixels: two packed groups of four and one left over, each made translucent in
        // turn; the colour is copied whatever the alpha.
        let opaque: Vec<u8> = (0..36u8)
            .map(|i| if i % 4 == 3 { 255 } else { i })
            .collect();
        let mut rgb = Vec::new();
        assert!(opaque_rgb(&opaque, &mut rgb));
        let colours: Vec<u8> = (0..36u8).filter(|i| i % 4 != 3).collect();
        assert_eq!(rgb, colours);
        for pixel in 0..9 {
            let mut rgba = opaque.clone();
            rgba[pixel * 4 + 3] = 254;
            assert!(!opaque_rgb(&rgba, &mut rgb), "pixel {pixel}");
            assert_eq!(rgb, colours, "pixel {pixel}");
        }
    }

    #[test]
    fn an_opaque_pixmap_gives_rgb_and_a_translucent_one_straight_rgba() {
        let mut pixmap = tiny_skia::Pixmap::new(3, 2).unwrap();
        pixmap.fill(tiny_skia::Color::from_rgba8(200, 120, 40, 255));
        let rgba = straight_rgba(&pixmap);
        let opaque = PngPixels::from_pixmap(pixmap.clone());
        assert_eq!(opaque.color, png::ColorType::Rgb);
        let rgb: Vec<u8> = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        assert_eq!(opaque.bytes, rgb);
        pixmap.fill(tiny_skia::Color::from_rgba8(200, 120, 40, 128));
        let translucent = PngPixels::from_pixmap(pixmap.clone());
        assert_eq!(translucent.color, png::ColorType::Rgba);
        assert_eq!(translucent.bytes, straight_rgba(&pixmap));
    }

    #[test]
    fn a_png_is_written_whole_with_its_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.png");
        save_png(
            &path,
            2,
            1,
            &[255, 0, 0, 255, 0, 0, 255, 255],
            &[("Title", "Kyiv → Gomel"), ("Route", "kyiv-gomel")],
        )
        .unwrap();
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (2, 1));
        assert!(
            info.uncompressed_latin1_text
                .iter()
                .any(|t| t.keyword == "Route" && t.text == "kyiv-gomel")
        );
        assert!(info.utf8_text.iter().any(|t| t.keyword == "Title"));
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_it_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no/such/folder/a.png");
        let err = save_png(&path, 1, 1, &[0, 0, 0, 255], &[]).unwrap_err();
        assert!(matches!(err, PngError::Write(WriteError::NoFolder { .. })));
        assert!(err.to_string().contains("does not exist"), "{err}");
    }

    /// An opaque frame of `w`×`h` px in premultiplied RGBA, every pixel its own colour.
    fn opaque_frame(w: u32, h: u32) -> tiny_skia::Pixmap {
        let mut pixmap = tiny_skia::Pixmap::new(w, h).unwrap();
        for (i, p) in pixmap.pixels_mut().iter_mut().enumerate() {
            let v = u8::try_from(i % 251).unwrap();
            *p = tiny_skia::ColorU8::from_rgba(v, v / 3, 255 - v, 255).premultiply();
        }
        pixmap
    }

    /// The pixels, colour type and text chunks of a PNG.
    fn decode(bytes: &[u8]) -> (Vec<u8>, png::ColorType, Vec<String>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut pixels).unwrap();
        pixels.truncate(frame.buffer_size());
        let info = reader.info();
        let text = info
            .uncompressed_latin1_text
            .iter()
            .map(|t| format!("{}={}", t.keyword, t.text))
            .chain(
                info.utf8_text
                    .iter()
                    .map(|t| format!("{}={}", t.keyword, t.get_text().unwrap())),
            )
            .collect();
        (pixels, frame.color_type, text)
    }

    #[test]
    fn a_frame_encoded_band_by_band_is_the_frame_encoded_whole() {
        let text = [("Title", "Київ → Гомель"), ("Route", "kyiv-gomel")];
        for (w, h, rows) in [(7, 10, 3), (31, 12, 12), (5, 1, 1)] {
            let pixmap = opaque_frame(w, h);
            let stride = w as usize * 4;
            let mut by_band = Vec::new();
            let encoded = encode_opaque_bands(&mut by_band, [w, h], &text, |take| {
                pixmap.data().chunks(rows * stride).for_each(take);
            });
            assert_eq!(encoded, Ok(((), true)));
            let whole = PngPixels::from_pixmap(pixmap);
            let mut at_once = Vec::new();
            encode_png_into(&mut at_once, w, h, (&whole.bytes, whole.color), &text).unwrap();
            assert_eq!(
                decode(&by_band),
                decode(&at_once),
                "{w}x{h} in bands of {rows}"
            );
            assert_eq!(decode(&by_band).1, png::ColorType::Rgb);
        }
    }

    #[test]
    fn a_band_with_a_translucent_pixel_is_left_to_the_caller_to_encode_whole() {
        let mut pixmap = opaque_frame(6, 6);
        // The last pixel of the second band of three.
        pixmap.pixels_mut()[23] = tiny_skia::ColorU8::from_rgba(10, 20, 30, 200).premultiply();
        let encoded = encode_opaque_bands(Vec::new(), [6, 6], &[], |take| {
            pixmap.data().chunks(2 * 6 * 4).for_each(take);
            "drawn"
        });
        assert_eq!(encoded, Ok(("drawn", false)));
        let none = encode_opaque_bands(Vec::new(), [6, 6], &[], |_| "nothing drawn");
        assert_eq!(none, Ok(("nothing drawn", false)), "no band came");
    }

    #[test]
    fn bands_short_of_the_frame_are_an_error_not_a_short_file() {
        let pixmap = opaque_frame(4, 6);
        let err = encode_opaque_bands(Vec::new(), [4, 6], &[], |take| {
            pixmap.data().chunks(4 * 4 * 2).take(2).for_each(take);
        })
        .unwrap_err();
        // Two rows of four RGB pixels are missing.
        assert!(err.contains("24 bytes"), "{err}");
    }
}
