//! Street basemaps from PMTiles archives, with fixture archives built here (see
//! `tests/common/archive.rs`): both vector schemas, raster tiles, the embedded basemap outside an
//! archive, and broken archives that must give a clear message and never a panic.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;
#[path = "common/archive.rs"]
mod fixture;

use koridor::Lang;
use koridor::archive::{Archive, ArchiveError, Schema, TileKind, render_archive_tile};
use koridor::basemap::{Basemap, LabelCache, render_tile};
use koridor::projection::LonLat;
use tiny_skia::Pixmap;

fn open(bytes: Vec<u8>) -> Archive {
    Archive::from_bytes(bytes, "fixture.pmtiles").unwrap()
}

/// The tile at `zoom` holding (lon, lat), and where in it that point is, in px at scale 1.
fn tile_at(lon: f64, lat: f64, zoom: u8) -> ((u8, u32, u32), [u32; 2]) {
    let u = LonLat::new(lon, lat).to_unit();
    let n = f64::from(1u32 << zoom);
    let (x, y) = (u.x * n, u.y * n);
    (
        (zoom, x as u32, y as u32),
        [(x.fract() * 256.0) as u32, (y.fract() * 256.0) as u32],
    )
}

fn embedded_tile((z, x, y): (u8, u32, u32)) -> Pixmap {
    let basemap = Basemap::embedded().unwrap();
    let labels = LabelCache::default().get(basemap, z, Lang::En);
    render_tile(basemap, &labels, z, x, y, 1.0).unwrap()
}

fn archive_tile(
    archive: &Archive,
    id: (u8, u32, u32),
) -> (Pixmap, koridor::archive::ArchiveReport) {
    render_archive_tile(archive, embedded_tile(id), id, 1.0, Lang::En, &|_| false)
}

fn rgb(p: &Pixmap, [x, y]: [u32; 2]) -> [u8; 3] {
    let c = p.pixel(x, y).unwrap().demultiply();
    [c.red(), c.green(), c.blue()]
}

/// The sea colour of the embedded basemap, which Koridor also gives an archive's water.
const SEA: [u8; 3] = [0xb5, 0xd0, 0xe0];
/// The highway's fill.
const HIGHWAY: [u8; 3] = [0xf4, 0xb2, 0x6e];
/// Land in an archive.
const LAND: [u8; 3] = [0xfb, 0xf5, 0xdc];

#[test]
fn a_protomaps_archive_opens_with_its_schema_zooms_bounds_and_attribution() {
    let archive = open(fixture::protomaps_archive());
    let info = archive.info();
    assert_eq!(info.kind, TileKind::Vector(Schema::Protomaps));
    assert_eq!((info.min_zoom, info.max_zoom), fixture::ZOOMS);
    for (got, want) in info.bounds.iter().zip(fixture::BOUNDS) {
        assert!((got - want).abs() < 1e-6, "{:?}", info.bounds);
    }
    assert_eq!(
        info.attribution.as_deref(),
        Some("Protomaps © OpenStreetMap")
    );
    assert_eq!(
        archive.attribution(Lang::Uk),
        "Вулична мапа: Protomaps © OpenStreetMap"
    );
}

#[test]
fn an_openmaptiles_archive_without_vector_layers_is_recognised_by_its_tiles() {
    let archive = open(fixture::openmaptiles_archive());
    assert_eq!(archive.info().kind, TileKind::Vector(Schema::OpenMapTiles));
}

#[test]
fn water_land_and_roads_are_drawn_where_the_archive_puts_them_in_both_schemas() {
    let lake = (
        (fixture::LAKE[0] + fixture::LAKE[2]) / 2.0,
        (fixture::LAKE[1] + fixture::LAKE[3]) / 2.0,
    );
    for bytes in [
        fixture::protomaps_archive(),
        fixture::openmaptiles_archive(),
    ] {
        let archive = open(bytes);
        let (id, at) = tile_at(lake.0, lake.1, 12);
        let (tile, report) = archive_tile(&archive, id);
        assert_eq!((report.asked, report.drawn, report.failed), (1, 1, 0));
        assert_eq!(rgb(&tile, at), SEA, "{:?}: the lake", archive.info().kind);
        let (id, at) = tile_at(30.05, fixture::HIGHWAY_LAT, 12);
        let (tile, _) = archive_tile(&archive, id);
        assert_eq!(rgb(&tile, at), HIGHWAY, "the highway");
        let (id, at) = tile_at(30.05, fixture::HIGHWAY_LAT + 0.02, 12);
        let (tile, _) = archive_tile(&archive, id);
        assert_eq!(rgb(&tile, at), LAND, "land north of the highway");
    }
}

