//! What the JSON-LD says: one valid graph per page, with stable `@id`s that
//! link profiles and recaps, breadcrumbs and FAQs exactly as the page shows
//! them, no way for content to break out of the script, and `check`
//! reporting a theme's broken structured data at the content file.

mod common;
mod schemaorg;

use common::{Site, build_example, html_pages};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

const BASE: &str = "https://creators.northlight.example/";

/// Undoes the HTML escapes the theme's autoescaping produces.
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Text of an HTML fragment, tags removed.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

/// Texts between `open` (up to its `>`) and `close`, in order.
fn texts_between(html: &str, open: &str, close: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        rest = &rest[i + open.len()..];
        let start = rest.find('>').map_or(0, |g| g + 1);
        let end = rest[start..].find(close).map_or(rest.len(), |e| start + e);
        out.push(unescape(rest[start..end].trim()));
        rest = &rest[end..];
    }
    out
}

/// The page's single JSON-LD document (panics if there is not exactly one).
fn graph(path: &str, html: &str) -> Vec<Value> {
    let scripts = creatorkb::seo::validate::scripts(html);
    assert_eq!(scripts.len(), 1, "{path}: expected one JSON-LD script");
    let doc: Value = serde_json::from_str(scripts[0]).expect("JSON");
    assert_eq!(doc["@context"], "https://schema.org", "{path}");
    doc["@graph"].as_array().expect("@graph").clone()
}

fn node<'a>(graph: &'a [Value], ty: &str) -> Option<&'a Value> {
    graph.iter().find(|n| n["@type"] == ty)
}

/// The canonical URL of an output page.
fn url_of(path: &str) -> String {
    format!("{BASE}{}", path.trim_end_matches("index.html"))
}

/// The output pages listed in `sitemap.xml`: every page job. Pages outside
/// it (`404.html`, the search page) carry no structured data.
fn sitemap_pages(out: &std::path::Path) -> Vec<String> {
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap.xml");
    sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| {
            s.split('<')
                .next()
                .unwrap()
                .trim_start_matches(BASE)
                .to_string()
                + "index.html"
        })
        .collect()
}

#[test]
fn every_page_has_one_valid_graph_with_stable_ids() {
    for extra in [&[][..], &["--audience", "team", "--offline"][..]] {
        let (_tmp, out) = build_example(extra);
        let pages = html_pages(&out);
        let listed = sitemap_pages(&out);
        assert!(listed.len() > 100);
        assert!(creatorkb::seo::validate::scripts(&pages["404.html"]).is_empty());
        for path in listed {
            let html = &pages[&path];
            let mut problems = Vec::new();
            creatorkb::seo::validate::check_script(
                creatorkb::seo::validate::scripts(html)[0],
                &mut |_, m| problems.push(m),
            );
            assert!(problems.is_empty(), "{path}: {problems:?}");
            let g = graph(&path, html);
            assert_eq!(g[0]["@id"], format!("{BASE}#website"), "{path}");
            assert_eq!(g[1]["@id"], format!("{BASE}#org"), "{path}");
            assert_eq!(g[2]["@id"], url_of(&path), "{path}: page @id");
            assert_eq!(g[2]["isPartOf"]["@id"], format!("{BASE}#website"));
        }
    }
}

#[test]
fn breadcrumbs_are_the_visible_trail() {
    let (_tmp, out) = build_example(&[]);
    let mut checked = 0;
    let pages = html_pages(&out);
    for path in sitemap_pages(&out) {
        let html = &pages[&path];
        let Some(nav) = html.split_once("<nav class=\"breadcrumbs") else {
            continue;
        };
        let nav = &nav.1[..nav.1.find("</nav>").unwrap()];
        let visible: Vec<String> = texts_between(nav, "<li>", "</li>")
            .iter()
            .map(|li| strip_tags(li))
            .map(|t| t.trim().to_string())
            .collect();
        let g = graph(&path, html);
        let list =
            node(&g, "BreadcrumbList").unwrap_or_else(|| panic!("{path}: no BreadcrumbList"));
        let items = list["itemListElement"].as_array().unwrap();
        let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
        assert_eq!(names, visible, "{path}");
        // Each item's URL is where the visible link goes.
        let hrefs = common::attr_values(nav, "href");
        for (item, href) in items.iter().zip(hrefs) {
            let mut parts: Vec<&str> = path.split('/').collect();
            parts.pop();
            for seg in href.split('/') {
                match seg {
                    "" | "." => {}
                    ".." => {
                        parts.pop();
                    }
                    s => parts.push(s),
                }
            }
            let target = url_of(&(parts.join("/") + "/"))
                .replace("//", "/")
                .replace(":/", "://");
            let target = if parts.is_empty() {
                BASE.to_string()
            } else {
                target
            };
            assert_eq!(item["item"], target, "{path}: `{href}`");
        }
        assert_eq!(items.last().unwrap()["item"], url_of(&path));
        checked += 1;
    }
    assert!(checked > 100, "only {checked} pages with breadcrumbs");
}

