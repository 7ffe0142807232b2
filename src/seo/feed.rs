//! `atom.xml`: campaign recaps and glossary terms, newest first (RFC 4287).

use super::{Urls, xml_escape};
use crate::plan::OutputFile;
use crate::resolve::Site;
use std::fmt::Write as _;

/// Entries in the feed: the newest ones.
pub const MAX_ENTRIES: usize = 100;

/// One feed entry, borrowed from the site.
struct Entry<'a> {
    title: &'a str,
    path: &'a str,
    /// `YYYY-MM-DD`.
    published: Option<&'a str>,
    /// `YYYY-MM-DD`.
    updated: &'a str,
    author: Option<&'a str>,
    category: Option<&'a str>,
    summary: &'a str,
}

/// An Atom date (RFC 3339) from a `YYYY-MM-DD` date.
fn rfc3339(date: &str) -> String {
    format!("{date}T00:00:00Z")
}

/// The feed. Entries without any date are left out (Atom requires one);
/// ties are broken by path so the order is stable.
pub fn atom(site: &Site) -> OutputFile {
    let urls = Urls::new(&site.info.base_url);
    // A language's feed carries what is written in it: no fallbacks.
    let recaps = site
        .campaigns
        .iter()
        .filter(|c| c.card.fallback.is_none())
        .filter_map(|c| {
            let date = c.card.date.as_deref()?;
            Some(Entry {
                title: &c.card.title,
                path: &c.card.path,
                published: Some(date),
                updated: date,
                author: c.author.as_deref(),
                category: Some(&c.card.brand.name),
                summary: &c.card.summary,
            })
        });
    let terms = site
        .terms
        .iter()
        .filter(|t| t.fallback.is_none())
        .filter_map(|t| {
            Some(Entry {
                title: &t.term,
                path: &t.path,
                published: t.date.as_deref(),
                updated: t.updated.as_deref().or(t.date.as_deref())?,
                author: t.author.as_deref(),
                category: t.category.as_deref(),
                summary: &t.definition,
            })
        });
    let mut entries: Vec<Entry> = recaps.chain(terms).collect();
    entries.sort_by(|a, b| b.updated.cmp(a.updated).then_with(|| a.path.cmp(b.path)));
    entries.truncate(MAX_ENTRIES);

    let info = &site.info;
    let feed_path = format!("{}atom.xml", info.prefix);
    let feed_url = urls.page(&feed_path);
    let org = info.organization.as_ref();
    let feed_author = org.map_or(info.title.as_str(), |o| o.name.as_str());
    // The newest entry; without any, the newest date of the site's pages.
    let updated = entries
        .first()
        .map(|e| e.updated)
        .or_else(|| site.pages.iter().filter_map(|p| p.updated.as_deref()).max())
        .unwrap_or("1970-01-01");

    let mut s = String::with_capacity(1024 + entries.len() * 512);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        s,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        xml_escape(&info.lang)
    );
    let _ = writeln!(s, "  <id>{}</id>", xml_escape(&feed_url));
    let _ = writeln!(s, "  <title>{}</title>", xml_escape(&info.title));
    if !info.description.is_empty() {
        let _ = writeln!(
            s,
            "  <subtitle>{}</subtitle>",
            xml_escape(&info.description)
        );
    }
    let _ = writeln!(s, "  <updated>{}</updated>", rfc3339(updated));
    let _ = writeln!(
        s,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        xml_escape(&feed_url)
    );
    let _ = writeln!(
        s,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml_escape(&urls.page(&info.prefix))
    );
    let _ = write!(s, "  <author><name>{}</name>", xml_escape(feed_author));
    if let Some(u) = org.and_then(|o| o.url.as_deref()) {
        let _ = write!(s, "<uri>{}</uri>", xml_escape(&urls.href(u)));
    }
    s.push_str("</author>\n  <generator>creatorkb</generator>\n");
    for e in &entries {
        let url = urls.page(e.path);
        s.push_str("  <entry>\n");
        let _ = writeln!(s, "    <id>{}</id>", xml_escape(&url));
        let _ = writeln!(s, "    <title>{}</title>", xml_escape(e.title));
        let _ = writeln!(
            s,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml_escape(&url)
        );
        if let Some(p) = e.published {
            let _ = writeln!(s, "    <published>{}</published>", rfc3339(p));
        }
        let _ = writeln!(s, "    <updated>{}</updated>", rfc3339(e.updated));
        if let Some(a) = e.author.map(str::trim).filter(|a| !a.is_empty()) {
            let _ = writeln!(s, "    <author><name>{}</name></author>", xml_escape(a));
        }
        if let Some(c) = e.category.filter(|c| !c.is_empty()) {
            let _ = writeln!(s, "    <category term=\"{}\"/>", xml_escape(c));
        }
        if !e.summary.is_empty() {
            let _ = writeln!(s, "    <summary>{}</summary>", xml_escape(e.summary));
        }
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    OutputFile {
        path: feed_path,
        bytes: s.into_bytes(),
    }
}
