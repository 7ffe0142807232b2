//! Multilingual sites (`language: en`, `languages: [fr]`): translation files
//! `<slug>.fr.md` inherit their original's front matter, French pages live
//! under `fr/`, untranslated entries fall back to their English page, and
//! hreflang, sitemap alternates, JSON-LD languages, French number and date
//! formats, per-language search and the translation errors all hold.

mod common;
use common::{Site, attr_values, read_tree};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const BASE: &str = "https://ml.example/";
const SECRET_EMAIL: &str = "ada.secret@agency.example";

/// The site of most tests: Ada (two platforms, so her profile shows a total
/// of 1,234,567 followers; private fields; a translation that only sets
/// `summary`), Bo (English only), a translated campaign with a `date:`, a
/// translated term whose original has `translations: {fr: ...}`, an
/// untranslated term and a translated home.
const FILES: &[(&str, &str)] = &[
    (
        "site.yaml",
        "title: Desk\nbase_url: https://ml.example/\nlanguages: [fr]\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: Desk\n---\nWelcome to the desk.\n",
    ),
    (
        "content/_index.fr.md",
        "---\ntitle: Bureau\n---\nBienvenue au bureau.\n",
    ),
    (
        "content/creators/ada-lane.md",
        "---
name: Ada Lane
status: active
summary: Skincare educator in English.
platforms:
  - network: instagram
    handle: ada.lane
    url: https://www.instagram.com/ada.lane/
    followers: 1000000
    engagement_rate: 3.4
  - network: tiktok
    handle: adalane
    url: https://www.tiktok.com/@adalane
    followers: 234567
niches: [skincare]
country: FR
rates:
  currency: EUR
  reel: 2385
contact:
  email: ada.secret@agency.example
  phone: \"+33 6 00 00 00 00\"
owner: Secret Owner
---
Ada explains ingredients in English.
",
    ),
    (
        "content/creators/ada-lane.fr.md",
        "---\nsummary: Éducatrice soin de la peau.\n---\nAda explique les ingrédients.\n",
    ),
    (
        "content/creators/bo-ray.md",
        "---
name: Bo Ray
status: active
summary: Gaming streamer.
platforms:
  - network: twitch
    handle: boray
    followers: 45000
niches: [gaming]
---
Bo streams games.
",
    ),
    (
        "content/campaigns/glow-2026.md",
        "---
title: Glow launch
brand: Verveine
objective: awareness
start: 2026-02-01
end: 2026-03-01
date: 2026-03-12
author: Claire Fontaine
summary: A launch in English.
creators:
  - creator: ada-lane
    status: reported
  - creator: bo-ray
    status: published
---
The recap in English.
",
    ),
    (
        "content/campaigns/glow-2026.fr.md",
        "---\ntitle: Lancement Glow\nsummary: Un lancement en français.\n---\nLe bilan en français.\n",
    ),
    (
        "content/glossary/creator-crm.md",
        "---
term: Creator CRM
definition: A shared record of every creator an agency works with.
translations:
  fr: CRM créateurs
---
A CRM for creators.
",
    ),
    (
        "content/glossary/creator-crm.fr.md",
        "---\nterm: CRM créateurs\ndefinition: Le fichier partagé de tous les créateurs.\n---\nUn CRM.\n",
    ),
    (
        "content/glossary/reach.md",
        "---\nterm: Reach\ndefinition: The number of people who saw a post.\n---\nReach counts people.\n",
    ),
];

/// Builds a site of `files`; returns it (keep it alive) and its output tree.
fn build(files: &[(&str, &str)]) -> (Site, BTreeMap<String, Vec<u8>>) {
    let site = Site::bare(files[0].1);
    files[1..].iter().for_each(|(p, t)| _ = site.write(p, t));
    let (run, out) = site.build(&[]);
    run.expect_no_panic().expect_code(0);
    let tree = read_tree(&out);
    (site, tree)
}

/// The HTML pages of the main site.
fn pages() -> BTreeMap<String, String> {
    let (_site, tree) = build(FILES);
    tree.into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).expect("UTF-8")))
        .collect()
}

/// The output file an absolute URL of the site is served from.
fn file_of(url: &str) -> String {
    let rel = url.strip_prefix(BASE).expect("a URL of the site");
    match rel.is_empty() || rel.ends_with('/') {
        true => format!("{rel}index.html"),
        false => rel.to_string(),
    }
}

