//! Embeds seen from resolve: the link-map keys that let a body check the
//! entries it embeds, and the backlinks an embedded entry gets.

use super::types::{Link, Site};
use crate::embeds::{self, Kind};
use crate::markdown::LinkMap;
use std::collections::BTreeMap;

/// The pages embedding each entry, by the entry's kind (`kpis` counts as
/// its creator) and slug; each list sorted by path, without repeats.
pub type Backlinks = BTreeMap<(Kind, String), Vec<Link>>;

/// Adds `embed:<kind>:<slug>` to `links` for every original of a kind:
/// `Some` when it is part of this build (the value is unused by bodies),
/// `None` when it exists but is left out (private, hidden, draft).
pub(super) fn add_link_keys<'e>(
    links: &mut LinkMap,
    kind: Kind,
    entries: impl Iterator<Item = (&'e str, bool)>,
) {
    for (slug, visible) in entries {
        links.insert(embeds::link_key(kind, slug), visible.then(String::new));
    }
}

/// The backlinks of one language's site, read from the markers its bodies
/// hold (a page embedding an entry twice links to it once).
pub(super) fn backlinks(site: &Site) -> Backlinks {
    let mut out = Backlinks::new();
    let mut add = |html: &str, from: &Link, own: Option<(Kind, &str)>| {
        for e in embeds::in_html(html) {
            let key = (e.kind.target(), e.slug);
            if own.is_some_and(|(k, s)| (k, s) == (key.0, key.1.as_str())) {
                continue;
            }
            out.entry(key).or_default().push(from.clone());
        }
    };
    let link = |name: &str, path: &str, slug: &str| Link {
        name: name.to_string(),
        path: path.to_string(),
        slug: slug.to_string(),
        fallback: None,
    };
    for c in &site.creators {
        let l = link(&c.card.name, &c.card.path, &c.card.slug);
        add(&c.body_html, &l, Some((Kind::Creator, &c.card.slug)));
    }
    for c in &site.campaigns {
        let l = link(&c.card.title, &c.card.path, &c.card.slug);
        add(&c.body_html, &l, Some((Kind::Campaign, &c.card.slug)));
    }
    for t in &site.terms {
        let l = link(&t.term, &t.path, &t.slug);
        add(&t.body_html, &l, Some((Kind::Term, &t.slug)));
        for f in &t.faq {
            add(&f.answer_html, &l, Some((Kind::Term, &t.slug)));
        }
    }
    for p in site.pages.iter().map(|p| &**p).chain([&site.home]) {
        add(&p.body_html, &link(&p.title, &p.path, &p.slug), None);
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| a.path.cmp(&b.path));
        list.dedup_by(|a, b| a.path == b.path);
    }
    out
}
