//! Koridor's speed against the budgets in DESIGN.md: `cargo bench`.
#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used)]

use std::hint::black_box;

#[path = "../tests/common/archive.rs"]
mod fixture;

use criterion::{Criterion, criterion_group, criterion_main};
use koridor::basemap::{Basemap, LabelCache, render_tile};
use koridor::export::{ExportRequest, Format, Framing, export_bytes, export_png, render};
use koridor::projection::{LonLat, Viewport};
use koridor::scene::{RouteIndex, SceneInput, build_scene};
use koridor::source::DataSource;
use koridor::synth::synthetic_geojson;
use koridor::{Dataset, EMBEDDED_GEOJSON, Lang};

fn tile_of(lon: f64, lat: f64, zoom: u8) -> (u32, u32) {
    let p = LonLat::new(lon, lat).to_unit();
    let (x, y) = (p.x, p.y);
    let n = f64::from(zoom).exp2();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    ((x * n) as u32, (y * n) as u32)
}

fn tiles(c: &mut Criterion) {
    let basemap = Basemap::embedded().unwrap();
    let data = Dataset::embedded().unwrap();
    let labels = LabelCache::leaving_out(koridor::scene::named_places(&data));
    let mut group = c.benchmark_group("offline tile 256 px with labels");
    for zoom in [6u8, 9, 11] {
        // Over Kyiv: the densest land, borders and labels.
        let (x, y) = tile_of(30.524, 50.455, zoom);
        let placed = labels.get(basemap, zoom, Lang::En);
        group.bench_function(format!("zoom {zoom}"), |b| {
            b.iter(|| black_box(render_tile(basemap, &placed, zoom, x, y, 1.0)));
        });
    }
    group.finish();
}

/// One z12 vector tile of a street basemap (a dense city tile of about 2,000 features: see
/// `fixture::dense_layers`), read from a fresh archive each time (nothing kept from the run before):
/// directory lookup, gunzip, MVT decoding and drawing onto a 256 px tile; and drawing alone,
/// decoded tile kept, as the window redraws a tile at another density.
fn street_tile(c: &mut Criterion) {
    let ((z, x, y), bytes) = fixture::dense_archive();
    let mut group = c.benchmark_group("street basemap z12 vector tile");
    let draw = |archive: &koridor::archive::Archive| {
        let blank = tiny_skia::Pixmap::new(256, 256).unwrap();
        let (pixmap, report) = koridor::archive::render_archive_tile(
            archive,
            blank,
            (z, x, y),
            1.0,
            Lang::En,
            &|_| false,
        );
        assert_eq!(report.drawn, 1);
        pixmap
    };
    group.bench_function("read + decode + draw", |b| {
        b.iter_batched(
            || koridor::archive::Archive::from_bytes(bytes.clone(), "bench.pmtiles").unwrap(),
            |archive| black_box(draw(&archive)),
            criterion::BatchSize::SmallInput,
        );
    });
    let archive = koridor::archive::Archive::from_bytes(bytes.clone(), "bench.pmtiles").unwrap();
    group.bench_function("draw (decoded tile kept)", |b| {
        b.iter(|| black_box(draw(&archive)));
    });
    group.finish();
}

fn dataset(c: &mut Criterion) {
    let mut group = c.benchmark_group("load + validate");
    group.bench_function("embedded (66 corridors)", |b| {
        b.iter(|| black_box(Dataset::from_slice(EMBEDDED_GEOJSON.as_bytes(), "bench").unwrap()));
    });
    // 35,000 synthetic corridors (about 49 MB) are the most the loader takes under its 50 MB
    // cap: how far one machine goes.
    for n in [1_000usize, 10_000, 35_000] {
        let text = synthetic_geojson(n, 1);
        assert!(text.len() as u64 <= koridor::MAX_DATASET_BYTES, "{n}");
        group.sample_size(if n > 1000 { 20 } else { 50 });
        // Loading, not freeing: the dataset is dropped outside the timing (freeing 10,000
        // corridors takes another 30-50 ms, when a dataset is replaced).
        group.bench_function(format!("{n} corridors"), |b| {
            b.iter_with_large_drop(|| Dataset::from_slice(text.as_bytes(), "bench").unwrap());
        });
    }
    // 100,000 corridors (about 140 MB) are beyond the loader's cap: measured past it, to say
    // how far one machine goes.
    let text = synthetic_geojson(100_000, 1);
    group.sample_size(10);
    group.bench_function("100000 corridors (past the 50 MB cap)", |b| {
        b.iter_with_large_drop(|| {
            Dataset::from_slice_within(text.as_bytes(), "bench", u64::MAX).unwrap()
        });
    });
    group.finish();
}

fn view_over_ukraine() -> Viewport {
    Viewport::centred(
        LonLat::new(31.5, 48.8).to_unit(),
        6.0,
        [1600.0, 1000.0],
        1.0,
    )
}

