//! No input may panic: every broken file gives one clear
//! `path:line:col: error: ...` line, and the rest of the site is still checked.

mod common;
use common::{Run, Site};

/// A second broken file present in every case: its error must be reported
/// in the same run, whatever the first problem is.
const SECOND: &str = "content/creators/zz-second.md";
const SECOND_TEXT: &str = "---\nname: Second\nstatus: nope\n---\n";
const SECOND_ERROR: &str = "content/creators/zz-second.md:3:9: error: unknown value `nope`";

/// Checks a site made of a valid creator, `files` and the second broken file.
/// Asserts exit code 1, no panic, and that the second file is reported.
fn check_broken(files: &[(&str, &[u8])]) -> Run {
    let site = Site::new();
    for (rel, bytes) in files {
        site.write_bytes(rel, bytes);
    }
    site.write(SECOND, SECOND_TEXT);
    let r = site.check(&[]);
    r.expect_no_panic().expect_code(1);
    assert!(
        r.stderr.contains(SECOND_ERROR),
        "the second broken file was not reported in the same run:\n{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("valid.md"),
        "the valid creator got an error:\n{}",
        r.stderr
    );
    r
}

/// The error line that starts with `at` (`path:line:` or `path:line:col: error: ...`),
/// which must name a line number and contain every one of `words`.
fn error_at<'a>(r: &'a Run, at: &str, words: &[&str]) -> &'a str {
    let line = r
        .errors()
        .into_iter()
        .find(|l| l.starts_with(at))
        .unwrap_or_else(|| panic!("no error line starting with `{at}` in:\n{}", r.stderr));
    let line_no = line.split(':').nth(1).and_then(|n| n.parse::<u32>().ok());
    assert!(
        line_no.is_some_and(|n| n > 0),
        "`{line}` must give a line number"
    );
    for w in words {
        assert!(line.contains(w), "`{line}` should contain `{w}`");
    }
    line
}

/// The common case: one broken file, its error located and explained.
fn broken(rel: &str, text: &[u8], at: &str, words: &[&str]) -> String {
    let r = check_broken(&[(rel, text)]);
    error_at(&r, at, words).to_string()
}

const C: &str = "content/creators/broken.md";

#[test]
fn empty_file() {
    broken(C, b"", &format!("{C}:1:1: error:"), &["front matter"]);
}

#[test]
fn unclosed_front_matter() {
    let text = b"---\nname: A\nstatus: active\n";
    broken(C, text, &format!("{C}:1:"), &["front matter is not closed"]);
}

#[test]
fn bom_before_front_matter_builds() {
    let site = Site::new();
    site.write_bytes(
        C,
        b"\xEF\xBB\xBF---\nname: Bom Person\nstatus: active\n---\nHello.\n",
    );
    site.check(&[]).expect_no_panic().expect_code(0);
    let pages = site.build_ok(&[]);
    assert!(pages["creators/broken/index.html"].contains("Bom Person"));
}

#[test]
fn crlf_line_endings_build_and_keep_line_numbers() {
    let site = Site::new();
    let ok = "---\r\nname: Crlf Person\r\nstatus: active\r\n---\r\nSome **bold** text.\r\n";
    site.write(C, ok);
    site.check(&[]).expect_no_panic().expect_code(0);
    let pages = site.build_ok(&[]);
    let page = &pages["creators/broken/index.html"];
    assert!(page.contains("Crlf Person") && page.contains("<strong>bold</strong>"));

    let bad = "---\r\nname: C\r\nstatus: active\r\nplatforms:\r\n  - network: x\r\n    folowers: 3\r\n---\r\n";
    let r = check_broken(&[(C, bad.as_bytes())]);
    error_at(
        &r,
        &format!("{C}:6:5: error: unknown field `folowers`"),
        &[],
    );

    let link = "---\r\nname: C\r\nstatus: active\r\n---\r\nOne.\r\n\r\nSee [x](nope.md).\r\n";
    let r = check_broken(&[(C, link.as_bytes())]);
    error_at(&r, &format!("{C}:7:5: error:"), &["nope.md"]);
}

#[test]
fn invalid_utf8() {
    let text = b"---\nname: U\nstatus: active\nsummary: ab\xff\xfecd\n---\n";
    broken(C, text, &format!("{C}:4:12: error:"), &["UTF-8"]);
}

#[test]
fn tabs_for_indentation() {
    let text = b"---\nname: T\nstatus: active\nplatforms:\n\t- network: x\n---\n";
    let line = broken(C, text, &format!("{C}:5:"), &[]);
    assert!(line.to_lowercase().contains("tab"), "{line}");
}

