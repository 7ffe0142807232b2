//! Stage 3: the resolved site → pages in memory.
//!
//! Every page is an independent job rendered in parallel from data that is
//! already resolved; nothing here scans all creators or campaigns per page.

pub mod charts;
pub mod directory;
pub mod theme;

use crate::diag::{Diagnostics, Pos};
use crate::resolve::Site;
use crate::resolve::types::{CampaignCard, Link, Term};
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
pub use theme::Theme;

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
}

/// Page metadata every template receives as `page`.
#[derive(Serialize)]
struct PageMeta<'a> {
    kind: &'static str,
    title: &'a str,
    description: &'a str,
    canonical: String,
    breadcrumbs: Vec<Link>,
    /// `jsonld` and `image`: structured data and the social image.
    #[serde(flatten)]
    seo: crate::seo::Head,
}

/// A taxonomy as the navigation shows it.
#[derive(Serialize)]
struct TaxonomyLink<'a> {
    key: &'static str,
    title: &'static str,
    singular: &'static str,
    path: &'a str,
}

#[derive(Serialize)]
struct Letter<'a> {
    letter: &'a str,
    terms: Vec<&'a Term>,
}

#[derive(Serialize)]
struct Count {
    value: &'static str,
    label: &'static str,
    count: usize,
}

/// Receives each finished file; called from several threads at once.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> std::io::Result<()> + Sync + 'a;

/// Renders every page and the static files into `sink`, in parallel.
/// Returns the number of files; problems go to `diags`.
pub fn render(
    site: &Site,
    theme: &Theme,
    root: &Path,
    sink: &Sink,
    diags: &mut Diagnostics,
) -> usize {
    render_selected(site, theme, root, sink, diags, &|_| true)
}

/// Every page job of `site`, in rendering order.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::Creators,
        Job::Campaigns,
        Job::Glossary,
        Job::NotFound,
    ];
    jobs.extend((0..site.creators.len()).map(Job::Creator));
    jobs.extend((0..site.campaigns.len()).map(Job::Campaign));
    jobs.extend((0..site.terms.len()).map(Job::Term));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    for (t, tax) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::Taxonomy(t));
        jobs.extend((0..tax.terms.len()).map(|i| Job::TaxonomyTerm(t, i)));
    }
    jobs
}

/// [`render`], but page jobs for which `want` is false are skipped (the dev
/// server keeps their previous bytes); everything else — static files,
/// checks, other outputs — runs as in a full build.
pub fn render_selected(
    site: &Site,
    theme: &Theme,
    root: &Path,
    sink: &Sink,
    diags: &mut Diagnostics,
    want: &(dyn Fn(Job) -> bool + Sync),
) -> usize {
    render_pages(site, theme, root, sink, diags, want)
        + search_files(site, theme, root, sink, diags)
        + site_files(site, theme, sink, diags)
}

/// The theme's templates with the global context every page gets.
fn page_tera(site: &Site, theme: &Theme) -> tera::Tera {
    let mut tera = theme.tera.clone();
    let taxonomies: Vec<TaxonomyLink> = site
        .taxonomies
        .iter()
        .map(|t| TaxonomyLink {
            key: t.key,
            title: t.title,
            singular: t.singular,
            path: &t.path,
        })
        .collect();
    tera.global_context().insert("site", &site.info);
    tera.global_context().insert("taxonomies", &taxonomies);
    tera
}

/// The search page and its index script (not page jobs: see search::page).
/// Like [`site_files`] they depend on every page: the dev server makes
/// them right after publishing the pages.
pub fn search_files(
    site: &Site,
    theme: &Theme,
    root: &Path,
    sink: &Sink,
    diags: &mut Diagnostics,
) -> usize {
    crate::search::page::emit(site, &page_tera(site, theme), root, theme, sink, diags)
}

/// The site-wide files built from every page: sitemap, robots.txt, feed,
/// llms.txt, data exports. Returns their number.
pub fn site_files(site: &Site, theme: &Theme, sink: &Sink, diags: &mut Diagnostics) -> usize {
    let mut count = 0;
    // Sitemap, robots.txt, feed, llms.txt, data exports; a static file of
    // the same path (a hand-written robots.txt) replaces the generated one.
    for f in crate::seo::files(site, &jobs(site)) {
        if theme.statics.contains_key(&f.path) {
            continue;
        }
        if let Err(e) = sink(&f.path, &f.bytes) {
            diags.error(&f.path, Pos::default(), format!("cannot write: {e}"));
        }
        count += 1;
    }
    count
}

