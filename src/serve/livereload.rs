//! Live reload over Server-Sent Events, and the problem overlay.
//!
//! Every HTML page the dev server sends gets a small script (never written
//! by `build`) that listens on [`EVENTS_PATH`]: `reload` reloads the page,
//! `css` swaps the stylesheets without a reload, `problems` shows the
//! overlay. While the last build is broken, the overlay is also put in
//! every page served, so a manual reload shows it too.
//!
//! The script says which page it is on (`?page=`): a rebuild renders the
//! pages open in a browser first and tells them to reload before it
//! renders the rest (see `Rebuilder::rebuild_for`).

use crate::diag::{Diagnostic, Severity};
use crate::fasthash::HashSet;
use std::io::Write;
use std::sync::Mutex;

/// Where browsers subscribe to rebuild events.
pub const EVENTS_PATH: &str = "/__creatorkb/events";

/// Id of the overlay element (tests look for it).
pub const OVERLAY_ID: &str = "__creatorkb_overlay";

/// The script injected before `</body>` in serve mode.
const SCRIPT: &str = r#"<script>/* creatorkb serve: live reload */(function(){if(!window.EventSource)return;var es=new EventSource("/__creatorkb/events?page="+encodeURIComponent(location.pathname));es.addEventListener("reload",function(){location.reload()});es.addEventListener("css",function(){var t=Date.now();document.querySelectorAll('link[rel="stylesheet"]').forEach(function(l){var u=new URL(l.href,location.href);u.searchParams.set("creatorkb",t);l.href=u.href})});es.addEventListener("problems",function(e){var o=document.getElementById("__creatorkb_overlay");if(o)o.remove();var d=document.createElement("div");d.innerHTML=e.data;if(d.firstChild)document.body.appendChild(d.firstChild)})})();</script>"#;

/// Connected browsers. Writers come from `tiny_http::Request::into_writer`,
/// the only way to keep a response open with tiny_http.
#[derive(Default)]
pub struct Hub {
    tabs: Mutex<Tabs>,
}

/// The open tabs and the problems of the broken build, under one lock: a
/// tab that connects either is there when the problems are sent or gets
/// them on connecting.
#[derive(Default)]
struct Tabs {
    clients: Vec<Client>,
    /// The overlay while the last build is broken.
    problems: Option<String>,
}

/// One open tab.
struct Client {
    out: Box<dyn Write + Send>,
    /// The file it shows (`creators/lea/index.html`), when it said.
    page: Option<String>,
}

impl Hub {
    /// An empty hub.
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes over a connection from a tab showing `page` (a key of the
    /// served files, when known): sends the response head, then the
    /// overlay as a `problems` event when the site is broken (a tab that
    /// reloaded just before the build failed would miss the event), and
    /// keeps the connection.
    pub fn subscribe(&self, mut w: Box<dyn Write + Send>, page: Option<String>) {
        let Ok(mut tabs) = self.tabs.lock() else {
            return;
        };
        // `retry` makes a browser reconnect quickly after a server restart.
        let mut head = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 1000\n: connected\n\n",
        );
        if let Some(o) = &tabs.problems {
            head.push_str(&format!("event: problems\ndata: {o}\n\n"));
        }
        if w.write_all(head.as_bytes()).and_then(|_| w.flush()).is_ok() {
            tabs.clients.push(Client { out: w, page });
        }
    }

    /// Sends the overlay of a broken build to every tab and remembers it
    /// for tabs that connect later (`Some`), or forgets it (`None`).
    pub fn problems(&self, overlay: Option<&str>) {
        if let Ok(mut tabs) = self.tabs.lock() {
            tabs.problems = overlay.map(str::to_string);
            if let Some(o) = overlay {
                broadcast(
                    &mut tabs.clients,
                    &format!("event: problems\ndata: {o}\n\n"),
                );
            }
        }
    }

    /// The pages open in a browser; `None` when some tab did not say which
    /// page it shows (a tab opened before an upgrade of the server).
    pub fn open_pages(&self) -> Option<HashSet<String>> {
        let tabs = self.tabs.lock().ok()?;
        tabs.clients.iter().map(|c| c.page.clone()).collect()
    }

    /// Sends one event to every browser; closed connections are dropped.
    /// `data` must be a single line.
    pub fn send(&self, event: &str, data: &str) {
        self.write_all(&format!("event: {event}\ndata: {data}\n\n"));
    }

    /// A comment line: keeps proxies from timing out and, since writing to
    /// a closed tab fails, forgets tabs that are gone.
    pub fn heartbeat(&self) {
        self.write_all(": ping\n\n");
    }

    /// Number of connected browsers.
    pub fn len(&self) -> usize {
        self.tabs.lock().map_or(0, |t| t.clients.len())
    }

    /// Whether no browser is connected.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn write_all(&self, text: &str) {
        if let Ok(mut tabs) = self.tabs.lock() {
            broadcast(&mut tabs.clients, text);
        }
    }
}

/// Writes `text` to every client; those whose connection is closed are dropped.
fn broadcast(clients: &mut Vec<Client>, text: &str) {
    clients.retain_mut(|c| {
        c.out
            .write_all(text.as_bytes())
            .and_then(|_| c.out.flush())
            .is_ok()
    });
}

