//! Hostile input and faults on the file side, against the binary as a process: devices, FIFOs
//! and links where a file is expected, interrupted writes, long names, duplicate keys, other
//! encodings, and no display. Nothing may hang, panic or be overwritten.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn command(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_koridor"));
    command
        .current_dir(dir)
        .env("RUST_LOG", "off")
        .stdin(Stdio::null());
    command
}

/// Runs the binary; a run that has not ended within 60 s is killed and fails the test, so a
/// hang shows as a failure rather than a stuck suite.
fn run(mut command: Command) -> Output {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    finish(child, Duration::from_secs(60))
}

fn finish(child: Child, limit: Duration) -> Output {
    let pid = child.id().to_string();
    // Read the pipes while waiting, or a large output would block the child for ever.
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(child.wait_with_output()));
    match receive.recv_timeout(limit) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
            panic!("koridor did not end within {} s", limit.as_secs());
        }
    }
}

fn koridor(dir: &Path, args: &[&str]) -> Output {
    let mut command = command(dir);
    command.args(args);
    run(command)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

use common::file_names as names_in;

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success(), "mkfifo {}", path.display());
}

fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path)
        .unwrap()
        .file_type()
        .is_fifo()
}

/// The one-corridor fixture with `change` applied, written to `dir/name`.
fn dataset_with(dir: &Path, name: &str, change: impl FnOnce(&mut Value)) -> PathBuf {
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/valid.geojson"
    ))
    .unwrap();
    let mut value: Value = serde_json::from_slice(&text).unwrap();
    change(&mut value);
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_vec(&value).unwrap()).unwrap();
    path
}

fn set_name(value: &mut Value, name: &str) {
    value["features"][0]["properties"]["name"] = Value::String(name.to_owned());
}

#[test]
fn an_export_to_a_fifo_is_refused_and_the_fifo_kept() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.png");
    mkfifo(&fifo);
    let out = koridor(
        dir.path(),
        &["export", "--route", "kyiv-gomel", "--out", "out.png"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("a FIFO (named pipe), not a regular file"),
        "{}",
        stderr(&out)
    );
    assert!(is_fifo(&fifo), "the FIFO was replaced");
    assert_eq!(names_in(dir.path()), ["out.png"], "nothing else is left");
}

#[test]
fn an_export_to_a_device_is_refused_and_the_device_kept() {
    // A null device of our own (as root), so a regression could never break the real /dev/null.
    let dir = tempfile::tempdir().unwrap();
    let device = dir.path().join("null");
    let made = Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let target = if made.success() {
        device.clone()
    } else {
        // Not root: the real one, which the fix leaves alone.
        PathBuf::from("/dev/null")
    };
    let target_text = target.display().to_string();
    let out = koridor(
        dir.path(),
        &["export", "--route", "kyiv-gomel", "--out", &target_text],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("a device, not a regular file"),
        "{}",
        stderr(&out)
    );
    let kind = std::fs::symlink_metadata(&target).unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(&kind));
}

