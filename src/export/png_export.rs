//! PNG exports. On the embedded basemap the frame is drawn in bands on every core
//! ([`super::bands`]), and each band is compressed as soon as it and those above it are drawn,
//! by whichever drawing thread is free, straight into the file: once the last band is drawn
//! only its own compression is left, and no copy of the image is made.

use std::io::Write;
use std::path::Path;

use tiny_skia::Pixmap;

use super::metadata::Metadata;
use super::prepared::Prepared;
use super::{ExportError, ExportRequest, TileReport, bands, frame_pixmap, plan};
use crate::Dataset;
use crate::basemap::LabelCache;
use crate::canvas::Canvas;
use crate::fs::{WriteError, write_atomic_with};
use crate::raster::{PngPixels, encode_opaque_bands, encode_png_into};
use crate::scene::RouteIndex;

/// Renders and writes the export to `out` atomically, with its metadata as PNG text. Whether
/// `out` can be written is checked before anything is drawn or fetched.
///
/// # Errors
/// As [`super::render`], or the file could not be written (nothing is left behind then).
pub fn export_png(
    dataset: &Dataset,
    request: &ExportRequest,
    labels: &LabelCache,
    out: &Path,
) -> Result<TileReport, ExportError> {
    crate::fs::check_target(out)?;
    let mut frame = PngFrame::new(dataset, request, labels)?;
    if frame.streams() {
        let mut streamed = Ok(None);
        let written = write_atomic_with(out, |file| {
            streamed = frame.stream(file);
            match &streamed {
                Ok(Some(_)) => Ok(()),
                // The temporary file goes; the frame is encoded whole below.
                Ok(None) => Err(std::io::Error::other("the frame is not opaque")),
                Err(err) => Err(std::io::Error::other(err.to_string())),
            }
        });
        match streamed {
            Ok(Some(report)) => return naming_the_file(Ok(report), written),
            Ok(None) => {}
            Err(err) => return naming_the_file(Err(err), written),
        }
    }
    let mut whole = Ok(TileReport::default());
    let written = write_atomic_with(out, |file| {
        whole = frame.whole(file);
        whole
            .as_ref()
            .map(drop)
            .map_err(|err| std::io::Error::other(err.to_string()))
    });
    naming_the_file(whole, written)
}

/// What writing an export came to. An error while the PNG was made inside
/// [`write_atomic_with`] (the encoder's, or the disk's, such as a full disk) is also the write's
/// error, which names the file: that one is returned.
fn naming_the_file<T>(
    made: Result<T, ExportError>,
    written: Result<(), WriteError>,
) -> Result<T, ExportError> {
    match (made, written) {
        (_, Err(err)) => Err(err.into()),
        (made, Ok(())) => made,
    }
}

/// Renders the export as PNG bytes with its metadata as PNG text (for standard output).
///
/// # Errors
/// As [`super::render`], or the encoder failed.
pub fn png_bytes(
    dataset: &Dataset,
    request: &ExportRequest,
    labels: &LabelCache,
) -> Result<(Vec<u8>, TileReport), ExportError> {
    let mut frame = PngFrame::new(dataset, request, labels)?;
    if frame.streams() {
        let mut bytes = Vec::new();
        if let Some(report) = frame.stream(&mut bytes)? {
            return Ok((bytes, report));
        }
    }
    let mut bytes = Vec::new();
    let report = frame.whole(&mut bytes)?;
    Ok((bytes, report))
}

/// An export laid out for a PNG, with its pixmap and metadata.
struct PngFrame<'a> {
    request: &'a ExportRequest,
    labels: &'a LabelCache,
    prepared: Prepared,
    meta: Metadata,
    pixmap: Pixmap,
    /// How the tiles went, once the pixmap is drawn.
    drawn: Option<TileReport>,
}

