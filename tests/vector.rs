//! SVG and PDF exports: the same map as the PNG, drawn by the same code, with named layers,
//! text as text and the PNG's metadata. The SVG is rendered back here with resvg (pure Rust, no
//! system tools); with the `vector-tools` feature (CI installs Debian's librsvg2-bin, qpdf and
//! poppler-utils) the files also go through `rsvg-convert`, `qpdf --check`, `pdftotext`,
//! `pdffonts` and `pdftoppm`, the tools a newsroom would open them with.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Output;

use koridor::basemap::LabelCache;
use koridor::export::{ExportRequest, Format, Framing, export_bytes};
use koridor::{Dataset, Lang};

fn request(data: &Dataset, id: &str, lang: Lang) -> ExportRequest {
    ExportRequest {
        framing: Framing::Route(id.to_owned()),
        width: 800,
        height: 500,
        scale: 1,
        at: data.latest_event().unwrap(),
        lang,
        tiles: koridor::net::TileChoice::Offline,
    }
}

fn bytes(id: &str, lang: Lang, format: Format) -> Vec<u8> {
    let data = Dataset::embedded().unwrap();
    let labels = LabelCache::leaving_out(koridor::scene::named_places(&data));
    export_bytes(&data, &request(&data, id, lang), &labels, format)
        .unwrap()
        .0
}

/// Straight RGB pixels of a PNG file's bytes.
fn decode_png(bytes: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels = buf[..info.buffer_size()]
        .chunks_exact(channels)
        .map(|c| match channels {
            1 | 2 => [c[0], c[0], c[0]],
            _ => [c[0], c[1], c[2]],
        })
        .collect();
    (info.width, info.height, pixels)
}

/// Two images compared at low resolution, each first shrunk by averaging `factor` × `factor`
/// blocks, which forgives anti-aliasing and the last sub-pixel of a glyph: the mean absolute
/// difference per channel (0–255) over the image, and the largest in any one block (a missing
/// or moved line, marker or name shows there even when the mean hardly moves).
fn low_res_difference(
    a: &(u32, u32, Vec<[u8; 3]>),
    b: &(u32, u32, Vec<[u8; 3]>),
    factor: u32,
) -> (f64, f64) {
    assert_eq!((a.0, a.1), (b.0, b.1), "sizes differ");
    let (w, h) = (a.0 / factor, a.1 / factor);
    let block = |img: &(u32, u32, Vec<[u8; 3]>), bx: u32, by: u32, ch: usize| -> f64 {
        let mut sum = 0u64;
        for y in by * factor..(by + 1) * factor {
            for x in bx * factor..(bx + 1) * factor {
                sum += u64::from(img.2[(y * img.0 + x) as usize][ch]);
            }
        }
        sum as f64 / f64::from(factor * factor)
    };
    let (mut total, mut worst) = (0.0, 0.0f64);
    for by in 0..h {
        for bx in 0..w {
            for ch in 0..3 {
                let d = (block(a, bx, by, ch) - block(b, bx, by, ch)).abs();
                total += d;
                worst = worst.max(d);
            }
        }
    }
    (total / f64::from(w * h * 3), worst)
}

/// How far a vector export rendered back may be from the PNG export, at an eighth of the
/// resolution: on average per channel, and in the worst block (levels of 255).
const TOLERANCE: (f64, f64) = (3.0, 60.0);

/// Whether a comparison is within [`TOLERANCE`].
fn within((mean, worst): (f64, f64)) -> bool {
    mean <= TOLERANCE.0 && worst <= TOLERANCE.1
}

fn render_svg_with_resvg(svg: &[u8]) -> (u32, u32, Vec<[u8; 3]>) {
    let mut options = resvg::usvg::Options::default();
    let fonts = options.fontdb_mut();
    fonts.load_font_data(include_bytes!("../assets/fonts/DejaVuSans.ttf").to_vec());
    fonts.load_font_data(include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf").to_vec());
    let tree = resvg::usvg::Tree::from_data(svg, &options).expect("the SVG parses");
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(
        &tree,
        tiny_skia::Transform::identity(),
        &mut pixmap.as_mut(),
    );
    let pixels = pixmap
        .pixels()
        .iter()
        .map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
        })
        .collect();
    (size.width(), size.height(), pixels)
}

