//! What embeds add to a page's fingerprint: the views of the entries its
//! body embeds (their card, a creator's figures), and for an entry's own
//! page the pages embedding it (its backlinks).

use super::fingerprint::{self, Fp};
use super::pages::ViewFps;
use crate::embeds::Kind;
use crate::fasthash::HashMap;
use crate::plan::Job;
use crate::resolve::Site;
use std::sync::OnceLock;

/// Entries by slug, made the first time a body embeds one.
#[derive(Default)]
pub(super) struct Slugs(OnceLock<[HashMap<String, usize>; 3]>);

impl Slugs {
    fn get(&self, site: &Site, kind: Kind, slug: &str) -> Option<usize> {
        let maps = self.0.get_or_init(|| {
            let index = |slugs: Vec<&String>| {
                slugs
                    .into_iter()
                    .cloned()
                    .enumerate()
                    .map(|(i, s)| (s, i))
                    .collect()
            };
            [
                index(site.creators.iter().map(|c| &c.card.slug).collect()),
                index(site.campaigns.iter().map(|c| &c.card.slug).collect()),
                index(site.terms.iter().map(|t| &t.slug).collect()),
            ]
        });
        let map = match kind.target() {
            Kind::Campaign => &maps[1],
            Kind::Term => &maps[2],
            _ => &maps[0],
        };
        map.get(slug).copied()
    }
}

/// The part of `job`'s fingerprint that embeds add, `None` when its page
/// neither embeds anything nor is embedded.
pub(super) fn fingerprint(site: &Site, views: &ViewFps, slugs: &Slugs, job: Job) -> Option<Fp> {
    let (bodies, own): (Vec<&str>, Option<(Kind, &str)>) = match job {
        Job::Home => (vec![&site.home.body_html], None),
        Job::Creator(i) => {
            let c = site.creators.get(i)?;
            (vec![&c.body_html], Some((Kind::Creator, &c.card.slug)))
        }
        Job::Campaign(i) => {
            let c = site.campaigns.get(i)?;
            (vec![&c.body_html], Some((Kind::Campaign, &c.card.slug)))
        }
        Job::Term(i) => {
            let t = site.terms.get(i)?;
            let mut bodies = vec![t.body_html.as_str()];
            bodies.extend(t.faq.iter().map(|f| f.answer_html.as_str()));
            (bodies, Some((Kind::Term, &t.slug)))
        }
        Job::Page(i) => (vec![&site.pages.get(i)?.body_html], None),
        _ => return None,
    };
    let mut parts = Vec::new();
    if let Some((kind, slug)) = own {
        let links = site.embedded_in(kind, slug);
        if !links.is_empty() {
            parts.push(fingerprint::of(&mut Vec::new(), links));
        }
    }
    for e in bodies.into_iter().flat_map(crate::embeds::in_html) {
        let i = slugs.get(site, e.kind, &e.slug);
        let fp = |all: &[Fp]| i.and_then(|i| all.get(i)).copied().unwrap_or(Fp::MAX);
        parts.push(match e.kind {
            Kind::Creator => fp(&views.creator_cards),
            Kind::Kpis => {
                fingerprint::combine("kpis", [fp(&views.creator_cards), fp(&views.creator_rows)])
            }
            Kind::Campaign => fp(&views.campaign_cards),
            Kind::Term => fp(&views.terms),
        });
    }
    (!parts.is_empty()).then(|| fingerprint::combine("embeds", parts))
}
