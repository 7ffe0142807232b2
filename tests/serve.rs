//! `serve` against the real binary on a loopback port (`--port 0`): statuses,
//! content types, traversal attempts, malformed requests, live-reload
//! events, the problem overlay and recovery, options, port in use. The
//! byte-for-byte comparison with full builds after every kind of edit is in
//! `serve_incremental.rs`.

mod serve_support;
use creatorkb::resolve::{Audience, Options};
use serve_support::{
    Serve, TIMEOUT, assert_served_equals_build, full_build, init_site, public, read, site,
    strip_injection, write,
};
use std::time::Duration;

#[test]
fn pages_statuses_content_types_and_head() {
    let tmp = init_site();
    let root = site(&tmp);
    let serve = Serve::start(&root, &[]);

    let home = serve.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-cache"));
    assert!(
        home.text().contains("/__creatorkb/events"),
        "the live-reload script is injected"
    );

    let dir = serve.get("/creators");
    assert_eq!(dir.status, 301);
    assert_eq!(dir.header("location"), Some("/creators/"));
    let dir = serve.get("/creators?x=1");
    assert_eq!(dir.header("location"), Some("/creators/?x=1"));
    let index = serve.get("/creators/");
    assert_eq!(index.status, 200);
    assert_eq!(
        strip_injection(&index.body),
        serve
            .get("/creators/index.html")
            .body
            .as_slice()
            .pipe(strip_injection)
    );

    for (path, kind) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "image/svg+xml"),
        ("/creators/sample-creator/", "text/html; charset=utf-8"),
        ("/404.html", "text/html; charset=utf-8"),
    ] {
        let r = serve.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(kind), "{path}");
        assert_eq!(r.header("cache-control"), Some("no-cache"), "{path}");
    }
    write(&root, "static/data/x.json", "{}");
    write(&root, "static/img/p.png", "png");
    write(&root, "static/notes.txt", "hi");
    write(&root, "static/app.js", "1");
    write(&root, "static/font.woff2", "w");
    let mut events = serve.events();
    events.expect("reload");
    for (path, kind) in [
        ("/data/x.json", "application/json"),
        ("/img/p.png", "image/png"),
        ("/notes.txt", "text/plain; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/font.woff2", "font/woff2"),
    ] {
        let r = serve.get(path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(kind), "{path}");
    }
    // JSON is served as written: nothing injected outside HTML.
    assert_eq!(serve.get("/data/x.json").body, b"{}");

    let missing = serve.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let built_404 = full_build(&root, &public()).remove("404.html").unwrap();
    assert_eq!(
        strip_injection(&missing.body),
        built_404,
        "the site's own 404 page"
    );

    let head = serve.request("HEAD", "/creators/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(
        head.header("content-length").map(str::to_string),
        Some(index.body.len().to_string())
    );

    let post = serve.request("POST", "/");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));

    // Serve works in memory: no output folder, and `build` output has no trace of serve.
    assert!(
        !root.join("output").exists(),
        "serve must not write output/"
    );
    for (path, bytes) in full_build(&root, &public()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__creatorkb"),
            "{path} of a build mentions the dev server"
        );
    }
}

trait Pipe: Sized {
    fn pipe<T>(self, f: impl FnOnce(Self) -> T) -> T {
        f(self)
    }
}
impl<T> Pipe for T {}

