//! Opening an archive: its header, metadata (attribution, layers) and what kind of tiles it
//! holds; reading one tile, decompressed within a limit, and keeping the last decoded ones.

use std::collections::VecDeque;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use pmtiles::{AsyncPmTilesReader, Compression, HashMapCache, TileCoord, TileType};
use tiny_skia::Pixmap;

use super::ArchiveError;
use super::decode::VectorTile;
use super::schema::Schema;
use super::source::{Source, block_on};

/// The most a tile may hold once decompressed: real vector tiles are well under 2 MB, so more
/// is a corrupt or hostile archive, not a map.
const MAX_TILE_BYTES: u64 = 16 << 20;
/// The largest raster tile side accepted, in px.
const MAX_RASTER_SIDE: u32 = 2048;
/// Decoded tiles kept: the window asks for the same archive tile for every tile it overzooms.
const KEEP_DECODED: usize = 16;

/// What the archive's tiles are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TileKind {
    /// Mapbox vector tiles in a known schema.
    Vector(Schema),
    /// Raster tiles (PNG, JPEG or WebP).
    Raster,
}

/// What an archive says of itself.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchiveInfo {
    /// The file's name, for messages and the attribution line.
    pub name: String,
    /// Vector (with its schema) or raster.
    pub kind: TileKind,
    /// The lowest zoom it holds.
    pub min_zoom: u8,
    /// The highest zoom it holds; deeper views draw its tiles enlarged.
    pub max_zoom: u8,
    /// West, south, east, north in degrees.
    pub bounds: [f64; 4],
    /// Its attribution as plain text (the metadata's HTML without tags), if it gives one.
    pub attribution: Option<String>,
}

/// A decoded tile.
#[derive(Debug)]
pub(crate) enum Decoded {
    Vector(VectorTile),
    Raster(Pixmap),
}

type Reader = AsyncPmTilesReader<Source, HashMapCache>;
/// Decoded tiles by z/x/y (`None`: the archive has no such tile), oldest first.
type Kept = VecDeque<((u8, u32, u32), Option<Arc<Decoded>>)>;

/// An open PMTiles archive, shared by the threads that draw from it.
pub struct Archive {
    reader: Reader,
    info: ArchiveInfo,
    compression: Compression,
    decoded: Mutex<Kept>,
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive").field("info", &self.info).finish()
    }
}

impl Archive {
    /// Opens the archive at `path` (a regular file).
    ///
    /// # Errors
    /// [`ArchiveError`] naming the file: unreadable, not PMTiles, truncated or corrupt, or tiles
    /// of a type, compression or schema Koridor does not draw.
    pub fn open(path: &Path) -> Result<Self, ArchiveError> {
        let name = path.display().to_string();
        let file = crate::fs::open_regular(path).map_err(|source| ArchiveError::Read {
            path: name.clone(),
            source,
        })?;
        Self::from_source(Source::File(file), &name)
    }

    /// Opens an archive held in memory (`name` stands for its file in messages).
    ///
    /// # Errors
    /// As [`Archive::open`].
    pub fn from_bytes(bytes: Vec<u8>, name: &str) -> Result<Self, ArchiveError> {
        Self::from_source(Source::Bytes(Bytes::from(bytes)), name)
    }

