//! The structured-data check of `creatorkb check`: every
//! `<script type="application/ld+json">` of every rendered page — the
//! generated graph and whatever a theme adds — is parsed and checked.
//!
//! - valid JSON with a Schema.org `@context`;
//! - every `@type` and property is in [`vocab`], the property is allowed on
//!   the node's type, and a typed value fits the property's range;
//! - Google's required properties of `ProfilePage`, `Article`, `FAQPage` and
//!   `BreadcrumbList` are present;
//! - `@id`s and URLs are absolute, dates are ISO 8601.
//!
//! Problems are reported at the content file the page is built from, or at
//! the page's output path for listings.

use super::vocab::{self, Property};
use crate::diag::{Diagnostics, Pos, Severity, did_you_mean};
use crate::fasthash::{HashMap, HashMapExt};
use crate::plan::{self, Job};
use crate::resolve::Site;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::sync::Mutex;

/// The warning for a page without any JSON-LD.
const NO_JSON_LD: &str = concat!(
    "the page has no JSON-LD: keep `{% block jsonld %}` ",
    "(it prints `page.jsonld`) in the theme's base.html"
);
/// Properties whose text values are URLs.
const URL_PROPERTIES: &[&str] = &["url", "sameAs", "image", "logo", "item"];
/// Properties whose values are dates.
const DATE_PROPERTIES: &[&str] = &["dateCreated", "dateModified", "datePublished"];

/// Checks pages as they are rendered (from several threads) and reports
/// at the end.
pub struct Checker {
    /// Output path of each generated page (but the 404) → its content
    /// file, empty for listings.
    pages: HashMap<String, String>,
    /// (output path, error?, message).
    found: Mutex<Vec<(String, bool, String)>>,
}

impl Checker {
    /// A checker for the pages of `site`.
    pub fn new(site: &Site) -> Self {
        let pages = plan::jobs(site)
            .into_iter()
            .filter(|j| !matches!(j, Job::NotFound))
            .map(|job| {
                let source = match job {
                    Job::Home => &site.home.source,
                    Job::Creator(i) => &site.creators[i].source,
                    Job::Campaign(i) => &site.campaigns[i].source,
                    Job::Term(i) => &site.terms[i].source,
                    Job::Page(i) => &site.pages[i].source,
                    _ => "",
                };
                (plan::job_path(site, job), source.to_string())
            })
            .collect();
        Checker {
            pages,
            found: Mutex::new(Vec::new()),
        }
    }

    /// Checks the page at output path `path`.
    pub fn page(&self, path: &str, html: &[u8]) {
        // Rendered pages are UTF-8; only a static file could be anything else.
        let Ok(html) = std::str::from_utf8(html) else {
            return;
        };
        let mut problems = Vec::new();
        let scripts = scripts(html);
        if scripts.is_empty() && self.pages.contains_key(path) {
            problems.push((false, NO_JSON_LD.to_string()));
        }
        for json in scripts {
            check_script(json, &mut |sev, m| {
                problems.push((sev == Severity::Error, m));
            });
        }
        if problems.is_empty() {
            return;
        }
        let page = path.strip_suffix("index.html").unwrap_or(path);
        let page = if page.is_empty() { "/" } else { page };
        if let Ok(mut found) = self.found.lock() {
            found.extend(problems.into_iter().map(|(error, m)| {
                (
                    path.to_string(),
                    error,
                    format!("structured data of page {page}: {m}"),
                )
            }));
        }
    }

    /// Moves the problems found into `diags`: invalid data is an error, a
    /// page without JSON-LD a warning. Each is reported at the page's
    /// content file, or at its output path when it has none.
    pub fn finish(self, diags: &mut Diagnostics) {
        for (path, error, message) in self.found.into_inner().unwrap_or_default() {
            let at = match self.pages.get(&path) {
                Some(source) if !source.is_empty() => source.as_str(),
                _ => path.as_str(),
            };
            if error {
                diags.error(at, Pos::default(), message);
            } else {
                diags.warning(at, Pos::default(), message);
            }
        }
    }
}

