//! The team workspace (#17 items 1 and 2): the follow-up queue's rules,
//! groups and order, computed for a fixed `--today`, and the pipeline
//! board's columns and counts.

mod common;
use common::Site;

const TODAY: &[&str] = &["--audience", "team", "--today", "2026-03-15"];

fn creator(site: &Site, slug: &str, front: &str) {
    site.write(
        &format!("content/creators/{slug}.md"),
        &format!("---\nname: {slug}\n{front}---\n{slug}.\n"),
    );
}

/// A site with one case of every rule, each on either side of its limit.
fn rules_site(yaml_extra: &str) -> Site {
    let site = Site::bare(&format!("{}{yaml_extra}", common::SITE_YAML));
    // Last contact 2026-01-01 + 60 days: due 2026-03-02, overdue.
    creator(
        &site,
        "anna",
        "status: active\nsince: 2025-06-01\nhistory:\n  - {date: 2026-01-01, type: call}\n  - {date: 2026-03-01, type: note, note: a note is no contact}\nnext: {date: 2026-04-30, action: Plan the summer}\n",
    );
    // Contact 2026-03-01 + 60: due 2026-04-30, beyond the week: not listed.
    creator(&site, "ben", "status: active\nsince: 2026-03-01\n");
    // Outreach 2026-03-10 + 7: due 2026-03-17, this week.
    creator(
        &site,
        "cara",
        "status: prospect\nhistory:\n  - {date: 2026-03-10, type: outreach}\n",
    );
    // Replied after the outreach: no item.
    creator(
        &site,
        "dan",
        "status: contacted\nhistory:\n  - {date: 2026-03-01, type: outreach}\n  - {date: 2026-03-03, type: reply}\n",
    );
    // No outreach event: the campaign's start, 2026-02-01 + 7 = 2026-02-08.
    creator(&site, "eve", "status: contacted\n");
    site.write(
        "content/campaigns/c1.md",
        "---\ntitle: Camp One\nbrand: B\nobjective: awareness\nstage: reporting\nstart: 2026-02-01\nend: 2026-02-20\ncreators:\n  - {creator: anna, status: in-production, due: 2026-03-14, deliverables: [1 reel]}\n  - {creator: cara, status: contacted}\n  - {creator: dan, status: contacted}\n  - {creator: eve, status: contacted}\n  - {creator: ben, status: published, due: 2026-03-01, published: 2026-03-02}\n---\n",
    );
    site.write(
        "content/campaigns/c2.md",
        "---\ntitle: Camp Two\nbrand: B\nobjective: awareness\nstage: reporting\nstart: 2026-03-01\nend: 2026-03-10\ncreators:\n  - {creator: ben, status: briefed, next: {date: 2026-03-15, action: Check the draft}}\n  - {creator: anna, status: cancelled, due: 2026-03-02}\n---\n",
    );
    site
}

