//! The PDF canvas: the drawing is recorded, then written onto one krilla page. Text is real
//! text in DejaVu Sans, subset and embedded, so it prints the same anywhere and can be searched
//! and copied; a halo is drawn under it as outlines, so the text is not found twice.

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Size, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, LineCap, LineJoin, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use krilla::{Document, image::Image};
use tiny_skia::Pixmap;

use super::{Brush, Canvas, Cap, Join, Pen};
use crate::ink::{Anchor, Rgba};
use crate::raster::TextStyle;
use crate::typeface::{BOLD_TTF, Face, REGULAR_TTF, cap_height, em_size, measure};

/// Points per px: the page is laid out at 96 px to the inch.
const PT_PER_PX: f32 = 0.75;

/// One recorded drawing operation.
#[derive(Debug, Clone)]
enum Op {
    Path {
        runs: Vec<Vec<[f32; 2]>>,
        closed: bool,
        fill: Option<Brush>,
        pen: Option<Pen>,
    },
    Circle {
        at: [f32; 2],
        radius: f32,
        fill: Rgba,
        outline: Option<(Rgba, f32)>,
    },
    Text {
        text: String,
        left: f32,
        baseline: f32,
        style: TextStyle,
    },
    Image {
        png: Vec<u8>,
        rect: [f32; 4],
    },
    BeginInset {
        offset: [f32; 2],
        clip: [f32; 4],
    },
    EndInset,
}

/// Why a PDF could not be made.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PdfError {
    /// The page size is not a real size.
    #[error("a PDF page of {0} × {1} px cannot be made")]
    Size(f32, f32),
    /// An embedded font could not be read (the test suite rules this out).
    #[error("the embedded font could not be read for the PDF")]
    Font,
    /// krilla refused the document.
    #[error("the PDF could not be written: {0}")]
    Write(String),
}

/// A PDF page being drawn; [`PdfCanvas::finish`] gives the document's bytes.
#[derive(Debug)]
pub struct PdfCanvas {
    size: [f32; 2],
    ops: Vec<Op>,
    /// For each open layer, whether it is an inset (which the page must pop).
    open: Vec<bool>,
}

fn color(c: Rgba) -> (rgb::Color, NormalizedF32) {
    let opacity = NormalizedF32::new(f32::from(c.3) / 255.0).unwrap_or(NormalizedF32::ONE);
    (rgb::Color::new(c.0, c.1, c.2), opacity)
}

fn fill_of(c: Rgba, even_odd: bool) -> Fill {
    let (paint, opacity) = color(c);
    Fill {
        paint: paint.into(),
        opacity,
        rule: if even_odd {
            FillRule::EvenOdd
        } else {
            FillRule::NonZero
        },
    }
}

fn stroke_of(pen: &Pen) -> Stroke {
    let (paint, opacity) = color(pen.color);
    let (line_join, miter_limit) = match pen.join {
        Join::Miter(limit) => (LineJoin::Miter, limit),
        Join::Round => (LineJoin::Round, 4.0),
        Join::Bevel => (LineJoin::Bevel, 4.0),
    };
    Stroke {
        paint: paint.into(),
        width: pen.width,
        miter_limit,
        line_cap: match pen.cap {
            Cap::Butt => LineCap::Butt,
            Cap::Round => LineCap::Round,
        },
        line_join,
        opacity,
        dash: pen.dash.map(|[on, off]| StrokeDash {
            array: vec![on, off],
            offset: 0.0,
        }),
    }
}

fn path_of(runs: &[Vec<[f32; 2]>], closed: bool) -> Option<krilla::geom::Path> {
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
    pb.finish()
}

/// A circle as four cubic-free segments would look rough; 48 straight sides are within a
/// hundredth of a px of a true circle at the sizes a map uses (≤ 20 px).
fn circle_points(at: [f32; 2], radius: f32) -> Vec<[f32; 2]> {
    (0..48)
        .map(|i| {
            #[expect(clippy::cast_precision_loss, reason = "i < 48")]
            let a = i as f32 / 48.0 * std::f32::consts::TAU;
            [at[0] + radius * a.cos(), at[1] + radius * a.sin()]
        })
        .collect()
}

impl PdfCanvas {
    /// An empty page `width` × `height` px (printed at 96 px to the inch).
    #[must_use]
    pub fn new(width: f32, height: f32) -> Self {
        Self {
            size: [width, height],
            ops: Vec::new(),
            open: Vec::new(),
        }
    }

    /// The finished document, with `title`, `description` (the alt text), `keywords` (route,
    /// date, source, attribution, bounding box and CRS as `key: value`) and `language` in its
    /// document information.
    ///
    /// # Errors
    /// If the page size is not a real size, the font cannot be read or krilla fails.
    pub fn finish(
        self,
        title: &str,
        description: &str,
        keywords: Vec<String>,
        language: &str,
    ) -> Result<Vec<u8>, PdfError> {
        let [w, h] = self.size;
        let settings =
            PageSettings::from_wh(w * PT_PER_PX, h * PT_PER_PX).ok_or(PdfError::Size(w, h))?;
        let regular = Font::new(REGULAR_TTF.into(), 0).ok_or(PdfError::Font)?;
        let bold = Font::new(BOLD_TTF.into(), 0).ok_or(PdfError::Font)?;
        let mut document = Document::new();
        document.set_metadata(
            Metadata::new()
                .title(title.to_owned())
                .description(description.to_owned())
                .keywords(keywords)
                .language(language.to_owned())
                .creator(format!("Koridor {}", env!("CARGO_PKG_VERSION"))),
        );
        {
            let mut page = document.start_page_with(settings);
            let mut surface = page.surface();
            surface.push_transform(&Transform::from_scale(PT_PER_PX, PT_PER_PX));
            for op in &self.ops {
                replay(&mut surface, op, &regular, &bold);
            }
            surface.pop();
            surface.finish();
            page.finish();
        }
        document
            .finish()
            .map_err(|e| PdfError::Write(format!("{e:?}")))
    }
}

