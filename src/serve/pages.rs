//! Page fingerprints: for every page, a hash of everything its template
//! can see, so a rebuild renders only the pages whose hash changed.
//!
//! Templates see data only through serde, so a page's fingerprint combines
//! [`fingerprint::of`] of the views it reads (computed once per view, see
//! [`ViewFps`]), the global context and its template sources. This mirrors
//! what `render::render_job` (and the structured data it adds) reads per
//! job; the serve tests compare every page with a full build after every
//! kind of edit, which is what keeps the two in step.

use super::fingerprint::{self, Fp};
use crate::diag::rel_path;
use crate::fasthash::{HashMap, HashSet};
use crate::plan::{self, Job};
use crate::render;
use crate::resolve::Site;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// The fingerprint of each view of a site, in the site's order.
#[derive(Clone)]
pub struct ViewFps {
    /// Full creator views.
    pub creators: Vec<Fp>,
    /// Creator cards (what listings show).
    pub creator_cards: Vec<Fp>,
    /// What a row of the creator directory shows: the card and the
    /// figures (`render::directory` reads `kpis` too).
    pub creator_rows: Vec<Fp>,
    /// Full campaign views.
    pub campaigns: Vec<Fp>,
    /// Campaign cards.
    pub campaign_cards: Vec<Fp>,
    /// Glossary terms.
    pub terms: Vec<Fp>,
    /// Free pages.
    pub pages: Vec<Fp>,
    /// Taxonomies (with every term and its count).
    pub taxonomies: Vec<Fp>,
    /// The same for each further language's site, in `site.translations` order.
    pub translations: Vec<ViewFps>,
}

impl ViewFps {
    /// Hashes every view of `site` and of its translations, in parallel.
    pub fn of(site: &Site) -> Self {
        Self::reusing(site, None)
    }

    /// [`ViewFps::of`], taking the fingerprints of views shared with an
    /// earlier site (the same `Arc`, reused by resolve's memo) from that
    /// site's `ViewFps` instead of hashing them again.
    pub fn reusing(site: &Site, earlier: Option<(&Site, &ViewFps)>) -> Self {
        let old = earlier.map(Known::of).unwrap_or_default();
        Self::with(site, &old)
    }

    fn with(site: &Site, old: &Known) -> Self {
        let creators = reuse(&site.creators, &old.creators, |c| {
            let mut buf = Vec::new();
            [
                fingerprint::of(&mut buf, c),
                fingerprint::of(&mut buf, &c.card),
                fingerprint::of(&mut buf, &c.kpis),
            ]
        });
        let campaigns = reuse(&site.campaigns, &old.campaigns, |c| {
            let mut buf = Vec::new();
            [
                fingerprint::of(&mut buf, c),
                fingerprint::of(&mut buf, &c.card),
            ]
        });
        ViewFps {
            translations: site
                .translations
                .iter()
                .map(|t| Self::with(t, old))
                .collect(),
            creators: creators.iter().map(|f| f[0]).collect(),
            creator_cards: creators.iter().map(|f| f[1]).collect(),
            creator_rows: creators.iter().map(|f| f[2]).collect(),
            campaigns: campaigns.iter().map(|f| f[0]).collect(),
            campaign_cards: campaigns.iter().map(|f| f[1]).collect(),
            terms: reuse(&site.terms, &old.terms, |t| {
                fingerprint::of(&mut Vec::new(), t)
            }),
            pages: reuse(&site.pages, &old.pages, |p| {
                fingerprint::of(&mut Vec::new(), p)
            }),
            taxonomies: hashes(&site.taxonomies, |t| t),
        }
    }
}

/// The fingerprints of an earlier site's views, by the view's address.
/// Only valid while that site is alive: then no other view can have the
/// same address.
#[derive(Default)]
struct Known {
    creators: HashMap<usize, [Fp; 3]>,
    campaigns: HashMap<usize, [Fp; 2]>,
    terms: HashMap<usize, Fp>,
    pages: HashMap<usize, Fp>,
}

impl Known {
    fn of((site, fps): (&Site, &ViewFps)) -> Known {
        let mut k = Known::default();
        let mut add = |site: &Site, fps: &ViewFps| {
            for (i, c) in site.creators.iter().enumerate() {
                if let (Some(a), Some(b), Some(r)) = (
                    fps.creators.get(i),
                    fps.creator_cards.get(i),
                    fps.creator_rows.get(i),
                ) {
                    k.creators.insert(addr(c), [*a, *b, *r]);
                }
            }
            for (i, c) in site.campaigns.iter().enumerate() {
                if let (Some(a), Some(b)) = (fps.campaigns.get(i), fps.campaign_cards.get(i)) {
                    k.campaigns.insert(addr(c), [*a, *b]);
                }
            }
            for (t, f) in site.terms.iter().zip(&fps.terms) {
                k.terms.insert(addr(t), *f);
            }
            for (p, f) in site.pages.iter().zip(&fps.pages) {
                k.pages.insert(addr(p), *f);
            }
        };
        add(site, fps);
        for (s, f) in site.translations.iter().zip(&fps.translations) {
            add(s, f);
        }
        k
    }
}

