//! Route snapshots as PNG, rendered in process with no window: the offline basemap and the same
//! scene the window paints, with title, legend, scale bar and attribution.

mod alt_text;
mod animation;
mod bands;
mod format;
mod frame;
mod frame_diff;
mod georef;
mod heading;
mod layout;
mod locator;
mod metadata;
mod online;
mod pack;
mod palette;
mod png_export;
mod prepared;
mod route_files;
mod scalebar;
mod timelapse;
mod vector;

use tiny_skia::Pixmap;

use crate::basemap::LabelCache;
use crate::canvas::Canvas;
use crate::fs::WriteError;
use crate::i18n::tr;
use crate::projection::{LonLat, Viewport};
use crate::scene::RouteIndex;
use crate::{Dataset, Lang, Time};

pub use alt_text::alt_text;
pub use georef::{CRS, GeoRef, PRJ_WKT};
pub use layout::Layout;

pub use animation::{TimelapseReport, export_timelapse};
pub use format::{Format, FormatError};
use heading::heading;
pub use online::TileReport;
pub use pack::{PackReport, pack_stem, write_pack};
pub use png_export::{export_png, png_bytes};
use prepared::Prepared;
pub use route_files::{route_geojson, route_gpx, route_kml};
pub use scalebar::scale_bar;
pub use timelapse::{MAX_FRAMES, Timelapse, TimelapseError, captions, parse_step};
pub use vector::{export_bytes, export_file};

/// Largest side of an export, in device px.
pub(crate) const MAX_SIDE: u32 = 16_384;

/// The attribution every export carries.
pub(crate) const ATTRIBUTION: &str = "Basemap: Natural Earth (public domain), GeoNames (CC BY 4.0) · Corridors: Koridor dataset, sources listed per route";

/// What part of the map to export.
#[derive(Debug, Clone, PartialEq)]
pub enum Framing {
    /// A route fitted to the frame, by its id.
    Route(String),
    /// A given view: centre (lon, lat) and zoom, as the window shows it.
    View {
        /// Longitude of the centre.
        lon: f64,
        /// Latitude of the centre.
        lat: f64,
        /// Zoom.
        zoom: f64,
    },
}

