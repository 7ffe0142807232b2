//! `build`: deterministic, atomic output; the example site is complete and
//! every page has its metadata; figures are computed and displayed right.

mod common;
use common::{Site, build_example, example_root, figure_after, html_pages, read_tree};

#[test]
fn builds_are_deterministic() {
    for extra in [&[][..], &["--audience", "team", "--offline"][..]] {
        let (_a, one) = build_example(extra);
        let (_b, two) = build_example(extra);
        let (one, two) = (read_tree(&one), read_tree(&two));
        assert!(one.len() > 20);
        assert_eq!(
            one.keys().collect::<Vec<_>>(),
            two.keys().collect::<Vec<_>>(),
            "{extra:?}"
        );
        for (path, bytes) in &one {
            assert!(
                bytes == &two[path],
                "{path} differs between two builds ({extra:?})"
            );
        }
    }
}

const A: &str = "---\nname: Alpha Person\nstatus: active\n---\nAlpha.\n";
const B: &str = "---\nname: Beta Person\nstatus: active\n---\nBeta.\n";

#[test]
fn output_is_replaced_only_by_a_successful_build() {
    let site = Site::bare(common::SITE_YAML);
    site.write("content/creators/alpha.md", A)
        .write("content/creators/beta.md", B);
    let (r, out) = site.build(&[]);
    r.expect_code(0);
    let before = read_tree(&out);
    assert!(before.contains_key("creators/beta/index.html"));

    site.write(
        "content/creators/alpha.md",
        "---\nname: Alpha\nstatus: broken\n---\n",
    );
    let (r, _) = site.build(&[]);
    r.expect_no_panic().expect_code(1);
    assert!(
        read_tree(&out) == before,
        "a failed build changed the output"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".out"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );

    site.write("content/creators/alpha.md", A);
    site.remove("content/creators/beta.md");
    let (r, _) = site.build(&[]);
    r.expect_code(0);
    assert!(out.join("creators/alpha/index.html").is_file());
    assert!(
        !out.join("creators/beta").exists(),
        "the removed creator's page is still there"
    );
}

#[test]
fn example_site_checks_clean() {
    let r = common::creatorkb(&["check", "--root", common::s(&example_root())]);
    r.expect_no_panic().expect_code(0);
    assert!(r.errors().is_empty(), "{}", r.stderr);
    assert!(
        r.stdout.is_empty(),
        "check prints problems to stderr: {}",
        r.stdout
    );
}

#[test]
fn example_site_is_complete() {
    let (_tmp, out) = build_example(&[]);
    let pages = html_pages(&out);
    let count = |section: &str| {
        pages
            .keys()
            .filter(|p| p.starts_with(&format!("{section}/")) && p.matches('/').count() == 2)
            .count()
    };
    assert!(count("creators") >= 12, "{} creators", count("creators"));
    assert!(count("campaigns") >= 6, "{} campaigns", count("campaigns"));
    assert!(
        count("glossary") >= 20,
        "{} glossary terms",
        count("glossary")
    );
    for tax in [
        "niches",
        "networks",
        "brands",
        "countries",
        "languages",
        "objectives",
    ] {
        assert!(
            pages.contains_key(&format!("{tax}/index.html")),
            "no {tax}/index.html"
        );
        assert!(count(tax) >= 1, "{tax} has no term page");
    }
    for p in [
        "index.html",
        "404.html",
        "creators/index.html",
        "campaigns/index.html",
        "glossary/index.html",
    ] {
        assert!(pages.contains_key(p), "no {p}");
    }
}

/// `content="..."` of the first `<meta name="NAME" ...>`.
fn meta<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let at = html.find(&format!("<meta name=\"{name}\""))?;
    let tag = &html[at..at + html[at..].find('>')?];
    common::attr_values(tag, "content").into_iter().next()
}

#[test]
fn every_page_has_title_description_canonical_and_breadcrumbs() {
    let config: serde_json::Value =
        serde_saphyr::from_str(&std::fs::read_to_string(example_root().join("site.yaml")).unwrap())
            .unwrap();
    let base = config["base_url"]
        .as_str()
        .unwrap()
        .trim_end_matches('/')
        .to_string()
        + "/";
    let (_tmp, out) = build_example(&[]);
    for (path, html) in html_pages(&out) {
        let title = html
            .split_once("<title>")
            .and_then(|(_, t)| t.split_once("</title>"))
            .map(|(t, _)| t.trim());
        assert!(title.is_some_and(|t| !t.is_empty()), "{path}: no <title>");
        assert!(
            meta(&html, "description").is_some_and(|d| d.trim().len() > 10),
            "{path}: no meta description"
        );
        let canonical = html
            .find("rel=\"canonical\"")
            .map(|i| &html[html[..i].rfind('<').unwrap()..i + html[i..].find('>').unwrap()])
            .and_then(|tag| common::attr_values(tag, "href").into_iter().next())
            .unwrap_or_else(|| panic!("{path}: no canonical link"));
        let expected = match path.as_str() {
            "404.html" => format!("{base}404.html"),
            p => format!("{base}{}", p.trim_end_matches("index.html")),
        };
        assert_eq!(canonical, expected, "{path}: canonical");
        // Home pages (of each language) are the top of the trail.
        if path != "index.html" && path != "fr/index.html" {
            let lower = html.to_lowercase();
            let has_crumbs = lower
                .match_indices("<nav")
                .any(|(i, _)| lower[i..i + lower[i..].find('>').unwrap()].contains("breadcrumb"));
            assert!(has_crumbs, "{path}: no breadcrumb nav");
        }
    }
}