/// Where a shared view lives: its identity while it is alive.
fn addr<T>(v: &std::sync::Arc<T>) -> usize {
    std::sync::Arc::as_ptr(v) as *const () as usize
}

/// For each view, its fingerprints from `known` (by address) or `hash`.
fn reuse<T: Sync + Send, F: Copy + Send + Sync>(
    items: &[std::sync::Arc<T>],
    known: &HashMap<usize, F>,
    hash: impl Fn(&T) -> F + Sync + Send,
) -> Vec<F> {
    items
        .par_iter()
        .map(|x| known.get(&addr(x)).copied().unwrap_or_else(|| hash(x)))
        .collect()
}

/// Every page template name a job can use.
fn page_templates() -> HashSet<&'static str> {
    [
        Job::Home,
        Job::Creators,
        Job::Creator(0),
        Job::Campaigns,
        Job::Campaign(0),
        Job::Glossary,
        Job::Term(0),
        Job::Page(0),
        Job::Taxonomy(0),
        Job::TaxonomyTerm(0, 0),
        Job::NotFound,
        Job::FollowUps,
        Job::Pipeline,
        Job::Costs,
        Job::Learnings,
    ]
    .into_iter()
    .map(render::job_template)
    .collect()
}

/// For each page template, a fingerprint of every template source it may
/// use: its own, every other template that is not a page template (base,
/// partials, macros), and any page template whose name appears in one of
/// those (an include of another page template). Conservative: a change to
/// a shared template re-renders every page.
pub fn template_fingerprints(root: &Path, theme: &str) -> HashMap<&'static str, Fp> {
    let mut sources: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (path, bytes) in render::theme::builtin_files() {
        if let Some(name) = path.strip_prefix("templates/") {
            sources.insert(name.to_string(), bytes.to_vec());
        }
    }
    let dir = root.join("themes").join(theme).join("templates");
    // The files the theme loads, by the same rules (its problems are
    // reported when it loads).
    let mut quiet = crate::diag::Diagnostics::new();
    for path in crate::load::walk_files(root, &dir, &mut quiet) {
        if let Ok(bytes) = std::fs::read(&path) {
            sources.insert(rel_path(&dir, &path), bytes);
        }
    }
    let page = page_templates();
    let mut buf = Vec::new();
    let hash = |buf: &mut Vec<u8>, name: &str, src: &[u8]| fingerprint::of(buf, &(name, src));
    let shared: Vec<Fp> = sources
        .iter()
        .filter(|(n, _)| !page.contains(n.as_str()))
        .map(|(n, s)| hash(&mut buf, n, s))
        .collect();
    let shared_text: Vec<&[u8]> = sources
        .iter()
        .filter(|(n, _)| !page.contains(n.as_str()))
        .map(|(_, s)| s.as_slice())
        .collect();
    let mentions = |hay: &[u8], name: &str| hay.windows(name.len()).any(|w| w == name.as_bytes());
    page.iter()
        .map(|&name| {
            let own = sources.get(name).map(Vec::as_slice).unwrap_or_default();
            let mut parts = vec![hash(&mut buf, name, own)];
            parts.extend(shared.iter().copied());
            for (other, src) in &sources {
                if other != name
                    && page.contains(other.as_str())
                    && (mentions(own, other) || shared_text.iter().any(|s| mentions(s, other)))
                {
                    parts.push(hash(&mut buf, other, src));
                }
            }
            (name, fingerprint::combine("template", parts))
        })
        .collect()
}

/// A page of one language: the language's index (0 for the default, then
/// `site.translations` in order) and its job.
pub type PageKey = (usize, Job);

/// Every page of every language with its output path and a fingerprint of
/// all it reads.
pub fn page_fingerprints(
    site: &Site,
    views: &ViewFps,
    templates: &HashMap<&'static str, Fp>,
) -> Vec<(PageKey, String, Fp)> {
    // A page's language versions (the switcher, hreflang) depend on which
    // pages exist in every language.
    let versions: Vec<(&str, String)> = site
        .all()
        .flat_map(|s| {
            plan::jobs(s)
                .into_iter()
                .map(move |j| (s.info.lang.as_str(), plan::job_dir(s, j)))
        })
        .collect();
    let versions = fingerprint::of(&mut Vec::new(), &versions);
    let mut out = language_fingerprints(site, views, templates, versions, 0);
    for (n, (s, v)) in site
        .translations
        .iter()
        .zip(&views.translations)
        .enumerate()
    {
        out.extend(language_fingerprints(s, v, templates, versions, n + 1));
    }
    out
}

