//! The Schema.org 30.0 vocabulary, read from `tests/data/schemaorg-30.0/`
//! (vendored unchanged, CC BY-SA 3.0: see the NOTICE.md there), for the
//! structured-data tests.
//! It is an independent reference: nothing here uses creatorkb's own table.
#![allow(dead_code)] // each test crate uses a different part of this module

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

const NS: &str = "https://schema.org/";

/// Folder of the vocabulary files.
pub fn dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/schemaorg-30.0");
    assert!(
        dir.is_dir(),
        "the Schema.org vocabulary is expected in {} (vendored in the repository)",
        dir.display()
    );
    dir
}

/// Types and properties of the vocabulary.
pub struct Vocabulary {
    /// Type name → direct supertypes (Schema.org ones only).
    pub types: HashMap<String, Vec<String>>,
    /// Property name → (domainIncludes, rangeIncludes).
    pub properties: HashMap<String, (Vec<String>, Vec<String>)>,
}

/// `https://schema.org/A, https://schema.org/B` → `[A, B]` (other IRIs dropped).
fn names(cell: &str) -> Vec<String> {
    cell.split(',')
        .filter_map(|s| s.trim().strip_prefix(NS))
        .map(str::to_string)
        .collect()
}

/// Rows of an RFC 4180 CSV text, as maps from the header's names.
pub fn csv_records(text: &str) -> Vec<HashMap<String, String>> {
    let rows = parse_csv(text);
    let Some((head, rows)) = rows.split_first() else {
        return Vec::new();
    };
    rows.iter()
        .map(|r| head.iter().cloned().zip(r.iter().cloned()).collect())
        .collect()
}

/// Rows of an RFC 4180 CSV text (quoted fields may hold commas, quotes
/// doubled, and line breaks).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// Reads both CSV files.
pub fn load() -> Vocabulary {
    let read = |f: &str| {
        std::fs::read_to_string(dir().join(f)).unwrap_or_else(|e| panic!("read {f}: {e}"))
    };
    let types = csv_records(&read("schemaorg-current-https-types.csv"))
        .into_iter()
        .map(|r| (r["label"].clone(), names(&r["subTypeOf"])))
        .collect();
    let properties = csv_records(&read("schemaorg-current-https-properties.csv"))
        .into_iter()
        .map(|r| {
            (
                r["label"].clone(),
                (names(&r["domainIncludes"]), names(&r["rangeIncludes"])),
            )
        })
        .collect();
    Vocabulary { types, properties }
}

impl Vocabulary {
    /// `ty` and all its supertypes.
    pub fn ancestors(&self, ty: &str) -> HashSet<String> {
        let mut out = HashSet::new();
        let mut todo = vec![ty.to_string()];
        while let Some(t) = todo.pop() {
            if out.insert(t.clone()) {
                todo.extend(self.types.get(&t).into_iter().flatten().cloned());
            }
        }
        out
    }

    /// Whether `prop` may be used on a node of type `ty`.
    pub fn allows(&self, ty: &str, prop: &str) -> bool {
        let Some((domains, _)) = self.properties.get(prop) else {
            return false;
        };
        let anc = self.ancestors(ty);
        domains.iter().any(|d| anc.contains(d))
    }

    /// Whether a node of type `ty` fits the range of `prop`.
    pub fn fits(&self, prop: &str, ty: &str) -> bool {
        let Some((_, ranges)) = self.properties.get(prop) else {
            return false;
        };
        let anc = self.ancestors(ty);
        ranges.iter().any(|r| anc.contains(r))
    }
}

/// Every `<script type="application/ld+json">` of every HTML page of a built
/// site, parsed: (page path, document).
pub fn documents(
    pages: &std::collections::BTreeMap<String, String>,
) -> Vec<(String, serde_json::Value)> {
    let mut out = Vec::new();
    for (path, html) in pages {
        for script in creatorkb::seo::validate::scripts(html) {
            let doc = serde_json::from_str(script)
                .unwrap_or_else(|e| panic!("{path}: JSON-LD is not JSON: {e}\n{script}"));
            out.push((path.clone(), doc));
        }
    }
    out
}