/// Escapes text for HTML element content and attribute values. Newlines
/// become character references so the result fits on one SSE data line.
pub fn escape(s: &str) -> String {
    crate::text::escape_html(s)
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
}

/// The overlay listing a broken build's problems (errors first), on one line.
pub fn overlay(problems: &[Diagnostic]) -> String {
    let mut items = String::new();
    let mut sorted: Vec<&Diagnostic> = problems.iter().collect();
    sorted.sort_by_key(|d| d.severity != Severity::Error);
    for d in sorted {
        let place = match (d.line, d.column) {
            (0, _) => d.path.clone(),
            (l, 0) => format!("{}:{l}", d.path),
            (l, c) => format!("{}:{l}:{c}", d.path),
        };
        let (sev, color) = match d.severity {
            Severity::Error => ("error", "#ff8a80"),
            Severity::Warning => ("warning", "#ffd180"),
        };
        items.push_str(&format!(
            "<li style=\"margin:.6em 0\"><code style=\"color:#80d8ff\">{}</code> <strong style=\"color:{color}\">{sev}</strong><br>{}</li>",
            escape(&place),
            escape(&d.message)
        ));
    }
    format!(
        "<div id=\"{OVERLAY_ID}\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(24,24,27,.96);color:#f4f4f5;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2em\"><h2 style=\"margin:0 0 .5em;font:bold 18px/1.3 system-ui,sans-serif;color:#ff8a80\">The site has problems: showing the last good version</h2><ul style=\"list-style:none;padding:0;margin:0\">{items}</ul><p style=\"margin-top:1.5em;color:#a1a1aa\">Fix the file and save: this page updates by itself.</p></div>"
    )
}

/// `html` with the live-reload script, and the overlay when given, put
/// before its last `</body>` (or at the end when there is none).
pub fn inject(html: &[u8], overlay: Option<&str>) -> Vec<u8> {
    let extra_len = SCRIPT.len() + overlay.map_or(0, str::len);
    let mut out = Vec::with_capacity(html.len() + extra_len);
    let at = rfind_ci(html, b"</body>").unwrap_or(html.len());
    out.extend_from_slice(&html[..at]);
    if let Some(o) = overlay {
        out.extend_from_slice(o.as_bytes());
    }
    out.extend_from_slice(SCRIPT.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Last position of `needle` in `hay`, ignoring ASCII case.
fn rfind_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_escapes_everything_and_stays_on_one_line() {
        let d = Diagnostic {
            path: "content/<x>.md".into(),
            line: 3,
            column: 2,
            severity: Severity::Error,
            message: "bad `<script>alert(\"1\")</script>`\nnext & 'more'".into(),
        };
        let o = overlay(&[d]);
        assert!(!o.contains("<script"), "{o}");
        assert!(!o.contains('\n'));
        assert!(o.contains("content/&lt;x&gt;.md:3:2"));
        assert!(o.contains("&amp; &#39;more&#39;"));
    }

    /// A tab that went away: every write fails.
    struct Closed;
    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A tab that is still there.
    #[derive(Clone, Default)]
    struct Open(std::sync::Arc<Mutex<Vec<u8>>>);
    impl Write for Open {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn closed_tabs_are_dropped_and_open_ones_get_events() {
        let hub = Hub::new();
        let open = Open::default();
        hub.subscribe(Box::new(open.clone()), Some("index.html".into()));
        hub.subscribe(Box::new(Closed), None);
        assert_eq!(hub.len(), 1, "a connection that fails at once is not kept");
        let open_pages = hub.open_pages().unwrap();
        assert_eq!(open_pages.into_iter().collect::<Vec<_>>(), ["index.html"]);
        hub.heartbeat();
        hub.send("reload", "1 files");
        assert_eq!(hub.len(), 1);
        let text = String::from_utf8(open.0.lock().unwrap().clone()).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(
            text.ends_with(": ping\n\nevent: reload\ndata: 1 files\n\n"),
            "{text}"
        );
    }

    #[test]
    fn a_tab_that_connects_while_broken_gets_the_overlay_and_unknown_pages_count() {
        let hub = Hub::new();
        hub.problems(Some("<div>x</div>"));
        let tab = Open::default();
        hub.subscribe(Box::new(tab.clone()), Some("a/index.html".into()));
        let text = String::from_utf8(tab.0.lock().unwrap().clone()).unwrap();
        assert!(
            text.ends_with(": connected\n\nevent: problems\ndata: <div>x</div>\n\n"),
            "{text}"
        );
        assert!(hub.open_pages().is_some());
        hub.problems(None);
        let later = Open::default();
        hub.subscribe(Box::new(later.clone()), None);
        let text = String::from_utf8(later.0.lock().unwrap().clone()).unwrap();
        assert!(
            text.ends_with(": connected\n\n"),
            "fixed: no overlay; {text}"
        );
        assert_eq!(hub.open_pages(), None, "a tab that did not say where it is");
    }

    #[test]
    fn script_goes_before_the_last_body_end() {
        let out = inject(b"<html><body>x</body></html>", Some("<div>o</div>"));
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("<html><body>x<div>o</div><script>"));
        assert!(s.ends_with("</script></body></html>"));
        let s = String::from_utf8(inject(b"plain", None)).unwrap();
        assert!(s.starts_with("plain<script>"));
    }
}
