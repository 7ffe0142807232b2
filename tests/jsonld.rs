//! Every page's JSON-LD, public and team builds of the example site, is
//! expanded offline by the `json-ld` crate against a context built from the
//! Schema.org 30.0 vocabulary file: nothing is dropped or malformed, and
//! every expanded type and property is a Schema.org term. The compact graph
//! is then checked against the vocabulary's own domains and ranges.

mod common;
mod schemaorg;

use json_ld::syntax::{IntoJsonWithContext, Parse};
use json_ld::{IriBuf, JsonLdProcessor, RemoteDocument};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::task::{Context, Poll, Waker};

const NS: &str = "https://schema.org/";

/// Runs a future that never waits: the loader answers from memory.
fn block_on<F: std::future::Future>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("JSON-LD expansion tried to load something over the network"),
    }
}

/// Collects the processor's warnings (dropped terms, bad IRIs or language tags).
struct Warnings(Vec<String>);

impl<N, W: std::fmt::Display> json_ld::warning::Handler<N, W> for Warnings {
    fn handle(&mut self, _: &N, warning: W) {
        self.0.push(warning.to_string());
    }
}

/// The offline stand-in for `https://schema.org`: one term per type and
/// property of the vocabulary file, and no `@vocab`, so anything else is
/// dropped by expansion (and reported as a warning).
fn loader(terms: &HashSet<String>) -> HashMap<IriBuf, RemoteDocument> {
    let context: serde_json::Map<String, Value> = terms
        .iter()
        .map(|t| (t.clone(), Value::String(format!("{NS}{t}"))))
        .collect();
    let text = serde_json::json!({ "@context": context }).to_string();
    let mut loader = HashMap::new();
    for iri in [
        "https://schema.org",
        "https://schema.org/",
        "http://schema.org",
        "http://schema.org/",
    ] {
        let doc = json_ld::syntax::Value::parse_str(&text)
            .expect("context parses")
            .0;
        loader.insert(
            IriBuf::new(iri.to_string()).expect("IRI"),
            RemoteDocument::new(None, None, doc),
        );
    }
    loader
}

/// Every term (`schema:X`) of the vocabulary file.
fn vocabulary_terms() -> HashSet<String> {
    let text = std::fs::read_to_string(schemaorg::dir().join("schemaorg-current-https.jsonld"))
        .expect("read the Schema.org vocabulary");
    let doc: Value = serde_json::from_str(&text).expect("vocabulary JSON");
    doc["@graph"]
        .as_array()
        .expect("@graph")
        .iter()
        .filter_map(|n| n["@id"].as_str()?.strip_prefix("schema:"))
        .map(str::to_string)
        .collect()
}

/// Number of properties over all node objects of a (compact or expanded) document.
fn count_properties(v: &Value) -> usize {
    match v {
        Value::Array(a) => a.iter().map(count_properties).sum(),
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| usize::from(!k.starts_with('@')) + count_properties(v))
            .sum(),
        _ => 0,
    }
}

/// Checks an expanded document: every type and property is a Schema.org IRI
/// of the vocabulary.
fn check_expanded(v: &Value, terms: &HashSet<String>, page: &str) {
    let known = |iri: &str| iri.strip_prefix(NS).is_some_and(|t| terms.contains(t));
    match v {
        Value::Array(a) => a.iter().for_each(|x| check_expanded(x, terms, page)),
        Value::Object(o) => {
            for (k, v) in o {
                if k == "@type" && !o.contains_key("@value") {
                    for t in v.as_array().into_iter().flatten() {
                        let t = t.as_str().unwrap_or_default();
                        assert!(known(t), "{page}: type `{t}` is not Schema.org");
                    }
                } else if !k.starts_with('@') {
                    assert!(known(k), "{page}: property `{k}` is not Schema.org");
                }
                check_expanded(v, terms, page);
            }
        }
        _ => {}
    }
}

