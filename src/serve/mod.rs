//! `creatorkb serve`: the dev server.
//!
//! Builds the site in memory, serves it from memory ([`server`]), watches
//! the sources ([`watch`]), rebuilds only what changed ([`incremental`]) and
//! tells open tabs to reload ([`livereload`]). It never writes `output/`.
//! A broken edit is printed and shown as an overlay; the last good site
//! stays served and the server keeps running.

mod deferred;
mod embeds;
mod fastpath;
pub mod fingerprint;
pub mod http;
mod images;
pub mod incremental;
pub mod listings;
pub mod livereload;
pub mod net;
pub mod pages;
pub mod server;
mod sources;
pub mod watch;

use crate::diag::{Diagnostic, Severity};
use crate::resolve::Options;
use incremental::{Outcome, Rebuilder};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};
use watch::Changes;

/// How often open tabs are pinged, so closed ones are noticed.
pub const HEARTBEAT: Duration = Duration::from_secs(5);

/// Extra wait after a batch of changes for more of the same save (an editor
/// writing several files, or a rename seen as two events in two ticks).
const SETTLE: Duration = Duration::from_millis(10);

/// The `serve` command line.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Address to bind (loopback by default).
    pub bind: String,
    /// Port; 0 picks a free one.
    pub port: u16,
    /// Audience and drafts; links are never offline and `base_url` is the site's.
    pub opts: Options,
}

/// Runs the dev server until the process is stopped. Returns an exit
/// status only when it cannot start (port in use, nothing to watch).
pub fn run(root: &Path, so: &ServeOptions) -> u8 {
    let (listener, addr) = match server::bind(&so.bind, so.port) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let (tx, rx) = mpsc::channel();
    let mut watcher = match watch::SiteWatcher::start(root, tx) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    // Event paths are absolute and canonical: build from the same root.
    let root = watcher.root().to_path_buf();
    let state = Arc::new(server::State::default());
    let mut rebuilder = Rebuilder::new(&root, so.opts.clone());
    let first = rebuilder.rebuild(&Changes::default());
    report(&first, true);
    publish(&state, &mut rebuilder, &first, true);
    let rule = http::HostRule::new(&so.bind, addr);
    if let Err(e) = net::start(listener, state.clone(), rule, net::Limits::default()) {
        eprintln!("error: cannot start the server: {e}");
        return 1;
    }
    spawn_heartbeat(&state);
    // `0.0.0.0` / `::` mean "every interface": no browser can open them,
    // so the address printed is this machine's loopback one, which is
    // always among them.
    let shown = if addr.ip().is_unspecified() {
        match addr.ip() {
            std::net::IpAddr::V4(_) => std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
            std::net::IpAddr::V6(_) => std::net::IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        }
    } else {
        addr.ip()
    };
    let host = if shown.is_ipv6() {
        format!("[{shown}]")
    } else {
        shown.to_string()
    };
    if addr.ip().is_unspecified() {
        eprintln!(
            "warning: serving on every network interface ({}) — other machines on the network can see the site at this machine's address, port {}",
            addr.ip(),
            addr.port()
        );
    } else if !addr.ip().is_loopback() {
        eprintln!(
            "warning: serving on {} — other machines on the network can see the site",
            addr.ip()
        );
    }
    // The one line on stdout: scripts and tests read the address from it.
    println!("serving http://{host}:{}/ (Ctrl+C to stop)", addr.port());
    let _ = std::io::Write::flush(&mut std::io::stdout());
    watch_loop(&mut rebuilder, &mut watcher, &rx, &state);
    0
}

/// Rebuilds on every batch of changes, forever.
fn watch_loop(
    rebuilder: &mut Rebuilder,
    watcher: &mut watch::SiteWatcher,
    rx: &Receiver<Changes>,
    state: &Arc<server::State>,
) {
    while let Ok(mut changes) = rx.recv() {
        let waited = Instant::now();
        // Take whatever else is already queued, then give the save a moment
        // to finish; every path is checked on disk again anyway.
        loop {
            while let Ok(more) = rx.try_recv() {
                merge(&mut changes, more);
            }
            match rx.recv_timeout(SETTLE) {
                Ok(more) => merge(&mut changes, more),
                Err(_) => break,
            }
            if waited.elapsed() > Duration::from_millis(200) {
                break;
            }
        }
        // A watched folder may have been created or removed.
        let root = watcher.root().to_path_buf();
        let top = |p: &std::path::PathBuf, name: &str| {
            p.parent() == Some(root.as_path()) && p.file_name().is_some_and(|n| n == name)
        };
        // Every folder the watcher knows (one list, so a new one such as
        // `i18n/` cannot be left out here).
        if changes
            .paths
            .iter()
            .any(|p| watch::FOLDERS.iter().any(|f| top(p, f)))
        {
            watcher.refresh();
        }
        // A `content/` folder created again (a branch switch) may hold
        // files no event was seen for: compare every file. `static/` and
        // `themes/` are read whole whenever anything in them changes.
        if changes.paths.iter().any(|p| top(p, "content")) {
            changes.rescan = true;
        }
        let outcome = rebuilder.rebuild_for(&changes, state.hub.open_pages());
        report(&outcome, false);
        publish(state, rebuilder, &outcome, false);
    }
}

