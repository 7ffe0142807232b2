//! `serve` against the real binary on a loopback port (`--port 0`): statuses,
//! content types, traversal attempts, malformed requests, live-reload
//! events, the problem overlay and recovery, and — after every kind of edit
//! — served files equal to a fresh full build, byte for byte.

mod serve_support;
use creatorkb::resolve::{Audience, Options};
use serve_support::{Serve, TIMEOUT, strip_injection};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;
use tempfile::TempDir;

/// A new site made by `creatorkb init`.
fn init_site() -> TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_creatorkb"))
        .arg("init")
        .arg(tmp.path().join("site"))
        .output()
        .expect("run init");
    assert!(out.status.success(), "{out:?}");
    tmp
}

fn site(tmp: &TempDir) -> std::path::PathBuf {
    tmp.path().join("site")
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

/// A fresh full in-memory build: path → bytes.
fn full_build(root: &Path, opts: &Options) -> BTreeMap<String, Vec<u8>> {
    let mut d = creatorkb::diag::Diagnostics::new();
    let built = creatorkb::build(root, opts, &mut d)
        .unwrap_or_else(|| panic!("the site should build: {:?}", d.into_sorted()));
    built.files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// Every file of a full build is served with the same bytes (once the
/// serve-only script is taken out), and files of `gone` are 404.
fn assert_served_equals_build(
    serve: &Serve,
    root: &Path,
    opts: &Options,
    gone: &[String],
    step: &str,
) -> BTreeMap<String, Vec<u8>> {
    let full = full_build(root, opts);
    for (path, bytes) in &full {
        let r = serve.get(&format!("/{path}"));
        assert_eq!(r.status, 200, "{step}: /{path}");
        let served = strip_injection(&r.body);
        if served != *bytes {
            panic!(
                "{step}: /{path} differs from a full build\n--- served ---\n{}\n--- built ---\n{}",
                String::from_utf8_lossy(&served),
                String::from_utf8_lossy(bytes)
            );
        }
    }
    for path in gone.iter().filter(|p| !full.contains_key(*p)) {
        assert_eq!(
            serve.get(&format!("/{path}")).status,
            404,
            "{step}: /{path} should be gone"
        );
    }
    full
}

fn public() -> Options {
    Options {
        audience: Audience::Public,
        drafts: false,
        offline: false,
        base_url: None,
    }
}

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
    let overlay = events.expect("problems");
    assert!(overlay.contains("__creatorkb_overlay"), "{overlay}");
    assert!(
        overlay.contains("content/creators/sample-creator.md:2:1"),
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
    assert!(
        overlay.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{overlay}"
    );
    assert!(!serve.get("/").text().contains("<img src=x"));
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
    let before = rebuilds(&serve);
    write(&root, "content/creators/sample-creator.md~", "backup");
    write(&root, "content/creators/.sample-creator.md.swp", "swap");
    write(&root, "content/creators/4913", "");
    assert!(events.next_within(Duration::from_millis(600)).is_none());
    assert_eq!(rebuilds(&serve), before, "{}", serve.stderr());
    assert!(serve.get("/").status == 200);
}

#[test]
fn every_kind_of_edit_serves_exactly_a_full_build() {
    let tmp = init_site();
    let root = site(&tmp);
    // A richer site: creators in campaigns, related terms, a FAQ.
    write(
        &root,
        "content/creators/lea-martin.md",
        "---\nname: Léa Martin\nstatus: active\nsummary: Lyon food.\nplatforms:\n  - network: tiktok\n    followers: 50000\nniches: [food]\nlanguages: [fr]\ncountry: FR\n---\nLéa cooks. See [the sample](sample-creator.md).\n",
    );
    write(&root, "content/campaigns/sample-campaign.md", &read(&root, "content/campaigns/sample-campaign.md").replace("creators: []", "creators:\n  - creator: lea-martin\n    status: published\n    due: 2025-03-01\n    published: 2025-02-28\n    quality: 4"));
    write(
        &root,
        "content/glossary/brief.md",
        "---\nterm: Brief\ndefinition: What the creator gets.\nrelated: [creator-crm]\n---\nA brief.\n\n## FAQ\n\n### How long?\n\nOne page.\n",
    );
    let opts = public();
    let serve = Serve::start(&root, &[]);
    let mut events = serve.events();
    let mut last = assert_served_equals_build(&serve, &root, &opts, &[], "start");

    type Step = Box<dyn Fn(&Path)>;
    let steps: Vec<(&str, Step)> = vec![
        (
            "creator body edit",
            Box::new(|r| {
                let t = read(r, "content/creators/lea-martin.md");
                write(
                    r,
                    "content/creators/lea-martin.md",
                    &t.replace("Léa cooks.", "Léa cooks and films."),
                );
            }),
        ),
        (
            "creator front matter: name changes the sort order",
            Box::new(|r| {
                let t = read(r, "content/creators/lea-martin.md");
                write(
                    r,
                    "content/creators/lea-martin.md",
                    &t.replace("name: Léa Martin", "name: Aaron Léa"),
                );
            }),
        ),
        (
            "creator card field shown in listings",
            Box::new(|r| {
                let t = read(r, "content/creators/lea-martin.md");
                write(
                    r,
                    "content/creators/lea-martin.md",
                    &t.replace("followers: 50000", "followers: 75000")
                        .replace("niches: [food]", "niches: [food, travel]"),
                );
            }),
        ),
        (
            "atomic save: temp file renamed over the creator",
            Box::new(|r| {
                let t = read(r, "content/creators/lea-martin.md");
                write(
                    r,
                    "content/creators/.lea-martin.md.tmp",
                    &t.replace("summary: Lyon food.", "summary: Lyon food and wine."),
                );
                std::fs::rename(
                    r.join("content/creators/.lea-martin.md.tmp"),
                    r.join("content/creators/lea-martin.md"),
                )
                .unwrap();
            }),
        ),
        (
            "vim-style save: original renamed to a backup, new file written",
            Box::new(|r| {
                let t = read(r, "content/creators/lea-martin.md");
                std::fs::rename(
                    r.join("content/creators/lea-martin.md"),
                    r.join("content/creators/lea-martin.md~"),
                )
                .unwrap();
                write(r, "content/creators/4913", "");
                std::fs::remove_file(r.join("content/creators/4913")).unwrap();
                write(
                    r,
                    "content/creators/lea-martin.md",
                    &t.replace("Léa cooks and films.", "Léa cooks, films and writes."),
                );
                std::fs::remove_file(r.join("content/creators/lea-martin.md~")).unwrap();
            }),
        ),
        (
            "save in bursts",
            Box::new(|r| {
                let t =
                    read(r, "content/creators/lea-martin.md").replace("writes.", "writes books.");
                let (a, b) = t.as_bytes().split_at(t.len() / 2);
                use std::io::Write;
                let mut f =
                    std::fs::File::create(r.join("content/creators/lea-martin.md")).unwrap();
                f.write_all(a).unwrap();
                f.flush().unwrap();
                std::thread::sleep(Duration::from_millis(5));
                f.write_all(b).unwrap();
            }),
        ),
        (
            "add a creator",
            Box::new(|r| {
                write(
                    r,
                    "content/creators/noa.md",
                    "---\nname: Noa\nstatus: active\nniches: [gaming]\ncountry: BE\n---\nNoa streams.\n",
                )
            }),
        ),
        (
            "rename a creator file",
            Box::new(|r| {
                std::fs::rename(
                    r.join("content/creators/noa.md"),
                    r.join("content/creators/noa-b.md"),
                )
                .unwrap()
            }),
        ),
        (
            "delete a creator",
            Box::new(|r| std::fs::remove_file(r.join("content/creators/noa-b.md")).unwrap()),
        ),
        (
            "campaign edit: a new participant",
            Box::new(|r| {
                let t = read(r, "content/campaigns/sample-campaign.md");
                write(
                    r,
                    "content/campaigns/sample-campaign.md",
                    &t.replace(
                        "creators:\n",
                        "creators:\n  - creator: sample-creator\n    status: declined\n",
                    ),
                );
            }),
        ),
        (
            "campaign body edit",
            Box::new(|r| {
                let t = read(r, "content/campaigns/sample-campaign.md");
                write(
                    r,
                    "content/campaigns/sample-campaign.md",
                    &t.replace("What happened", "What really happened"),
                );
            }),
        ),
        (
            "term body edit changes the FAQ",
            Box::new(|r| {
                let t = read(r, "content/glossary/brief.md");
                write(
                    r,
                    "content/glossary/brief.md",
                    &t.replace(
                        "### How long?\n\nOne page.\n",
                        "### How long?\n\nTwo pages.\n\n### Who writes it?\n\nThe brand.\n",
                    ),
                );
            }),
        ),
        (
            "term body edit removes the FAQ",
            Box::new(|r| {
                let t = read(r, "content/glossary/brief.md");
                let cut = t.find("## FAQ").unwrap();
                write(r, "content/glossary/brief.md", &t[..cut]);
            }),
        ),
        (
            "term front matter edit",
            Box::new(|r| {
                let t = read(r, "content/glossary/creator-crm.md");
                write(
                    r,
                    "content/glossary/creator-crm.md",
                    &t.replace("related: []", "related: [brief]")
                        .replace("One or two sentences", "Two sentences"),
                );
            }),
        ),
        (
            "add a term",
            Box::new(|r| {
                write(
                    r,
                    "content/glossary/ugc.md",
                    "---\nterm: UGC\ndefinition: User-generated content.\n---\nSee [the brief](brief.md).\n",
                )
            }),
        ),
        (
            "term front matter edit drops a related term",
            Box::new(|r| {
                let t = read(r, "content/glossary/creator-crm.md");
                write(
                    r,
                    "content/glossary/creator-crm.md",
                    &t.replace("related: [brief]", "related: []"),
                );
            }),
        ),
        (
            "term body edit drops a link",
            Box::new(|r| {
                let t = read(r, "content/glossary/ugc.md");
                write(
                    r,
                    "content/glossary/ugc.md",
                    &t.replace("See [the brief](brief.md).", "Standalone."),
                );
            }),
        ),
        (
            "delete a term (file)",
            Box::new(|r| std::fs::remove_file(r.join("content/glossary/brief.md")).unwrap()),
        ),
        (
            "page body edit",
            Box::new(|r| {
                let t = read(r, "content/pages/about.md");
                write(
                    r,
                    "content/pages/about.md",
                    &format!("{t}\nMore about us.\n"),
                );
            }),
        ),
        (
            "home intro edit",
            Box::new(|r| {
                let t = read(r, "content/_index.md");
                write(r, "content/_index.md", &format!("{t}\nWelcome back.\n"));
            }),
        ),
        (
            "page template override",
            Box::new(|r| {
                let src = std::fs::read_to_string(
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("themes/default/templates/creator.html"),
                )
                .unwrap();
                write(
                    r,
                    "themes/default/templates/creator.html",
                    &src.replace("{% block content %}", "{% block content %}<p>OVERRIDE</p>"),
                );
            }),
        ),
        (
            "shared template override",
            Box::new(|r| {
                let src = std::fs::read_to_string(
                    Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("themes/default/templates/base.html"),
                )
                .unwrap();
                write(
                    r,
                    "themes/default/templates/base.html",
                    &src.replace("<main id=\"main\"", "<p>BASE</p><main id=\"main\""),
                );
            }),
        ),
        (
            "template override removed",
            Box::new(|r| {
                std::fs::remove_file(r.join("themes/default/templates/creator.html")).unwrap()
            }),
        ),
        (
            "site.yaml edit",
            Box::new(|r| {
                let t = read(r, "site.yaml");
                write(
                    r,
                    "site.yaml",
                    &t.replace("My Creator Desk", "Our Creator Desk"),
                );
            }),
        ),
        (
            "static file added",
            Box::new(|r| write(r, "static/files/brief.txt", "a brief")),
        ),
        (
            "static file edited",
            Box::new(|r| write(r, "static/files/brief.txt", "a longer brief")),
        ),
        (
            "static file deleted",
            Box::new(|r| std::fs::remove_file(r.join("static/files/brief.txt")).unwrap()),
        ),
        (
            "a campaign becomes a draft",
            Box::new(|r| {
                let t = read(r, "content/campaigns/sample-campaign.md");
                write(
                    r,
                    "content/campaigns/sample-campaign.md",
                    &t.replacen("---\n", "---\ndraft: true\n", 1),
                );
            }),
        ),
    ];
    for (name, step) in &steps {
        step(&root);
        // Every step changes the output, so a reload must come; a delete
        // or rename may be seen in two batches, so wait for the site to
        // settle on the full build's state.
        let rebuilt_before = serve.stderr().matches("rebuilt ").count();
        let (event, _) = events.next();
        assert_eq!(event, "reload", "{name}: {}", serve.stderr());
        // Body edits must take the fast path (and still match a full build).
        if name.contains("body edit") {
            // stderr is read on another thread: give it a moment.
            let deadline = std::time::Instant::now() + TIMEOUT;
            let line = loop {
                let err = serve.stderr();
                let line = err
                    .lines()
                    .filter(|l| l.starts_with("rebuilt "))
                    .nth(rebuilt_before)
                    .map(str::to_string);
                match line {
                    Some(l) => break l,
                    None if std::time::Instant::now() < deadline => {
                        std::thread::sleep(Duration::from_millis(10))
                    }
                    None => panic!("{name}: no summary line: {err}"),
                }
            };
            assert!(line.ends_with(", body only)"), "{name}: {line}");
        }
        let gone: Vec<String> = last.keys().cloned().collect();
        let deadline = std::time::Instant::now() + TIMEOUT;
        last = loop {
            let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                assert_served_equals_build(&serve, &root, &opts, &gone, name)
            }));
            match attempt {
                Ok(full) => break full,
                Err(e) if std::time::Instant::now() > deadline => std::panic::resume_unwind(e),
                Err(_) => {
                    let _ = events.next_within(Duration::from_millis(300));
                }
            }
        };
    }
    assert!(!serve.stderr().contains("panicked"), "{}", serve.stderr());
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
    write(&root, "site.yaml", &good);
    events.expect("reload");
    assert_served_equals_build(&serve, &root, &public(), &[], "fixed");
}
