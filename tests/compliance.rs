//! Issue #17 items 3, 4 and 7: licence dates and exclusivity (private,
//! shown to the team, checked against paid media), the disclosure lint of
//! `check` per market, and the team's `calendar.ics`.

mod common;
use common::{Run, Site, build_into, command, example_root, read_tree, run, s};
use std::collections::BTreeSet;
use std::path::Path;

const TODAY: &str = "2026-06-01";

/// `creatorkb check --root ROOT` with the reference date fixed to `today`.
fn check_on(root: &Path, today: &str) -> Run {
    run(command().args(["check", "--root", s(root), "--today", today]))
}

/// `creatorkb build --root ROOT --output OUT ARGS` on `today`.
fn build_on(root: &Path, out: &Path, today: &str, args: &[&str]) -> Run {
    run(command()
        .args([
            "build",
            "--root",
            s(root),
            "--output",
            s(out),
            "--today",
            today,
        ])
        .args(args))
}

fn warnings(r: &Run) -> Vec<&str> {
    r.stderr
        .lines()
        .filter(|l| l.contains(": warning: "))
        .collect()
}

/// A site with three creators based in France, the UK and the US.
fn site_with_creators() -> Site {
    let site = Site::new();
    for (slug, country) in [("fr-one", "FR"), ("gb-one", "GB"), ("us-one", "US")] {
        site.write(
            &format!("content/creators/{slug}.md"),
            &format!("---\nname: {slug}\nstatus: active\ncountry: {country}\n---\nBio.\n"),
        );
    }
    site
}

// ---------------------------------------------------------------- item 3

const LICENCE: &str = "---
title: Licence test
brand: Brand
objective: awareness
usage_rights:
  duration: 6 months
  paid_media: PAID
  start: 2025-12-01
  end: 2026-05-31
---
Body.
";

