//! `init` and `new`: starting points written for people to edit.

use crate::text::name_slug;
use std::io;
use std::path::{Path, PathBuf};

/// The kinds `new` can create.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Kind {
    /// A creator profile in content/creators/.
    Creator,
    /// A campaign recap in content/campaigns/.
    Campaign,
    /// A glossary term in content/glossary/.
    Term,
    /// A free page in content/pages/.
    Page,
}

/// Creates a new site in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> io::Result<()> {
    if dir.exists() && std::fs::read_dir(dir)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the folder is not empty; choose a new folder name",
        ));
    }
    let files: [(&str, String); 7] = [
        ("site.yaml", SITE.to_string()),
        ("content/_index.md", HOME.to_string()),
        (
            "content/creators/sample-creator.md",
            creator("Sample Creator"),
        ),
        (
            "content/campaigns/sample-campaign.md",
            campaign("Sample Campaign"),
        ),
        ("content/glossary/creator-crm.md", term("Creator CRM")),
        ("content/pages/about.md", page("About")),
        // Team builds hold private fields: their folder (the one README and
        // cli.md suggest) must never be committed by mistake either.
        // The image cache (see `images`) is made again from `static/`.
        (
            ".gitignore",
            "/output\n/output-team\n/.creatorkb-cache/\n".to_string(),
        ),
    ];
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    std::fs::create_dir_all(dir.join("static"))?;
    Ok(())
}

/// Writes a new entry of `kind` named `name` under `root`; refuses to overwrite.
pub fn new_entry(root: &Path, kind: Kind, name: &str) -> io::Result<PathBuf> {
    let name = name.trim();
    if name.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the name is empty: give a display name, e.g. \"Léa Martin\"",
        ));
    }
    // The file name is the slug: a name with no letter or digit in any
    // script has none (it would become a hash nobody can recognise); names
    // in other scripts get `name_slug`'s ASCII part and hash.
    if !name.chars().any(char::is_alphanumeric) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "the name {name:?} gives no file name: it has no letter or digit; give a name such as \"Léa Martin\""
            ),
        ));
    }
    let (folder, text) = match kind {
        Kind::Creator => ("creators", creator(name)),
        Kind::Campaign => ("campaigns", campaign(name)),
        Kind::Term => ("glossary", term(name)),
        Kind::Page => ("pages", page(name)),
    };
    let dir = root.join("content").join(folder);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{}.md", name_slug(name)));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                io::Error::new(
                    e.kind(),
                    format!("{} already exists; not overwritten", path.display()),
                )
            } else {
                e
            }
        })?;
    io::Write::write_all(&mut file, text.as_bytes())?;
    Ok(path)
}

/// YAML double-quoted form of a user-supplied string.
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

const SITE: &str = r#"# The site configuration. Every key: see docs/content.md.
title: "My Creator Desk"
base_url: "https://creators.example.com/"
description: "Creator profiles, campaign recaps and the glossary of our influencer-marketing team."
language: en
organization:
  name: "My Agency"
  url: "https://agency.example.com/"
# require_consent: true   # public builds leave out creators without `consent`
# unsafe_html: false      # raw HTML in Markdown is escaped unless true
"#;

const HOME: &str = "---\ntitle: \"My Creator Desk\"\ndescription: \"Who we work with, what we learned, and the words we use.\"\n---\nWelcome to the team's creator knowledge base.\n";

