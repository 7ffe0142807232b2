//! Fingerprints of the pages of paginated listings.
//!
//! A page of a listing shows its slice of entries, the listing's length
//! (the lede, "page N of M") and filters counted over the whole roster. So
//! its fingerprint is the slice's card fingerprints, the length and a
//! fingerprint of only what the filters are counted from: an edit to one
//! creator's follower count re-renders the one directory page it is on,
//! while a new niche re-renders every directory page (their filter lists
//! change). Mirrors `render::pagination` and `render::directory`.

use super::fingerprint::{self, Fp};
use super::pages::ViewFps;
use crate::plan::paging::{self, Listing};
use crate::resolve::Site;
use rayon::prelude::*;

/// What every page of one language's listings reads besides its slice.
pub struct Shared {
    /// What the directory's filter choices are counted from.
    creator_facets: Fp,
    /// What the campaign list's filter choices are counted from.
    campaign_facets: Fp,
    /// The glossary's initials, which its A–Z navigation links to.
    initials: Fp,
    /// For each taxonomy term, what its creators' filter choices are
    /// counted from (its pages show the directory's filters over them).
    term_facets: Vec<Vec<Fp>>,
}

impl Shared {
    /// Hashes what `site`'s listings count their filters from.
    pub fn of(site: &Site) -> Shared {
        let creator_facets = site
            .creators
            .par_iter()
            .map_init(Vec::new, |buf, c| {
                let k = &c.card;
                let nets: Vec<(&str, &str)> =
                    k.platforms.iter().map(|p| (p.network, p.label)).collect();
                let niches: Vec<&str> = k.niches.iter().map(|l| l.name.as_str()).collect();
                let langs: Vec<&str> = k.languages.iter().map(|l| l.name.as_str()).collect();
                let country = k.country.as_ref().map(|l| l.name.as_str());
                let status = k.status.as_ref().map(|s| (s.value, s.label.as_str()));
                fingerprint::of(
                    buf,
                    &(nets, niches, langs, country, status, k.owner.as_deref()),
                )
            })
            .collect::<Vec<Fp>>();
        let term_facets = site
            .taxonomies
            .iter()
            .map(|tax| {
                tax.terms
                    .par_iter()
                    .map(|term| {
                        let fps = term.creators.iter();
                        let fps = fps.map(|&k| creator_facets.get(k).copied().unwrap_or(0));
                        fingerprint::combine("term facets", fps)
                    })
                    .collect()
            })
            .collect();
        let campaign_facets = site
            .campaigns
            .par_iter()
            .map_init(Vec::new, |buf, c| {
                let k = &c.card;
                let stage = k.stage.as_ref().map(|s| (s.value, s.label.as_str()));
                fingerprint::of(buf, &(&k.brand.name, &k.objective.name, stage, k.year))
            })
            .collect::<Vec<Fp>>();
        let letters: Vec<&str> = site.terms.iter().map(|t| t.letter.as_str()).collect();
        Shared {
            creator_facets: fingerprint::combine("creator facets", creator_facets),
            campaign_facets: fingerprint::combine("campaign facets", campaign_facets),
            initials: fingerprint::of(&mut Vec::new(), &letters),
            term_facets,
        }
    }
}

/// The fingerprint of the data of page `n` of `listing`.
pub fn page(site: &Site, views: &ViewFps, shared: &Shared, listing: Listing, n: usize) -> Fp {
    let size = site.info.paginate;
    // The slice of `fps` this page shows, with the whole list's length.
    let slice = |tag: &str, fps: &[Fp], len: usize| {
        let shown = fps.get(paging::range(n, len, size)).unwrap_or_default();
        fingerprint::combine(tag, [len as Fp].into_iter().chain(shown.iter().copied()))
    };
    let picked = |tag: &str, all: &[Fp], indices: &[usize]| {
        let shown = indices
            .get(paging::range(n, indices.len(), size))
            .unwrap_or_default();
        let fps = shown.iter().map(|&i| all.get(i).copied().unwrap_or(0));
        fingerprint::combine(tag, [indices.len() as Fp].into_iter().chain(fps))
    };
    let n_fp = n as Fp;
    match listing {
        Listing::Creators => {
            let len = site.creators.len();
            fingerprint::combine(
                "creators page",
                [
                    n_fp,
                    shared.creator_facets,
                    slice("cards", &views.creator_cards, len),
                    slice("rows", &views.creator_rows, len),
                ],
            )
        }
        Listing::Campaigns => fingerprint::combine(
            "campaigns page",
            [
                n_fp,
                shared.campaign_facets,
                slice("cards", &views.campaign_cards, site.campaigns.len()),
            ],
        ),
        Listing::Glossary => fingerprint::combine(
            "glossary page",
            [
                n_fp,
                shared.initials,
                slice("terms", &views.terms, site.terms.len()),
            ],
        ),
        Listing::TaxonomyTerm(t, i) => {
            let Some(term) = site.taxonomies.get(t).and_then(|x| x.terms.get(i)) else {
                return 0;
            };
            fingerprint::combine(
                "taxonomy term page",
                [
                    n_fp,
                    views.taxonomies.get(t).copied().unwrap_or(0),
                    fingerprint::of(&mut Vec::new(), term),
                    picked("creators", &views.creator_cards, &term.creators),
                    picked("rows", &views.creator_rows, &term.creators),
                    shared
                        .term_facets
                        .get(t)
                        .and_then(|x| x.get(i))
                        .copied()
                        .unwrap_or(0),
                    picked("campaigns", &views.campaign_cards, &term.campaigns),
                ],
            )
        }
    }
}
