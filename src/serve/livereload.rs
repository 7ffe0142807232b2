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
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

/// Where browsers subscribe to rebuild events.
pub const EVENTS_PATH: &str = "/__creatorkb/events";

/// Id of the overlay element (tests look for it).
pub const OVERLAY_ID: &str = "__creatorkb_overlay";

/// Most bytes waiting for one tab: a tab that stops reading while this
/// much is queued for it is dropped (its browser reconnects if it is
/// still there), so it never holds memory, a rebuild or a lock.
pub const QUEUE_LIMIT: usize = 1024 * 1024;

/// Most tabs listening at once; more are refused (503).
pub const MAX_TABS: usize = 256;

/// Most problems listed in the overlay; the terminal has them all.
const OVERLAY_ITEMS: usize = 100;

// The overlay's look, shared by the HTML put in pages and the script that
// builds it from a `problems` event.
const BOX_STYLE: &str = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(24,24,27,.96);color:#f4f4f5;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;padding:2em;white-space:pre-wrap";
const H2_STYLE: &str = "margin:0 0 .5em;font:bold 18px/1.3 system-ui,sans-serif;color:#ff8a80";
const UL_STYLE: &str = "list-style:none;padding:0;margin:0";
const LI_STYLE: &str = "margin:.6em 0";
const CODE_STYLE: &str = "color:#80d8ff";
const ERROR_STYLE: &str = "color:#ff8a80";
const WARNING_STYLE: &str = "color:#ffd180";
const P_STYLE: &str = "margin-top:1.5em;color:#a1a1aa";
const TITLE: &str = "The site has problems: showing the last good version";
const FOOTER: &str = "Fix the file and save: this page updates by itself.";

/// The script injected before `</body>` in serve mode. The overlay of a
/// `problems` event is built with `textContent` only: nothing in an event
/// is ever read as HTML.
static SCRIPT: LazyLock<String> = LazyLock::new(|| {
    let styles = serde_json::json!({
        "box": BOX_STYLE, "h2": H2_STYLE, "ul": UL_STYLE, "li": LI_STYLE,
        "code": CODE_STYLE, "error": ERROR_STYLE, "warning": WARNING_STYLE, "p": P_STYLE,
    });
    format!(
        r#"<script>/* creatorkb serve: live reload */(function(){{if(!window.EventSource)return;var S={styles},I="{OVERLAY_ID}";function el(t,s,x){{var e=document.createElement(t);e.setAttribute("style",S[s]);if(x!=null)e.textContent=String(x);return e}}var es=new EventSource("{EVENTS_PATH}?page="+encodeURIComponent(location.pathname));es.addEventListener("reload",function(){{location.reload()}});es.addEventListener("css",function(){{var t=Date.now();document.querySelectorAll('link[rel="stylesheet"]').forEach(function(l){{var u=new URL(l.href,location.href);u.searchParams.set("creatorkb",t);l.href=u.href}})}});es.addEventListener("problems",function(e){{var p;try{{p=JSON.parse(e.data)}}catch(x){{return}}var o=document.getElementById(I);if(o)o.remove();var d=el("div","box");d.id=I;d.setAttribute("role","alert");d.appendChild(el("h2","h2",p.title));var u=el("ul","ul");(p.items||[]).forEach(function(i){{var li=el("li","li");li.appendChild(el("code","code",i.place));li.appendChild(document.createTextNode(" "));li.appendChild(el("strong",i.severity==="error"?"error":"warning",i.severity));li.appendChild(document.createElement("br"));li.appendChild(document.createTextNode(String(i.message)));u.appendChild(li)}});d.appendChild(u);d.appendChild(el("p","p",p.footer));document.body.appendChild(d)}})}})();</script>"#
    )
});

/// The overlay of a broken build, in the two forms it is shown in.
#[derive(Clone, Debug)]
pub struct Overlay {
    /// HTML put in every page served while the build is broken (every
    /// value escaped).
    pub html: String,
    /// The data of the `problems` event: JSON the script shows as text.
    pub json: String,
}

/// Connected browsers. The hub never writes to a socket: each tab has a
/// bounded queue ([`Outbox`]) that the connection loop empties, so a tab
/// that stops reading costs at most [`QUEUE_LIMIT`] bytes and is dropped.
#[derive(Default)]
pub struct Hub {
    tabs: Mutex<Tabs>,
    /// Wakes the connection loop when there is something to send.
    wake: OnceLock<Box<dyn Fn() + Send + Sync>>,
}

