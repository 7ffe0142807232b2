//! The site-wide files: `sitemap.xml` and `robots.txt`, `atom.xml`,
//! `llms.txt` and the data exports — well-formed, complete, and with the
//! shape `docs/seo.md` documents.

mod common;
mod schemaorg;

use common::{Site, build_example, html_pages};
use quick_xml::events::Event;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

const BASE: &str = "https://creators.northlight.example/";

/// An XML element.
#[derive(Debug, Default)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<El>,
    text: String,
}

impl El {
    fn all<'a>(&'a self, name: &str) -> Vec<&'a El> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
    fn one<'a>(&'a self, name: &str) -> &'a El {
        let all = self.all(name);
        assert_eq!(all.len(), 1, "<{}> needs one <{name}>", self.name);
        all[0]
    }
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses `text`, failing unless it is well-formed XML with one root.
fn parse_xml(text: &str) -> El {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack = vec![El::default()];
    let open = |e: &quick_xml::events::BytesStart| El {
        name: e.name().as_ref().to_string(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                let key = a.key.as_ref().to_string();
                (
                    key,
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("known entities")
                        .into_owned(),
                )
            })
            .collect(),
        ..El::default()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(open(&e)),
            Event::Empty(e) => stack.last_mut().unwrap().children.push(open(&e)),
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().expect("balanced").children.push(el);
            }
            Event::Text(t) => {
                let s = t.to_string();
                assert!(!s.contains(['<', '&']), "raw markup in text: {s}");
                stack.last_mut().unwrap().text.push_str(&s);
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().expect("valid character reference") {
                    Some(c) => c,
                    None => match &*r.into_inner() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("undefined entity &{other};"),
                    },
                };
                stack.last_mut().unwrap().text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut doc = stack.pop().unwrap();
    assert!(doc.text.trim().is_empty(), "text outside the root");
    assert_eq!(doc.children.len(), 1, "exactly one root element");
    doc.children.pop().unwrap()
}

fn read(out: &Path, file: &str) -> String {
    std::fs::read_to_string(out.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn is_date(s: &str) -> bool {
    s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
}

#[test]
fn sitemap_lists_every_page_once_and_robots_names_it() {
    let (_tmp, out) = build_example(&[]);
    let root = parse_xml(&read(&out, "sitemap.xml"));
    assert_eq!(root.name, "urlset");
    assert_eq!(
        root.attr("xmlns"),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let mut locs = BTreeSet::new();
    for url in root.all("url") {
        let loc = url.one("loc").text.clone();
        assert!(loc.starts_with(BASE), "{loc}");
        for m in url.all("lastmod") {
            assert!(is_date(&m.text), "{loc}: lastmod {}", m.text);
        }
        assert!(locs.insert(loc.clone()), "{loc} listed twice");
    }
    let pages: BTreeSet<String> = html_pages(&out)
        .into_keys()
        // The search page is `noindex` (a results page has no content of its own).
        .filter(|p| !p.ends_with("404.html") && !p.ends_with("search/index.html"))
        .map(|p| format!("{BASE}{}", p.trim_end_matches("index.html")))
        .collect();
    assert_eq!(locs, pages);
    // A profile's lastmod is its JSON-LD dateModified.
    let sitemap = read(&out, "sitemap.xml");
    let profile = read(&out, "creators/lea-martin/index.html");
    let modified = profile
        .split("\"dateModified\":\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert!(sitemap.contains(&format!(
        "<loc>{BASE}creators/lea-martin/</loc><lastmod>{modified}</lastmod>"
    )));

    let robots = read(&out, "robots.txt");
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml")),
        "{robots}"
    );
    let (_t2, team) = build_example(&["--audience", "team"]);
    let robots = read(&team, "robots.txt");
    assert!(
        robots.contains("Disallow: /") && !robots.contains("Sitemap:"),
        "{robots}"
    );
}