/// Draws one recorded operation.
fn replay(surface: &mut Surface<'_>, op: &Op, regular: &Font, bold: &Font) {
    match op {
        Op::Path {
            runs,
            closed,
            fill,
            pen,
        } => {
            let Some(path) = path_of(runs, *closed) else {
                return;
            };
            surface.set_fill(fill.map(|b| fill_of(b.color, b.even_odd)));
            surface.set_stroke(pen.as_ref().map(stroke_of));
            surface.draw_path(&path);
        }
        Op::Circle {
            at,
            radius,
            fill,
            outline,
        } => {
            let Some(path) = path_of(&[circle_points(*at, *radius)], true) else {
                return;
            };
            surface.set_fill(Some(fill_of(*fill, false)));
            surface.set_stroke(outline.map(|(c, w)| stroke_of(&Pen::new(c, w))));
            surface.draw_path(&path);
        }
        Op::Text {
            text,
            left,
            baseline,
            style,
        } => {
            let font = if style.face == Face::Bold {
                bold
            } else {
                regular
            };
            let start = Point::from_xy(*left, *baseline);
            let em = em_size(style.size, style.face);
            if let Some((halo, width)) = style.halo {
                // The halo as outlines (not text), so that a search finds the name once.
                let mut pen = Pen::new(halo, width);
                pen.join = Join::Miter(2.0);
                surface.set_fill(None);
                surface.set_stroke(Some(stroke_of(&pen)));
                surface.draw_text(start, font.clone(), em, text, true, TextDirection::Auto);
            }
            surface.set_fill(Some(fill_of(style.color, false)));
            surface.set_stroke(None);
            surface.draw_text(start, font.clone(), em, text, false, TextDirection::Auto);
        }
        Op::Image { png, rect } => {
            let Ok(image) = Image::from_png(png.clone().into(), true) else {
                log::warn!("an online basemap image could not be read for the PDF; left out");
                return;
            };
            let Some(size) = Size::from_wh(rect[2], rect[3]) else {
                return;
            };
            surface.push_transform(&Transform::from_translate(rect[0], rect[1]));
            surface.draw_image(image, size);
            surface.pop();
        }
        Op::BeginInset { offset, clip } => {
            surface.push_transform(&Transform::from_translate(offset[0], offset[1]));
            if let Some(path) = path_of(
                &[vec![
                    [clip[0], clip[1]],
                    [clip[2], clip[1]],
                    [clip[2], clip[3]],
                    [clip[0], clip[3]],
                ]],
                true,
            ) {
                surface.push_clip_path(&path, &FillRule::NonZero);
            } else {
                // Keep the pushes and pops in step: an empty clip shows nothing.
                surface.push_opacity(NormalizedF32::ZERO);
            }
        }
        Op::EndInset => {
            surface.pop();
            surface.pop();
        }
    }
}

impl Canvas for PdfCanvas {
    fn size(&self) -> [f32; 2] {
        self.size
    }

    fn begin_layer(&mut self, _name: &str) {
        // PDF has no groups an editor lists without optional content, which krilla does not
        // write; the order of drawing is kept.
        self.open.push(false);
    }

    fn end_layer(&mut self) {
        if self.open.pop() == Some(true) {
            self.ops.push(Op::EndInset);
        }
    }

    fn begin_inset(&mut self, _name: &str, offset: [f32; 2], clip: [f32; 4]) {
        self.open.push(true);
        self.ops.push(Op::BeginInset { offset, clip });
    }

    fn path(
        &mut self,
        runs: &[Vec<[f32; 2]>],
        closed: bool,
        fill: Option<Brush>,
        pen: Option<&Pen>,
    ) {
        if fill.is_some() || pen.is_some() {
            self.ops.push(Op::Path {
                runs: runs.to_vec(),
                closed,
                fill,
                pen: pen.copied(),
            });
        }
    }

    fn circle(&mut self, at: [f32; 2], radius: f32, fill: Rgba, outline: Option<(Rgba, f32)>) {
        self.ops.push(Op::Circle {
            at,
            radius,
            fill,
            outline,
        });
    }

    fn rect(&mut self, r: [f32; 4], fill: Rgba) {
        let ring = vec![
            [r[0], r[1]],
            [r[0] + r[2], r[1]],
            [r[0] + r[2], r[1] + r[3]],
            [r[0], r[1] + r[3]],
        ];
        self.path(
            &[ring],
            true,
            Some(Brush {
                color: fill,
                even_odd: false,
            }),
            None,
        );
    }

    fn text(&mut self, text: &str, at: [f32; 2], anchor: Anchor, style: TextStyle) {
        let width = measure(text, style.size, style.face);
        let left = match anchor {
            Anchor::Left => at[0],
            Anchor::Right => at[0] - width,
            Anchor::Center => at[0] - width / 2.0,
        };
        self.ops.push(Op::Text {
            text: text.to_owned(),
            left,
            baseline: at[1] + cap_height(style.size) / 2.0,
            style,
        });
    }

    fn image(&mut self, image: &Pixmap, rect: [f32; 4]) {
        let rgba = crate::raster::straight_rgba(image);
        match crate::raster::encode_png(image.width(), image.height(), &rgba, &[]) {
            Ok(png) => self.ops.push(Op::Image { png, rect }),
            Err(e) => log::warn!("an online basemap image could not be encoded for the PDF: {e}"),
        }
    }
}