/// The open tabs and the problems of the broken build, under one lock: a
/// tab that connects either is there when the problems are sent or gets
/// them on connecting.
#[derive(Default)]
struct Tabs {
    clients: Vec<Client>,
    /// The `problems` event while the last build is broken.
    problems: Option<String>,
}

/// One open tab.
struct Client {
    out: Arc<Outbox>,
    /// The file it shows (`creators/lea/index.html`), when it said.
    page: Option<String>,
}

/// The bytes waiting for one tab.
#[derive(Default)]
pub struct Outbox {
    inner: Mutex<(Vec<u8>, bool)>,
}

impl Outbox {
    /// Queues `bytes`; false (and closed) when the tab is gone or has let
    /// more than [`QUEUE_LIMIT`] bytes pile up.
    fn push(&self, bytes: &[u8]) -> bool {
        let Ok(mut q) = self.inner.lock() else {
            return false;
        };
        if q.1 {
            return false;
        }
        // One event bigger than the limit still goes to a tab that keeps up.
        if !q.0.is_empty() && q.0.len() + bytes.len() > QUEUE_LIMIT {
            q.1 = true;
            q.0 = Vec::new();
            return false;
        }
        q.0.extend_from_slice(bytes);
        true
    }

    /// Takes what is queued, and whether the tab was dropped.
    pub fn take(&self) -> (Vec<u8>, bool) {
        self.inner
            .lock()
            .map(|mut q| (std::mem::take(&mut q.0), q.1))
            .unwrap_or((Vec::new(), true))
    }

    /// Marks the tab gone (its connection closed or stalled).
    pub fn close(&self) {
        if let Ok(mut q) = self.inner.lock() {
            q.1 = true;
            q.0 = Vec::new();
        }
    }

    fn is_closed(&self) -> bool {
        self.inner.lock().map_or(true, |q| q.1)
    }
}

