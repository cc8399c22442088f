//! A dense record stays legible: 150 routes, many along the same roads (as in third-party
//! records that list a route once per day), one with a very long name. The layout rules: no
//! label over another, a panel or the frame's edge; routes sharing a road drawn side by side or
//! counted; every route in the list under its full name.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use koridor::Dataset;
use koridor::export::{ExportRequest, Framing, render_with_layout};
use koridor::projection::{LonLat, Viewport, box_within, boxes_overlap};
use koridor::scene::{Item, RouteIndex, SceneInput, build_scene};

const LONG_NAME: &str = "Mariupol → Zaporizhzhia through Manhush, Berdiansk, Vasylivka and every checkpoint on the way (the route of the UN and ICRC convoy)";

/// The embedded record and copies of its routes (new ids, same lines) up to 150 routes, as
/// GeoJSON text.
fn dense_text() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/corridors.geojson");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let features = doc["features"].as_array_mut().unwrap();
    let originals = features.clone();
    let mut k = 0;
    while features.len() < 150 {
        // The first dozen routes (Kyiv region and Mariupol) again and again: crowded roads.
        let mut copy = originals[k % 12].clone();
        let id = format!("{}-copy-{k}", copy["properties"]["id"].as_str().unwrap());
        copy["properties"]["id"] = serde_json::Value::String(id);
        if k == 0 {
            copy["properties"]["name"] = serde_json::Value::String(LONG_NAME.into());
        }
        features.push(copy);
        k += 1;
    }
    doc.to_string()
}

fn dense() -> Dataset {
    Dataset::from_slice(dense_text().as_bytes(), "dense").unwrap()
}

fn at() -> koridor::Time {
    "2022-04-12T12:00:00+03:00".parse().unwrap()
}

#[test]
fn a_dense_export_keeps_every_label_apart_inside_the_frame_and_off_the_panels() {
    let data = dense();
    assert_eq!(data.corridors.len(), 150);
    let labels = koridor::basemap::LabelCache::leaving_out(koridor::scene::named_places(&data));
    let requests = [
        Framing::Route("mariupol-zaporizhzhia".into()),
        Framing::View {
            lon: 30.6,
            lat: 50.5,
            zoom: 9.0,
        },
        Framing::View {
            lon: 32.0,
            lat: 49.0,
            zoom: 6.0,
        },
    ];
    for framing in requests {
        let request = ExportRequest {
            framing: framing.clone(),
            width: 1200,
            height: 800,
            scale: 1,
            at: at(),
            lang: koridor::Lang::Uk,
            tiles: koridor::net::TileChoice::Offline,
        };
        let (_, layout) = render_with_layout(&data, &request, &labels).unwrap();
        let f = layout.frame;
        for (i, a) in layout.labels.iter().enumerate() {
            assert!(box_within(a, &f), "{framing:?}: {a:?} crosses the frame");
            for b in &layout.labels[i + 1..] {
                assert!(!boxes_overlap(a, b), "{framing:?}: {a:?} over {b:?}");
            }
            for p in &layout.panels {
                assert!(!boxes_overlap(a, p), "{framing:?}: {a:?} under {p:?}");
            }
        }
    }
}

/// The scene of every route of `data` shown at `at`, over `view`.
fn scene_of(
    data: &Dataset,
    index: &RouteIndex,
    at: koridor::Time,
    view: &Viewport,
) -> koridor::scene::Scene {
    let visible = |_: usize, _: &koridor::Corridor| true;
    let input = SceneInput {
        dataset: data,
        at,
        selected: None,
        hovered: None,
        visible: &visible,
        lang: koridor::Lang::En,
        scale: 1.0,
        index,
        keep_clear: &[],
        emphasised_only: false,
    };
    build_scene(&input, view)
}

