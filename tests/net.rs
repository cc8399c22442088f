//! Datasets and tiles over HTTP, against servers these tests start on 127.0.0.1 — never the
//! internet: served, revalidated, broken, oversized, slow, gone.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{Reply, Server, closed_port};
use koridor::net::{
    Freshness, Problem, RemoteError, RemoteOptions, TileChoice, TileFetchOptions, fetch,
    fetch_tiles,
};

fn valid() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/valid.geojson"
    ))
    .unwrap()
}

fn options(dir: &std::path::Path) -> RemoteOptions {
    RemoteOptions {
        timeout: Duration::from_secs(2),
        max_bytes: 1_000_000,
        cache_dir: dir.to_path_buf(),
    }
}

/// A server whose reply can be changed while it runs.
fn switchable(first: Reply) -> (Server, Arc<Mutex<Reply>>) {
    let reply = Arc::new(Mutex::new(first));
    let current = Arc::clone(&reply);
    let server = Server::start(move |req| {
        let reply = current.lock().unwrap().clone();
        let etag = reply
            .headers
            .iter()
            .find(|(n, _)| n == "ETag")
            .map(|(_, v)| v.clone());
        if etag.is_some() && req.header("If-None-Match") == etag.as_deref() {
            return Reply {
                status: 304,
                body: Vec::new(),
                ..Reply::default()
            };
        }
        reply
    });
    (server, reply)
}

#[test]
fn a_remote_dataset_is_fetched_then_revalidated_with_its_etag() {
    let dir = tempfile::tempdir().unwrap();
    let (server, _) = switchable(Reply::ok(valid()).header("ETag", "\"v1\""));
    let url = server.url("/corridors.geojson");
    let first = fetch(&url, &options(dir.path())).unwrap();
    assert_eq!(first.freshness, Freshness::Downloaded);
    assert_eq!(first.dataset.corridors.len(), 1);
    let second = fetch(&url, &options(dir.path())).unwrap();
    assert_eq!(second.freshness, Freshness::Revalidated);
    let requests = server.requests.lock().unwrap();
    assert_eq!(requests[1].header("If-None-Match"), Some("\"v1\""));
    assert!(
        requests[0]
            .header("User-Agent")
            .unwrap()
            .starts_with("Koridor/")
    );
}

#[test]
fn a_broken_replacement_is_rejected_and_the_good_copy_survives() {
    let dir = tempfile::tempdir().unwrap();
    let (server, reply) = switchable(Reply::ok(valid()));
    let url = server.url("/c.geojson");
    fetch(&url, &options(dir.path())).unwrap();
    *reply.lock().unwrap() = Reply::ok(b"{ this is not json".to_vec());
    match fetch(&url, &options(dir.path())) {
        Err(RemoteError::Invalid(e)) => assert!(e.to_string().contains("malformed JSON"), "{e}"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    // The server goes away: the last good copy is used, and says why.
    drop(server);
    std::thread::sleep(Duration::from_millis(50));
    let cached = fetch(&url, &options(dir.path())).unwrap();
    assert_eq!(cached.dataset.corridors.len(), 1);
    match cached.freshness {
        Freshness::Cached { reason, .. } => {
            assert!(reason.contains("cannot be reached"), "{reason}");
        }
        other => panic!("expected the cached copy, got {other:?}"),
    }
}

#[test]
fn a_server_error_falls_back_to_the_cached_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (server, reply) = switchable(Reply::ok(valid()));
    let url = server.url("/c.geojson");
    fetch(&url, &options(dir.path())).unwrap();
    *reply.lock().unwrap() = Reply::status(500);
    let cached = fetch(&url, &options(dir.path())).unwrap();
    assert!(
        matches!(cached.freshness, Freshness::Cached { ref reason, .. } if reason.contains("500"))
    );
}

#[test]
fn an_oversized_dataset_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(|_| Reply::ok(vec![b' '; 5000]));
    let mut small = options(dir.path());
    small.max_bytes = 1000;
    let err = fetch(&server.url("/big.geojson"), &small).unwrap_err();
    assert!(matches!(err, RemoteError::TooLarge { .. }), "{err}");
    assert!(err.to_string().contains("more than 1000 bytes"), "{err}");
}

