//! The embedded dataset against the research, and the validator against broken datasets.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // test helpers may fail loudly

mod common;

use std::path::PathBuf;

use koridor::{Dataset, LoadError, Side, Status};

fn at(text: &str) -> koridor::Time {
    text.parse().expect("test time")
}

fn embedded() -> Dataset {
    Dataset::embedded().expect("embedded dataset validates")
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

use common::FIXED;

#[test]
fn embedded_dataset_validates_and_holds_the_six_announced_routes() {
    let data = embedded();
    for id in FIXED {
        let c = data.corridor(id).unwrap_or_else(|| panic!("{id} missing"));
        assert!(c.line.0.len() >= 2);
        assert!(!c.sources.is_empty(), "{id} cites no source");
    }
    assert!(
        data.corridors.len() >= 20,
        "the other researched corridors are there too"
    );
}

#[test]
fn four_of_the_six_announced_routes_lead_to_russia_or_belarus() {
    let data = embedded();
    let sides: Vec<Side> = FIXED
        .iter()
        .map(|id| data.corridor(id).unwrap().side())
        .collect();
    assert_eq!(
        sides,
        [
            Side::Belarus,
            Side::Russia,
            Side::UkrainianHeld,
            Side::Russia,
            Side::Russia,
            Side::UkrainianHeld
        ]
    );
    let (hostile, all) = data.count_into_russia_or_belarus(|c| FIXED.contains(&c.id.as_str()));
    assert_eq!((hostile, all), (4, 6));
}

#[test]
fn sumy_poltava_operates_on_8_march_and_is_closed_that_night() {
    let c = embedded().corridor("sumy-poltava").unwrap().clone();
    assert_eq!(
        c.status_at(at("2022-03-08T12:00:00+02:00")),
        Some(Status::Operating)
    );
    assert_eq!(
        c.status_at(at("2022-03-08T08:59:59+02:00")),
        Some(Status::Agreed)
    );
    assert_eq!(
        c.status_at(at("2022-03-08T21:00:00+02:00")),
        Some(Status::Closed)
    );
    assert_eq!(
        c.status_at(at("2022-03-06T12:00:00+02:00")),
        None,
        "not yet announced"
    );
}

#[test]
fn routes_into_russia_and_belarus_are_rejected_from_7_march() {
    let data = embedded();
    for id in [
        "kyiv-gomel",
        "mariupol-rostov",
        "kharkiv-belgorod",
        "sumy-belgorod",
    ] {
        let c = data.corridor(id).unwrap();
        assert_eq!(
            c.status_at(at("2022-03-07T06:00:00+02:00")),
            Some(Status::Proposed),
            "{id}"
        );
        for moment in [
            "2022-03-07T18:00:00+02:00",
            "2022-03-10T12:00:00+02:00",
            "2022-03-27T12:00:00+02:00",
        ] {
            // From 20 March people were moved from Mariupol into Russia: evacuation to Russia,
            // forced deportation to Ukraine. The record says so rather than "rejected".
            let expected = if id == "mariupol-rostov" && moment.starts_with("2022-03-27") {
                Status::Disputed
            } else {
                Status::Rejected
            };
            assert_eq!(c.status_at(at(moment)), Some(expected), "{id} at {moment}");
        }
        assert!(!c.criticism.is_empty(), "{id} carries the criticism");
    }
}

#[test]
fn mariupol_zaporizhzhia_fails_before_the_berdiansk_route_operates() {
    let data = embedded();
    let early = data.corridor("mariupol-zaporizhzhia-5-march").unwrap();
    assert_eq!(
        early.status_at(at("2022-03-06T23:00:00+02:00")),
        Some(Status::Failed)
    );
    let announced = data.corridor("mariupol-zaporizhzhia").unwrap();
    assert_eq!(
        announced.status_at(at("2022-03-08T18:00:00+02:00")),
        Some(Status::Failed)
    );
    let used = data
        .corridor("mariupol-zaporizhzhia-via-berdiansk")
        .unwrap();
    assert_eq!(used.status_at(at("2022-03-13T12:00:00+02:00")), None);
    assert_eq!(
        used.status_at(at("2022-03-15T20:00:00+02:00")),
        Some(Status::Operating)
    );
    // Nothing reported for 16 March: the day's corridor is over, it does not stay "operating".
    assert_eq!(
        used.status_at(at("2022-03-16T12:00:00+02:00")),
        Some(Status::Closed)
    );
    assert_eq!(
        used.status_at(at("2022-03-18T12:00:00+02:00")),
        Some(Status::Operating)
    );
    let names = used.names_in_order();
    assert_eq!(
        names,
        [
            "Mariupol",
            "Manhush",
            "Osypenko",
            "Berdiansk",
            "Tokmak",
            "Vasylivka",
            "Zaporizhzhia"
        ]
    );
}

#[test]
fn lengths_are_geodesic_along_the_waypoints() {
    let data = embedded();
    // Sumy → Holubivka → Nedryhailiv → Romny → Lokhvytsia → Lubny → Reshetylivka → Poltava
    // (Nedryhailiv and Reshetylivka are towns on the H-07 and M-03 roads), summed along the
    // ellipsoid; a straight Sumy–Poltava line would be ~175 km.
    let sumy = data.corridor("sumy-poltava").unwrap();
    assert!((sumy.length_km - 315.1).abs() < 0.5, "{}", sumy.length_km);
    // Kharkiv → Belgorod through the Hoptivka–Nekhoteevka crossing only.
    let kharkiv = data.corridor("kharkiv-belgorod").unwrap();
    assert!(
        (kharkiv.length_km - 73.9).abs() < 0.5,
        "{}",
        kharkiv.length_km
    );
}

#[test]
fn unverified_facts_are_marked_unverified() {
    let data = embedded();
    // Placed by Koridor, not named by a source: routing points are low confidence.
    let kharkiv = data.corridor("kharkiv-belgorod").unwrap();
    let crossing: Vec<(&str, koridor::Confidence)> = kharkiv
        .waypoints
        .iter()
        .map(|w| (w.name.en(), w.confidence))
        .collect();
    assert_eq!(
        crossing,
        [("Hoptivka–Nekhoteevka crossing", koridor::Confidence::Low)]
    );
    let gomel = data.corridor("kyiv-gomel").unwrap();
    let brahin = gomel
        .waypoints
        .iter()
        .find(|w| w.name.en() == "Brahin")
        .unwrap();
    assert_eq!(brahin.confidence, koridor::Confidence::Low);
    // Russia's own counts of people taken from Mariupol are one side's word.
    let rostov = data.corridor("mariupol-rostov").unwrap();
    let russian: Vec<u64> = rostov
        .evacuees
        .iter()
        .filter(|e| e.claimed_by.en().starts_with("Russian"))
        .map(|e| {
            assert_eq!(
                e.confidence,
                koridor::Confidence::Unverified,
                "{}",
                e.figure.count
            );
            e.figure.count
        })
        .collect();
    assert!(
        russian.starts_with(&[68_098, 100_000]) && russian.len() >= 5,
        "{russian:?}"
    );
    assert!(
        data.claims
            .iter()
            .filter(|c| c.claimed_by.starts_with("Russia ("))
            .all(|c| c.confidence == koridor::Confidence::Unverified)
    );
}

#[test]
fn every_source_link_is_http_or_absent() {
    for c in embedded().corridors {
        for s in &c.sources {
            if let Some(url) = &s.url {
                assert!(url.starts_with("https://") || url.starts_with("http://"));
            }
        }
    }
}

fn problems(name: &str) -> Vec<String> {
    match Dataset::load_path(&fixture(name)) {
        Ok(_) => panic!("{name} should be invalid"),
        Err(e) => e.lines(),
    }
}

#[test]
fn each_broken_fixture_reports_its_exact_problem() {
    let cases: &[(&str, &str)] = &[
        (
            "malformed-json.geojson",
            "line 3, column 24: malformed JSON: key must be a string",
        ),
        (
            "wrong-geometry-type.geojson",
            "feature 0 (sumy-poltava), field `geometry.type`: wrong geometry type: expected LineString, found Point",
        ),
        (
            "one-point.geojson",
            "feature 0 (sumy-poltava), field `geometry.coordinates`: a route needs at least two points, found 1",
        ),
        (
            "coordinates-out-of-range.geojson",
            "feature 0 (sumy-poltava), field `geometry.coordinates[1]`: latitude 149.574 is out of range (-90 to 90)",
        ),
        (
            "unknown-status.geojson",
            "feature 0 (sumy-poltava), field `properties.events[1].status`: unknown status \"open\" (expected one of: operating, agreed, proposed, disputed, failed, rejected, unreported, closed)",
        ),
        (
            "events-out-of-order.geojson",
            "feature 0 (sumy-poltava), field `properties.events[1].time`: events out of order: 2022-03-07T00:00:00+03:00 is before the previous event (2022-03-08T09:00:00+02:00)",
        ),
        (
            "duplicate-id.geojson",
            "feature 1 (sumy-poltava), field `properties.id`: duplicate id (also feature 0)",
        ),
        (
            "missing-id.geojson",
            "feature 0, field `properties.id`: missing",
        ),
        (
            "non-http-link.geojson",
            "feature 0 (sumy-poltava), field `properties.sources[0].url`: link \"javascript:alert(1)\" is not an http(s) URL",
        ),
        (
            "unknown-source.geojson",
            "feature 0 (sumy-poltava), field `properties.events[1].sources[0]`: unknown source id \"reuters-2022-03-08\" (not in properties.sources)",
        ),
    ];
    for (name, expected) in cases {
        let path = fixture(name).display().to_string();
        assert_eq!(problems(name), [format!("{path}: {expected}")], "{name}");
    }
}

#[test]
fn malformed_json_inside_a_well_bracketed_feature_is_placed_by_its_line_and_column_in_the_file() {
    // The features are found by their brackets and read one by one; a fault inside one is
    // still named where it is in the file, and is the only problem reported.
    let text = "{\"type\": \"FeatureCollection\",\n \"features\": [\n  {\"type\": \"Feature\"},\n  {\"type\": \"Feature\", \"id\": tru}\n ]}";
    let theirs = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
    assert_eq!((theirs.line(), theirs.column()), (4, 32));
    match Dataset::from_slice(text.as_bytes(), "inline") {
        Ok(_) => panic!("the text is not JSON"),
        Err(e) => assert_eq!(
            e.lines(),
            ["inline: line 4, column 32: malformed JSON: expected ident"]
        ),
    }
}

#[test]
fn an_unparseable_date_names_the_expected_form() {
    let lines = problems("bad-date.geojson");
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].contains("field `properties.events[1].time`: \"8 March 2022\" is not an RFC 3339 time with an offset"),
        "{}",
        lines[0]
    );
}

