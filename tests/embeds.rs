//! Embeds in Markdown bodies (`{{ creator(slug="…") }}` and kin): each kind
//! renders the theme's card, the embedded entry gets a backlink, problems
//! are located at the embed, code is never read for embeds, private
//! entries stay out of public builds, and plain-text copies stay clean.

mod common;
use common::{SITE_YAML, Site, read_tree};

const CREATOR: &str = "---\nname: Léa Martin\nstatus: active\nsummary: Lyon food creator.\nplatforms:\n  - network: tiktok\n    followers: 50000\n---\nLéa cooks.\n";
const SECRET: &str =
    "---\nname: Hidden Hugo\nstatus: active\nprivate: true\n---\nPrivate person.\n";
const CAMPAIGN: &str = "---\ntitle: Spring Glow\nbrand: Maison Verveine\nobjective: awareness\nstage: done\ndate: 2025-05-20\nsummary: A sunscreen launch.\ncreators:\n  - creator: lea\n    status: published\n    due: 2025-03-01\n    published: 2025-02-28\n    quality: 4\n---\nThe recap.\n";
const TERM: &str =
    "---\nterm: Reach\ndefinition: Unique people who saw a piece of content.\n---\nAbout reach.\n";

/// A site with a creator `lea`, a private creator `hugo`, a campaign
/// `spring` and a term `reach`, and `page` as the body of `pages/notes.md`
/// (its front matter is three lines: the body starts on line 5).
fn site(page: &str) -> Site {
    let site = Site::bare(SITE_YAML);
    site.write("content/creators/lea.md", CREATOR)
        .write("content/creators/hugo.md", SECRET)
        .write("content/campaigns/spring.md", CAMPAIGN)
        .write("content/glossary/reach.md", TERM)
        .write(
            "content/pages/notes.md",
            &format!("---\ntitle: Notes\ndescription: Team notes.\n---\n{page}"),
        );
    site
}

const ALL_KINDS: &str = "Intro.\n\n{{ creator(slug=\"lea\") }}\n\n{{ campaign(slug='spring') }}\n\n{{term(slug=\"reach\")}}\n\n{{ kpis(creator=\"lea\") }}\n";

#[test]
fn each_kind_renders_its_card_with_the_entry_view() {
    let pages = site(ALL_KINDS).build_ok(&[]);
    let notes = &pages["notes/index.html"];
    let card = |kind: &str| {
        let start = notes
            .find(&format!("embed--{kind}\""))
            .unwrap_or_else(|| panic!("no {kind} embed in {notes}"));
        let end = notes[start..]
            .find("</aside>")
            .or(notes[start..].find("</figure>"));
        notes[start..start + end.expect("closed")].to_string()
    };
    let creator = card("creator");
    assert!(creator.contains("href=\"../creators/lea/\""), "{creator}");
    assert!(creator.contains("Léa Martin") && creator.contains("Lyon food creator."));
    let campaign = card("campaign");
    assert!(campaign.contains("href=\"../campaigns/spring/\"") && campaign.contains("Spring Glow"));
    assert!(campaign.contains("Maison Verveine"), "{campaign}");
    let term = card("term");
    assert!(
        term.contains("<dfn><a href=\"../glossary/reach/\">Reach</a></dfn>"),
        "{term}"
    );
    assert!(term.contains("Unique people who saw a piece of content."));
    let kpis = card("kpis");
    assert!(
        kpis.contains("class=\"tiles\"") && kpis.contains("Léa Martin"),
        "{kpis}"
    );
    assert!(
        !notes.contains("{{") && !notes.contains("ckb:embed"),
        "{notes}"
    );
    // Not wrapped in a paragraph: a card is a block.
    assert!(!notes.contains("<p><aside"), "{notes}");
}

#[test]
fn embedded_entries_get_a_backlink_to_the_page() {
    let s = site(ALL_KINDS);
    // A recap embedding a creator links back from the creator's page too.
    s.write(
        "content/campaigns/spring.md",
        &CAMPAIGN.replace("The recap.", "The recap.\n\n{{ creator(slug=\"lea\") }}"),
    );
    let pages = s.build_ok(&[]);
    let section = |page: &str| {
        let html = &pages[page];
        let at = html
            .find("id=\"embedded-in-title\"")
            .unwrap_or_else(|| panic!("no backlinks on {page}"));
        html[at..at + html[at..].find("</section>").expect("closed")].to_string()
    };
    let lea = section("creators/lea/index.html");
    assert!(lea.contains("href=\"../../notes/\">Notes</a>"), "{lea}");
    assert!(
        lea.contains("href=\"../../campaigns/spring/\">Spring Glow</a>"),
        "{lea}"
    );
    assert!(section("campaigns/spring/index.html").contains("../../notes/"));
    assert!(section("glossary/reach/index.html").contains("../../notes/"));
    // An entry embedded nowhere has no such section.
    let s = site("Nothing embedded.\n");
    let pages = s.build_ok(&[]);
    assert!(!pages["creators/lea/index.html"].contains("embedded-in-title"));
}