/// One Server-Sent Event. Every line of `data` gets its own `data:` field
/// (the browser joins them again), so no value can end the event or start
/// another one; the name keeps only the characters an event name needs.
pub fn sse_event(name: &str, data: &str) -> String {
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    let mut out = format!("event: {name}\n");
    let data = if data.contains('\r') {
        data.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        data.to_string()
    };
    for line in data.split('\n') {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

impl Hub {
    /// An empty hub.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets what wakes the connection loop after bytes were queued (once).
    pub fn set_waker(&self, wake: Box<dyn Fn() + Send + Sync>) {
        let _ = self.wake.set(wake);
    }

    fn wake(&self) {
        if let Some(w) = self.wake.get() {
            w();
        }
    }

    /// Takes a tab showing `page` (a key of the served files, when known):
    /// its queue starts with the response head, then the overlay as a
    /// `problems` event when the site is broken (a tab that reloaded just
    /// before the build failed would miss the event). `None` when
    /// [`MAX_TABS`] tabs are already listening.
    pub fn subscribe(&self, page: Option<String>) -> Option<Arc<Outbox>> {
        let Ok(mut tabs) = self.tabs.lock() else {
            return None;
        };
        tabs.clients.retain(|c| !c.out.is_closed());
        if tabs.clients.len() >= MAX_TABS {
            return None;
        }
        // `retry` makes a browser reconnect quickly after a server restart.
        let mut head = String::from(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\nX-Accel-Buffering: no\r\n\r\nretry: 1000\n: connected\n\n",
        );
        if let Some(p) = &tabs.problems {
            head.push_str(&sse_event("problems", p));
        }
        let out = Arc::new(Outbox::default());
        out.push(head.as_bytes());
        tabs.clients.push(Client {
            out: out.clone(),
            page,
        });
        drop(tabs);
        self.wake();
        Some(out)
    }

    /// Sends the `problems` event of a broken build (`Some`, its JSON) to
    /// every tab and remembers it for tabs that connect later, or forgets
    /// it (`None`).
    pub fn problems(&self, json: Option<&str>) {
        let Ok(mut tabs) = self.tabs.lock() else {
            return;
        };
        tabs.problems = json.map(str::to_string);
        if let Some(j) = json {
            let text = sse_event("problems", j);
            tabs.clients.retain(|c| c.out.push(text.as_bytes()));
            drop(tabs);
            self.wake();
        }
    }

    /// The pages open in a browser; `None` when some tab did not say which
    /// page it shows (a tab opened before an upgrade of the server).
    pub fn open_pages(&self) -> Option<HashSet<String>> {
        let mut tabs = self.tabs.lock().ok()?;
        tabs.clients.retain(|c| !c.out.is_closed());
        tabs.clients.iter().map(|c| c.page.clone()).collect()
    }

    /// Sends one event to every browser; tabs that are gone or too slow
    /// are dropped.
    pub fn send(&self, event: &str, data: &str) {
        self.queue_all(&sse_event(event, data));
    }

    /// A comment line: keeps proxies from timing out and, since writing to
    /// a closed tab fails, forgets tabs that are gone.
    pub fn heartbeat(&self) {
        self.queue_all(": ping\n\n");
    }

    /// Number of connected browsers.
    pub fn len(&self) -> usize {
        self.tabs.lock().map_or(0, |mut t| {
            t.clients.retain(|c| !c.out.is_closed());
            t.clients.len()
        })
    }

    /// Whether no browser is connected.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Queues `text` for every tab, under the lock for a copy only: the
    /// connection loop writes, without it.
    fn queue_all(&self, text: &str) {
        if let Ok(mut tabs) = self.tabs.lock() {
            tabs.clients.retain(|c| c.out.push(text.as_bytes()));
        }
        self.wake();
    }
}

/// Escapes text for HTML element content and attribute values. Newlines
/// become character references so the result fits on one SSE data line.
pub fn escape(s: &str) -> String {
    crate::text::escape_html(s)
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
}

/// The overlay listing a broken build's problems (errors first, at most
/// [`OVERLAY_ITEMS`]): HTML on one line for pages, JSON for the event.
pub fn overlay(problems: &[Diagnostic]) -> Overlay {
    let mut sorted: Vec<&Diagnostic> = problems.iter().collect();
    sorted.sort_by_key(|d| d.severity != Severity::Error);
    let mut items = String::new();
    let mut json_items = Vec::new();
    for d in sorted.iter().take(OVERLAY_ITEMS) {
        let place = match (d.line, d.column) {
            (0, _) => d.path.clone(),
            (l, 0) => format!("{}:{l}", d.path),
            (l, c) => format!("{}:{l}:{c}", d.path),
        };
        let (sev, style) = match d.severity {
            Severity::Error => ("error", ERROR_STYLE),
            Severity::Warning => ("warning", WARNING_STYLE),
        };
        items.push_str(&format!(
            "<li style=\"{LI_STYLE}\"><code style=\"{CODE_STYLE}\">{}</code> <strong style=\"{style}\">{sev}</strong><br>{}</li>",
            escape(&place),
            escape(&d.message)
        ));
        json_items.push(serde_json::json!({"place": place, "severity": sev, "message": d.message}));
    }
    let more = sorted.len().saturating_sub(OVERLAY_ITEMS);
    let footer = if more > 0 {
        format!("{FOOTER} ({more} more problems in the terminal.)")
    } else {
        FOOTER.to_string()
    };
    let html = format!(
        "<div id=\"{OVERLAY_ID}\" role=\"alert\" style=\"{BOX_STYLE}\"><h2 style=\"{H2_STYLE}\">{TITLE}</h2><ul style=\"{UL_STYLE}\">{items}</ul><p style=\"{P_STYLE}\">{}</p></div>",
        escape(&footer)
    );
    let json = serde_json::json!({"title": TITLE, "items": json_items, "footer": footer});
    // `<` never appears raw, should the data ever land in HTML.
    let json = json.to_string().replace('<', "\\u003c");
    Overlay { html, json }
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
        assert!(!o.html.contains("<script"), "{}", o.html);
        assert!(!o.html.contains('\n'));
        assert!(o.html.contains("content/&lt;x&gt;.md:3:2"));
        assert!(o.html.contains("&amp; &#39;more&#39;"));
        // The event carries the text itself, as JSON with no raw `<`.
        assert!(
            !o.json.contains('<') && !o.json.contains('\n'),
            "{}",
            o.json
        );
        let v: serde_json::Value = serde_json::from_str(&o.json).unwrap();
        assert_eq!(v["items"][0]["place"], "content/<x>.md:3:2");
        assert_eq!(
            v["items"][0]["message"],
            "bad `<script>alert(\"1\")</script>`\nnext & 'more'"
        );
    }

    #[test]
    fn the_overlay_lists_so_many_problems_and_counts_the_rest() {
        let d = |i: usize| Diagnostic {
            path: format!("content/{i}.md"),
            line: 1,
            column: 1,
            severity: Severity::Warning,
            message: "x".into(),
        };
        let all: Vec<Diagnostic> = (0..OVERLAY_ITEMS + 5).map(d).collect();
        let o = overlay(&all);
        assert_eq!(o.html.matches("<li").count(), OVERLAY_ITEMS);
        assert!(o.html.contains("5 more problems"), "{}", o.html);
    }

    /// The script builds the overlay from text: no event is read as HTML.
    #[test]
    fn the_script_never_parses_event_data_as_html() {
        assert!(!SCRIPT.contains("innerHTML") && !SCRIPT.contains("insertAdjacentHTML"));
        assert!(SCRIPT.contains("JSON.parse(e.data)") && SCRIPT.contains("textContent"));
        assert_eq!(SCRIPT.matches("</script>").count(), 1);
        // Tests tell a page with the overlay by this attribute.
        assert!(!SCRIPT.contains(&format!("id=\"{OVERLAY_ID}\"")));
    }

    #[test]
    fn every_line_of_event_data_is_its_own_field() {
        let evil = "a.css\n\nevent: problems\ndata: <img src=x onerror=alert(1)>\r\n\rx";
        assert_eq!(
            sse_event("css", evil),
            "event: css\ndata: a.css\ndata: \ndata: event: problems\ndata: data: <img src=x onerror=alert(1)>\ndata: \ndata: x\n\n"
        );
        assert_eq!(sse_event("re\nload", "1"), "event: reload\ndata: 1\n\n");
        // Exactly one event: a blank line only at the end.
        assert_eq!(sse_event("css", evil).matches("\n\n").count(), 1);
    }

    fn text(out: &Outbox) -> String {
        String::from_utf8(out.take().0).unwrap()
    }

    #[test]
    fn gone_tabs_are_dropped_and_open_ones_get_events() {
        let hub = Hub::new();
        let woken = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let w = woken.clone();
        hub.set_waker(Box::new(move || {
            w.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }));
        let open = hub.subscribe(Some("index.html".into())).unwrap();
        let gone = hub.subscribe(None).unwrap();
        gone.close();
        assert_eq!(hub.len(), 1, "a closed connection is not kept");
        let open_pages = hub.open_pages().unwrap();
        assert_eq!(open_pages.into_iter().collect::<Vec<_>>(), ["index.html"]);
        hub.heartbeat();
        hub.send("reload", "1 files");
        assert_eq!(hub.len(), 1);
        let t = text(&open);
        assert!(t.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(
            t.ends_with(": ping\n\nevent: reload\ndata: 1 files\n\n"),
            "{t}"
        );
        assert!(woken.load(std::sync::atomic::Ordering::SeqCst) >= 3);
    }

    /// A tab that stops reading is dropped once its queue is full; sending
    /// never waits for it and the others keep getting events.
    #[test]
    fn a_tab_that_stops_reading_is_dropped_not_waited_for() {
        let hub = Hub::new();
        let stuck = hub.subscribe(None).unwrap();
        let reader = hub.subscribe(None).unwrap();
        let data = "x".repeat(8 * 1024);
        let started = std::time::Instant::now();
        for _ in 0..(QUEUE_LIMIT / data.len() + 2) {
            hub.send("reload", &data);
            let _ = reader.take();
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(hub.len(), 1, "the stuck tab is gone");
        let (rest, closed) = stuck.take();
        assert!(closed && rest.is_empty(), "its memory is freed");
        hub.send("reload", "again");
        assert!(text(&reader).ends_with("data: again\n\n"));
    }

    #[test]
    fn tabs_are_capped() {
        let hub = Hub::new();
        let tabs: Vec<_> = (0..MAX_TABS)
            .map(|_| hub.subscribe(None).unwrap())
            .collect();
        assert!(hub.subscribe(None).is_none());
        tabs[0].close();
        assert!(
            hub.subscribe(None).is_some(),
            "a closed tab frees its place"
        );
    }

    #[test]
    fn a_tab_that_connects_while_broken_gets_the_overlay_and_unknown_pages_count() {
        let hub = Hub::new();
        hub.problems(Some("{\"items\":[]}"));
        let tab = hub.subscribe(Some("a/index.html".into())).unwrap();
        let t = text(&tab);
        assert!(
            t.ends_with(": connected\n\nevent: problems\ndata: {\"items\":[]}\n\n"),
            "{t}"
        );
        assert!(hub.open_pages().is_some());
        hub.problems(None);
        let later = hub.subscribe(None).unwrap();
        let t = text(&later);
        assert!(t.ends_with(": connected\n\n"), "fixed: no overlay; {t}");
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
