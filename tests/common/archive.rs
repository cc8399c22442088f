//! Small PMTiles archives built for tests, benches and the `fixture_archives` example: an MVT
//! encoder (protobuf by hand: the MVT 2.1 layout), a made-up street map of Irpin, Bucha and
//! Hostomel in the Protomaps basemap and the OpenMapTiles schemas, a raster archive, and broken
//! ones. The places are where they are on the ground; the streets are invented.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::io::Cursor;

use koridor::projection::LonLat;
use pmtiles::{Compression, PmTilesWriter, TileCoord, TileType};

/// West, south, east, north of the fixture map.
pub(crate) const BOUNDS: [f64; 4] = [30.0, 50.35, 30.55, 50.70];
/// Zooms the vector fixtures hold.
pub(crate) const ZOOMS: (u8, u8) = (10, 13);
/// The MVT extent used.
pub(crate) const EXTENT: u32 = 4096;

/// A tag value.
#[derive(Debug, Clone)]
pub(crate) enum Val {
    Str(String),
    Int(i64),
}

/// A geometry in lon/lat.
#[derive(Debug, Clone)]
pub(crate) enum Geom {
    Point([f64; 2]),
    Line(Vec<[f64; 2]>),
    /// Rings: the first the outside, clockwise on the map (y down), holes the other way.
    Area(Vec<Vec<[f64; 2]>>),
}

/// A feature: geometry and tags.
#[derive(Debug, Clone)]
pub(crate) struct Feature {
    pub geom: Geom,
    pub tags: Vec<(String, Val)>,
}

fn feature(geom: Geom, tags: &[(&str, Val)]) -> Feature {
    Feature {
        geom,
        tags: tags
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
    }
}

fn s(text: &str) -> Val {
    Val::Str(text.to_owned())
}

/// A tile's z/x/y and its bytes.
pub(crate) type TileData = ((u8, u32, u32), Vec<u8>);

/// A layer of features in lon/lat.
pub(crate) type Layers = Vec<(String, Vec<Feature>)>;

// ---- protobuf writing ----

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn key(out: &mut Vec<u8>, field: u32, wire: u8) {
    varint(out, (u64::from(field) << 3) | u64::from(wire));
}