#[test]
fn every_problem_in_a_file_is_reported_at_once() {
    let lines = problems("several-problems.geojson");
    let fields: Vec<&str> = lines
        .iter()
        .map(|l| l.split('`').nth(1).unwrap_or_default())
        .collect();
    assert_eq!(
        fields,
        [
            "geometry.coordinates[0]",
            "properties.name",
            "properties.destination_country",
            "properties.events[1].status",
        ],
        "{lines:#?}"
    );
}

#[test]
fn a_file_over_50_mb_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.geojson");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(koridor::MAX_DATASET_BYTES + 1).unwrap();
    match Dataset::load_path(&path) {
        Err(LoadError::TooLarge { size, .. }) => assert_eq!(size, koridor::MAX_DATASET_BYTES + 1),
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

#[test]
fn a_missing_file_is_an_error_naming_it() {
    let err = Dataset::load_path(&fixture("no-such-file.geojson")).unwrap_err();
    assert!(
        err.to_string()
            .contains("no-such-file.geojson: cannot read"),
        "{err}"
    );
}

#[test]
fn the_valid_fixture_loads() {
    let data = Dataset::load_path(&fixture("valid.geojson")).unwrap();
    assert_eq!(data.corridors.len(), 1);
}

#[test]
fn status_changes_exactly_at_the_event_not_a_second_before() {
    let data = embedded();
    let cases = [
        (
            "sumy-poltava",
            "2022-03-08T09:00:00+02:00",
            Status::Agreed,
            Status::Operating,
        ),
        (
            "sumy-poltava",
            "2022-03-08T21:00:00+02:00",
            Status::Operating,
            Status::Closed,
        ),
        (
            "kyiv-gomel",
            "2022-03-07T12:00:00+02:00",
            Status::Proposed,
            Status::Rejected,
        ),
        (
            "izium-lozova",
            "2022-03-09T09:00:00+02:00",
            Status::Proposed,
            Status::Agreed,
        ),
    ];
    for (id, moment, before, after) in cases {
        let c = data.corridor(id).unwrap();
        let t = at(moment);
        assert_eq!(
            c.status_at(t - chrono::Duration::seconds(1)),
            Some(before),
            "{id} just before {moment}"
        );
        assert_eq!(c.status_at(t), Some(after), "{id} at {moment}");
    }
}

#[test]
fn the_timeline_spans_3_march_to_10_may_2022() {
    // From the agreement in principle of 3 March to the last UNHCR point of 10 May; criticism
    // made later (OHCHR's and HRW's assessments of September 2022) does not stretch it.
    let (start, end) = embedded().time_span().unwrap();
    assert_eq!(start.date_naive().to_string(), "2022-03-03");
    assert_eq!(end.date_naive().to_string(), "2022-05-10");
}

#[test]
fn ten_thousand_synthetic_corridors_load_and_validate() {
    let text = koridor::synth::synthetic_geojson(10_000, 3);
    let data = Dataset::from_slice(text.as_bytes(), "synthetic").unwrap();
    assert_eq!(data.corridors.len(), 10_000);
    assert!(
        data.corridors
            .iter()
            .all(|c| c.length_km > 0.0 && c.latest_status().is_some())
    );
}

#[test]
fn a_dataset_rewritten_while_it_is_read_loads_or_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("changing.geojson");
    let good = koridor::synth::synthetic_geojson(300, 5);
    std::fs::write(&path, &good).unwrap();
    let writer_path = path.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer_stop = std::sync::Arc::clone(&stop);
    let writer = std::thread::spawn(move || {
        let mut n = 0;
        while !writer_stop.load(std::sync::atomic::Ordering::Relaxed) && n < 2000 {
            // Truncate, then write in two halves: readers see empty, half and whole files.
            let (a, b) = good.split_at(good.len() / 2);
            std::fs::write(&writer_path, a).unwrap();
            std::fs::write(&writer_path, [a, b].concat()).unwrap();
            n += 1;
        }
    });
    let (mut ok, mut failed) = (0, 0);
    for _ in 0..200 {
        match Dataset::load_path(&path) {
            Ok(data) => {
                assert_eq!(
                    data.corridors.len(),
                    300,
                    "a half-read file must not load as valid"
                );
                ok += 1;
            }
            Err(e) => {
                assert!(e.to_string().contains("changing.geojson"), "{e}");
                failed += 1;
            }
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
    assert_eq!(ok + failed, 200);
}

/// The one-corridor fixture with these events and ceasefire windows.
fn with_history(events: serde_json::Value, ceasefire: serde_json::Value) -> Dataset {
    let text = std::fs::read(fixture("valid.geojson")).unwrap();
    let mut value: serde_json::Value = serde_json::from_slice(&text).unwrap();
    value["features"][0]["properties"]["events"] = events;
    value["features"][0]["properties"]["ceasefire"] = ceasefire;
    Dataset::from_slice(&serde_json::to_vec(&value).unwrap(), "history").unwrap()
}

#[test]
fn an_agreed_window_that_ended_with_no_outcome_shows_outcome_not_reported() {
    let data = with_history(
        serde_json::json!([
            {"time": "2022-03-08T08:00:00+02:00", "status": "proposed", "note": "Offered.", "sources": ["ria-2022-03-08"]},
            {"time": "2022-03-09T08:00:00+02:00", "status": "agreed", "note": "Agreed.", "sources": ["ria-2022-03-08"]}
        ]),
        serde_json::json!([{"start": "2022-03-09T09:00:00+02:00", "end": "2022-03-09T21:00:00+02:00"}]),
    );
    let c = &data.corridors[0];
    assert_eq!(
        c.status_at(at("2022-03-09T20:59:00+02:00")),
        Some(Status::Agreed)
    );
    assert_eq!(
        c.status_at(at("2022-03-09T21:00:00+02:00")),
        Some(Status::Unreported)
    );
    assert_eq!(
        c.status_at(at("2022-03-20T12:00:00+02:00")),
        Some(Status::Unreported)
    );
}

#[test]
fn opposite_outcomes_from_two_claimants_on_one_day_show_disputed() {
    let data = with_history(
        serde_json::json!([
            {"time": "2022-03-10T08:00:00+02:00", "status": "agreed", "note": "Agreed.", "sources": ["ria-2022-03-08"]},
            {"time": "2022-03-10T12:00:00+02:00", "status": "operating", "note": "Buses left.", "claimed_by": "Ukraine", "sources": ["ria-2022-03-08"]},
            {"time": "2022-03-10T18:00:00+02:00", "status": "failed", "note": "Not observed.", "claimed_by": "Russia", "sources": ["ria-2022-03-08"]}
        ]),
        serde_json::json!([]),
    );
    let c = &data.corridors[0];
    assert_eq!(
        c.status_at(at("2022-03-10T13:00:00+02:00")),
        Some(Status::Operating)
    );
    assert_eq!(
        c.status_at(at("2022-03-10T19:00:00+02:00")),
        Some(Status::Disputed)
    );
    // The same claimant correcting itself is not a dispute.
    let data = with_history(
        serde_json::json!([
            {"time": "2022-03-10T12:00:00+02:00", "status": "operating", "note": "Buses left.", "claimed_by": "Ukraine", "sources": ["ria-2022-03-08"]},
            {"time": "2022-03-10T18:00:00+02:00", "status": "failed", "note": "Shelled.", "claimed_by": "Ukraine", "sources": ["ria-2022-03-08"]}
        ]),
        serde_json::json!([]),
    );
    assert_eq!(
        data.corridors[0].status_at(at("2022-03-10T19:00:00+02:00")),
        Some(Status::Failed)
    );
}

#[test]
fn the_officials_daily_tallies_are_kept_per_claimant_with_their_evidence() {
    let data = embedded();
    let day = chrono::NaiveDate::from_ymd_opt(2022, 3, 12).unwrap();
    let of_day: Vec<&koridor::Tally> = data.tallies.iter().filter(|t| t.date == day).collect();
    let vereshchuk = of_day
        .iter()
        .find(|t| t.claimed_by.en().starts_with("Iryna Vereshchuk"))
        .unwrap();
    assert_eq!(
        (vereshchuk.worked, vereshchuk.announced),
        (Some(9), Some(14))
    );
    // Two claimants on one day stay two tallies.
    assert!(
        of_day
            .iter()
            .any(|t| t.claimed_by.en().starts_with("Volodymyr Zelensky"))
    );
    for t in &data.tallies {
        assert!(!t.sources.is_empty(), "{} {}", t.date, t.claimed_by);
        assert!(
            t.sources
                .iter()
                .all(|s| s.url.is_some() && s.excerpt.is_some()),
            "{} {}: every source has its page and words",
            t.date,
            t.claimed_by
        );
    }
}

#[test]
fn a_tally_without_a_source_is_a_problem_naming_the_member() {
    let text = std::fs::read(fixture("valid.geojson")).unwrap();
    let mut value: serde_json::Value = serde_json::from_slice(&text).unwrap();
    value["tallies"] =
        serde_json::json!([{"date": "2022-03-12", "claimed_by": "Someone", "worked": "nine"}]);
    let err = Dataset::from_slice(&serde_json::to_vec(&value).unwrap(), "t.geojson").unwrap_err();
    let lines = err.lines();
    assert!(
        lines.contains(
            &"t.geojson: field `tallies[0].worked`: expected a whole number, 0 or more".to_owned()
        ),
        "{lines:?}"
    );
    assert!(
        lines.contains(
            &"t.geojson: field `tallies[0].sources`: a tally needs at least one source".to_owned()
        ),
        "{lines:?}"
    );
}

#[test]
fn an_unknown_geometry_basis_or_evacuee_qualifier_is_a_problem_naming_the_field() {
    let text = std::fs::read(fixture("valid.geojson")).unwrap();
    let mut value: serde_json::Value = serde_json::from_slice(&text).unwrap();
    let props = &mut value["features"][0]["properties"];
    props["geometry_basis"] = serde_json::json!("approximate");
    props["evacuees"] = serde_json::json!([
        {"date": "2022-03-08", "count": 5000, "qualifier": "roughly", "claimed_by": "Ukraine",
         "sources": ["ria-2022-03-08"]}
    ]);
    let err = Dataset::from_slice(&serde_json::to_vec(&value).unwrap(), "t.geojson").unwrap_err();
    let lines = err.lines();
    assert_eq!(
        lines,
        vec![
            "t.geojson: feature 0 (sumy-poltava), field `properties.geometry_basis`: unknown geometry basis \"approximate\" (expected announced, reported or schematic)".to_owned(),
            "t.geojson: feature 0 (sumy-poltava), field `properties.evacuees[0].qualifier`: unknown qualifier \"roughly\" (expected exact, about or more than)".to_owned(),
        ],
    );
}