#[test]
fn huge_number() {
    let text = b"---\nname: H\nstatus: active\nplatforms:\n  - network: x\n    followers: 99999999999999999999999\n---\n";
    broken(C, text, &format!("{C}:6:"), &["whole number"]);
}

#[test]
fn deep_nesting_in_extra() {
    let deep = format!(
        "---\nname: D\nstatus: active\nextra:\n  x: {}{}\n---\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let line = broken(C, deep.as_bytes(), &format!("{C}:5:"), &[]);
    let lower = line.to_lowercase();
    assert!(
        ["nest", "recursion", "depth", "deep"]
            .iter()
            .any(|w| lower.contains(w)),
        "the message should say the value is nested too deeply: {line}"
    );
}

#[test]
fn alias_bomb_in_extra() {
    let mut yaml = String::from("---\nname: Bomb\nstatus: active\nextra:\n");
    yaml.push_str(
        "  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip("abcdefgh".chars())
    {
        let refs = vec![format!("*{prev}"); 9].join(",");
        yaml.push_str(&format!("  {name}: &{name} [{refs}]\n"));
    }
    yaml.push_str("---\n");
    let start = std::time::Instant::now();
    let r = check_broken(&[(C, yaml.as_bytes())]);
    assert!(
        start.elapsed().as_secs() < 20,
        "the alias bomb was expanded"
    );
    let line = r
        .errors()
        .into_iter()
        .find(|l| l.starts_with(&format!("{C}:")))
        .expect("the alias bomb is reported")
        .to_string();
    error_at(&r, &format!("{C}:"), &[]);
    // A message for people: no Rust debug output, not cut in the middle.
    assert!(!line.contains(" { "), "debug output in `{line}`");
    assert!(!line.trim_end().ends_with("(used"), "truncated: `{line}`");
}

#[test]
fn unknown_field_did_you_mean() {
    let text = b"---\nname: T\nstatus: active\nplatforms:\n  - network: instagram\n    folowers: 12\n---\n";
    let at = format!("{C}:6:5: error: unknown field `folowers` (did you mean `followers`?)");
    broken(C, text, &at, &[]);
}

#[test]
fn wrong_enum_value_lists_allowed_values() {
    let text = b"---\nname: E\nstatus: actve\n---\n";
    let at = format!("{C}:3:9: error: unknown value `actve` (did you mean `active`?)");
    let allowed = "prospect, contacted, negotiating, active, paused, alumni, do-not-contact";
    broken(C, text, &at, &[allowed]);
}

#[test]
fn impossible_date() {
    let text = b"---\nname: D\nstatus: active\nsince: 2025-02-30\n---\n";
    broken(
        C,
        text,
        &format!("{C}:4:8: error:"),
        &["2025-02-30", "YYYY-MM-DD"],
    );
}

#[test]
fn wrong_type() {
    let text = b"---\nname: [1, 2]\nstatus: active\n---\n";
    broken(C, text, &format!("{C}:2:"), &["string"]);
}

#[test]
fn missing_required_field() {
    let text = b"---\nstatus: active\n---\n";
    broken(C, text, &format!("{C}:"), &["missing field `name`"]);
}

const CAMPAIGN_HEAD: &str = "---\ntitle: Camp\nbrand: Brand\nobjective: awareness\n";
const K: &str = "content/campaigns/camp.md";

#[test]
fn unknown_creator_in_campaign() {
    let text = format!("{CAMPAIGN_HEAD}creators:\n  - creator: vaild\n---\n");
    let at = format!("{K}:6:14: error: creator `vaild` does not exist (did you mean `valid`?)");
    broken(K, text.as_bytes(), &at, &[]);
}

#[test]
fn end_before_start() {
    let text = format!("{CAMPAIGN_HEAD}start: 2025-03-10\nend: 2025-03-01\n---\n");
    broken(K, text.as_bytes(), &format!("{K}:6:6: error:"), &["before"]);
}

#[test]
fn quality_out_of_range() {
    let text = format!("{CAMPAIGN_HEAD}creators:\n  - creator: valid\n    quality: 9\n---\n");
    broken(
        K,
        text.as_bytes(),
        &format!("{K}:7:14: error:"),
        &["quality 9", "1", "5"],
    );
}

#[test]
fn unknown_related_term() {
    let text = b"---\nterm: Term\ndefinition: A definition.\nrelated: [terms]\n---\n";
    let at = "content/glossary/term.md:4:11: error: related term `terms` does not exist (did you mean `term`?)";
    broken("content/glossary/term.md", text, at, &[]);
}

#[test]
fn markdown_link_to_missing_file() {
    let text = b"---\nname: L\nstatus: active\n---\nFirst line.\n\nSee [missing](../creators/nope.md) here.\n";
    broken(
        C,
        text,
        &format!("{C}:7:5: error:"),
        &["nope.md", "does not exist"],
    );
}

#[test]
fn duplicate_slugs() {
    let a = b"---\nname: A\nstatus: active\nslug: same\n---\n";
    let b = b"---\nname: B\nstatus: active\nslug: same\n---\n";
    let r = check_broken(&[
        ("content/creators/dup-a.md", a),
        ("content/creators/dup-b.md", b),
    ]);
    let line = r
        .errors()
        .into_iter()
        .find(|l| l.contains("duplicate slug `same`"))
        .unwrap_or_else(|| panic!("no duplicate-slug error:\n{}", r.stderr))
        .to_string();
    assert!(line.starts_with("content/creators/dup-"), "{line}");
    error_at(&r, "content/creators/dup-", &["duplicate slug `same`"]);
}

#[test]
fn translation_into_unlisted_language() {
    let text = b"---\nname: Valid Person\nstatus: active\n---\n";
    let at = "content/creators/valid.fr.md:1:";
    broken(
        "content/creators/valid.fr.md",
        text,
        at,
        &["`fr`", "languages"],
    );
}

#[test]
fn translation_without_original() {
    let site = Site::bare("title: T\nbase_url: https://t.example/\nlanguages: [fr]\n");
    site.write("content/creators/valid.md", common::OK_CREATOR);
    site.write(
        "content/creators/ghost.fr.md",
        "---\nname: Ghost\nstatus: active\n---\n",
    );
    site.write(SECOND, SECOND_TEXT);
    let r = site.check(&[]);
    r.expect_no_panic().expect_code(1);
    assert!(r.stderr.contains(SECOND_ERROR), "{}", r.stderr);
    error_at(
        &r,
        "content/creators/ghost.fr.md:1:",
        &["ghost", "does not exist"],
    );
}

#[test]
fn unsafe_platform_url() {
    let text = b"---\nname: J\nstatus: active\nplatforms:\n  - network: x\n    url: javascript:alert(1)\n---\n";
    broken(
        C,
        text,
        &format!("{C}:6:10: error:"),
        &["javascript:alert(1)", "https://"],
    );
}

#[test]
fn json_format() {
    let site = Site::new();
    site.write(
        C,
        "---\nname: T\nstatus: active\nplatforms:\n  - network: instagram\n    folowers: 12\n---\n",
    );
    site.write(SECOND, SECOND_TEXT);
    let r = site.check(&["--format", "json"]);
    r.expect_no_panic().expect_code(1);
    let problems: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect();
    assert_eq!(problems.len(), 2, "{}", r.stdout);
    for p in &problems {
        assert!(p["path"].is_string() && p["message"].is_string(), "{p}");
        assert!(p["line"].as_u64().is_some_and(|n| n > 0), "{p}");
        assert!(p["column"].as_u64().is_some(), "{p}");
        assert_eq!(p["severity"], "error", "{p}");
    }
    let first = problems
        .iter()
        .find(|p| p["path"] == C)
        .expect("first file");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(6), Some(5))
    );
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `followers`?")
    );
    assert!(problems.iter().any(|p| p["path"] == SECOND));
}