fn bytes_field(out: &mut Vec<u8>, field: u32, bytes: &[u8]) {
    key(out, field, 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

fn packed(out: &mut Vec<u8>, field: u32, values: &[u32]) {
    let mut body = Vec::new();
    for v in values {
        varint(&mut body, u64::from(*v));
    }
    bytes_field(out, field, &body);
}

fn zigzag(v: i32) -> u32 {
    ((v << 1) ^ (v >> 31)) as u32
}

/// Tile coordinates of (lon, lat) in tile `z/x/y` at [`EXTENT`].
fn to_tile(p: [f64; 2], z: u8, x: u32, y: u32) -> [i32; 2] {
    let u = LonLat::new(p[0], p[1]).to_unit();
    let n = f64::from(1u32 << z);
    let e = f64::from(EXTENT);
    [
        ((u.x * n - f64::from(x)) * e).round() as i32,
        ((u.y * n - f64::from(y)) * e).round() as i32,
    ]
}

fn geometry(geom: &Geom, z: u8, x: u32, y: u32) -> (u32, Vec<u32>) {
    let mut cmds = Vec::new();
    let mut cursor = [0i32; 2];
    let mut moves = |cmds: &mut Vec<u32>, points: &[[i32; 2]], close: bool| {
        let mut delta = |cmds: &mut Vec<u32>, p: [i32; 2]| {
            cmds.push(zigzag(p[0] - cursor[0]));
            cmds.push(zigzag(p[1] - cursor[1]));
            cursor = p;
        };
        cmds.push(1 | (1 << 3));
        delta(cmds, points[0]);
        if points.len() > 1 {
            cmds.push(2 | (((points.len() - 1) as u32) << 3));
            for p in &points[1..] {
                delta(cmds, *p);
            }
        }
        if close {
            cmds.push(7 | (1 << 3));
        }
    };
    match geom {
        Geom::Point(p) => {
            let t = to_tile(*p, z, x, y);
            (1, vec![1 | (1 << 3), zigzag(t[0]), zigzag(t[1])])
        }
        Geom::Line(points) => {
            let t: Vec<[i32; 2]> = points.iter().map(|p| to_tile(*p, z, x, y)).collect();
            moves(&mut cmds, &t, false);
            (2, cmds)
        }
        Geom::Area(rings) => {
            for ring in rings {
                // Rings are given closed or not; the closing point is implied by ClosePath.
                let mut t: Vec<[i32; 2]> = ring.iter().map(|p| to_tile(*p, z, x, y)).collect();
                if t.len() > 1 && t.first() == t.last() {
                    t.pop();
                }
                moves(&mut cmds, &t, true);
            }
            (3, cmds)
        }
    }
}

/// One MVT tile `z/x/y` holding `layers` (every feature whose box touches the tile and its
/// buffer).
pub(crate) fn encode_tile(layers: &Layers, z: u8, x: u32, y: u32) -> Vec<u8> {
    let mut tile = Vec::new();
    let buffer = 64;
    let lo = -buffer;
    let hi = EXTENT as i32 + buffer;
    for (name, features) in layers {
        let mut keys: Vec<String> = Vec::new();
        let mut values: Vec<Vec<u8>> = Vec::new();
        let mut layer = Vec::new();
        key(&mut layer, 15, 0);
        varint(&mut layer, 2);
        bytes_field(&mut layer, 1, name.as_bytes());
        let mut count = 0;
        for f in features {
            let points: Vec<[f64; 2]> = match &f.geom {
                Geom::Point(p) => vec![*p],
                Geom::Line(l) => l.clone(),
                Geom::Area(r) => r.iter().flatten().copied().collect(),
            };
            let t: Vec<[i32; 2]> = points.iter().map(|p| to_tile(*p, z, x, y)).collect();
            let touches = t.iter().map(|p| p[0]).min().unwrap() <= hi
                && t.iter().map(|p| p[0]).max().unwrap() >= lo
                && t.iter().map(|p| p[1]).min().unwrap() <= hi
                && t.iter().map(|p| p[1]).max().unwrap() >= lo;
            if !touches {
                continue;
            }
            count += 1;
            let mut tags = Vec::new();
            for (k, v) in &f.tags {
                let ki = keys.iter().position(|x| x == k).unwrap_or_else(|| {
                    keys.push(k.clone());
                    keys.len() - 1
                });
                let mut value = Vec::new();
                match v {
                    Val::Str(text) => bytes_field(&mut value, 1, text.as_bytes()),
                    Val::Int(i) => {
                        key(&mut value, 4, 0);
                        varint(&mut value, *i as u64);
                    }
                }
                let vi = values.iter().position(|x| *x == value).unwrap_or_else(|| {
                    values.push(value);
                    values.len() - 1
                });
                tags.push(ki as u32);
                tags.push(vi as u32);
            }
            let (kind, cmds) = geometry(&f.geom, z, x, y);
            let mut feat = Vec::new();
            packed(&mut feat, 2, &tags);
            key(&mut feat, 3, 0);
            varint(&mut feat, u64::from(kind));
            packed(&mut feat, 4, &cmds);
            bytes_field(&mut layer, 2, &feat);
        }
        if count == 0 {
            continue;
        }
        for k in &keys {
            bytes_field(&mut layer, 3, k.as_bytes());
        }
        for v in &values {
            bytes_field(&mut layer, 4, v);
        }
        key(&mut layer, 5, 0);
        varint(&mut layer, u64::from(EXTENT));
        bytes_field(&mut tile, 3, &layer);
    }
    tile
}

// ---- the fixture map ----

fn rect(w: f64, s: f64, e: f64, n: f64) -> Vec<[f64; 2]> {
    // Clockwise on the map with y down: north-west, north-east, south-east, south-west.
    vec![[w, n], [e, n], [e, s], [w, s], [w, n]]
}

/// The places: name in English and Ukrainian, where, and size.
pub(crate) const PLACES: [(&str, &str, f64, f64, &str, i64); 4] = [
    ("Irpin", "Ірпінь", 30.2506, 50.5218, "town", 60_000),
    ("Bucha", "Буча", 30.2211, 50.5466, "town", 37_000),
    ("Hostomel", "Гостомель", 30.2650, 50.5690, "town", 17_000),
    ("Romanivka", "Романівка", 30.3050, 50.5150, "village", 500),
];

/// A lake: lon/lat box (west, south, east, north).
pub(crate) const LAKE: [f64; 4] = [30.150, 50.400, 30.200, 50.430];
/// A forest.
pub(crate) const FOREST: [f64; 4] = [30.300, 50.540, 30.380, 50.600];
/// The highway's latitude (it runs west–east across the map).
pub(crate) const HIGHWAY_LAT: f64 = 50.4500;
/// A minor road's longitude (it runs north–south, crossing the highway).
pub(crate) const MINOR_LON: f64 = 30.4000;

struct Map {
    land: Feature,
    lake: Vec<(String, Val)>,
    forest: Vec<(String, Val)>,
}

/// The fixture map in the Protomaps basemap schema (v4 layer and tag names).
pub(crate) fn protomaps_layers() -> Layers {
    let mut places = Vec::new();
    for (en, uk, lon, lat, kind, pop) in PLACES {
        let rank = if kind == "town" { 9 } else { 5 };
        places.push(feature(
            Geom::Point([lon, lat]),
            &[
                ("kind", s("locality")),
                ("name", s(uk)),
                ("name:en", s(en)),
                ("name:uk", s(uk)),
                ("population", Val::Int(pop)),
                ("population_rank", Val::Int(rank)),
            ],
        ));
    }
    vec![
        (
            "earth".into(),
            vec![feature(
                Geom::Area(vec![rect(29.0, 49.0, 31.5, 51.5)]),
                &[("kind", s("earth"))],
            )],
        ),
        (
            "landuse".into(),
            vec![
                feature(
                    Geom::Area(vec![rect(FOREST[0], FOREST[1], FOREST[2], FOREST[3])]),
                    &[("kind", s("forest"))],
                ),
                feature(
                    Geom::Area(vec![rect(30.215, 50.505, 30.275, 50.535)]),
                    &[("kind", s("residential"))],
                ),
            ],
        ),
        ("water".into(), water_features("kind", "lake", "river")),
        (
            "boundaries".into(),
            vec![feature(
                Geom::Line(vec![[30.33, 50.35], [30.33, 50.70]]),
                &[("kind", s("region")), ("kind_detail", Val::Int(4))],
            )],
        ),
        (
            "roads".into(),
            road_features("kind", ["highway", "major_road", "minor_road", "rail"]),
        ),
        ("buildings".into(), buildings(&[("kind", s("building"))])),
        ("places".into(), places),
    ]
}

/// The fixture map in the OpenMapTiles schema.
pub(crate) fn openmaptiles_layers() -> Layers {
    let mut places = Vec::new();
    for (i, (en, uk, lon, lat, kind, _)) in PLACES.into_iter().enumerate() {
        places.push(feature(
            Geom::Point([lon, lat]),
            &[
                ("class", s(kind)),
                ("name", s(uk)),
                ("name_en", s(en)),
                ("name:uk", s(uk)),
                ("rank", Val::Int(10 + i as i64)),
            ],
        ));
    }
    let water = water_features("class", "lake", "river");
    let (areas, lines): (Vec<Feature>, Vec<Feature>) = water
        .into_iter()
        .partition(|f| matches!(f.geom, Geom::Area(_)));
    vec![
        ("water".into(), areas),
        ("waterway".into(), lines),
        (
            "landcover".into(),
            vec![feature(
                Geom::Area(vec![rect(FOREST[0], FOREST[1], FOREST[2], FOREST[3])]),
                &[("class", s("wood"))],
            )],
        ),
        (
            "landuse".into(),
            vec![feature(
                Geom::Area(vec![rect(30.215, 50.505, 30.275, 50.535)]),
                &[("class", s("residential"))],
            )],
        ),
        (
            "boundary".into(),
            vec![feature(
                Geom::Line(vec![[30.33, 50.35], [30.33, 50.70]]),
                &[("admin_level", Val::Int(4)), ("maritime", Val::Int(0))],
            )],
        ),
        (
            "transportation".into(),
            road_features("class", ["motorway", "primary", "minor", "rail"]),
        ),
        ("building".into(), buildings(&[])),
        ("place".into(), places),
    ]
}

fn water_features(key: &str, lake: &str, river: &str) -> Vec<Feature> {
    vec![
        feature(
            Geom::Area(vec![rect(LAKE[0], LAKE[1], LAKE[2], LAKE[3])]),
            &[(key, s(lake))],
        ),
        feature(
            Geom::Line(vec![
                [30.190, 50.350],
                [30.205, 50.450],
                [30.235, 50.520],
                [30.245, 50.600],
                [30.270, 50.700],
            ]),
            &[
                (key, s(river)),
                ("name", s("Ірпінь")),
                ("name:en", s("Irpin")),
            ],
        ),
    ]
}

fn road_features(key: &str, [highway, major, minor, rail]: [&str; 4]) -> Vec<Feature> {
    vec![
        feature(
            Geom::Line(vec![[30.0, HIGHWAY_LAT], [30.55, HIGHWAY_LAT]]),
            &[(key, s(highway)), ("ref", s("M06"))],
        ),
        feature(
            Geom::Line(vec![
                [30.2506, 50.50],
                [30.2506, 50.5218],
                [30.2211, 50.5466],
                [30.2650, 50.5690],
            ]),
            &[(key, s(major))],
        ),
        feature(
            Geom::Line(vec![[MINOR_LON, 50.40], [MINOR_LON, 50.50]]),
            &[(key, s(minor))],
        ),
        feature(
            Geom::Line(vec![[30.10, 50.48], [30.45, 50.55]]),
            &[(key, s(rail))],
        ),
    ]
}

fn buildings(tags: &[(&str, Val)]) -> Vec<Feature> {
    let mut out = Vec::new();
    for i in 0..6 {
        for j in 0..4 {
            let w = 30.230 + f64::from(i) * 0.004;
            let s = 50.510 + f64::from(j) * 0.004;
            out.push(feature(
                Geom::Area(vec![rect(w, s, w + 0.002, s + 0.0015)]),
                tags,
            ));
        }
    }
    out
}

/// The tiles covering [`BOUNDS`] at `z`.
pub(crate) fn tiles_at(z: u8) -> Vec<(u32, u32)> {
    let n = f64::from(1u32 << z);
    let nw = LonLat::new(BOUNDS[0], BOUNDS[3]).to_unit();
    let se = LonLat::new(BOUNDS[2], BOUNDS[1]).to_unit();
    let (x0, x1) = ((nw.x * n) as u32, (se.x * n) as u32);
    let (y0, y1) = ((nw.y * n) as u32, (se.y * n) as u32);
    (y0..=y1)
        .flat_map(|y| (x0..=x1).map(move |x| (x, y)))
        .collect()
}

fn metadata(layers: &Layers, attribution: &str) -> String {
    let ids: Vec<String> = layers
        .iter()
        .map(|(name, _)| format!("{{\"id\":\"{name}\",\"fields\":{{}}}}"))
        .collect();
    format!(
        "{{\"name\":\"Koridor fixture\",\"attribution\":{},\"vector_layers\":[{}]}}",
        serde_json::to_string(attribution).unwrap(),
        ids.join(",")
    )
}

/// A vector archive of `layers` at [`ZOOMS`] over [`BOUNDS`], gzip-compressed tiles, with
/// `vector_layers` in its metadata unless `bare`.
pub(crate) fn vector_archive(layers: &Layers, attribution: &str, bare: bool) -> Vec<u8> {
    let meta = if bare {
        format!(
            "{{\"attribution\":{}}}",
            serde_json::to_string(attribution).unwrap()
        )
    } else {
        metadata(layers, attribution)
    };
    let mut tiles = Vec::new();
    for z in ZOOMS.0..=ZOOMS.1 {
        for (x, y) in tiles_at(z) {
            tiles.push(((z, x, y), encode_tile(layers, z, x, y)));
        }
    }
    write(TileType::Mvt, &tiles, &meta, ZOOMS)
}

/// Writes an archive of `tiles` (empty ones left out) with `metadata`.
pub(crate) fn write(
    kind: TileType,
    tiles: &[TileData],
    metadata: &str,
    zooms: (u8, u8),
) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let centre = [(BOUNDS[0] + BOUNDS[2]) / 2.0, (BOUNDS[1] + BOUNDS[3]) / 2.0];
    let mut writer = PmTilesWriter::new(kind)
        .min_zoom(zooms.0)
        .max_zoom(zooms.1)
        .bounds(BOUNDS[0], BOUNDS[1], BOUNDS[2], BOUNDS[3])
        .center(centre[0], centre[1])
        .center_zoom(zooms.0)
        .metadata(metadata)
        .create(&mut out)
        .unwrap();
    let mut sorted: Vec<&TileData> = tiles.iter().collect();
    sorted.sort_by_key(|((z, x, y), _)| {
        u64::from(pmtiles::TileId::from(TileCoord::new(*z, *x, *y).unwrap()))
    });
    for ((z, x, y), data) in sorted {
        if !data.is_empty() {
            writer
                .add_tile(TileCoord::new(*z, *x, *y).unwrap(), data)
                .unwrap();
        }
    }
    writer.finalize().unwrap();
    out.into_inner()
}

/// The Protomaps-schema fixture.
pub(crate) fn protomaps_archive() -> Vec<u8> {
    vector_archive(
        &protomaps_layers(),
        "<a href=\"https://github.com/protomaps/basemaps\">Protomaps</a> &copy; <a href=\"https://openstreetmap.org\">OpenStreetMap</a>",
        false,
    )
}

/// The OpenMapTiles-schema fixture (no `vector_layers`: the schema is read off a tile).
pub(crate) fn openmaptiles_archive() -> Vec<u8> {
    vector_archive(
        &openmaptiles_layers(),
        "&copy; OpenMapTiles &copy; OpenStreetMap contributors",
        true,
    )
}

/// The colour every tile of the raster fixture is filled with.
pub(crate) const RASTER_RGB: [u8; 3] = [200, 120, 40];

/// A raster archive (PNG tiles of one colour) at zooms 10–11.
pub(crate) fn raster_archive() -> Vec<u8> {
    raster_archive_as(image::ImageFormat::Png)
}

/// A raster archive of tiles of one colour in `format` (PNG, JPEG or WebP) at zooms 10–11.
pub(crate) fn raster_archive_as(format: image::ImageFormat) -> Vec<u8> {
    let kind = match format {
        image::ImageFormat::Jpeg => TileType::Jpeg,
        image::ImageFormat::WebP => TileType::Webp,
        _ => TileType::Png,
    };
    let mut tiles = Vec::new();
    for z in 10..=11 {
        for (x, y) in tiles_at(z) {
            let image = image::RgbImage::from_pixel(256, 256, image::Rgb(RASTER_RGB));
            let mut bytes = Vec::new();
            image
                .write_to(&mut Cursor::new(&mut bytes), format)
                .unwrap();
            tiles.push(((z, x, y), bytes));
        }
    }
    write(
        kind,
        &tiles,
        "{\"attribution\":\"Imagery: test pattern\"}",
        (10, 11),
    )
}

/// A vector archive whose layers are of no known schema.
pub(crate) fn unknown_schema_archive() -> Vec<u8> {
    let layers: Layers = vec![(
        "streets".into(),
        vec![feature(
            Geom::Line(vec![[30.0, 50.4], [30.5, 50.6]]),
            &[("type", s("road"))],
        )],
    )];
    vector_archive(&layers, "nobody", false)
}

/// The Protomaps fixture with tile `bad` replaced by bytes that are no vector tile.
pub(crate) fn archive_with_broken_tile(bad: (u8, u32, u32)) -> Vec<u8> {
    let layers = protomaps_layers();
    let mut tiles = Vec::new();
    for z in ZOOMS.0..=ZOOMS.1 {
        for (x, y) in tiles_at(z) {
            let data = if (z, x, y) == bad {
                vec![0xff; 64]
            } else {
                encode_tile(&layers, z, x, y)
            };
            tiles.push(((z, x, y), data));
        }
    }
    write(
        TileType::Mvt,
        &tiles,
        &metadata(&layers, "Protomaps"),
        ZOOMS,
    )
}

/// A dense z12 tile, about as full as a city tile of the Protomaps basemap (about 2,000
/// features): a street grid of 200 m blocks as 512 street segments (every eighth street a major
/// road, two highways), 120 footpaths, 1,200 buildings (decoded, drawn from zoom 13), 60
/// land-use areas of 25 points, a lake, a river and 40 named places.
pub(crate) fn dense_layers() -> Layers {
    let (w, s0, e, n) = (30.40, 50.40, 30.50, 50.47);
    let mut roads = Vec::new();
    let lines = 32;
    for i in 0..lines {
        let f = f64::from(i) / f64::from(lines);
        let kind = match i % 16 {
            0 => "highway",
            8 => "major_road",
            _ => "minor_road",
        };
        let lon = w + (e - w) * f;
        let lat = s0 + (n - s0) * f;
        // Each street as eight ways, one per stretch between cross streets, slightly bent.
        for part in 0..8 {
            let a = f64::from(part) / 8.0;
            let b = f64::from(part + 1) / 8.0;
            let bend = f64::from((i + part) % 5) * 0.0001;
            roads.push(feature(
                Geom::Line(vec![
                    [lon, s0 + (n - s0) * a],
                    [lon + bend, s0 + (n - s0) * (a + b) / 2.0],
                    [lon, s0 + (n - s0) * b],
                ]),
                &[("kind", s(kind))],
            ));
            roads.push(feature(
                Geom::Line(vec![
                    [w + (e - w) * a, lat],
                    [w + (e - w) * (a + b) / 2.0, lat + bend],
                    [w + (e - w) * b, lat],
                ]),
                &[("kind", s(kind))],
            ));
        }
    }
    for i in 0..120 {
        let lon = w + (e - w) * f64::from(i % 12) / 12.0 + 0.002;
        let lat = s0 + (n - s0) * f64::from(i / 12) / 10.0 + 0.002;
        roads.push(feature(
            Geom::Line(vec![
                [lon, lat],
                [lon + 0.002, lat + 0.001],
                [lon + 0.003, lat + 0.003],
            ]),
            &[("kind", s("path"))],
        ));
    }
    let mut buildings = Vec::new();
    for i in 0..40 {
        for j in 0..30 {
            let bw = w + (e - w) * f64::from(i) / 40.0 + 0.0003;
            let bs = s0 + (n - s0) * f64::from(j) / 30.0 + 0.0003;
            buildings.push(feature(
                Geom::Area(vec![rect(bw, bs, bw + 0.0009, bs + 0.0006)]),
                &[("kind", s("building"))],
            ));
        }
    }
    let mut landuse = Vec::new();
    for i in 0..60 {
        let lw = w + (e - w) * f64::from(i % 10) / 10.0;
        let ls = s0 + (n - s0) * f64::from(i / 10) / 6.0;
        let ring: Vec<[f64; 2]> = (0..=24)
            .map(|a| {
                let t = -f64::from(a) / 24.0 * std::f64::consts::TAU;
                [lw + 0.005 + 0.004 * t.cos(), ls + 0.005 + 0.003 * t.sin()]
            })
            .collect();
        let kind = ["park", "residential", "industrial", "forest"][i as usize % 4];
        landuse.push(feature(Geom::Area(vec![ring]), &[("kind", s(kind))]));
    }
    let mut places = Vec::new();
    for i in 0..40 {
        let lon = w + (e - w) * f64::from(i % 8) / 8.0 + 0.004;
        let lat = s0 + (n - s0) * f64::from(i / 8) / 5.0 + 0.004;
        places.push(feature(
            Geom::Point([lon, lat]),
            &[
                ("kind", s("neighbourhood")),
                ("name", s(&format!("Район {i}"))),
                ("name:en", s(&format!("District {i}"))),
            ],
        ));
    }
    vec![
        (
            "earth".into(),
            vec![feature(Geom::Area(vec![rect(29.0, 49.0, 31.5, 51.5)]), &[])],
        ),
        ("landuse".into(), landuse),
        ("water".into(), water_features("kind", "lake", "river")),
        ("roads".into(), roads),
        ("buildings".into(), buildings),
        ("places".into(), places),
    ]
}

/// The z12 tile [`dense_layers`] fills, and an archive holding just it.
pub(crate) fn dense_archive() -> TileData {
    let (x, y) = {
        let u = LonLat::new(30.45, 50.435).to_unit();
        ((u.x * 4096.0) as u32, (u.y * 4096.0) as u32)
    };
    let tile = encode_tile(&dense_layers(), 12, x, y);
    let meta = metadata(&dense_layers(), "Protomaps © OpenStreetMap");
    (
        (12, x, y),
        write(TileType::Mvt, &[((12, x, y), tile)], &meta, (12, 12)),
    )
}

/// Writes every fixture into `dir` (the `fixture_archives` example).
pub(crate) fn write_all(dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut written = Vec::new();
    for (name, bytes) in [
        ("irpin-protomaps.pmtiles", protomaps_archive()),
        ("irpin-openmaptiles.pmtiles", openmaptiles_archive()),
        ("irpin-raster.pmtiles", raster_archive()),
        ("dense-z12.pmtiles", dense_archive().1),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// The compression the writer uses for vector tiles (gzip), for tests that check it.
pub(crate) const VECTOR_COMPRESSION: Compression = Compression::Gzip;
