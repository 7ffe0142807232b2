//! The team's cost figures and learnings pages (#17 items 5 and 6), built
//! from a small site whose numbers are easy to check by hand: missing and
//! zero inputs, three currencies (one of them none), groups per brand and
//! objective.

mod common;
use common::Site;

const TEAM: &[&str] = &["--audience", "team", "--offline", "--today", "2026-03-15"];

fn site() -> Site {
    let site = Site::bare(common::SITE_YAML);
    for c in ["ann", "bob", "cy"] {
        site.write(
            &format!("content/creators/{c}.md"),
            &format!("---\nname: {c}\nstatus: active\n---\n{c}.\n"),
        );
    }
    site.write(
        "content/campaigns/c1.md",
        "---\ntitle: Camp One\nbrand: Acme\nobjective: awareness\nend: 2025-01-10\n\
creators:\n\
  - {creator: ann, fee: 1000, results: {impressions: 200000, views: 50000, engagements: 4000, clicks: 500}}\n\
  - {creator: bob, fee: 500}\n\
  - {creator: cy, results: {views: 10}}\n\
results: {impressions: 300000, views: 60000, engagements: 5000, clicks: 1000}\n\
learnings: [First of one, Second of one]\n\
budget: {amount: 9000, currency: EUR}\n---\n",
    );
    site.write(
        "content/campaigns/c2.md",
        "---\ntitle: Camp Two\nbrand: Acme\nobjective: awareness\nend: 2025-06-01\n\
creators:\n\
  - {creator: ann, fee: 300, results: {clicks: 100}}\n\
  - {creator: bob, fee: 0, results: {clicks: 50}}\n\
results: {clicks: 100}\n\
learnings: [Only of two]\n\
budget: {amount: 900, currency: GBP}\n---\n",
    );
    site.write(
        "content/campaigns/c3.md",
        "---\ntitle: Camp Three\nbrand: Bolt\nobjective: conversion\nend: 2024-05-01\n\
creators:\n\
  - {creator: ann, fee: 200, results: {views: 0}}\n\
results: {views: 0}\n\
learnings: [Only of three]\n\
budget: {amount: 900}\n---\n",
    );
    site
}

