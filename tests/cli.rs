//! The `koridor` binary run as a process, as scripts and users run it.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)] // test helpers may fail loudly

use std::path::PathBuf;
use std::process::{Command, Output};

fn koridor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_koridor"))
        .args(args)
        .env("RUST_LOG", "off")
        .output()
        .expect("binary runs")
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn list_prints_every_corridor_with_status_and_length() {
    let out = koridor(&["list"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let data = koridor::Dataset::embedded().unwrap();
    // The status as of the dataset's latest event (a window that ended by then no longer shows
    // as in force).
    let at = data.latest_event().unwrap();
    for c in &data.corridors {
        let line = text
            .lines()
            .find(|l| l.starts_with(&format!("{} ", c.id)))
            .unwrap_or_else(|| panic!("{} not listed", c.id));
        assert!(line.contains(&format!("{:.1}", c.length_km)), "{line}");
        assert!(line.contains(c.status_at(at).unwrap().as_str()), "{line}");
    }
}

#[test]
fn list_json_has_the_contract_fields_and_follows_date() {
    let out = koridor(&["list", "--json", "--date", "2022-03-08T12:00:00+02:00"]);
    assert_eq!(out.status.code(), Some(0));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        rows.len(),
        koridor::Dataset::embedded().unwrap().corridors.len()
    );
    for row in &rows {
        for key in [
            "id",
            "name",
            "origin",
            "destination",
            "destination_country",
            "status",
            "length_km",
            "sources",
            "kind",
        ] {
            assert!(row.get(key).is_some(), "{key} missing in {row}");
        }
    }
    let sumy = rows.iter().find(|r| r["id"] == "sumy-poltava").unwrap();
    assert_eq!(sumy["status"], "operating");
    assert_eq!(sumy["destination_country"], "UA");
    let gomel = rows.iter().find(|r| r["id"] == "kyiv-gomel").unwrap();
    assert_eq!(gomel["status"], "rejected");
    assert_eq!(gomel["kind"], "evacuation");
    assert!(gomel["length_km"].as_f64().unwrap() > 200.0);
    assert!(!gomel["sources"].as_array().unwrap().is_empty());
}

#[test]
fn list_reads_another_dataset_with_data() {
    let out = koridor(&["list", "--json", "--data", &fixture("valid.geojson")]);
    assert_eq!(out.status.code(), Some(0));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows.len(), 1);
}

#[test]
fn validate_a_good_file_exits_0_with_a_summary_line() {
    let out = koridor(&["validate", &fixture("valid.geojson")]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        format!(
            "{}: valid, 1 corridors, 2 events\n",
            fixture("valid.geojson")
        )
    );
}

#[test]
fn validate_the_embedded_dataset_file_exits_0() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/corridors.geojson");
    let out = koridor(&["validate", &path.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn validate_a_bad_file_exits_1_with_every_problem_one_a_line() {
    let path = fixture("several-problems.geojson");
    let out = koridor(&["validate", &path]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(
        text.lines()
            .all(|l| l.starts_with(&format!("{path}: feature 0"))),
        "{text}"
    );
}

#[test]
fn every_fixture_but_the_valid_one_fails_validation() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let out = koridor(&["validate", &path.display().to_string()]);
        let expected = if name == "valid.geojson" { 0 } else { 1 };
        assert_eq!(
            out.status.code(),
            Some(expected),
            "{name}: {}",
            stdout(&out)
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        koridor(&["list", "--date", "yesterday"]).status.code(),
        Some(2)
    );
    assert_eq!(koridor(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(koridor(&["validate"]).status.code(), Some(2));
}

#[test]
fn a_bad_data_file_makes_list_fail_with_the_file_named() {
    let out = koridor(&["list", "--data", &fixture("missing-id.geojson")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing-id.geojson"));
}

#[test]
fn list_json_gives_each_corridor_day_by_day_with_its_result_and_claimants() {
    let out = koridor(&["list", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let day = |id: &str, date: &str| -> serde_json::Value {
        let row = rows.iter().find(|r| r["id"] == id).unwrap();
        row["days"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["date"] == date)
            .unwrap_or_else(|| panic!("{id} has no day {date}"))
            .clone()
    };
    let eighth = day("sumy-poltava", "2022-03-08");
    assert_eq!(eighth["result"], "operating");
    assert_eq!(eighth["windows"].as_array().unwrap().len(), 1);
    assert_eq!(eighth["windows"][0]["start"], "2022-03-08T09:00:00+02:00");
    assert_eq!(day("sumy-poltava", "2022-03-15")["result"], "unreported");
    let rostov = day("mariupol-rostov", "2022-03-07");
    assert_eq!(rostov["result"], "rejected");
    assert_eq!(rostov["announcements"][0]["status"], "proposed");
    assert_eq!(
        rostov["announcements"][0]["claimed_by"],
        "Russian Defence Ministry"
    );
    assert_eq!(day("mariupol-rostov", "2022-03-20")["result"], "disputed");
    // Every corridor has its days, in order.
    for row in &rows {
        let dates: Vec<&str> = row["days"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["date"].as_str().unwrap())
            .collect();
        assert!(!dates.is_empty(), "{} has no days", row["id"]);
        assert!(dates.windows(2).all(|w| w[0] < w[1]), "{dates:?}");
    }
}