/// Contents of every `<script type="application/ld+json">` of `html`.
pub fn scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<script") {
        rest = &rest[i + 7..];
        let Some(end) = rest.find('>') else { break };
        let tag = rest[..end].to_ascii_lowercase();
        rest = &rest[end + 1..];
        let close = rest.find("</script").unwrap_or(rest.len());
        if tag.contains("application/ld+json") {
            out.push(&rest[..close]);
        }
        rest = &rest[close..];
    }
    out
}

/// Checks one script's JSON-LD; each problem goes to `report`. A term
/// outside creatorkb's table is a warning (it is not checked), unless it is
/// a misspelling of a known term; everything else is an error.
pub fn check_script(json: &str, report: &mut dyn FnMut(Severity, String)) {
    let warnings = RefCell::new(Vec::new());
    let mut error = |m: String| report(Severity::Error, m);
    check_doc(json, &mut error, &warnings);
    for w in warnings.into_inner() {
        report(Severity::Warning, w);
    }
}

fn check_doc(json: &str, report: &mut dyn FnMut(String), warnings: &RefCell<Vec<String>>) {
    let doc: Value = match serde_json::from_str(json) {
        Ok(v) => v,
        Err(e) => return report(format!("the JSON-LD is not valid JSON: {e}")),
    };
    let tops: Vec<&Map<String, Value>> = match &doc {
        Value::Array(a) => a.iter().filter_map(Value::as_object).collect(),
        Value::Object(o) => vec![o],
        _ => return report("the JSON-LD is not an object".into()),
    };
    for top in tops {
        match top.get("@context") {
            Some(Value::String(c)) if is_schema_org(c) => {}
            other => report(format!(
                "`@context` is {}, expected \"https://schema.org\"",
                other.map_or("missing".to_string(), Value::to_string)
            )),
        }
        let nodes: Vec<&Map<String, Value>> = match top.get("@graph") {
            Some(Value::Array(g)) => g.iter().filter_map(Value::as_object).collect(),
            _ => vec![top],
        };
        let mut ids = HashMap::new();
        for n in &nodes {
            collect_ids(n, &mut ids);
        }
        let cx = Doc { ids, warnings };
        for n in &nodes {
            cx.node(n, "", true, report);
        }
    }
}

fn is_schema_org(c: &str) -> bool {
    matches!(
        c.trim_end_matches('/'),
        "https://schema.org" | "http://schema.org"
    )
}

fn types_of(node: &Map<String, Value>) -> Vec<&str> {
    match node.get("@type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// What the document says about one `@id`.
#[derive(Default)]
struct Known<'a> {
    types: Vec<&'a str>,
    named: bool,
}

/// `@id` → its types and whether it has a name, over every node.
fn collect_ids<'a>(v: &'a Map<String, Value>, ids: &mut HashMap<&'a str, Known<'a>>) {
    if let Some(id) = v.get("@id").and_then(Value::as_str) {
        let known = ids.entry(id).or_default();
        known.types.extend(types_of(v));
        known.named |= v.get("name").is_some_and(present);
    }
    for value in v.values() {
        let items = match value {
            Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        for item in items {
            if let Value::Object(o) = item {
                collect_ids(o, ids);
            }
        }
    }
}

struct Doc<'a> {
    ids: HashMap<&'a str, Known<'a>>,
    /// Terms outside the table, not checked.
    warnings: &'a RefCell<Vec<String>>,
}

