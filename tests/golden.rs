//! Golden JSON-LD of the example site, one page per kind: a change to what
//! a page emits shows up as a diff of `tests/golden/*.json`. After an
//! intended change, refresh them with `UPDATE_GOLDEN=1 cargo test --test golden`
//! and review the diff.

mod common;
mod schemaorg;

use std::path::PathBuf;

/// (snapshot name, page of the example site).
const PAGES: &[(&str, &str)] = &[
    ("home", "index.html"),
    ("directory", "creators/index.html"),
    ("profile", "creators/lea-martin/index.html"),
    ("recap", "campaigns/spring-glow-2025/index.html"),
    ("glossary", "glossary/index.html"),
    ("term", "glossary/creator-crm/index.html"),
];

#[test]
fn json_ld_matches_the_golden_files() {
    let (_tmp, out) = common::build_example(&[]);
    let pages = common::html_pages(&out);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = Vec::new();
    for (name, page) in PAGES {
        let html = pages
            .get(*page)
            .unwrap_or_else(|| panic!("the example site has no {page}"));
        let one: std::collections::BTreeMap<String, String> =
            [(page.to_string(), html.clone())].into();
        let docs = schemaorg::documents(&one);
        assert_eq!(docs.len(), 1, "{page}: expected one JSON-LD script");
        let got = serde_json::to_string_pretty(&docs[0].1).expect("JSON") + "\n";
        let file = dir.join(format!("{name}.json"));
        if update {
            std::fs::create_dir_all(&dir).expect("mkdir tests/golden");
            std::fs::write(&file, &got).expect("write golden file");
            continue;
        }
        let want = std::fs::read_to_string(&file).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; create it with UPDATE_GOLDEN=1 cargo test --test golden",
                file.display()
            )
        });
        if want != got {
            let line = want
                .lines()
                .zip(got.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(want.lines().count().min(got.lines().count()));
            stale.push(format!(
                "{name}.json ({page}) differs from line {}:\n  golden: {}\n  now:    {}",
                line + 1,
                want.lines().nth(line).unwrap_or("<end>"),
                got.lines().nth(line).unwrap_or("<end>")
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "JSON-LD changed (UPDATE_GOLDEN=1 cargo test --test golden refreshes the files after an intended change):\n{}",
        stale.join("\n")
    );
}
