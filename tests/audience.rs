//! The leak test: a public build of the example site contains no private
//! value. The private values are read from the content files themselves, so
//! new content is covered without touching this test.

mod common;
use common::{Site, build_example, example_root, read_tree};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One content file: kind (folder), slug, front matter, body.
struct Doc {
    kind: String,
    slug: String,
    fm: Value,
    body: String,
}

fn load_content() -> Vec<Doc> {
    let mut docs = Vec::new();
    for kind in ["creators", "campaigns", "glossary", "pages"] {
        let dir = example_root().join("content").join(kind);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries {
            let path = e.expect("dir entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let Some(stem) = name.strip_suffix(".md") else {
                continue;
            };
            let text = std::fs::read_to_string(&path).expect("content is UTF-8");
            let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
            let rest = text.strip_prefix("---\n").expect("front matter");
            let (yaml, body) = rest.split_once("\n---\n").unwrap_or((rest, ""));
            let fm: Value =
                serde_saphyr::from_str(yaml).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let slug = fm["slug"].as_str().unwrap_or(stem).to_string();
            docs.push(Doc {
                kind: kind.into(),
                slug,
                fm,
                body: body.into(),
            });
        }
    }
    docs
}

/// What must not appear in a public build.
#[derive(Default)]
struct Secrets {
    texts: BTreeSet<String>,
    numbers: BTreeSet<u64>,
}

/// Front-matter keys whose values are private, by kind.
fn private_key(kind: &str, key: &str) -> bool {
    match kind {
        "creators" => matches!(
            key,
            "rates" | "contact" | "owner" | "history" | "consent" | "next"
        ),
        "campaigns" => matches!(key, "budget" | "fee" | "next"),
        _ => false,
    }
}

fn hidden_entry(d: &Doc) -> bool {
    d.fm["private"] == true || (d.kind == "creators" && d.fm["status"] == "do-not-contact")
}

fn add_text(s: &mut Secrets, v: &Value) {
    if let Some(t) = v.as_str() {
        s.texts.insert(t.trim().to_string());
    }
}

fn add_number(s: &mut Secrets, v: &Value) {
    if let Some(n) = v.as_f64().filter(|n| n.fract() == 0.0 && *n >= 0.0) {
        s.numbers.insert(n as u64);
    }
}

