//! Issue 5 at build level: the search index and page, the directory filter
//! data and the inline SVG charts, in public, team and offline builds. The
//! browser behaviour is tested in tests/browser/ (headless Chromium).

mod common;
use common::{Site, build_example, html_pages, read_tree};
use serde_json::Value;
use std::path::Path;

/// The JSON argument of a script `<head>…<data>);` or `<head>…<data>;`.
fn script_json(text: &str, head: &str) -> Value {
    let json = text
        .split_once(head)
        .unwrap_or_else(|| panic!("the script starts with {head}"))
        .1
        .trim_end()
        .strip_suffix(';')
        .expect("ends with ;");
    let json = json.strip_suffix(')').unwrap_or(json);
    serde_json::from_str(json).expect("the index is JSON")
}

/// The manifest `search/index.js` of the output `out`.
fn manifest(out: &Path) -> Value {
    let text = std::fs::read_to_string(out.join("search/index.js")).expect("search/index.js");
    script_json(&text, "window.creatorkbSearch=")
}

/// Shard `name` (`w/0`) of the index in `out`.
fn shard(out: &Path, name: &str) -> Value {
    let text = std::fs::read_to_string(out.join(format!("search/{name}.js")))
        .unwrap_or_else(|e| panic!("search/{name}.js: {e}"));
    let head = format!("creatorkbSearchChunk(\"{name}\",");
    script_json(&text, &head)
}

/// The whole index of `out`, put together from the manifest and every
/// shard: `kinds`, `docs`, `tokens` (space-separated) and `postings`.
fn index(out: &Path) -> Value {
    let m = manifest(out);
    let mut tokens: Vec<String> = Vec::new();
    let mut postings: Vec<Value> = Vec::new();
    for n in 0..m["words"].as_array().unwrap().len() {
        let w = shard(out, &format!("w/{n}"));
        let first = w["tokens"].as_str().unwrap().split(' ').next().unwrap();
        assert_eq!(
            m["words"][n], first,
            "the manifest names shard {n}'s first word"
        );
        tokens.extend(w["tokens"].as_str().unwrap().split(' ').map(String::from));
        postings.extend(w["postings"].as_array().unwrap().iter().cloned());
    }
    let count = m["docs"].as_u64().unwrap() as usize;
    let per = m["per"].as_u64().unwrap() as usize;
    let mut docs: Vec<Value> = Vec::new();
    for n in 0..count.div_ceil(per) {
        docs.extend(
            shard(out, &format!("d/{n}"))
                .as_array()
                .unwrap()
                .iter()
                .cloned(),
        );
    }
    assert_eq!(docs.len(), count);
    serde_json::json!({
        "kinds": m["kinds"],
        "docs": docs,
        "tokens": tokens.join(" "),
        "postings": postings,
    })
}

/// Decodes one postings string (the format of src/search/shards.rs).
fn postings(s: &str) -> Vec<(usize, u64)> {
    const DIGITS: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    let (mut doc, mut n, mut shift, mut out) = (0usize, 0u64, 0, Vec::new());
    for c in s.chars() {
        let d = DIGITS.find(c).expect("a posting digit") as u64;
        if d >= 32 {
            n |= (d - 32) << shift;
            shift += 5;
        } else {
            n |= d << shift;
            doc += (n >> 3) as usize;
            out.push((doc, n & 3));
            (n, shift) = (0, 0);
        }
    }
    out
}

/// Documents (title → index) whose `token` postings hold, with their field.
fn lookup(ix: &Value, token: &str) -> Vec<(String, u64)> {
    let tokens: Vec<&str> = ix["tokens"].as_str().unwrap().split(' ').collect();
    let Some(t) = tokens.iter().position(|x| *x == token) else {
        return Vec::new();
    };
    postings(ix["postings"][t].as_str().unwrap())
        .into_iter()
        .map(|(d, f)| (ix["docs"][d][1].as_str().unwrap().to_string(), f))
        .collect()
}

fn doc<'a>(ix: &'a Value, title: &str) -> &'a Value {
    ix["docs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d[1] == title)
        .unwrap_or_else(|| panic!("no document `{title}` in the index"))
}