#[test]
fn the_feed_is_atom_with_recaps_and_terms_newest_first() {
    let (_tmp, out) = build_example(&[]);
    let feed = parse_xml(&read(&out, "atom.xml"));
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attr("xmlns"), Some("http://www.w3.org/2005/Atom"));
    let rfc3339 = |s: &str| s.len() == 20 && is_date(&s[..10]) && s.ends_with("T00:00:00Z");
    assert_eq!(feed.one("id").text, format!("{BASE}atom.xml"));
    assert!(!feed.one("title").text.is_empty());
    assert!(rfc3339(&feed.one("updated").text));
    assert!(!feed.one("author").one("name").text.is_empty());
    assert!(
        feed.all("link")
            .iter()
            .any(|l| l.attr("rel") == Some("self"))
    );
    let entries = feed.all("entry");
    let mut previous = feed.one("updated").text.clone();
    let mut ids = BTreeSet::new();
    for e in &entries {
        let id = &e.one("id").text;
        assert!(
            id.starts_with(&format!("{BASE}campaigns/"))
                || id.starts_with(&format!("{BASE}glossary/")),
            "{id}"
        );
        assert_eq!(e.one("link").attr("href"), Some(id.as_str()));
        assert!(!e.one("title").text.is_empty());
        let updated = e.one("updated").text.clone();
        assert!(rfc3339(&updated), "{updated}");
        assert!(updated <= previous, "{id} is out of order");
        previous = updated;
        ids.insert(id.clone());
    }
    // Every dated recap and term is there (the example is under the limit).
    let campaigns: Value = serde_json::from_str(&read(&out, "data/campaigns.json")).unwrap();
    let terms: Value = serde_json::from_str(&read(&out, "data/glossary.json")).unwrap();
    let dated = campaigns["campaigns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["date"].is_string())
        .chain(
            terms["terms"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|t| t["updated"].is_string()),
        )
        .map(|x| x["url"].as_str().unwrap().to_string())
        .collect::<BTreeSet<_>>();
    assert_eq!(ids, dated);
}

#[test]
fn llms_txt_links_every_term_and_recap() {
    let (_tmp, out) = build_example(&[]);
    let text = read(&out, "llms.txt");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("# Northlight Creator Desk"));
    assert!(text.contains("\n> "), "no summary blockquote");
    let section = |title: &str| -> Vec<String> {
        let start = text
            .find(&format!("\n## {title}\n"))
            .unwrap_or_else(|| panic!("no {title} section"));
        text[start + 1..]
            .lines()
            .skip(1)
            .take_while(|l| !l.starts_with("## "))
            .filter(|l| l.starts_with("- ["))
            .map(str::to_string)
            .collect()
    };
    let pages = html_pages(&out);
    let terms = section("Glossary");
    let recaps = section("Campaign recaps");
    let count = |dir: &str| {
        pages
            .keys()
            .filter(|p| p.starts_with(dir) && p.matches('/').count() == 2)
            .count()
    };
    assert_eq!(terms.len(), count("glossary/"));
    assert_eq!(recaps.len(), count("campaigns/"));
    for line in terms.iter().chain(&recaps).chain(&section("Optional")) {
        let url = line
            .split("](")
            .nth(1)
            .and_then(|r| r.split(')').next())
            .unwrap();
        let rel = url
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("{url} is not absolute"));
        let target = if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel.to_string()
        };
        assert!(
            out.join(&target).is_file(),
            "{line}: {target} does not exist"
        );
    }
    assert!(
        terms
            .iter()
            .any(|l| l.starts_with("- [Creator CRM](") && l.contains("): A shared record"))
    );
}

/// Keys every creator has, in the documented order.
const CREATOR_KEYS: &[&str] = &[
    "slug",
    "name",
    "url",
    "summary",
    "image",
    "handle",
    "location",
    "country",
    "languages",
    "niches",
    "tags",
    "platforms",
    "total_followers",
    "audience",
    "preferences",
    "since",
    "updated",
    "first_collaboration",
    "last_collaboration",
    "campaigns",
    "brands",
    "kpis",
    "consent",
    "extra",
];
const CREATOR_TEAM_KEYS: &[&str] = &["status", "owner", "rates", "contact", "timeline"];
const CAMPAIGN_KEYS: &[&str] = &[
    "slug",
    "title",
    "url",
    "brand",
    "objective",
    "stage",
    "summary",
    "image",
    "start",
    "end",
    "date",
    "author",
    "channels",
    "markets",
    "participants",
    "results",
    "learnings",
    "kpis",
    "disclosure",
    "usage_rights",
    "extra",
];
const PARTICIPANT_KEYS: &[&str] = &[
    "creator",
    "name",
    "status",
    "deliverables",
    "responded",
    "due",
    "published",
    "on_time",
    "approval_rounds",
    "quality",
    "content",
    "results",
    "disclosure_label",
    "disclosure_tool",
];
const TERM_KEYS: &[&str] = &[
    "slug",
    "term",
    "url",
    "definition",
    "category",
    "alternate_names",
    "translations",
    "related",
    "faq",
    "author",
    "date",
    "updated",
    "extra",
];

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