#[test]
fn an_export_through_a_planted_link_is_refused_and_the_link_target_kept() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("precious.txt");
    std::fs::write(&victim, "keep me").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join("out.png")).unwrap();
    let out = koridor(
        dir.path(),
        &["export", "--route", "kyiv-gomel", "--out", "out.png"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("a symbolic link"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert_eq!(names_in(dir.path()), ["out.png", "precious.txt"]);
}

#[test]
fn an_export_to_standard_output_writes_the_png_there_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = koridor(
        dir.path(),
        &[
            "export",
            "--route",
            "sumy-poltava",
            "--out",
            "-",
            "--width",
            "400",
            "--height",
            "300",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let decoder = png::Decoder::new(std::io::Cursor::new(&out.stdout));
    let reader = decoder.read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (400, 300));
    assert!(
        names_in(dir.path()).is_empty(),
        "no file named - or otherwise"
    );
}

#[test]
fn a_file_name_of_255_bytes_is_exported() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("{}.png", "k".repeat(251));
    let out = koridor(
        dir.path(),
        &[
            "export",
            "--route",
            "sumy-poltava",
            "--out",
            &name,
            "--width",
            "300",
            "--height",
            "200",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(names_in(dir.path()), [name]);
}

#[test]
fn an_interrupted_export_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    // Large enough that the PNG takes a while to encode into its temporary file.
    let child = command(dir.path())
        .args(["export", "--route", "kyiv-gomel", "--out", "big.png"])
        .args(["--width", "4000", "--height", "3000"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let caught = loop {
        let temp = names_in(dir.path()).iter().any(|n| n.ends_with(".tmp"));
        if temp {
            break true;
        }
        if start.elapsed() > Duration::from_secs(120)
            || names_in(dir.path()).contains(&"big.png".to_owned())
        {
            break false;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    assert!(
        caught,
        "the temporary file was never seen, so nothing was interrupted"
    );
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let out = finish(child, Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(
        names_in(dir.path()).is_empty(),
        "left behind: {:?}",
        names_in(dir.path())
    );
}

#[test]
fn a_disk_that_fills_during_an_export_is_an_error_naming_the_file_and_nothing_is_left() {
    let dir = tempfile::tempdir().unwrap();
    // A file size limit of 100 KiB (200 blocks of 512 bytes, as `sh` counts them) stands in
    // for a full disk: the PNG (about 390 KB) cannot be written past it. The signal such a
    // write raises is ignored, so the write fails with an error, as on a full disk.
    let mut command = Command::new("sh");
    command
        .current_dir(dir.path())
        .env("RUST_LOG", "off")
        .stdin(Stdio::null())
        .args(["-c", "trap '' XFSZ; ulimit -f 200; exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_koridor"))
        .args(["export", "--route", "kyiv-gomel", "--out", "kyiv.png"]);
    let out = run(command);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("koridor: kyiv.png: cannot write: "),
        "{}",
        stderr(&out)
    );
    assert!(
        names_in(dir.path()).is_empty(),
        "left: {:?}",
        names_in(dir.path())
    );
}

#[test]
fn a_fifo_given_as_the_dataset_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("corridors.geojson");
    mkfifo(&fifo);
    let out = koridor(dir.path(), &["validate", "corridors.geojson"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(
            "corridors.geojson: cannot read: this is a FIFO (named pipe), not a regular file"
        ),
        "{}",
        stdout(&out)
    );
    let out = koridor(dir.path(), &["list", "--data", "corridors.geojson"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("FIFO"), "{}", stderr(&out));
}

#[test]
fn a_name_too_long_to_show_is_a_validation_problem_naming_feature_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let long = "x".repeat(65_536);
    dataset_with(dir.path(), "long.geojson", |v| {
        set_name(v, &long);
        v["features"][0]["properties"]["id"] = Value::String("i".repeat(65_536));
    });
    let out = koridor(dir.path(), &["validate", "long.geojson"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.len() < 2000, "the long text is not echoed back");
    assert!(
        text.contains(
            "feature 0, field `properties.id`: 65536 characters; at most 100 are allowed for `id`"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "field `properties.name`: 65536 characters; at most 300 are allowed for `name`"
        ),
        "{text}"
    );
    let out = koridor(dir.path(), &["list", "--data", "long.geojson"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "refused, not a panic: {}",
        stderr(&out)
    );
}

#[test]
fn the_longest_allowed_names_list_and_export_without_trouble() {
    let dir = tempfile::tempdir().unwrap();
    let long = "Довга назва маршруту ".repeat(15);
    let long = long.chars().take(300).collect::<String>();
    dataset_with(dir.path(), "long.geojson", |v| {
        set_name(v, &long);
        v["features"][0]["properties"]["id"] = Value::String("s".repeat(100));
    });
    let out = koridor(dir.path(), &["list", "--data", "long.geojson"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains(&long));
    let id = "s".repeat(100);
    let out = koridor(
        dir.path(),
        &[
            "export",
            "--data",
            "long.geojson",
            "--route",
            &id,
            "--out",
            "a.png",
            "--width",
            "800",
            "--height",
            "500",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_key_given_twice_is_a_validation_problem() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/valid.geojson"
    ))
    .unwrap()
    .replace(
        "\"id\": \"sumy-poltava\",",
        "\"id\": \"sumy-belgorod\", \"id\": \"sumy-poltava\",",
    );
    std::fs::write(dir.path().join("twice.geojson"), text).unwrap();
    let out = koridor(dir.path(), &["validate", "twice.geojson"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains(
            "twice.geojson: feature 0 (sumy-poltava), field `properties.id`: `id` is given twice in one object"
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_utf8_byte_order_mark_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/valid.geojson"
        ))
        .unwrap(),
    );
    std::fs::write(dir.path().join("bom.geojson"), bytes).unwrap();
    let out = koridor(dir.path(), &["validate", "bom.geojson"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn a_utf16_file_is_named_as_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/valid.geojson"
    ))
    .unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(dir.path().join("utf16.geojson"), &bytes).unwrap();
    let out = koridor(dir.path(), &["validate", "utf16.geojson"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("utf16.geojson: the file is UTF-16 (little-endian); Koridor reads UTF-8: save the file as UTF-8"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_screenshot_that_cannot_be_written_fails_before_the_window_opens() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = command(dir.path());
    // A display is named (it need not exist): the screenshot's folder is checked first.
    command
        .env("DISPLAY", ":99")
        .args(["--screenshot", "no/such/folder/shot.png"]);
    let out = run(command);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("the screenshot was not saved: no/such/folder/shot.png: the folder no/such/folder does not exist"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn without_a_display_the_window_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let mut command = command(dir.path());
    command
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET");
    let out = run(command);
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("no display to open the window on"), "{text}");
    assert!(
        text.contains("set DISPLAY (X11) or WAYLAND_DISPLAY (Wayland)"),
        "{text}"
    );
    assert!(text.contains("koridor export"), "{text}");
}

#[test]
fn a_route_with_too_many_points_or_events_is_a_problem_not_a_stall() {
    let dir = tempfile::tempdir().unwrap();
    dataset_with(dir.path(), "big.geojson", |v| {
        let points: Vec<Value> = (0..20_001)
            .map(|i| serde_json::json!([30.0 + f64::from(i) * 1e-4, 50.0]))
            .collect();
        v["features"][0]["geometry"]["coordinates"] = Value::Array(points);
        let event = v["features"][0]["properties"]["events"][0].clone();
        v["features"][0]["properties"]["events"] = Value::Array(vec![event; 1001]);
        v["features"][0]["geometry"]["type"] = Value::String("LineString".into());
    });
    let out = koridor(dir.path(), &["validate", "big.geojson"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains("field `geometry.coordinates`: 20001 points; a route may have at most 20000"),
        "{text}"
    );
    assert!(
        text.contains(
            "field `properties.events`: 1001 items; at most 1000 are allowed in `events`"
        ),
        "{text}"
    );
}

#[test]
fn an_oversized_bad_value_is_not_echoed_whole() {
    let dir = tempfile::tempdir().unwrap();
    dataset_with(dir.path(), "type.geojson", |v| {
        v["features"][0]["geometry"]["type"] = Value::String("Polygon".repeat(100_000));
    });
    let out = koridor(dir.path(), &["validate", "type.geojson"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.len() < 1000, "{} bytes of message", text.len());
    assert!(text.contains("found PolygonPolygon"), "{text}");
    assert!(text.contains('…'), "{text}");
}