/// Numbers shown publicly on purpose: public front-matter numbers and the
/// digit runs of public strings (years of dates, "18-34", ...).
fn public_numbers(docs: &[Doc]) -> BTreeSet<u64> {
    fn walk(kind: &str, v: &Value, out: &mut BTreeSet<u64>) {
        match v {
            Value::Number(n) => {
                if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0) {
                    out.insert(f as u64);
                }
            }
            Value::String(t) => out.extend(
                t.split(|c: char| !c.is_ascii_digit())
                    .filter_map(|d| d.parse::<u64>().ok()),
            ),
            Value::Array(a) => a.iter().for_each(|x| walk(kind, x, out)),
            Value::Object(m) => m
                .iter()
                .filter(|(k, _)| !private_key(kind, k))
                .for_each(|(_, x)| walk(kind, x, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for d in docs.iter().filter(|d| !hidden_entry(d)) {
        walk(&d.kind, &d.fm, &mut out);
    }
    out
}

/// Lines of every ```private fenced block of `body`.
fn private_blocks(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in body.lines() {
        let t = line.trim();
        if !inside && t.starts_with("```") && t[3..].split_whitespace().next() == Some("private") {
            inside = true;
        } else if inside && t.starts_with("```") {
            inside = false;
        } else if inside && !t.is_empty() {
            out.push(t.to_string());
        }
    }
    out
}

fn collect_secrets(docs: &[Doc]) -> Secrets {
    let mut s = Secrets::default();
    for d in docs {
        let fm = &d.fm;
        s.texts.extend(private_blocks(&d.body));
        if d.kind == "creators" {
            for k in ["email", "phone", "agent", "agency"] {
                add_text(&mut s, &fm["contact"][k]);
            }
            add_text(&mut s, &fm["owner"]);
            add_text(&mut s, &fm["next"]["action"]);
            for h in fm["history"].as_array().into_iter().flatten() {
                add_text(&mut s, &h["note"]);
            }
            // Consent is the agency's record: clients see nothing of it.
            add_text(&mut s, &fm["consent"]["scope"]);
            for (k, v) in fm["rates"].as_object().into_iter().flatten() {
                if k != "currency" {
                    add_number(&mut s, v);
                }
            }
        }
        if d.kind == "campaigns" {
            add_number(&mut s, &fm["budget"]["amount"]);
            for p in fm["creators"].as_array().into_iter().flatten() {
                add_text(&mut s, &p["next"]["action"]);
            }
            let parts = fm["creators"].as_array().into_iter().flatten();
            let fees: Vec<f64> = parts.filter_map(|p| p["fee"].as_f64()).collect();
            for fee in &fees {
                add_number(&mut s, &Value::from(*fee));
            }
            // A figure computed only from private values: the campaign's total fees.
            add_number(&mut s, &Value::from(fees.iter().sum::<f64>()));
        }
        if hidden_entry(d) {
            s.texts.insert(d.slug.clone());
            for k in ["name", "title", "term"] {
                add_text(&mut s, &fm[k]);
            }
            for p in fm["platforms"].as_array().into_iter().flatten() {
                add_text(&mut s, &p["handle"]);
            }
        }
    }
    s.texts.retain(|t| t.chars().count() >= 4);
    s
}

/// Output text with HTML/JSON escapes undone and whitespace collapsed, so a
/// value is found however a template or serializer escaped it.
fn normalize(text: &str) -> String {
    let mut t = text.to_string();
    for (from, to) in [
        ("&quot;", "\""),
        ("&#x27;", "'"),
        ("&#39;", "'"),
        ("&#x2F;", "/"),
        ("&#47;", "/"),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&apos;", "'"),
        // JSON-LD escapes these so no value can close its <script>.
        ("\\u003c", "<"),
        ("\\u003e", ">"),
        ("\\u0026", "&"),
        ("\\\"", "\""),
        ("\\/", "/"),
        ("&amp;", "&"),
    ] {
        t = t.replace(from, to);
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The ways the site may print `n`: `1870` and `1,870`.
fn number_forms(n: u64) -> Vec<String> {
    let plain = n.to_string();
    let mut grouped = String::new();
    for (i, c) in plain.chars().enumerate() {
        if i > 0 && (plain.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    vec![plain, grouped]
}

/// Whether `hay` holds `num` as a whole number (not inside a longer one).
fn has_number(hay: &str, num: &str) -> bool {
    let b = hay.as_bytes();
    let digit_at = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    hay.match_indices(num).any(|(i, _)| {
        let end = i + num.len();
        let before_ok = i == 0 || !(b[i - 1].is_ascii_digit() || matches!(b[i - 1], b',' | b'.'));
        // `1,870` may end a sentence (`1,870.`) but not continue (`1,870,5`).
        let continues = matches!(b.get(end), Some(b',' | b'.')) && digit_at(end + 1);
        let after_ok = !digit_at(end) && !continues;
        before_ok && after_ok
    })
}

fn normalized_output(out: &std::path::Path) -> BTreeMap<String, String> {
    read_tree(out)
        .into_iter()
        .map(|(p, b)| (p, normalize(&String::from_utf8_lossy(&b))))
        .collect()
}

/// Each private value found in the build at `out`, once, with a file holding it.
fn find_leaks(out: &std::path::Path, texts: &BTreeSet<String>, numbers: &[u64]) -> Vec<String> {
    let files = normalized_output(out);
    let mut leaks = Vec::new();
    for secret in texts {
        let needle = normalize(secret);
        if let Some(path) = files
            .iter()
            .find_map(|(p, t)| t.contains(&needle).then_some(p))
        {
            leaks.push(format!("{path}: `{secret}`"));
        }
    }
    for n in numbers {
        let forms = number_forms(*n);
        let hit = files
            .iter()
            .find(|(_, t)| forms.iter().any(|f| has_number(t, f)));
        if let Some((path, _)) = hit {
            leaks.push(format!("{path}: private number {n}"));
        }
    }
    leaks
}

#[test]
fn public_build_leaks_no_private_value() {
    let docs = load_content();
    let secrets = collect_secrets(&docs);
    assert!(
        secrets.texts.len() > 20 && secrets.numbers.len() > 10,
        "the example site should hold private data to test against"
    );
    // A private number that the content also shows publicly (a result, a
    // follower count, a year) cannot be told apart from it: skip those.
    let public = public_numbers(&docs);
    let numbers: Vec<u64> = secrets
        .numbers
        .iter()
        .copied()
        .filter(|n| *n >= 1000 && !public.contains(n))
        .collect();

    let (_tmp, out) = build_example(&["--audience", "public"]);
    let leaks = find_leaks(&out, &secrets.texts, &numbers);
    // The detector itself works: the team build shows most of these values.
    let (_tmp2, team) = build_example(&["--audience", "team"]);
    let found = find_leaks(&team, &secrets.texts, &numbers).len();
    let total = secrets.texts.len() + numbers.len();
    assert!(
        found * 2 > total,
        "only {found} of {total} private values found in the team build"
    );
    assert!(
        leaks.is_empty(),
        "private values in the public build:\n{}",
        leaks.join("\n")
    );
}

#[test]
fn team_build_holds_private_values() {
    let docs = load_content();
    let (_tmp, out) = build_example(&["--audience", "team"]);
    let all: String = normalized_output(&out).into_values().collect();
    let creator = docs
        .iter()
        .find(|d| d.fm["contact"]["email"].is_string() && d.fm["history"].is_array())
        .expect("a creator with contact and history");
    for v in [
        &creator.fm["contact"]["email"],
        &creator.fm["history"][0]["note"],
    ] {
        let v = v.as_str().unwrap();
        assert!(all.contains(&normalize(v)), "team build lacks `{v}`");
    }
    let fee = docs
        .iter()
        .flat_map(|d| d.fm["creators"].as_array().into_iter().flatten())
        .find_map(|p| p["fee"].as_u64())
        .expect("a fee");
    assert!(
        number_forms(fee).iter().any(|f| has_number(&all, f)),
        "team build lacks the fee {fee}"
    );
    // Fees are shown in the campaign budget's currency.
    let with_currency = docs.iter().find_map(|d| {
        let currency = d.fm["budget"]["currency"].as_str()?;
        let fee = d.fm["creators"]
            .as_array()?
            .iter()
            .find_map(|p| p["fee"].as_u64())?;
        Some((fee, currency.to_string()))
    });
    if let Some((fee, currency)) = with_currency {
        assert!(
            number_forms(fee)
                .iter()
                .any(|f| all.contains(&format!("{f} {currency}"))),
            "team build shows the fee {fee} without its currency {currency}"
        );
    }
    let dnc = docs
        .iter()
        .find(|d| d.fm["status"] == "do-not-contact")
        .expect("a do-not-contact creator");
    assert!(
        out.join(format!("creators/{}/index.html", dnc.slug))
            .is_file(),
        "team build lacks the do-not-contact creator"
    );
}

/// A page without its `<head>` and `<main>`: the theme's own chrome.
fn chrome(html: &str) -> String {
    let body = html.split_once("<body").map_or(html, |(_, b)| b);
    match (body.find("<main"), body.find("</main>")) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &body[..a], &body[b..]),
        _ => body.to_string(),
    }
    .to_lowercase()
}

#[test]
fn team_pages_are_marked_internal_and_public_pages_are_not() {
    let (_t1, team) = build_example(&["--audience", "team"]);
    let (_t2, public) = build_example(&[]);
    let team_pages = common::html_pages(&team);
    assert!(team_pages.len() > 20);
    for (path, html) in &team_pages {
        assert!(
            chrome(html).contains("internal"),
            "team page {path} is not marked internal"
        );
    }
    for (path, html) in common::html_pages(&public) {
        // Content may use the word; the theme's band and footer may not.
        assert!(
            !chrome(&html).contains("internal"),
            "public page {path} is marked internal"
        );
    }
}

const CREATOR: &str = "---\nname: {name}\nstatus: active\n{more}---\nBody.\n";

fn creator(name: &str, more: &str) -> String {
    CREATOR.replace("{name}", name).replace("{more}", more)
}

#[test]
fn private_draft_and_consent_rules() {
    let site = Site::bare("title: T\nbase_url: https://t.example/\nrequire_consent: true\n");
    let consent = "consent: {date: 2025-01-01, scope: public profile}\n";
    site.write(
        "content/creators/shown.md",
        &creator("Shown Person", consent),
    );
    site.write(
        "content/creators/secret.md",
        &creator("Secret Person", &format!("private: true\n{consent}")),
    );
    site.write(
        "content/creators/drafty.md",
        &creator("Drafty Person", &format!("draft: true\n{consent}")),
    );
    site.write(
        "content/creators/noconsent.md",
        &creator("Unconsented Person", ""),
    );

    let names = ["Secret Person", "Drafty Person", "Unconsented Person"];
    let visible =
        |pages: &BTreeMap<String, String>, name: &str| pages.values().any(|h| h.contains(name));

    let public = site.build_ok(&[]);
    assert!(visible(&public, "Shown Person") && public.contains_key("creators/shown/index.html"));
    for name in names {
        assert!(!visible(&public, name), "{name} is in the public build");
    }
    assert!(!public.contains_key("creators/secret/index.html"));

    let drafts = site.build_ok(&["--drafts"]);
    assert!(visible(&drafts, "Drafty Person") && drafts.contains_key("creators/drafty/index.html"));
    assert!(!visible(&drafts, "Secret Person") && !visible(&drafts, "Unconsented Person"));

    let team = site.build_ok(&["--audience", "team"]);
    assert!(visible(&team, "Secret Person") && visible(&team, "Unconsented Person"));
    assert!(
        !visible(&team, "Drafty Person"),
        "drafts need --drafts, even for the team"
    );
}

#[test]
fn consent_is_shown_to_the_team_only() {
    // Still required for a public profile, but never shown on one.
    let site = Site::bare("title: T\nbase_url: https://t.example/\nrequire_consent: true\n");
    let consent = "consent: {date: 2019-07-23, scope: Zanzibar quince clause}\n";
    site.write(
        "content/creators/shown.md",
        &creator("Shown Person", consent),
    );
    let said = |html: &str| {
        [
            "Zanzibar quince",
            "2019-07-23",
            "July 23, 2019",
            "23 July 2019",
            "Public profile",
            "Agreed",
        ]
        .into_iter()
        .filter(|s| html.contains(s))
        .collect::<Vec<_>>()
    };
    let public = site.build_ok(&[]);
    let page = &public["creators/shown/index.html"];
    assert!(
        page.contains("Shown Person"),
        "the creator has consent: shown"
    );
    for (path, text) in &public {
        assert_eq!(said(text), Vec::<&str>::new(), "{path} speaks of consent");
    }
    // The public data exports say nothing either.
    let (_run, out) = site.build(&[]);
    for (path, bytes) in read_tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Zanzibar") && !text.contains("2019-07-23"),
            "{path} holds the consent record"
        );
    }
    let team = site.build_ok(&["--audience", "team"]);
    let page = &team["creators/shown/index.html"];
    assert!(
        page.contains("Zanzibar quince clause") && page.contains("2019-07-23"),
        "the team profile shows the consent record"
    );
}

/// The team workspace (#17): the follow-up queue and the pipeline board
/// exist in team builds only. A public build has no such page, no link to
/// one, no `next:` action and no string of either page, in any language.
#[test]
fn follow_ups_and_pipeline_are_team_only() {
    let docs = load_content();
    let actions: Vec<String> = docs
        .iter()
        .flat_map(|d| {
            let own = d.fm["next"]["action"].as_str().map(str::to_string);
            let parts = d.fm["creators"].as_array().into_iter().flatten();
            own.into_iter()
                .chain(parts.filter_map(|p| p["next"]["action"].as_str().map(str::to_string)))
        })
        .collect();
    assert!(
        actions.len() >= 2,
        "the example site has `next:` on a creator and a participation"
    );
    let args = ["--offline", "--today", "2026-12-01"];
    let (_t, team) = build_example(&[&["--audience", "team"][..], &args].concat());
    let (_p, public) = build_example(&[&["--audience", "public"][..], &args].concat());
    for page in [
        "follow-ups/index.html",
        "pipeline/index.html",
        "fr/follow-ups/index.html",
        "fr/pipeline/index.html",
    ] {
        assert!(team.join(page).is_file(), "team build lacks {page}");
        assert!(!public.join(page).exists(), "public build has {page}");
    }
    let team_all: String = normalized_output(&team).into_values().collect();
    let public_files = normalized_output(&public);
    for a in &actions {
        assert!(team_all.contains(&normalize(a)), "team build lacks `{a}`");
    }
    // Strings only these pages and their links print.
    let marks = [
        "follow-ups/",
        "pipeline/index.html",
        "fu-item",
        "board__col",
        "site-nav__team",
        "Follow-ups",
        "Relances",
        "No reply",
        "Report due",
    ];
    for m in marks {
        assert!(team_all.contains(m), "team build lacks `{m}`");
    }
    for (path, text) in &public_files {
        assert!(
            !path.contains("follow-ups") && !path.contains("pipeline/"),
            "public build has {path}"
        );
        // The theme's stylesheet styles these pages in every build; pages,
        // feeds, exports and the search index must not mention them.
        if path.ends_with(".css") {
            continue;
        }
        for a in actions
            .iter()
            .map(|a| normalize(a))
            .chain(marks.iter().map(|m| m.to_string()))
        {
            assert!(!text.contains(&a), "{path} of the public build holds `{a}`");
        }
    }
}

/// The text of every cell of class `class` (`<td ... class="... class ...">x</td>`).
fn cells<'a>(html: &'a str, class: &str) -> Vec<&'a str> {
    html.split("<td ")
        .skip(1)
        .filter(|c| c.split('>').next().is_some_and(|a| a.contains(class)))
        .filter_map(|c| {
            c.split_once('>')
                .and_then(|(_, rest)| rest.split("</td>").next())
        })
        .collect()
}

#[test]
fn costs_and_learnings_are_team_only() {
    let args = ["--offline", "--today", "2026-12-01"];
    let (_t, team) = build_example(&[&["--audience", "team"][..], &args].concat());
    let (_p, public) = build_example(&[&["--audience", "public"][..], &args].concat());
    for page in [
        "costs/index.html",
        "learnings/index.html",
        "fr/costs/index.html",
        "fr/learnings/index.html",
    ] {
        assert!(team.join(page).is_file(), "team build lacks {page}");
        assert!(!public.join(page).exists(), "public build has {page}");
    }
    let team_files = normalized_output(&team);
    // Every cost figure the team sees, as printed ("28.33 EUR").
    let mut figures: BTreeSet<String> = BTreeSet::new();
    for text in team_files.values() {
        for c in cells(text, "cost-cell") {
            if c != "—" {
                figures.insert(c.to_string());
            }
        }
    }
    assert!(
        figures.iter().any(|f| f.ends_with(" EUR")) && figures.iter().any(|f| f.ends_with(" CHF")),
        "the team build shows cost figures in several currencies: {figures:?}"
    );
    let team_all: String = team_files.into_values().collect();
    let marks = [
        "costs/index.html",
        "learnings/index.html",
        "cost-table",
        "cost-note",
        "cost-cell",
        "learn-campaign",
        "cost ÷ impressions",
        "coût ÷ impressions",
        "Coût pour mille impressions",
        "pour que le prochain brief parte d’eux",
        "so the next brief starts from them",
    ];
    for m in marks {
        assert!(team_all.contains(m), "team build lacks `{m}`");
    }
    for (path, text) in &normalized_output(&public) {
        assert!(
            !path.starts_with("costs") && !path.contains("learnings/") && !path.contains("/costs/"),
            "public build has {path}"
        );
        if path.ends_with(".css") {
            continue;
        }
        for m in marks {
            assert!(!text.contains(m), "{path} of the public build holds `{m}`");
        }
        for f in &figures {
            assert!(
                !text.contains(&format!(">{f}<")),
                "{path} of the public build shows the cost figure `{f}`"
            );
        }
    }
}