/// `(kind, due, text)` of each item of the group `group`, in page order.
fn items(html: &str, group: &str) -> Vec<(String, String, String)> {
    let start = format!("id=\"fu-{group}\"");
    let Some(at) = html.find(&start) else {
        return Vec::new();
    };
    let section = &html[at..];
    let section = &section[..section.find("</section>").unwrap_or(section.len())];
    section
        .split("<li class=\"fu-item fu-item--")
        .skip(1)
        .map(|item| {
            let kind = item.split(' ').next().unwrap_or_default().to_string();
            let due = item
                .split("datetime=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or_default()
                .to_string();
            (kind, due, item.to_string())
        })
        .collect()
}

fn kinds(v: &[(String, String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, d, _)| (k.as_str(), d.as_str())).collect()
}

#[test]
fn every_rule_groups_its_items_by_due_date_oldest_first() {
    let site = rules_site("");
    let pages = site.build_ok(&[TODAY, &["--offline"]].concat());
    let html = &pages["follow-ups/index.html"];
    let overdue = items(html, "overdue");
    assert_eq!(
        kinds(&overdue),
        [
            ("no-reply", "2026-02-08"),
            ("no-contact", "2026-03-02"),
            ("reporting", "2026-03-06"),
            ("deliverable", "2026-03-14"),
        ],
        "{html}"
    );
    assert!(
        overdue[0].2.contains("creators/eve/index.html")
            && overdue[0].2.contains("campaigns/c1/index.html")
    );
    assert!(overdue[1].2.contains("creators/anna/index.html"));
    assert!(
        overdue[1].2.contains("1 January 2026"),
        "last contact skips notes"
    );
    assert!(overdue[3].2.contains("1 reel") && overdue[3].2.contains("1 day late"));
    let week = items(html, "this_week");
    assert_eq!(
        kinds(&week),
        [("next", "2026-03-15"), ("no-reply", "2026-03-17")]
    );
    assert!(week[0].2.contains("Check the draft") && week[0].2.contains("creators/ben/index.html"));
    assert!(week[1].2.contains("creators/cara/index.html"));
    let later = items(html, "later");
    assert_eq!(kinds(&later), [("next", "2026-04-30")]);
    assert!(later[0].2.contains("Plan the summer"));
    // Not listed: dan replied, ben's contact and c2's report are not due
    // this week, published and cancelled deliverables are closed.
    assert!(!html.contains("creators/dan/"));
    assert!(!html.contains("2026-03-24") && !html.contains("datetime=\"2026-03-01\""));
    // Deterministic for a given --today; another day regroups.
    assert_eq!(
        site.build_ok(&[TODAY, &["--offline"]].concat())["follow-ups/index.html"],
        *html
    );
    let later_day = site.build_ok(&["--audience", "team", "--today", "2026-03-20"]);
    let moved = &later_day["follow-ups/index.html"];
    assert_eq!(items(moved, "overdue").len(), 6, "{moved}");
}

#[test]
fn the_team_calendar_holds_the_follow_ups() {
    let site = rules_site("");
    let (r, out) = site.build(TODAY);
    r.expect_no_panic().expect_code(0);
    let cal = std::fs::read_to_string(out.join("calendar.ics")).expect("a team calendar");
    // A `next:` on a participation, on its date, with its action, linking
    // to the campaign; deliverables stay events of their own (no second
    // event for the same due date).
    assert!(cal.contains("UID:follow-up-next-ben-c2@"), "{cal}");
    assert!(cal.contains("DTSTART;VALUE=DATE:20260315"), "{cal}");
    assert!(cal.contains("Check the draft"), "{cal}");
    assert!(cal.contains("UID:follow-up-no-reply-eve-c1@"), "{cal}");
    assert!(!cal.contains("follow-up-deliverable"), "{cal}");
    assert!(cal.contains("UID:due-c1-anna@"), "{cal}");
}

#[test]
fn licences_ending_soon_or_ended_are_listed() {
    let site = rules_site("");
    // 2026-03-15 is today: ends in 10 days, in 40 days (not listed yet),
    // and ended 5 days ago with paid media still on.
    for (slug, end, paid) in [
        ("soon", "2026-03-25", false),
        ("far", "2026-04-24", false),
        ("over", "2026-03-10", true),
    ] {
        site.write(
            &format!("content/campaigns/{slug}.md"),
            &format!("---\ntitle: Licence {slug}\nbrand: B\nobjective: awareness\nusage_rights: {{duration: 1 year, paid_media: {paid}, end: {end}}}\n---\n"),
        );
    }
    let pages = site.build_ok(TODAY);
    let html = &pages["follow-ups/index.html"];
    let section = |id: &str| {
        let at = html
            .find(&format!("id=\"fu-{id}\""))
            .unwrap_or_else(|| panic!("no {id}: {html}"));
        let rest = &html[at..];
        rest[..rest.find("</ol>").unwrap_or(rest.len())].to_string()
    };
    let ending = section("licences_ending");
    assert!(
        ending.contains("Licence soon") && ending.contains("10 days left"),
        "{ending}"
    );
    assert!(
        !html.contains("Licence far"),
        "a licence 40 days away is not listed yet"
    );
    let ended = section("licences_ended");
    assert!(
        ended.contains("Licence over") && ended.contains("ended 5 days ago"),
        "{ended}"
    );
    assert!(ended.contains("Paid media"), "{ended}");
    // Licence dates are private: a public build has no follow-up page at all.
    let public = site.build_ok(&["--today", "2026-03-15"]);
    assert!(!public.contains_key("follow-ups/index.html"));
}

#[test]
fn site_yaml_sets_the_delays() {
    let site =
        rules_site("follow_up: {no_reply_days: 2, reporting_days: 25, no_contact_days: 90}\n");
    let pages = site.build_ok(TODAY);
    let html = &pages["follow-ups/index.html"];
    let all: Vec<(String, String, String)> = ["overdue", "this_week", "later"]
        .iter()
        .flat_map(|g| items(html, g))
        .collect();
    let dues: Vec<(&str, &str)> = kinds(&all);
    // cara: 2026-03-10 + 2; eve: 2026-02-01 + 2; anna: 2026-01-01 + 90
    // (due 2026-04-01, beyond the week); c1: 2026-02-20 + 25 = 2026-03-17.
    assert!(dues.contains(&("no-reply", "2026-03-12")), "{dues:?}");
    assert!(dues.contains(&("no-reply", "2026-02-03")), "{dues:?}");
    assert!(dues.contains(&("reporting", "2026-03-17")), "{dues:?}");
    assert!(!dues.iter().any(|(k, _)| *k == "no-contact"), "{dues:?}");
    // An unknown key is an error, as everywhere in site.yaml.
    let bad = rules_site("follow_up: {no_reply: 3}\n");
    let r = bad.check(&[]);
    r.expect_no_panic().expect_code(1);
    assert!(r.stderr.contains("no_reply_days"), "{}", r.stderr);
}

#[test]
fn today_must_be_a_date() {
    let site = rules_site("");
    for cmd in ["build", "check", "serve"] {
        let r = common::creatorkb(&[
            cmd,
            "--root",
            common::s(site.root()),
            "--today",
            "2026-02-30",
        ]);
        r.expect_no_panic().expect_code(2);
    }
}

#[test]
fn the_pipeline_board_has_a_column_per_stage_with_counts() {
    let site = rules_site("");
    site.write(
        "content/campaigns/c3.md",
        "---\ntitle: Camp Three\nbrand: B\nobjective: awareness\n---\n",
    );
    let pages = site.build_ok(TODAY);
    let html = &pages["pipeline/index.html"];
    let column = |stage: &str| {
        let at = html
            .find(&format!("id=\"stage-{stage}\""))
            .unwrap_or_else(|| panic!("no column {stage}"));
        let rest = &html[at..];
        rest[..rest.find("</section>").unwrap()].to_string()
    };
    // Every workflow stage has its column, in order, plus one for no stage.
    let stages = [
        "objective",
        "mapping",
        "outreach",
        "negotiation",
        "brief",
        "production",
        "approval",
        "publication",
        "reporting",
        "follow-up",
        "done",
        "none",
    ];
    let at: Vec<usize> = stages
        .iter()
        .map(|s| html.find(&format!("id=\"stage-{s}\"")).unwrap())
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]));
    let reporting = column("reporting");
    assert!(
        reporting.contains("<span class=\"board__count\">2</span>"),
        "{reporting}"
    );
    assert!(reporting.contains("Camp One") && reporting.contains("Camp Two"));
    // Camp One's participants by status, in workflow order, with counts.
    let one = reporting
        .split("board-card card")
        .find(|c| c.contains("Camp One"))
        .unwrap();
    let contacted = one.find("pstatus--contacted").unwrap();
    let producing = one.find("pstatus--in-production").unwrap();
    let published = one.find("pstatus--published").unwrap();
    assert!(contacted < producing && producing < published, "{one}");
    assert!(
        one.contains("Contacted <span class=\"board__count\">3</span>"),
        "{one}"
    );
    assert!(column("none").contains("Camp Three"));
    assert!(column("done").contains("<span class=\"board__count\">0</span>"));
    // Team navigation links both pages; a public build has neither.
    assert!(
        pages["index.html"].contains("href=\"./follow-ups/\"")
            && pages["index.html"].contains("href=\"./pipeline/\"")
    );
    let public = site.build_ok(&["--today", "2026-03-15"]);
    assert!(
        !public.contains_key("pipeline/index.html")
            && !public.contains_key("follow-ups/index.html")
    );
}
