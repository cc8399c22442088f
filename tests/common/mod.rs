//! A tiny HTTP/1.1 server on 127.0.0.1 for tests: each request is answered by a closure, so a
//! test can serve data, fail, stall or send garbage. It stops when dropped.
#![allow(dead_code, clippy::expect_used, clippy::unwrap_used)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The six routes announced for 7 March 2022, by their fixed ids.
pub(crate) const FIXED: [&str; 6] = [
    "kyiv-gomel",
    "mariupol-rostov",
    "mariupol-zaporizhzhia",
    "kharkiv-belgorod",
    "sumy-belgorod",
    "sumy-poltava",
];

/// What the server answers.
#[derive(Clone, Debug, Default)]
pub(crate) struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering.
    pub delay: Duration,
    /// Close the connection without answering (a reset).
    pub reset: bool,
    /// Send the body one byte per this interval, after the headers.
    pub trickle: Option<Duration>,
    /// Send no Content-Length: the body ends when the connection closes.
    pub no_length: bool,
}

impl Reply {
    pub(crate) fn ok(body: impl Into<Vec<u8>>) -> Self {
        Self {
            status: 200,
            body: body.into(),
            ..Self::default()
        }
    }

    pub(crate) fn status(status: u16) -> Self {
        Self {
            status,
            body: b"error".to_vec(),
            ..Self::default()
        }
    }

    pub(crate) fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub(crate) struct Request {
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

type Handler = Arc<Mutex<Box<dyn FnMut(&Request) -> Reply + Send>>>;

pub(crate) struct Server {
    pub port: u16,
    stop: Arc<AtomicBool>,
    pub requests: Arc<Mutex<Vec<Request>>>,
    pub served: Arc<AtomicUsize>,
}

impl Server {
    /// Starts a server answering with `handler`; at most 2,000 requests, then it stops itself.
    pub(crate) fn start(handler: impl FnMut(&Request) -> Reply + Send + 'static) -> Self {
        Self::start_on("127.0.0.1", handler)
    }

    /// As [`Server::start`], on another loopback address (e.g. 127.0.0.2, "another host" that
    /// never leaves this machine).
    pub(crate) fn start_on(
        ip: &str,
        handler: impl FnMut(&Request) -> Reply + Send + 'static,
    ) -> Self {
        let listener = TcpListener::bind((ip, 0)).unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let served = Arc::new(AtomicUsize::new(0));
        let handler: Handler = Arc::new(Mutex::new(Box::new(handler)));
        let (s, r, n) = (
            Arc::clone(&stop),
            Arc::clone(&requests),
            Arc::clone(&served),
        );
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) && n.load(Ordering::Relaxed) < 2000 {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (h, r, n, s) = (
                            Arc::clone(&handler),
                            Arc::clone(&r),
                            Arc::clone(&n),
                            Arc::clone(&s),
                        );
                        std::thread::spawn(move || serve(stream, &h, &r, &n, &s));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Self {
            port,
            stop,
            requests,
            served,
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// A server that writes `bytes` to every connection at once, reads nothing, and closes it
    /// (e.g. plain text where a TLS handshake is expected).
    pub(crate) fn raw(bytes: &'static [u8]) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let served = Arc::new(AtomicUsize::new(0));
        let (s, n) = (Arc::clone(&stop), Arc::clone(&served));
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) && n.load(Ordering::Relaxed) < 2000 {
                match listener.accept() {
                    Ok((mut stream, _)) => {
                        n.fetch_add(1, Ordering::Relaxed);
                        stream.set_nonblocking(false).ok();
                        let _ = stream.write_all(bytes);
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Self {
            port,
            stop,
            requests: Arc::new(Mutex::new(Vec::new())),
            served,
        }
    }
}

/// A port on 127.0.0.1 where nothing listens (connections are refused).
pub(crate) fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(
    mut stream: TcpStream,
    handler: &Handler,
    log: &Mutex<Vec<Request>>,
    served: &AtomicUsize,
    stop: &AtomicBool,
) {
    stream.set_nonblocking(false).ok();
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let mut lines = head.lines();
    let path = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("/")
        .to_owned();
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| {
            l.split_once(':')
                .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        })
        .collect();
    let request = Request { path, headers };
    log.lock().unwrap().push(request.clone());
    let reply = (handler.lock().unwrap())(&request);
    served.fetch_add(1, Ordering::Relaxed);
    // A stalled reply waits in small steps so the server can still stop.
    let mut waited = Duration::ZERO;
    while waited < reply.delay && !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(20));
        waited += Duration::from_millis(20);
    }
    if reply.reset {
        let _ = stream.shutdown(std::net::Shutdown::Both);
        return;
    }
    let mut out = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", reply.status);
    if !reply.no_length {
        out.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    for (n, v) in &reply.headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    out.push_str("\r\n");
    let _ = stream.write_all(out.as_bytes());
    match reply.trickle {
        None => {
            let _ = stream.write_all(&reply.body);
        }
        Some(every) => {
            for byte in &reply.body {
                if stop.load(Ordering::Relaxed) || stream.write_all(&[*byte]).is_err() {
                    return;
                }
                std::thread::sleep(every);
            }
        }
    }
}

/// Runs the `koridor` binary in `dir` with `args` and extra environment `env`, logging off.
pub(crate) fn koridor_in(
    dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_koridor"));
    command.args(args).current_dir(dir).env("RUST_LOG", "off");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

/// The names in `dir`, sorted.
pub(crate) fn file_names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The PNG's size and text chunks (Latin-1 and UTF-8), as (keyword, text).
pub(crate) fn png_text(path: &std::path::Path) -> ([u32; 2], Vec<(String, String)>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let reader = decoder.read_info().unwrap();
    let info = reader.info();
    let latin1 = info
        .uncompressed_latin1_text
        .iter()
        .map(|t| (t.keyword.clone(), t.text.clone()));
    let utf8 = info
        .utf8_text
        .iter()
        .filter_map(|t| Some((t.keyword.clone(), t.get_text().ok()?)));
    ([info.width, info.height], latin1.chain(utf8).collect())
}