#[test]
fn a_slow_server_hits_the_time_limit() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(|_| Reply {
        delay: Duration::from_secs(5),
        ..Reply::ok(valid())
    });
    let mut quick = options(dir.path());
    quick.timeout = Duration::from_millis(500);
    let started = std::time::Instant::now();
    let err = fetch(&server.url("/slow.geojson"), &quick).unwrap_err();
    assert!(
        err.to_string().contains("no answer within")
            || err.to_string().contains("no complete answer"),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the time limit was not applied"
    );
}

#[test]
fn an_unwritable_cache_folder_does_not_stop_a_download() {
    let dir = tempfile::tempdir().unwrap();
    // The cache folder would have to be created inside a regular file: impossible.
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"x").unwrap();
    let mut opts = options(dir.path());
    opts.cache_dir = blocker.join("datasets");
    let server = Server::start(|_| Reply::ok(valid()));
    let fetched = fetch(&server.url("/c.geojson"), &opts).unwrap();
    assert_eq!(fetched.freshness, Freshness::Downloaded);
    assert!(!opts.cache_dir.exists());
}

#[test]
fn a_connection_reset_without_a_cached_copy_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(|_| Reply {
        reset: true,
        ..Reply::default()
    });
    let err = fetch(&server.url("/c.geojson"), &options(dir.path())).unwrap_err();
    assert!(matches!(err, RemoteError::Unavailable { .. }), "{err}");
    assert!(
        err.to_string().starts_with(&server.url("/c.geojson")),
        "{err}"
    );
}

#[test]
fn plain_http_to_another_host_is_refused_without_a_request() {
    let dir = tempfile::tempdir().unwrap();
    let err = fetch("http://example.org/c.geojson", &options(dir.path())).unwrap_err();
    assert!(matches!(err, RemoteError::Insecure { .. }));
}

#[test]
fn validate_and_list_accept_a_url() {
    let server = Server::start(|_| Reply::ok(valid()));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_koridor"))
        .args(["validate", &server.url("/c.geojson")])
        .env("XDG_CACHE_HOME", tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("valid, 1 corridors"));
}

/// A dataset, or a tile, every request of which is answered `reply`.
fn always(reply: Reply) -> Server {
    Server::start(move |_| reply.clone())
}

fn redirect_to(location: String) -> Server {
    Server::start(move |_| Reply::status(302).header("Location", &location))
}

fn png_bytes(side: u32) -> Vec<u8> {
    let rgba: Vec<u8> = (0..side * side)
        .flat_map(|_| [30u8, 90, 200, 255])
        .collect();
    koridor::raster::encode_png(side, side, &rgba, &[]).unwrap()
}

fn tile_options(cache: &std::path::Path, deadline: Duration) -> TileFetchOptions {
    TileFetchOptions {
        deadline,
        cache_dir: cache.to_path_buf(),
        ..TileFetchOptions::default()
    }
}

fn keys(n: u32) -> Vec<(u8, u32, u32)> {
    (0..n).map(|i| (6, 36 + i % 8, 20 + i / 8)).collect()
}

fn run_koridor(args: &[&str], cache: &std::path::Path, env: &[(&str, &str)]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_koridor"))
        .args(args)
        .current_dir(dir.path())
        .env("XDG_CACHE_HOME", cache)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text)
}

fn export_args(template: &str) -> Vec<String> {
    [
        "export",
        "--route",
        "kyiv-gomel",
        "--out",
        "a.png",
        "--width",
        "1600",
        "--height",
        "1000",
        "--tiles",
        template,
    ]
    .map(str::to_owned)
    .to_vec()
}