    fn from_source(source: Source, name: &str) -> Result<Self, ArchiveError> {
        let not_pmtiles = |reason: String| ArchiveError::NotPmtiles {
            path: name.to_owned(),
            reason,
        };
        let unsupported = |reason: String| ArchiveError::Unsupported {
            path: name.to_owned(),
            reason,
        };
        let reader = block_on(Reader::try_from_cached_source(
            source,
            HashMapCache::default(),
        ))
        .map_err(|e| not_pmtiles(e.to_string()))?;
        let header = reader.get_header();
        let compression = header.tile_compression;
        if !matches!(
            compression,
            Compression::None | Compression::Gzip | Compression::Unknown
        ) {
            return Err(unsupported(format!(
                "its tiles are compressed with {compression:?}; Koridor reads gzip or none"
            )));
        }
        let (min_zoom, max_zoom) = (header.min_zoom, header.max_zoom);
        if min_zoom > max_zoom || max_zoom > 24 {
            return Err(not_pmtiles(format!(
                "its zoom range {min_zoom}–{max_zoom} is impossible"
            )));
        }
        let bounds = [
            header.min_longitude,
            header.min_latitude,
            header.max_longitude,
            header.max_latitude,
        ];
        if bounds.iter().any(|b| !b.is_finite()) || bounds[0] > bounds[2] || bounds[1] > bounds[3] {
            return Err(not_pmtiles(format!("its bounds {bounds:?} are impossible")));
        }
        let tile_type = header.tile_type;
        // An archive without metadata is allowed; its schema is then read off a tile.
        let metadata = block_on(reader.get_metadata()).ok();
        let meta: Option<serde_json::Value> = metadata
            .as_deref()
            .and_then(|m| serde_json::from_str(m).ok());
        let attribution = meta
            .as_ref()
            .and_then(|m| m.get("attribution"))
            .and_then(serde_json::Value::as_str)
            .map(plain_text)
            .filter(|t| !t.is_empty());
        let mut archive = Self {
            reader,
            info: ArchiveInfo {
                name: file_name(name),
                kind: TileKind::Raster,
                min_zoom,
                max_zoom,
                bounds,
                attribution,
            },
            compression,
            decoded: Mutex::new(VecDeque::new()),
        };
        archive.info.kind = match tile_type {
            TileType::Mvt => TileKind::Vector(archive.detect_schema(meta.as_ref(), name)?),
            TileType::Png | TileType::Jpeg | TileType::Webp => TileKind::Raster,
            other => {
                return Err(unsupported(format!(
                    "its tiles are {other:?}; Koridor draws MVT, PNG, JPEG and WebP tiles"
                )));
            }
        };
        log::info!("opened the basemap {name}: {:?}", archive.info);
        Ok(archive)
    }

    /// The schema from the metadata's `vector_layers`, or else from the layers of the tile at
    /// the archive's centre.
    fn detect_schema(
        &self,
        meta: Option<&serde_json::Value>,
        name: &str,
    ) -> Result<Schema, ArchiveError> {
        let mut layers: Vec<String> = meta
            .and_then(|m| m.get("vector_layers"))
            .and_then(serde_json::Value::as_array)
            .map(|layers| {
                layers
                    .iter()
                    .filter_map(|l| l.get("id").and_then(serde_json::Value::as_str))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        if layers.is_empty() {
            let header = self.reader.get_header();
            let z = header.center_zoom.clamp(header.min_zoom, header.max_zoom);
            let (x, y) = tile_of(header.center_longitude, header.center_latitude, z);
            if let Ok(Some(bytes)) = self.tile_bytes(z, x, y) {
                layers = super::decode::layer_names(&bytes).unwrap_or_default();
            }
        }
        Schema::detect(&layers).ok_or_else(|| ArchiveError::Unsupported {
            path: name.to_owned(),
            reason: format!(
                "its vector layers ({}) are neither the Protomaps basemap's nor OpenMapTiles'",
                if layers.is_empty() {
                    "none found".to_owned()
                } else {
                    layers.join(", ")
                }
            ),
        })
    }

    /// What the archive says of itself.
    #[must_use]
    pub fn info(&self) -> &ArchiveInfo {
        &self.info
    }

    /// The attribution line for the status bar and exports, in `lang`.
    #[must_use]
    pub fn attribution(&self, lang: crate::Lang) -> String {
        match &self.info.attribution {
            Some(text) => {
                crate::i18n::trf("Street basemap: {text}", lang, &[("text", text.clone())])
            }
            None => crate::i18n::trf(
                "Street basemap: {file} (it names no source)",
                lang,
                &[("file", self.info.name.clone())],
            ),
        }
    }

    /// The raw tile `z/x/y`, decompressed; `None` where the archive has none.
    ///
    /// # Errors
    /// [`ArchiveError::Tile`]: unreadable, or it does not decompress within 16 MB.
    pub fn tile_bytes(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>, ArchiveError> {
        let error = |reason: String| ArchiveError::Tile {
            path: self.info.name.clone(),
            z,
            x,
            y,
            reason,
        };
        let coord = TileCoord::new(z, x, y).map_err(|e| error(e.to_string()))?;
        let Some(raw) = block_on(self.reader.get_tile(coord)).map_err(|e| error(e.to_string()))?
        else {
            return Ok(None);
        };
        let gzipped = raw.starts_with(&[0x1f, 0x8b]);
        if self.compression == Compression::Gzip
            || (self.compression == Compression::Unknown && gzipped)
        {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(raw.as_ref())
                .take(MAX_TILE_BYTES + 1)
                .read_to_end(&mut out)
                .map_err(|e| error(format!("it does not decompress ({e})")))?;
            if out.len() as u64 > MAX_TILE_BYTES {
                return Err(error("it is larger than 16 MB decompressed".into()));
            }
            Ok(Some(out))
        } else {
            Ok(Some(raw.to_vec()))
        }
    }

    /// The tile `z/x/y` decoded (kept for the next ask); `None` where the archive has none.
    ///
    /// # Errors
    /// As [`Archive::tile_bytes`], or the tile does not decode.
    pub(crate) fn decoded(
        &self,
        z: u8,
        x: u32,
        y: u32,
    ) -> Result<Option<Arc<Decoded>>, ArchiveError> {
        let key = (z, x, y);
        {
            let kept = self.decoded.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((_, tile)) = kept.iter().find(|(k, _)| *k == key) {
                return Ok(tile.clone());
            }
        }
        let tile = match self.tile_bytes(z, x, y)? {
            None => None,
            Some(bytes) => Some(Arc::new(self.decode(z, x, y, bytes)?)),
        };
        let mut kept = self.decoded.lock().unwrap_or_else(PoisonError::into_inner);
        kept.push_back((key, tile.clone()));
        while kept.len() > KEEP_DECODED {
            kept.pop_front();
        }
        Ok(tile)
    }

    fn decode(&self, z: u8, x: u32, y: u32, bytes: Vec<u8>) -> Result<Decoded, ArchiveError> {
        let error = |reason: String| ArchiveError::Tile {
            path: self.info.name.clone(),
            z,
            x,
            y,
            reason,
        };
        match self.info.kind {
            TileKind::Vector(schema) => VectorTile::decode(bytes, schema)
                .map(Decoded::Vector)
                .map_err(|e| error(format!("it is not a vector tile ({e})"))),
            TileKind::Raster => decode_raster(&bytes).map(Decoded::Raster).map_err(error),
        }
    }
}

/// A PNG, JPEG or WebP tile as a premultiplied pixmap.
fn decode_raster(bytes: &[u8]) -> Result<Pixmap, String> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_RASTER_SIDE);
    limits.max_image_height = Some(MAX_RASTER_SIDE);
    reader.limits(limits);
    let rgba = reader
        .decode()
        .map_err(|e| format!("it is not an image ({e})"))?
        .into_rgba8();
    let (w, h) = rgba.dimensions();
    let mut pixmap = Pixmap::new(w, h).ok_or("it is an empty image")?;
    for (dst, src) in pixmap.pixels_mut().iter_mut().zip(rgba.pixels()) {
        let [r, g, b, a] = src.0;
        *dst = tiny_skia::ColorU8::from_rgba(r, g, b, a).premultiply();
    }
    Ok(pixmap)
}

/// The last part of a path, for messages and the attribution line.
fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned())
}