/// An export to make.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportRequest {
    /// What to show.
    pub framing: Framing,
    /// Width in px at scale 1.
    pub width: u32,
    /// Height in px at scale 1.
    pub height: u32,
    /// Pixel density: 1, 2 or 3 for print.
    pub scale: u32,
    /// The moment whose statuses are shown.
    pub at: Time,
    /// Language of place names.
    pub lang: Lang,
    /// Tiles under the routes: the offline basemap, or online tiles over it.
    pub tiles: crate::net::TileChoice,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The size is impossible.
    #[error(
        "impossible size {width}×{height} at scale {scale}: each side must be 1 to {MAX_SIDE} px (after scaling)"
    )]
    Size {
        /// Width asked for.
        width: u32,
        /// Height asked for.
        height: u32,
        /// Scale asked for.
        scale: u32,
    },
    /// The scale is not 1, 2 or 3.
    #[error("scale {0} is not 1, 2 or 3")]
    Scale(u32),
    /// The route is not in the dataset.
    #[error("no such route")]
    NoRoute,
    /// The embedded basemap could not be read.
    #[error("{0}")]
    Basemap(String),
    /// The PNG could not be encoded.
    #[error("cannot encode PNG: {0}")]
    Encode(String),
    /// The time-lapse is impossible as asked.
    #[error(transparent)]
    Timelapse(#[from] TimelapseError),
    /// A time-lapse could not be encoded.
    #[error("cannot write the time-lapse: {0}")]
    Animation(String),
    /// `ffmpeg` is missing or failed (MP4 and WebM).
    #[error("{0}")]
    Ffmpeg(String),
    /// A share pack could not be made.
    #[error("{0}")]
    Pack(String),
    /// The PDF could not be made.
    #[error("cannot write PDF: {0}")]
    Pdf(#[from] crate::canvas::PdfError),
    /// The file could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl ExportRequest {
    /// Checks the size and scale.
    ///
    /// # Errors
    /// [`ExportError::Size`] or [`ExportError::Scale`].
    pub(crate) fn check(&self) -> Result<(), ExportError> {
        if !(1..=3).contains(&self.scale) {
            return Err(ExportError::Scale(self.scale));
        }
        let ok =
            |side: u32| side >= 1 && side.checked_mul(self.scale).is_some_and(|s| s <= MAX_SIDE);
        if ok(self.width) && ok(self.height) {
            Ok(())
        } else {
            Err(ExportError::Size {
                width: self.width,
                height: self.height,
                scale: self.scale,
            })
        }
    }
}

/// Gets ready what an export of `size` px at `scale` (1 to 3) draws the same whatever the
/// record says: the embedded basemap unpacked, and the locator's map drawn and kept if the
/// export will show one (`zoom` is the view's, when it is known before the record is read).
/// The command line runs it on another core while it reads the record.
pub fn warm_up([width, height]: [u32; 2], scale: u32, zoom: Option<f64>) {
    let Ok(basemap) = crate::basemap::Basemap::embedded() else {
        return;
    };
    let Ok(s @ 1..=3) = u8::try_from(scale) else {
        return;
    };
    let s = f32::from(s);
    #[expect(
        clippy::cast_precision_loss,
        reason = "a frame's sides are at most a few tens of thousands of px"
    )]
    let (w, h) = (width as f32 * s, height as f32 * s);
    // A fitted route is framed closer than the locator's zoom.
    if locator::locator_rect(w, h, s, zoom.unwrap_or(20.0)).is_some() {
        locator::draw_ahead(basemap, s);
    }
}

/// Where the export looks: the basemap view (device px) and the map's centre latitude.
///
/// # Errors
/// A bad size or an unknown route.
pub fn plan(dataset: &Dataset, request: &ExportRequest) -> Result<Viewport, ExportError> {
    request.check()?;
    #[expect(
        clippy::cast_precision_loss,
        reason = "sides and scale are checked to be at most 16,384 and 3"
    )]
    let (s, rect) = (
        request.scale as f32,
        [
            0.0,
            0.0,
            (request.width * request.scale) as f32,
            (request.height * request.scale) as f32,
        ],
    );
    match &request.framing {
        Framing::Route(id) => {
            let c = dataset.corridor(id).ok_or(ExportError::NoRoute)?;
            // The route goes where no panel covers it: below the title, right of the legend,
            // above the scale bar and the attribution (they scale with the density).
            let (head, lines) = heading(dataset, request);
            // The title block's room as if a locator stood beside it (the zoom that decides
            // is not known yet): never less room than the frame will have.
            let right = locator::locator_rect(rect[2], rect[3], s, 20.0)
                .map_or(rect[2], |inset| inset[0] - 6.0 * s);
            let count = frame::title_line_count(s, &head, &lines, right);
            let free = frame::free_area(rect[2], rect[3], s, count, request.lang);
            // A margin inside it keeps the names at the route's ends clear of the frame's edge.
            #[expect(
                clippy::cast_precision_loss,
                reason = "sides are checked to be at most 16,384"
            )]
            let margin = 24.0 + 0.06 * request.width.min(request.height) as f32;
            let fitted = Viewport::fit(
                c.line.0.iter().map(|&p| LonLat::from(p)),
                free,
                s,
                margin,
                12.0,
            )
            .ok_or(ExportError::NoRoute)?;
            Ok(fitted.with_rect(rect))
        }
        &Framing::View { lon, lat, zoom } => Ok(Viewport::centred_in(
            LonLat::new(lon, lat).to_unit(),
            zoom,
            rect,
            s,
        )),
    }
}

