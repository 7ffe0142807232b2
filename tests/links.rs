//! Every local link and resource of the example site resolves, in normal
//! and in `--offline` builds; offline links to folders end in `index.html`.

mod common;
use common::{attr_values, build_example, html_pages};
use std::path::{Path, PathBuf};

/// A link that leaves the site or stays on the page: not checked.
fn is_external(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let scheme = lower.find(':').is_some_and(|i| !lower[..i].contains('/'));
    scheme || lower.starts_with('#') || lower.starts_with("//") || lower.is_empty()
}

/// `url` without `#fragment` and `?query`.
fn strip(url: &str) -> &str {
    let end = url.find(['#', '?']).unwrap_or(url.len());
    &url[..end]
}

/// Resolves `url` (relative to the page at `page`, `/`-separated) inside `out`.
fn resolve(out: &Path, page: &str, url: &str) -> PathBuf {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's file name
    for seg in url.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "{page}: `{url}` climbs out of the site"
                );
            }
            s => parts.push(s),
        }
    }
    parts.iter().fold(out.to_path_buf(), |p, s| p.join(s))
}

/// Every local `href`/`src` of every page; returns how many were checked.
fn check_links(out: &Path, offline: bool) -> usize {
    let pages = html_pages(out);
    assert!(pages.len() > 20, "too few pages: {}", pages.len());
    let mut checked = 0;
    let mut broken = Vec::new();
    for (page, html) in &pages {
        let urls = attr_values(html, "href")
            .into_iter()
            .chain(attr_values(html, "src"));
        for url in urls.filter(|u| !is_external(u)) {
            if page.ends_with("404.html") {
                // Served at any depth, so it links from the site root.
                assert!(url.starts_with('/'), "{page}: `{url}` is not root-absolute");
                continue;
            }
            let target = resolve(out, page, strip(url).trim_start_matches("./"));
            let ok = if target.is_dir() {
                if offline {
                    broken.push(format!(
                        "{page}: `{url}` links to a folder in an offline build"
                    ));
                }
                target.join("index.html").is_file()
            } else {
                target.is_file()
            };
            if !ok {
                broken.push(format!(
                    "{page}: `{url}` → {} does not exist",
                    target.display()
                ));
            }
            if offline && strip(url).ends_with('/') {
                broken.push(format!("{page}: `{url}` ends in / in an offline build"));
            }
            checked += 1;
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    checked
}

#[test]
fn every_local_link_resolves() {
    let (_tmp, out) = build_example(&[]);
    assert!(check_links(&out, false) > 500);
}

#[test]
fn every_local_link_resolves_offline() {
    let (_tmp, out) = build_example(&["--offline"]);
    assert!(check_links(&out, true) > 500);
    // Offline builds still point at index.html of the home page, not at ./
    let home = std::fs::read_to_string(out.join("creators/index.html")).unwrap();
    assert!(
        home.contains("href=\"../index.html\""),
        "the creators page should link home as ../index.html"
    );
}

#[test]
fn team_build_links_resolve() {
    let (_tmp, out) = build_example(&["--audience", "team", "--offline"]);
    check_links(&out, true);
}

#[test]
fn links_are_relative() {
    let (_tmp, out) = build_example(&[]);
    for (page, html) in html_pages(&out) {
        if page.ends_with("404.html") {
            continue;
        }
        for url in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            assert!(
                !url.starts_with('/') || url.starts_with("//"),
                "{page}: root-absolute link `{url}`"
            );
        }
    }
}
