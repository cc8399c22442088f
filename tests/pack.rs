//! Share packs and atlases through the binary: the files and their names, the folder that
//! appears whole or not at all, failures that do not stop an atlas. With the `gis-tools`
//! feature (CI installs Debian's gdal-bin) the route files go through GDAL's `ogrinfo`, as QGIS
//! reads them.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Output;

const AT: &str = "2022-03-08T12:00:00+02:00";

fn koridor(args: &[&str], dir: &Path) -> Output {
    common::koridor_in(dir, args, &[])
}

use common::file_names as names;

#[test]
fn a_share_pack_is_one_folder_of_named_files_for_phone_print_captions_and_maps() {
    let dir = tempfile::tempdir().unwrap();
    let out = koridor(&["pack", "--route", "kyiv-gomel", "--date", AT], dir.path());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(names(dir.path()), ["koridor_kyiv-gomel_20220308"]);
    let folder = dir.path().join("koridor_kyiv-gomel_20220308");
    let stem = "koridor_kyiv-gomel_20220308";
    let mut want: Vec<String> = [
        "_1080x1350.png",
        "_a4.pdf",
        "_caption.txt",
        "_alt.txt",
        ".geojson",
        ".kml",
        ".gpx",
    ]
    .iter()
    .map(|end| format!("{stem}{end}"))
    .collect();
    want.sort();
    assert_eq!(names(&folder), want);
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 7);

    let png = std::fs::File::open(folder.join(format!("{stem}_1080x1350.png"))).unwrap();
    let reader = png::Decoder::new(std::io::BufReader::new(png))
        .read_info()
        .unwrap();
    assert_eq!((reader.info().width, reader.info().height), (1080, 1350));
    let pdf = std::fs::read(folder.join(format!("{stem}_a4.pdf"))).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let caption = std::fs::read_to_string(folder.join(format!("{stem}_caption.txt"))).unwrap();
    assert!(
        caption.contains("Kyiv → Gomel: On 8 March 2022 12:00: rejected"),
        "{caption}"
    );
    assert!(caption.contains("Київ → Гомель: "), "{caption}");
    assert!(caption.contains("Reuters"), "{caption}");
    let alt = std::fs::read_to_string(folder.join(format!("{stem}_alt.txt"))).unwrap();
    assert!(
        alt.contains("crossing into Belarus") && alt.contains("Білорусь"),
        "{alt}"
    );
    let geojson: serde_json::Value =
        serde_json::from_slice(&std::fs::read(folder.join(format!("{stem}.geojson"))).unwrap())
            .unwrap();
    assert_eq!(geojson["features"][0]["properties"]["status"], "rejected");

    // A second pack of the same route and day is refused; the first is kept as it was.
    let again = koridor(&["pack", "--route", "kyiv-gomel", "--date", AT], dir.path());
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    assert_eq!(names(dir.path()), ["koridor_kyiv-gomel_20220308"]);
    assert_eq!(names(&folder).len(), 7);
}

#[test]
fn a_pack_that_cannot_be_made_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("not-a-folder"), "x").unwrap();
    let out = koridor(
        &[
            "pack",
            "--route",
            "kyiv-gomel",
            "--date",
            AT,
            "--out",
            "not-a-folder",
        ],
        dir.path(),
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot make a folder"));
    assert_eq!(names(dir.path()), ["not-a-folder"]);
    let out = koridor(&["pack", "--route", "nowhere", "--date", AT], dir.path());
    assert!(!out.status.success());
    assert_eq!(names(dir.path()), ["not-a-folder"]);
}

#[test]
fn an_atlas_of_every_day_goes_on_past_a_failure_and_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = koridor::Dataset::embedded().unwrap();
    let route = data.corridor("sumy-poltava").unwrap();
    let first = route.events.first().unwrap().time;
    let last = route.events.last().unwrap().time;
    let days = (last.date_naive() - first.date_naive()).num_days() + 1;
    // The second day's folder is in the way: that pack fails, the others are written.
    let second = first + chrono::Duration::days(1);
    let blocked = format!("koridor_sumy-poltava_{}", second.format("%Y%m%d"));
    std::fs::create_dir(dir.path().join(&blocked)).unwrap();
    let out = koridor(
        &["atlas", "--route", "sumy-poltava", "--every-day"],
        dir.path(),
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("{} of {days} packs written", days - 1)),
        "{err}"
    );
    assert!(
        err.contains("1 failed") && err.contains("exists already"),
        "{err}"
    );
    assert_eq!(names(dir.path()).len(), usize::try_from(days).unwrap());
    assert_eq!(
        names(&dir.path().join(&blocked)).len(),
        0,
        "the blocking folder was touched"
    );
}

#[cfg(feature = "gis-tools")]
#[test]
fn gdal_reads_the_route_files_as_qgis_would() {
    let dir = tempfile::tempdir().unwrap();
    let out = koridor(&["pack", "--route", "kyiv-gomel", "--date", AT], dir.path());
    assert!(out.status.success());
    let folder = dir.path().join("koridor_kyiv-gomel_20220308");
    let data = koridor::Dataset::embedded().unwrap();
    let points = data.corridor("kyiv-gomel").unwrap().line.0.len();
    let ogr = |args: &[&str]| -> String {
        let out = std::process::Command::new("ogrinfo")
            .args(["-ro", "-so"])
            .args(args)
            .current_dir(&folder)
            .output()
            .unwrap_or_else(|e| panic!("ogrinfo did not start ({e}): .ci/run installs gdal-bin"));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let kml = ogr(&["-al", "koridor_kyiv-gomel_20220308.kml"]);
    assert!(kml.contains("Feature Count: 3"), "{kml}");
    let routes = ogr(&["koridor_kyiv-gomel_20220308.gpx", "routes"]);
    assert!(routes.contains("Feature Count: 1"), "{routes}");
    let route_points = ogr(&["koridor_kyiv-gomel_20220308.gpx", "route_points"]);
    assert!(
        route_points.contains(&format!("Feature Count: {points}")),
        "{route_points}"
    );
    let geojson = ogr(&["-al", "koridor_kyiv-gomel_20220308.geojson"]);
    assert!(
        geojson.contains("Geometry: Line String") && geojson.contains("status_sentence"),
        "{geojson}"
    );
}