/// A file that does not parse is reported once: links, campaign participations,
/// related terms and translations that point at it are not reported again as
/// "does not exist".
#[test]
fn a_broken_file_is_not_reported_again_by_what_points_at_it() {
    let r = check_broken(&[
        ("content/creators/lea.md", b"---\nname: L\xe9a\nstatus: active\n---\n"),
        (
            "content/campaigns/c.md",
            b"---\ntitle: C\nbrand: B\nobjective: awareness\ncreators:\n  - creator: lea\n---\nSee [L](../creators/lea.md).\n",
        ),
        ("content/glossary/a.md", b"---\nterm: A\ndefinition: [unclosed\n---\n"),
        ("content/glossary/b.md", b"---\nterm: B\ndefinition: D.\nrelated: [a]\n---\n"),
    ]);
    error_at(&r, "content/creators/lea.md:2:", &["UTF-8"]);
    error_at(&r, "content/glossary/a.md:", &[]);
    for line in r.errors() {
        assert!(
            !line.contains("does not exist"),
            "a cascade error was reported: `{line}`\n{}",
            r.stderr
        );
    }
}

// The common YAML slips, reported in the author's words (what to write
// instead), never in the parser's or the library's.

#[test]
fn a_list_written_as_text_says_how_to_write_a_list() {
    let text = b"---\nname: A\nstatus: active\nniches: food, travel\n---\n";
    let line = broken(
        C,
        text,
        &format!("{C}:4:9: error:"),
        &["`niches: [food, travel]`"],
    );
    assert!(!line.contains("sequence"), "{line}");
}