#[test]
fn traversal_attempts_are_404_and_never_read_outside() {
    let tmp = init_site();
    let root = site(&tmp);
    // Secrets next to the site and inside it (sources are never served).
    write(tmp.path(), "secret.txt", "TOP-SECRET-OUTSIDE");
    write(
        &root,
        "content/creators/sample-creator.md",
        &read(&root, "content/creators/sample-creator.md")
            .replace("Who this creator is", "SOURCE-ONLY-MARKER Who"),
    );
    let serve = Serve::start(&root, &[]);
    let attempts = [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/..%2f..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/a\\..\\..\\secret.txt",
        "/..%5c..%5csecret.txt",
        "//etc/passwd",
        "///etc/passwd",
        "/%2fetc%2fpasswd",
        "/etc/passwd",
        "/secret.txt%00.html",
        "/index.html%00",
        "/%00",
        "/./index.html/..",
        "/creators/../../secret.txt",
        "/site.yaml",
        "/content/creators/sample-creator.md",
        "/../site/content/creators/sample-creator.md",
        "/C:/Windows/win.ini",
        "/%c0%ae%c0%ae/secret.txt",
        "/%",
        "/%zz",
    ];
    for path in attempts {
        let r = serve.get(path);
        assert!(r.status == 404 || r.status == 400, "{path}: {}", r.status);
        let text = r.text();
        assert!(
            !text.contains("TOP-SECRET-OUTSIDE"),
            "{path} leaked a file outside the site"
        );
        assert!(
            !text.contains("SOURCE-ONLY-MARKER"),
            "{path} leaked a source file"
        );
        assert!(!text.contains("root:"), "{path} leaked /etc/passwd");
    }
    // A request target that is not a path at all.
    let raw = serve.raw(b"GET ../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(!String::from_utf8_lossy(&raw).contains("TOP-SECRET"));
    let raw = serve.raw(
        b"GET http://127.0.0.1/../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(!String::from_utf8_lossy(&raw).contains("TOP-SECRET"));
    assert_eq!(serve.get("/").status, 200, "still serving");
}

#[test]
fn malformed_requests_and_concurrency_do_not_stop_it() {
    let tmp = init_site();
    let serve = Serve::start(&site(&tmp), &[]);
    let garbage: Vec<&[u8]> = vec![
        b"\r\n\r\n",
        b"GARBAGE\r\n\r\n",
        b"GET\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET / HTTP/1.1\r\nNo-Colon-Header\r\n\r\n",
        b"GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"\xff\xfe\xfd binary \x00\x01\r\n\r\n",
        b"GET / HTTP/1.1\r\nContent-Length: 999999\r\n\r\nshort",
        b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"GET / HTTP/1.1\r\nHost: x", // never finished
    ];
    for g in &garbage {
        let _ = serve.raw(g);
    }
    let long = format!(
        "GET /{} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        "a".repeat(100_000)
    );
    let _ = serve.raw(long.as_bytes());
    // A client that connects and goes away.
    drop(std::net::TcpStream::connect(("127.0.0.1", serve.port)).unwrap());
    // Requests in parallel, more than there are worker threads, while a
    // live-reload stream is open.
    let _events = serve.events();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..24)
            .map(|i| {
                let serve = &serve;
                s.spawn(move || {
                    let path = if i % 2 == 0 { "/" } else { "/creators/" };
                    serve.get(path).status
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), 200);
        }
    });
    assert_eq!(
        serve.get("/glossary/").status,
        200,
        "still serving after malformed requests"
    );
}

