//! The pixmap canvas: tiny-skia, for tiles and PNG exports. A [`Band`] is a run of whole rows
//! of a larger frame, so two threads can each draw half of one export into the same pixels.

use tiny_skia::{
    FillRule, FilterQuality, LineCap, LineJoin, PathBuilder, Pixmap, PixmapMut, PixmapPaint,
    Stroke, StrokeDash, Transform,
};

use super::{Brush, Canvas, Cap, Join, Pen, near};
use crate::ink::{Anchor, Rgba};
use crate::raster::{TextStyle, ToPaint, cached_text, circle, rect, stroke_covered, text};
use crate::typeface::cap_height;

/// How far a stroke of `pen` can reach from its line: half its width, or a mitre's spike, and
/// a pixel of anti-aliasing.
fn reach(pen: &Pen) -> f32 {
    let spike = match pen.join {
        Join::Miter(limit) => limit.max(1.0),
        Join::Round | Join::Bevel => 1.0,
    };
    pen.width * spike / 2.0 + 1.0
}

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

/// Rows `top..top + height` of a frame of `frame` px: a canvas that takes the frame's
/// coordinates and draws what falls in its rows, exactly as the whole frame would there (it is
/// shifted by whole pixels, so anti-aliasing is the same).
pub struct Band<'a> {
    pixmap: PixmapMut<'a>,
    top: f32,
    frame: [f32; 2],
}

impl<'a> Band<'a> {
    /// The band of `pixmap`'s rows starting at row `top` of a frame of `frame` px.
    #[must_use]
    pub fn new(pixmap: PixmapMut<'a>, top: u32, frame: [f32; 2]) -> Self {
        #[expect(
            clippy::cast_precision_loss,
            reason = "pixmap sides are far below 2^24 px"
        )]
        let top = top as f32;
        Self { pixmap, top, frame }
    }

    /// The whole of `pixmap`, as a band from its first row to its last.
    fn whole(pixmap: &'a mut Pixmap) -> Self {
        #[expect(
            clippy::cast_precision_loss,
            reason = "pixmap sides are far below 2^24 px"
        )]
        let frame = [pixmap.width() as f32, pixmap.height() as f32];
        Self::new(pixmap.as_mut(), 0, frame)
    }

    /// The frame's row just below this band.
    #[expect(
        clippy::cast_precision_loss,
        reason = "pixmap sides are far below 2^24 px"
    )]
    fn bottom(&self) -> f32 {
        self.top + self.pixmap.height() as f32
    }

    /// Whether rows `y0..y1` of the frame miss this band.
    fn misses(&self, y0: f32, y1: f32) -> bool {
        y1 < self.top || y0 > self.bottom()
    }
}

impl Canvas for Band<'_> {
    fn size(&self) -> [f32; 2] {
        self.frame
    }

    fn begin_layer(&mut self, _name: &str) {}

    fn end_layer(&mut self) {}

    fn begin_inset(&mut self, _name: &str, _offset: [f32; 2], _clip: [f32; 4]) {
        // A pixmap draws its insets from a cache through `pixels()`; nothing to set up.
    }

    fn path(
        &mut self,
        runs: &[Vec<[f32; 2]>],
        closed: bool,
        fill: Option<Brush>,
        pen: Option<&Pen>,
    ) {
        if let (false, None, Some(pen)) = (closed, fill, pen) {
            self.stroke_near(runs, pen);
            return;
        }
        let Some(path) = self.shifted(runs, closed) else {
            return;
        };
        // In the band's own rows from here.
        let bounds = path.bounds();
        let reach = pen.map_or(0.0, reach);
        if self.misses(
            self.top + bounds.top() - reach,
            self.top + bounds.bottom() + reach,
        ) {
            return;
        }
        // A path of no width or no height (a lake's ring clipped to a line along a tile's
        // edge) encloses no pixels: tiny-skia would refuse it with a warning each time.
        let area = bounds.width() > 0.0 && bounds.height() > 0.0;
        let same = Transform::identity();
        if let Some(brush) = fill.filter(|_| area) {
            let rule = if brush.even_odd {
                FillRule::EvenOdd
            } else {
                FillRule::Winding
            };
            self.pixmap
                .fill_path(&path, &brush.color.paint(), rule, same, None);
        }
        if let Some(pen) = pen {
            stroke_covered(&mut self.pixmap, &path, pen.color, &stroke(pen));
        }
    }

    fn circle(&mut self, at: [f32; 2], radius: f32, fill: Rgba, outline: Option<(Rgba, f32)>) {
        let reach = radius + outline.map_or(0.0, |(_, width)| width);
        if self.misses(at[1] - reach, at[1] + reach) {
            return;
        }
        let at = [at[0], at[1] - self.top];
        circle(&mut self.pixmap, at, radius, fill, outline);
    }

    fn rect(&mut self, r: [f32; 4], fill: Rgba) {
        if self.misses(r[1], r[1] + r[3]) {
            return;
        }
        rect(&mut self.pixmap, r[0], r[1] - self.top, r[2], r[3], fill);
    }

    fn text(&mut self, label: &str, at: [f32; 2], anchor: Anchor, style: TextStyle) {
        if !self.misses_text(at, style) {
            let at = [at[0], at[1] - self.top];
            text(&mut self.pixmap, label, at, anchor, style);
        }
    }

    fn town_name(&mut self, label: &str, at: [f32; 2], anchor: Anchor, style: TextStyle) {
        if !self.misses_text(at, style) {
            let at = [at[0], at[1] - self.top];
            cached_text(&mut self.pixmap, label, at, anchor, style);
        }
    }

    #[expect(
        clippy::cast_precision_loss,
        reason = "image sides are far below 2^24 px"
    )]
    fn image(&mut self, image: &Pixmap, r: [f32; 4]) {
        let (w, h) = (image.width() as f32, image.height() as f32);
        if w <= 0.0 || h <= 0.0 || self.misses(r[1], r[1] + r[3]) {
            return;
        }
        let paint = PixmapPaint {
            quality: FilterQuality::Bilinear,
            ..PixmapPaint::default()
        };
        let transform = Transform::from_row(r[2] / w, 0.0, 0.0, r[3] / h, r[0], r[1] - self.top);
        self.pixmap
            .draw_pixmap(0, 0, image.as_ref(), &paint, transform, None);
    }

    fn takes_pixels(&self) -> bool {
        true
    }

    #[expect(
        clippy::cast_possible_truncation,
        reason = "the top of a band is a whole row well inside i32"
    )]
    fn pixels(&mut self, image: &Pixmap, at: [i32; 2]) {
        let top = self.top as i32;
        self.pixmap.draw_pixmap(
            at[0],
            at[1] - top,
            image.as_ref(),
            &PixmapPaint::default(),
            Transform::identity(),
            None,
        );
    }
}