#[test]
fn an_export_over_a_dead_tile_server_ends_within_its_deadline() {
    // The server accepts every connection and never answers.
    let server = always(Reply {
        delay: Duration::from_secs(120),
        ..Reply::status(200)
    });
    let cache = tempfile::tempdir().unwrap();
    let args = export_args(&server.url("/{z}/{x}/{y}.png"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let started = std::time::Instant::now();
    let (code, text) = run_koridor(&args, cache.path(), &[("KORIDOR_TILE_DEADLINE", "2")]);
    assert_eq!(code, 0, "{text}");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "a 2 s deadline took {:?}",
        started.elapsed()
    );
    assert!(text.contains("could not be had"), "{text}");
    assert!(
        text.contains("first problem: no answer within 2 s"),
        "{text}"
    );
}

#[test]
fn a_tile_server_that_fails_every_connection_is_given_up_early() {
    let server = always(Reply {
        reset: true,
        ..Reply::default()
    });
    let cache = tempfile::tempdir().unwrap();
    let choice = TileChoice::Template(server.url("/{z}/{x}/{y}.png"));
    let options = tile_options(cache.path(), Duration::from_secs(20));
    let fetched = fetch_tiles(&choice, &keys(64), &options);
    assert!(fetched.images.iter().all(Option::is_none));
    assert_eq!(fetched.problem, Some(Problem::Reset));
    let asked = server.served.load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        asked <= options.give_up_after + options.parallel,
        "{asked} of 64 tiles asked from a server failing every connection"
    );
}

#[test]
fn tiles_that_arrive_are_kept_and_the_rest_are_counted_missing_at_the_deadline() {
    let tile = png_bytes(256);
    let server = Server::start(move |req| {
        // Even columns answer, odd ones never do.
        let x: u32 = req.path.split('/').nth(2).unwrap().parse().unwrap();
        if x.is_multiple_of(2) {
            Reply::ok(tile.clone()).header("Content-Type", "image/png")
        } else {
            Reply {
                delay: Duration::from_secs(120),
                ..Reply::status(200)
            }
        }
    });
    let cache = tempfile::tempdir().unwrap();
    let choice = TileChoice::Template(server.url("/{z}/{x}/{y}.png"));
    let wanted = keys(8);
    let fetched = fetch_tiles(
        &choice,
        &wanted,
        &tile_options(cache.path(), Duration::from_secs(2)),
    );
    for ((_, x, _), image) in wanted.iter().zip(&fetched.images) {
        assert_eq!(image.is_some(), x.is_multiple_of(2), "tile x = {x}");
    }
    assert_eq!(
        fetched.problem,
        Some(Problem::NoAnswer(Duration::from_secs(2)))
    );
}

#[test]
fn a_dataset_trickled_one_byte_a_second_is_cut_off_at_the_time_limit() {
    let dir = tempfile::tempdir().unwrap();
    let server = always(Reply {
        trickle: Some(Duration::from_secs(1)),
        ..Reply::ok(valid())
    });
    let started = std::time::Instant::now();
    let err = fetch(&server.url("/c.geojson"), &options(dir.path())).unwrap_err();
    assert!(
        err.to_string().contains("no complete answer within 2 s"),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "a 2 s limit took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_dataset_redirect_to_plain_http_on_another_host_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = Server::start_on("127.0.0.2", |_| Reply::ok(valid()));
    let server = redirect_to(format!("http://127.0.0.2:{}/c.geojson", elsewhere.port));
    let err = fetch(&server.url("/c.geojson"), &options(dir.path())).unwrap_err();
    assert!(err.to_string().contains("redirect refused"), "{err}");
    assert_eq!(
        elsewhere.served.load(std::sync::atomic::Ordering::Relaxed),
        0
    );
}

#[test]
fn a_dataset_redirect_within_this_machine_is_followed() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(|req| {
        if req.path == "/old" {
            Reply::status(301).header("Location", "/c.geojson")
        } else {
            Reply::ok(valid())
        }
    });
    let fetched = fetch(&server.url("/old"), &options(dir.path())).unwrap();
    assert_eq!(fetched.dataset.corridors.len(), 1);
}

#[test]
fn a_tile_redirect_to_plain_http_on_another_host_is_refused() {
    let tile = png_bytes(256);
    let elsewhere = Server::start_on("127.0.0.2", move |_| Reply::ok(tile.clone()));
    let server = redirect_to(format!("http://127.0.0.2:{}/t.png", elsewhere.port));
    let cache = tempfile::tempdir().unwrap();
    let choice = TileChoice::Template(server.url("/{z}/{x}/{y}.png"));
    let fetched = fetch_tiles(
        &choice,
        &keys(2),
        &tile_options(cache.path(), Duration::from_secs(5)),
    );
    assert!(fetched.images.iter().all(Option::is_none));
    assert_eq!(fetched.problem, Some(Problem::RedirectRefused));
    assert_eq!(
        elsewhere.served.load(std::sync::atomic::Ordering::Relaxed),
        0
    );
}