/// The tile at `zoom` holding (lon, lat).
pub(crate) fn tile_of(lon: f64, lat: f64, zoom: u8) -> (u32, u32) {
    let p = crate::projection::LonLat::new(lon, lat).to_unit();
    let n = f64::from(1u32 << zoom.min(24));
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to the tile grid first"
    )]
    let cell = |u: f64| (u * n).floor().clamp(0.0, n - 1.0) as u32;
    (cell(p.x), cell(p.y))
}

/// HTML attribution (`<a href=…>OpenStreetMap</a> &copy; …`) as plain text.
fn plain_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&copy;", "©")
        .replace("&amp;", "&")
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_attribution_becomes_plain_text() {
        assert_eq!(
            plain_text(
                "<a href=\"https://github.com/protomaps/basemaps\">Protomaps</a> &copy; <a href=\"https://openstreetmap.org\">OpenStreetMap</a>"
            ),
            "Protomaps © OpenStreetMap"
        );
    }

    #[test]
    fn bytes_that_are_not_pmtiles_are_refused_naming_the_file() {
        let err = Archive::from_bytes(b"{\"type\": \"FeatureCollection\"}".to_vec(), "a.pmtiles")
            .unwrap_err();
        assert!(matches!(err, ArchiveError::NotPmtiles { .. }), "{err}");
        assert!(err.to_string().contains("a.pmtiles"), "{err}");
    }

    #[test]
    fn an_empty_file_is_refused() {
        let err = Archive::from_bytes(Vec::new(), "empty.pmtiles").unwrap_err();
        assert!(err.to_string().contains("empty.pmtiles"), "{err}");
    }
}
