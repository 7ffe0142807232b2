//! The output plan: which pages a site has and where each goes.
//!
//! Render, seo and search all take the resolved site and this plan and
//! return files; they never import each other. What they share lives here:
//! a page's [`Job`], its path, the versions of a page across languages
//! ([`alternates`]), the file they hand back ([`OutputFile`]) and where it
//! goes ([`Sink`]).

pub mod alternates;
pub mod paging;

use crate::resolve::Site;
use crate::resolve::types::Link;
use serde::Serialize;

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// What a page shows; one job per output page. Public so the dev server
/// can decide, job by job, which pages a change makes stale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Job {
    /// `index.html`.
    Home,
    /// The creator directory.
    Creators,
    /// A profile: index into `Site::creators`.
    Creator(usize),
    /// The campaign index.
    Campaigns,
    /// A recap: index into `Site::campaigns`.
    Campaign(usize),
    /// The A–Z glossary.
    Glossary,
    /// A glossary term: index into `Site::terms`.
    Term(usize),
    /// A free page: index into `Site::pages`.
    Page(usize),
    /// A taxonomy's list page: index into `Site::taxonomies`.
    Taxonomy(usize),
    /// One value of a taxonomy: (taxonomy, term) indices.
    TaxonomyTerm(usize, usize),
    /// `404.html`.
    NotFound,
    /// Team builds only: the follow-up queue, `follow-ups/`.
    FollowUps,
    /// Team builds only: the pipeline board, `pipeline/`.
    Pipeline,
    /// Team builds only: cost figures compared, `costs/`.
    Costs,
    /// Team builds only: learnings by brand and objective, `learnings/`.
    Learnings,
    /// Page 2 and up of a paginated listing, `<listing>/page/<n>/`
    /// (page 1 is the listing's own job): see [`paging`].
    ListingPage(paging::Listing, usize),
}

/// Receives each finished file, which it owns (the dev server keeps the
/// bytes as they are); called from several threads at once.
pub type Sink<'a> = dyn Fn(&str, Vec<u8>) -> std::io::Result<()> + Sync + 'a;

/// A [`Sink`] that keeps every file in memory, in the order the threads
/// hand them in: `let sink = |p: &str, b| kept.put(p, b);`.
#[derive(Default)]
pub struct Collected(std::sync::Mutex<Vec<OutputFile>>);

impl Collected {
    /// Keeps `bytes` as the file at `path`.
    pub fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        if let Ok(mut v) = self.0.lock() {
            v.push(OutputFile {
                path: path.to_string(),
                bytes,
            });
        }
        Ok(())
    }

    /// The files kept, in no particular order.
    pub fn into_files(self) -> Vec<OutputFile> {
        self.0.into_inner().unwrap_or_default()
    }
}

/// Every page job of `site` (one language), in rendering order. A further
/// language's site has no page for entries it only lists as fallbacks.
pub fn jobs(site: &Site) -> Vec<Job> {
    let own = !site.is_translation();
    let mut jobs = vec![
        Job::Home,
        Job::Creators,
        Job::Campaigns,
        Job::Glossary,
        Job::NotFound,
    ];
    // Only team sites have them (public builds never compute them).
    if site.follow_ups.is_some() {
        jobs.push(Job::FollowUps);
    }
    if site.pipeline.is_some() {
        jobs.push(Job::Pipeline);
    }
    if site.costs.is_some() {
        jobs.push(Job::Costs);
    }
    if site.learnings.is_some() {
        jobs.push(Job::Learnings);
    }
    jobs.extend(paging::more_pages(site, paging::Listing::Creators));
    jobs.extend(paging::more_pages(site, paging::Listing::Campaigns));
    jobs.extend(paging::more_pages(site, paging::Listing::Glossary));
    let creators = site.creators.iter().map(|c| c.card.fallback.is_none());
    jobs.extend(pick(creators, own).map(Job::Creator));
    let campaigns = site.campaigns.iter().map(|c| c.card.fallback.is_none());
    jobs.extend(pick(campaigns, own).map(Job::Campaign));
    let terms = site.terms.iter().map(|t| t.fallback.is_none());
    jobs.extend(pick(terms, own).map(Job::Term));
    let pages = site.pages.iter().map(|p| !p.fallback);
    jobs.extend(pick(pages, own).map(Job::Page));
    for (t, tax) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::Taxonomy(t));
        for i in 0..tax.terms.len() {
            jobs.push(Job::TaxonomyTerm(t, i));
            jobs.extend(paging::more_pages(
                site,
                paging::Listing::TaxonomyTerm(t, i),
            ));
        }
    }
    jobs
}

