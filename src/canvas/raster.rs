//! The pixmap canvas: tiny-skia, for tiles and PNG exports.

use tiny_skia::{
    FillRule, FilterQuality, LineCap, LineJoin, PathBuilder, Pixmap, PixmapPaint, Stroke,
    StrokeDash, Transform,
};

use super::{Brush, Canvas, Cap, Join, Pen};
use crate::ink::{Anchor, Rgba};
use crate::raster::{TextStyle, ToPaint, cached_text, circle, rect, text};

/// The tiny-skia stroke for `pen`.
fn stroke(pen: &Pen) -> Stroke {
    let (line_join, miter_limit) = match pen.join {
        Join::Miter(limit) => (LineJoin::Miter, limit),
        Join::Round => (LineJoin::Round, 4.0),
        Join::Bevel => (LineJoin::Bevel, 4.0),
    };
    Stroke {
        width: pen.width,
        line_cap: match pen.cap {
            Cap::Butt => LineCap::Butt,
            Cap::Round => LineCap::Round,
        },
        line_join,
        miter_limit,
        dash: pen
            .dash
            .and_then(|[on, off]| StrokeDash::new(vec![on, off], 0.0)),
    }
}

impl Canvas for Pixmap {
    #[expect(
        clippy::cast_precision_loss,
        reason = "pixmap sides are far below 2^24 px"
    )]
    fn size(&self) -> [f32; 2] {
        [self.width() as f32, self.height() as f32]
    }

    fn begin_layer(&mut self, _name: &str) {}

    fn end_layer(&mut self) {}

    fn begin_inset(&mut self, _name: &str, _offset: [f32; 2], _clip: [f32; 4]) {
        // A pixmap draws its insets from a cache through `raster()`; nothing to set up.
    }

    fn path(
        &mut self,
        runs: &[Vec<[f32; 2]>],
        closed: bool,
        fill: Option<Brush>,
        pen: Option<&Pen>,
    ) {
        let mut pb = PathBuilder::new();
        for run in runs {
            let Some((first, rest)) = run.split_first() else {
                continue;
            };
            pb.move_to(first[0], first[1]);
            for p in rest {
                pb.line_to(p[0], p[1]);
            }
            if closed {
                pb.close();
            }
        }
        let Some(path) = pb.finish() else { return };
        // A path of no width or no height (a lake's ring clipped to a line along a tile's
        // edge) encloses no pixels: tiny-skia would refuse it with a warning each time.
        let area = path.bounds().width() > 0.0 && path.bounds().height() > 0.0;
        if let Some(brush) = fill.filter(|_| area) {
            let rule = if brush.even_odd {
                FillRule::EvenOdd
            } else {
                FillRule::Winding
            };
            self.fill_path(
                &path,
                &brush.color.paint(),
                rule,
                Transform::identity(),
                None,
            );
        }
        if let Some(pen) = pen {
            self.stroke_path(
                &path,
                &pen.color.paint(),
                &stroke(pen),
                Transform::identity(),
                None,
            );
        }
    }

    fn circle(&mut self, at: [f32; 2], radius: f32, fill: Rgba, outline: Option<(Rgba, f32)>) {
        circle(self, at, radius, fill, outline);
    }

    fn rect(&mut self, r: [f32; 4], fill: Rgba) {
        rect(self, r[0], r[1], r[2], r[3], fill);
    }

    fn text(&mut self, label: &str, at: [f32; 2], anchor: Anchor, style: TextStyle) -> f32 {
        text(self, label, at, anchor, style)
    }

    fn town_name(&mut self, label: &str, at: [f32; 2], anchor: Anchor, style: TextStyle) -> f32 {
        cached_text(self, label, at, anchor, style)
    }

    #[expect(
        clippy::cast_precision_loss,
        reason = "image sides are far below 2^24 px"
    )]
    fn image(&mut self, image: &Pixmap, r: [f32; 4]) {
        let (w, h) = (image.width() as f32, image.height() as f32);
        if w <= 0.0 || h <= 0.0 {
            return;
        }
        let paint = PixmapPaint {
            quality: FilterQuality::Bilinear,
            ..PixmapPaint::default()
        };
        let transform = Transform::from_row(r[2] / w, 0.0, 0.0, r[3] / h, r[0], r[1]);
        self.draw_pixmap(0, 0, image.as_ref(), &paint, transform, None);
    }

    fn raster(&mut self) -> Option<&mut Pixmap> {
        Some(self)
    }
}