/// The point nearest to `p` of the pieces of `line` that run along `direction` (either way,
/// within about 3°): where a route runs along a segment, not where it folds back nearby.
fn nearest_on(line: &[[f32; 2]], p: [f32; 2], direction: [f32; 2]) -> [f32; 2] {
    let mut best = (f32::INFINITY, p);
    for w in line.windows(2) {
        let (d, l2) = (
            [w[1][0] - w[0][0], w[1][1] - w[0][1]],
            (w[1][0] - w[0][0]).powi(2) + (w[1][1] - w[0][1]).powi(2),
        );
        let cross = (d[0] * direction[1] - d[1] * direction[0]) / l2.sqrt().max(1e-6);
        if cross.abs() > 0.05 {
            continue;
        }
        let t = if l2 > 0.0 {
            (((p[0] - w[0][0]) * d[0] + (p[1] - w[0][1]) * d[1]) / l2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let q = [w[0][0] + t * d[0], w[0][1] + t * d[1]];
        let dist = (q[0] - p[0]).hypot(q[1] - p[1]);
        if dist < best.0 {
            best = (dist, q);
        }
    }
    best.1
}

/// Each segment drawn at least 10 px long in `view` that two or more drawn routes share (as
/// the index finds them: ends at the same places), with those routes (ascending), its middle in
/// px and its direction (a unit vector). Every segment of the data that drawn routes share exactly is among them.
fn shared_segments(
    data: &Dataset,
    index: &RouteIndex,
    scene: &koridor::scene::Scene,
    view: &Viewport,
) -> Vec<(Vec<usize>, [f32; 2], [f32; 2])> {
    let drawn: Vec<usize> = scene.routes.iter().map(|(i, _)| *i).collect();
    let is_drawn = |j: &usize| drawn.contains(j);
    let mut exact: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    let mut found = Vec::new();
    for &i in &drawn {
        for (s, w) in data.corridors[i].line.0.windows(2).enumerate() {
            let (a, b) = (w[0], w[1]);
            let (p, q) = (
                view.to_px(LonLat::new(a.x, a.y).to_unit()),
                view.to_px(LonLat::new(b.x, b.y).to_unit()),
            );
            let length = (q[0] - p[0]).hypot(q[1] - p[1]);
            if length < 10.0 {
                continue;
            }
            let key = if (a.x, a.y) < (b.x, b.y) {
                format!("{a:?}{b:?}")
            } else {
                format!("{b:?}{a:?}")
            };
            exact.entry(key).or_default().push(i);
            let along: Vec<usize> = index
                .sharing(i, s)
                .iter()
                .copied()
                .filter(is_drawn)
                .collect();
            if along.len() > 1 && along[0] == i {
                let mid = [(p[0] + q[0]) / 2.0, (p[1] + q[1]) / 2.0];
                let direction = [(q[0] - p[0]) / length, (q[1] - p[1]) / length];
                found.push((along, mid, direction));
            }
        }
    }
    for routes in exact.values().filter(|r| r.len() > 1) {
        assert!(
            found
                .iter()
                .any(|(along, _, _)| routes.iter().all(|r| along.contains(r))),
            "{routes:?} share a segment the index does not know"
        );
    }
    found
}

/// Along every segment two or more drawn routes share, the first four are drawn at least 3 px
/// apart (measured beside the segment's middle); every count on the map is the number of routes
/// along a stretch shared by more than four. Returns how many crowded stretches are counted.
fn assert_side_by_side(data: &Dataset, at: koridor::Time, view: &Viewport) -> usize {
    let index = RouteIndex::new(data);
    let scene = scene_of(data, &index, at, view);
    let drawn = |i: usize| &scene.routes.iter().find(|(j, _)| *j == i).unwrap().1;
    let shared = shared_segments(data, &index, &scene, view);
    assert!(
        !shared.is_empty(),
        "the view has routes along the same road"
    );
    for (routes, mid, direction) in &shared {
        let lanes = routes.len().min(4);
        for a in 0..lanes {
            for b in a + 1..lanes {
                let (p, q) = (
                    nearest_on(drawn(routes[a]), *mid, *direction),
                    nearest_on(drawn(routes[b]), *mid, *direction),
                );
                assert!(
                    (p[0] - q[0]).hypot(p[1] - q[1]) >= 3.0,
                    "{} and {} overlap at {mid:?}",
                    data.corridors[routes[a]].id,
                    data.corridors[routes[b]].id
                );
            }
        }
    }
    let counts: Vec<usize> = scene
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Label { text, .. } => text.strip_prefix('×')?.parse().ok(),
            _ => None,
        })
        .collect();
    for n in &counts {
        assert!(
            shared
                .iter()
                .any(|(routes, _, _)| routes.len() == *n && *n > 4),
            "×{n} counts no crowded stretch"
        );
    }
    counts.len()
}

#[test]
fn routes_along_the_same_road_are_drawn_side_by_side_or_counted() {
    let view = Viewport::centred(
        LonLat::new(36.5, 47.3).to_unit(),
        8.0,
        [1600.0, 1000.0],
        1.0,
    );
    let counted = assert_side_by_side(&dense(), at(), &view);
    assert!(counted > 0, "a crowded road says how many routes share it");
}

#[test]
fn routes_sharing_only_part_of_a_road_are_drawn_side_by_side_there_and_on_their_own_line_elsewhere()
{
    // Sumy region to Poltava, 8 April 2022: four routes from four towns join one by one on
    // the road to Poltava.
    let data = Dataset::embedded().unwrap();
    let at: koridor::Time = "2022-04-08T12:00:00+03:00".parse().unwrap();
    let view = Viewport::centred(
        LonLat::new(33.8, 50.3).to_unit(),
        8.0,
        [1600.0, 1000.0],
        1.0,
    );
    assert_side_by_side(&data, at, &view);
    let scene = scene_of(&data, &RouteIndex::new(&data), at, &view);
    let id = |i: usize| data.corridors[i].id.as_str();
    let (trostianets, line) = scene
        .routes
        .iter()
        .find(|(i, _)| id(*i) == "trostianets-poltava")
        .expect("Trostianets → Poltava is drawn");
    assert!(
        scene
            .routes
            .iter()
            .any(|(i, _)| id(*i) == "konotop-poltava"),
        "Konotop → Poltava is drawn"
    );
    // Its first segment, from Trostianets, is its own: drawn on the data's line.
    let start = data.corridors[*trostianets].line.0[0];
    let start = view.to_px(LonLat::new(start.x, start.y).to_unit());
    assert!((line[0][0] - start[0]).hypot(line[0][1] - start[1]) < 0.01);
}

#[test]
fn every_route_of_the_dense_record_is_in_the_list_under_its_full_name() {
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dense.geojson");
    std::fs::write(&path, dense_text()).unwrap();
    let mut start = koridor::app::Startup::new(koridor::source::DataSource::File(path));
    start.at = Some(at());
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_eframe(|cc| koridor::app::KoridorApp::new(&cc.egui_ctx, start));
    harness.run_steps(4);
    let items: Vec<String> = harness
        .query_all_by(|n| n.role() == egui::accesskit::Role::ListItem)
        .filter_map(|n| egui_kittest::kittest::NodeT::accesskit_node(&n).label())
        .collect();
    assert_eq!(items.len(), 150);
    assert!(
        items
            .iter()
            .any(|l| l.starts_with(&format!("{LONG_NAME}, "))),
        "the long name in full"
    );
}