/// Indices whose flag is set (or all of them when `all`).
fn pick(flags: impl Iterator<Item = bool>, all: bool) -> impl Iterator<Item = usize> {
    flags
        .enumerate()
        .filter_map(move |(i, f)| (all || f).then_some(i))
}

/// Output path of a job, without rendering it: `fr/creators/x/index.html`.
pub fn job_path(site: &Site, job: Job) -> String {
    match job {
        Job::NotFound => format!("{}404.html", site.info.prefix),
        _ => {
            let mut path = job_dir(site, job);
            path.push_str("index.html");
            path
        }
    }
}

/// The folder of a job's page under the output root, with the language's
/// folder: `fr/creators/x/` (`fr/` for the home page, `""` for the 404).
/// Made for every page on every rebuild: one allocation each.
pub fn job_dir(site: &Site, job: Job) -> String {
    let mut out = String::with_capacity(64);
    if matches!(job, Job::NotFound) {
        return out;
    }
    if let Job::ListingPage(listing, n) = job {
        return paging::page_dir(&job_dir(site, listing.job(1)), n);
    }
    out.push_str(&site.info.prefix);
    let (section, slug): (&str, &str) = match job {
        Job::Home | Job::NotFound | Job::ListingPage(..) => ("", ""),
        Job::Creators => ("creators", ""),
        Job::Campaigns => ("campaigns", ""),
        Job::Glossary => ("glossary", ""),
        Job::FollowUps => ("follow-ups", ""),
        Job::Pipeline => ("pipeline", ""),
        Job::Costs => ("costs", ""),
        Job::Learnings => ("learnings", ""),
        Job::Creator(i) => ("creators", &site.creators[i].card.slug),
        Job::Campaign(i) => ("campaigns", &site.campaigns[i].card.slug),
        Job::Term(i) => ("glossary", &site.terms[i].slug),
        Job::Page(i) => ("", &site.pages[i].slug),
        Job::Taxonomy(t) => (site.taxonomies[t].key, ""),
        Job::TaxonomyTerm(t, i) => (site.taxonomies[t].key, &site.taxonomies[t].terms[i].slug),
    };
    for part in [section, slug] {
        if !part.is_empty() {
            out.push_str(part);
            out.push('/');
        }
    }
    out
}

/// What `base.html` adds to a page's `<head>`, flattened into `page`;
/// made by the structured-data stage (`seo::head`).
#[derive(Debug, Default, Serialize)]
pub struct Head {
    /// The page's JSON-LD, script-safe: print it with `| safe` inside
    /// `<script type="application/ld+json">`. Empty for the 404 page.
    pub jsonld: String,
    /// Absolute URL of the page's image (portrait, key visual), for Open
    /// Graph and Twitter cards.
    pub image: Option<String>,
}

/// What the page shows about itself, as `render` computed it.
pub struct PageInfo<'a> {
    /// Absolute canonical URL.
    pub url: &'a str,
    /// Page title.
    pub title: &'a str,
    /// Meta description.
    pub description: &'a str,
    /// The visible breadcrumbs (the last one is the page, with no path).
    pub breadcrumbs: &'a [Link],
}

/// Makes a page's [`Head`]: `seo::head`, handed to render by the pipeline
/// so that render does not depend on seo.
pub type HeadFn = dyn Fn(&Site, Job, &PageInfo) -> Head + Sync;
