//! Route snapshots: rendered headless, checked by their pixels (not against stored images), and
//! every bad input refused with a clear error and no file left behind.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::{Command, Output};

use koridor::basemap::LabelCache;
use koridor::export::{ExportRequest, Framing, plan, render};
use koridor::ink::Rgba;
use koridor::projection::{LonLat, Viewport};
use koridor::scene::side_color;
use koridor::{Dataset, Lang};

use common::FIXED;

fn request(data: &Dataset, id: &str, width: u32, height: u32) -> ExportRequest {
    ExportRequest {
        framing: Framing::Route(id.to_owned()),
        width,
        height,
        scale: 1,
        at: data.latest_event().unwrap(),
        lang: Lang::En,
        tiles: koridor::net::TileChoice::Offline,
    }
}

fn pixel(p: &tiny_skia::Pixmap, x: i64, y: i64) -> Option<[u8; 3]> {
    let c = p
        .pixel(u32::try_from(x).ok()?, u32::try_from(y).ok()?)?
        .demultiply();
    Some([c.red(), c.green(), c.blue()])
}

fn near(c: [u8; 3], t: Rgba, tolerance: i32) -> bool {
    (i32::from(c[0]) - i32::from(t.0)).abs() <= tolerance
        && (i32::from(c[1]) - i32::from(t.1)).abs() <= tolerance
        && (i32::from(c[2]) - i32::from(t.2)).abs() <= tolerance
}

#[test]
fn each_fixed_route_exports_at_the_asked_size_with_its_colour_along_its_path() {
    let data = Dataset::embedded().unwrap();
    let labels = LabelCache::leaving_out(koridor::scene::named_places(&data));
    for id in FIXED {
        let req = request(&data, id, 1200, 800);
        let pixmap = render(&data, &req, &labels).unwrap();
        assert_eq!((pixmap.width(), pixmap.height()), (1200, 800), "{id}");
        let view = plan(&data, &req).unwrap();
        let corridor = data.corridor(id).unwrap();
        let colour = side_color(corridor.side());
        let points: Vec<[f32; 2]> = corridor
            .line
            .0
            .iter()
            .map(|&p| view.to_px(LonLat::from(p).to_unit()))
            .collect();
        let (mut samples, mut hits) = (0, 0);
        for w in points.windows(2) {
            for k in 1..10 {
                let t = k as f32 / 10.0;
                let (x, y) = (
                    w[0][0] + t * (w[1][0] - w[0][0]),
                    w[0][1] + t * (w[1][1] - w[0][1]),
                );
                samples += 1;
                // Within 6 px: where routes share a road, each is drawn in its lane, up to one
                // and a half lanes (5.25 px) beside the line of its data.
                let found = (-6..=6).any(|dy| {
                    (-6..=6).any(|dx| {
                        pixel(&pixmap, x as i64 + dx, y as i64 + dy)
                            .is_some_and(|c| near(c, colour, 10))
                    })
                });
                hits += usize::from(found);
            }
        }
        assert!(
            hits * 10 >= samples * 7,
            "{id}: only {hits} of {samples} points along the path carry its colour"
        );
        // Title block: dark text on the light panel, top left.
        let dark = (12..400)
            .flat_map(|x| (12..60).map(move |y| (x, y)))
            .filter(|&(x, y)| pixel(&pixmap, x, y).is_some_and(|c| c.iter().all(|v| *v < 80)))
            .count();
        assert!(dark > 150, "{id}: no title drawn ({dark} dark px)");
        // Legend, bottom left: it lists the classes the frame shows, so at least the sample
        // line of the route's own destination (its colour over the white panel).
        let legend = |colour: Rgba| {
            (12..250)
                .flat_map(|x| (400..780).map(move |y| (x, y)))
                .filter(|&(x, y)| pixel(&pixmap, x, y).is_some_and(|c| near(c, colour, 6)))
                .count()
        };
        assert!(legend(colour) > 40, "{id}: legend missing its destination");
    }
}