fn dir_size(path: &std::path::Path) -> u64 {
    std::fs::read_dir(path).map_or(0, |entries| {
        entries
            .flatten()
            .map(|e| match e.file_type() {
                Ok(t) if t.is_dir() => dir_size(&e.path()),
                _ => e.metadata().map_or(0, |m| m.len()),
            })
            .sum()
    })
}

#[test]
fn an_oversized_tile_body_is_not_read_on_nor_cached() {
    for no_length in [false, true] {
        let server = always(Reply {
            no_length,
            ..Reply::ok(vec![7u8; 3 * 1024 * 1024]).header("Cache-Control", "max-age=86400")
        });
        let cache = tempfile::tempdir().unwrap();
        let choice = TileChoice::Template(server.url("/{z}/{x}/{y}.png"));
        let options = tile_options(cache.path(), Duration::from_secs(10));
        let fetched = fetch_tiles(&choice, &keys(2), &options);
        assert_eq!(
            fetched.problem,
            Some(Problem::TooLarge(2 * 1024 * 1024)),
            "no_length: {no_length}"
        );
        let kept = dir_size(cache.path());
        assert!(
            kept < 1024 * 1024,
            "{kept} bytes cached (no_length: {no_length})"
        );
    }
}

#[test]
fn a_tile_claiming_60000_px_a_side_is_refused() {
    // A PNG's signature and header for 60000 x 60000 px, and nothing else.
    let mut bytes = png_bytes(1);
    bytes[16..20].copy_from_slice(&60_000u32.to_be_bytes());
    bytes[20..24].copy_from_slice(&60_000u32.to_be_bytes());
    let server = always(Reply::ok(bytes[..33].to_vec()));
    let cache = tempfile::tempdir().unwrap();
    let choice = TileChoice::Template(server.url("/{z}/{x}/{y}.png"));
    let fetched = fetch_tiles(
        &choice,
        &keys(1),
        &tile_options(cache.path(), Duration::from_secs(5)),
    );
    assert_eq!(fetched.problem, Some(Problem::NotAnImage));
}

#[test]
fn a_captive_portal_page_cached_as_a_tile_is_asked_for_again() {
    let (server, reply) = switchable(
        Reply::ok(b"<html>Please log in to the Wi-Fi</html>".to_vec())
            .header("Content-Type", "text/html")
            .header("Cache-Control", "max-age=86400"),
    );
    let cache = tempfile::tempdir().unwrap();
    let choice = TileChoice::Template(server.url("/{z}/{x}/{y}.png"));
    let options = tile_options(cache.path(), Duration::from_secs(5));
    let first = fetch_tiles(&choice, &keys(1), &options);
    assert_eq!(first.problem, Some(Problem::NotAnImage));
    *reply.lock().unwrap() = Reply::ok(png_bytes(256))
        .header("Content-Type", "image/png")
        .header("Cache-Control", "max-age=86400");
    let second = fetch_tiles(&choice, &keys(1), &options);
    assert!(second.images[0].is_some(), "{:?}", second.problem);
    // Good tiles are still cached: a third fetch does not ask.
    let asked = server.served.load(std::sync::atomic::Ordering::Relaxed);
    let third = fetch_tiles(&choice, &keys(1), &options);
    assert!(third.images[0].is_some());
    assert_eq!(
        server.served.load(std::sync::atomic::Ordering::Relaxed),
        asked
    );
}

fn damage_kept_copy(dir: &std::path::Path) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "geojson") {
            std::fs::write(entry.path(), b"{ damaged on disk").unwrap();
        }
    }
}

#[test]
fn a_damaged_kept_dataset_is_downloaded_again_when_the_server_says_not_modified() {
    let dir = tempfile::tempdir().unwrap();
    let (server, _) = switchable(Reply::ok(valid()).header("ETag", "\"v1\""));
    let url = server.url("/c.geojson");
    fetch(&url, &options(dir.path())).unwrap();
    damage_kept_copy(dir.path());
    let again = fetch(&url, &options(dir.path())).unwrap();
    assert_eq!(again.freshness, Freshness::Downloaded);
    assert_eq!(again.dataset.corridors.len(), 1);
    let requests = server.requests.lock().unwrap();
    assert_eq!(requests.last().unwrap().header("If-None-Match"), None);
    // The good copy is kept again.
    drop(requests);
    assert_eq!(
        fetch(&url, &options(dir.path())).unwrap().freshness,
        Freshness::Revalidated
    );
}