/// Renders the export into a pixmap.
///
/// # Errors
/// A bad size, an unknown route, or an unreadable embedded basemap.
pub fn render(
    dataset: &Dataset,
    request: &ExportRequest,
    labels: &LabelCache,
) -> Result<Pixmap, ExportError> {
    render_with_report(dataset, request, labels).map(|(pixmap, _)| pixmap)
}

/// The legend's classes that the frame shows: the destinations, statuses and line kinds of the
/// routes with a point inside `rect` (device px) at `at`.
#[must_use]
pub(crate) fn classes_in_frame(
    dataset: &Dataset,
    scene: &crate::scene::Scene,
    at: Time,
    rect: [f32; 4],
) -> Vec<crate::scene::LegendKey> {
    use crate::scene::LegendKey;
    let inside =
        |p: &[f32; 2]| p[0] >= rect[0] && p[0] <= rect[2] && p[1] >= rect[1] && p[1] <= rect[3];
    let mut keys = Vec::new();
    for (i, points) in &scene.routes {
        let Some(c) = dataset.corridors.get(*i) else {
            continue;
        };
        let crosses_frame = points.iter().any(inside)
            || points.windows(2).any(|w| {
                // A segment that passes through the frame with both ends outside.
                let mid = [(w[0][0] + w[1][0]) / 2.0, (w[0][1] + w[1][1]) / 2.0];
                inside(&mid)
            });
        if !crosses_frame {
            continue;
        }
        let mut add = |key| {
            if !keys.contains(&key) {
                keys.push(key);
            }
        };
        add(LegendKey::Destination(c.side()));
        if let Some(status) = c.status_at(at) {
            add(LegendKey::Status(status));
        }
        if c.is_schematic() {
            add(LegendKey::DirectionOnly);
        }
    }
    keys
}

/// The view code of an export: its dataset, moment, route, centre, zoom and language (an export
/// shows every route, so no filter).
pub(crate) fn view_code(
    index: &RouteIndex,
    request: &ExportRequest,
    view: &Viewport,
) -> crate::viewcode::ViewCode {
    let centre = view.center().to_lon_lat();
    crate::viewcode::ViewCode {
        dataset: index.dataset_hash(),
        at: request.at,
        route: match &request.framing {
            Framing::Route(id) => Some(crate::viewcode::route_hash(id)),
            Framing::View { .. } => None,
        },
        center: (centre.lon, centre.lat),
        zoom: view.zoom,
        lang: request.lang,
        hidden_statuses: Vec::new(),
        hidden_countries: Vec::new(),
        day: None,
    }
}

/// The attribution line for an export over `tiles` (with the street basemap `archive` when
/// it opened), in `lang`.
fn attribution_for(
    tiles: &crate::net::TileChoice,
    archive: Option<&crate::archive::Archive>,
    lang: Lang,
) -> String {
    let online = match (tiles, archive) {
        (crate::net::TileChoice::Osm, _) => {
            tr("Map tiles © OpenStreetMap contributors (ODbL) · ", lang).to_owned()
        }
        (crate::net::TileChoice::Template(_), _) => {
            tr("Map tiles: custom server · ", lang).to_owned()
        }
        (crate::net::TileChoice::Archive(_), Some(archive)) => {
            format!("{} · ", archive.attribution(lang))
        }
        (crate::net::TileChoice::Archive(_) | crate::net::TileChoice::Offline, _) => String::new(),
    };
    format!("{online}{}", tr(ATTRIBUTION, lang))
}

/// The street basemap `tiles` asks for, opened (shared with earlier exports in this process),
/// or why it could not be.
fn open_archive(
    tiles: &crate::net::TileChoice,
) -> (
    Option<std::sync::Arc<crate::archive::Archive>>,
    Option<String>,
) {
    let crate::net::TileChoice::Archive(path) = tiles else {
        return (None, None);
    };
    match crate::archive::open_shared(path) {
        Ok(archive) => (Some(archive), None),
        Err(err) => {
            log::warn!("{err}");
            (None, Some(err.to_string()))
        }
    }
}