#[test]
fn a_print_scale_multiplies_the_pixels() {
    let data = Dataset::embedded().unwrap();
    let mut req = request(&data, "sumy-poltava", 400, 300);
    req.scale = 3;
    let pixmap = render(&data, &req, &LabelCache::default()).unwrap();
    assert_eq!((pixmap.width(), pixmap.height()), (1200, 900));
}

fn koridor(args: &[&str], dir: &Path) -> Output {
    common::koridor_in(dir, args, &[])
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn files(dir: &Path) -> Vec<String> {
    common::file_names(dir)
}

fn png_text(path: &Path) -> ([u32; 2], Vec<(String, String)>) {
    common::png_text(path)
}

#[test]
fn the_export_command_writes_a_png_with_its_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let out = koridor(
        &[
            "export",
            "--route",
            "kyiv-gomel",
            "--out",
            "kyiv.png",
            "--width",
            "800",
            "--height",
            "500",
            "--date",
            "2022-03-08T12:00:00+02:00",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (size, chunks) = png_text(&dir.path().join("kyiv.png"));
    assert_eq!(size, [800, 500]);
    let text = |k: &str| {
        chunks
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(text("Koridor-Route").as_deref(), Some("kyiv-gomel"));
    assert_eq!(
        text("Koridor-Date").as_deref(),
        Some("2022-03-08T12:00:00+02:00")
    );
    assert!(text("Copyright").unwrap().contains("GeoNames"));
    assert!(text("Software").unwrap().starts_with("Koridor "));
    assert_eq!(
        text("Source").as_deref(),
        Some("embedded corridors.geojson")
    );
    assert_eq!(files(dir.path()), ["kyiv.png"], "no temporary file left");
}

#[test]
fn every_export_carries_its_text_equivalent_as_alt_text_in_its_language() {
    let dir = tempfile::tempdir().unwrap();
    let export = |args: &[&str], file: &str| {
        let mut all = vec!["export", "--out", file, "--width", "600", "--height", "400"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--date", "2022-03-08T12:00:00+02:00"]);
        let out = koridor(&all, dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let (_, chunks) = png_text(&dir.path().join(file));
        chunks
            .into_iter()
            .find(|(k, _)| k == "Description")
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("{file} has no Description"))
    };
    let en = export(&["--route", "kyiv-gomel"], "en.png");
    assert!(
        en.starts_with("Kyiv → Gomel, proposed by Russian Ministry of Defence on 7 March 2022, runs 273 km north"),
        "{en}"
    );
    assert!(en.contains("crossing into Belarus near Gden"), "{en}");
    assert!(en.contains("On 8 March 2022 12:00: rejected — "), "{en}");
    let uk = export(&["--route", "kyiv-gomel", "--lang", "uk"], "uk.png");
    assert!(uk.starts_with("Київ → Гомель: пропозиція — "), "{uk}");
    assert!(uk.contains("на північ") && uk.contains("відхилено"), "{uk}");
}

#[test]
fn the_default_file_name_carries_route_and_date() {
    let dir = tempfile::tempdir().unwrap();
    let out = koridor(
        &[
            "export",
            "--route",
            "sumy-poltava",
            "--width",
            "300",
            "--height",
            "200",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Without --date the export shows the dataset's latest event (9 May 2022).
    let latest = koridor::Dataset::embedded()
        .unwrap()
        .latest_event()
        .unwrap()
        .date_naive();
    assert_eq!(latest.to_string(), "2022-05-09");
    assert_eq!(
        files(dir.path()),
        [format!("koridor-sumy-poltava-{latest}.png")]
    );
}

#[test]
fn bad_exports_fail_with_exit_1_a_clear_message_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("taken.png")).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["export", "--route", "kyiv-minsk", "--out", "a.png"],
            "unknown route \"kyiv-minsk\"; known routes: kyiv-gomel, mariupol-rostov",
        ),
        (
            &[
                "export",
                "--route",
                "kyiv-gomel",
                "--out",
                "missing/folder/a.png",
            ],
            "the folder missing/folder does not exist",
        ),
        (
            &[
                "export",
                "--route",
                "kyiv-gomel",
                "--out",
                "taken.png",
                "--width",
                "200",
                "--height",
                "100",
            ],
            "taken.png: this is a folder, not a regular file",
        ),
        (
            &[
                "export",
                "--route",
                "kyiv-gomel",
                "--out",
                "a.png",
                "--width",
                "0",
            ],
            "impossible size 0×1000 at scale 1",
        ),
        (
            &[
                "export",
                "--route",
                "kyiv-gomel",
                "--out",
                "a.png",
                "--height",
                "16385",
            ],
            "impossible size 1600×16385 at scale 1",
        ),
        (
            &[
                "export",
                "--route",
                "kyiv-gomel",
                "--out",
                "a.png",
                "--width",
                "6000",
                "--scale",
                "3",
            ],
            "impossible size 6000×1000 at scale 3",
        ),
        (
            &[
                "export",
                "--route",
                "kyiv-gomel",
                "--out",
                "a.png",
                "--scale",
                "4",
            ],
            "scale 4 is not 1, 2 or 3",
        ),
    ];
    for (args, message) in cases {
        let out = koridor(args, dir.path());
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(message), "{args:?}: {}", stderr(&out));
        assert_eq!(
            files(dir.path()),
            ["taken.png"],
            "{args:?} left a file behind"
        );
    }
}

fn export_over(template: &str, dir: &Path, cache: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_koridor"))
        .args([
            "export",
            "--route",
            "kyiv-gomel",
            "--out",
            "a.png",
            "--width",
            "800",
            "--height",
            "600",
            "--tiles",
            template,
        ])
        .current_dir(dir)
        .env("RUST_LOG", "off")
        .env("XDG_CACHE_HOME", cache)
        .output()
        .unwrap()
}

/// The PNG's width and its pixels as RGB (an export is RGB; RGBA is read too).
fn decode(path: &Path) -> (u32, Vec<[u8; 3]>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let rgb = buf[..info.buffer_size()]
        .chunks_exact(info.color_type.samples())
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (info.width, rgb)
}

#[test]
fn online_tiles_from_a_tile_server_go_under_the_routes() {
    let red: Vec<u8> = (0..256 * 256).flat_map(|_| [220u8, 20, 60, 255]).collect();
    let tile = koridor::raster::encode_png(256, 256, &red, &[]).unwrap();
    let server = common::Server::start(move |_| {
        common::Reply::ok(tile.clone()).header("Content-Type", "image/png")
    });
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let out = export_over(&server.url("/{z}/{x}/{y}.png"), dir.path(), cache.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("could not be had"),
        "{}",
        stderr(&out)
    );
    let (w, px) = decode(&dir.path().join("a.png"));
    assert_eq!(w, 800);
    // The tiles cover the whole map: much of the frame is tile red, and the offline basemap's
    // Ukrainian land colour shows nowhere but in the locator inset (top right, 170 × 116 px),
    // which is always drawn from the offline basemap.
    let colours: Vec<[u8; 3]> = px
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !(i % 800 >= 800 - 170 && i / 800 < 116))
        .map(|(_, p)| p)
        .collect();
    let red_px = colours.iter().filter(|c| **c == [220, 20, 60]).count();
    assert!(red_px > 800 * 600 / 4, "only {red_px} tile px");
    assert_eq!(
        colours.iter().filter(|c| **c == [0xfb, 0xf5, 0xdc]).count(),
        0,
        "offline land visible under the tiles"
    );
    assert!(server.served.load(std::sync::atomic::Ordering::Relaxed) > 0);
    // The tiles went through the cache folder the window's tiles use.
    assert!(
        cache.path().join("koridor/tiles").is_dir(),
        "no tile cache written"
    );
}