/// The output file a relative `href` on the page `from` points at.
fn resolve(from: &str, href: &str) -> String {
    let href = href.split(['#', '?']).next().unwrap_or_default();
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop(); // the page's own file name
    for seg in href.split('/') {
        match seg {
            ".." => _ = parts.pop(),
            "." | "" => {}
            s => parts.push(s),
        }
    }
    if href.is_empty() || href.ends_with('/') {
        parts.push("index.html");
    }
    parts.join("/")
}

/// `(hreflang, href)` of each element starting with `open` in `text` that
/// has `rel="alternate"` and a `hreflang`.
fn alternates(text: &str, open: &str) -> BTreeSet<(String, String)> {
    let pair = |t: &str| {
        let t = format!(" {}", &t[..t.find('>').unwrap_or(t.len())]);
        let (l, h) = (attr_values(&t, "hreflang"), attr_values(&t, "href"));
        let ok = t.contains("rel=\"alternate\"") && !l.is_empty();
        ok.then(|| (l[0].to_string(), h[0].to_string()))
    };
    text.split(open).skip(1).filter_map(pair).collect()
}

/// The hreflang links in a page's `<head>`.
fn head_alternates(html: &str) -> BTreeSet<(String, String)> {
    alternates(&html[..html.find("</head>").expect("a </head>")], "<link ")
}

fn canonical(html: &str) -> String {
    let at = html.find("<link rel=\"canonical\"").expect("canonical");
    attr_values(&html[at..], "href")[0].to_string()
}

/// `<html lang>`.
fn page_lang(html: &str) -> &str {
    attr_values(html, "lang")[0]
}

/// Text a reader sees: tags, scripts and styles dropped.
fn visible_text(html: &str) -> String {
    let (mut out, mut rest) = (String::new(), html);
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let close = ["script", "style"]
            .into_iter()
            .find(|t| rest[1..].starts_with(t))
            .map_or(">".to_string(), |t| format!("</{t}>"));
        let end = rest.find(&close).map_or(rest.len(), |j| j + close.len());
        out.push(' ');
        rest = &rest[end..];
    }
    out + rest
}

/// `text` contains `yes` and not `no`.
fn shows(text: &str, yes: &str, no: &str, what: &str) {
    assert!(text.contains(yes), "{what}: no {yes:?}");
    assert!(!text.contains(no), "{what}: {no:?}");
}

/// Every JSON-LD node of a page (the top objects and their `@graph`).
fn jsonld(html: &str) -> Vec<Value> {
    let mut nodes = Vec::new();
    for s in html.split("<script type=\"application/ld+json\">").skip(1) {
        let v: Value = serde_json::from_str(&s[..s.find("</script>").unwrap()]).expect("JSON");
        if let Some(g) = v["@graph"].as_array() {
            nodes.extend(g.iter().cloned());
        }
        nodes.push(v);
    }
    nodes
}

/// Every value of `key` anywhere in `v`.
fn values_of<'a>(v: &'a Value, key: &str, out: &mut Vec<&'a Value>) {
    match v {
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            if k == key {
                out.push(x);
            }
            values_of(x, key, out);
        }),
        Value::Array(a) => a.iter().for_each(|x| values_of(x, key, out)),
        _ => {}
    }
}

#[test]
fn translated_pages_exist_under_fr_and_untranslated_ones_do_not() {
    let (_site, tree) = build(FILES);
    let expected = "fr/index.html fr/creators/index.html fr/creators/ada-lane/index.html \
        fr/campaigns/index.html fr/campaigns/glow-2026/index.html fr/glossary/index.html \
        fr/glossary/creator-crm/index.html fr/niches/skincare/index.html fr/search/index.html \
        fr/search/index.js fr/404.html fr/atom.xml creators/bo-ray/index.html \
        glossary/reach/index.html";
    for f in expected.split_whitespace() {
        assert!(tree.contains_key(f), "{f} is missing");
    }
    // Pages only: the directory's filter data (`data/`) is per language.
    let under = |d: &str| -> Vec<&str> {
        tree.keys()
            .filter_map(|p| p.strip_prefix(d))
            .filter(|p| !p.starts_with("data/"))
            .collect()
    };
    let (creators, terms) = (under("fr/creators/"), under("fr/glossary/"));
    // No French page for the untranslated Bo and Reach.
    assert_eq!(creators, ["ada-lane/index.html", "index.html"]);
    assert_eq!(terms, ["creator-crm/index.html", "index.html"]);
    let text = |p: &str| visible_text(&String::from_utf8_lossy(&tree[p]));
    // The translation's body is its own; its other keys come from the original.
    let ada = text("fr/creators/ada-lane/index.html");
    shows(&ada, "Ada explique", "Ada explains", "fr body");
    shows(&ada, "Éducatrice soin", "in English", "fr summary");
    assert!(ada.contains("Ada Lane"), "the name is inherited");
    let ada = text("creators/ada-lane/index.html");
    shows(&ada, "Ada explains", "Ada explique", "English body");
    let glow = text("fr/campaigns/glow-2026/index.html");
    shows(&glow, "Lancement Glow", "recap in English", "fr recap");
    shows(&text("fr/index.html"), "Bienvenue", "Welcome", "fr home");
    shows(&text("index.html"), "Welcome", "Bienvenue", "English home");
}

