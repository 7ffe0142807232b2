//! The HTTP side of `creatorkb serve`: serves the built site from memory.
//!
//! Only files of the current build can be answered: a request path is
//! decoded, checked segment by segment (no `.`/`..`, backslash, NUL or empty
//! segment) and then looked up in the in-memory map. Nothing is ever read
//! from disk, so no path can reach a file outside the site.

use super::http::{Request, Response};
use super::livereload::{self, Hub, Outbox};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

/// The served files: output path → bytes, as a rebuild publishes them.
pub type Files = crate::fasthash::HashMap<String, Arc<Vec<u8>>>;

/// What the server shows: the last good build and, when the latest build
/// failed, the overlay to put in every page.
#[derive(Default)]
pub struct State {
    /// The last good build.
    pub files: RwLock<Arc<Files>>,
    /// Overlay HTML while the latest build is broken.
    pub overlay: RwLock<Option<Arc<String>>>,
    /// Connected browsers.
    pub hub: Hub,
    /// (a build is published without its site-wide files yet, the
    /// generation of the last publication).
    pending: Mutex<(bool, u64)>,
    ready: Condvar,
    /// How long a request waits for a file being made ([`PENDING_WAIT`]
    /// unless set, for tests).
    wait_limit: Option<Duration>,
}

/// How long a request for a file not published yet waits for it.
const PENDING_WAIT: Duration = Duration::from_secs(10);

impl State {
    /// Publishes the pages and static files of a new build, whose
    /// site-wide files (search index, sitemap, feed, exports) are still to
    /// come: until [`State::complete`], a request for a file not in `files`
    /// waits instead of getting the previous build's or a 404. Returns the
    /// publication's generation.
    pub fn begin(&self, files: Arc<Files>) -> u64 {
        let Ok(mut p) = self.pending.lock() else {
            return 0;
        };
        if let Ok(mut f) = self.files.write() {
            *f = files;
        }
        p.0 = true;
        p.1 += 1;
        p.1
    }

    /// Publishes the complete files of generation `generation`; ignored
    /// (false) when a newer build was published in the meantime.
    pub fn complete(&self, generation: u64, files: Arc<Files>) -> bool {
        let Ok(mut p) = self.pending.lock() else {
            return false;
        };
        if p.1 != generation {
            return false;
        }
        if let Ok(mut f) = self.files.write() {
            *f = files;
        }
        p.0 = false;
        self.ready.notify_all();
        true
    }

    /// Publishes more files of generation `generation` (pages rendered
    /// after the reload went out) while its site-wide files are still to
    /// come; ignored (false) when a newer build was published meanwhile.
    pub fn update(&self, generation: u64, files: Arc<Files>) -> bool {
        let Ok(p) = self.pending.lock() else {
            return false;
        };
        if p.1 != generation {
            return false;
        }
        if let Ok(mut f) = self.files.write() {
            *f = files;
        }
        self.ready.notify_all();
        true
    }

    /// Whether `generation` is still the last publication.
    pub fn is_current(&self, generation: u64) -> bool {
        self.pending
            .lock()
            .map(|p| p.1 == generation)
            .unwrap_or(false)
    }

    /// Waits until `key` is published or the publication in progress is
    /// complete (bounded).
    fn wait_for(&self, key: &str) {
        if let Ok(p) = self.pending.lock() {
            let limit = self.wait_limit.unwrap_or(PENDING_WAIT);
            let _ = self.ready.wait_timeout_while(p, limit, |p| {
                p.0 && self
                    .files
                    .read()
                    .is_ok_and(|f| matches!(lookup(&f, key), Lookup::Missing))
            });
        }
    }

    fn is_pending(&self) -> bool {
        self.pending.lock().map(|p| p.0).unwrap_or(false)
    }

    /// Shows (`Some`: in every page served, and to every tab at once, open
    /// or to come) or clears the overlay.
    pub fn set_overlay(&self, overlay: Option<livereload::Overlay>) {
        let json = overlay.as_ref().map(|o| o.json.clone());
        // Pages first: a tab that reloads on the event gets the overlay too.
        if let Ok(mut o) = self.overlay.write() {
            *o = overlay.map(|o| Arc::new(o.html));
        }
        self.hub.problems(json.as_deref());
    }
}

/// Binds `bind:port`. Port 0 picks a free port; read it from the result.
pub fn bind(
    bind: &str,
    port: u16,
) -> Result<(std::net::TcpListener, std::net::SocketAddr), String> {
    let listener = std::net::TcpListener::bind((bind, port)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            format!(
                "port {port} is already in use on {bind}: stop the other server, or choose another port with --port (--port 0 picks a free one)"
            )
        } else {
            format!("cannot listen on {bind}:{port}: {e}")
        }
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("the server has no address: {e}"))?;
    Ok((listener, addr))
}

/// What to do with a request.
pub enum Answer {
    /// Send these bytes (a whole response).
    Bytes(Vec<u8>),
    /// The connection becomes this tab's live-reload stream.
    Stream(Arc<Outbox>),
}