#[test]
fn online_tiles_that_cannot_be_had_fall_back_to_the_offline_basemap_and_say_so() {
    let server = common::Server::start(|_| common::Reply::status(500));
    let (dir, cache) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let out = export_over(&server.url("/{z}/{x}/{y}.png"), dir.path(), cache.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains(
            "online tiles (Custom tile server) could not be had; the offline basemap shows there"
        ),
        "{}",
        stderr(&out)
    );
    assert!(dir.path().join("a.png").is_file());
}

#[test]
fn a_route_is_hidden_before_it_was_announced() {
    let data = Dataset::embedded().unwrap();
    let index = data
        .index_of("mariupol-zaporizhzhia-via-berdiansk")
        .unwrap();
    let visible = |_: usize, _: &koridor::Corridor| true;
    let route_index = koridor::scene::RouteIndex::new(&data);
    let scene_at = |at: &str| {
        let input = koridor::scene::SceneInput {
            dataset: &data,
            at: at.parse().unwrap(),
            selected: None,
            hovered: None,
            visible: &visible,
            lang: Lang::En,
            scale: 1.0,
            index: &route_index,
            keep_clear: &[],
            emphasised_only: false,
        };
        let view = Viewport::centred(
            LonLat::new(35.0, 48.5).to_unit(),
            6.0,
            [1600.0, 1000.0],
            1.0,
        );
        koridor::scene::build_scene(&input, &view)
    };
    assert!(
        !scene_at("2022-03-13T12:00:00+02:00")
            .routes
            .iter()
            .any(|(i, _)| *i == index)
    );
    assert!(
        scene_at("2022-03-14T12:00:00+02:00")
            .routes
            .iter()
            .any(|(i, _)| *i == index)
    );
}