#[test]
fn hreflang_links_point_both_ways() {
    let pages = pages();
    let mut pairs = 0;
    for (path, html) in &pages {
        let alts = head_alternates(html);
        let key = path.strip_prefix("fr/").unwrap_or(path);
        let in_both = pages.contains_key(key) && pages.contains_key(&format!("fr/{key}"));
        if key == "404.html" {
            continue; // not indexed: hreflang is optional there
        }
        if !in_both {
            assert!(alts.is_empty(), "{path} is in one language: {alts:?}");
            continue;
        }
        let langs: Vec<&str> = alts.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(langs, ["en", "fr", "x-default"], "{path}");
        let href = |l: &str| alts.iter().find(|(x, _)| x == l).unwrap().1.clone();
        assert_eq!(href("x-default"), href("en"), "{path}: x-default");
        let en_url = format!("{BASE}{}", key.trim_end_matches("index.html"));
        assert_eq!(href("en"), en_url, "{path}: the English version");
        let (me, lang) = (canonical(html), page_lang(html));
        assert_eq!(href(lang), me, "{path}: own hreflang ≠ canonical");
        for (l, u) in alts.iter().filter(|(l, _)| l != "x-default") {
            let target = file_of(u);
            let Some(other) = pages.get(&target) else {
                panic!("{path}: hreflang={l} {u}: no {target}");
            };
            assert_eq!(page_lang(other), l, "{target} is not in {l}");
            let back = (lang.to_string(), me.clone());
            assert!(head_alternates(other).contains(&back), "{target} ↛ {me}");
            pairs += 1;
        }
    }
    assert!(pairs >= 20, "only {pairs} hreflang links checked");
}

#[test]
fn sitemap_alternates_match_the_pages_both_ways() {
    let (_site, tree) = build(FILES);
    let xml = String::from_utf8_lossy(&tree["sitemap.xml"]);
    let page = |url: &str| String::from_utf8_lossy(&tree[&file_of(url)]).into_owned();
    let mut urls: BTreeMap<String, BTreeSet<(String, String)>> = BTreeMap::new();
    for chunk in xml.split("<url>").skip(1) {
        let loc = &chunk[chunk.find("<loc>").unwrap() + 5..chunk.find("</loc>").unwrap()];
        urls.insert(loc.to_string(), alternates(chunk, "<xhtml:link "));
    }
    let alts_of = |u: &str| urls[&format!("{BASE}{u}")].len();
    assert_eq!(alts_of("creators/ada-lane/"), 3, "en, fr, x-default");
    assert_eq!(alts_of("fr/glossary/creator-crm/"), 3, "en, fr, x-def.");
    assert_eq!(alts_of("creators/bo-ray/"), 0, "English only");
    assert_eq!(alts_of("glossary/reach/"), 0, "English only");
    assert!(!urls.contains_key(&format!("{BASE}fr/creators/bo-ray/")));
    for (loc, alts) in &urls {
        let html = page(loc);
        assert_eq!(alts, &head_alternates(&html), "{loc}: sitemap ≠ <head>");
        if alts.is_empty() {
            continue;
        }
        let me = (page_lang(&html).to_string(), loc.clone());
        assert!(alts.contains(&me), "{loc} is not among its own alternates");
        for (l, u) in alts.iter().filter(|(l, u)| l != "x-default" && u != loc) {
            let Some(back) = urls.get(u) else {
                panic!("{loc}: alternate {l} {u} is not in the sitemap");
            };
            assert!(back.contains(&me), "{u} does not list {loc} as {}", me.0);
        }
    }
}