#[test]
fn reload_event_overlay_on_broken_edits_and_recovery() {
    let tmp = init_site();
    let root = site(&tmp);
    let serve = Serve::start(&root, &[]);
    let mut events = serve.events();
    let creator = "content/creators/sample-creator.md";
    let good = read(&root, creator);

    // An edit reaches the browser as a reload, and the page shows it.
    write(
        &root,
        creator,
        &good.replace("Who this creator is", "EDITED-ONCE. Who this creator is"),
    );
    events.expect("reload");
    assert!(
        serve
            .get("/creators/sample-creator/")
            .text()
            .contains("EDITED-ONCE")
    );

    // A broken edit: problems event with file, line and message (escaped);
    // the last good page stays served, with the overlay.
    let broken = good.replacen("---\n", "---\nfolowers: <b>3</b>\n", 1);
    write(&root, creator, &broken);
    // The event carries the problems as JSON, which the script shows as text.
    let overlay = events.expect("problems");
    let parsed: serde_json::Value = serde_json::from_str(&overlay).expect("JSON problems");
    assert_eq!(
        parsed["items"][0]["place"], "content/creators/sample-creator.md:2:1",
        "{overlay}"
    );
    assert!(overlay.contains("unknown field `folowers`"), "{overlay}");
    let page = serve.get("/creators/sample-creator/");
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(
        text.contains("EDITED-ONCE"),
        "the last good version stays served"
    );
    assert!(
        text.contains("id=\"__creatorkb_overlay\""),
        "the overlay is in the page"
    );
    assert!(text.contains("unknown field `folowers`"));
    // An unescaped value in a message would be markup.
    let evil = good.replacen("---\n", "---\n\"<img src=x onerror=alert(1)>\": 1\n", 1);
    write(&root, creator, &evil);
    let overlay = events.expect("problems");
    assert!(!overlay.contains("<img"), "{overlay}");
    let parsed: serde_json::Value = serde_json::from_str(&overlay).expect("JSON problems");
    assert!(
        parsed["items"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("<img src=x onerror=alert(1)>")),
        "the text itself, for `textContent`: {overlay}"
    );
    let page = serve.get("/").text();
    assert!(!page.contains("<img src=x"));
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(
        serve
            .stderr()
            .contains("content/creators/sample-creator.md:"),
        "problems go to the terminal"
    );

    // The fix: reload, and the overlay is gone.
    write(&root, creator, &good);
    events.expect("reload");
    let text = serve.get("/creators/sample-creator/").text();
    assert!(!text.contains("id=\"__creatorkb_overlay\""));
    assert!(!text.contains("EDITED-ONCE"));

    // A template error is reported the same way, and recovers the same way.
    write(
        &root,
        "themes/default/templates/creator.html",
        "{% extends \"base.html\" %}{% block content %}{{ creator.name | nosuchfilter }}{% endblock content %}",
    );
    let overlay = events.expect("problems");
    assert!(
        overlay.contains("themes/default/templates/creator.html"),
        "{overlay}"
    );
    assert!(
        serve
            .get("/creators/sample-creator/")
            .text()
            .contains("id=\"__creatorkb_overlay\"")
    );
    std::fs::remove_file(root.join("themes/default/templates/creator.html")).unwrap();
    events.expect("reload");
    assert!(!serve.get("/").text().contains("id=\"__creatorkb_overlay\""));

    // A stylesheet-only change swaps the CSS without a reload.
    let css = serve.get("/style.css").text();
    write(
        &root,
        "static/style.css",
        &format!("{css}\n.x{{color:red}}\n"),
    );
    let data = events.expect("css");
    assert!(data.contains("style.css"), "{data}");
    assert!(serve.get("/style.css").text().ends_with(".x{color:red}\n"));

    // Editor noise does not trigger a rebuild.
    let rebuilds = |s: &Serve| s.stderr().matches("rebuilt ").count();
    // stderr is read on another thread: let the last summary line arrive.
    let mut before = rebuilds(&serve);
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let now = rebuilds(&serve);
        if now == before {
            break;
        }
        before = now;
    }
    write(&root, "content/creators/sample-creator.md~", "backup");
    write(&root, "content/creators/.sample-creator.md.swp", "swap");
    write(&root, "content/creators/4913", "");
    assert!(events.next_within(Duration::from_millis(600)).is_none());
    assert_eq!(rebuilds(&serve), before, "{}", serve.stderr());
    assert!(serve.get("/").status == 200);
}

/// A tab on a profile gets its reload before the listing pages are
/// rendered; a template error in one of those still fails the build: the
/// overlay comes, the listing keeps its last good version, and the fix
/// brings everything back.
#[test]
fn a_template_error_in_a_page_rendered_after_the_reload() {
    let tmp = init_site();
    let root = site(&tmp);
    let serve = Serve::start(&root, &[]);
    let mut events = serve.events_on("/creators/sample-creator/");
    let listing = serve.get("/creators/").text();
    write(
        &root,
        "themes/default/templates/creators.html",
        "{% extends \"base.html\" %}{% block content %}{{ page.title | round }}{% endblock content %}",
    );
    // The profile does not use that template: nothing to reload for, but
    // the listing, rendered after, fails.
    let overlay = loop {
        let (name, data) = events.next();
        if name == "problems" {
            break data;
        }
        assert_eq!(name, "reload", "{data}");
    };
    assert!(
        overlay.contains("themes/default/templates/creators.html"),
        "{overlay}"
    );
    let page = serve.get("/creators/");
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains("id=\"__creatorkb_overlay\""), "{text}");
    assert_eq!(
        strip_injection(text.as_bytes()),
        strip_injection(listing.as_bytes()),
        "the last good listing stays served"
    );
    // So do the site-wide files of the last good build.
    for path in ["/sitemap.xml", "/search/", "/search/index.js"] {
        assert_eq!(serve.get(path).status, 200, "{path}");
    }
    // stderr is read on another thread: give it a moment.
    let deadline = std::time::Instant::now() + TIMEOUT;
    while !serve.stderr().contains("the other pages") {
        assert!(std::time::Instant::now() < deadline, "{}", serve.stderr());
        std::thread::sleep(Duration::from_millis(10));
    }
    std::fs::remove_file(root.join("themes/default/templates/creators.html")).unwrap();
    events.expect("reload");
    assert_served_equals_build(&serve, &root, &public(), &[], "fixed");
}