#[test]
fn participants_written_as_slugs_say_each_is_a_map() {
    let text = format!("{CAMPAIGN_HEAD}creators: [valid]\n---\n");
    let line = broken(
        K,
        text.as_bytes(),
        &format!("{K}:5:"),
        &["each participant is a map", "`- creator: valid`"],
    );
    assert!(!line.contains("mapping"), "{line}");
}

#[test]
fn numbers_with_separators_or_percent_say_what_to_write() {
    let text = b"---\nname: A\nstatus: active\nplatforms:\n  - network: instagram\n    followers: 186,400\n---\n";
    broken(
        C,
        text,
        &format!("{C}:6:16: error:"),
        &["without separators", "`followers: 186400`"],
    );
    let text = b"---\nname: A\nstatus: active\nplatforms:\n  - network: instagram\n    engagement_rate: 3.8%\n---\n";
    let line = broken(
        C,
        text,
        &format!("{C}:6:22: error:"),
        &["without `%`", "`engagement_rate: 3.8`"],
    );
    assert!(!line.contains("floating"), "{line}");
}

#[test]
fn a_duplicate_key_names_both_lines_without_library_internals() {
    let text = b"---\nname: A\nstatus: active\nname: B\n---\n";
    let line = broken(
        C,
        text,
        &format!("{C}:4:1: error:"),
        &["`name` is set twice (lines 2 and 4)"],
    );
    assert!(!line.contains("DuplicateKeyPolicy"), "{line}");
}

#[test]
fn every_missing_required_field_in_one_run() {
    let text = b"---\nstage: brief\n---\n";
    let r = check_broken(&[(K, text)]);
    for field in ["title", "brand", "objective"] {
        assert!(
            r.errors().iter().any(|l| l.starts_with(&format!("{K}:2:"))
                && l.contains(&format!("missing field `{field}`"))),
            "`{field}` not reported:\n{}",
            r.stderr
        );
    }
}

#[test]
fn a_duplicate_slug_is_reported_where_slug_is_set() {
    // `aa.md` is read first and sets `slug: bb`; `bb.md` has it by name.
    let a = b"---\nname: A\nstatus: active\nslug: bb\n---\n";
    let b = b"---\nname: B\nstatus: active\n---\n";
    let r = check_broken(&[("content/creators/aa.md", a), ("content/creators/bb.md", b)]);
    error_at(
        &r,
        "content/creators/aa.md:4:",
        &["duplicate slug `bb`", "content/creators/bb.md"],
    );
}

#[test]
fn the_scaffolded_participant_example_uncommented_is_valid() {
    let site = common::Site::new();
    let root = common::s(site.root());
    common::creatorkb(&["new", "--root", root, "creator", "Sample Creator"]).expect_code(0);
    common::creatorkb(&["new", "--root", root, "campaign", "Spring"]).expect_code(0);
    let path = site.root().join("content/campaigns/spring.md");
    let text = std::fs::read_to_string(&path).unwrap();
    // As written (all commented), and with the example uncommented.
    site.check(&[]).expect_no_panic().expect_code(0);
    let mut inside = false;
    let uncommented: String = text
        .lines()
        .map(|l| {
            inside |= l.starts_with("#  - creator:");
            inside &= l.starts_with("#  ") || l.starts_with("#    ");
            if inside { &l[1..] } else { l }
        })
        .flat_map(|l| [l, "\n"])
        .collect();
    assert_ne!(uncommented, text, "no participant example to uncomment");
    std::fs::write(&path, &uncommented).unwrap();
    let r = site.check(&[]);
    r.expect_no_panic();
    assert_eq!(r.code, 0, "{}\n{uncommented}", r.stderr);
    let page = site.build_ok(&[]);
    let recap = &page["campaigns/spring/index.html"];
    assert!(
        recap.contains("Sample Creator"),
        "the participant is not shown"
    );
}