fn merge(into: &mut Changes, more: Changes) {
    into.rescan |= more.rescan;
    into.paths.extend(more.paths);
}

/// Prints problems and the one-line summary on stderr.
fn report(o: &Outcome, first: bool) {
    for d in &o.problems {
        eprintln!("{d}");
    }
    let ms = o.elapsed.as_secs_f64() * 1000.0;
    if !o.ok {
        let errors = o
            .problems
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        eprintln!(
            "build failed ({errors} error{}): still serving the last good version; fix the file and save",
            if errors == 1 { "" } else { "s" }
        );
    } else if first {
        eprintln!("built {} pages in {ms:.0} ms", o.pages);
    } else {
        let later = if o.deferred > 0 {
            format!(", {} more after the reload", o.deferred)
        } else {
            String::new()
        };
        eprintln!(
            "rebuilt {} page{} in {ms:.0} ms ({} file{} changed{later}{})",
            o.rendered,
            if o.rendered == 1 { "" } else { "s" },
            o.changed.len(),
            if o.changed.len() == 1 { "" } else { "s" },
            if o.body_only {
                ", body only"
            } else if o.theme_only {
                ", templates and static files only"
            } else {
                ""
            }
        );
    }
}

/// Hands a build to the server and tells the browsers: pages first (the
/// reload goes out as soon as they are ready), then, on another thread,
/// the site-wide files, unless a newer build supersedes them.
fn publish(state: &Arc<server::State>, rebuilder: &mut Rebuilder, o: &Outcome, first: bool) {
    if !o.ok {
        let overlay = livereload::overlay(&errors_first(&o.problems));
        state.set_overlay(Some(overlay));
        return;
    }
    let was_broken = state.overlay.read().map(|o| o.is_some()).unwrap_or(false);
    state.set_overlay(None);
    // The complete files of the last publication: what a failure after
    // the reload falls back to for the site-wide files.
    let previous = state.files.read().map(|f| f.clone()).ok();
    let mut pages = rebuilder.pages_and_statics();
    let generation = state.begin(pages.clone());
    if !first {
        let css_only = !o.changed.is_empty()
            && o.deferred == 0
            && o.changed.iter().all(|p| p.ends_with(".css"));
        if css_only && !was_broken {
            state.hub.send("css", &o.changed.join(" "));
        } else if !o.changed.is_empty() || o.deferred > 0 || was_broken {
            let data = format!(
                "{} files changed, rebuilt in {:.1} ms",
                o.changed.len(),
                o.elapsed.as_secs_f64() * 1000.0
            );
            state.hub.send("reload", &data);
        }
    }
    if let Some(rest) = rebuilder.finish_deferred() {
        report_deferred(&rest);
        pages = rebuilder.pages_and_statics();
        if !rest.ok {
            // The last good site-wide files stay served with the overlay,
            // as after any failed build.
            let mut files = (*pages).clone();
            for (path, bytes) in previous.iter().flat_map(|f| f.iter()) {
                files.entry(path.clone()).or_insert_with(|| bytes.clone());
            }
            let overlay = livereload::overlay(&errors_first(&rest.problems));
            state.set_overlay(Some(overlay));
            state.complete(generation, Arc::new(files));
            return;
        }
        state.update(generation, pages.clone());
    }
    let Some(job) = rebuilder.site_files_job() else {
        state.complete(generation, pages);
        return;
    };
    let fallback = (state.clone(), pages.clone());
    let state = state.clone();
    let spawned = std::thread::Builder::new()
        .name("creatorkb-site-files".into())
        .spawn(move || match job.run() {
            Ok(files) => {
                state.complete(generation, files);
            }
            Err(problems) => {
                if !state.is_current(generation) {
                    return;
                }
                for d in &problems {
                    eprintln!("{d}");
                }
                eprintln!("build failed: fix the file and save");
                let overlay = livereload::overlay(&errors_first(&problems));
                state.set_overlay(Some(overlay));
                state.complete(generation, pages);
            }
        });
    if spawned.is_err() {
        eprintln!("warning: cannot start a thread; the site-wide files are not updated");
        fallback.0.complete(generation, fallback.1);
    }
}

/// The second line of a rebuild whose listing pages came after the reload.
fn report_deferred(o: &Outcome) {
    for d in &o.problems {
        eprintln!("{d}");
    }
    if o.ok {
        eprintln!(
            "then {} more page{} in {:.0} ms",
            o.rendered,
            if o.rendered == 1 { "" } else { "s" },
            o.elapsed.as_secs_f64() * 1000.0
        );
    } else {
        eprintln!(
            "build failed: still serving the last good version of the other pages; fix the file and save"
        );
    }
}

fn errors_first(problems: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut v = problems.to_vec();
    v.sort_by_key(|d| d.severity != Severity::Error);
    v
}

fn spawn_heartbeat(state: &Arc<server::State>) {
    let state = state.clone();
    let _ = std::thread::Builder::new()
        .name("creatorkb-heartbeat".into())
        .spawn(move || {
            loop {
                std::thread::sleep(HEARTBEAT);
                state.hub.heartbeat();
            }
        });
}
