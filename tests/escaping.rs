//! Hostile content: every value is escaped, raw HTML in bodies is escaped
//! unless `unsafe_html: true`, and dangerous URL schemes never reach an href.

mod common;
use common::Site;
use std::collections::BTreeMap;

const IMG: &str = r#""><img src=x onerror=alert(1)>"#;
const SCRIPT: &str = "<script>alert(1)</script>";

/// YAML single-quoted string.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A site where every free-text field holds an attack.
fn hostile_site(site_yaml_extra: &str) -> Site {
    let site = Site::bare(&format!(
        "title: {}\nbase_url: https://test.example/\ndescription: {}\nextra:\n  quote: 'He said \"hi\" & <left>'\n{site_yaml_extra}",
        q(SCRIPT),
        q(IMG)
    ));
    site.write(
        "content/creators/evil.md",
        &format!(
            "---\nname: {s}\nstatus: active\nsummary: {i}\nlocation: {i}\nniches: [{s}]\ntags: [{i}]
platforms:\n  - network: instagram\n    handle: {i}\n    url: {u}\n    followers: 10
preferences:\n  formats: [{i}]\n  notes: {i}\nextra:\n  q: 'a \"quoted\" value'\n---
Raw <script>alert(1)</script> text and

<iframe src=\"https://evil.example/\"></iframe>

<img src=x onerror=alert(1)>

A [normal link](https://example.com/) stays.
",
            s = q(SCRIPT),
            i = q(IMG),
            u = q(&format!("https://example.com/{IMG}")),
        ),
    );
    site.write(
        "content/campaigns/bad.md",
        &format!(
            "---\ntitle: {t}\nbrand: {s}\nobjective: awareness\nauthor: {s}\nsummary: {i}\nlearnings: [{i}]
results: {{{s}: 5}}\nmarkets: [FR]
creators:\n  - creator: evil\n    status: published\n    deliverables: [{i}]\n    disclosure: {{label: {i}}}\n---\nBody {s}.\n",
            t = q("</script><script>alert(2)</script>"),
            s = q(SCRIPT),
            i = q(IMG),
        ),
    );
    site.write(
        "content/glossary/t.md",
        &format!(
            "---\nterm: {s}\ndefinition: {i}\ncategory: {s}\nalternate_names: [{i}]\ntranslations: {{fr: {s}}}
faq:\n  - question: {i}\n    answer: 'Answer <img src=x onerror=alert(1)> here'\n---
## FAQ\n\n### Q <script>alert(1)</script>\n\nA <img src=x onerror=alert(1)>\n",
            s = q(SCRIPT),
            i = q(IMG),
        ),
    );
    site.write(
        "content/pages/about.md",
        &format!(
            "---\ntitle: {}\ndescription: {}\n---\nHi\n",
            q(SCRIPT),
            q(IMG)
        ),
    );
    site
}

/// Every start tag (`<name ...>`) of `html`.
fn tags(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let end = rest.find('>').unwrap_or(rest.len());
            out.push(&rest[..end]);
        }
    }
    out
}

/// Attribute names of a start tag's text (quoted values removed).
fn attr_names(tag: &str) -> Vec<String> {
    let mut unquoted = String::new();
    let mut quote = None;
    for c in tag.chars() {
        match quote {
            Some(qc) if c == qc => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None => unquoted.push(c),
        }
    }
    unquoted
        .split_whitespace()
        .skip(1)
        .map(|a| a.split('=').next().unwrap_or("").to_ascii_lowercase())
        .collect()
}

fn assert_no_injection(pages: &BTreeMap<String, String>) {
    assert!(pages.len() > 5, "too few pages: {:?}", pages.keys());
    for (path, html) in pages {
        for bad in ["<script>alert", "<img src=x onerror", "</script><script>"] {
            assert!(!html.contains(bad), "{path} contains `{bad}`");
        }
        for tag in tags(html) {
            let name = tag
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            assert!(name != "iframe", "{path}: an <iframe> got through: <{tag}>");
            for attr in attr_names(tag) {
                assert!(!attr.starts_with("on"), "{path}: event handler in <{tag}>");
            }
        }
        for attr in ["href", "src", "action"] {
            for v in common::attr_values(html, attr) {
                let lower = v.trim().to_ascii_lowercase();
                assert!(
                    !lower.starts_with("javascript:") && !lower.starts_with("data:text"),
                    "{path}: {attr}=\"{v}\""
                );
            }
        }
    }
}

#[test]
fn hostile_values_are_escaped_everywhere() {
    let site = hostile_site("");
    let pages = site.build_ok(&[]);
    assert_no_injection(&pages);
    // The attacks are shown as text, not dropped silently.
    let profile = &pages["creators/evil/index.html"];
    assert!(
        profile.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || profile.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the name should be visible, escaped"
    );
    assert!(
        profile.contains("&lt;iframe"),
        "raw HTML in a body is shown as text"
    );
    assert!(
        profile.contains("href=\"https://example.com/\""),
        "normal links are kept"
    );
    // Team build renders the same values (and more): still escaped.
    assert_no_injection(&site.build_ok(&["--audience", "team"]));
}

#[test]
fn unsafe_html_passes_raw_html_through() {
    let site = hostile_site("unsafe_html: true\n");
    let pages = site.build_ok(&[]);
    let profile = &pages["creators/evil/index.html"];
    assert!(
        profile.contains("<iframe src=\"https://evil.example/\">"),
        "with unsafe_html the body's raw HTML is kept"
    );
    // Front-matter values are still escaped: unsafe_html is about bodies only.
    assert!(!profile.contains(&format!("<h1>{SCRIPT}")));
    for (path, html) in &pages {
        assert!(
            !html.contains("</script><script>alert(2)"),
            "{path}: campaign title not escaped"
        );
    }
}

#[test]
fn javascript_link_in_body_is_refused_or_neutralised() {
    let site = Site::new();
    site.write(
        "content/creators/links.md",
        "---\nname: Links\nstatus: active\n---\nIntro.\n\n[x](javascript:alert(3)) and [y](JaVaScRiPt:alert(3))\n\n![i](javascript:alert(4))\n",
    );
    let (r, out) = site.build(&[]);
    r.expect_no_panic();
    if r.code == 0 {
        let pages = common::html_pages(&out);
        assert_no_injection(&pages);
        assert!(
            !pages["creators/links/index.html"]
                .to_lowercase()
                .contains("javascript:alert")
        );
    } else {
        // Refused: each bad link is reported where it is written.
        r.expect_code(1);
        let errors = r.errors();
        for at in ["links.md:7:1:", "links.md:7:30:", "links.md:9:1:"] {
            assert!(
                errors
                    .iter()
                    .any(|l| l.contains(at) && l.to_lowercase().contains("javascript")),
                "no error at {at}:\n{}",
                r.stderr
            );
        }
    }
}

#[test]
fn javascript_platform_url_is_an_error() {
    let site = Site::new();
    site.write(
        "content/creators/j.md",
        "---\nname: J\nstatus: active\nplatforms:\n  - network: x\n    url: javascript:alert(1)\n---\n",
    );
    let (r, out) = site.build(&[]);
    r.expect_no_panic().expect_code(1);
    assert!(
        r.errors()
            .iter()
            .any(|l| l.starts_with("content/creators/j.md:6:")),
        "{}",
        r.stderr
    );
    assert!(!out.exists(), "a failed build wrote output");
}