fn creator(name: &str) -> String {
    format!(
        r##"---
name: {name}
status: prospect          # prospect, contacted, negotiating, active, paused, alumni, do-not-contact
summary: "One line for listings and search results."
# image: /images/portrait.jpg
platforms:
  - network: instagram    # instagram, tiktok, youtube, twitch, x, linkedin, pinterest, snapchat, facebook, blog, podcast, other
    handle: handle
    url: "https://www.instagram.com/handle/"
    followers: 12400
    engagement_rate: 4.2  # percent
niches: [beauty]
languages: [en]
location: "Paris, Île-de-France"
country: FR
audience:
  top_countries: [FR]
  age_range: "18-34"
  female_share: 70
  notes: ""
preferences:
  formats: [reel]
  topics: []
  avoid: []
  brief_style: guided     # loose, guided, strict
  availability: ""
  notes: ""
# since: 2026-01-15
tags: []
# Private fields: never in a public build.
# rates: {{reel: 1200, story: 400, currency: EUR}}
# contact: {{email: name@example.com, phone: "+33 6 00 00 00 00", agent: "", agency: ""}}
# owner: "Account manager"
# consent: {{date: 2026-01-15, scope: "public profile"}}
# history:
#   - {{date: 2026-01-15, type: outreach, note: "First message."}}   # outreach, reply, call, meeting, negotiation, contract, brief, delivery, payment, feedback, note
# next: {{date: 2026-02-01, action: "Send the brief."}}   # the next step, on the team's follow-up page
# slug: custom-slug      # default: the file name
# draft: true             # left out unless `build --drafts`
# private: true           # left out of public builds
# extra: {{}}               # free map for custom templates
---
Who this creator is, what their audience cares about, and how they like to work.
"##,
        name = quoted(name)
    )
}

fn campaign(title: &str) -> String {
    format!(
        r##"---
title: {title}
brand: "Brand"
objective: awareness      # awareness, consideration, traffic, conversion, content, trust
stage: objective          # objective, mapping, outreach, negotiation, brief, production, approval, publication, reporting, follow-up, done
# start: 2026-03-01
# end: 2026-03-31
# date: 2026-04-10        # publication date of the recap; defaults to end
author: ""
summary: "One line for listings."
channels: [instagram]
markets: [FR]
creators:                 # who takes part: uncomment the lines below, one `- creator:` block each
#  - creator: sample-creator   # the creator's file name in content/creators/
#    status: shortlisted       # shortlisted, contacted, replied, declined, negotiating, briefed, in-production, in-review, approved, published, reported, cancelled
#    deliverables: ["1 reel"]
#    responded: true           # default: derived from status
#    due: 2026-03-10
#    published: 2026-03-09
#    on_time: true             # default: derived from due and published
#    approval_rounds: 1
#    quality: 4                # 1 to 5
#    content: ["https://www.instagram.com/p/abc/"]
#    results: {{reach: 10000}}
#    disclosure: {{label: "#ad", platform_tool: "Paid partnership"}}
#    fee: 900                  # private
#    next: {{date: 2026-03-05, action: "Check the draft."}}   # private: on the team's follow-up page
results: {{}}
learnings: []
# disclosure: {{labels: ["#ad"], platform_tools: ["Paid partnership"], compliant: true}}
# usage_rights: {{duration: "6 months", channels: [instagram], paid_media: false}}
# budget: {{amount: 10000, currency: EUR}}   # private
# slug: custom-slug      # default: the file name
# draft: true             # left out unless `build --drafts`
# private: true           # left out of public builds
# extra: {{}}               # free map for custom templates
---
What happened, what worked, what to change next time.
"##,
        title = quoted(title)
    )
}

fn term(name: &str) -> String {
    format!(
        r##"---
term: {name}
definition: "One or two sentences that define the term."
alternate_names: []
translations: {{}}        # e.g. {{fr: "CRM créateurs"}}
category: ""
related: []               # slugs of other glossary terms
faq: []
#  - question: "A question prospects ask?"
#    answer: "The answer, in **Markdown**."
author: ""
# date: 2026-01-15
# updated: 2026-02-01
# slug: custom-slug      # default: the file name
# draft: true             # left out unless `build --drafts`
# private: true           # left out of public builds
# extra: {{}}               # free map for custom templates
---
A longer explanation. A `## FAQ` section with `###` questions is added to the FAQ.
"##,
        name = quoted(name)
    )
}

fn page(title: &str) -> String {
    format!(
        "---\ntitle: {}\ndescription: \"\"\n# date: 2026-01-15\n# updated: 2026-02-01\n{}---\nThe page text, in Markdown.\n",
        quoted(title),
        COMMON.replace("{{}}", "{}")
    )
}

/// Keys every kind accepts, as comments (braces doubled for `format!`).
const COMMON: &str = "# slug: custom-slug      # default: the file name\n# draft: true             # left out unless `build --drafts`\n# private: true           # left out of public builds\n# extra: {{}}               # free map for custom templates\n";