/// [`render_selected`] without [`search_files`] and [`site_files`]: the dev
/// server publishes pages first and the site-wide files right after.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    root: &Path,
    sink: &Sink,
    diags: &mut Diagnostics,
    want: &(dyn Fn(Job) -> bool + Sync),
) -> usize {
    let jobs = jobs(site);
    let selected: Vec<Job> = jobs.iter().copied().filter(|j| want(*j)).collect();
    let tera = page_tera(site, theme);
    let home_extra = HomeData::new(site);
    // Only listing pages read the shared cards; a rebuild of a few profiles
    // should not pay for converting thousands of them.
    let cards = if selected
        .iter()
        .any(|j| matches!(j, Job::Creators | Job::Campaigns | Job::TaxonomyTerm(..)))
    {
        Cards::new(site)
    } else {
        Cards {
            creators: Vec::new(),
            campaigns: Vec::new(),
        }
    };

    let mut page_paths = std::collections::HashSet::new();
    let failures: Vec<Failure> = selected
        .par_iter()
        .filter_map(
            |job| match render_job(site, &tera, &home_extra, &cards, *job) {
                Ok(f) => sink(&f.path, &f.bytes)
                    .err()
                    .map(|e| Failure::Write(f.path, e)),
                Err((template, e)) => Some(Failure::Template(template, e)),
            },
        )
        .collect();
    for f in failures {
        match f {
            Failure::Template(template, e) => {
                theme::report(root, &theme.name, &template, &theme.local, &e, diags)
            }
            Failure::Write(path, e) => {
                diags.error(&path, Pos::default(), format!("cannot write: {e}"))
            }
        }
    }
    for job in &jobs {
        page_paths.insert(job_path(site, *job));
    }
    let mut count = jobs.len();
    for (path, bytes) in &theme.statics {
        if page_paths.contains(path) {
            diags.warning(
                &format!("static/{path}"),
                Pos::default(),
                "a static file has the same path as a generated page; the page wins",
            );
            continue;
        }
        if let Err(e) = sink(path, bytes) {
            diags.error(
                &format!("static/{path}"),
                Pos::default(),
                format!("cannot write: {e}"),
            );
        }
        count += 1;
    }
    count
}

/// Renders into memory, sorted by path: for tests and the dev server.
pub fn render_to_memory(
    site: &Site,
    theme: &Theme,
    root: &Path,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let files = std::sync::Mutex::new(Vec::new());
    let sink = |path: &str, bytes: &[u8]| {
        if let Ok(mut v) = files.lock() {
            v.push(OutputFile {
                path: path.to_string(),
                bytes: bytes.to_vec(),
            });
        }
        Ok(())
    };
    render(site, theme, root, &sink, diags);
    let mut files = files.into_inner().unwrap_or_default();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

enum Failure {
    Template(String, tera::Error),
    Write(String, std::io::Error),
}

/// Creator and campaign cards converted to template values once: listing
/// pages (directory, taxonomy terms) share them instead of serializing the
/// same card again for every page it appears on. Tera values are
/// reference-counted, so sharing is a pointer copy.
struct Cards {
    creators: Vec<tera::Value>,
    campaigns: Vec<tera::Value>,
}

impl Cards {
    fn new(site: &Site) -> Cards {
        Cards {
            creators: site
                .creators
                .par_iter()
                .map(|c| tera::Value::from_serializable(&c.card))
                .collect(),
            campaigns: site
                .campaigns
                .par_iter()
                .map(|c| tera::Value::from_serializable(&c.card))
                .collect(),
        }
    }

    fn pick(all: &[tera::Value], indices: &[usize]) -> tera::Value {
        tera::Value::from(
            indices
                .iter()
                .filter_map(|&i| all.get(i).cloned())
                .collect::<Vec<_>>(),
        )
    }
}

/// Home page data computed once.
struct HomeData<'a> {
    latest: Vec<&'a CampaignCard>,
    highlights: Vec<&'a Term>,
    stages: Vec<Count>,
    pipeline: Vec<Count>,
}

impl<'a> HomeData<'a> {
    fn new(site: &'a Site) -> Self {
        use crate::model::{CreatorStatus, Stage};
        let latest = site.campaigns.iter().take(6).map(|c| &c.card).collect();
        // Terms with a FAQ first: they answer the questions prospects ask.
        let mut highlights: Vec<&Term> = site.terms.iter().filter(|t| !t.faq.is_empty()).collect();
        highlights.extend(site.terms.iter().filter(|t| t.faq.is_empty()));
        highlights.truncate(6);
        let stages = Stage::ALL
            .iter()
            .map(|s| Count {
                value: s.as_str(),
                label: crate::resolve::labels::stage_label(*s),
                count: site
                    .campaigns
                    .iter()
                    .filter(|c| c.card.stage.as_ref().is_some_and(|x| x.value == s.as_str()))
                    .count(),
            })
            .filter(|c| c.count > 0)
            .collect();
        let pipeline = if site.info.team {
            CreatorStatus::ALL
                .iter()
                .map(|s| Count {
                    value: s.as_str(),
                    label: crate::resolve::labels::status_label(*s),
                    count: site
                        .creators
                        .iter()
                        .filter(|c| c.status_raw == Some(*s))
                        .count(),
                })
                .collect()
        } else {
            Vec::new()
        };
        HomeData {
            latest,
            highlights,
            stages,
            pipeline,
        }
    }
}