#[test]
fn static_files_are_copied() {
    let (_tmp, out) = build_example(&[]);
    let statics = read_tree(&example_root().join("static"));
    assert!(!statics.is_empty(), "the example site has static files");
    let built = read_tree(&out);
    for (path, bytes) in &statics {
        assert!(
            built.get(path) == Some(bytes),
            "static/{path} is not copied as is"
        );
    }
}

/// A static file where a page goes (`404.html`, `creators/index.html`) is
/// a warning naming it, and the page wins; other static files are copied.
#[test]
fn a_static_file_in_a_page_s_place_is_a_warning() {
    let site = Site::new();
    site.write("static/404.html", "hand-made");
    site.write("static/creators/index.html", "hand-made");
    site.write("static/creators/list.html", "kept");
    let (r, out) = site.build(&[]);
    r.expect_no_panic().expect_code(0);
    for name in ["static/404.html", "static/creators/index.html"] {
        assert!(
            r.stderr.lines().any(|l| l.starts_with(name)
                && l.contains("warning")
                && l.contains("same path as a generated page")),
            "{name}: {}",
            r.stderr
        );
    }
    let built = read_tree(&out);
    assert_ne!(built["404.html"], b"hand-made");
    assert_ne!(built["creators/index.html"], b"hand-made");
    assert_eq!(built["creators/list.html"], b"kept");
}

fn campaign(slug_title: &str, parts: &str) -> String {
    format!("---\ntitle: {slug_title}\nbrand: Brand\nobjective: awareness\ncreators:\n{parts}---\n")
}

fn part(creator: &str, due: &str, published: &str, quality: u8) -> String {
    format!(
        "  - creator: {creator}\n    status: published\n    due: {due}\n    published: {published}\n    quality: {quality}\n"
    )
}

/// Creators `busy` (two campaigns, one late), `once` (one), `idle` (none).
fn kpi_site() -> Site {
    let site = Site::bare(common::SITE_YAML);
    for (slug, name) in [
        ("busy", "Busy Person"),
        ("once", "Once Person"),
        ("idle", "Idle Person"),
    ] {
        site.write(
            &format!("content/creators/{slug}.md"),
            &format!("---\nname: {name}\nstatus: active\n---\n"),
        );
    }
    let on_time = part("busy", "2025-01-10", "2025-01-09", 4);
    let late = part("busy", "2025-02-10", "2025-02-12", 2);
    let other = part("once", "2025-02-10", "2025-02-10", 5);
    site.write("content/campaigns/first.md", &campaign("First", &on_time));
    site.write(
        "content/campaigns/second.md",
        &campaign("Second", &format!("{late}{other}")),
    );
    site
}

#[test]
fn creator_figures() {
    let pages = kpi_site().build_ok(&[]);
    let busy = &pages["creators/busy/index.html"];
    assert_eq!(figure_after(busy, "On-time delivery"), "50.0%");
    assert_eq!(figure_after(busy, "Content quality"), "3.0");
    assert_eq!(figure_after(busy, "Response rate"), "100.0%");

    let idle = &pages["creators/idle/index.html"];
    for label in [
        "Response rate",
        "On-time delivery",
        "Approval rounds",
        "Content quality",
    ] {
        assert_eq!(
            figure_after(idle, label),
            "—",
            "{label} of a creator with no campaign"
        );
    }
    assert!(
        !idle.contains("NaN") && !idle.contains(">0%<"),
        "no NaN or 0% for empty figures"
    );
}

#[test]
fn roster_repeat_rate() {
    // busy has 2 campaigns, once has 1, idle none: 1 of 2 creators repeat.
    let pages = kpi_site().build_ok(&[]);
    let home = &pages["index.html"];
    assert_eq!(figure_after(home, "Repeat collaborations"), "50.0%");
    assert_eq!(figure_after(home, "On-time delivery"), "66.7%");

    let site = kpi_site();
    site.write(
        "content/campaigns/third.md",
        &campaign("Third", &part("once", "2025-03-01", "2025-03-01", 3)),
    );
    let home = &site.build_ok(&[])["index.html"];
    assert_eq!(figure_after(home, "Repeat collaborations"), "100.0%");
}