impl Doc<'_> {
    /// Types of a node, or of the node its `@id` refers to.
    fn types<'b>(&'b self, node: &'b Map<String, Value>) -> Vec<&'b str> {
        let own = types_of(node);
        if !own.is_empty() {
            return own;
        }
        node.get("@id")
            .and_then(Value::as_str)
            .and_then(|id| self.ids.get(id))
            .map(|k| k.types.clone())
            .unwrap_or_default()
    }

    fn node(&self, node: &Map<String, Value>, at: &str, top: bool, report: &mut dyn FnMut(String)) {
        let types = types_of(node);
        let here = match (at.is_empty(), types.first()) {
            (true, Some(t)) => (*t).to_string(),
            (true, None) => "node".to_string(),
            (false, _) => at.to_string(),
        };
        for t in &types {
            match vocab::type_named(t) {
                Some(ty) if !ty.data => {}
                _ => self.unknown(
                    &here,
                    "type",
                    t,
                    vocab::TYPES.iter().map(|t| t.name),
                    report,
                ),
            }
        }
        if let Some(id) = node.get("@id") {
            match id.as_str() {
                Some(id) if absolute(id) || id.starts_with("_:") => {}
                _ => report(format!("{here}: `@id` {id} is not an absolute URL")),
            }
        }
        for (key, value) in node {
            if key.starts_with('@') {
                if !matches!(key.as_str(), "@context" | "@graph" | "@type" | "@id") {
                    report(format!("{here}: unexpected keyword `{key}`"));
                }
                continue;
            }
            let Some(prop) = vocab::property_named(key) else {
                let names = vocab::PROPERTIES.iter().map(|p| p.name);
                self.unknown(&here, "property", key, names, report);
                continue;
            };
            let path = format!("{here}.{key}");
            // A type outside the table has unknown supertypes: not checked.
            let known = types.iter().all(|t| vocab::type_named(t).is_some());
            if !types.is_empty() && known && !vocab::allowed_on(prop, &types) {
                report(format!(
                    "{path}: `{key}` is not a property of {} (Schema.org allows it on {})",
                    types.join(", "),
                    prop.domains.join(", ")
                ));
            }
            let values = match value {
                Value::Array(a) => a.iter().collect(),
                v => vec![v],
            };
            for v in values {
                self.value(prop, v, &path, report);
            }
        }
        if top {
            for t in &types {
                self.required(t, node, &here, report);
            }
        }
    }

    fn value(&self, prop: &Property, v: &Value, path: &str, report: &mut dyn FnMut(String)) {
        let key = prop.name;
        match v {
            Value::String(s) => {
                if URL_PROPERTIES.contains(&key) && !absolute(s) {
                    report(format!("{path}: `{s}` is not an absolute URL"));
                }
                if DATE_PROPERTIES.contains(&key) && !iso_date(s) {
                    report(format!("{path}: `{s}` is not an ISO 8601 date"));
                }
                if key == "temporalCoverage" && !iso_interval(s) {
                    report(format!(
                        "{path}: `{s}` is not an ISO 8601 interval (`start/end`)"
                    ));
                }
            }
            Value::Number(n) => {
                let data = if n.is_i64() || n.is_u64() {
                    "Integer"
                } else {
                    "Number"
                };
                if !vocab::accepts_data(prop, data) {
                    report(format!("{path}: `{key}` does not take a number"));
                }
            }
            Value::Bool(_) if !vocab::accepts_data(prop, "Boolean") => {
                report(format!("{path}: `{key}` does not take true/false"));
            }
            Value::Object(o) if o.contains_key("@value") => {
                if let Some(lang) = o.get("@language") {
                    let ok = lang.as_str().is_some_and(|l| {
                        !l.is_empty()
                            && l.split('-').all(|part| {
                                (1..=8).contains(&part.len())
                                    && part.bytes().all(|b| b.is_ascii_alphanumeric())
                            })
                    });
                    if !ok {
                        report(format!("{path}: `@language` {lang} is not a language tag"));
                    }
                }
            }
            Value::Object(o) => {
                for t in self.types(o) {
                    if vocab::type_named(t).is_some() && !vocab::fits_range(prop, t) {
                        report(format!(
                            "{path}: a {t} cannot be the value of `{key}` (expected {})",
                            prop.ranges.join(" or ")
                        ));
                    }
                }
                self.node(o, path, false, report);
            }
            _ => {}
        }
    }

    /// A term that is not in the table: an error when it looks like a
    /// misspelling of a known one (swapped letters first, the commonest
    /// typo), else a warning that it is not checked.
    fn unknown<'k>(
        &self,
        here: &str,
        what: &str,
        name: &str,
        known: impl IntoIterator<Item = &'k str>,
        report: &mut dyn FnMut(String),
    ) {
        let sorted = |s: &str| {
            let mut c: Vec<char> = s.chars().collect();
            c.sort_unstable();
            c
        };
        let known: Vec<&str> = known.into_iter().collect();
        let swapped = known.iter().copied().find(|k| sorted(k) == sorted(name));
        match swapped.or_else(|| did_you_mean(name, known.iter().copied())) {
            Some(s) => report(format!(
                "{here}: `{name}` is not a Schema.org {what} (did you mean `{s}`?)"
            )),
            None => self.warnings.borrow_mut().push(format!(
                "{here}: {what} `{name}` is not checked: it is not one of the Schema.org \
                 terms creatorkb emits (src/seo/vocab.rs); check it at \
                 https://validator.schema.org/"
            )),
        }
    }

    /// Google's required properties of the rich-result types.
    fn required(
        &self,
        ty: &str,
        node: &Map<String, Value>,
        here: &str,
        report: &mut dyn FnMut(String),
    ) {
        let mut need = |key: &str, why: &str| {
            if !node.get(key).is_some_and(present) {
                report(format!("{here}: `{key}` is required ({why})"));
            }
        };
        if vocab::is_a(ty, "Article") && ty != "SocialMediaPosting" {
            need("headline", "an Article needs a headline");
        }
        match ty {
            "ProfilePage" => {
                need(
                    "mainEntity",
                    "Google requires the profile's Person or Organization",
                );
                let main = node.get("mainEntity").and_then(Value::as_object);
                let named = main.is_some_and(|m| {
                    m.get("name").is_some_and(present)
                        || m.get("@id")
                            .and_then(Value::as_str)
                            .and_then(|id| self.ids.get(id))
                            .is_some_and(|k| k.named)
                });
                if main.is_some() && !named {
                    report(format!(
                        "{here}.mainEntity: `name` is required (Google requires the profile's name)"
                    ));
                }
                let who = main.map(|m| self.types(m)).unwrap_or_default();
                let agent = who
                    .iter()
                    .any(|t| vocab::is_a(t, "Person") || vocab::is_a(t, "Organization"));
                if main.is_some() && !agent {
                    report(format!(
                        "{here}.mainEntity: must be a Person or an Organization \
                         (Google requires it)"
                    ));
                }
            }
            "FAQPage" => {
                need("mainEntity", "Google requires the questions");
                let questions = as_list(node.get("mainEntity"));
                for (i, q) in questions.iter().enumerate() {
                    let q = q.as_object();
                    let ok = q.is_some_and(|q| {
                        types_of(q).contains(&"Question")
                            && q.get("name").is_some_and(present)
                            && q.get("acceptedAnswer")
                                .and_then(Value::as_object)
                                .is_some_and(|a| a.get("text").is_some_and(present))
                    });
                    if !ok {
                        report(format!(
                            "{here}.mainEntity[{i}]: a Question needs `name` and an \
                             `acceptedAnswer` with `text` (Google requires them)"
                        ));
                    }
                }
            }
            "BreadcrumbList" => {
                let items = as_list(node.get("itemListElement"));
                if items.len() < 2 {
                    report(format!(
                        "{here}: `itemListElement` needs at least two ListItems \
                         (Google requires them)"
                    ));
                }
                for (i, item) in items.iter().enumerate() {
                    let item = item.as_object();
                    let position = item.and_then(|x| x.get("position")).and_then(Value::as_u64);
                    if position != Some(i as u64 + 1) {
                        report(format!(
                            "{here}.itemListElement[{i}]: `position` must be {}",
                            i + 1
                        ));
                    }
                    let last = i + 1 == items.len();
                    let ok = item.is_some_and(|x| {
                        x.get("name").is_some_and(present)
                            && (last || x.get("item").is_some_and(present))
                    });
                    if !ok {
                        report(format!(
                            "{here}.itemListElement[{i}]: a ListItem needs `name` and \
                             `item` (Google requires them)"
                        ));
                    }
                }
            }
            _ => {}
        }
    }
}