#[test]
fn index_covers_every_kind_with_folded_sorted_tokens() {
    let (_tmp, out) = build_example(&[]);
    let ix = index(&out);
    let kinds: Vec<&str> = ix["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    let kind_of = |title: &str| kinds[doc(&ix, title)[0].as_u64().unwrap() as usize];
    assert_eq!(kind_of("Léa Martin"), "Creator");
    assert_eq!(kind_of("Engagement rate"), "Glossary");
    assert_eq!(kind_of("About Northlight"), "Page");
    assert_eq!(kind_of("Maison Verveine"), "Brand");
    assert!(
        ix["docs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| kinds[d[0].as_u64().unwrap() as usize] == "Campaign")
    );
    assert_eq!(doc(&ix, "Léa Martin")[2], "creators/lea-martin/");
    // Tokens are accent-free, lowercase, sorted as JavaScript compares them.
    let tokens: Vec<&str> = ix["tokens"].as_str().unwrap().split(' ').collect();
    let mut sorted = tokens.clone();
    sorted.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    assert_eq!(tokens, sorted);
    assert!(tokens.iter().all(|t| *t == creatorkb::search::fold(t)));
    assert_eq!(ix["postings"].as_array().unwrap().len(), tokens.len());
    // "Léa" is the title of her profile (field 3) and in the text of others.
    let lea = lookup(&ix, "lea");
    assert!(lea.contains(&("Léa Martin".to_string(), 3)), "{lea:?}");
    assert!(lea.iter().any(|(t, f)| t != "Léa Martin" && *f < 3));
    // Handles are searchable joined, as typed without the dots.
    assert!(
        lookup(&ix, "leamartinskin")
            .iter()
            .any(|(t, _)| t == "Léa Martin")
    );
    // Full text: a word only in a profile's body.
    assert!(
        lookup(&ix, "pharmacy")
            .iter()
            .any(|(t, f)| t == "Léa Martin" && *f == 0)
    );
}

#[test]
fn search_page_and_header_box_work_offline() {
    let (_tmp, out) = build_example(&["--offline"]);
    let pages = html_pages(&out);
    let search = &pages["search/index.html"];
    assert!(search.contains(r#"<script src="../search/index.js" defer></script>"#));
    assert!(search.contains(r#"<script src="../search.js" defer></script>"#));
    assert!(search.contains(r#"name="robots" content="noindex""#));
    assert!(search.contains(r#"id="search-q""#) && search.contains(r#"name="q""#));
    for (path, html) in &pages {
        if path.ends_with("search/index.html") || path.ends_with("404.html") {
            continue;
        }
        let root = match path.matches('/').count() {
            0 => "./".to_string(),
            n => "../".repeat(n),
        };
        // Each language searches its own pages.
        let lang = if path.starts_with("fr/") { "fr/" } else { "" };
        let action = format!(r#"action="{root}{lang}search/index.html""#);
        assert!(
            html.contains(r#"class="site-search" role="search""#) && html.contains(&action),
            "{path}: no header search box posting to the search page"
        );
    }
    let ix = index(&out);
    assert!(
        ix["docs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d[2].as_str().unwrap().ends_with("index.html")),
        "offline index links end in index.html"
    );
    let files = read_tree(&out);
    assert!(files.contains_key("search.js") && files.contains_key("filters.js"));
}

#[test]
fn team_only_values_are_searchable_only_in_team_builds() {
    let (_t1, public) = build_example(&[]);
    let (_t2, team) = build_example(&["--audience", "team"]);
    let (p, t) = (index(&public), index(&team));
    // Owner of Léa Martin (content/creators/lea-martin.md) and a status label.
    assert!(lookup(&p, "margaux").is_empty());
    assert!(lookup(&t, "margaux").iter().any(|(x, _)| x == "Léa Martin"));
    assert!(lookup(&p, "prospect").iter().all(|(_, f)| *f != 2));
    // Hidden creators (do-not-contact) are only in the team index.
    assert!(
        t["docs"].as_array().unwrap().len() > p["docs"].as_array().unwrap().len(),
        "the team build indexes the creators a public build leaves out"
    );
}

#[test]
fn output_is_deterministic() {
    let (_t1, a) = build_example(&["--audience", "team"]);
    let (_t2, b) = build_example(&["--audience", "team"]);
    for f in [
        "search/index.js",
        "search/index.html",
        "creators/index.html",
        "index.html",
    ] {
        assert_eq!(
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
            "{f} differs between two builds"
        );
    }
}

#[test]
fn directory_rows_carry_filter_data_team_fields_only_in_team_builds() {
    let (_t1, public) = build_example(&[]);
    let (_t2, team) = build_example(&["--audience", "team"]);
    let p = &html_pages(&public)["creators/index.html"];
    let t = &html_pages(&team)["creators/index.html"];
    // The filter bar is in the page but hidden until filters.js shows it.
    assert!(p.contains(
        r#"<form class="filters" id="filters" data-filters="creators" data-src="../creators/data/""#
    ));
    assert!(p.contains(r#"data-row-chunk="25" hidden aria-label="#));
    // The listing's data files: status and owner only in team builds.
    for column in ["status", "owner"] {
        let file = format!("creators/data/{column}-0.js");
        assert!(!public.join(&file).exists(), "{file} in a public build");
        assert!(
            team.join(&file).exists(),
            "{file} missing from a team build"
        );
    }
    assert!(p.contains(r#"<script src="../filters.js" defer></script>"#));
    for name in [
        "network", "niche", "country", "language", "fmin", "fmax", "ontime", "sort",
    ] {
        assert!(
            p.contains(&format!(r#"name="{name}""#)),
            "public filter {name}"
        );
    }
    let lea_row = p
        .split("<tr data-text=")
        .skip(1)
        .find(|r| r.contains("creators/lea-martin/"))
        .expect("Léa's row");
    for attr in [
        r#"data-network="tiktok instagram""#,
        r#"data-nets="tiktok:243900 instagram:186400""#,
        // Each network's own engagement rate, for a sort with a network chosen.
        r#"data-rates="tiktok:6.1 instagram:3.8""#,
        r#"data-country="france""#,
        r#"data-followers="430300""#,
        r#""lea martin @leamartinskin paris"#,
    ] {
        assert!(lea_row.contains(attr), "{attr} missing in {lea_row}");
    }
    assert!(!p.contains("data-status=") && !p.contains("data-owner="));
    assert!(!p.contains(r#"name="status""#) && !p.contains(r#"name="owner""#));
    assert!(t.contains("data-status=") && t.contains(r#"data-owner="margaux-vidal""#));
    assert!(t.contains(r#"name="status""#) && t.contains(r#"name="owner""#));
    // Every row has its data: as many rows with data-text as creators.
    let rows = p.matches("<tr data-text=").count();
    assert_eq!(rows, p.matches("creator-cell__name").count());

    let c = &html_pages(&public)["campaigns/index.html"];
    for name in ["brand", "objective", "stage", "year", "sort"] {
        assert!(
            c.contains(&format!(r#"name="{name}""#)),
            "campaign filter {name}"
        );
    }
    assert!(c.contains(r#"data-brand="maison-verveine""#));
    // Taxonomy term pages get the directory's filters (issue #14), over
    // the directory's data with their own value fixed.
    let niche = html_pages(&public)
        .into_iter()
        .find(|(k, _)| k.starts_with("niches/") && k != "niches/index.html")
        .unwrap()
        .1;
    assert!(niche.contains("creator-table") && niche.contains("data-nets="));
    assert!(niche.contains(r#"data-fixed-key="niche""#));
}

/// The `<svg class="chart"…</svg>` elements of a page.
fn charts(html: &str) -> Vec<&str> {
    html.split(r#"<svg class="chart""#)
        .skip(1)
        .map(|s| &s[..s.find("</svg>").expect("closed svg")])
        .collect()
}

#[test]
fn charts_are_inline_svg_with_text_alternatives() {
    let (_t1, public) = build_example(&[]);
    let (_t2, team) = build_example(&["--audience", "team"]);
    let pages = html_pages(&public);
    let profile = charts(&pages["creators/lea-martin/index.html"]);
    assert_eq!(profile.len(), 1);
    let svg = profile[0];
    assert!(
        svg.contains(r#"role="img""#)
            && svg.contains(r#"aria-labelledby="kpi-chart-t kpi-chart-d""#)
    );
    assert!(
        svg.contains("<title id=\"kpi-chart-t\">Léa Martin against the roster average</title>")
    );
    // The description states her figure and the roster's for each row.
    let desc = svg.split("<desc").nth(1).unwrap();
    assert!(
        desc.contains("Response rate: 100.0%; roster average"),
        "{desc}"
    );
    assert!(desc.contains("On-time delivery:") && desc.contains("Approval rounds:"));
    assert!(
        svg.contains(r#"class="chart__mark""#),
        "roster average marks"
    );
    // Colours come from CSS (classes), never hard-coded fills.
    assert!(!svg.contains("fill=\"#"));

    let home = charts(&pages["index.html"]);
    assert_eq!(home.len(), 1, "public home: campaigns per stage only");
    assert!(home[0].contains("Campaigns by stage") && home[0].contains("stage--done"));
    let team_home = &html_pages(&team)["index.html"];
    let team_charts = charts(team_home);
    assert_eq!(team_charts.len(), 2, "team home adds the pipeline");
    assert!(
        team_charts[1].contains("Creator pipeline") && team_charts[1].contains("status--active")
    );

    let recap = charts(&pages["campaigns/spring-glow-2025/index.html"]);
    assert_eq!(recap.len(), 1);
    assert!(recap[0].contains("Results by creator in"));
    assert!(recap[0].contains("Léa Martin") && recap[0].contains("chart__head"));
}

#[test]
fn a_site_without_campaigns_has_no_empty_charts() {
    let site = Site::new();
    let pages = site.build_ok(&[]);
    assert!(charts(&pages["index.html"]).is_empty());
    assert!(charts(&pages["creators/valid/index.html"]).is_empty());
    assert!(pages["search/index.html"].contains("search-form"));
}
