//! Stage 3: the resolved site → pages in memory.
//!
//! Every page is an independent job rendered in parallel from data that is
//! already resolved; nothing here scans all creators or campaigns per page.

pub mod alternates;
pub mod charts;
pub mod directory;
mod page;
pub mod rows;
pub mod theme;

use crate::diag::{Diagnostics, Pos};
use crate::resolve::Site;
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

/// A taxonomy as the navigation shows it.
#[derive(Serialize)]
struct TaxonomyLink<'a> {
    key: &'static str,
    title: &'a str,
    singular: &'a str,
    path: &'a str,
}

/// Receives each finished file, which it owns (the dev server keeps the
/// bytes as they are); called from several threads at once.
pub type Sink<'a> = dyn Fn(&str, Vec<u8>) -> std::io::Result<()> + Sync + 'a;

/// Renders every page and the static files into `sink`, in parallel.
/// Returns the number of files; problems go to `diags`.
pub fn render(
    site: &Site,
    theme: &Theme,
    root: &Path,
    sink: &Sink,
    diags: &mut Diagnostics,
) -> usize {
    render_selected(site, theme, root, sink, diags, &|_, _| true)
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
        jobs.extend((0..tax.terms.len()).map(|i| Job::TaxonomyTerm(t, i)));
    }
    jobs
}

/// Indices whose flag is set (or all of them when `all`).
fn pick(flags: impl Iterator<Item = bool>, all: bool) -> impl Iterator<Item = usize> {
    flags
        .enumerate()
        .filter_map(move |(i, f)| (all || f).then_some(i))
}

/// [`render`], but page jobs for which `want(language, job)` is false are
/// skipped (the dev server keeps their previous bytes); `language` is 0 for
/// the default language, then the index in `site.translations` plus one.
/// Everything else — static files, checks, other outputs — runs as in a
/// full build.
pub fn render_selected(
    site: &Site,
    theme: &Theme,
    root: &Path,
    sink: &Sink,
    diags: &mut Diagnostics,
    want: &(dyn Fn(usize, Job) -> bool + Sync),
) -> usize {
    render_pages(site, theme, root, sink, diags, want)
        + search_files(site, theme, root, sink, diags, None)
        + site_files(site, theme, sink, diags)
}

/// The theme's templates with the global context every page of `site`'s
/// language gets: `site`, `taxonomies`, the strings `t` and the `date` and
/// `grouped` filters.
fn page_tera(site: &Site, theme: &Theme) -> tera::Tera {
    let mut tera = theme.tera.clone();
    tera.global_context().insert("t", site.lang.strings());
    let locale = site.lang.locale.clone();
    tera.register_filter("date", move |v: &str, _: tera::Kwargs, _: &tera::State| {
        locale.date(v)
    });
    // A count as the language groups it (`5,871` / `5 871`), so counts
    // written by templates read like those the generator writes.
    let locale = site.lang.locale.clone();
    tera.register_filter(
        "grouped",
        move |v: i64, _: tera::Kwargs, _: &tera::State| {
            let n = locale.int(v.unsigned_abs());
            if v < 0 { format!("-{n}") } else { n }
        },
    );
    let taxonomies: Vec<TaxonomyLink> = site
        .taxonomies
        .iter()
        .map(|t| TaxonomyLink {
            key: t.key,
            title: &t.title,
            singular: &t.singular,
            path: &t.path,
        })
        .collect();
    tera.global_context().insert("site", &site.info);
    tera.global_context().insert("taxonomies", &taxonomies);
    tera
}

/// The search page and its index script (not page jobs: see search::page).
/// Like [`site_files`] they depend on every page: the dev server makes
/// them right after publishing the pages, with a `memo` of search entries.
pub fn search_files(
    site: &Site,
    theme: &Theme,
    root: &Path,
    sink: &Sink,
    diags: &mut Diagnostics,
    memo: Option<&crate::search::index::Memo>,
) -> usize {
    let alternates = alternates::Alternates::new(site);
    let mut count = 0;
    for s in site.all() {
        let tera = page_tera(s, theme);
        for f in crate::search::page::files(s, &tera, &alternates, root, theme, diags, memo) {
            if let Err(e) = sink(&f.path, f.bytes) {
                diags.error(&f.path, Pos::default(), format!("cannot write: {e}"));
            }
            count += 1;
        }
    }
    if let Some(m) = memo {
        m.retain(site);
    }
    count
}