/// [`page_fingerprints`] of one language's site.
///
/// This mirrors what `render::render_job` puts in each page's context:
/// the global context (`site`, `taxonomies`, the strings `t`), the page's
/// own view, and for listing pages the cards they list. Views are hashed
/// once each.
fn language_fingerprints(
    site: &Site,
    views: &ViewFps,
    templates: &HashMap<&'static str, Fp>,
    versions: Fp,
    lang: usize,
) -> Vec<(PageKey, String, Fp)> {
    let ViewFps {
        creators,
        creator_cards: _,
        creator_rows: _,
        campaigns,
        campaign_cards,
        terms,
        pages,
        taxonomies,
        translations: _,
    } = views;
    let mut buf = Vec::new();
    let tax_links: Vec<(&str, &str, &str, &str)> = site
        .taxonomies
        .iter()
        .map(|t| {
            (
                t.key,
                t.title.as_str(),
                t.singular.as_str(),
                t.path.as_str(),
            )
        })
        .collect();
    let global = fingerprint::combine(
        "global",
        [
            fingerprint::of(&mut buf, &site.info),
            fingerprint::of(&mut buf, &tax_links),
            fingerprint::of(&mut buf, site.lang.strings()),
            // Every page links its KPI tiles to the terms defining them.
            fingerprint::of(
                &mut buf,
                &crate::resolve::kpi::glossary_terms(&site.terms, &site.lang),
            ),
            versions,
        ],
    );
    // Home reads the intro, roster figures, campaign cards (latest, stage
    // counts), terms (highlights) and, in team builds, creator statuses.
    let statuses: Vec<Option<&str>> = site
        .creators
        .iter()
        .map(|c| c.status_raw.map(|s| s.as_str()))
        .collect();
    let home = fingerprint::combine(
        "home",
        [
            fingerprint::of(&mut buf, &site.home),
            fingerprint::of(&mut buf, &site.roster),
            fingerprint::of(&mut buf, &statuses),
            fingerprint::combine("cards", campaign_cards.iter().copied()),
            fingerprint::combine("terms", terms.iter().copied()),
        ],
    );
    let listings = super::listings::Shared::of(site);
    let slugs = super::embeds::Slugs::default();
    plan::jobs(site)
        .into_par_iter()
        .map(|job| {
            let template = templates
                .get(render::job_template(job))
                .copied()
                .unwrap_or(0);
            let data = match job {
                Job::Home => home,
                // Listings: the slice each page shows (`listings.rs`).
                Job::Creators
                | Job::Campaigns
                | Job::Glossary
                | Job::TaxonomyTerm(..)
                | Job::ListingPage(..) => match plan::paging::Listing::of(job) {
                    Some((l, n)) => super::listings::page(site, views, &listings, l, n),
                    None => 0,
                },
                // Team builds: the page shows its costs too.
                Job::Creator(i) => with_costs(creators[i], site, |k| k.creators.get(i)),
                Job::Campaign(i) => with_costs(campaigns[i], site, |k| k.campaigns.get(i)),
                Job::Term(i) => terms[i],
                Job::Page(i) => pages[i],
                Job::Taxonomy(t) => taxonomies[t],
                Job::NotFound => 0,
                // Both are made in resolve from every entry: their data
                // is the page.
                Job::FollowUps => fingerprint::of(&mut Vec::new(), &site.follow_ups),
                Job::Pipeline => fingerprint::of(&mut Vec::new(), &site.pipeline),
                Job::Costs => fingerprint::of(&mut Vec::new(), &site.costs),
                Job::Learnings => fingerprint::of(&mut Vec::new(), &site.learnings),
            };
            // What the page embeds and, for an entry, who embeds it.
            let data = match super::embeds::fingerprint(site, views, &slugs, job) {
                Some(e) => fingerprint::combine("embeds", [data, e]),
                None => data,
            };
            let path = plan::job_path(site, job);
            // Keyed by kind, not index: indices shift when entries come and go.
            let fp = fingerprint::combine(render::job_template(job), [global, template, data]);
            ((lang, job), path, fp)
        })
        .collect()
}

/// A creator's or campaign's fingerprint with its cost figures (team
/// builds), which are made after the views from several of them.
fn with_costs<T: serde::Serialize>(
    view: Fp,
    site: &crate::resolve::Site,
    pick: impl Fn(&crate::resolve::costs::Costs) -> Option<&T>,
) -> Fp {
    match site.costs.as_ref().and_then(pick) {
        Some(c) => fingerprint::combine("costs", [view, fingerprint::of(&mut Vec::new(), c)]),
        None => view,
    }
}

/// The fingerprint of `view(item)` for each item, in parallel.
fn hashes<T: Sync, U: serde::Serialize + ?Sized>(
    items: &[T],
    view: impl Fn(&T) -> &U + Sync + Send,
) -> Vec<Fp> {
    items
        .par_iter()
        .map_init(Vec::new, |buf, x| fingerprint::of(buf, view(x)))
        .collect()
}
