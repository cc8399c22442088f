//! PNG files written atomically (a temporary file in the same folder, then a rename), with text
//! metadata, so a report never picks up half an image.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Why a PNG could not be written. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    /// The folder does not exist.
    #[error("{path}: the folder {folder} does not exist")]
    NoFolder {
        /// The file asked for.
        path: PathBuf,
        /// Its folder.
        folder: PathBuf,
    },
    /// Writing failed (read-only folder, disk full, ...).
    #[error("{path}: cannot write: {source}")]
    Io {
        /// The file asked for.
        path: PathBuf,
        /// The operating system's reason.
        source: std::io::Error,
    },
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
    {
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
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
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(rgba).map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// Writes `bytes` to `path` atomically: into a temporary file beside it, flushed to disk, then
/// renamed over `path`. On any failure the temporary file is removed and `path` is untouched.
///
/// # Errors
/// [`PngError`] naming `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PngError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(PngError::NoFolder {
            path: path.to_path_buf(),
            folder,
        });
    }
    let name = path
        .file_name()
        .map_or_else(|| "koridor".into(), |n| n.to_string_lossy().into_owned());
    let temp = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let io = |source| PngError::Io {
        path: path.to_path_buf(),
        source,
    };
    let result = (|| {
        let file = File::create(&temp)?;
        let mut writer = BufWriter::new(file);
        writer.write_all(bytes)?;
        let file = writer
            .into_inner()
            .map_err(std::io::IntoInnerError::into_error)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if let Err(err) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(io(err));
    }
    Ok(())
}

/// Encodes and writes a PNG atomically.
///
/// # Errors
/// [`PngError`] naming `path`.
pub fn save_png(
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
    write_atomic(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let decoder = png::Decoder::new(std::io::BufReader::new(File::open(&path).unwrap()));
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
        assert!(matches!(err, PngError::NoFolder { .. }));
        assert!(err.to_string().contains("does not exist"), "{err}");
    }
}