/// Each table row of `html` whose header cell holds `name`: the texts of
/// its cost cells (cost, CPM, CPV, CPE, CPC).
fn rows(html: &str, name: &str) -> Vec<Vec<String>> {
    html.split("<tr")
        .skip(1)
        .filter(|r| {
            let head = r.find("</th>").map_or("", |end| &r[..end + 5]);
            head.contains(&format!(">{name}</"))
        })
        .map(|r| {
            r.split("<td ")
                .skip(1)
                .filter(|c| c.split('>').next().is_some_and(|a| a.contains("cost-cell")))
                .filter_map(|c| c.split_once('>').and_then(|(_, x)| x.split("</td>").next()))
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// From the element `id` to the end of the page.
fn from<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    &html[at..]
}

/// The element `id` up to the first `</section>` (sections with none inside).
fn section<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let rest = &html[at..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[test]
fn campaign_pages_show_each_participation_and_the_campaign() {
    let pages = site().build_ok(TEAM);
    let c1 = &pages["campaigns/c1/index.html"];
    let costs = section(c1, "costs");
    assert_eq!(
        rows(costs, "ann"),
        [[
            "1,000 EUR",
            "5.00 EUR",
            "0.020 EUR",
            "0.250 EUR",
            "2.00 EUR"
        ]]
    );
    // A fee and no results: "—", never 0 or infinity.
    assert_eq!(rows(costs, "bob"), [["500 EUR", "—", "—", "—", "—"]]);
    // Results and no fee: nothing to divide.
    assert_eq!(rows(costs, "cy"), [["—", "—", "—", "—", "—"]]);
    // The campaign: every fee (bob's too) over the campaign's totals.
    assert_eq!(
        rows(costs, "Whole campaign"),
        [[
            "1,500 EUR",
            "5.00 EUR",
            "0.025 EUR",
            "0.300 EUR",
            "1.50 EUR"
        ]]
    );
    // The formula is printed, not only in a tooltip.
    assert!(costs.contains("id=\"cost-note\"") && costs.contains("cost ÷ impressions × 1,000"));
    assert!(costs.contains("aria-describedby=\"cost-note\""));
    // A zero fee is no cost.
    let c2 = section(&pages["campaigns/c2/index.html"], "costs");
    assert_eq!(rows(c2, "bob"), [["—", "—", "—", "—", "—"]]);
    assert_eq!(rows(c2, "ann"), [["300 GBP", "—", "—", "—", "3.00 GBP"]]);
    // A zero result, and a budget with no currency: a bare amount.
    let c3 = section(&pages["campaigns/c3/index.html"], "costs");
    assert_eq!(rows(c3, "ann"), [["200", "—", "—", "—", "—"]]);
}

#[test]
fn creators_brands_and_objectives_never_add_currencies() {
    let pages = site().build_ok(TEAM);
    let ann = section(&pages["creators/ann/index.html"], "costs");
    // One row per currency: EUR, GBP, then none.
    assert_eq!(
        rows(ann, "EUR"),
        [[
            "1,000 EUR",
            "5.00 EUR",
            "0.020 EUR",
            "0.250 EUR",
            "2.00 EUR"
        ]]
    );
    assert_eq!(rows(ann, "GBP"), [["300 GBP", "—", "—", "—", "3.00 GBP"]]);
    assert_eq!(rows(ann, "no currency"), [["200", "—", "—", "—", "—"]]);
    assert!(ann.find(">EUR<") < ann.find(">GBP<") && ann.find(">GBP<") < ann.find(">no currency<"));
    let page = &pages["costs/index.html"];
    let brands = section(page, "costs-brand");
    // Acme paid in two currencies: two rows, nothing summed across them.
    let acme: Vec<Vec<String>> = rows(brands, "Acme");
    assert_eq!(
        acme,
        [
            vec![
                "1,500 EUR",
                "5.00 EUR",
                "0.025 EUR",
                "0.300 EUR",
                "1.50 EUR"
            ],
            vec!["300 GBP", "—", "—", "—", "3.00 GBP"],
        ]
    );
    assert!(!page.contains("1,800"));
    assert_eq!(rows(brands, "Bolt"), [["200", "—", "—", "—", "—"]]);
    assert!(brands.find(">Acme<") < brands.find(">Bolt<"));
    let objectives = section(page, "costs-objective");
    assert_eq!(rows(objectives, "Awareness"), acme);
    assert_eq!(rows(objectives, "Conversion").len(), 1);
    // Every campaign with a fee, linked.
    let campaigns = section(page, "costs-campaign");
    for c in ["c1", "c2", "c3"] {
        assert!(campaigns.contains(&format!("campaigns/{c}/index.html")));
    }
    assert!(page.contains("id=\"cost-note\""));
}

#[test]
fn learnings_are_grouped_by_brand_and_objective_newest_first() {
    let site = site();
    let pages = site.build_ok(TEAM);
    let page = &pages["learnings/index.html"];
    let order = |html: &str, parts: &[&str]| {
        let at: Vec<usize> = parts
            .iter()
            .map(|p| html.find(p).unwrap_or_else(|| panic!("no {p} in {html}")))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{parts:?} out of order");
    };
    let objectives = from(page, "learnings-objective");
    let brands = from(page, "learnings-brand");
    let brands = &brands[..brands.len() - objectives.len()];
    order(
        brands,
        &[
            ">Acme<",
            "Only of two",
            "First of one",
            "Second of one",
            ">Bolt<",
            "Only of three",
        ],
    );
    order(
        objectives,
        &[
            ">Awareness<",
            "Only of two",
            "First of one",
            ">Conversion<",
            "Only of three",
        ],
    );
    for c in ["c1", "c2", "c3"] {
        assert!(brands.contains(&format!("href=\"../campaigns/{c}/index.html\"")));
        assert!(objectives.contains(&format!("href=\"../campaigns/{c}/index.html\"")));
    }
    // Deterministic.
    assert_eq!(site.build_ok(TEAM)["learnings/index.html"], *page);
}

#[test]
fn public_builds_have_no_costs_or_learnings_page() {
    let pages = site().build_ok(&["--offline"]);
    assert!(!pages.contains_key("costs/index.html"));
    assert!(!pages.contains_key("learnings/index.html"));
    for (path, html) in &pages {
        assert!(!html.contains("cost-"), "{path} holds cost markup");
        assert!(
            !html.contains("learnings/index.html"),
            "{path} links to learnings"
        );
    }
}

#[test]
fn the_example_site_has_all_four_figures_and_a_fee_without_results() {
    let (_t, out) =
        common::build_example(&["--audience", "team", "--offline", "--today", "2026-03-01"]);
    let pages = common::html_pages(&out);
    let costs = section(&pages["campaigns/rouleur-gravel-2025/index.html"], "costs");
    let whole = rows(costs, "Whole campaign");
    assert_eq!(whole.len(), 1);
    assert!(whole[0].iter().all(|c| c.ends_with(" EUR")), "{whole:?}");
    let pauline = rows(costs, "Pauline Chevalier");
    assert_eq!(pauline, [["1,450 EUR", "—", "—", "—", "—"]]);
    // French: translated strings, French numbers.
    let fr = &pages["fr/costs/index.html"];
    assert!(
        fr.contains("Coût pour mille impressions") && fr.contains("11\u{a0}630 EUR"),
        "{fr}"
    );
    assert!(pages["fr/learnings/index.html"].contains("Par objectif"));
}

#[test]
fn a_free_page_cannot_take_the_team_pages_paths() {
    for slug in ["costs", "learnings"] {
        let site = site();
        site.write(
            &format!("content/pages/{slug}.md"),
            "---\ntitle: Mine\n---\nA page of my own.\n",
        );
        let (run, _) = site.build(TEAM);
        assert_ne!(run.code, 0, "{slug}: {run:#?}");
        assert!(
            run.stderr.contains(&format!("pages/{slug}.md")),
            "{}",
            run.stderr
        );
    }
}