#[test]
fn paid_media_past_the_licence_end_is_a_warning_at_the_end_key() {
    let site = Site::new();
    site.write(
        "content/campaigns/licence.md",
        &LICENCE.replace("PAID", "true"),
    );
    let r = check_on(site.root(), TODAY);
    r.expect_no_panic().expect_code(0);
    let w = warnings(&r);
    assert_eq!(w.len(), 1, "{r:#?}");
    assert!(
        w[0].starts_with("content/campaigns/licence.md:9:8: warning: usage_rights: paid_media is true, but the licence ended on 2026-05-31 (today is 2026-06-01)"),
        "{}",
        w[0]
    );
    // The last day of the licence is still inside it.
    let r = check_on(site.root(), "2026-05-31");
    assert!(warnings(&r).is_empty(), "{r:#?}");
    // Without paid media, an ended licence is only history.
    site.write(
        "content/campaigns/licence.md",
        &LICENCE.replace("PAID", "false"),
    );
    let r = check_on(site.root(), TODAY);
    assert!(warnings(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_reference_date_that_is_not_a_date_is_an_error() {
    let site = Site::new();
    let r = check_on(site.root(), "2026-02-30");
    // A wrong command line: status 2, and the message says what to write.
    r.expect_no_panic().expect_code(2);
    assert!(r.stderr.contains("2026-02-30"), "{r:#?}");
}

#[test]
fn a_licence_that_ends_before_it_starts_is_an_error() {
    let site = Site::new();
    site.write(
        "content/campaigns/licence.md",
        &LICENCE
            .replace("PAID", "false")
            .replace("start: 2025-12-01", "start: 2026-07-01"),
    );
    let r = check_on(site.root(), TODAY);
    r.expect_no_panic().expect_code(1);
    assert!(
        r.stderr.contains("content/campaigns/licence.md:9:8: error: usage_rights end 2026-05-31 is before its start 2026-07-01"),
        "{r:#?}"
    );
}

#[test]
fn licence_dates_and_exclusivity_are_shown_to_the_team_only() {
    let site = Site::new();
    site.write(
        "content/campaigns/licence.md",
        &LICENCE.replace("PAID", "false").replace(
            "---\nBody.",
            "exclusivity: {category: Sun care, until: 2026-09-30}\n---\nBody.",
        ),
    );
    let team = site.build_ok(&["--audience", "team"]);
    let page = &team["campaigns/licence/index.html"];
    for shown in [
        "Licence starts",
        "<time datetime=\"2025-12-01\">1 December 2025</time>",
        "Licence ends",
        "<time datetime=\"2026-05-31\">31 May 2026</time>",
        "Exclusivity",
        "Sun care until 30 September 2026",
    ] {
        assert!(page.contains(shown), "{shown} missing from the team page");
    }
    // A public build: not on any page nor in any file.
    let (r, out) = site.build(&[]);
    r.expect_code(0);
    for (path, bytes) in read_tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for private in ["2025-12-01", "2026-05-31", "2026-09-30", "Sun care"] {
            assert!(!text.contains(private), "{private} leaks into {path}");
        }
    }
}

// ---------------------------------------------------------------- item 4

const DISCLOSED: &str = r##"---
title: Disclosure test
brand: Brand
objective: awareness
channels: [instagram]
markets: [FR, GB, US]
creators:
  - creator: fr-one
    disclosure: {label: "Partenariat payé"}
  - creator: gb-one
    disclosure: {label: "New drop #ad"}
  - creator: us-one
    disclosure: {label: "#sp thanks Brand"}
disclosure:
  labels: ["#ad"]
  compliant: true
---
Body.
"##;

#[test]
fn labels_are_checked_against_the_rules_of_each_market() {
    let site = site_with_creators();
    site.write("content/campaigns/disclosed.md", DISCLOSED);
    let r = check_on(site.root(), TODAY);
    r.expect_no_panic().expect_code(0);
    let w = warnings(&r);
    let expected = [
        "content/campaigns/disclosed.md:9:25: warning: disclosure label `Partenariat payé` of fr-one does not meet the rules of market FR (loi n° 2023-451); accepted labels: \"Publicité\", \"Collaboration commerciale\"",
        "content/campaigns/disclosed.md:11:25: warning: disclosure label `New drop #ad` of gb-one does not meet the rules of market GB (ASA/CMA); accepted labels: \"#ad\", \"Advert\", \"Advertisement\" at the start of the label",
        "content/campaigns/disclosed.md:13:25: warning: disclosure label `#sp thanks Brand` of us-one does not meet the rules of market US (FTC); accepted labels: \"#ad\", \"Advertisement\", \"Ad\", \"Sponsored\", \"Paid partnership\"",
        "content/campaigns/disclosed.md:16:14: warning: disclosure says `compliant: true`, but the computed result is non-compliant for markets FR, GB, US: see the label warnings",
    ];
    assert_eq!(w, expected, "{r:#?}");

    // Right labels: no warning, and a hand-set `false` is called out.
    let fixed = DISCLOSED
        .replace("Partenariat payé", "Collaboration commerciale avec Brand")
        .replace("New drop #ad", "#ad New drop")
        .replace("#sp thanks Brand", "Paid partnership with Brand")
        .replace("compliant: true", "compliant: false");
    site.write("content/campaigns/disclosed.md", &fixed);
    let r = check_on(site.root(), TODAY);
    assert_eq!(
        warnings(&r),
        [
            "content/campaigns/disclosed.md:16:14: warning: disclosure says `compliant: false`, but every label meets the rules of markets FR, GB, US: check the flag"
        ],
        "{r:#?}"
    );
    // The hand-set flag stays what the page shows.
    let team = site.build_ok(&["--audience", "team"]);
    assert!(team["campaigns/disclosed/index.html"].contains("Compliant"));
}

#[test]
fn retouched_images_need_their_own_french_label_and_posts_need_a_label() {
    let site = site_with_creators();
    site.write(
        "content/campaigns/retouched.md",
        "---\ntitle: Retouched\nbrand: Brand\nobjective: awareness\nmarkets: [FR]\ncreators:\n  - creator: fr-one\n    disclosure: {label: Publicité, images: retouched}\n  - creator: gb-one\n    published: 2026-03-01\n  - creator: us-one\n---\nBody.\n",
    );
    let r = check_on(site.root(), TODAY);
    let w = warnings(&r);
    assert_eq!(w.len(), 2, "{r:#?}");
    assert!(
        w[0].starts_with("content/campaigns/retouched.md:8:25: warning: disclosure label `Publicité` of fr-one does not meet the rules of market FR (loi n° 2023-451); accepted labels: \"Images retouchées\""),
        "{}",
        w[0]
    );
    // gb-one published with no disclosure; a campaign market the creator
    // is not based in still applies to them. us-one posted nothing.
    assert!(
        w[1].starts_with("content/campaigns/retouched.md:9:14: warning: the posts of gb-one have no disclosure `label`: see the rules of market FR"),
        "{}",
        w[1]
    );
    site.write(
        "content/campaigns/retouched.md",
        &std::fs::read_to_string(site.root().join("content/campaigns/retouched.md"))
            .unwrap()
            .replace(
                "label: Publicité,",
                "label: \"Publicité · Images retouchées\",",
            )
            .replace("    published: 2026-03-01\n", ""),
    );
    let r = check_on(site.root(), TODAY);
    assert!(warnings(&r).is_empty(), "{r:#?}");
}

#[test]
fn a_creator_is_judged_by_the_market_they_are_based_in() {
    // A campaign for France and the US: the US creator's "#ad" is right
    // for the US, and French rules are not asked of it.
    let site = site_with_creators();
    site.write(
        "content/campaigns/two.md",
        "---\ntitle: Two\nbrand: Brand\nobjective: awareness\nmarkets: [FR, US]\ncreators:\n  - creator: us-one\n    disclosure: {label: \"#ad\"}\n  - creator: fr-one\n    disclosure: {label: Publicité}\n---\nBody.\n",
    );
    let r = check_on(site.root(), TODAY);
    assert!(warnings(&r).is_empty(), "{r:#?}");
}

// ---------------------------------------------------------------- item 7

const CAL_CAMPAIGN: &str = "---
title: \"Rock, Paper; Scissors \\\\ Co: a campaign whose title is long enough to be folded twice over\"
brand: Brand
objective: awareness
usage_rights: {duration: 3 months, start: 2026-03-01, end: 2026-06-15}
exclusivity: {category: Sun care, until: 2026-07-01}
creators:
  - creator: fr-one
    deliverables: [\"1 reel\", \"3 stories\"]
    due: 2026-06-10
  - creator: gb-one
    due: 2026-05-01
    published: 2026-05-01
  - creator: us-one
    status: cancelled
    due: 2026-05-02
---
Body.
";

/// A hand check of RFC 5545 structure: CRLF only, lines of at most 75
/// octets, balanced components, required properties. Returns the unfolded
/// content lines.
fn parse_ics(bytes: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    assert!(text.ends_with("\r\n"), "ends with CRLF");
    assert!(
        !text.replace("\r\n", "").contains(['\r', '\n']),
        "a bare CR or LF"
    );
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let unfolded = text.replace("\r\n ", "");
    let lines: Vec<String> = unfolded
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    let mut stack: Vec<&str> = Vec::new();
    let mut props: Vec<Vec<&str>> = Vec::new();
    for l in &lines {
        let (name, value) = l.split_once(':').expect("NAME:value");
        let name = name.split(';').next().unwrap();
        match name {
            "BEGIN" => {
                stack.push(value);
                props.push(Vec::new());
            }
            "END" => {
                assert_eq!(stack.pop(), Some(value), "unbalanced END:{value}");
                let got = props.pop().unwrap();
                let required: &[&str] = match value {
                    "VCALENDAR" => &["VERSION", "PRODID"],
                    "VEVENT" => &["UID", "DTSTAMP", "DTSTART"],
                    _ => &[],
                };
                for r in required {
                    assert_eq!(
                        got.iter().filter(|p| *p == r).count(),
                        1,
                        "{value} needs one {r}"
                    );
                }
            }
            _ => props.last_mut().expect("inside a component").push(name),
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
    lines
}

#[test]
fn the_team_calendar_is_valid_rfc_5545_and_deterministic() {
    let site = site_with_creators();
    site.write("content/campaigns/cal.md", CAL_CAMPAIGN);
    let out = site.root().join("out");
    build_on(site.root(), &out, TODAY, &["--audience", "team"])
        .expect_no_panic()
        .expect_code(0);
    let bytes = std::fs::read(out.join("calendar.ics")).expect("a team build has calendar.ics");
    let lines = parse_ics(&bytes);
    let events: Vec<&[String]> = lines.split(|l| l == "BEGIN:VEVENT").skip(1).collect();
    // Due and unpublished (not the published, not the cancelled), the
    // licence end, the exclusivity end; by date.
    let starts: Vec<&str> = events
        .iter()
        .filter_map(|e| e.iter().find_map(|l| l.strip_prefix("DTSTART;VALUE=DATE:")))
        .collect();
    assert_eq!(starts, ["20260610", "20260615", "20260701"]);
    let uids: BTreeSet<&str> = events
        .iter()
        .filter_map(|e| e.iter().find_map(|l| l.strip_prefix("UID:")))
        .collect();
    assert_eq!(
        uids,
        BTreeSet::from([
            "due-cal-fr-one@test.example",
            "licence-end-cal@test.example",
            "exclusivity-end-cal@test.example",
        ])
    );
    assert!(
        lines
            .iter()
            .filter(|l| l.starts_with("DTSTAMP:"))
            .all(|l| l == "DTSTAMP:20260601T000000Z")
    );
    // TEXT escaping: `,`, `;` and `\` of the title.
    assert!(
        lines.contains(&"SUMMARY:Due: 1 reel\\, 3 stories by fr-one (Rock\\, Paper\\; Scissors \\\\ Co: a campaign whose title is long enough to be folded twice over)".to_string()),
        "{lines:#?}"
    );
    // The same sources on the same day give the same bytes.
    let again = site.root().join("again");
    build_on(site.root(), &again, TODAY, &["--audience", "team"]).expect_code(0);
    assert_eq!(std::fs::read(again.join("calendar.ics")).unwrap(), bytes);
}

#[test]
fn a_public_build_has_no_calendar() {
    let site = site_with_creators();
    site.write("content/campaigns/cal.md", CAL_CAMPAIGN);
    let out = site.root().join("out");
    build_on(site.root(), &out, TODAY, &[]).expect_code(0);
    let files = read_tree(&out);
    assert!(!files.contains_key("calendar.ics"));
    assert!(files.keys().all(|p| !p.ends_with(".ics")));
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("calendar.ics"), "{path} names the calendar");
    }
}

// ---------------------------------------------------------------- example

#[test]
fn the_example_site_shows_a_french_breach_and_a_licence_ending_soon() {
    let r = check_on(&example_root(), "2026-12-06");
    r.expect_no_panic().expect_code(0);
    assert!(
        warnings(&r).iter().any(|l| l.starts_with("content/campaigns/pixelforge-winter-lan-2026.md:39:14: warning: disclosure label `#ad` of yanis-benali does not meet the rules of market FR")),
        "{r:#?}"
    );
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    build_on(&example_root(), &out, "2026-12-06", &["--audience", "team"]).expect_code(0);
    let lines = parse_ics(&std::fs::read(out.join("calendar.ics")).unwrap());
    // A licence end within the 30 days after the reference date.
    let mut soon = false;
    let mut licence = false;
    for l in &lines {
        if l.starts_with("UID:licence-end-") {
            licence = true;
        } else if licence && let Some(d) = l.strip_prefix("DTSTART;VALUE=DATE:") {
            soon |= ("20261206".."20270105").contains(&d);
            licence = false;
        }
    }
    assert!(soon, "no licence ends in the next 30 days: {lines:#?}");
    // And the public example has none of it.
    let pub_out = tmp.path().join("public");
    build_into(&example_root(), &pub_out, &[]).expect_code(0);
    assert!(!pub_out.join("calendar.ics").exists());
}