/// As [`render`], with how the online tiles went.
///
/// # Errors
/// As [`render`].
pub(crate) fn render_with_report(
    dataset: &Dataset,
    request: &ExportRequest,
    labels: &LabelCache,
) -> Result<(Pixmap, TileReport), ExportError> {
    let index = RouteIndex::new(dataset);
    render_planned(dataset, &index, request, labels, &plan(dataset, request)?)
        .map(|(pixmap, report, _)| (pixmap, report))
}

/// Renders the export and says where its names and panels went (for checking the layout: no
/// label over another, over a panel or across the frame's edge).
///
/// # Errors
/// As [`render`].
pub fn render_with_layout(
    dataset: &Dataset,
    request: &ExportRequest,
    labels: &LabelCache,
) -> Result<(Pixmap, Layout), ExportError> {
    let index = RouteIndex::new(dataset);
    render_planned(dataset, &index, request, labels, &plan(dataset, request)?)
        .map(|(pixmap, _, layout)| (pixmap, layout))
}

/// As [`render_with_report`], through a view already planned for `request`. On the embedded
/// basemap the frame is drawn in bands on every core ([`bands::draw_in_bands`]); over online
/// tiles or an open street basemap it is drawn in one piece, as each band would fetch or read
/// them again.
fn render_planned(
    dataset: &Dataset,
    index: &RouteIndex,
    request: &ExportRequest,
    labels: &LabelCache,
    view: &Viewport,
) -> Result<(Pixmap, TileReport, Layout), ExportError> {
    let mut pixmap = frame_pixmap(request)?;
    let prepared = Prepared::new(pixmap.size(), dataset, index, request, labels, view)?;
    let drawn = if prepared.reads_tiles(&request.tiles) {
        None
    } else {
        bands::draw_in_bands(
            &mut pixmap,
            |band| prepared.draw(band, request, labels),
            &mut |_| (),
        )
    };
    let (report, named) = drawn.unwrap_or_else(|| prepared.draw(&mut pixmap, request, labels));
    Ok((pixmap, report, prepared.layout(named)))
}

/// An empty pixmap of the frame's size, in pixels.
///
/// # Errors
/// [`ExportError::Size`] when it is empty or too large.
fn frame_pixmap(request: &ExportRequest) -> Result<Pixmap, ExportError> {
    Pixmap::new(
        request.width * request.scale,
        request.height * request.scale,
    )
    .ok_or(ExportError::Size {
        width: request.width,
        height: request.height,
        scale: request.scale,
    })
}

/// Draws the export onto `canvas` (which is the frame's size): basemap, online tiles, routes,
/// then the panels, each in its named layer.
fn draw_planned(
    canvas: &mut dyn Canvas,
    dataset: &Dataset,
    index: &RouteIndex,
    request: &ExportRequest,
    labels: &LabelCache,
    view: &Viewport,
) -> Result<(TileReport, Layout), ExportError> {
    let prepared = Prepared::new(canvas.size(), dataset, index, request, labels, view)?;
    let (report, named) = prepared.draw(canvas, request, labels);
    Ok((report, prepared.layout(named)))
}