#[test]
fn code_spans_blocks_and_escapes_are_left_as_text() {
    let body = "Write `{{ creator(slug=\"nobody\") }}` to embed.\n\n```\n{{ creator(slug=\"nobody\") }}\n```\n\n    {{ term(slug=\"nope\") }}\n\n\\{{ creator(slug=\"nobody\") }}\n";
    let s = site(body);
    s.check(&[]).expect_code(0);
    let notes = &s.build_ok(&[])["notes/index.html"];
    assert!(
        notes.contains("<code>{{ creator(slug=\"nobody\") }}</code>"),
        "{notes}"
    );
    assert!(
        notes.contains("<pre><code>{{ creator(slug=\"nobody\") }}\n</code></pre>"),
        "{notes}"
    );
    assert!(
        notes.contains("<pre><code>{{ term(slug=\"nope\") }}\n</code></pre>"),
        "{notes}"
    );
    assert!(
        notes.contains("<p>{{ creator(slug=\"nobody\") }}</p>"),
        "{notes}"
    );
    assert!(!notes.contains("embed--"), "{notes}");
}

#[test]
fn problems_are_errors_at_the_embed() {
    // Body line 1 is file line 5; the embeds start at column 1, or after
    // `> ` in a quote, or in the middle of a sentence.
    let body = "Intro.\n\n{{ video(slug=\"x\") }}\n\n{{ creator(id=\"lea\") }}\n\n{{ creator() }}\n\n{{ campaign(slug=\"nope\") }}\n\n> {{ term(slug=reach) }}\n\nSee {{ creator(slug=\"lea\") }} here.\n";
    let r = site(body).check(&[]);
    r.expect_no_panic().expect_code(1);
    let errors = r.errors();
    let at = |loc: &str, words: &str| {
        assert!(
            errors.iter().any(
                |e| e.starts_with(&format!("content/pages/notes.md:{loc}: error: "))
                    && e.contains(words)
            ),
            "no {loc} {words:?} in {errors:#?}"
        );
    };
    at(
        "7:1",
        "unknown embed `video`: use one of creator, campaign, term, kpis",
    );
    at("9:1", "`creator` has no argument `id`");
    at("11:1", "`creator` needs the argument `slug`");
    at("13:1", "no campaign has the slug `nope`");
    at("15:3", "the value of `slug` must be quoted");
    at("17:5", "an embed must be alone in its own paragraph");
    assert_eq!(errors.len(), 6, "{errors:#?}");
}

#[test]
fn a_private_creator_is_an_error_in_a_public_build_only() {
    let s = site("{{ creator(slug=\"hugo\") }}\n\n{{ kpis(creator=\"hugo\") }}\n");
    let r = s.check(&[]);
    r.expect_code(1);
    let errors = r.errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with(
            "content/pages/notes.md:5:1: error: the creator `hugo` is not part of the public build"
        ),
        "{errors:#?}"
    );
    let (r, out) = s.build(&[]);
    r.expect_code(1);
    assert!(!out.join("notes/index.html").exists());
    let team = s.build_ok(&["--audience", "team"]);
    let notes = &team["notes/index.html"];
    assert!(
        notes.contains("embed--creator") && notes.contains("Hidden Hugo"),
        "{notes}"
    );
}

#[test]
fn plain_text_copies_hold_no_embed_syntax() {
    // An embed in a term's FAQ answer too: its plain text feeds JSON-LD.
    let s = site(ALL_KINDS);
    s.write(
        "content/glossary/reach.md",
        &format!("{TERM}\n## FAQ\n\n### Who reached most?\n\nThis creator:\n\n{{{{ creator(slug=\"lea\") }}}}\n"),
    );
    let (r, out) = s.build(&[]);
    r.expect_code(0);
    let term = std::fs::read_to_string(out.join("glossary/reach/index.html")).unwrap();
    assert!(
        term.contains("embed--creator"),
        "the FAQ answer shows the card"
    );
    for (path, bytes) in read_tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("{{ creator") && !text.contains("{{term") && !text.contains("{{ kpis"),
            "{path} has embed syntax"
        );
        assert!(!text.contains("ckb:embed"), "{path} has an embed marker");
        assert!(
            !text.contains("Private person"),
            "{path} leaks the private creator"
        );
    }
    // The FAQ answer's plain text is the sentence, without the embed.
    assert!(term.contains("\"text\":\"This creator:\""), "{term}");
}
