//! `serve` keeps serving exactly what a full build gives: after every kind
//! of edit — creators, campaigns, terms, pages, the home intro, templates,
//! `site.yaml`, static files; added, renamed, deleted, saved atomically or
//! in bursts — every file served by the real server equals, byte for byte,
//! a fresh in-memory `creatorkb::build` of the same sources, and files that
//! should be gone are 404.

mod serve_support;
use serve_support::{
    Serve, TIMEOUT, assert_served_equals_build, full_build, init_site, public, read,
    served_equals_build, site, write,
};
use std::path::Path;
use std::time::Duration;

/// Writes a small JPEG portrait, different for each `seed`, at
/// `static/images/lea.jpg` (written whole, then renamed into place).
fn portrait(root: &Path, seed: u8) {
    let img = image::RgbImage::from_fn(64, 80, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 3) as u8, seed.wrapping_mul(90)])
    });
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85)
        .encode_image(&img)
        .unwrap();
    let dir = root.join("static/images");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(".lea.jpg.tmp"), bytes).unwrap();
    std::fs::rename(dir.join(".lea.jpg.tmp"), dir.join("lea.jpg")).unwrap();
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
    write(&root, "content/campaigns/sample-campaign.md", &read(&root, "content/campaigns/sample-campaign.md").replacen("\ncreators:", "\ncreators:\n  - creator: lea-martin\n    status: published\n    due: 2025-03-01\n    published: 2025-02-28\n    quality: 4\n#", 1));
    write(
        &root,
        "content/glossary/brief.md",
        "---\nterm: Brief\ndefinition: What the creator gets.\nrelated: [creator-crm]\n---\nA brief.\n\n## FAQ\n\n### How long?\n\nOne page.\n",
    );
    let opts = public();
    let serve = Serve::start(&root, &[]);
    // A tab on one profile: each rebuild renders it first, reloads, then
    // renders the other stale pages, which requests wait for.
    let mut events = serve.events_on("/creators/lea-martin/");
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
            "creator hidden as a draft: gone from its campaigns and the roster",
            Box::new(|r| {
                let t = read(r, "content/creators/lea-martin.md");
                write(
                    r,
                    "content/creators/lea-martin.md",
                    &t.replace("status: active\n", "status: active\ndraft: true\n"),
                );
            }),
        ),
        (
            "creator shown again",
            Box::new(|r| {
                let t = read(r, "content/creators/lea-martin.md");
                write(
                    r,
                    "content/creators/lea-martin.md",
                    &t.replace("draft: true\n", ""),
                );
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
            "campaign edit: a delivery turns late (a creator's figures change, not its card)",
            Box::new(|r| {
                let t = read(r, "content/campaigns/sample-campaign.md");
                write(
                    r,
                    "content/campaigns/sample-campaign.md",
                    &t.replace("published: 2025-02-28", "published: 2025-03-09"),
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
            "term renamed: the terms relating to it show the new name",
            Box::new(|r| {
                let t = read(r, "content/glossary/brief.md");
                write(
                    r,
                    "content/glossary/brief.md",
                    &t.replace("term: Brief", "term: Creative brief"),
                );
            }),
        ),
        (
            "a term comes to define a KPI: every profile's tile links to it",
            Box::new(|r| {
                let t = read(r, "content/glossary/creator-crm.md");
                write(
                    r,
                    "content/glossary/creator-crm.md",
                    &t.replacen("alternate_names: [", "alternate_names: [Reply rate, ", 1),
                )
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
            "a portrait is added",
            Box::new(|r| {
                portrait(r, 1);
                let t = read(r, "content/creators/lea-martin.md");
                write(
                    r,
                    "content/creators/lea-martin.md",
                    &t.replacen(
                        "status: active",
                        "status: active\nimage: /images/lea.jpg",
                        1,
                    ),
                );
            }),
        ),
        (
            "static file edited: the portrait (its copies are made again)",
            Box::new(|r| portrait(r, 2)),
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
            "a campaign recap embeds a creator's card and figures",
            Box::new(|r| {
                let t = read(r, "content/campaigns/sample-campaign.md");
                let embeds = "\n\n{{ creator(slug=\"lea-martin\") }}\n\n{{ kpis(creator=\"lea-martin\") }}\n";
                write(
                    r,
                    "content/campaigns/sample-campaign.md",
                    &format!("{t}{embeds}"),
                );
            }),
        ),
        (
            "the embedded creator's card changes: the recap shows it",
            Box::new(|r| {
                let t = read(r, "content/creators/lea-martin.md");
                write(
                    r,
                    "content/creators/lea-martin.md",
                    &t.replacen("\nsummary: ", "\nsummary: Embedded. ", 1),
                );
            }),
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
        // Template and static edits skip load and resolve.
        if name.contains("template") || name.contains("static file") {
            let deadline = std::time::Instant::now() + TIMEOUT;
            loop {
                let err = serve.stderr();
                let line = err
                    .lines()
                    .filter(|l| l.starts_with("rebuilt "))
                    .nth(rebuilt_before);
                if let Some(l) = line {
                    assert!(
                        l.ends_with(", templates and static files only)"),
                        "{name}: {l}"
                    );
                    break;
                }
                assert!(
                    std::time::Instant::now() < deadline,
                    "{name}: no summary line: {err}"
                );
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        let gone: Vec<String> = last.keys().cloned().collect();
        let deadline = std::time::Instant::now() + TIMEOUT;
        last = loop {
            match served_equals_build(&serve, &root, &opts, &gone, name) {
                Ok(full) => break full,
                Err(e) if std::time::Instant::now() > deadline => panic!("{e}"),
                Err(_) => {
                    let _ = events.next_within(Duration::from_millis(300));
                }
            }
        };
    }
    let err = serve.stderr();
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.lines()
            .any(|l| l.starts_with("then ") && l.contains(" more page")),
        "no rebuild left pages for after the reload: {err}"
    );
}

/// A second language: its tree appears with `languages`, a translation
/// follows edits to its original (whose keys it inherits), and removing
/// the translation brings the fallback back — each step served exactly as
/// a full build gives it.
#[test]
fn translations_follow_their_originals_in_serve() {
    let tmp = init_site();
    let root = site(&tmp);
    let opts = public();
    let serve = Serve::start(&root, &[]);
    // On a page that appears with the second language.
    let mut events = serve.events_on("/fr/creators/sample-creator/");
    let mut last = assert_served_equals_build(&serve, &root, &opts, &[], "start");
    type Step = Box<dyn Fn(&Path)>;
    let steps: Vec<(&str, Step)> = vec![
        (
            "languages added",
            Box::new(|r| {
                let t = read(r, "site.yaml");
                write(
                    r,
                    "site.yaml",
                    &t.replace("language: en\n", "language: en\nlanguages: [fr]\n"),
                );
            }),
        ),
        (
            "translation added",
            Box::new(|r| {
                write(
                    r,
                    "content/creators/sample-creator.fr.md",
                    "---\nsummary: Un résumé en français.\n---\nLe texte en français.\n",
                );
            }),
        ),
        (
            "original body edit",
            Box::new(|r| {
                let t = read(r, "content/creators/sample-creator.md");
                write(
                    r,
                    "content/creators/sample-creator.md",
                    &format!("{t}\nOne more line.\n"),
                );
            }),
        ),
        (
            "translation body edit",
            Box::new(|r| {
                let t = read(r, "content/creators/sample-creator.fr.md");
                write(
                    r,
                    "content/creators/sample-creator.fr.md",
                    &format!("{t}\nUne ligne de plus.\n"),
                );
            }),
        ),
        (
            "original edited",
            Box::new(|r| {
                let t = read(r, "content/creators/sample-creator.md");
                let edited = t.replacen("followers: ", "followers: 1", 1);
                assert_ne!(t, edited, "the sample creator has followers");
                write(r, "content/creators/sample-creator.md", &edited);
            }),
        ),
        (
            "translation removed",
            Box::new(|r| {
                std::fs::remove_file(r.join("content/creators/sample-creator.fr.md")).unwrap()
            }),
        ),
    ];
    for (name, step) in &steps {
        let before = serve.stderr().matches("rebuilt ").count();
        step(&root);
        let (event, _) = events.next();
        assert_eq!(event, "reload", "{name}: {}", serve.stderr());
        let gone: Vec<String> = last.keys().cloned().collect();
        let deadline = std::time::Instant::now() + TIMEOUT;
        last = loop {
            match served_equals_build(&serve, &root, &opts, &gone, name) {
                Ok(full) => break full,
                Err(e) if std::time::Instant::now() > deadline => panic!("{e}"),
                Err(_) => {
                    let _ = events.next_within(Duration::from_millis(300));
                }
            }
        };
        if *name == "original body edit" {
            // Only the default language shows an original's body: the fast
            // path. stderr is read on another thread: give it a moment.
            let deadline = std::time::Instant::now() + TIMEOUT;
            loop {
                let err = serve.stderr();
                let line = err
                    .lines()
                    .filter(|l| l.starts_with("rebuilt "))
                    .nth(before);
                if let Some(l) = line {
                    assert!(l.ends_with(", body only)"), "{name}: {l}");
                    break;
                }
                assert!(
                    std::time::Instant::now() < deadline,
                    "{name}: no summary: {err}"
                );
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        if *name != "languages added" && *name != "translation removed" {
            assert!(
                last.contains_key("fr/creators/sample-creator/index.html"),
                "{name}: no French profile"
            );
        }
    }
    assert!(!last.contains_key("fr/creators/sample-creator/index.html"));
    assert!(!serve.stderr().contains("panicked"), "{}", serve.stderr());
}

/// Creator-table rows are remembered by view; a `site.yaml` edit or a
/// count that rows show (here through the site's own row template) still
/// reaches every table, although the views of the creators shown did not
/// change.
#[test]
fn a_site_yaml_edit_reaches_remembered_table_rows() {
    let tmp = init_site();
    let root = site(&tmp);
    write(
        &root,
        "themes/default/templates/partials/creator-row.html",
        "<tr><td>{{ site.title }}: {{ c.name }}</td></tr>\n",
    );
    let opts = public();
    let serve = Serve::start(&root, &[]);
    let mut events = serve.events_on("/creators/sample-creator/");
    assert_served_equals_build(&serve, &root, &opts, &[], "start");
    let t = read(&root, "site.yaml");
    assert!(t.contains("title: "), "{t}");
    write(
        &root,
        "site.yaml",
        &t.replacen("title: ", "title: Renamed ", 1),
    );
    events.expect("reload");
    let full = assert_served_equals_build(&serve, &root, &opts, &[], "site.yaml edit");
    let directory = String::from_utf8_lossy(&full["creators/index.html"]).into_owned();
    assert!(directory.contains("<td>Renamed "), "{directory}");
    // A count the rows show changes with a creator added, no view of the
    // others with it.
    write(
        &root,
        "themes/default/templates/partials/creator-row.html",
        "<tr><td>{{ site.counts.creators }} creators: {{ c.name }}</td></tr>\n",
    );
    events.expect("reload");
    assert_served_equals_build(&serve, &root, &opts, &[], "row template");
    write(
        &root,
        "content/creators/second.md",
        "---\nname: Second Person\nstatus: active\n---\nSecond.\n",
    );
    events.expect("reload");
    let full = assert_served_equals_build(&serve, &root, &opts, &[], "creator added");
    let directory = String::from_utf8_lossy(&full["creators/index.html"]).into_owned();
    assert!(directory.contains("<td>2 creators: Sample"), "{directory}");
}

/// `rebuild_for` renders only the stale pages open in a browser: the other
/// stale pages (here the directory) are absent from the published files,
/// which makes the server hold requests for them, until `finish_deferred`
/// renders them as a full build would.
#[test]
fn pages_left_for_after_the_reload_are_absent_until_rendered() {
    use creatorkb::serve::incremental::{Changes, Rebuilder};
    let tmp = init_site();
    let root = site(&tmp).canonicalize().unwrap();
    let opts = public();
    let mut rebuilder = Rebuilder::new(&root, opts.clone());
    assert!(rebuilder.rebuild(&Changes::default()).ok);
    assert!(
        rebuilder.finish_deferred().is_none(),
        "a full rebuild leaves nothing"
    );
    let file = root.join("content/creators/sample-creator.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("name: ", "name: Renamed ", 1)).unwrap();
    let profile = "creators/sample-creator/index.html";
    let open = [profile.to_string()].into_iter().collect();
    let changes = Changes {
        paths: vec![file],
        rescan: false,
    };
    let first = rebuilder.rebuild_for(&changes, Some(open));
    assert!(first.ok && first.rendered == 1, "{:?}", first.problems);
    assert!(first.deferred > 0);
    let published = rebuilder.pages_and_statics();
    assert!(String::from_utf8_lossy(&published[profile]).contains("Renamed "));
    assert!(!published.contains_key("creators/index.html"));
    let rest = rebuilder.finish_deferred().expect("pages left for later");
    assert!(rest.ok && rest.rendered == first.deferred);
    let published = rebuilder.pages_and_statics();
    let full = full_build(&root, &opts);
    for path in ["creators/index.html", profile] {
        assert_eq!(published[path].as_slice(), full[path].as_slice(), "{path}");
    }
    assert!(rebuilder.finish_deferred().is_none());
}

/// The team workspace (#17): the follow-up queue and the pipeline board are
/// made in resolve from every entry, so edits no other page shows (a
/// `next:` date, a due date, a stage, a `follow_up:` delay) must still
/// re-render them: served exactly as a full team build with the same
/// `--today` gives them.
#[test]
fn follow_ups_and_pipeline_follow_edits_in_serve() {
    let tmp = init_site();
    let root = site(&tmp);
    write(
        &root,
        "content/creators/ana-lima.md",
        "---\nname: Ana Lima\nstatus: active\nsince: 2026-01-05\nnext: {date: 2026-03-20, action: Call about the summer plan.}\nhistory:\n  - {date: 2026-02-25, type: outreach, note: Sent the brief.}\n---\nAna.\n",
    );
    write(
        &root,
        "content/campaigns/spring-run.md",
        "---\ntitle: Spring run\nbrand: Ruda\nobjective: awareness\nstage: production\nstart: 2026-02-20\nend: 2026-03-01\ncreators:\n  - creator: ana-lima\n    status: in-production\n    deliverables: [\"1 reel\"]\n    due: 2026-03-10\n  - creator: sample-creator\n    status: contacted\n---\nA run.\n",
    );
    let mut opts = public();
    opts.audience = creatorkb::resolve::Audience::Team;
    opts.today = creatorkb::model::Date::parse("2026-03-15");
    let serve = Serve::start(&root, &["--audience", "team", "--today", "2026-03-15"]);
    let mut events = serve.events_on("/follow-ups/");
    let mut last = assert_served_equals_build(&serve, &root, &opts, &[], "start");
    assert!(last.contains_key("follow-ups/index.html") && last.contains_key("pipeline/index.html"));
    assert!(last.contains_key("costs/index.html") && last.contains_key("learnings/index.html"));
    let page = |files: &std::collections::BTreeMap<String, Vec<u8>>, p: &str| {
        String::from_utf8_lossy(&files[p]).into_owned()
    };
    assert!(page(&last, "follow-ups/index.html").contains("datetime=\"2026-03-10\""));
    type Step = Box<dyn Fn(&Path)>;
    let steps: Vec<(&str, &str, &str, Step)> = vec![
        (
            "a deliverable's due date moves",
            "follow-ups/index.html",
            "datetime=\"2026-03-12\"",
            Box::new(|r| {
                let t = read(r, "content/campaigns/spring-run.md");
                write(
                    r,
                    "content/campaigns/spring-run.md",
                    &t.replace("due: 2026-03-10", "due: 2026-03-12"),
                );
            }),
        ),
        (
            "a creator's next: date, shown on no other page",
            "follow-ups/index.html",
            "datetime=\"2026-04-02\"",
            Box::new(|r| {
                let t = read(r, "content/creators/ana-lima.md");
                write(
                    r,
                    "content/creators/ana-lima.md",
                    &t.replace("date: 2026-03-20", "date: 2026-04-02"),
                );
            }),
        ),
        (
            "site.yaml follow_up delay",
            "follow-ups/index.html",
            "datetime=\"2026-02-23\"",
            Box::new(|r| {
                let t = read(r, "site.yaml");
                write(
                    r,
                    "site.yaml",
                    &format!("{t}follow_up: {{no_reply_days: 3}}\n"),
                );
            }),
        ),
        (
            "a campaign's stage",
            "pipeline/index.html",
            "id=\"stage-approval\"",
            Box::new(|r| {
                let t = read(r, "content/campaigns/spring-run.md");
                write(
                    r,
                    "content/campaigns/spring-run.md",
                    &t.replace("stage: production", "stage: approval"),
                );
            }),
        ),
        (
            "a participation's fee and results (cost figures, #17 item 5)",
            "creators/ana-lima/index.html",
            "cost-cell--cpv\">0.200<",
            Box::new(|r| {
                let t = read(r, "content/campaigns/spring-run.md");
                write(
                    r,
                    "content/campaigns/spring-run.md",
                    &t.replace(
                        "deliverables: [\"1 reel\"]",
                        "deliverables: [\"1 reel\"]\n    fee: 800\n    results: {views: 4000}",
                    ),
                );
            }),
        ),
        (
            "a budget's currency, which only cost figures and fees show",
            "costs/index.html",
            ">0.200 CHF<",
            Box::new(|r| {
                let t = read(r, "content/campaigns/spring-run.md");
                write(
                    r,
                    "content/campaigns/spring-run.md",
                    &t.replacen(
                        "\n---\n",
                        "\nbudget: {amount: 5000, currency: CHF}\n---\n",
                        1,
                    ),
                );
            }),
        ),
        (
            "a campaign's learnings (#17 item 6)",
            "learnings/index.html",
            "Book the studio early.",
            Box::new(|r| {
                let t = read(r, "content/campaigns/spring-run.md");
                write(
                    r,
                    "content/campaigns/spring-run.md",
                    &t.replacen("\n---\n", "\nlearnings: [Book the studio early.]\n---\n", 1),
                );
            }),
        ),
    ];
    for (name, path, expect, step) in &steps {
        step(&root);
        let (event, _) = events.next();
        assert_eq!(event, "reload", "{name}: {}", serve.stderr());
        let gone: Vec<String> = last.keys().cloned().collect();
        let deadline = std::time::Instant::now() + TIMEOUT;
        last = loop {
            match served_equals_build(&serve, &root, &opts, &gone, name) {
                Ok(full) => break full,
                Err(e) if std::time::Instant::now() > deadline => panic!("{e}"),
                Err(_) => {
                    let _ = events.next_within(Duration::from_millis(300));
                }
            }
        };
        assert!(
            page(&last, path).contains(expect),
            "{name}: {path} lacks {expect}"
        );
    }
    assert!(!serve.stderr().contains("panicked"), "{}", serve.stderr());
}

/// A team `serve` makes `calendar.ics` as a build does, and follows an
/// edit of a licence end to the campaign page (which shows the date) and
/// to the calendar (which lists it).
#[test]
fn a_licence_edit_reaches_the_team_page_and_calendar() {
    let tmp = init_site();
    let root = site(&tmp);
    let t = read(&root, "content/campaigns/sample-campaign.md");
    write(
        &root,
        "content/campaigns/sample-campaign.md",
        &t.replacen(
            "\nresults:",
            "\nusage_rights: {duration: 3 months, start: 2026-01-01, end: 2026-03-31}\nresults:",
            1,
        ),
    );
    let opts = creatorkb::resolve::Options {
        audience: creatorkb::resolve::Audience::Team,
        ..public()
    };
    let serve = Serve::start(&root, &["--audience", "team"]);
    let mut events = serve.events_on("/campaigns/sample-campaign/");
    let full = assert_served_equals_build(&serve, &root, &opts, &[], "team start");
    let cal = String::from_utf8_lossy(&full["calendar.ics"]).into_owned();
    assert!(cal.contains("DTSTART;VALUE=DATE:20260331"), "{cal}");
    let t = read(&root, "content/campaigns/sample-campaign.md");
    write(
        &root,
        "content/campaigns/sample-campaign.md",
        &t.replace("end: 2026-03-31", "end: 2026-04-30"),
    );
    events.expect("reload");
    let deadline = std::time::Instant::now() + TIMEOUT;
    let full = loop {
        match served_equals_build(&serve, &root, &opts, &[], "licence end edit") {
            Ok(full) => break full,
            Err(e) if std::time::Instant::now() > deadline => panic!("{e}"),
            Err(_) => std::thread::sleep(Duration::from_millis(200)),
        }
    };
    let cal = String::from_utf8_lossy(&full["calendar.ics"]).into_owned();
    assert!(cal.contains("DTSTART;VALUE=DATE:20260430"), "{cal}");
    let page = String::from_utf8_lossy(&full["campaigns/sample-campaign/index.html"]).into_owned();
    assert!(page.contains("30 April 2026"), "{page}");
}

/// Paginated listings (issue #14): an edit to one creator re-renders only
/// the listing pages it is on (not every page of the directory and of its
/// taxonomy terms), and pages that come and go with the roster follow —
/// each step served exactly as a full build gives it.
#[test]
fn paginated_listings_rerender_only_the_pages_an_edit_touches() {
    let tmp = init_site();
    let root = site(&tmp);
    let t = read(&root, "site.yaml");
    write(&root, "site.yaml", &format!("{t}\npaginate: 2\n"));
    let creator = |name: &str, followers: u32| {
        format!(
            "---\nname: {name}\nstatus: active\nplatforms:\n  - network: tiktok\n    followers: {followers}\nniches: [food]\nlanguages: [fr]\ncountry: FR\n---\nCooks.\n"
        )
    };
    for (i, name) in [
        "Ana", "Ben", "Cleo", "Dan", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jo",
    ]
    .iter()
    .enumerate()
    {
        let slug = name.to_lowercase();
        write(
            &root,
            &format!("content/creators/{slug}.md"),
            &creator(name, 1000 + i as u32),
        );
    }
    let opts = public();
    let serve = Serve::start(&root, &[]);
    let mut events = serve.events_on("/creators/");
    let mut last = assert_served_equals_build(&serve, &root, &opts, &[], "start");
    assert!(last.contains_key("creators/page/5/index.html"));
    assert!(last.contains_key("niches/food/page/5/index.html"));
    type Step = Box<dyn Fn(&Path)>;
    let steps: Vec<(&str, Step)> = vec![
        (
            "one creator's followers change",
            Box::new(move |r| write(r, "content/creators/dan.md", &creator("Dan", 777_777))),
        ),
        (
            "a creator added shifts the later pages",
            Box::new(|r| {
                let t = read(r, "content/creators/ana.md");
                write(r, "content/creators/bea.md", &t.replace("Ana", "Bea"));
            }),
        ),
        (
            "a new niche changes every directory page's filters",
            Box::new(|r| {
                let t = read(r, "content/creators/jo.md");
                write(
                    r,
                    "content/creators/jo.md",
                    &t.replace("[food]", "[food, baking]"),
                );
            }),
        ),
        (
            "creators removed: the last pages go",
            Box::new(|r| {
                for slug in ["bea", "ivy", "jo"] {
                    std::fs::remove_file(r.join(format!("content/creators/{slug}.md"))).unwrap();
                }
            }),
        ),
        (
            "paginate edited",
            Box::new(|r| {
                let t = read(r, "site.yaml");
                write(r, "site.yaml", &t.replace("paginate: 2", "paginate: 3"));
            }),
        ),
    ];
    for (name, step) in &steps {
        let before = serve.stderr().matches("rebuilt ").count();
        step(&root);
        let (event, _) = events.next();
        assert_eq!(event, "reload", "{name}: {}", serve.stderr());
        let gone: Vec<String> = last.keys().cloned().collect();
        let deadline = std::time::Instant::now() + TIMEOUT;
        last = loop {
            match served_equals_build(&serve, &root, &opts, &gone, name) {
                Ok(full) => break full,
                Err(e) if std::time::Instant::now() > deadline => panic!("{e}"),
                Err(_) => {
                    let _ = events.next_within(Duration::from_millis(300));
                }
            }
        };
        if name.starts_with("one creator's") {
            // Its profile, its directory page, its page of each of its four
            // taxonomy terms and the home page's figures: not the other
            // four pages of the directory and of each term.
            let pages = rebuilt_pages(&serve, before);
            assert!(
                (1..=8).contains(&pages),
                "{name}: {pages} pages re-rendered"
            );
        }
    }
    assert!(!last.contains_key("creators/page/4/index.html"));
    let err = serve.stderr();
    assert!(!err.contains("panicked"), "{err}");
}

/// The number of pages the rebuild after the `before`-th re-rendered
/// (those left for after the reload included).
fn rebuilt_pages(serve: &Serve, before: usize) -> usize {
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let err = serve.stderr();
        let line = err
            .lines()
            .filter(|l| l.starts_with("rebuilt "))
            .nth(before);
        if let Some(l) = line {
            let first: usize = l
                .split(' ')
                .nth(1)
                .and_then(|n| n.parse().ok())
                .unwrap_or(usize::MAX);
            // "…, N more after the reload": pages rendered after it.
            let later: usize = l
                .trim_end_matches(')')
                .split(", ")
                .find(|x| x.ends_with(" more after the reload"))
                .and_then(|x| x.split(' ').next()?.parse().ok())
                .unwrap_or(0);
            return first + later;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no summary line: {err}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}