/// The text of the `fallback-mark` between the link to `href` and the next link.
fn mark_after(html: &str, href: &str) -> Option<String> {
    let rest = &html[html.find(&format!("href=\"{href}\""))? + href.len() + 7..];
    let rest = &rest[..rest.find("<a ").unwrap_or(rest.len())];
    let m = rest.find("class=\"fallback-mark\">")? + 22;
    Some(rest[m..m + rest[m..].find('<')?].to_string())
}

#[test]
fn french_listings_link_untranslated_entries_to_their_english_page() {
    let pages = pages();
    let bo = "creators/bo-ray/index.html";
    let ada = "fr/creators/ada-lane/index.html";
    let reach = "glossary/reach/index.html";
    let crm = "fr/glossary/creator-crm/index.html";
    for (listing, untranslated, translated) in [
        ("fr/creators/index.html", bo, ada),
        ("fr/glossary/index.html", reach, crm),
        ("fr/campaigns/glow-2026/index.html", bo, ada),
    ] {
        let html = &pages[listing];
        let hrefs = attr_values(html, "href");
        let to = |file: &str| hrefs.iter().find(|h| resolve(listing, h) == file);
        let Some(fallback) = to(untranslated) else {
            panic!("{listing} does not link {untranslated}: {hrefs:?}");
        };
        assert!(pages.contains_key(untranslated));
        assert!(to(translated).is_some(), "{listing} ↛ {translated}");
        let twin = format!("fr/{untranslated}");
        assert!(to(&twin).is_none(), "{listing} links {twin}");
        let mark = mark_after(html, fallback);
        assert_eq!(mark.as_deref(), Some("(en anglais)"), "{listing}");
        let marks = html.matches("class=\"fallback-mark\"").count();
        assert_eq!(marks, 1, "{listing}: one untranslated entry");
        let english = &pages[listing.strip_prefix("fr/").unwrap()];
        assert!(!english.contains("fallback-mark"), "English marks nothing");
    }
}

#[test]
fn numbers_percentages_and_dates_are_french_on_french_pages_only() {
    let pages = pages();
    let text = |p: &str| visible_text(&pages[&resolve(p, "")]);
    let (fr_num, en_num) = ("1\u{a0}234\u{a0}567", "1,234,567");
    for p in ["creators/ada-lane/index.html", "creators/index.html"] {
        let fr = format!("fr/{p}");
        shows(&text(p), en_num, fr_num, p);
        shows(&text(&fr), fr_num, en_num, &fr); // inherited followers
    }
    let (ada, fr_ada) = (text("creators/ada-lane/"), text("fr/creators/ada-lane/"));
    shows(&ada, "3.4%", "3,4\u{a0}%", "en percent");
    shows(&fr_ada, "3,4\u{a0}%", "3.4%", "fr percent");
    let glow = text("campaigns/glow-2026/");
    shows(&glow, "12 March 2026", "12 mars 2026", "en date");
    let fr_glow = text("fr/campaigns/glow-2026/");
    shows(&fr_glow, "12 mars 2026", "12 March 2026", "fr date");
    shows(&fr_glow, "1er février 2026", "February", "fr start");
    for (p, html) in &pages {
        let t = visible_text(html);
        match p.starts_with("fr/") {
            true => assert!(!t.contains(en_num) && !t.contains("March 2026"), "{p}"),
            false => assert!(!t.contains(fr_num) && !t.contains("mars 2026"), "{p}"),
        }
    }
}

#[test]
fn json_ld_carries_the_page_language_and_tagged_alternate_names() {
    let pages = pages();
    for p in [
        "index.html",
        "creators/ada-lane/index.html",
        "campaigns/glow-2026/index.html",
        "glossary/creator-crm/index.html",
    ] {
        for (path, lang) in [(p.to_string(), "en"), (format!("fr/{p}"), "fr")] {
            let (nodes, mut v) = (Value::from(jsonld(&pages[&path])), vec![]);
            values_of(&nodes, "inLanguage", &mut v);
            assert!(!v.is_empty(), "{path}: no inLanguage");
            assert!(v.iter().all(|l| *l == lang), "{path}: {v:?}");
        }
    }
    let term = |p: &str| {
        let nodes = jsonld(&pages[p]);
        let t = nodes.into_iter().find(|n| n["@type"] == "DefinedTerm");
        t.unwrap_or_else(|| panic!("{p}: no DefinedTerm"))
    };
    let tagged = |t: &Value, lang: &str, value: &str| {
        let names = t["alternateName"].as_array().cloned().unwrap_or_default();
        let is = |x: &Value| x["@language"] == lang && x["@value"] == value;
        names.iter().any(is)
    };
    let en = term("glossary/creator-crm/index.html");
    assert!(tagged(&en, "fr", "CRM créateurs"), "English term: {en}");
    let fr = term("fr/glossary/creator-crm/index.html");
    assert_eq!(fr["name"], "CRM créateurs");
    assert!(tagged(&fr, "en", "Creator CRM"), "French term: {fr}");
    assert!(!tagged(&fr, "fr", "CRM créateurs"), "French term: {fr}");
}