/// The site-wide files built from every page: sitemap, robots.txt, feed,
/// llms.txt, data exports. Returns their number.
pub fn site_files(site: &Site, theme: &Theme, sink: &Sink, diags: &mut Diagnostics) -> usize {
    let mut count = 0;
    // Sitemap, robots.txt, feed, llms.txt, data exports; a static file of
    // the same path (a hand-written robots.txt) replaces the generated one.
    for f in crate::seo::files(site) {
        if theme.statics.contains_key(&f.path) {
            continue;
        }
        if let Err(e) = sink(&f.path, f.bytes) {
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
    want: &(dyn Fn(usize, Job) -> bool + Sync),
) -> usize {
    let alternates = alternates::Alternates::new(site);
    let mut count = 0;
    let sites: Vec<&Site> = site.all().collect();
    let all_jobs: Vec<Vec<Job>> = sites.iter().map(|s| jobs(s)).collect();
    // A small rebuild renders languages side by side: each has a few big
    // listing pages, which then share the cores instead of waiting for each
    // other. A full render keeps the cores busy with one language at a time
    // and would only hold two languages' pages in memory at once.
    let selected: usize = all_jobs
        .iter()
        .enumerate()
        .map(|(n, js)| js.iter().filter(|j| want(n, **j)).count())
        .sum();
    let per_task = if selected < SIDE_BY_SIDE_BELOW {
        1
    } else {
        usize::MAX
    };
    let done: Vec<(Vec<Job>, Diagnostics)> = sites
        .par_iter()
        .zip(all_jobs)
        .with_min_len(per_task)
        .enumerate()
        .map(|(n, (s, jobs))| {
            let mut d = Diagnostics::new();
            render_jobs(
                s,
                theme,
                root,
                sink,
                &mut d,
                &jobs,
                &|j| want(n, j),
                &alternates,
            );
            (jobs, d)
        })
        .collect();
    // Pages are `index.html` files and `404.html`: only static files of
    // those names can collide with one (most sites have none).
    let may_collide = |p: &str| {
        p.rsplit('/')
            .next()
            .is_some_and(|name| name == "index.html" || name == "404.html")
    };
    let check = theme.statics.keys().any(|p| may_collide(p));
    let mut page_paths = crate::fasthash::HashSet::default();
    for (s, (jobs, d)) in sites.iter().zip(done) {
        diags.extend(d);
        if check {
            page_paths.extend(jobs.iter().map(|j| job_path(s, *j)));
        }
        count += jobs.len();
    }
    theme.rows.retain(site);
    for (path, bytes) in &theme.statics {
        if check && page_paths.contains(path) {
            diags.warning(
                &format!("static/{path}"),
                Pos::default(),
                "a static file has the same path as a generated page; the page wins",
            );
            continue;
        }
        if let Err(e) = sink(path, bytes.clone()) {
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

/// Below this many pages to render, languages are rendered side by side.
const SIDE_BY_SIDE_BELOW: usize = 2_000;

/// Renders `jobs` of one language's site in parallel into `sink`.
#[allow(clippy::too_many_arguments)]
fn render_jobs(
    site: &Site,
    theme: &Theme,
    root: &Path,
    sink: &Sink,
    diags: &mut Diagnostics,
    jobs: &[Job],
    want: &(dyn Fn(Job) -> bool + Sync),
    alternates: &alternates::Alternates,
) {
    let selected: Vec<Job> = jobs.iter().copied().filter(|j| want(*j)).collect();
    if selected.is_empty() {
        return;
    }
    let tera = page_tera(site, theme);
    let home_extra = page::HomeData::new(site);
    // Only listing pages read the shared cards; a rebuild of a few profiles
    // should not pay for converting thousands of them.
    let cards = if selected
        .iter()
        .any(|j| matches!(j, Job::Creators | Job::Campaigns | Job::TaxonomyTerm(..)))
    {
        Cards::new(site, &theme.rows)
    } else {
        Cards {
            creators: Vec::new(),
            campaigns: Vec::new(),
            globals: 0,
        }
    };
    let failures: Vec<Failure> = selected
        .par_iter()
        .filter_map(|job| {
            match page::render_job(site, theme, &tera, &home_extra, &cards, alternates, *job) {
                Ok(f) => sink(&f.path, f.bytes)
                    .err()
                    .map(|e| Failure::Write(f.path, e)),
                Err((template, e)) => Some(Failure::Template(template, e)),
            }
        })
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
}

/// Renders into memory, sorted by path: for tests and the dev server.
pub fn render_to_memory(
    site: &Site,
    theme: &Theme,
    root: &Path,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let files = std::sync::Mutex::new(Vec::new());
    let sink = |path: &str, bytes: Vec<u8>| {
        if let Ok(mut v) = files.lock() {
            v.push(OutputFile {
                path: path.to_string(),
                bytes,
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
    /// [`rows::globals`] of the site, for its creator tables (computed
    /// once per language: it hashes every interface string).
    globals: u128,
}

impl Cards {
    fn new(site: &Site, memo: &rows::RowCache) -> Cards {
        Cards {
            creators: memo.creator_cards(&site.creators),
            campaigns: memo.campaign_cards(&site.campaigns),
            globals: rows::globals(site),
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
    out.push_str(&site.info.prefix);
    let (section, slug): (&str, &str) = match job {
        Job::Home | Job::NotFound => ("", ""),
        Job::Creators => ("creators", ""),
        Job::Campaigns => ("campaigns", ""),
        Job::Glossary => ("glossary", ""),
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
