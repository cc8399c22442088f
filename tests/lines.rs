//! Honest lines: every route of the embedded dataset is checked against the embedded country
//! polygons (Ukraine with Crimea). A route into Russia or Belarus crosses Ukraine's border once;
//! a route inside Ukraine stays inside; no line crosses the sea.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use geo::{Contains, Coord, LineString, MultiPolygon, Point, Polygon};
use koridor::basemap::Basemap;
use koridor::projection::{LonLat, UnitPoint};
use koridor::{Dataset, Side};

/// The country polygons in unit Web Mercator, as the map draws them.
fn countries() -> Vec<(String, MultiPolygon<f64>)> {
    let basemap = Basemap::embedded().unwrap();
    basemap
        .countries
        .iter()
        .map(|c| {
            let polygons = c
                .polygons
                .iter()
                .map(|p| {
                    let ring = |r: &koridor::basemap::Detailed| {
                        LineString::from(r.points.iter().map(|p| p.coord()).collect::<Vec<Coord>>())
                    };
                    let mut rings = p.rings.iter();
                    let outer = rings
                        .next()
                        .map(ring)
                        .unwrap_or_else(|| LineString::new(vec![]));
                    Polygon::new(outer, rings.map(ring).collect())
                })
                .collect();
            (c.a3.clone(), MultiPolygon(polygons))
        })
        .collect()
}

/// The country under each point about every kilometre along `line` ("sea" where there is none).
fn countries_along(
    line: &LineString<f64>,
    countries: &[(String, MultiPolygon<f64>)],
) -> Vec<String> {
    let mut out = Vec::new();
    for segment in line.lines() {
        let (a, b) = (segment.start, segment.end);
        // About 1 km a step: a degree of latitude is 111 km.
        let degrees = ((b.x - a.x).powi(2) + (b.y - a.y).powi(2)).sqrt();
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a few hundred steps"
        )]
        let steps = ((degrees * 111.0).ceil() as usize).max(1);
        for i in 0..steps {
            #[expect(clippy::cast_precision_loss, reason = "a few hundred steps")]
            let t = i as f64 / steps as f64;
            let UnitPoint { x, y } =
                LonLat::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t).to_unit();
            let point = Point::new(x, y);
            let here = countries
                .iter()
                .find(|(_, shape)| shape.contains(&point))
                .map_or_else(|| "sea".to_owned(), |(a3, _)| a3.clone());
            if out.last() != Some(&here) {
                out.push(here);
            }
        }
    }
    out
}

#[test]
fn every_route_keeps_to_its_countries_and_off_the_sea() {
    let data = Dataset::embedded().unwrap();
    let countries = countries();
    let mut wrong = Vec::new();
    for c in &data.corridors {
        let passes = countries_along(&c.line, &countries);
        let expected: &[&str] = match c.side() {
            Side::Russia => &["UKR", "RUS"],
            Side::Belarus => &["UKR", "BLR"],
            _ => &["UKR"],
        };
        if passes != expected {
            wrong.push(format!(
                "{}: passes {passes:?}, expected {expected:?}",
                c.id
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_check_sees_a_line_over_the_sea_and_a_second_crossing() {
    // The rule itself is tested: a line from Mariupol straight to Taganrog runs over the sea, and
    // one from Kyiv to Gomel by way of Chernihiv oblast crosses the border more than once.
    let countries = countries();
    let sea = LineString::from(vec![(37.54, 47.10), (38.90, 47.22)]);
    assert!(countries_along(&sea, &countries).contains(&"sea".to_owned()));
    let twice = LineString::from(vec![
        (30.52, 50.45),
        (30.44, 51.335),
        (31.30, 51.60),
        (30.98, 52.43),
    ]);
    let passes = countries_along(&twice, &countries);
    assert!(passes.len() > 2, "{passes:?}");
}