fn present(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => true,
    }
}

fn as_list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    }
}

/// An absolute `http(s)` URL with a host and no spaces.
pub fn absolute(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !url.contains(char::is_whitespace))
}

/// `YYYY-MM-DD`, optionally followed by `Thh:mm[:ss][Z|±hh:mm]`.
pub fn iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| r.clone().all(|i| b.get(i).is_some_and(u8::is_ascii_digit));
    let date_ok = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10);
    if !date_ok {
        return false;
    }
    let month = (b[5] - b'0') * 10 + (b[6] - b'0');
    let day = (b[8] - b'0') * 10 + (b[9] - b'0');
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    match &s[10..] {
        "" => true,
        t => {
            let t = t.as_bytes();
            t[0] == b'T'
                && t.len() >= 6
                && t[1..3].iter().all(u8::is_ascii_digit)
                && t[3] == b':'
                && t[4..6].iter().all(u8::is_ascii_digit)
        }
    }
}

/// `start/end` where each side is an ISO 8601 date or `..` (open).
fn iso_interval(s: &str) -> bool {
    match s.split_once('/') {
        Some((a, b)) => {
            (a == ".." || iso_date(a)) && (b == ".." || iso_date(b)) && !(a == ".." && b == "..")
        }
        None => iso_date(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(json: &str) -> Vec<String> {
        let mut out = Vec::new();
        check_script(json, &mut |sev, m| out.push(format!("{sev:?}: {m}")));
        out
    }

    #[test]
    fn dates_and_urls() {
        assert!(iso_date("2025-03-10") && iso_date("2025-03-10T10:00:00Z"));
        assert!(!iso_date("10/03/2025") && !iso_date("2025-13-01"));
        assert!(iso_interval("2025-03-10/2025-04-30") && iso_interval("../2025-04-30"));
        assert!(absolute("https://x.example/a") && !absolute("/a") && !absolute("images/a.jpg"));
    }

    #[test]
    fn reports_unknown_terms_domains_ranges_and_requirements() {
        let doc = r#"{"@context":"https://schema.org","@graph":[
          {"@type":"Persn","name":"A"},
          {"@type":"Event","@id":"https://x.example/e","name":"E","startDate":"2026-01-01"},
          {"@type":"Article","@id":"https://x.example/#a","homeLocation":{"@type":"Place"},"datePublished":"03/2025"},
          {"@type":"Person","@id":"https://x.example/#p","homeLocation":{"@type":"Person","name":"B"}},
          {"@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home","item":"/"}]},
          {"@type":"FAQPage","@id":"https://x.example/faq","url":"https://x.example/faq","mainEntity":[{"@type":"Question","name":"Q"}]},
          {"@type":"ProfilePage","@id":"https://x.example/p","mainEntity":{"@id":"https://x.example/#a"}}
        ]}"#;
        let p = problems(doc).join("\n");
        for want in [
            "Error: Persn: `Persn` is not a Schema.org type (did you mean `Person`?)",
            "Warning: Event: type `Event` is not checked",
            "Warning: Event: property `startDate` is not checked",
            "`homeLocation` is not a property of Article",
            "not an ISO 8601 date",
            "`headline` is required",
            "a Person cannot be the value of `homeLocation`",
            "at least two ListItems",
            "`/` is not an absolute URL",
            "a Question needs `name` and an `acceptedAnswer`",
            "ProfilePage.mainEntity: `name` is required",
            "ProfilePage.mainEntity: must be a Person or an Organization",
        ] {
            assert!(p.contains(want), "missing `{want}` in:\n{p}");
        }
        // `name` on a type outside the table is not judged.
        assert!(!p.contains("Event.name"), "{p}");
    }

    #[test]
    fn finds_scripts_and_bad_json() {
        let html = r#"<script>x</script><script type="application/ld+json">{"@context":"https://schema.org","@type":"Thing","name":"x"}</script>"#;
        assert_eq!(scripts(html).len(), 1);
        assert!(problems(scripts(html)[0]).is_empty());
        assert!(problems("{oops")[0].contains("not valid JSON"));
        assert!(problems(r#"{"@type":"Thing"}"#)[0].contains("@context"));
    }
}
