//! `data/creators.csv`: one row per creator, for spreadsheets (see
//! `docs/seo.md` for the columns).

use super::Urls;
use super::exports::{Num, names, slugs};
use crate::model::types::Network;
use crate::plan::OutputFile;
use crate::resolve::Site;
use crate::resolve::types::Figure;

/// One CSV field (RFC 4180). Text that a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@` first) is prefixed with `'`.
fn field(out: &mut String, value: &str, text: bool) {
    let formula = text && value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = formula || value.contains([',', '"', '\n', '\r']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in value.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
}

fn row(out: &mut String, cells: &[(String, bool)]) {
    for (i, (v, text)) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, v, *text);
    }
    out.push_str("\r\n");
}

fn number(v: f64) -> String {
    serde_json::to_string(&Num(v)).unwrap_or_default()
}

fn num(f: &Figure) -> String {
    f.value.map(number).unwrap_or_default()
}

/// The timeline, newest first, one `2024-06-18 outreach: note` per line
/// (what `creatorkb import` reads back); line breaks in a note become spaces.
fn history(items: &[crate::resolve::types::TimelineItem]) -> String {
    let lines: Vec<String> = items
        .iter()
        .map(|h| match &h.note {
            Some(n) => format!("{} {}: {}", h.date, h.kind, n.replace(['\r', '\n'], " ")),
            None => format!("{} {}", h.date, h.kind),
        })
        .collect();
    lines.join("\n")
}

/// One row per creator, the columns of `docs/seo.md`; team builds add
/// the team-only columns at the end.
pub fn creators(site: &Site) -> OutputFile {
    let urls = Urls::new(&site.info.base_url);
    let team = site.info.team;
    let mut head: Vec<String> = [
        "slug",
        "name",
        "url",
        "handle",
        "summary",
        "location",
        "country",
        "languages",
        "niches",
        "total_followers",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    head.extend(
        Network::ALL
            .iter()
            .map(|n| format!("followers_{}", n.as_str())),
    );
    head.extend(
        [
            "campaigns",
            "response_rate",
            "on_time_rate",
            "approval_rounds",
            "quality",
            "first_collaboration",
            "last_collaboration",
            "since",
            "updated",
        ]
        .map(String::from),
    );
    if team {
        head.extend(
            [
                "status",
                "owner",
                "email",
                "phone",
                "agent",
                "agency",
                "rates_currency",
                "rates",
                "history",
            ]
            .map(String::from),
        );
    }
    let mut out = String::new();
    row(
        &mut out,
        &head.into_iter().map(|h| (h, false)).collect::<Vec<_>>(),
    );
    for c in &site.creators {
        let card = &c.card;
        let t = |s: &str| (s.to_string(), true);
        let o = |s: Option<&str>| (s.unwrap_or_default().to_string(), true);
        let n = |s: String| (s, false);
        let mut cells = vec![
            t(&card.slug),
            t(&card.name),
            t(&urls.page(&card.path)),
            o(card.handle.as_deref().map(|h| h.trim_start_matches('@'))),
            t(&card.summary),
            o(card.location.as_deref()),
            t(&card
                .country
                .as_ref()
                .map(|c| c.slug.as_str().to_ascii_uppercase())
                .unwrap_or_default()),
            t(&slugs(&card.languages).join(";")),
            t(&names(&card.niches).join(";")),
            n(num(&card.total_followers)),
        ];
        for net in Network::ALL {
            let mine = card.platforms.iter().filter(|p| p.network == net.as_str());
            let total = mine.filter_map(|p| p.followers.value).reduce(|a, b| a + b);
            cells.push(n(total.map(number).unwrap_or_default()));
        }
        let k = &c.kpis;
        cells.extend([
            n(k.campaigns.to_string()),
            n(num(&k.response_rate)),
            n(num(&k.on_time_rate)),
            n(num(&k.approval_rounds)),
            n(num(&k.quality)),
            o(c.first_collaboration.as_deref()),
            o(c.last_collaboration.as_deref()),
            o(c.since.as_deref()),
            o(c.updated.as_deref()),
        ]);
        if team {
            let contact = c.contact.as_ref();
            let rates: Vec<String> = c
                .rates
                .iter()
                .map(|r| format!("{}={}", r.key, number(r.value)))
                .collect();
            cells.extend([
                o(card.status.as_ref().map(|s| s.value)),
                o(card.owner.as_deref()),
                o(contact.and_then(|x| x.email.as_deref())),
                o(contact.and_then(|x| x.phone.as_deref())),
                o(contact.and_then(|x| x.agent.as_deref())),
                o(contact.and_then(|x| x.agency.as_deref())),
                o(c.rates_currency.as_deref()),
                t(&rates.join(";")),
                t(&history(&c.timeline)),
            ]);
        }
        row(&mut out, &cells);
    }
    OutputFile {
        path: "data/creators.csv".into(),
        bytes: out.into_bytes(),
    }
}