#[test]
fn an_svg_export_has_named_layers_text_as_text_and_the_png_metadata() {
    for (lang, title) in [
        (Lang::En, "Kharkiv → Belgorod"),
        (Lang::Uk, "Харків → Бєлгород"),
    ] {
        let svg = String::from_utf8(bytes("kharkiv-belgorod", lang, Format::Svg)).unwrap();
        for layer in [
            "basemap",
            "land",
            "water",
            "borders",
            "town names",
            "routes",
            "route labels",
            "locator",
            "title",
            "legend",
            "scale bar",
            "attribution",
        ] {
            assert!(
                svg.contains(&format!(
                    "inkscape:groupmode=\"layer\" inkscape:label=\"{layer}\""
                )),
                "no layer {layer}"
            );
        }
        assert!(svg.contains("font-weight=\"bold\""));
        assert!(
            svg.contains(&format!(">{title}</text>")),
            "{lang:?}: the title is not text"
        );
        assert!(svg.contains(&format!("<title>{title}</title>")));
        // Who reported the status shown, and where: a line of the title block.
        let according = match lang {
            Lang::En => ">According to: ",
            Lang::Uk => ">За даними: ",
        };
        assert!(svg.contains(according), "{lang:?}: no source line");
        assert!(svg.contains(&format!("<dc:title>{title}</dc:title>")));
        for element in [
            "<koridor:route>kharkiv-belgorod</koridor:route>",
            "<koridor:crs>EPSG:3857</koridor:crs>",
            "<dc:source>embedded corridors.geojson</dc:source>",
            "<dc:rights>Basemap: Natural Earth",
            "<koridor:bbox>",
            "<koridor:date>2022-",
            "<dc:description>",
        ] {
            assert!(svg.contains(element), "{lang:?}: no {element}");
        }
        assert_eq!(svg.matches("<g ").count(), svg.matches("</g>").count());
        // The view code that reopens this map, in the metadata and in the footer.
        let start = svg.find("<koridor:view>").expect("a view code") + "<koridor:view>".len();
        let text = &svg[start..start + svg[start..].find('<').unwrap()];
        let code = koridor::viewcode::ViewCode::parse(text).unwrap();
        assert_eq!(
            code.route,
            Some(koridor::viewcode::route_hash("kharkiv-belgorod"))
        );
        assert_eq!(code.lang, lang);
        assert_eq!(
            code.dataset,
            koridor::viewcode::dataset_hash(&Dataset::embedded().unwrap())
        );
        assert!(
            svg.contains(&format!(">{text}</text>")),
            "no view code in the footer"
        );
    }
}

#[test]
fn an_svg_export_rendered_back_is_the_png_export_within_the_tolerance() {
    let png = decode_png(&bytes("kharkiv-belgorod", Lang::Uk, Format::Png));
    let svg = render_svg_with_resvg(&bytes("kharkiv-belgorod", Lang::Uk, Format::Svg));
    let same = low_res_difference(&png, &svg, 8);
    eprintln!("resvg: {same:.2?} levels from the PNG (mean, worst block)");
    assert!(within(same), "{same:.2?} levels from the PNG");
    // The comparison can fail: another route's map is far off.
    let other = decode_png(&bytes("kyiv-gomel", Lang::Uk, Format::Png));
    let far = low_res_difference(&other, &svg, 8);
    eprintln!("another route: {far:.2?} levels");
    assert!(!within(far), "another route is only {far:.2?} away");
}

#[test]
fn a_pdf_export_is_one_page_with_the_fonts_and_the_metadata() {
    let pdf = bytes("kyiv-gomel", Lang::En, Format::Pdf);
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/Type /Page") || text.contains("/Type/Page"));
    assert!(text.contains("DejaVuSans"), "the font is not embedded");
    assert!(
        text.contains("Kyiv") && text.contains("Gomel"),
        "no title in the metadata"
    );
    assert!(text.contains("EPSG:3857"), "no CRS in the metadata");
}

fn koridor(args: &[&str], dir: &Path) -> Output {
    common::koridor_in(dir, args, &[])
}