#[test]
fn each_language_has_its_own_search_index() {
    let (_site, tree) = build(FILES);
    let file = |p: &str| String::from_utf8_lossy(&tree[p]).into_owned();
    // The index is a manifest and shards beside it: read them all.
    let shards = |dir: &str| -> String {
        tree.iter()
            .filter(|(p, _)| p.starts_with(dir) && p.ends_with(".js"))
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .collect()
    };
    let fr_index = shards("fr/search/");
    assert!(fr_index.contains("CRM créateurs"), "fr index");
    assert!(fr_index.contains("Lancement Glow"), "fr index");
    assert!(file("fr/search/index.js").contains("window.creatorkbSearch="));
    assert!(!shards("search/").contains("Lancement Glow"));
    let page = file("fr/search/index.html");
    let mut loads: Vec<&str> = attr_values(&page, "data-index");
    let scripts = attr_values(&page, "src").into_iter();
    loads.extend(scripts.filter(|s| s.ends_with("index.js")));
    assert!(!loads.is_empty(), "fr/search/index.html loads no index.js");
    for s in loads {
        let got = resolve("fr/search/index.html", s);
        assert_eq!(got, "fr/search/index.js", "fr/search/ loads {s}");
    }
}

#[test]
fn translation_errors_name_the_file_and_line() {
    let site = Site::bare(&format!("title: T\nbase_url: {BASE}\nlanguages: [fr]\n"));
    for (path, text) in [
        ("creators/valid.md", common::OK_CREATOR),
        ("creators/valid.de.md", "---\nname: Gültige Person\n---\n"),
        ("creators/ghost.fr.md", "---\nname: Fantôme\n---\n"),
        ("glossary/rea.md", "---\nterm: R\ndefinition: Seen.\n---\n"),
        ("glossary/rea.fr.md", "---\nterm: P\nslug: portee\n---\n"),
    ] {
        site.write(&format!("content/{path}"), text);
    }
    let run = site.check(&[]);
    run.expect_no_panic().expect_code(1);
    let errors = run.errors();
    let has = |at: &str, word: &str| {
        let hit = errors.iter().any(|e| e.starts_with(at) && e.contains(word));
        assert!(hit, "no error at {at} about {word}: {errors:#?}");
    };
    has("content/creators/valid.de.md:1:1: error: ", "`de`");
    has("content/creators/ghost.fr.md", "ghost");
    has("content/glossary/rea.fr.md:3:1: error: ", "slug");
    assert_eq!(errors.len(), 3, "{errors:#?}");
}

#[test]
fn inherited_private_fields_never_reach_public_output() {
    let (site, tree) = build(FILES);
    assert!(tree.contains_key("fr/creators/ada-lane/index.html"));
    for secret in [SECRET_EMAIL, "+33 6 00 00", "Secret Owner", "ada.secret"] {
        for (path, bytes) in &tree {
            let leaked = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
            assert!(!leaked, "{path} leaks the private `{secret}`");
        }
    }
    // A team build does hold them, so the secrets above are real field values.
    let team = site.root().join("team");
    common::build_into(site.root(), &team, &["--audience", "team"]).expect_code(0);
    let fr = std::fs::read_to_string(team.join("fr/creators/ada-lane/index.html")).unwrap();
    assert!(fr.contains(SECRET_EMAIL), "team builds inherit the contact");
}

/// A page may not take a language's folder, but other two-letter slugs
/// (`ux`, `qa`) stay free.
#[test]
fn only_the_site_languages_reserve_page_slugs() {
    let site = Site::bare(&format!("title: T\nbase_url: {BASE}\nlanguages: [fr]\n"));
    site.write("content/pages/fr.md", "---\ntitle: Français\n---\n");
    site.write("content/pages/ux.md", "---\ntitle: UX\n---\n");
    let run = site.check(&[]);
    run.expect_no_panic().expect_code(1);
    let errors = run.errors();
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/pages/fr.md:1:1: error: ") && e.contains("taken")),
        "{errors:#?}"
    );
    assert_eq!(errors.len(), 1, "{errors:#?}");
}