impl<'a> PngFrame<'a> {
    /// Plans and lays out the export of `request`.
    fn new(
        dataset: &Dataset,
        request: &'a ExportRequest,
        labels: &'a LabelCache,
    ) -> Result<Self, ExportError> {
        let view = plan(dataset, request)?;
        std::thread::scope(|scope| {
            // The town names are placed on the other core meanwhile: half the layout's
            // instructions (3.7 of 7.4 M), which nothing needs until `Prepared::new` asks for
            // them, while the other core sat idle. Should no thread start, `Prepared::new`
            // places them itself.
            let _ = std::thread::Builder::new().spawn_scoped(scope, || {
                Prepared::place_names_ahead(labels, &view, request.lang);
            });
            let index = RouteIndex::new(dataset);
            let pixmap = frame_pixmap(request)?;
            let size = [pixmap.width(), pixmap.height()];
            let meta = Metadata::of(dataset, &index, request, &view, size);
            let prepared = Prepared::new(pixmap.size(), dataset, &index, request, labels, &view)?;
            Ok(Self {
                request,
                labels,
                prepared,
                meta,
                pixmap,
                drawn: None,
            })
        })
    }

    /// Whether the frame is drawn in bands and so can be written as it is drawn: not over
    /// tiles read from outside (each band would read them again), and not too small to cut.
    fn streams(&self) -> bool {
        !self.prepared.reads_tiles(&self.request.tiles) && bands::cuts(&self.pixmap)
    }

    /// Draws the frame in bands and writes its PNG into `out` a band at a time as they are
    /// finished. `None` when the frame turned out not to be opaque: it is drawn then, but what
    /// was written is of no use, and [`PngFrame::whole`] encodes it again.
    fn stream(&mut self, out: impl Write + Send) -> Result<Option<TileReport>, ExportError> {
        let (prepared, request, labels) = (&self.prepared, self.request, self.labels);
        let [w, h] = [self.pixmap.width(), self.pixmap.height()];
        let text = self.meta.pairs();
        let (drawn, whole) = encode_opaque_bands(out, [w, h], &text, |take| {
            bands::draw_in_bands(
                &mut self.pixmap,
                |band| prepared.draw(band, request, labels),
                take,
            )
        })
        .map_err(ExportError::Encode)?;
        let Some((report, _)) = drawn else {
            return Ok(None);
        };
        if whole {
            Ok(Some(report))
        } else {
            self.drawn = Some(report);
            Ok(None)
        }
    }

    /// Draws the frame whole, unless it is drawn already, and writes its PNG into `out`: RGB
    /// when every pixel is opaque, straight RGBA otherwise.
    fn whole(mut self, out: impl Write) -> Result<TileReport, ExportError> {
        let report = match self.drawn.take() {
            Some(report) => report,
            None => {
                let canvas: &mut dyn Canvas = &mut self.pixmap;
                self.prepared.draw(canvas, self.request, self.labels).0
            }
        };
        let [w, h] = [self.pixmap.width(), self.pixmap.height()];
        let pixels = PngPixels::from_pixmap(self.pixmap);
        encode_png_into(out, w, h, (&pixels.bytes, pixels.color), &self.meta.pairs())
            .map_err(ExportError::Encode)?;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer that takes `room` bytes, then fails as a full disk does.
    struct Full {
        room: usize,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.room == 0 {
                return Err(std::io::Error::from_raw_os_error(28));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_writer_that_fails_midway_ends_the_stream_with_its_error() {
        let data = Dataset::embedded().unwrap();
        let labels = LabelCache::leaving_out(crate::scene::named_places(&data));
        let request = ExportRequest {
            framing: super::super::Framing::Route("kyiv-gomel".into()),
            width: 400,
            height: 300,
            scale: 1,
            at: data.latest_event().unwrap(),
            lang: crate::Lang::En,
            tiles: crate::net::TileChoice::Offline,
        };
        let mut frame = PngFrame::new(&data, &request, &labels).unwrap();
        assert!(frame.streams());
        // The file's name is added by the atomic write around it (tests/faults.rs).
        let failed = frame.stream(Full { room: 5000 }).unwrap_err();
        assert!(
            matches!(&failed, ExportError::Encode(message) if message.contains("os error 28")),
            "{failed}"
        );
    }
}
