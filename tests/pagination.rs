//! Paginated listings (issue #14 item 1): the example site with a tiny
//! `paginate` value, built normally, offline and in two languages; and the
//! listings' data files (item 2).

mod common;
use common::{build_into, example_root, read_tree};
use std::collections::BTreeMap;
use std::path::Path;

/// A copy of the example site with `paginate: <size>` in `site.yaml`.
fn example_with(size: Option<usize>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy(&example_root(), tmp.path());
    if let Some(n) = size {
        let yaml = std::fs::read_to_string(tmp.path().join("site.yaml")).unwrap();
        std::fs::write(
            tmp.path().join("site.yaml"),
            format!("{yaml}\npaginate: {n}\n"),
        )
        .unwrap();
    }
    tmp
}

fn copy(from: &Path, to: &Path) {
    for name in ["site.yaml", "content", "static", "themes", "i18n"] {
        let src = from.join(name);
        if src.is_dir() {
            copy_dir(&src, &to.join(name));
        } else if src.is_file() {
            std::fs::copy(&src, to.join(name)).unwrap();
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// Builds `root` with `extra` options: every output file as text.
fn build(root: &Path, extra: &[&str]) -> BTreeMap<String, String> {
    let out = root.join("out");
    build_into(root, &out, extra)
        .expect_no_panic()
        .expect_code(0);
    read_tree(&out)
        .into_iter()
        .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
        .collect()
}

/// The profile links of a listing page's creator table, in order.
fn creator_links(html: &str) -> Vec<String> {
    html.split("class=\"creator-cell__name\" href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.trim_start_matches("../").to_string())
        .collect()
}

fn attr<'a>(html: &'a str, before: &str) -> Option<&'a str> {
    let at = html.find(before)? + before.len();
    html[at..].split('"').next()
}

#[test]
fn listings_split_into_pages_with_navigation_canonical_and_sitemap() {
    let tmp = example_with(Some(3));
    let files = build(tmp.path(), &[]);
    let creators = files
        .get("creators/index.html")
        .expect("the directory is page 1");
    // Page 1 shows 3 creators; the lede still counts the whole roster.
    let first = creator_links(creators);
    assert_eq!(first.len(), 3, "{first:?}");
    let n = files
        .keys()
        .filter(|p| p.starts_with("creators/page/"))
        .count()
        + 1;
    let roster = first.len()
        + (2..=n)
            .map(|k| creator_links(&files[&format!("creators/page/{k}/index.html")]).len())
            .sum::<usize>();
    assert!(n >= 3, "{n} pages");
    assert_eq!(n, roster.div_ceil(3));
    assert!(
        creators.contains(&format!(">Page 1 of {n}<")),
        "no page count"
    );
    assert!(
        creators.contains(&format!("{roster} creators.")),
        "the lede counts every creator"
    );
    // Every creator is on exactly one page, in the order of page 1's sort.
    let mut all: Vec<String> = first.clone();
    for k in 2..=n {
        all.extend(creator_links(
            &files[&format!("creators/page/{k}/index.html")],
        ));
    }
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len(), "a creator on two pages");
    // prev/next, numbered navigation and canonical of page 2.
    let p2 = &files["creators/page/2/index.html"];
    assert!(
        p2.contains("<link rel=\"prev\" href=\"../../../creators/\">"),
        "prev"
    );
    assert!(
        p2.contains("<link rel=\"next\" href=\"../../../creators/page/3/\">"),
        "next"
    );
    assert!(
        !creators.contains("rel=\"prev\""),
        "page 1 has no previous page"
    );
    assert_eq!(
        attr(p2, "<link rel=\"canonical\" href=\""),
        Some("https://creators.northlight.example/creators/page/2/")
    );
    assert!(p2.contains("<span aria-current=\"page\">2</span>"));
    assert!(
        p2.contains("<title>Creators – page 2 ·"),
        "titles differ per page"
    );
    let last = &files[&format!("creators/page/{n}/index.html")];
    assert!(!last.contains("rel=\"next\""));
    // The entries' own pages did not move.
    for link in &all {
        assert!(files.contains_key(&format!("{link}index.html")), "{link}");
    }
    // The sitemap lists the pages, in both languages.
    let sitemap = &files["sitemap.xml"];
    assert!(sitemap.contains("<loc>https://creators.northlight.example/creators/page/2/</loc>"));
    assert!(sitemap.contains("<loc>https://creators.northlight.example/fr/creators/page/2/</loc>"));
    // JSON-LD lists the page's own entries only.
    let jsonld = p2
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("JSON-LD");
    for link in creator_links(p2) {
        assert!(
            jsonld.contains(&format!("/{link}\"")),
            "{link} not in the JSON-LD"
        );
    }
    for link in &first {
        assert!(
            !jsonld.contains(&format!("/{link}\"")),
            "{link} of page 1 in page 2's JSON-LD"
        );
    }
    // The campaign list, the glossary and taxonomy terms are paginated too.
    for path in ["campaigns/page/2/index.html", "glossary/page/2/index.html"] {
        assert!(files.contains_key(path), "{path}");
    }
    let instagram = files
        .keys()
        .filter(|p| p.starts_with("networks/instagram/page/"))
        .count();
    assert!(instagram >= 1, "Instagram has more than 3 creators");
    let ig2 = &files["networks/instagram/page/2/index.html"];
    assert_eq!(creator_links(ig2).len(), 3);
    assert!(ig2.contains("data-fixed-key=\"network\" data-fixed-value=\"instagram\""));
    // The glossary's A–Z links to the page each letter starts on.
    let glossary = &files["glossary/index.html"];
    assert!(
        glossary.contains("href=\"../glossary/page/2/#letter-"),
        "A–Z across pages"
    );
    // The French tree has its own pages, with translated navigation.
    let fr = &files["fr/creators/page/2/index.html"];
    assert!(
        fr.contains(&format!(">Page 2 sur {n}<")),
        "French page count"
    );
    assert!(fr.contains("rel=\"next\">Suivante<"), "French next link");
    assert_eq!(
        attr(fr, "<link rel=\"canonical\" href=\""),
        Some("https://creators.northlight.example/fr/creators/page/2/")
    );
    assert!(
        fr.contains(
            "hreflang=\"en\" href=\"https://creators.northlight.example/creators/page/2/\""
        )
    );
}

#[test]
fn offline_pages_link_to_index_files_and_the_order_is_deterministic() {
    let tmp = example_with(Some(4));
    let a = build(tmp.path(), &["--offline"]);
    let p2 = &a["creators/page/2/index.html"];
    assert!(p2.contains("rel=\"prev\" href=\"../../../creators/index.html\""));
    assert!(p2.contains("href=\"../../../creators/page/3/index.html\""));
    assert!(p2.contains("data-src=\"../../../creators/data/\""));
    // Built again: byte for byte the same.
    let b = build(tmp.path(), &["--offline"]);
    assert_eq!(a, b);
}

#[test]
fn paginate_defaults_to_fifty_and_reaches_the_filters_data() {
    let tmp = example_with(None);
    let files = build(tmp.path(), &[]);
    assert!(
        !files.keys().any(|p| p.contains("/page/")),
        "one page under 50"
    );
    let creators = &files["creators/index.html"];
    let roster = creator_links(creators).len();
    assert!(
        creators.contains(&format!("{roster} creators.")),
        "all on one page"
    );
    assert!(creators.contains("data-size=\"50\""));
    assert!(
        !creators.contains("class=\"pagination\""),
        "no navigation for one page"
    );
    // The data files: one column per field, the rows in chunks of 25.
    let text = &files["creators/data/text-0.js"];
    assert!(text.starts_with("creatorkbData(\"text\",0,["), "{text}");
    let rows = &files["creators/data/rows-0.js"];
    assert_eq!(rows.matches("<tr ").count(), roster.min(25));
    assert!(
        rows.contains(r#"href=\"@ROOT@creators/"#),
        "links start at the root token"
    );
    assert!(files.contains_key("campaigns/data/brand-0.js"));
    assert!(files.contains_key("fr/creators/data/rows-0.js"));
    // A taxonomy term's page filters the directory's data by its value.
    let term = &files["niches/skincare/index.html"];
    assert!(term.contains("data-fixed-key=\"niche\" data-fixed-value=\"skincare\""));
    let niches = &files["creators/data/niche-0.js"];
    assert!(niches.contains("skincare"));
}

#[test]
fn a_tiny_paginate_value_gives_a_compact_navigation() {
    let tmp = example_with(Some(1));
    let files = build(tmp.path(), &[]);
    let roster = files
        .keys()
        .filter(|p| p.starts_with("creators/page/"))
        .count()
        + 1;
    assert!(roster > 9, "{roster} creators");
    let all = files["creators/index.html"]
        .split("<p class=\"lede\">")
        .nth(1)
        .unwrap();
    assert!(
        all.starts_with(&format!("{roster} creators")),
        "one creator a page"
    );
    let last = format!("creators/page/{roster}/index.html");
    assert!(files.contains_key(&last));
    assert!(!files.contains_key(&format!("creators/page/{}/index.html", roster + 1)));
    // Page 5 of many: first, gap, 3–7, gap, last.
    let p5 = &files["creators/page/5/index.html"];
    let nav = &p5[p5.find("<nav class=\"pagination\"").unwrap()..];
    let nav = &nav[..nav.find("</nav>").unwrap()];
    assert_eq!(nav.matches("pagination__gap").count(), 2, "{nav}");
    for k in [1, 3, 4, 6, 7, roster] {
        assert!(nav.contains(&format!(">{k}</a>")), "{k}: {nav}");
    }
    assert!(!nav.contains(">2</a>") && !nav.contains(">8</a>"), "{nav}");
}