#[test]
fn team_audience_and_drafts_are_passed_on() {
    let tmp = init_site();
    let root = site(&tmp);
    write(
        &root,
        "content/creators/hidden.md",
        "---\nname: Hidden Draft\nstatus: active\ndraft: true\n---\nx\n",
    );
    let serve = Serve::start(&root, &["--audience", "team", "--drafts"]);
    let opts = Options {
        audience: Audience::Team,
        drafts: true,
        offline: false,
        base_url: None,
        today: None,
    };
    assert_served_equals_build(&serve, &root, &opts, &[], "team with drafts");
    assert_eq!(serve.get("/creators/hidden/").status, 200);
}

#[test]
fn a_port_in_use_is_a_clear_message() {
    let tmp = init_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_creatorkb"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site(&tmp))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("serve did not stop on a port in use");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(
        err.contains("already in use") && err.contains("--port 0"),
        "{err}"
    );
}

#[test]
fn a_site_that_starts_broken_is_served_once_fixed() {
    let tmp = init_site();
    let root = site(&tmp);
    let good = read(&root, "site.yaml");
    write(&root, "site.yaml", "title: [unclosed\n");
    let serve = Serve::start(&root, &[]);
    let r = serve.get("/");
    assert_eq!(r.status, 404);
    assert!(
        r.text().contains("id=\"__creatorkb_overlay\""),
        "{}",
        r.text()
    );
    assert!(r.text().contains("site.yaml"));
    let mut events = serve.events();
    // A tab that connects while the site is broken is shown the problems
    // at once (it may have reloaded just before the build failed).
    assert!(events.expect("problems").contains("site.yaml"));
    write(&root, "site.yaml", &good);
    events.expect("reload");
    assert_served_equals_build(&serve, &root, &public(), &[], "fixed");
}

#[test]
fn an_i18n_folder_created_while_serving_is_watched() {
    let tmp = init_site();
    let root = site(&tmp);
    assert!(!root.join("i18n").exists(), "init makes no i18n/ folder");
    let serve = Serve::start(&root, &[]);
    assert!(!serve.get("/").text().contains("Zorblax"));
    let mut events = serve.events();
    // The folder appears after `serve` started: it must be watched from
    // then on, and its first file applied.
    write(&root, "i18n/en.yaml", "section:\n  home: Zorblax home\n");
    events.expect("reload");
    let full = assert_served_equals_build(&serve, &root, &public(), &[], "i18n created");
    assert!(
        full.values()
            .any(|b| String::from_utf8_lossy(b).contains("Zorblax home")),
        "the site's i18n/en.yaml was not applied to the build"
    );
    // A second edit inside the new folder is seen too (it is now watched).
    write(&root, "i18n/en.yaml", "section:\n  home: Quuxle home\n");
    events.expect("reload");
    let full = assert_served_equals_build(&serve, &root, &public(), &[], "i18n edited");
    assert!(
        full.values()
            .any(|b| String::from_utf8_lossy(b).contains("Quuxle home"))
    );
}

#[test]
fn serve_counts_the_same_pages_as_build_and_prints_a_reachable_address() {
    let tmp = init_site();
    let root = site(&tmp);
    // `--bind 0.0.0.0` listens everywhere, but the printed address must be
    // one a browser can open (the helper reads `http://127.0.0.1:PORT/`).
    let serve = Serve::start(&root, &["--bind", "0.0.0.0"]);
    assert_eq!(serve.get("/").status, 200);
    let served = serve.stderr_with(&["every network interface", "built "]);
    assert!(
        served.contains("every network interface") && served.contains("0.0.0.0"),
        "{served}"
    );
    let count = |text: &str| -> usize {
        let at = text
            .find("built ")
            .unwrap_or_else(|| panic!("no `built N pages` line in {text}"));
        text[at + 6..]
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no page count in {text}"))
    };
    let out = tmp.path().join("out");
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_creatorkb"))
        .args(["build", "--root"])
        .arg(&root)
        .arg("--output")
        .arg(&out)
        .env("NO_COLOR", "1")
        .output()
        .expect("run build");
    assert!(built.status.success(), "{built:?}");
    let built = String::from_utf8_lossy(&built.stderr).into_owned();
    let html = full_build(&root, &public())
        .keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    assert_eq!(count(&built), html, "{built}");
    assert_eq!(count(&served), html, "serve: {served}\nbuild: {built}");
}
