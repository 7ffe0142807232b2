//! Stage 3: the resolved site → pages in memory.
//!
//! Every page is an independent job rendered in parallel from data that is
//! already resolved; nothing here scans all creators or campaigns per page.

pub mod charts;
pub mod directory;
mod embeds;
pub mod listing_data;
mod page;
pub mod pagination;
pub mod rows;
pub mod theme;

use crate::diag::{Diagnostics, Pos};
use crate::plan::{HeadFn, Job, Sink, alternates, job_path, jobs};
use crate::resolve::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
pub use theme::Theme;

/// A taxonomy as the navigation shows it.
#[derive(Serialize)]
struct TaxonomyLink<'a> {
    key: &'static str,
    title: &'a str,
    singular: &'a str,
    path: &'a str,
}

/// The theme's templates with the global context every page of `site`'s
/// language gets: `site`, `taxonomies`, the strings `t` and the `date` and
/// `grouped` filters.
pub fn language_tera(site: &Site, theme: &Theme) -> tera::Tera {
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

/// Renders the page jobs of every language for which `want(language, job)`
/// is true, and the static files, into `sink` in parallel; returns the
/// number of files. `language` is 0 for the default language, then the
/// index in `site.translations` plus one (the dev server skips pages whose
/// inputs did not change). `head` makes each page's structured data.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    root: &Path,
    head: &HeadFn,
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
            let shared = |selected: &[Job]| page::Shared {
                theme,
                tera: language_tera(s, theme),
                home: page::HomeData::new(s),
                cards: Cards::for_jobs(s, &theme.rows, selected),
                alternates: &alternates,
                head,
                listings: Default::default(),
                embeds: Default::default(),
            };
            render_jobs(s, root, sink, &mut d, &jobs, &|j| want(n, j), shared);
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

/// Renders `jobs` of one language's site in parallel into `sink`; what
/// the pages share is made by `shared` from the selected jobs, only when
/// there is one.
fn render_jobs<'a>(
    site: &Site,
    root: &Path,
    sink: &Sink,
    diags: &mut Diagnostics,
    jobs: &[Job],
    want: &(dyn Fn(Job) -> bool + Sync),
    shared: impl FnOnce(&[Job]) -> page::Shared<'a>,
) {
    let selected: Vec<Job> = jobs.iter().copied().filter(|j| want(*j)).collect();
    if selected.is_empty() {
        return;
    }
    let shared = shared(&selected);
    let failures: Vec<Failure> = selected
        .par_iter()
        .filter_map(|job| match page::render_job(site, &shared, *job) {
            Ok(f) => sink(&f.path, f.bytes)
                .err()
                .map(|e| Failure::Write(f.path, e)),
            Err((template, e)) => Some(Failure::Template(template, e)),
        })
        .collect();
    let theme = shared.theme;
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
    /// The cards `jobs` need: only listing pages read them, and a rebuild
    /// of a few profiles should not pay for converting thousands.
    fn for_jobs(site: &Site, memo: &rows::RowCache, jobs: &[Job]) -> Cards {
        let listing = |j: &Job| {
            matches!(
                j,
                Job::Creators | Job::Campaigns | Job::TaxonomyTerm(..) | Job::ListingPage(..)
            )
        };
        if !jobs.iter().any(listing) {
            return Cards {
                creators: Vec::new(),
                campaigns: Vec::new(),
                globals: 0,
            };
        }
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

/// The page template a job renders (`render_job` uses it, and its name
/// without `.html` is `page.kind`): the
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
        Job::FollowUps => "follow_ups.html",
        Job::Pipeline => "pipeline.html",
        Job::ListingPage(listing, _) => job_template(listing.job(1)),
        Job::Costs => "costs.html",
        Job::Learnings => "learnings.html",
    }
}
