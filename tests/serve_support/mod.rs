//! Helpers for the dev-server tests: the real `creatorkb serve` binary on a
//! loopback port chosen by the OS, raw HTTP over `TcpStream`, and an SSE
//! client. Every wait is bounded; the server is killed when dropped.
#![allow(dead_code)] // not every test uses every helper

use creatorkb::resolve::{Audience, Options};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// The longest any single wait may take (a rebuild in a debug build of a
/// small site takes milliseconds; this only bounds a broken test).
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// A running `creatorkb serve`.
pub struct Serve {
    child: Child,
    /// The port it listens on (127.0.0.1).
    pub port: u16,
    /// Everything printed on stderr so far.
    pub stderr: Arc<Mutex<String>>,
}

impl Serve {
    /// Starts `creatorkb serve --root ROOT --port 0 EXTRA...` and waits for
    /// its address line.
    pub fn start(root: &Path, extra: &[&str]) -> Serve {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_creatorkb"));
        cmd.args(["serve", "--root"])
            .arg(root)
            .args(["--port", "0"])
            .args(extra);
        Serve::spawn(cmd)
    }

    /// [`Serve::start`] with at most `files` open file descriptors
    /// (`ulimit -n`), through `sh`.
    pub fn start_with_file_limit(root: &Path, files: u32) -> Serve {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!(
                "ulimit -n {files} && exec \"$0\" serve --root \"$1\" --port 0"
            ))
            .arg(env!("CARGO_BIN_EXE_creatorkb"))
            .arg(root);
        Serve::spawn(cmd)
    }

    /// The process id of the server.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    fn spawn(mut cmd: Command) -> Serve {
        let mut child = cmd
            .env("NO_COLOR", "1")
            .env_remove("CREATORKB_TIMINGS")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start creatorkb serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let err_pipe = child.stderr.take().expect("stderr");
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                if let Ok(mut s) = sink.lock() {
                    s.push_str(&line);
                    s.push('\n');
                }
            }
        });
        let (tx, rx) = mpsc::channel();
        let out_pipe = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(out_pipe).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut serve = Serve {
            child,
            port: 0,
            stderr,
        };
        let line = rx
            .recv_timeout(TIMEOUT)
            .unwrap_or_else(|_| panic!("no address line; stderr: {}", serve.stderr()));
        let addr = line
            .strip_prefix("serving http://127.0.0.1:")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"));
        serve.port = addr
            .split('/')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a port in the address line");
        serve
    }

    /// What the server printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// What the server printed on stderr once it holds every one of
    /// `needles` (stderr is read on another thread), or after [`TIMEOUT`].
    pub fn stderr_with(&self, needles: &[&str]) -> String {
        let deadline = std::time::Instant::now() + TIMEOUT;
        loop {
            let text = self.stderr();
            if needles.iter().all(|n| text.contains(n)) || std::time::Instant::now() > deadline {
                return text;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Sends raw bytes, returns the raw answer (the connection is closed by
    /// the server or by the timeout).
    pub fn raw(&self, request: &[u8]) -> Vec<u8> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
        let _ = s.write_all(request);
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        out
    }

    /// `METHOD path` with `Connection: close`.
    pub fn request(&self, method: &str, path: &str) -> Reply {
        let raw = self.raw(
            format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        Reply::parse(&raw).unwrap_or_else(|| panic!("no HTTP answer to {method} {path}: {raw:?}"))
    }

    /// `GET path`.
    pub fn get(&self, path: &str) -> Reply {
        self.request("GET", path)
    }

    /// Subscribes to the live-reload events as a tab that does not say
    /// which page it shows (every rebuild then renders every page first).
    pub fn events(&self) -> Events {
        self.subscribe("/__creatorkb/events")
    }

    /// Subscribes as a tab showing `page` (`/creators/lea/`), as the
    /// injected script does: rebuilds render that page first.
    pub fn events_on(&self, page: &str) -> Events {
        let encoded: String = page
            .bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'.' | b'_' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        self.subscribe(&format!("/__creatorkb/events?page={encoded}"))
    }

    fn subscribe(&self, target: &str) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        s.write_all(
            format!(
                "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
            )
            .as_bytes(),
        )
        .unwrap();
        s.set_read_timeout(Some(Duration::from_millis(200)))
            .unwrap();
        let mut ev = Events {
            stream: s,
            buf: Vec::new(),
        };
        // The head and the `: connected` comment come at once.
        let deadline = Instant::now() + TIMEOUT;
        while !String::from_utf8_lossy(&ev.buf).contains(": connected\n\n") {
            assert!(Instant::now() < deadline, "no SSE head");
            ev.fill();
        }
        let text = String::from_utf8_lossy(&ev.buf).into_owned();
        assert!(text.starts_with("HTTP/1.1 200"), "{text}");
        assert!(text.contains("Content-Type: text/event-stream"), "{text}");
        let at = text.find(": connected\n\n").unwrap() + ": connected\n\n".len();
        ev.buf.drain(..at);
        ev
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A parsed HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    /// Parses a raw answer (head and body).
    pub fn parse(raw: &[u8]) -> Option<Reply> {
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = String::from_utf8_lossy(&raw[..end]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Some(Reply {
            status,
            headers,
            body: raw[end + 4..].to_vec(),
        })
    }

    /// A header's value (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// An open live-reload stream.
pub struct Events {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Events {
    fn fill(&mut self) {
        let mut chunk = [0u8; 65536];
        match self.stream.read(&mut chunk) {
            Ok(0) => panic!("the event stream was closed"),
            Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
            Err(_) => {} // read timeout: try again
        }
    }

    /// The next event (comments skipped) as (name, data), or `None` after `wait`.
    pub fn next_within(&mut self, wait: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(at) = self.buf.windows(2).position(|w| w == b"\n\n") {
                let block: Vec<u8> = self.buf.drain(..at + 2).collect();
                let block = String::from_utf8_lossy(&block).into_owned();
                let mut name = None;
                // Data lines join with a line feed, as in a browser.
                let mut data: Option<String> = None;
                for line in block.split('\n') {
                    if let Some(n) = line.strip_prefix("event: ") {
                        name = Some(n.to_string());
                    } else if let Some(d) = line.strip_prefix("data: ") {
                        match &mut data {
                            Some(all) => {
                                all.push('\n');
                                all.push_str(d);
                            }
                            None => data = Some(d.to_string()),
                        }
                    }
                }
                let data = data.unwrap_or_default();
                if let Some(name) = name {
                    return Some((name, data));
                }
                continue;
            }
            if Instant::now() >= deadline {
                return None;
            }
            self.fill();
        }
    }

    /// Waits for the next event, failing the test after [`TIMEOUT`].
    pub fn next(&mut self) -> (String, String) {
        self.next_within(TIMEOUT)
            .expect("an event within the timeout")
    }

    /// Waits for an event named `name`, failing on any other event.
    pub fn expect(&mut self, name: &str) -> String {
        let (n, data) = self.next();
        assert_eq!(n, name, "unexpected event {n:?} with data {data:?}");
        data
    }
}

/// The marker that starts the injected live-reload script.
pub const SCRIPT_START: &str = "<script>/* creatorkb serve: live reload */";

/// A served page without what serve mode adds (the script, the overlay).
pub fn strip_injection(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    let Some(start) = text.find(SCRIPT_START) else {
        return body.to_vec();
    };
    let end = start + text[start..].find("</script>").expect("script end") + "</script>".len();
    let mut start = start;
    if let Some(o) = text[..start].rfind("<div id=\"__creatorkb_overlay\"") {
        start = o;
    }
    let mut out = body[..start].to_vec();
    out.extend_from_slice(&body[end..]);
    out
}

/// A new site made by `creatorkb init`.
pub fn init_site() -> TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_creatorkb"))
        .arg("init")
        .arg(tmp.path().join("site"))
        .output()
        .expect("run init");
    assert!(out.status.success(), "{out:?}");
    tmp
}

pub fn site(tmp: &TempDir) -> std::path::PathBuf {
    tmp.path().join("site")
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

/// A fresh full in-memory build: path → bytes.
pub fn full_build(root: &Path, opts: &Options) -> BTreeMap<String, Vec<u8>> {
    let mut d = creatorkb::diag::Diagnostics::new();
    let built = creatorkb::build(root, opts, &mut d)
        .unwrap_or_else(|| panic!("the site should build: {:?}", d.into_sorted()));
    built.files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// Every file of a full build is served with the same bytes (once the
/// serve-only script is taken out), and files of `gone` are 404.
pub fn assert_served_equals_build(
    serve: &Serve,
    root: &Path,
    opts: &Options,
    gone: &[String],
    step: &str,
) -> BTreeMap<String, Vec<u8>> {
    served_equals_build(serve, root, opts, gone, step).unwrap_or_else(|e| panic!("{e}"))
}

/// [`assert_served_equals_build`], returning the first difference.
pub fn served_equals_build(
    serve: &Serve,
    root: &Path,
    opts: &Options,
    gone: &[String],
    step: &str,
) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let full = full_build(root, opts);
    for (path, bytes) in &full {
        let r = serve.get(&format!("/{path}"));
        if r.status != 200 {
            return Err(format!("{step}: /{path} is {}", r.status));
        }
        let served = strip_injection(&r.body);
        if served != *bytes {
            return Err(format!(
                "{step}: /{path} differs from a full build\n--- served ---\n{}\n--- built ---\n{}",
                String::from_utf8_lossy(&served),
                String::from_utf8_lossy(bytes)
            ));
        }
    }
    for path in gone.iter().filter(|p| !full.contains_key(*p)) {
        if serve.get(&format!("/{path}")).status != 404 {
            return Err(format!("{step}: /{path} should be gone"));
        }
    }
    Ok(full)
}

pub fn public() -> Options {
    Options {
        audience: Audience::Public,
        drafts: false,
        offline: false,
        base_url: None,
        today: None,
    }
}