/// Domain and range of every property of every typed node, against the CSVs.
fn check_domains(
    v: &Value,
    vocab: &schemaorg::Vocabulary,
    ids: &HashMap<String, Vec<String>>,
    page: &str,
) {
    let types_of = |o: &serde_json::Map<String, Value>| -> Vec<String> {
        match o.get("@type") {
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect(),
            _ => o
                .get("@id")
                .and_then(Value::as_str)
                .and_then(|id| ids.get(id))
                .cloned()
                .unwrap_or_default(),
        }
    };
    match v {
        Value::Array(a) => a.iter().for_each(|x| check_domains(x, vocab, ids, page)),
        Value::Object(o) => {
            let types = types_of(o);
            for (k, val) in o.iter().filter(|(k, _)| !k.starts_with('@')) {
                assert!(
                    types.is_empty() || types.iter().any(|t| vocab.allows(t, k)),
                    "{page}: `{k}` is not a property of {types:?}"
                );
                let values: Vec<&Value> = match val {
                    Value::Array(a) => a.iter().collect(),
                    x => vec![x],
                };
                for x in values {
                    if let Value::Object(inner) = x {
                        for t in types_of(inner) {
                            assert!(
                                vocab.fits(k, &t),
                                "{page}: a {t} is not in the range of `{k}`"
                            );
                        }
                    }
                }
            }
            o.values().for_each(|x| check_domains(x, vocab, ids, page));
        }
        _ => {}
    }
}

fn collect_ids(v: &Value, ids: &mut HashMap<String, Vec<String>>) {
    match v {
        Value::Array(a) => a.iter().for_each(|x| collect_ids(x, ids)),
        Value::Object(o) => {
            if let (Some(id), Some(t)) = (o.get("@id").and_then(Value::as_str), o.get("@type")) {
                let types = ids.entry(id.to_string()).or_default();
                match t {
                    Value::String(s) => types.push(s.clone()),
                    Value::Array(a) => {
                        types.extend(a.iter().filter_map(|x| x.as_str().map(str::to_string)))
                    }
                    _ => {}
                }
            }
            o.values().for_each(|x| collect_ids(x, ids));
        }
        _ => {}
    }
}

/// Expands `doc` offline: the expanded document and the warnings.
fn expand(
    doc: &Value,
    loader: &HashMap<IriBuf, RemoteDocument>,
    page: &str,
) -> (Value, Vec<String>) {
    let text = doc.to_string();
    let input = RemoteDocument::new(
        None,
        None,
        json_ld::syntax::Value::parse_str(&text).expect("parse").0,
    );
    let mut warnings = Warnings(Vec::new());
    let expanded =
        block_on(input.expand_full(&mut (), loader, json_ld::Options::default(), &mut warnings))
            .unwrap_or_else(|e| panic!("{page}: expansion failed: {e:?}"));
    let json: Vec<Value> = expanded
        .into_objects()
        .into_iter()
        .map(|o| serde_json::from_str(&o.into_json_with(&()).to_string()).expect("JSON"))
        .collect();
    (Value::Array(json), warnings.0)
}

#[test]
fn the_expansion_check_catches_what_is_not_schema_org() {
    let terms = vocabulary_terms();
    let loader = loader(&terms);
    let bad = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Person",
        "nmae": "typo",
        "alternateName": {"@value": "x", "@language": "not a tag"}
    });
    let (expanded, warnings) = expand(&bad, &loader, "bad");
    assert!(
        !warnings.is_empty(),
        "no warning for an unknown term or a bad language tag"
    );
    assert!(
        count_properties(&expanded) < count_properties(&bad),
        "the unknown property was kept"
    );
    let bad_type =
        serde_json::json!({"@context": "https://schema.org", "@type": "Persn", "name": "x"});
    let (expanded, _) = expand(&bad_type, &loader, "bad type");
    let caught = std::panic::catch_unwind(|| check_expanded(&expanded, &terms, "bad type"));
    assert!(caught.is_err(), "an unknown type passed");
}

#[test]
fn every_page_expands_to_schema_org_terms_only() {
    let terms = vocabulary_terms();
    assert!(terms.len() > 2000, "the vocabulary did not load");
    let loader = loader(&terms);
    let vocab = schemaorg::load();
    for audience in ["public", "team"] {
        let (_tmp, out) = common::build_example(&["--audience", audience]);
        let docs = schemaorg::documents(&common::html_pages(&out));
        assert!(
            docs.len() > 100,
            "too few JSON-LD documents: {}",
            docs.len()
        );
        for (page, doc) in &docs {
            let (expanded, warnings) = expand(doc, &loader, page);
            assert!(warnings.is_empty(), "{page}: {warnings:?}");
            check_expanded(&expanded, &terms, page);
            // Expansion keeps every property: none was unknown and dropped.
            assert_eq!(
                count_properties(&expanded),
                count_properties(doc),
                "{page}: expansion dropped properties"
            );
            let mut ids = HashMap::new();
            collect_ids(doc, &mut ids);
            check_domains(doc, &vocab, &ids, page);
        }
    }
}
