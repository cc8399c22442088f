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

#[test]
fn routes_along_the_same_road_are_drawn_side_by_side_or_counted() {
    let data = dense();
    let index = RouteIndex::new(&data);
    let visible = |_: usize, _: &koridor::Corridor| true;
    let input = SceneInput {
        dataset: &data,
        at: at(),
        selected: None,
        hovered: None,
        visible: &visible,
        lang: koridor::Lang::En,
        scale: 1.0,
        index: &index,
        keep_clear: &[],
        emphasised_only: false,
    };
    let view = Viewport::centred(
        LonLat::new(36.5, 47.3).to_unit(),
        8.0,
        [1600.0, 1000.0],
        1.0,
    );
    let scene = build_scene(&input, &view);
    // Group the drawn routes by the line they have in the data.
    let mut roads: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
    for (i, _) in &scene.routes {
        roads
            .entry(format!("{:?}", data.corridors[*i].line.0))
            .or_default()
            .push(*i);
    }
    let drawn = |i: usize| &scene.routes.iter().find(|(j, _)| *j == i).unwrap().1;
    let shared: Vec<&Vec<usize>> = roads.values().filter(|r| r.len() > 1).collect();
    assert!(
        !shared.is_empty(),
        "the dense record has routes along the same road"
    );
    let mut counted = 0;
    for road in shared {
        // Up to four lanes: the first four are each drawn apart, at least 3 px from each other.
        let lanes = road.len().min(4);
        for a in 0..lanes {
            for b in a + 1..lanes {
                let (p, q) = (drawn(road[a]), drawn(road[b]));
                let apart = p
                    .iter()
                    .zip(q)
                    .all(|(u, v)| (u[0] - v[0]).hypot(u[1] - v[1]) >= 3.0);
                assert!(
                    apart,
                    "{} and {} overlap",
                    data.corridors[road[a]].id, data.corridors[road[b]].id
                );
            }
        }
        if road.len() > 4 {
            let text = format!("×{}", road.len());
            if scene
                .items
                .iter()
                .any(|item| matches!(item, Item::Label { text: t, .. } if *t == text))
            {
                counted += 1;
            }
        }
    }
    assert!(counted > 0, "a crowded road says how many routes share it");
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
