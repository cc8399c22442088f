//! Exports in any format: the PNG as before, and SVG and PDF drawn by the very same code onto a
//! vector canvas.

use std::path::Path;

use super::metadata::Metadata;
use super::{
    ExportError, ExportRequest, Format, TileReport, draw_planned, export_png, plan, png_bytes,
};
use crate::basemap::LabelCache;
use crate::canvas::{PdfCanvas, SvgCanvas};
use crate::scene::RouteIndex;
use crate::{Dataset, Lang};

/// Renders the export in `format` and returns the file's bytes.
///
/// # Errors
/// As [`super::render`], or the PNG or PDF could not be encoded.
pub fn export_bytes(
    dataset: &Dataset,
    request: &ExportRequest,
    labels: &LabelCache,
    format: Format,
) -> Result<(Vec<u8>, TileReport), ExportError> {
    if format == Format::Png {
        return png_bytes(dataset, request, labels);
    }
    if format.is_animation() {
        return Err(ExportError::Animation(format!(
            ".{} is a time-lapse: give --from, --to and --step",
            format.extension()
        )));
    }
    let view = plan(dataset, request)?;
    let index = RouteIndex::new(dataset);
    let size = [
        request.width * request.scale,
        request.height * request.scale,
    ];
    #[expect(
        clippy::cast_precision_loss,
        reason = "export sides are at most 16,384 px"
    )]
    let [w, h] = size.map(|side| side as f32);
    let meta = Metadata::of(dataset, &index, request, &view, size);
    if format == Format::Svg {
        let mut canvas = SvgCanvas::new(w, h);
        let (report, _) = draw_planned(&mut canvas, dataset, &index, request, labels, &view)?;
        let text = canvas.finish(&meta.title, &meta.description, &meta.pairs());
        return Ok((text.into_bytes(), report));
    }
    let mut canvas = PdfCanvas::new(w, h);
    let (report, _) = draw_planned(&mut canvas, dataset, &index, request, labels, &view)?;
    let language = match request.lang {
        Lang::En => "en",
        Lang::Uk => "uk",
    };
    let bytes = canvas.finish(&meta.title, &meta.description, meta.keywords(), language)?;
    Ok((bytes, report))
}

/// Renders the export in `format` and writes it to `out` atomically. Whether `out` can be
/// written is checked before anything is drawn or fetched.
///
/// # Errors
/// As [`export_bytes`], or the file could not be written (nothing is left behind then).
pub fn export_file(
    dataset: &Dataset,
    request: &ExportRequest,
    labels: &LabelCache,
    out: &Path,
    format: Format,
) -> Result<TileReport, ExportError> {
    if format == Format::Png {
        return export_png(dataset, request, labels, out);
    }
    crate::fs::check_target(out)?;
    let (bytes, report) = export_bytes(dataset, request, labels, format)?;
    crate::fs::write_atomic(out, &bytes)?;
    Ok(report)
}