/// The page template a job renders (keep in step with `render_job`): the
/// dev server re-renders only the jobs whose template changed.
pub fn job_template(job: Job) -> &'static str {
    match job {
        Job::Home => "home.html",
        Job::Creators => "creators.html",
        Job::Creator(_) => "creator.html",
        Job::Campaigns => "campaigns.html",
        Job::Campaign(_) => "campaign.html",
        Job::Glossary => "glossary.html",
        Job::Term(_) => "term.html",
        Job::Page(_) => "page.html",
        Job::Taxonomy(_) => "taxonomy.html",
        Job::TaxonomyTerm(..) => "taxonomy_term.html",
        Job::NotFound => "404.html",
    }
}

/// Output path of a job, without rendering it.
pub fn job_path(site: &Site, job: Job) -> String {
    match job {
        Job::Home => "index.html".into(),
        Job::Creators => "creators/index.html".into(),
        Job::Campaigns => "campaigns/index.html".into(),
        Job::Glossary => "glossary/index.html".into(),
        Job::NotFound => "404.html".into(),
        Job::Creator(i) => format!("creators/{}/index.html", site.creators[i].card.slug),
        Job::Campaign(i) => format!("campaigns/{}/index.html", site.campaigns[i].card.slug),
        Job::Term(i) => format!("glossary/{}/index.html", site.terms[i].slug),
        Job::Page(i) => format!("{}/index.html", site.pages[i].slug),
        Job::Taxonomy(t) => format!("{}/index.html", site.taxonomies[t].key),
        Job::TaxonomyTerm(t, i) => format!(
            "{}/{}/index.html",
            site.taxonomies[t].key, site.taxonomies[t].terms[i].slug
        ),
    }
}

