//! The SVG canvas: every layer a named group (an Inkscape layer, a group in Illustrator), text
//! as real text in DejaVu Sans with its halo drawn under it (`paint-order="stroke"`).

use std::fmt::Write as _;

use tiny_skia::Pixmap;

use super::{Brush, Canvas, Cap, Join, Pen};
use crate::ink::{Anchor, Rgba};
use crate::raster::TextStyle;
use crate::typeface::{Face, cap_height, em_size, measure};

/// An SVG document being drawn; [`SvgCanvas::finish`] gives its text.
#[derive(Debug)]
pub struct SvgCanvas {
    size: [f32; 2],
    body: String,
    /// Ids given so far, to keep them unique.
    ids: usize,
    /// Layers open.
    depth: usize,
}

/// `value` with at most two decimals and no trailing zeros ("12.5", "3", "-0.25").
fn num(value: f32) -> String {
    let mut s = format!("{value:.2}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" { "0".to_owned() } else { s }
}

/// Escapes text for XML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 allows no other control characters.
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

/// `#rrggbb`, and the opacity when the colour is not opaque.
fn paint(attr: &str, color: Rgba) -> String {
    let Rgba(r, g, b, a) = color;
    let mut s = format!(" {attr}=\"#{r:02x}{g:02x}{b:02x}\"");
    if a < 255 {
        let _ = write!(s, " {attr}-opacity=\"{}\"", num(f32::from(a) / 255.0));
    }
    s
}

/// The stroke attributes of `pen`.
fn pen_attrs(pen: &Pen) -> String {
    let mut s = paint("stroke", pen.color);
    let _ = write!(s, " stroke-width=\"{}\"", num(pen.width));
    s.push_str(match pen.cap {
        Cap::Butt => "",
        Cap::Round => " stroke-linecap=\"round\"",
    });
    match pen.join {
        Join::Miter(limit) => {
            let _ = write!(s, " stroke-miterlimit=\"{}\"", num(limit));
        }
        Join::Round => s.push_str(" stroke-linejoin=\"round\""),
        Join::Bevel => s.push_str(" stroke-linejoin=\"bevel\""),
    }
    if let Some([on, off]) = pen.dash {
        let _ = write!(s, " stroke-dasharray=\"{} {}\"", num(on), num(off));
    }
    s
}

/// A name made safe as an XML id: letters, digits and `-`.
fn id_of(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

impl SvgCanvas {
    /// An empty drawing `width` × `height` px.
    #[must_use]
    pub fn new(width: f32, height: f32) -> Self {
        Self {
            size: [width, height],
            body: String::new(),
            ids: 0,
            depth: 0,
        }
    }

    fn next_id(&mut self, name: &str) -> String {
        self.ids += 1;
        format!("{}-{}", id_of(name), self.ids)
    }

    /// The finished document: the drawing with its `<title>`, `<desc>` (the alt text) and
    /// `<metadata>` (each `(key, value)` as a Dublin Core element where one fits, else a
    /// `koridor:` element), any layer left open closed.
    #[must_use]
    pub fn finish(mut self, title: &str, description: &str, metadata: &[(&str, &str)]) -> String {
        while self.depth > 0 {
            self.end_layer();
        }
        let [w, h] = self.size;
        let mut out = String::with_capacity(self.body.len() + 2048);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" \
xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" \
xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
xmlns:koridor=\"https://github.com/koridor/koridor/ns/export\" \
width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
font-family=\"DejaVu Sans, Verdana, sans-serif\">",
            w = num(w),
            h = num(h)
        );
        let _ = writeln!(out, "<title>{}</title>", escape(title));
        let _ = writeln!(out, "<desc>{}</desc>", escape(description));
        out.push_str("<metadata><rdf:RDF><rdf:Description rdf:about=\"\">\n");
        for (key, value) in metadata {
            let element = match *key {
                "Title" => "dc:title".to_owned(),
                "Description" => "dc:description".to_owned(),
                "Source" => "dc:source".to_owned(),
                "Copyright" => "dc:rights".to_owned(),
                "Software" => "dc:creator".to_owned(),
                other => format!(
                    "koridor:{}",
                    id_of(other.strip_prefix("Koridor-").unwrap_or(other))
                ),
            };
            let _ = writeln!(out, "<{element}>{}</{element}>", escape(value));
        }
        out.push_str("</rdf:Description></rdf:RDF></metadata>\n");
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }
}

impl Canvas for SvgCanvas {
    fn size(&self) -> [f32; 2] {
        self.size
    }

    fn begin_layer(&mut self, name: &str) {
        let id = self.next_id(name);
        let _ = writeln!(
            self.body,
            "<g id=\"{id}\" inkscape:groupmode=\"layer\" inkscape:label=\"{}\">",
            escape(name)
        );
        self.depth += 1;
    }

    fn end_layer(&mut self) {
        if self.depth > 0 {
            self.body.push_str("</g>\n");
            self.depth -= 1;
        }
    }

    fn begin_inset(&mut self, name: &str, offset: [f32; 2], clip: [f32; 4]) {
        let id = self.next_id(name);
        let _ = writeln!(
            self.body,
            "<clipPath id=\"{id}-clip\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath>",
            num(clip[0]),
            num(clip[1]),
            num(clip[2] - clip[0]),
            num(clip[3] - clip[1])
        );
        let _ = writeln!(
            self.body,
            "<g id=\"{id}\" inkscape:groupmode=\"layer\" inkscape:label=\"{}\" \
transform=\"translate({} {})\" clip-path=\"url(#{id}-clip)\">",
            escape(name),
            num(offset[0]),
            num(offset[1])
        );
        self.depth += 1;
    }

    fn path(
        &mut self,
        runs: &[Vec<[f32; 2]>],
        closed: bool,
        fill: Option<Brush>,
        pen: Option<&Pen>,
    ) {
        let mut d = String::new();
        for run in runs.iter().filter(|r| r.len() >= 2) {
            for (i, p) in run.iter().enumerate() {
                let _ = write!(
                    d,
                    "{}{} {}",
                    if i == 0 { "M" } else { "L" },
                    num(p[0]),
                    num(p[1])
                );
            }
            if closed {
                d.push('Z');
            }
        }
        if d.is_empty() || (fill.is_none() && pen.is_none()) {
            return;
        }
        let mut attrs = match fill {
            Some(brush) => {
                let mut a = paint("fill", brush.color);
                if brush.even_odd {
                    a.push_str(" fill-rule=\"evenodd\"");
                }
                a
            }
            None => " fill=\"none\"".to_owned(),
        };
        if let Some(pen) = pen {
            attrs.push_str(&pen_attrs(pen));
        }
        let _ = writeln!(self.body, "<path d=\"{d}\"{attrs}/>");
    }

    fn circle(&mut self, at: [f32; 2], radius: f32, fill: Rgba, outline: Option<(Rgba, f32)>) {
        let mut attrs = paint("fill", fill);
        if let Some((color, width)) = outline {
            attrs.push_str(&paint("stroke", color));
            let _ = write!(attrs, " stroke-width=\"{}\"", num(width));
        }
        let _ = writeln!(
            self.body,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{attrs}/>",
            num(at[0]),
            num(at[1]),
            num(radius)
        );
    }

    fn rect(&mut self, r: [f32; 4], fill: Rgba) {
        let _ = writeln!(
            self.body,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{}/>",
            num(r[0]),
            num(r[1]),
            num(r[2]),
            num(r[3]),
            paint("fill", fill)
        );
    }

    fn text(&mut self, text: &str, at: [f32; 2], anchor: Anchor, style: TextStyle) {
        let width = measure(text, style.size, style.face);
        // The same box as the pixmap's: the text starts at its left end, so SVG renderers
        // that measure a little differently still keep it clear of what it was laid out beside.
        let x = match anchor {
            Anchor::Left => at[0],
            Anchor::Right => at[0] - width,
            Anchor::Center => at[0] - width / 2.0,
        };
        let baseline = at[1] + cap_height(style.size) / 2.0;
        let mut attrs = format!(
            " x=\"{}\" y=\"{}\" font-size=\"{}\"",
            num(x),
            num(baseline),
            num(em_size(style.size, style.face))
        );
        if style.face == Face::Bold {
            attrs.push_str(" font-weight=\"bold\"");
        }
        attrs.push_str(&paint("fill", style.color));
        if let Some((halo, halo_width)) = style.halo {
            attrs.push_str(&paint("stroke", halo));
            let _ = write!(
                attrs,
                " stroke-width=\"{}\" stroke-linejoin=\"miter\" stroke-miterlimit=\"2\" paint-order=\"stroke\"",
                num(halo_width)
            );
        }
        let _ = writeln!(self.body, "<text{attrs}>{}</text>", escape(text));
    }

    fn image(&mut self, image: &Pixmap, r: [f32; 4]) {
        let rgba = crate::raster::straight_rgba(image);
        let Ok(png) = crate::raster::encode_png(image.width(), image.height(), &rgba, &[]) else {
            log::warn!("an online basemap image could not be encoded for the SVG; left out");
            return;
        };
        let _ = writeln!(
            self.body,
            "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" \
href=\"data:image/png;base64,{}\"/>",
            num(r[0]),
            num(r[1]),
            num(r[2]),
            num(r[3]),
            base64(&png)
        );
    }
}

/// Standard base64 with padding (RFC 4648), for an image inlined as a data URL.
fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextet = |shift: u32| char::from(TABLE[((n >> shift) & 63) as usize]);
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canvas::polyline;

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn numbers_are_short_and_text_is_escaped() {
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(-0.001), "0");
        assert_eq!(escape("a<b & \"c\"\u{7}"), "a&lt;b &amp; &quot;c&quot;");
    }

    #[test]
    fn layers_are_named_groups_and_text_is_text() {
        let mut svg = SvgCanvas::new(100.0, 50.0);
        svg.begin_layer("routes");
        polyline(
            &mut svg,
            &[[0.0, 0.0], [10.0, 5.0]],
            &Pen::line(Rgba(200, 0, 0, 128), 2.0, Some([4.0, 2.0])),
        );
        svg.end_layer();
        svg.begin_layer("labels");
        let style = TextStyle {
            size: 12.0,
            color: Rgba(0, 0, 0, 255),
            face: Face::Bold,
            halo: Some((Rgba(255, 255, 255, 255), 3.0)),
        };
        svg.text("Київ & <Kyiv>", [20.0, 20.0], Anchor::Right, style);
        let text = svg.finish("T", "D", &[("Koridor-Route", "kyiv-gomel")]);
        assert!(text.contains("inkscape:label=\"routes\""), "{text}");
        assert!(text.contains("stroke-dasharray=\"4 2\""), "{text}");
        assert!(text.contains("stroke-opacity=\"0.5\""), "{text}");
        assert!(text.contains(">Київ &amp; &lt;Kyiv&gt;</text>"), "{text}");
        assert!(text.contains("font-weight=\"bold\""), "{text}");
        assert!(text.contains("paint-order=\"stroke\""), "{text}");
        assert!(
            text.contains("<koridor:route>kyiv-gomel</koridor:route>"),
            "{text}"
        );
        // The layer left open is closed.
        assert_eq!(text.matches("<g ").count(), text.matches("</g>").count());
    }
}