#[test]
fn a_damaged_kept_dataset_offline_is_named_as_damaged_not_blamed_on_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let server = always(Reply::ok(valid()));
    let url = server.url("/c.geojson");
    fetch(&url, &options(dir.path())).unwrap();
    drop(server);
    damage_kept_copy(dir.path());
    std::thread::sleep(Duration::from_millis(50));
    let err = fetch(&url, &options(dir.path())).unwrap_err();
    assert!(matches!(err, RemoteError::Unavailable { .. }), "{err}");
    let text = err.to_string();
    assert!(text.contains("cannot be reached"), "{text}");
    assert!(
        text.contains("the copy kept from an earlier download is damaged"),
        "{text}"
    );
}

#[test]
fn a_password_in_a_url_is_never_printed_nor_logged() {
    let server = always(Reply::ok(b"{ not json".to_vec()));
    let url = format!("http://user:secret@127.0.0.1:{}/c.geojson", server.port);
    let cache = tempfile::tempdir().unwrap();
    let err = fetch(&url, &options(cache.path())).unwrap_err();
    assert!(!err.to_string().contains("secret"), "{err}");
    // What the window shows: the source's name and the problems, one a line.
    let source = koridor::source::DataSource::parse(&url);
    assert_eq!(
        source.label(),
        format!("http://***@127.0.0.1:{}/c.geojson", server.port)
    );
    let lines = koridor::source::load(&source, &options(cache.path())).unwrap_err();
    assert!(lines.iter().all(|l| !l.contains("secret")), "{lines:?}");
    let debug = [("RUST_LOG", "debug")];
    let (code, text) = run_koridor(&["validate", &url], cache.path(), &debug);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("user") || text.contains("***"), "{text}");
    assert!(!text.contains("secret"), "{text}");
    let refused = format!("http://user:secret@127.0.0.1:{}/c.geojson", closed_port());
    let (_, text) = run_koridor(&["validate", &refused], cache.path(), &debug);
    assert!(text.contains("***@127.0.0.1"), "{text}");
    assert!(!text.contains("secret"), "{text}");
    let template = format!(
        "http://user:secret@127.0.0.1:{}/{{z}}/{{x}}/{{y}}.png",
        server.port
    );
    let args = export_args(&template);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, text) = run_koridor(&args, cache.path(), &debug);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("could not be had"), "{text}");
    assert!(!text.contains("secret"), "{text}");
}

#[test]
fn network_failures_are_told_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let quick = RemoteOptions {
        timeout: Duration::from_secs(1),
        ..options(dir.path())
    };
    let message = |url: String| fetch(&url, &quick).unwrap_err().to_string();
    let refused = message(format!("http://127.0.0.1:{}/c.geojson", closed_port()));
    assert!(refused.contains("connection refused"), "{refused}");
    let silent = always(Reply {
        delay: Duration::from_secs(60),
        ..Reply::ok(valid())
    });
    let timed_out = message(silent.url("/c.geojson"));
    assert!(timed_out.contains("no answer within 1 s"), "{timed_out}");
    let plain = Server::raw(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    let tls = message(format!("https://127.0.0.1:{}/c.geojson", plain.port));
    assert!(tls.contains("TLS/certificate problem"), "{tls}");
    let resetting = always(Reply {
        reset: true,
        ..Reply::default()
    });
    let reset = message(resetting.url("/c.geojson"));
    assert!(reset.contains("connection reset"), "{reset}");
}

#[test]
fn an_export_says_why_its_tiles_could_not_be_had() {
    let cache = tempfile::tempdir().unwrap();
    let template = format!("http://127.0.0.1:{}/{{z}}/{{x}}/{{y}}.png", closed_port());
    let args = export_args(&template);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, text) = run_koridor(&args, cache.path(), &[("RUST_LOG", "off")]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("(first problem: cannot be reached (connection refused))"),
        "{text}"
    );
}

mod window {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    use koridor::app::{KoridorApp, OnlineTileOptions, OnlineTiles, Startup};
    use koridor::net::TileChoice;
    use koridor::source::DataSource;
    use walkers::{TileId, Tiles};