/// Answers one request.
pub fn handle(state: &State, req: &Request) -> Answer {
    let head_only = req.method == "HEAD";
    let reply = |r: Response| Answer::Bytes(r.into_bytes(head_only, req.keep_alive));
    if req.method != "GET" && !head_only {
        return reply(Response::text(405, "method not allowed\n").with("Allow", "GET, HEAD"));
    }
    let url = req.target.as_str();
    let (path, query) = match url.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (url, None),
    };
    let path = path.split('#').next().unwrap_or_default();
    if path == livereload::EVENTS_PATH && !head_only {
        return match state.hub.subscribe(query.and_then(open_page)) {
            Some(out) => Answer::Stream(out),
            None => reply(
                Response::text(503, "too many live-reload connections\n").with("Retry-After", "5"),
            ),
        };
    }
    let Some(key) = site_path(path) else {
        return reply(not_found(state));
    };
    let (files, found) = find(state, &key);
    let overlay = state.overlay.read().ok().and_then(|o| o.clone());
    let resp = match found {
        Lookup::File(key) => {
            let bytes = &files[&key];
            let kind = content_type(&key);
            let body = if kind.starts_with("text/html") {
                livereload::inject(bytes, overlay.as_deref().map(String::as_str))
            } else {
                bytes.to_vec()
            };
            page(body, 200, kind)
        }
        Lookup::Redirect => {
            let mut to = format!("{path}/");
            if let Some(q) = query {
                to.push('?');
                to.push_str(q);
            }
            Response::text(301, &format!("moved to {to}\n")).with("Location", &to)
        }
        Lookup::Missing => not_found(state),
        Lookup::Building => {
            // Tries again every second until the page is there.
            let body = b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"1\"><title>Building\xe2\x80\xa6</title></head><body><p>This page is still being built; it appears here by itself when it is ready.</p></body></html>";
            page(
                livereload::inject(body, None),
                503,
                "text/html; charset=utf-8",
            )
            .with("Retry-After", "1")
        }
    };
    reply(resp)
}

/// The current files and what `key` leads to in them. A file missing
/// while a build is being published (a page rendered after the reload, a
/// site-wide file) is waited for, never answered from the previous build;
/// [`Lookup::Building`] when it is still being made after the wait.
fn find(state: &State, key: &str) -> (Arc<Files>, Lookup) {
    let files = state.files.read().map(|f| f.clone()).unwrap_or_default();
    let found = lookup(&files, key);
    if !matches!(found, Lookup::Missing) {
        return (files, found);
    }
    // Returns at once when nothing is pending; the files are read again
    // either way, as they may have been published since the first read.
    state.wait_for(key);
    let files = state.files.read().map(|f| f.clone()).unwrap_or_default();
    match lookup(&files, key) {
        Lookup::Missing if state.is_pending() => (files, Lookup::Building),
        found => (files, found),
    }
}

/// The site's own 404 page (or a plain one), status 404.
fn not_found(state: &State) -> Response {
    let files = state.files.read().map(|f| f.clone()).unwrap_or_default();
    let overlay = state.overlay.read().ok().and_then(|o| o.clone());
    let overlay = overlay.as_deref().map(String::as_str);
    let body = match files.get("404.html") {
        Some(b) => livereload::inject(b, overlay),
        None => livereload::inject(
            b"<!DOCTYPE html><title>Not found</title><h1>Not found</h1></html>",
            overlay,
        ),
    };
    page(body, 404, "text/html; charset=utf-8")
}

/// What a request path leads to.
enum Lookup {
    /// This key of the file map.
    File(String),
    /// A folder asked for without its trailing `/`.
    Redirect,
    /// Nothing.
    Missing,
    /// Not made yet: the build being published is still making it.
    Building,
}

fn lookup(files: &Files, key: &str) -> Lookup {
    let key = file_key(key);
    if files.contains_key(&key) {
        Lookup::File(key)
    } else if files.contains_key(&format!("{key}/index.html")) {
        Lookup::Redirect
    } else {
        Lookup::Missing
    }
}

/// The key of the file map a request path names, `None` when the path is
/// not a plain path inside the site. `/creators/lea/` → `creators/lea/`.
pub fn site_path(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix('/')?;
    let bytes = percent_decode(rest)?;
    let decoded = String::from_utf8(bytes).ok()?;
    if decoded.contains(['\0', '\\']) || decoded.chars().any(char::is_control) {
        return None;
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, seg) in segments.iter().enumerate() {
        // Only the last segment may be empty (a trailing `/`); an empty one
        // elsewhere is `//`, which some resolvers read as an absolute path.
        let empty_ok = i == last;
        if (seg.is_empty() && !empty_ok) || *seg == "." || *seg == ".." || seg.contains(':') {
            return None;
        }
    }
    Some(decoded)
}