#[test]
fn the_command_line_takes_the_format_from_the_extension_or_the_flag_and_refuses_a_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let out = koridor(
        &["export", "--route", "sumy-poltava", "--out", "a.svg"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = std::fs::read(dir.path().join("a.svg")).unwrap();
    assert!(svg.starts_with(b"<?xml"), "a.svg is not SVG");

    let out = koridor(
        &[
            "export",
            "--route",
            "sumy-poltava",
            "--format",
            "pdf",
            "--out",
            "-",
        ],
        dir.path(),
    );
    assert!(out.status.success());
    assert!(
        out.stdout.starts_with(b"%PDF-"),
        "standard output is not a PDF"
    );

    let out = koridor(
        &[
            "export",
            "--route",
            "sumy-poltava",
            "--format",
            "pdf",
            "--out",
            "b.svg",
        ],
        dir.path(),
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(".svg") && err.contains("pdf"), "{err}");
    assert!(!dir.path().join("b.svg").exists(), "a file was left behind");

    let out = koridor(
        &["export", "--route", "sumy-poltava", "--out", "c.jpg"],
        dir.path(),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no export format"));

    let out = koridor(
        &[
            "export",
            "--route",
            "sumy-poltava",
            "--out",
            "d.pdf",
            "--world-file",
        ],
        dir.path(),
    );
    assert!(!out.status.success(), "a world file beside a PDF");

    let out = koridor(
        &["export", "--route", "sumy-poltava", "--format", "svg"],
        dir.path(),
    );
    assert!(out.status.success());
    let written = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(
        written.starts_with("koridor-sumy-poltava-") && written.ends_with(".svg"),
        "{written}"
    );
}

#[cfg(unix)]
#[test]
fn a_vector_export_never_writes_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target.txt");
    std::fs::write(&target, "keep me").unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join("map.pdf")).unwrap();
    let out = koridor(
        &["export", "--route", "sumy-poltava", "--out", "map.pdf"],
        dir.path(),
    );
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
}

/// Runs a system tool, failing clearly when it is missing.
#[cfg(feature = "vector-tools")]
fn tool(program: &str, args: &[&str], dir: &Path) -> Output {
    std::process::Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program} did not start ({e}): .ci/run installs it"))
}

#[cfg(feature = "vector-tools")]
#[test]
fn the_tools_people_use_open_both_files_and_find_the_text_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, title) in [
        (Lang::En, "Kharkiv → Belgorod"),
        (Lang::Uk, "Харків → Бєлгород"),
    ] {
        let code = match lang {
            Lang::En => "en",
            Lang::Uk => "uk",
        };
        let (svg, pdf, png) = (
            format!("{code}.svg"),
            format!("{code}.pdf"),
            format!("{code}.png"),
        );
        for (file, format) in [
            (&svg, Format::Svg),
            (&pdf, Format::Pdf),
            (&png, Format::Png),
        ] {
            std::fs::write(
                dir.path().join(file),
                bytes("kharkiv-belgorod", lang, format),
            )
            .unwrap();
        }
        let reference = decode_png(&std::fs::read(dir.path().join(&png)).unwrap());

        let out = tool("rsvg-convert", &[&svg, "-o", "svg-back.png"], dir.path());
        assert!(
            out.status.success(),
            "rsvg-convert: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let back = decode_png(&std::fs::read(dir.path().join("svg-back.png")).unwrap());
        let d = low_res_difference(&reference, &back, 8);
        eprintln!("{code}: rsvg-convert {d:.2?} levels from the PNG (mean, worst block)");
        assert!(
            within(d),
            "{code}: rsvg-convert's rendering is {d:.2?} from the PNG"
        );

        let out = tool("qpdf", &["--check", &pdf], dir.path());
        assert!(
            out.status.success(),
            "qpdf: {}",
            String::from_utf8_lossy(&out.stdout)
        );

        let out = tool("pdftotext", &[&pdf, "-"], dir.path());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains(title),
            "{code}: pdftotext does not find {title}: {text}"
        );

        let out = tool("pdffonts", &[&pdf], dir.path());
        let fonts = String::from_utf8_lossy(&out.stdout);
        assert!(
            fonts
                .lines()
                .filter(|l| l.contains("DejaVuSans"))
                .all(|l| l.contains(" yes yes ")),
            "{code}: a font is not embedded and subset: {fonts}"
        );
        assert!(fonts.contains("DejaVuSans"), "{fonts}");

        // 72 px to the inch on a page of 0.75 pt per px: the page at 800 × 500 px.
        let out = tool(
            "pdftoppm",
            &["-r", "96", "-png", "-singlefile", &pdf, "pdf-back"],
            dir.path(),
        );
        assert!(
            out.status.success(),
            "pdftoppm: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let back = decode_png(&std::fs::read(dir.path().join("pdf-back.png")).unwrap());
        let d = low_res_difference(&reference, &back, 8);
        eprintln!("{code}: pdftoppm {d:.2?} levels from the PNG (mean, worst block)");
        assert!(
            within(d),
            "{code}: pdftoppm's rendering is {d:.2?} from the PNG"
        );
    }
}
