//! A memo of rendered Markdown bodies, so that the dev server's rebuilds
//! re-render only the bodies that changed.
//!
//! A body's HTML is a pure function of its text and of the [`MdContext`] it
//! is rendered in: source path (messages, relative links), first line,
//! `root`, the raw-HTML and team switches, FAQ extraction, and the link map
//! (which content files exist and where their pages are). The memo key
//! covers all of them, so a hit is exactly what rendering again would give,
//! problems (broken links) included. The link map is only part of the key
//! for bodies that can look a link up in it (see [`MdCache::render`]), so
//! adding a file does not re-render every body that has no content link.

use crate::cache::generations::Generations;
use crate::diag::{Diagnostic, Diagnostics, Pos, Severity};
use crate::markdown::{self, LinkMap, MdContext, Rendered};
use std::sync::{Arc, Mutex};
use xxhash_rust::xxh3::Xxh3;

/// One memoized rendering.
struct Memo {
    html: String,
    faq: Vec<(String, String, String)>,
    problems: Vec<Diagnostic>,
}

/// A fingerprint of a link map. Its entries are hashed in any order (a
/// `HashMap` has none), then combined order-independently.
pub fn link_map_hash(links: &LinkMap) -> u128 {
    let mut acc: u128 = 0;
    for (path, url) in links {
        let mut h = Xxh3::new();
        h.update(path.as_bytes());
        match url {
            Some(u) => {
                h.update(&[1]);
                h.update(u.as_bytes());
            }
            None => h.update(&[0]),
        }
        // Wrapping sum: independent of iteration order, and unlike XOR
        // two equal entries do not cancel out.
        acc = acc.wrapping_add(h.digest128());
    }
    acc.wrapping_add(links.len() as u128)
}

/// Memoized bodies, shared by the threads of one resolve.
///
/// Entries used by the last build are kept and the rest dropped at
/// [`MdCache::finish`], so the memo never grows past one site's bodies.
#[derive(Default)]
pub struct MdCache {
    /// Fingerprint of the current link map (set by [`MdCache::set_links`]).
    links: Mutex<u128>,
    /// The link map itself, for bodies rendered outside a resolve.
    link_map: Mutex<Option<Arc<LinkMap>>>,
    /// Renderings by key.
    maps: Generations<Arc<Memo>>,
}

impl MdCache {
    /// An empty memo.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the link map of the build in progress.
    pub fn set_links(&self, links: &LinkMap) {
        self.set_shared_links(Arc::new(links.clone()), link_map_hash(links));
    }

    /// [`MdCache::set_links`] for a map already shared, whose
    /// [`link_map_hash`] is known: no copy, no second hashing.
    pub fn set_shared_links(&self, links: Arc<LinkMap>, hash: u128) {
        if let Ok(mut l) = self.links.lock() {
            *l = hash;
        }
        if let Ok(mut m) = self.link_map.lock() {
            *m = Some(links);
        }
    }

    /// The link map last given to [`MdCache::set_links`]: the dev server
    /// re-renders a single body with it when nothing but that body changed.
    pub fn link_map(&self) -> Option<Arc<LinkMap>> {
        self.link_map.lock().ok().and_then(|m| m.clone())
    }

    /// Renders `md` like [`markdown::render`], from the memo when the same
    /// body was rendered in the same context before.
    pub fn render(
        &self,
        md: &str,
        cx: &MdContext,
        extract_faq: bool,
        diags: &mut Diagnostics,
    ) -> Rendered {
        let key = self.key(md, cx, extract_faq);
        let memo = match self.maps.get(key) {
            Some(m) => m,
            None => {
                let mut d = Diagnostics::new();
                let r = markdown::render(md, cx, extract_faq, &mut d);
                let m = Arc::new(Memo {
                    html: r.html,
                    faq: r.faq,
                    problems: d.into_sorted(),
                });
                self.maps.put(key, m.clone());
                m
            }
        };
        for p in &memo.problems {
            let pos = Pos::new(p.line, p.column);
            match p.severity {
                Severity::Error => diags.error(&p.path, pos, p.message.clone()),
                Severity::Warning => diags.warning(&p.path, pos, p.message.clone()),
            }
        }
        Rendered {
            html: memo.html.clone(),
            faq: memo.faq.clone(),
        }
    }

    /// Ends a build: bodies it did not use are forgotten.
    pub fn finish(&self) {
        self.maps.finish();
    }

    /// Number of bodies remembered (for tests).
    pub fn len(&self) -> usize {
        self.maps.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn key(&self, md: &str, cx: &MdContext, extract_faq: bool) -> u128 {
        let mut h = Xxh3::new();
        for part in [cx.file, cx.root] {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        h.update(&cx.body_line.to_le_bytes());
        h.update(&[
            u8::from(cx.unsafe_html),
            u8::from(cx.team),
            u8::from(extract_faq),
        ]);
        // Only a link whose destination ends in `.md` is looked up in the
        // link map. Such a destination has `.md` in the source, unless it is
        // spelled with an entity (`.m&#100;`): without either, the link map
        // cannot change the result.
        // Embeds (`{{ creator(…) }}`) are checked against the link map too.
        if md.contains(".md") || md.contains('&') || md.contains("{{") {
            let links = self.links.lock().map_or(0, |l| *l);
            h.update(&[1]);
            h.update(&links.to_le_bytes());
        } else {
            h.update(&[0]);
        }
        h.update(md.as_bytes());
        h.digest128()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx<'a>(links: &'a LinkMap) -> MdContext<'a> {
        MdContext {
            file: "content/creators/a.md",
            body_line: 5,
            root: "../../",
            links,
            unsafe_html: false,
            team: false,
        }
    }

    #[test]
    fn a_hit_equals_a_fresh_rendering_and_replays_problems() {
        let mut links = LinkMap::default();
        links.insert("content/creators/b.md".into(), Some("creators/b/".into()));
        let cache = MdCache::new();
        cache.set_links(&links);
        let md = "Hello [b](b.md) and [x](missing.md) & more\n";
        let mut fresh_d = Diagnostics::new();
        let fresh = markdown::render(md, &cx(&links), false, &mut fresh_d);
        for _ in 0..2 {
            let mut d = Diagnostics::new();
            let r = cache.render(md, &cx(&links), false, &mut d);
            assert_eq!(r.html, fresh.html);
            assert_eq!(d.into_sorted().len(), 1);
        }
        assert_eq!(fresh_d.into_sorted().len(), 1);
    }

    #[test]
    fn a_new_link_target_invalidates_bodies_that_link() {
        let mut links = LinkMap::default();
        let cache = MdCache::new();
        cache.set_links(&links);
        let md = "See [b](b.md).\n";
        let mut d = Diagnostics::new();
        let before = cache.render(md, &cx(&links), false, &mut d);
        assert!(!before.html.contains("href"));
        links.insert("content/creators/b.md".into(), Some("creators/b/".into()));
        cache.set_links(&links);
        let mut d = Diagnostics::new();
        let after = cache.render(md, &cx(&links), false, &mut d);
        assert!(
            after.html.contains("href=\"../../creators/b/\""),
            "{}",
            after.html
        );
        assert!(d.is_empty());
    }

    #[test]
    fn unused_bodies_are_dropped_after_two_builds() {
        let links = LinkMap::default();
        let cache = MdCache::new();
        cache.set_links(&links);
        let mut d = Diagnostics::new();
        cache.render("one", &cx(&links), false, &mut d);
        cache.finish();
        cache.render("two", &cx(&links), false, &mut d);
        cache.finish();
        assert_eq!(cache.len(), 1);
    }
}
