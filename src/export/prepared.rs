//! An export laid out before it is drawn: the basemap's names for its zoom, the scene, the
//! panels and their text. Every format draws it through one call, and a PNG draws it once per
//! band of rows ([`super::bands`]).

use std::sync::Arc;

use super::layout::{Layout, Panels};
use super::{
    ExportError, ExportRequest, Framing, TileReport, attribution_for, classes_in_frame, frame,
    heading, locator, online, open_archive, view_code,
};
use crate::basemap::{Basemap, LabelCache, LabelRoom, PlacedLabel, draw_basemap};
use crate::canvas::Canvas;
use crate::net::TileChoice;
use crate::projection::Viewport;
use crate::raster::paint_scene;
use crate::scene::{LegendKey, RouteIndex, Scene, SceneInput, build_scene};
use crate::{Dataset, Lang};

/// An export laid out for one canvas size and view, ready to draw as often as needed.
pub(super) struct Prepared {
    basemap: &'static Basemap,
    placed: Arc<Vec<PlacedLabel>>,
    label_zoom: u8,
    view: Viewport,
    scene: Scene,
    panels: Panels,
    /// Where names under the routes may not go: the panels and the scene's labels.
    clear: Vec<[f32; 4]>,
    head: String,
    lines: Vec<String>,
    footer: String,
    code: String,
    /// The legend's classes: those the frame shows.
    classes: Vec<LegendKey>,
    archive: Option<Arc<crate::archive::Archive>>,
    archive_error: Option<String>,
}

impl Prepared {
    /// Lays out the export of `request` for a canvas of `size` through `view`.
    pub(super) fn new(
        size: [f32; 2],
        dataset: &Dataset,
        index: &RouteIndex,
        request: &ExportRequest,
        labels: &LabelCache,
        view: &Viewport,
    ) -> Result<Self, ExportError> {
        let view = *view;
        let basemap = Basemap::embedded().map_err(|e| ExportError::Basemap(e.to_string()))?;
        let s = view.scale;
        let selected = match &request.framing {
            Framing::Route(id) => dataset.index_of(id),
            Framing::View { .. } => None,
        };
        let label_zoom = label_zoom(view.zoom);
        let placed = labels.get(basemap, label_zoom, request.lang);
        // The panels first, the legend last: its size depends on the classes the scene shows,
        // so the scene's names keep clear of the others and those under the legend are left
        // out.
        let (head, lines) = heading(dataset, request);
        let (archive, archive_error) = open_archive(&request.tiles);
        let footer = format!(
            "{} · Koridor {}",
            attribution_for(&request.tiles, archive.as_deref(), request.lang),
            env!("CARGO_PKG_VERSION"),
        );
        let code = view_code(index, request, &view).to_text();
        let mut panels =
            Panels::lay_out(size, &view, &head, &lines, (&footer, &code), request.lang);
        let visible = |_: usize, _: &crate::Corridor| true;
        let mut scene = build_scene(
            &SceneInput {
                dataset,
                at: request.at,
                selected,
                hovered: None,
                visible: &visible,
                lang: request.lang,
                scale: s,
                index,
                keep_clear: &panels.boxes,
                emphasised_only: false,
            },
            &view,
        );
        let classes = classes_in_frame(dataset, &scene, request.at, view.rect);
        let legend = frame::legend_rect(s, panels.bottom, request.lang, &classes);
        scene.drop_labels_over(legend.as_slice());
        panels.boxes.extend(legend);
        let mut clear = panels.boxes.clone();
        clear.extend_from_slice(&scene.label_boxes);
        Ok(Self {
            basemap,
            placed,
            label_zoom,
            view,
            scene,
            panels,
            clear,
            head,
            lines,
            footer,
            code,
            classes,
            archive,
            archive_error,
        })
    }

    /// Places the basemap's town names for `view`'s zoom in `labels`, where [`Prepared::new`]
    /// finds them: run on another core while the rest of the export is laid out.
    pub(super) fn place_names_ahead(labels: &LabelCache, view: &Viewport, lang: Lang) {
        if let Ok(basemap) = Basemap::embedded() {
            labels.get(basemap, label_zoom(view.zoom), lang);
        }
    }

    /// Whether drawing reads tiles from outside (online tiles, or a street basemap that
    /// opened): each band would then fetch or read them again, so the frame is drawn whole.
    pub(super) fn reads_tiles(&self, tiles: &TileChoice) -> bool {
        matches!(tiles, TileChoice::Osm | TileChoice::Template(_)) || self.archive.is_some()
    }

    /// Draws the export onto `canvas`, each part in its named layer: the basemap with its town
    /// names, the street basemap and online tiles, the routes, then the panels. Returns how
    /// the tiles went and the boxes of the names placed under the routes.
    pub(super) fn draw(
        &self,
        canvas: &mut dyn Canvas,
        request: &ExportRequest,
        labels: &LabelCache,
    ) -> (TileReport, Vec<[f32; 4]>) {
        let room = LabelRoom {
            frame: self.view.rect,
            keep_clear: &self.clear,
        };
        canvas.begin_layer("basemap");
        let mut named = draw_basemap(
            canvas,
            self.basemap,
            &self.placed,
            self.label_zoom,
            &self.view,
            Some(room),
        );
        canvas.end_layer();
        let street = self.archive.as_deref().map(|archive| {
            let (report, names) = crate::archive::draw_archive(
                canvas,
                archive,
                &self.view,
                request.lang,
                Some(room),
                &|p| labels.suppresses(p),
            );
            named.extend(names);
            report
        });
        canvas.begin_layer("online tiles");
        let mut report = online::draw_online(canvas, &self.view, &request.tiles);
        canvas.end_layer();
        report.archive = street;
        report.archive_error.clone_from(&self.archive_error);
        paint_scene(canvas, &self.scene);
        self.draw_panels(canvas, request.lang);
        (report, named)
    }

    /// The panels over the map, each in its named layer: locator, title, attribution, legend
    /// and scale bar, where they were laid out.
    fn draw_panels(&self, canvas: &mut dyn Canvas, lang: Lang) {
        let (view, panels) = (&self.view, &self.panels);
        let s = view.scale;
        let drawn = locator::locator(canvas, self.basemap, view, s);
        debug_assert_eq!(
            drawn, panels.locator,
            "the locator is where it was laid out"
        );
        canvas.begin_layer("title");
        frame::title(canvas, s, &self.head, &self.lines, panels.title_right);
        canvas.end_layer();
        canvas.begin_layer("attribution");
        let bottom = frame::attribution(canvas, s, &self.footer, &self.code);
        canvas.end_layer();
        canvas.begin_layer("legend");
        frame::legend_box(canvas, s, bottom, lang, &self.classes);
        canvas.end_layer();
        canvas.begin_layer("scale bar");
        frame::scale_box(canvas, s, bottom, view.metres_per_device_px(), lang);
        canvas.end_layer();
    }

    /// Where the export's names and panels went, with `named` the names [`Self::draw`]
    /// placed under the routes.
    pub(super) fn layout(&self, named: Vec<[f32; 4]>) -> Layout {
        let mut labels = self.scene.label_boxes.clone();
        labels.extend(named);
        Layout {
            frame: self.view.rect,
            panels: self.panels.boxes.clone(),
            labels,
        }
    }
}

/// The whole zoom whose town names a view at `zoom` shows.
fn label_zoom(zoom: f64) -> u8 {
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "the zoom is clamped to 0–20 before the cast"
    )]
    let z = zoom.floor().clamp(0.0, 20.0) as u8;
    z
}