#[test]
fn the_two_schemas_of_one_map_draw_the_same_tile() {
    let (id, _) = tile_at(30.25, 50.52, 12);
    let (a, _) = archive_tile(&open(fixture::protomaps_archive()), id);
    let (b, _) = archive_tile(&open(fixture::openmaptiles_archive()), id);
    let differing = a
        .pixels()
        .iter()
        .zip(b.pixels())
        .filter(|(p, q)| p != q)
        .count();
    assert_eq!(differing, 0, "px that differ between the schemas");
}

#[test]
fn a_road_crossing_a_tile_seam_is_drawn_on_both_sides_of_it() {
    let archive = open(fixture::protomaps_archive());
    // The highway runs west–east across every tile; look either side of a vertical seam.
    let (id, at) = tile_at(30.30, fixture::HIGHWAY_LAT, 12);
    let (left, _) = archive_tile(&archive, id);
    let (right, _) = archive_tile(&archive, (id.0, id.1 + 1, id.2));
    assert_eq!(rgb(&left, [255, at[1]]), HIGHWAY);
    assert_eq!(rgb(&right, [0, at[1]]), HIGHWAY);
}

#[test]
fn a_view_deeper_than_the_archive_draws_its_deepest_tiles_enlarged() {
    let archive = open(fixture::protomaps_archive());
    let (id, at) = tile_at(30.05, fixture::HIGHWAY_LAT, 15);
    let (tile, report) = archive_tile(&archive, id);
    assert_eq!((report.asked, report.drawn), (1, 1), "one zoom-13 tile");
    assert_eq!(rgb(&tile, at), HIGHWAY);
    // Wider than at zoom 12.
    let wide = (0..256)
        .filter(|y| rgb(&tile, [at[0], *y]) == HIGHWAY)
        .count();
    assert!(wide >= 10, "{wide} px wide at zoom 15");
}

#[test]
fn outside_the_archive_and_below_its_zooms_the_embedded_basemap_shows() {
    let archive = open(fixture::protomaps_archive());
    // Kharkiv at zoom 12: outside the bounds. Irpin at zoom 8: below the zooms.
    for id in [tile_at(36.23, 49.99, 12).0, tile_at(30.25, 50.52, 8).0] {
        let (tile, report) = archive_tile(&archive, id);
        assert_eq!(report.drawn, 0, "{id:?}");
        assert!(
            tile == embedded_tile(id),
            "{id:?} is the embedded basemap's"
        );
    }
}

#[test]
fn raster_archive_tiles_in_png_jpeg_and_webp_are_drawn_as_they_are() {
    for format in [
        image::ImageFormat::Png,
        image::ImageFormat::Jpeg,
        image::ImageFormat::WebP,
    ] {
        let archive = open(fixture::raster_archive_as(format));
        assert_eq!(archive.info().kind, TileKind::Raster);
        let (id, at) = tile_at(30.25, 50.52, 11);
        let (tile, report) = archive_tile(&archive, id);
        assert_eq!(report.drawn, 1, "{format:?}");
        // JPEG is lossy: within a few levels.
        let got = rgb(&tile, at);
        for (g, w) in got.iter().zip(fixture::RASTER_RGB) {
            assert!(g.abs_diff(w) <= 3, "{format:?}: {got:?}");
        }
    }
}

#[test]
fn a_tile_that_does_not_decode_leaves_the_embedded_basemap_and_names_the_tile() {
    let (bad, _) = tile_at(30.25, 50.52, 12);
    let archive = open(fixture::archive_with_broken_tile(bad));
    let (tile, report) = archive_tile(&archive, bad);
    assert_eq!((report.drawn, report.failed), (0, 1));
    let problem = report.problem.unwrap();
    let name = format!("tile {}/{}/{}", bad.0, bad.1, bad.2);
    assert!(
        problem.contains("fixture.pmtiles") && problem.contains(&name),
        "{problem}"
    );
    assert!(tile == embedded_tile(bad));
    // Its neighbour is drawn.
    let (_, report) = archive_tile(&archive, (bad.0, bad.1 + 1, bad.2));
    assert_eq!(report.drawn, 1);
}

#[test]
fn bytes_that_are_not_pmtiles_are_refused_naming_the_file() {
    let png = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/icons/koridor-64.png"
    ))
    .unwrap();
    let err = Archive::from_bytes(png, "photo.pmtiles").unwrap_err();
    assert!(matches!(err, ArchiveError::NotPmtiles { .. }), "{err}");
    assert!(err.to_string().contains("photo.pmtiles"), "{err}");
}