/// The file a live-reload client shows, from its query
/// (`page=%2Fcreators%2Flea%2F` → `creators/lea/index.html`).
fn open_page(query: &str) -> Option<String> {
    let value = query.split('&').find_map(|kv| kv.strip_prefix("page="))?;
    let path = String::from_utf8(percent_decode(value)?).ok()?;
    Some(file_key(&site_path(&path)?))
}

/// The file a site path names: a folder's `index.html`.
fn file_key(key: &str) -> String {
    if key.is_empty() || key.ends_with('/') {
        format!("{key}index.html")
    } else {
        key.to_string()
    }
}

/// Decodes `%XX` escapes; `None` on a malformed escape.
fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// A response with the dev server's headers.
fn page(body: Vec<u8>, status: u16, kind: &str) -> Response {
    Response::new(status, body)
        .with("Content-Type", kind)
        // Always revalidate: a page must never come from the cache after a rebuild.
        .with("Cache-Control", "no-cache")
        .with("X-Content-Type-Options", "nosniff")
}

/// The `Content-Type` of an output file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "jsonld" => "application/ld+json",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "rss" => "application/rss+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "yaml" | "yml" => "application/yaml; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "ogg" => "audio/ogg",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_out_are_refused() {
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/",
            "/..%2f..%2fetc/passwd",
            "/a/../b",
            "/a\\..\\b",
            "/a%5c..%5cb",
            "//etc/passwd",
            "/a//b",
            "/x%00.html",
            "/%zz",
            "/./index.html",
            "/C:/windows",
            "relative",
            "/%ff",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(
            site_path("/creators/lea/").as_deref(),
            Some("creators/lea/")
        );
        assert_eq!(site_path("/caf%C3%A9.html").as_deref(), Some("café.html"));
        assert_eq!(site_path("/a..b/x").as_deref(), Some("a..b/x"));
    }

    /// A request for a page left for after the reload waits for it, and
    /// gets it as soon as it is published, before the site-wide files.
    #[test]
    fn a_request_for_a_deferred_page_waits_for_it() {
        let state = Arc::new(State::default());
        let with = |paths: &[&str]| {
            let mut f = Files::default();
            for p in paths {
                f.insert(p.to_string(), Arc::new(p.as_bytes().to_vec()));
            }
            Arc::new(f)
        };
        let generation = state.begin(with(&["index.html"]));
        let waiter = {
            let state = state.clone();
            std::thread::spawn(move || {
                state.wait_for("creators/");
                let files = state.files.read().unwrap().clone();
                (
                    matches!(lookup(&files, "creators/"), Lookup::File(_)),
                    state.is_pending(),
                )
            })
        };
        std::thread::sleep(Duration::from_millis(100));
        assert!(!waiter.is_finished(), "answered before the page was there");
        let published = std::time::Instant::now();
        assert!(state.update(generation, with(&["index.html", "creators/index.html"])));
        let (found, pending) = waiter.join().unwrap();
        assert!(
            published.elapsed() < PENDING_WAIT / 2,
            "woken by the update, not by the time limit"
        );
        assert!(found);
        assert!(pending, "the site-wide files are still to come");
        assert!(
            !state.update(generation + 1, with(&[])),
            "a stale generation"
        );
    }

    /// A file still missing when the wait runs out is "being built"
    /// (503, tried again), not "not found", while a build is being
    /// published; afterwards it is simply missing.
    #[test]
    fn a_page_still_being_made_after_the_wait_is_not_a_404() {
        let state = State {
            wait_limit: Some(Duration::from_millis(50)),
            ..State::default()
        };
        let mut files = Files::default();
        files.insert("index.html".into(), Arc::new(b"home".to_vec()));
        let generation = state.begin(Arc::new(files.clone()));
        assert!(matches!(find(&state, "").1, Lookup::File(_)));
        assert!(matches!(find(&state, "creators/").1, Lookup::Building));
        assert!(state.complete(generation, Arc::new(files)));
        assert!(matches!(find(&state, "creators/").1, Lookup::Missing));
    }

    #[test]
    fn live_reload_clients_name_their_page() {
        assert_eq!(open_page("page=%2F").as_deref(), Some("index.html"));
        assert_eq!(
            open_page("x=1&page=%2Fcreators%2Flea%2F").as_deref(),
            Some("creators/lea/index.html")
        );
        // `location.pathname` is already encoded, and encoded again.
        assert_eq!(
            open_page("page=%2Fcaf%25C3%25A9.html").as_deref(),
            Some("café.html")
        );
        assert_eq!(open_page("page=%2F..%2Fx"), None);
        assert_eq!(open_page("other=1"), None);
    }

    #[test]
    fn folders_redirect_and_index() {
        let mut files = Files::default();
        files.insert("creators/index.html".into(), Arc::new(b"x".to_vec()));
        assert!(
            matches!(lookup(&files, "creators/"), Lookup::File(k) if k == "creators/index.html")
        );
        assert!(matches!(lookup(&files, "creators"), Lookup::Redirect));
        assert!(matches!(lookup(&files, "nope"), Lookup::Missing));
    }
}
