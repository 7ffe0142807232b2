//! `llms.txt` (the llmstxt.org format): the site's title, summary and a
//! linked list of its glossary terms and recaps, so AI assistants find the
//! definitions.

use super::Urls;
use crate::plan::OutputFile;
use crate::resolve::Site;
use std::fmt::Write as _;

/// Text on one line: whitespace runs collapsed.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Link text with the characters that would end it escaped.
fn link_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `- [name](url): notes` (notes left out when empty).
fn item(out: &mut String, name: &str, url: &str, notes: &str) {
    let _ = write!(out, "- [{}]({url})", link_text(name));
    let notes = one_line(notes);
    if !notes.is_empty() {
        let _ = write!(out, ": {notes}");
    }
    out.push('\n');
}

/// The file.
pub fn llms_txt(site: &Site) -> OutputFile {
    let urls = Urls::new(&site.info.base_url);
    let info = &site.info;
    let mut s = String::with_capacity(1024 + (site.terms.len() + site.campaigns.len()) * 200);
    let _ = writeln!(s, "# {}\n", one_line(&info.title));
    if !info.description.is_empty() {
        let _ = writeln!(s, "> {}\n", one_line(&info.description));
    }
    let _ = writeln!(
        s,
        "A creator knowledge base: {} creator profiles, {} campaign recaps with measured \
         results, and a glossary of {} influencer-marketing terms. Every page also carries \
         Schema.org JSON-LD.\n",
        info.counts.creators, info.counts.campaigns, info.counts.terms
    );
    if !site.terms.is_empty() {
        s.push_str("## Glossary\n\n");
        for t in &site.terms {
            item(&mut s, &t.term, &urls.page(&t.path), &t.definition);
        }
        s.push('\n');
    }
    if !site.campaigns.is_empty() {
        s.push_str("## Campaign recaps\n\n");
        for c in &site.campaigns {
            let card = &c.card;
            let notes = match (card.summary.is_empty(), card.date.as_deref()) {
                (false, Some(d)) => format!("{} ({}, {d})", card.summary, card.brand.name),
                (false, None) => format!("{} ({})", card.summary, card.brand.name),
                (true, Some(d)) => format!("{}, {d}", card.brand.name),
                (true, None) => card.brand.name.clone(),
            };
            item(&mut s, &card.title, &urls.page(&card.path), &notes);
        }
        s.push('\n');
    }
    s.push_str("## Optional\n\n");
    item(
        &mut s,
        "Creator directory",
        &urls.page(&info.nav.creators),
        "every creator with networks, audience, niches and campaign history",
    );
    for p in &site.pages {
        item(&mut s, &p.title, &urls.page(&p.path), &p.description);
    }
    for (file, what) in super::exports::DOCUMENTED {
        item(&mut s, file, &urls.page(file), what);
    }
    OutputFile {
        path: "llms.txt".into(),
        bytes: s.into_bytes(),
    }
}