fn scene_and_hit(c: &mut Criterion) {
    for (label, data) in [
        ("embedded", Dataset::embedded().unwrap()),
        (
            "10k",
            Dataset::from_slice(synthetic_geojson(10_000, 1).as_bytes(), "bench").unwrap(),
        ),
        (
            "100k",
            Dataset::from_slice_within(synthetic_geojson(100_000, 1).as_bytes(), "bench", u64::MAX)
                .unwrap(),
        ),
    ] {
        let at = data.latest_event().unwrap();
        let visible = |_: usize, _: &koridor::Corridor| true;
        let index = RouteIndex::new(&data);
        let input = SceneInput {
            dataset: &data,
            at,
            selected: Some(0),
            hovered: None,
            visible: &visible,
            lang: Lang::En,
            scale: 1.0,
            index: &index,
            keep_clear: &[],
            emphasised_only: false,
        };
        let view = view_over_ukraine();
        c.bench_function(&format!("scene, {label}, 1600x1000 over Ukraine"), |b| {
            b.iter(|| black_box(build_scene(&input, &view)));
        });
        c.bench_function(&format!("hit-test through the index, {label}"), |b| {
            b.iter(|| black_box(index.pick(&view, [800.0, 500.0], 8.0, |_| true)));
        });
    }
}

fn ui_frame(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("10k.geojson");
    std::fs::write(&big, synthetic_geojson(10_000, 1)).unwrap();
    let largest = dir.path().join("35k.geojson");
    std::fs::write(&largest, synthetic_geojson(35_000, 1)).unwrap();
    // Past the window's 50 MB limit, opened for this bench only: how far one machine goes.
    let past = dir.path().join("100k.geojson");
    std::fs::write(&past, synthetic_geojson(100_000, 1)).unwrap();
    // "on the GPU": the routes' layer is a paint callback, drawn by the window's renderer from
    // a buffer on the graphics card; the harness has no renderer, so this times the CPU's part
    // of the frame only (the window bench times whole frames). 10,000 routes and more are one
    // picture, drawn on a thread, wherever the frame is drawn.
    for (label, source, gpu) in [
        ("embedded", DataSource::Embedded, false),
        ("embedded, routes on the GPU", DataSource::Embedded, true),
        ("10k", DataSource::File(big.clone()), false),
        ("35k", DataSource::File(largest.clone()), false),
        ("100k", DataSource::File(past.clone()), false),
    ] {
        let mut startup = koridor::app::Startup::new(source);
        startup.routes_on_gpu = gpu;
        startup.data_limit = u64::MAX;
        let mut harness = egui_kittest::Harness::builder()
            .with_size(egui::vec2(1600.0, 1000.0))
            .build_eframe(|cc| koridor::app::KoridorApp::new(&cc.egui_ctx, startup));
        harness.run_steps(10);
        // A large layer's picture is drawn on a thread after the first frame: wait for it (a
        // hang guard only).
        for _ in 0..2000 {
            if !harness.state().base_layer().0 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
            harness.step();
        }
        let mut group = c.benchmark_group("UI frame (layout + tessellation), 1600x1000");
        group.sample_size(30);
        group.bench_function(format!("{label}, all corridors"), |b| {
            b.iter(|| {
                harness.step();
                let shapes = harness.output().shapes.clone();
                black_box(harness.ctx.tessellate(shapes, 1.0))
            });
        });
        group.finish();
    }
}

fn export(c: &mut Criterion) {
    let data = Dataset::embedded().unwrap();
    let labels = LabelCache::leaving_out(koridor::scene::named_places(&data));
    let request = ExportRequest {
        framing: Framing::Route("kyiv-gomel".into()),
        width: 1600,
        height: 1000,
        scale: 1,
        at: data.latest_event().unwrap(),
        lang: Lang::En,
        tiles: koridor::net::TileChoice::Offline,
    };
    let mut group = c.benchmark_group("export kyiv-gomel 1600x1000");
    group.sample_size(20);
    group.bench_function("render", |b| {
        b.iter(|| black_box(render(&data, &request, &labels).unwrap()));
    });
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bench.png");
    group.bench_function("render + PNG + atomic write", |b| {
        b.iter(|| export_png(&data, &request, &labels, &out).unwrap());
    });
    for format in [Format::Svg, Format::Pdf] {
        group.bench_function(format!("{format:?} bytes"), |b| {
            b.iter(|| black_box(export_bytes(&data, &request, &labels, format).unwrap()));
        });
    }
    group.finish();
}

fn timelapse(c: &mut Criterion) {
    let data = Dataset::embedded().unwrap();
    let labels = LabelCache::leaving_out(koridor::scene::named_places(&data));
    let from: koridor::Time = "2022-03-07T00:00:00+02:00".parse().unwrap();
    let request = koridor::export::Timelapse {
        still: ExportRequest {
            framing: Framing::Route("kyiv-gomel".into()),
            width: 1280,
            height: 800,
            scale: 1,
            at: from,
            lang: Lang::En,
            tiles: koridor::net::TileChoice::Offline,
        },
        from,
        to: from + chrono::Duration::hours(23),
        step: chrono::Duration::hours(1),
        skip_unchanged: false,
        frame_ms: 250,
    };
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("time-lapse 1280x800, 24 hourly frames");
    group.sample_size(10);
    for format in [Format::Apng, Format::Gif] {
        let out = dir.path().join(format!("bench.{}", format.extension()));
        group.bench_function(format!("{format:?}"), |b| {
            b.iter(|| {
                koridor::export::export_timelapse(
                    &data,
                    &request,
                    &labels,
                    &out,
                    format,
                    None,
                    &mut |_, _| {},
                )
                .unwrap()
            });
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    tiles,
    street_tile,
    dataset,
    scene_and_hit,
    ui_frame,
    export,
    timelapse
);
criterion_main!(benches);