fn sorted(a: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = a.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

fn sorted_keys(v: &Value) -> Vec<String> {
    sorted(&keys(v))
}

#[test]
fn data_exports_have_the_documented_shape() {
    for team in [false, true] {
        let args: &[&str] = if team { &["--audience", "team"] } else { &[] };
        let (_tmp, out) = build_example(args);
        let creators: Value = serde_json::from_str(&read(&out, "data/creators.json")).unwrap();
        let campaigns: Value = serde_json::from_str(&read(&out, "data/campaigns.json")).unwrap();
        let glossary: Value = serde_json::from_str(&read(&out, "data/glossary.json")).unwrap();
        for doc in [&creators, &campaigns, &glossary] {
            assert_eq!(doc["version"], 1);
            assert_eq!(doc["audience"], if team { "team" } else { "public" });
            assert_eq!(doc["site"]["base_url"], BASE);
        }
        let mut want = CREATOR_KEYS.to_vec();
        if team {
            want.extend(CREATOR_TEAM_KEYS);
        }
        let list = creators["creators"].as_array().unwrap();
        assert!(list.len() >= 12);
        for c in list {
            assert_eq!(sorted_keys(c), sorted(&want), "{}", c["slug"]);
            assert_eq!(
                sorted_keys(&c["kpis"]),
                sorted(&[
                    "campaigns",
                    "response_rate",
                    "on_time_rate",
                    "approval_rounds",
                    "quality"
                ])
            );
        }
        let mut want = CAMPAIGN_KEYS.to_vec();
        let mut part = PARTICIPANT_KEYS.to_vec();
        if team {
            want.push("budget");
            part.push("fee");
        }
        for c in campaigns["campaigns"].as_array().unwrap() {
            assert_eq!(sorted_keys(c), sorted(&want), "{}", c["slug"]);
            for p in c["participants"].as_array().unwrap() {
                assert_eq!(sorted_keys(p), sorted(&part), "{}", c["slug"]);
            }
        }
        for t in glossary["terms"].as_array().unwrap() {
            assert_eq!(sorted_keys(t), sorted(TERM_KEYS), "{}", t["slug"]);
        }
        if team {
            let lea = list.iter().find(|c| c["slug"] == "lea-martin").unwrap();
            assert!(lea["rates"]["reel"].is_u64() && lea["rates"]["currency"] == "EUR");
            let glow = campaigns["campaigns"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["slug"] == "spring-glow-2025")
                .unwrap();
            assert!(glow["participants"][0]["fee"].is_u64(), "fees are numbers");
        }

        let rows = schemaorg::parse_csv(&read(&out, "data/creators.csv"));
        let head = &rows[0];
        assert_eq!(&head[..3], ["slug", "name", "url"]);
        assert!(head.contains(&"followers_instagram".to_string()));
        assert_eq!(
            head.contains(&"email".to_string()),
            team,
            "team-only columns"
        );
        assert_eq!(rows.len() - 1, list.len());
        for r in &rows[1..] {
            assert_eq!(r.len(), head.len());
        }
    }
}

#[test]
fn hostile_values_keep_the_files_well_formed_and_a_static_file_wins() {
    let evil = "A & B <c> \"d\" 'e' ]] [x](y)";
    // YAML single-quoted: a quote is written twice.
    let q = format!("'{}'", evil.replace('\'', "''"));
    let site = Site::bare(&format!(
        "title: {q}\nbase_url: https://t.example/?a=1&b=2\ndescription: {q}\n"
    ));
    site.write(
        "content/glossary/t.md",
        &format!("---\nterm: {q}\ndefinition: \"bell\\a end\"\ncategory: {q}\nauthor: {q}\ndate: 2025-01-01\n---\n"),
    );
    site.write(
        "content/campaigns/c.md",
        &format!(
            "---\ntitle: {q}\nbrand: {q}\nobjective: trust\ndate: 2025-02-01\nsummary: {q}\n---\n"
        ),
    );
    site.write("static/robots.txt", "User-agent: *\nDisallow: /private/\n");
    let (r, out) = site.build(&[]);
    r.expect_no_panic().expect_code(0);
    let feed = parse_xml(&read(&out, "atom.xml"));
    assert_eq!(feed.one("title").text, evil);
    assert_eq!(feed.all("entry").len(), 2);
    parse_xml(&read(&out, "sitemap.xml"));
    let llms = read(&out, "llms.txt");
    assert!(
        llms.contains("- [A & B <c> \"d\" 'e' \\]\\] \\[x\\](y)]("),
        "{llms}"
    );
    assert_eq!(
        read(&out, "robots.txt"),
        "User-agent: *\nDisallow: /private/\n"
    );
}