#[test]
fn an_archive_of_unknown_schema_is_refused_naming_its_layers() {
    let err = Archive::from_bytes(fixture::unknown_schema_archive(), "odd.pmtiles").unwrap_err();
    assert!(matches!(err, ArchiveError::Unsupported { .. }), "{err}");
    assert!(err.to_string().contains("streets"), "{err}");
}

/// Every tile of the fixture, each drawn on a blank tile.
fn draw_all(archive: &Archive) -> (usize, usize) {
    let mut drawn_failed = (0, 0);
    let every = (fixture::ZOOMS.0..=fixture::ZOOMS.1).flat_map(|z| {
        fixture::tiles_at(z)
            .into_iter()
            .map(move |(x, y)| (z, x, y))
    });
    for id in every {
        let blank = Pixmap::new(256, 256).unwrap();
        let (_, report) = render_archive_tile(archive, blank, id, 1.0, Lang::En, &|_| false);
        drawn_failed.0 += report.drawn;
        drawn_failed.1 += report.failed;
    }
    drawn_failed
}

#[test]
fn a_truncated_archive_is_refused_or_its_missing_tiles_fail_never_a_panic() {
    let whole = fixture::protomaps_archive();
    let tiles: usize = (fixture::ZOOMS.0..=fixture::ZOOMS.1)
        .map(|z| fixture::tiles_at(z).len())
        .sum();
    assert_eq!(draw_all(&open(whole.clone())), (tiles, 0));
    for cut in [0, 7, 126, 127, 500, whole.len() / 2, whole.len() - 1] {
        match Archive::from_bytes(whole[..cut].to_vec(), "cut.pmtiles") {
            Err(err) => assert!(err.to_string().contains("cut.pmtiles"), "{cut}: {err}"),
            Ok(archive) => {
                let (drawn, failed) = draw_all(&archive);
                assert!(drawn + failed <= tiles, "{cut}");
                assert!(
                    failed > 0,
                    "cut at {cut} of {}: some tile is missing",
                    whole.len()
                );
            }
        }
    }
}

#[test]
fn bytes_changed_anywhere_give_errors_or_a_map_never_a_panic() {
    let whole = fixture::protomaps_archive();
    let mut seed = 0x2545_f491_u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..60 {
        let mut bytes = whole.clone();
        for _ in 0..4 {
            let at = (next() % bytes.len() as u64) as usize;
            bytes[at] = next() as u8;
        }
        if let Ok(archive) = Archive::from_bytes(bytes, "changed.pmtiles") {
            let _ = draw_all(&archive);
        }
    }
}

#[test]
fn an_export_over_a_street_basemap_draws_it_and_credits_it() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("irpin.pmtiles");
    std::fs::write(&archive, fixture::protomaps_archive()).unwrap();
    let tiles = archive.display().to_string();
    let args = |out: &str| {
        vec![
            "export".to_owned(),
            "--view".into(),
            "30.30,50.50,12.5".into(),
            "--tiles".into(),
            tiles.clone(),
            "--out".into(),
            out.to_owned(),
        ]
    };
    let run = |out: &str| {
        let args = args(out);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        common::koridor_in(dir.path(), &args, &[])
    };
    let output = run("street.svg");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let svg = std::fs::read_to_string(dir.path().join("street.svg")).unwrap();
    assert!(svg.contains("street basemap"), "a layer of its own");
    assert!(
        svg.contains(">Romanivka<"),
        "the archive's place names, as text"
    );
    assert!(svg.contains("Street basemap: Protomaps © OpenStreetMap"));
    let output = run("street.png");
    assert!(output.status.success());
    let (_, text) = common::png_text(&dir.path().join("street.png"));
    let copyright = text.into_iter().find(|(k, _)| k == "Copyright").unwrap().1;
    assert!(
        copyright.starts_with("Street basemap: Protomaps © OpenStreetMap"),
        "{copyright}"
    );
}

#[test]
fn an_export_over_a_broken_basemap_says_so_and_is_the_embedded_basemaps() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.pmtiles"), b"not an archive at all").unwrap();
    let view = ["export", "--view", "30.30,50.50,10", "--out"];
    let broken = common::koridor_in(
        dir.path(),
        &[&view[..], &["broken.png", "--tiles", "broken.pmtiles"]].concat(),
        &[],
    );
    assert!(broken.status.success());
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(
        stderr.contains("broken.pmtiles") && stderr.contains("embedded basemap is shown"),
        "{stderr}"
    );
    let plain = common::koridor_in(dir.path(), &[&view[..], &["plain.png"]].concat(), &[]);
    assert!(plain.status.success());
    assert!(
        std::fs::read(dir.path().join("broken.png")).unwrap()
            == std::fs::read(dir.path().join("plain.png")).unwrap(),
        "the same map as with no basemap asked for"
    );
}