#[test]
fn the_faq_is_exactly_the_one_shown() {
    let (_tmp, out) = build_example(&[]);
    let mut with_faq = 0;
    for (path, html) in html_pages(&out) {
        if !path.starts_with("glossary/") || path == "glossary/index.html" {
            continue;
        }
        let shown = texts_between(&html, "<h3 class=\"faq__q\"", "</h3>");
        let g = graph(&path, &html);
        let page = &g[2];
        if shown.is_empty() {
            assert_eq!(page["@type"], "WebPage", "{path}");
            continue;
        }
        with_faq += 1;
        assert_eq!(page["@type"], "FAQPage", "{path}");
        let questions: Vec<String> = page["mainEntity"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["name"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(questions, shown, "{path}");
        let answers = texts_between(&html, "<div class=\"prose faq__a\"", "</div>");
        for (q, a) in page["mainEntity"].as_array().unwrap().iter().zip(&answers) {
            let text = q["acceptedAnswer"]["text"].as_str().unwrap();
            let shown_text = strip_tags(a);
            let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(norm(text), norm(&shown_text), "{path}");
        }
        let term = node(&g, "DefinedTerm").expect("DefinedTerm");
        assert_eq!(page["about"]["@id"], term["@id"]);
    }
    assert!(with_faq >= 3, "only {with_faq} terms with a FAQ");
}

#[test]
fn recaps_and_profiles_name_the_same_person() {
    let (_tmp, out) = build_example(&[]);
    let pages = html_pages(&out);
    let mut people: HashMap<String, Vec<String>> = HashMap::new();
    for (path, html) in &pages {
        if path.starts_with("creators/") && path.matches('/').count() == 2 {
            let g = graph(path, html);
            let profile = node(&g, "ProfilePage").expect("ProfilePage");
            let person = node(&g, "Person").expect("Person");
            assert_eq!(profile["mainEntity"]["@id"], person["@id"]);
            assert_eq!(person["@id"], format!("{}#person", url_of(path)));
            let recaps = person["subjectOf"].as_array().cloned().unwrap_or_default();
            people.insert(
                person["@id"].as_str().unwrap().to_string(),
                recaps
                    .iter()
                    .map(|a| a["@id"].as_str().unwrap().to_string())
                    .collect(),
            );
        }
    }
    let mut mentions = 0;
    for (path, html) in &pages {
        if !(path.starts_with("campaigns/") && path.matches('/').count() == 2) {
            continue;
        }
        let g = graph(path, html);
        let article = node(&g, "Article").expect("Article");
        for m in article["mentions"].as_array().into_iter().flatten() {
            if m["@type"] == "Person" {
                let id = m["@id"].as_str().unwrap();
                let recaps = people
                    .get(id)
                    .unwrap_or_else(|| panic!("{path}: {id} has no profile"));
                assert!(recaps.contains(&article["@id"].as_str().unwrap().to_string()));
                mentions += 1;
            } else {
                assert_eq!(m["@type"], "SocialMediaPosting");
                assert!(people.contains_key(m["author"]["@id"].as_str().unwrap()));
            }
        }
    }
    assert!(mentions > 10, "only {mentions} mentions");
}

const EVIL: &str = "</script><script>alert(1)</script><!--";

#[test]
fn no_value_can_close_the_script() {
    let site = Site::bare(&format!(
        "title: '{EVIL}'\nbase_url: https://test.example/\ndescription: 'a & b'\n"
    ));
    site.write(
        "content/creators/evil.md",
        &format!(
            "---\nname: '{EVIL}'\nstatus: active\nsummary: '{EVIL}'\nlocation: '{EVIL}'\n---\n"
        ),
    );
    site.write(
        "content/glossary/t.md",
        &format!("---\nterm: '{EVIL}'\ndefinition: '{EVIL}'\nfaq:\n  - question: '{EVIL}'\n    answer: 'x'\n---\n"),
    );
    let pages = site.build_ok(&[]);
    for (path, html) in &pages {
        assert!(
            !html.contains("<script>alert"),
            "{path}: a script got through"
        );
        for script in creatorkb::seo::validate::scripts(html) {
            assert!(!script.contains('<'), "{path}: `<` inside the JSON-LD");
            let doc: Value = serde_json::from_str(script).expect("still JSON");
            assert!(doc.to_string().contains("</script>") || path == "404.html");
        }
    }
    let g = graph(
        "creators/evil/index.html",
        &pages["creators/evil/index.html"],
    );
    assert_eq!(
        node(&g, "Person").unwrap()["name"],
        EVIL,
        "the value survives, escaped"
    );
}

/// A site with one term and a theme that adds its own structured data.
fn themed_site(jsonld: &str) -> Site {
    let site = Site::new();
    site.write(
        "content/glossary/t.md",
        "---\nterm: 'Term </script><!-- & \"q\"'\ndefinition: A definition.\n---\nBody.\n",
    );
    site.write(
        "themes/default/templates/term.html",
        &format!("{{% extends \"base.html\" %}}{{% block jsonld %}}{{{{ super() }}}}<script type=\"application/ld+json\">{jsonld}</script>\n{{% endblock jsonld %}}{{% block content %}}<h1>{{{{ term.term }}}}</h1>{{% endblock content %}}"),
    );
    site
}

#[test]
fn a_theme_adds_its_own_structured_data_and_check_validates_it() {
    let good = themed_site(
        r#"{"@context":"https://schema.org","@type":"Article","headline":{{ term.term | json_ld }},"url":"https://test.example/glossary/t/"}"#,
    );
    let r = good.check(&[]);
    r.expect_no_panic().expect_code(0);
    let pages = good.build_ok(&[]);
    let scripts = creatorkb::seo::validate::scripts(&pages["glossary/t/index.html"]);
    assert_eq!(scripts.len(), 2, "super() keeps the generated graph");
    // The `json_ld` filter writes a value as script-safe JSON.
    assert!(!scripts[1].contains('<'), "{}", scripts[1]);
    let theirs: Value = serde_json::from_str(scripts[1]).expect("the theme's JSON-LD parses");
    assert_eq!(theirs["headline"], "Term </script><!-- & \"q\"");

    let bad = themed_site(
        r#"{"@context":"https://schema.org","@type":"DefinedTerm","nmae":"x","url":"/glossary/t/"}"#,
    );
    let r = bad.check(&[]);
    r.expect_no_panic().expect_code(1);
    let errors = r.errors();
    assert!(
        errors.iter().any(|e| e
            .starts_with("content/glossary/t.md: error: structured data of page glossary/t/:")
            && e.contains("`nmae`")
            && e.contains("did you mean `name`")),
        "{}",
        r.stderr
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("`/glossary/t/` is not an absolute URL")),
        "{}",
        r.stderr
    );
}

#[test]
fn a_base_template_without_json_ld_is_a_warning() {
    let site = Site::new();
    site.write(
        "themes/default/templates/base.html",
        "<!DOCTYPE html><html><head><title>{{ page.title }}</title>{% block head %}{% endblock head %}</head>\
         <body>{% block content %}{% endblock content %}</body></html>",
    );
    let r = site.check(&[]);
    r.expect_no_panic().expect_code(0);
    assert!(
        r.stderr.contains("content/creators/valid.md: warning: structured data of page creators/valid/: the page has no JSON-LD"),
        "{}",
        r.stderr
    );
}

#[test]
fn head_has_social_cards_and_the_feed() {
    let (_tmp, out) = build_example(&[]);
    let pages: BTreeMap<String, String> = html_pages(&out);
    for (path, html) in &pages {
        assert!(html.contains("<meta name=\"twitter:card\""), "{path}");
        assert!(
            html.contains("type=\"application/atom+xml\""),
            "{path}: no feed link"
        );
    }
    let recap = &pages["campaigns/spring-glow-2025/index.html"];
    let image = format!("{BASE}images/campaigns/spring-glow-2025.svg");
    assert!(recap.contains(&format!("<meta property=\"og:image\" content=\"{image}\">")));
    assert!(recap.contains(&format!(
        "<meta name=\"twitter:image\" content=\"{image}\">"
    )));
    assert!(recap.contains("content=\"summary_large_image\""));
    let profile = &pages["creators/lea-martin/index.html"];
    assert!(profile.contains("<meta property=\"og:type\" content=\"profile\">"));
}