    /// A window on `source` and `tiles`, with a tile cache of its own (kept while the returned
    /// folder lives): with the user's cache, a tile another run cached from a server that had
    /// the same port would be shown instead of asked for.
    fn harness(
        source: DataSource,
        tiles: TileChoice,
    ) -> (Harness<'static, KoridorApp>, tempfile::TempDir) {
        let cache = tempfile::tempdir().unwrap();
        let startup = Startup {
            tiles,
            tile_cache: Some(cache.path().to_path_buf()),
            ..Startup::new(source)
        };
        let harness = Harness::builder()
            .with_size(egui::vec2(1200.0, 800.0))
            .build_eframe(|cc| KoridorApp::new(&cc.egui_ctx, startup));
        (harness, cache)
    }

    /// Steps the app until `done` or 15 s pass; every step must return promptly.
    fn until(
        harness: &mut Harness<'static, KoridorApp>,
        done: impl Fn(&KoridorApp) -> bool,
    ) -> bool {
        for _ in 0..300 {
            let started = std::time::Instant::now();
            harness.step();
            assert!(
                started.elapsed() < Duration::from_secs(2),
                "a frame took {:?}",
                started.elapsed()
            );
            if done(harness.state()) {
                // The status bar is drawn before the map takes in the tiles that arrived, so
                // it shows a state one frame later: draw that frame before reading it.
                harness.step();
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    #[test]
    fn a_served_dataset_opens_and_a_garbage_reload_keeps_it() {
        let (server, reply) = switchable(Reply::ok(valid()).header("ETag", "\"a\""));
        let (mut harness, _cache) = harness(
            DataSource::Url(server.url("/c.geojson")),
            TileChoice::Offline,
        );
        assert!(
            until(&mut harness, |app| app.dataset().corridors.len() == 1),
            "the remote dataset did not open"
        );
        *reply.lock().unwrap() = Reply::ok(b"<html>garbage</html>".to_vec());
        harness.key_press(egui::Key::F5);
        assert!(
            until(&mut harness, |app| !app.data_problems().is_empty()),
            "the garbage was not reported"
        );
        assert_eq!(
            harness.state().dataset().corridors.len(),
            1,
            "the good dataset was replaced"
        );
        harness.get_by_label(
            "The dataset you asked for could not be opened; showing the last good one.",
        );
    }

    fn png_tile() -> Vec<u8> {
        let rgba: Vec<u8> = (0..256 * 256).flat_map(|_| [200, 40, 40, 255]).collect();
        koridor::raster::encode_png(256, 256, &rgba, &[]).unwrap()
    }

    #[test]
    fn served_tiles_arrive_and_none_fail() {
        let tile = png_tile();
        let server =
            Server::start(move |_| Reply::ok(tile.clone()).header("Content-Type", "image/png"));
        let template = server.url("/{z}/{x}/{y}.png");
        let (mut harness, _cache) = harness(DataSource::Embedded, TileChoice::Template(template));
        assert!(until(&mut harness, |app| app.online_status()
            == Some((0, 0))
            && app.offline_loading() == 0));
        assert!(
            server.served.load(std::sync::atomic::Ordering::Relaxed) > 0,
            "no tile was asked for"
        );
    }

    fn failing_tiles_leave_the_offline_map(reply: Reply) {
        let server = Server::start(move |_| reply.clone());
        let template = server.url("/{z}/{x}/{y}.png");
        let (mut harness, _cache) = harness(DataSource::Embedded, TileChoice::Template(template));
        assert!(
            until(&mut harness, |app| app
                .online_status()
                .is_some_and(|(loading, failed)| loading == 0 && failed > 0)),
            "failed tiles were not counted: {:?}",
            harness.state().online_status()
        );
        assert!(
            until(&mut harness, |app| app.offline_loading() == 0),
            "the offline basemap did not finish"
        );
        harness.get_by_label_contains("online tiles failed; offline basemap shown");
    }

    #[test]
    fn tiles_answering_500_fall_back_to_the_offline_basemap() {
        failing_tiles_leave_the_offline_map(Reply::status(500));
    }

    #[test]
    fn tiles_answering_404_fall_back_to_the_offline_basemap() {
        failing_tiles_leave_the_offline_map(Reply::status(404));
    }

    #[test]
    fn a_tile_server_resetting_connections_falls_back_to_the_offline_basemap() {
        failing_tiles_leave_the_offline_map(Reply {
            reset: true,
            ..Reply::default()
        });
    }

    #[test]
    fn garbage_tiles_fall_back_to_the_offline_basemap() {
        failing_tiles_leave_the_offline_map(
            Reply::ok(b"definitely not a png".to_vec()).header("Content-Type", "image/png"),
        );
    }

    #[test]
    fn a_hanging_tile_server_leaves_the_app_responsive_on_the_offline_map() {
        let server = Server::start(|_| Reply {
            delay: Duration::from_secs(30),
            ..Reply::status(200)
        });
        let template = server.url("/{z}/{x}/{y}.png");
        let (mut harness, _cache) = harness(DataSource::Embedded, TileChoice::Template(template));
        // Frames keep coming (checked in `until`), the offline map is drawn, and the online
        // tiles are reported as loading.
        assert!(until(&mut harness, |app| app.offline_loading() == 0
            && app.online_status().is_some_and(|(l, _)| l > 0)));
        harness.get_by_label_contains("online tiles loading");
    }

    #[test]
    fn a_window_tile_redirected_to_plain_http_on_another_host_is_refused_and_counted_failed() {
        let tile = png_tile();
        let elsewhere = Server::start_on("127.0.0.2", move |_| Reply::ok(tile.clone()));
        let server = redirect_to(format!("http://127.0.0.2:{}/t.png", elsewhere.port));
        let template = server.url("/{z}/{x}/{y}.png");
        let (mut harness, _cache) = harness(DataSource::Embedded, TileChoice::Template(template));
        assert!(
            until(&mut harness, |app| app
                .online_status()
                .is_some_and(|(loading, failed)| loading == 0 && failed > 0)),
            "refused tiles were not counted: {:?}",
            harness.state().online_status()
        );
        assert!(server.served.load(std::sync::atomic::Ordering::Relaxed) > 0);
        assert_eq!(
            elsewhere.served.load(std::sync::atomic::Ordering::Relaxed),
            0,
            "the redirect was followed"
        );
        harness.get_by_label_contains("online tiles failed; offline basemap shown");
    }

    /// A layer of its own over `template`, with its cache in `cache`.
    fn layer(template: String, cache: &std::path::Path, retry_after: Duration) -> OnlineTiles {
        let options = OnlineTileOptions {
            fetch: tile_options(cache, Duration::from_secs(10)),
            retry_after,
        };
        OnlineTiles::with_options(
            &TileChoice::Template(template),
            &egui::Context::default(),
            options,
        )
        .unwrap()
    }

    const TILE: TileId = TileId {
        x: 37,
        y: 22,
        zoom: 6,
    };

    /// Draws `TILE` frame after frame until `done` or 15 s pass; whether it was drawn whole.
    fn frames(tiles: &mut OnlineTiles, done: impl Fn(&OnlineTiles, bool) -> bool) -> bool {
        for _ in 0..300 {
            tiles.begin_frame();
            let shown = tiles.at(TILE).is_some();
            tiles.end_frame();
            if done(tiles, shown) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }

    fn asked(server: &Server) -> usize {
        server.served.load(std::sync::atomic::Ordering::Relaxed)
    }

    #[test]
    fn an_oversized_window_tile_is_counted_failed_and_not_cached() {
        for no_length in [false, true] {
            let server = always(Reply {
                no_length,
                ..Reply::ok(vec![7u8; 3 * 1024 * 1024]).header("Cache-Control", "max-age=86400")
            });
            let cache = tempfile::tempdir().unwrap();
            let mut tiles = layer(
                server.url("/{z}/{x}/{y}.png"),
                cache.path(),
                Duration::from_secs(60),
            );
            assert!(
                frames(&mut tiles, |t, _| asked(&server) > 0
                    && t.loading() == 0
                    && t.failed() == 1),
                "the oversized tile was not counted failed (no_length: {no_length})"
            );
            assert_eq!(
                tiles.last_problem(),
                Some(Problem::TooLarge(2 * 1024 * 1024))
            );
            let kept = dir_size(cache.path());
            assert!(
                kept < 1024 * 1024,
                "{kept} bytes cached (no_length: {no_length})"
            );
        }
    }

    #[test]
    fn an_html_page_served_as_a_window_tile_is_counted_failed_then_asked_for_again() {
        let (server, reply) = switchable(
            Reply::ok(b"<html>Please log in to the Wi-Fi</html>".to_vec())
                .header("Content-Type", "text/html")
                .header("Cache-Control", "max-age=86400"),
        );
        let cache = tempfile::tempdir().unwrap();
        let template = server.url("/{z}/{x}/{y}.png");
        let mut tiles = layer(template.clone(), cache.path(), Duration::from_secs(60));
        assert!(frames(&mut tiles, |t, _| asked(&server) > 0
            && t.loading() == 0
            && t.failed() == 1));
        assert_eq!(tiles.last_problem(), Some(Problem::NotAnImage));
        // Not asked for again every frame.
        let first = asked(&server);
        for _ in 0..20 {
            tiles.begin_frame();
            assert!(tiles.at(TILE).is_none());
            tiles.end_frame();
        }
        assert_eq!(tiles.failed(), 1);
        assert_eq!(asked(&server), first);
        // The page was not kept in the cache as the tile: a new layer (the tile source switched
        // back, or the next run) asks the server again, and gets the tile now.
        drop(tiles);
        *reply.lock().unwrap() = Reply::ok(png_tile())
            .header("Content-Type", "image/png")
            .header("Cache-Control", "max-age=86400");
        let mut tiles = layer(template.clone(), cache.path(), Duration::from_secs(60));
        assert!(frames(&mut tiles, |t, shown| shown && t.failed() == 0));
        assert_eq!(asked(&server), first + 1);
        // The good tile is cached: a third layer does not ask.
        drop(tiles);
        let mut tiles = layer(template, cache.path(), Duration::from_secs(60));
        assert!(frames(&mut tiles, |_, shown| shown));
        assert_eq!(asked(&server), first + 1);
    }

    #[test]
    fn a_failed_window_tile_is_asked_for_again_after_the_retry_delay() {
        let (server, reply) = switchable(Reply::status(503));
        let cache = tempfile::tempdir().unwrap();
        let mut tiles = layer(
            server.url("/{z}/{x}/{y}.png"),
            cache.path(),
            Duration::from_millis(200),
        );
        assert!(frames(&mut tiles, |t, _| asked(&server) > 0 && t.failed() == 1));
        assert_eq!(tiles.last_problem(), Some(Problem::Status(503)));
        *reply.lock().unwrap() = Reply::ok(png_tile()).header("Content-Type", "image/png");
        assert!(
            frames(&mut tiles, |t, shown| shown && t.failed() == 0),
            "the tile did not arrive once the server answered"
        );
    }
}

mod files {
    use super::*;
    use egui_kittest::Harness;
    use koridor::app::{KoridorApp, Startup};
    use koridor::source::DataSource;

    #[test]
    fn a_watched_file_is_reloaded_when_it_changes_and_save_as_writes_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.geojson");
        std::fs::write(&path, valid()).unwrap();
        let startup = Startup::new(DataSource::File(path.clone()));
        let mut harness = Harness::builder()
            .with_size(egui::vec2(1200.0, 800.0))
            .build_eframe(|cc| KoridorApp::new(&cc.egui_ctx, startup));
        harness.step();
        assert_eq!(harness.state().dataset().corridors.len(), 1);
        // Sleep past the file system's timestamp granularity, then change the file.
        std::thread::sleep(Duration::from_millis(1100));
        std::fs::write(&path, koridor::EMBEDDED_GEOJSON).unwrap();
        let mut reloaded = false;
        for _ in 0..100 {
            harness.step();
            if harness.state().dataset().corridors.len() > 1 {
                reloaded = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(reloaded, "the changed file was not reloaded");
        let copy = dir.path().join("copy.geojson");
        harness.state().save_as(&copy).unwrap();
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            koridor::EMBEDDED_GEOJSON.as_bytes()
        );
        let err = harness
            .state()
            .save_as(&dir.path().join("no/such/dir/x.geojson"))
            .unwrap_err();
        assert!(err.contains("does not exist"), "{err}");
    }
}