#[test]
fn a_world_file_places_the_export_where_its_bounding_box_says() {
    let dir = tempfile::tempdir().unwrap();
    let out = koridor(
        &[
            "export",
            "--route",
            "sumy-poltava",
            "--width",
            "800",
            "--height",
            "500",
            "--scale",
            "2",
            "--out",
            "sumy.png",
            "--world-file",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut written = files(dir.path());
    written.sort();
    assert_eq!(
        written,
        ["sumy.pgw", "sumy.png", "sumy.png.aux.xml", "sumy.prj"]
    );
    let (_, text) = png_text(&dir.path().join("sumy.png"));
    let value = |key: &str| {
        text.iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("no {key} in {text:?}"))
    };
    assert_eq!(value("Koridor-CRS"), "EPSG:3857");
    let bbox: Vec<f64> = value("Koridor-BBox")
        .split(',')
        .map(|v| v.parse().unwrap())
        .collect();
    let [west, south, east, north] = [bbox[0], bbox[1], bbox[2], bbox[3]];
    // Sumy → Poltava lies inside the frame.
    assert!(
        west < 33.0 && east > 34.8 && south < 49.5 && north > 50.9,
        "{bbox:?}"
    );
    // Web Mercator metres of the box, as GDAL and QGIS compute them.
    let r = 6_378_137.0_f64;
    let x = |lon: f64| lon.to_radians() * r;
    let y = |lat: f64| {
        (std::f64::consts::FRAC_PI_4 + lat.to_radians() / 2.0)
            .tan()
            .ln()
            * r
    };
    let lines: Vec<f64> = std::fs::read_to_string(dir.path().join("sumy.pgw"))
        .unwrap()
        .lines()
        .map(|l| l.trim().parse().unwrap())
        .collect();
    assert_eq!(lines.len(), 6);
    let (px_w, px_h) = ((x(east) - x(west)) / 1600.0, (y(north) - y(south)) / 1000.0);
    assert!(
        (lines[0] - px_w).abs() < 1e-3 * px_w,
        "{} vs {px_w}",
        lines[0]
    );
    assert_eq!((lines[1], lines[2]), (0.0, 0.0));
    assert!(
        (lines[3] + px_h).abs() < 1e-3 * px_h,
        "{} vs {}",
        lines[3],
        -px_h
    );
    // The centre of the top-left pixel, to within a metre (the box is written to 6 decimals).
    assert!(
        (lines[4] - (x(west) + px_w / 2.0)).abs() < 1.0,
        "{}",
        lines[4]
    );
    assert!(
        (lines[5] - (y(north) - px_h / 2.0)).abs() < 1.0,
        "{}",
        lines[5]
    );
    let prj = std::fs::read_to_string(dir.path().join("sumy.prj")).unwrap();
    assert!(prj.contains("Mercator_Auxiliary_Sphere") && prj.contains("WGS_1984"));
    let aux = std::fs::read_to_string(dir.path().join("sumy.png.aux.xml")).unwrap();
    assert!(aux.contains("AUTHORITY[\"EPSG\",\"3857\"]]</SRS>"), "{aux}");
}

#[test]
fn a_world_file_for_standard_output_is_refused_before_anything_is_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let out = koridor(
        &[
            "export",
            "--route",
            "sumy-poltava",
            "--out",
            "-",
            "--world-file",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("--world-file needs --out FILE"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
    assert!(files(dir.path()).is_empty());
}

/// How many px of the box `[x0, y0, x1, y1]` of `p` are within 12 of colour `c` on each channel.
fn count_near(p: &tiny_skia::Pixmap, [x0, y0, x1, y1]: [i64; 4], c: Rgba) -> usize {
    (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .filter(|&(x, y)| pixel(p, x, y).is_some_and(|px| near(px, c, 12)))
        .count()
}

#[test]
fn an_export_shows_where_it_is_on_a_locator_map_of_ukraine() {
    let data = Dataset::embedded().unwrap();
    let labels = LabelCache::leaving_out(koridor::scene::named_places(&data));
    // Bucha → Kyiv: a small frame near Kyiv, with no route into Russia to share the outline's
    // colour.
    let big = render(&data, &request(&data, "bucha-kyiv", 1600, 1000), &labels).unwrap();
    let corner = [1600 - 170, 8, 1600 - 8, 116];
    let outline = Rgba::hex(0xd55e00);
    let ukraine = Rgba::hex(0xfbf5dc);
    assert!(
        count_near(&big, corner, outline) > 20,
        "the frame's box is outlined"
    );
    assert!(
        count_near(&big, corner, ukraine) > 2_000,
        "Ukraine is drawn"
    );
    // A small export has no room for it.
    let small = render(&data, &request(&data, "bucha-kyiv", 400, 300), &labels).unwrap();
    assert_eq!(count_near(&small, [400 - 170, 8, 392, 116], outline), 0);
}

/// Every label of an export: none over another, over a panel, or across the frame's edge —
/// routes of every kind, small and large frames, both languages, screen and print densities.
#[test]
fn no_label_overlaps_another_a_panel_or_the_frame_edge() {
    use koridor::export::{ExportRequest, Framing, render_with_layout};
    use koridor::projection::{box_within, boxes_overlap};
    let data = koridor::Dataset::embedded().unwrap();
    let labels = koridor::basemap::LabelCache::leaving_out(koridor::scene::named_places(&data));
    let cases = [
        ("kyiv-gomel", [800, 500], 1, koridor::Lang::Uk),
        ("irpin-kyiv", [800, 500], 1, koridor::Lang::En),
        ("mariupol-rostov", [1600, 1000], 1, koridor::Lang::En),
        ("sumy-poltava", [600, 900], 2, koridor::Lang::Uk),
        ("kharkiv-lviv", [1200, 700], 1, koridor::Lang::Uk),
    ];
    for (id, [width, height], scale, lang) in cases {
        let request = ExportRequest {
            framing: Framing::Route(id.into()),
            width,
            height,
            scale,
            at: "2022-03-12T12:00:00+02:00".parse().unwrap(),
            lang,
            tiles: koridor::net::TileChoice::Offline,
        };
        let (_, layout) = render_with_layout(&data, &request, &labels).unwrap();
        let f = layout.frame;
        assert!(
            layout.labels.len() >= 5,
            "{id}: only {} labels",
            layout.labels.len()
        );
        for (i, a) in layout.labels.iter().enumerate() {
            assert!(
                box_within(a, &f),
                "{id}: label {a:?} crosses the frame {f:?}"
            );
            for b in &layout.labels[i + 1..] {
                assert!(!boxes_overlap(a, b), "{id}: labels {a:?} and {b:?} overlap");
            }
            for p in &layout.panels {
                assert!(
                    !boxes_overlap(a, p),
                    "{id}: label {a:?} under the panel {p:?}"
                );
            }
        }
    }
}