impl Band<'_> {
    /// `runs` as a path in the band's rows, each closed into a ring when `closed`.
    fn shifted(&self, runs: &[Vec<[f32; 2]>], closed: bool) -> Option<tiny_skia::Path> {
        let mut pb = PathBuilder::new();
        for run in runs {
            let Some((first, rest)) = run.split_first() else {
                continue;
            };
            pb.move_to(first[0], first[1] - self.top);
            for p in rest {
                pb.line_to(p[0], p[1] - self.top);
            }
            if closed {
                pb.close();
            }
        }
        pb.finish()
    }

    /// Strokes open `runs` with `pen`, only their stretches near this band: a border or a
    /// route across the whole frame is dashed and stroked in each band for the part each band
    /// shows, its dashes carrying on where they would (each run's pattern starts at its first
    /// point, as tiny-skia starts it).
    ///
    /// The stretches of a solid line are one path, as the whole line was, so a translucent
    /// line crossing itself is not darker where it crosses. A dashed one needs a path for each
    /// stretch (each carries on its own pattern), so a translucent dashed line in more than one
    /// stretch is stroked whole.
    fn stroke_near(&mut self, runs: &[Vec<[f32; 2]>], pen: &Pen) {
        let margin = reach(pen);
        let stretches = near::stretches_near(runs, self.top - margin, self.bottom() + margin);
        // The pen's stroke, a dash pattern starting at each run's first point.
        let whole = stroke(pen);
        let Some([on, off]) = pen.dash else {
            let points: Vec<Vec<[f32; 2]>> = stretches.into_iter().map(|s| s.points).collect();
            if let Some(path) = self.shifted(&points, false) {
                stroke_covered(&mut self.pixmap, &path, pen.color, &whole);
            }
            return;
        };
        if pen.color.3 < u8::MAX && stretches.len() > 1 {
            if let Some(path) = self.shifted(runs, false) {
                stroke_covered(&mut self.pixmap, &path, pen.color, &whole);
            }
            return;
        }
        for stretch in stretches {
            let Some(path) = self.shifted(&[stretch.points], false) else {
                continue;
            };
            let dashed = Stroke {
                dash: StrokeDash::new(vec![on, off], stretch.from),
                ..whole.clone()
            };
            stroke_covered(&mut self.pixmap, &path, pen.color, &dashed);
        }
    }

    /// Whether text at `at` in `style` (its capitals' centre line) lies wholly above or below
    /// this band, with its descenders and halo.
    fn misses_text(&self, at: [f32; 2], style: TextStyle) -> bool {
        let reach = style.size + cap_height(style.size) + style.halo.map_or(0.0, |(_, w)| w);
        self.misses(at[1] - reach, at[1] + reach)
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

    fn begin_inset(&mut self, _name: &str, _offset: [f32; 2], _clip: [f32; 4]) {}

    fn path(
        &mut self,
        runs: &[Vec<[f32; 2]>],
        closed: bool,
        fill: Option<Brush>,
        pen: Option<&Pen>,
    ) {
        Band::whole(self).path(runs, closed, fill, pen);
    }

    fn circle(&mut self, at: [f32; 2], radius: f32, fill: Rgba, outline: Option<(Rgba, f32)>) {
        Band::whole(self).circle(at, radius, fill, outline);
    }

    fn rect(&mut self, r: [f32; 4], fill: Rgba) {
        Band::whole(self).rect(r, fill);
    }

    fn text(&mut self, label: &str, at: [f32; 2], anchor: Anchor, style: TextStyle) {
        Band::whole(self).text(label, at, anchor, style);
    }

    fn town_name(&mut self, label: &str, at: [f32; 2], anchor: Anchor, style: TextStyle) {
        Band::whole(self).town_name(label, at, anchor, style);
    }

    fn image(&mut self, image: &Pixmap, r: [f32; 4]) {
        Band::whole(self).image(image, r);
    }

    fn takes_pixels(&self) -> bool {
        true
    }

    fn pixels(&mut self, image: &Pixmap, at: [i32; 2]) {
        Band::whole(self).pixels(image, at);
    }
}