fn render_job(
    site: &Site,
    tera: &tera::Tera,
    home: &HomeData,
    cards: &Cards,
    job: Job,
) -> Result<OutputFile, (String, tera::Error)> {
    let mut cx = tera::Context::new();
    let crumbs_home = Link::nav("Home", site.info.nav.home.clone());
    let crumb = |name: &str, path: &str| Link::nav(name, path);
    let here = |name: &str| Link::nav(name, "");
    let info = &site.info;
    let (template, dir, kind, title, description, breadcrumbs): (
        &str,
        String,
        &str,
        String,
        String,
        Vec<Link>,
    ) = match job {
        Job::Home => {
            cx.insert("intro", &site.home);
            cx.insert("roster", &site.roster);
            cx.insert("latest_campaigns", &home.latest);
            cx.insert("highlights", &home.highlights);
            cx.insert("stages", &home.stages);
            cx.insert("pipeline", &home.pipeline);
            let title = if site.home.title.is_empty() {
                info.title.clone()
            } else {
                site.home.title.clone()
            };
            let desc = if site.home.description.is_empty() {
                info.description.clone()
            } else {
                site.home.description.clone()
            };
            (
                "home.html",
                String::new(),
                "home",
                title,
                desc,
                vec![here("Home")],
            )
        }
        Job::Creators => {
            cx.insert_value("creators", tera::Value::from(cards.creators.clone()));
            (
                "creators.html",
                "creators/".into(),
                "creators",
                "Creators".into(),
                format!(
                    "{} creators: networks, audiences, niches and campaign history.",
                    site.creators.len()
                ),
                vec![crumbs_home, here("Creators")],
            )
        }
        Job::Creator(i) => {
            let c = &site.creators[i];
            cx.insert("creator", c);
            let desc = if c.card.summary.is_empty() {
                format!("{} — creator profile", c.card.name)
            } else {
                c.card.summary.clone()
            };
            (
                "creator.html",
                format!("creators/{}/", c.card.slug),
                "creator",
                c.card.name.clone(),
                desc,
                vec![
                    crumbs_home,
                    crumb("Creators", &info.nav.creators),
                    here(&c.card.name),
                ],
            )
        }
        Job::Campaigns => {
            cx.insert_value("campaigns", tera::Value::from(cards.campaigns.clone()));
            (
                "campaigns.html",
                "campaigns/".into(),
                "campaigns",
                "Campaigns".into(),
                format!(
                    "{} campaign recaps: objectives, creators, results and learnings.",
                    site.campaigns.len()
                ),
                vec![crumbs_home, here("Campaigns")],
            )
        }
        Job::Campaign(i) => {
            let c = &site.campaigns[i];
            cx.insert("campaign", c);
            let desc = if c.card.summary.is_empty() {
                format!(
                    "{} for {} — campaign recap",
                    c.card.title, c.card.brand.name
                )
            } else {
                c.card.summary.clone()
            };
            (
                "campaign.html",
                format!("campaigns/{}/", c.card.slug),
                "campaign",
                c.card.title.clone(),
                desc,
                vec![
                    crumbs_home,
                    crumb("Campaigns", &info.nav.campaigns),
                    here(&c.card.title),
                ],
            )
        }
        Job::Glossary => {
            let mut letters: Vec<Letter> = Vec::new();
            for t in &site.terms {
                match letters.last_mut() {
                    Some(l) if l.letter == t.letter => l.terms.push(t),
                    _ => letters.push(Letter {
                        letter: &t.letter,
                        terms: vec![t],
                    }),
                }
            }
            cx.insert("letters", &letters);
            (
                "glossary.html",
                "glossary/".into(),
                "glossary",
                "Glossary".into(),
                format!(
                    "{} terms of influencer marketing, defined by practitioners.",
                    site.terms.len()
                ),
                vec![crumbs_home, here("Glossary")],
            )
        }
        Job::Term(i) => {
            let t = &site.terms[i];
            cx.insert("term", t);
            (
                "term.html",
                format!("glossary/{}/", t.slug),
                "term",
                t.term.clone(),
                t.definition.clone(),
                vec![
                    crumbs_home,
                    crumb("Glossary", &info.nav.glossary),
                    here(&t.term),
                ],
            )
        }
        Job::Page(i) => {
            let p = &site.pages[i];
            cx.insert("entry", p);
            (
                "page.html",
                format!("{}/", p.slug),
                "page",
                p.title.clone(),
                p.description.clone(),
                vec![crumbs_home, here(&p.title)],
            )
        }
        Job::Taxonomy(t) => {
            let tax = &site.taxonomies[t];
            cx.insert("taxonomy", tax);
            (
                "taxonomy.html",
                format!("{}/", tax.key),
                "taxonomy",
                tax.title.to_string(),
                format!("{} in the creator knowledge base.", tax.title),
                vec![crumbs_home, here(tax.title)],
            )
        }
        Job::TaxonomyTerm(t, i) => {
            let tax = &site.taxonomies[t];
            let term = &tax.terms[i];
            cx.insert("taxonomy", tax);
            cx.insert("term", term);
            cx.insert_value("creators", Cards::pick(&cards.creators, &term.creators));
            cx.insert_value("campaigns", Cards::pick(&cards.campaigns, &term.campaigns));
            (
                "taxonomy_term.html",
                format!("{}/{}/", tax.key, term.slug),
                "taxonomy_term",
                format!("{}: {}", tax.singular, term.name),
                format!(
                    "Creators and campaigns for {} {}.",
                    tax.singular.to_lowercase(),
                    term.name
                ),
                vec![crumbs_home, crumb(tax.title, &tax.path), here(&term.name)],
            )
        }
        Job::NotFound => (
            "404.html",
            String::new(),
            "404",
            "Page not found".into(),
            "This page does not exist.".into(),
            vec![crumbs_home, here("Not found")],
        ),
    };
    let out_path = if matches!(job, Job::NotFound) {
        "404.html".to_string()
    } else {
        format!("{dir}index.html")
    };
    // The 404 page is served at any depth, so it links from the site's absolute root path.
    let root = if matches!(job, Job::NotFound) {
        absolute_root_path(&info.base_url)
    } else {
        "../".repeat(dir.matches('/').count()).to_string()
    };
    let root = if root.is_empty() {
        "./".to_string()
    } else {
        root
    };
    let canonical = if matches!(job, Job::NotFound) {
        format!("{}404.html", info.base_url)
    } else {
        format!("{}{dir}", info.base_url)
    };
    let seo = crate::seo::head(site, job, &canonical, &title, &description, &breadcrumbs);
    let meta = PageMeta {
        kind,
        title: &title,
        description: &description,
        canonical,
        breadcrumbs,
        seo,
    };
    cx.insert("page", &meta);
    cx.insert("root", &root);
    // Issue 5: inline SVG charts and the directory filters' data.
    charts::insert(site, job, &mut cx);
    directory::insert(site, job, &mut cx);
    // Sized for a typical page so the buffer rarely grows (and copies).
    let mut bytes = Vec::with_capacity(32 * 1024);
    match tera.render_to(template, &cx, &mut bytes) {
        Ok(()) => Ok(OutputFile {
            path: out_path,
            bytes,
        }),
        Err(e) => Err((template.to_string(), e)),
    }
}

/// `https://x.com/sub/` → `/sub/`.
fn absolute_root_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}