/// The default file name: `koridor-<route-id>-<date>.<png|svg|pdf>` (`view` when no route is
/// selected).
#[must_use]
pub(crate) fn default_file_name(route: Option<&str>, at: Time, format: Format) -> String {
    format!(
        "koridor-{}-{}.{}",
        route.unwrap_or("view"),
        at.format("%Y-%m-%d"),
        format.extension()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::{LegendKey, SceneInput, build_scene};
    use crate::{Side, Status};

    #[test]
    fn a_view_export_is_described_by_its_moment_and_the_routes_in_it() {
        let data = Dataset::embedded().unwrap();
        let request = ExportRequest {
            framing: Framing::View {
                lon: 30.5,
                lat: 50.45,
                zoom: 9.0,
            },
            width: 800,
            height: 500,
            scale: 1,
            at: crate::clock::parse_time("2022-03-08T12:00:00+02:00").unwrap(),
            lang: Lang::En,
            tiles: crate::net::TileChoice::Offline,
        };
        let index = RouteIndex::new(&data);
        let view = plan(&data, &request).unwrap();
        let text = alt_text(&data, &index, &request, &view);
        assert!(
            text.starts_with(
                "Map at 8 Mar 2022 12:00 Kyiv time (13:00 Moscow time). Routes in view: "
            ),
            "{text}"
        );
        // Around Kyiv: the Kyiv-region routes, into Ukraine, and Kyiv → Gomel, into Belarus.
        assert!(
            text.contains("Ukraine: ") && text.contains("Belarus: "),
            "{text}"
        );
        assert!(!text.contains("Russia: "), "{text}");
    }

    #[test]
    fn the_legend_lists_only_the_classes_the_frame_shows() {
        let data = Dataset::embedded().unwrap();
        let request = ExportRequest {
            framing: Framing::Route("mariupol-rostov".into()),
            width: 1600,
            height: 1000,
            scale: 1,
            at: "2022-03-20T12:00:00+02:00".parse().unwrap(),
            lang: Lang::En,
            tiles: crate::net::TileChoice::Offline,
        };
        let view = plan(&data, &request).unwrap();
        let visible = |_: usize, _: &crate::Corridor| true;
        let index = RouteIndex::new(&data);
        let input = SceneInput {
            dataset: &data,
            at: request.at,
            selected: data.index_of("mariupol-rostov"),
            hovered: None,
            visible: &visible,
            lang: Lang::En,
            scale: 1.0,
            index: &index,
            keep_clear: &[],
            emphasised_only: false,
        };
        let scene = build_scene(&input, &view);
        let classes = classes_in_frame(&data, &scene, request.at, view.rect);
        // The route itself: into Russia, disputed from 20 March.
        assert!(classes.contains(&LegendKey::Destination(Side::Russia)));
        assert!(classes.contains(&LegendKey::Status(Status::Disputed)));
        // Mariupol's routes to Zaporizhzhia reach into the frame; no route into Belarus comes
        // anywhere near the Sea of Azov.
        assert!(classes.contains(&LegendKey::Destination(Side::UkrainianHeld)));
        assert!(!classes.contains(&LegendKey::Destination(Side::Belarus)));
    }

    #[test]
    fn a_fitted_route_is_never_under_the_title_the_legend_or_the_scale_bar() {
        let data = Dataset::embedded().unwrap();
        for (id, [w, h]) in [
            ("kyiv-gomel", [800, 500]),
            ("mariupol-rostov", [1600, 1000]),
            ("sumy-poltava", [600, 900]),
        ] {
            let request = ExportRequest {
                framing: Framing::Route(id.into()),
                width: w,
                height: h,
                scale: 2,
                at: "2022-03-12T12:00:00+02:00".parse().unwrap(),
                lang: Lang::Uk,
                tiles: crate::net::TileChoice::Offline,
            };
            let view = plan(&data, &request).unwrap();
            let (_, lines) = heading(&data, &request);
            let [x0, y0, x1, y1] = view.rect;
            let free = frame::free_area(x1 - x0, y1 - y0, 2.0, lines.len(), Lang::Uk);
            for &p in &data.corridor(id).unwrap().line.0 {
                let [x, y] = view.to_px(LonLat::from(p).to_unit());
                assert!(
                    x >= free[0] && x <= free[2] && y >= free[1] && y <= free[3],
                    "{id} at {w}×{h}: ({x}, {y}) outside {free:?}"
                );
            }
        }
    }
}
