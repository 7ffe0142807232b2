//! The `/search/` page and the index script, emitted next to the page jobs.
//!
//! The search page is not a [`Job`](crate::plan::Job): it has no entry
//! behind it and no structured data, and keeping it out of the job list
//! keeps it out of the sitemap and the dev server's per-entry bookkeeping.
//! It is rendered, like the index, on every build and rebuild.

use crate::plan::OutputFile;
use crate::resolve::Site;
use crate::resolve::types::Link;
use serde::Serialize;

/// Output path of the search page.
pub const PAGE_PATH: &str = "search/index.html";

/// Template of the search page.
pub const TEMPLATE: &str = "search.html";

/// What `base.html` reads from `page`; the same fields the page jobs get.
#[derive(Serialize)]
struct PageMeta {
    kind: &'static str,
    title: String,
    description: String,
    canonical: String,
    breadcrumbs: Vec<Link>,
    alternates: Vec<crate::plan::alternates::Alt>,
    x_default: Option<String>,
    /// Empty: a results page has no structured data or image of its own.
    #[serde(flatten)]
    seo: crate::plan::Head,
}

/// The search page, rendered with `tera` (whose global context already
/// holds `site` and `taxonomies`).
pub fn render(
    site: &Site,
    tera: &tera::Tera,
    alternates: &crate::plan::alternates::Alternates,
) -> Result<OutputFile, tera::Error> {
    let info = &site.info;
    let l = &site.lang;
    let mut cx = tera::Context::new();
    let dir = format!("{}search/", info.prefix);
    let (alternates, x_default) = alternates.of(site, &dir);
    let count = |n: usize| l.locale.int(n as u64);
    let meta = PageMeta {
        kind: "search",
        title: l.t("section.search").to_string(),
        description: l.fmt(
            "describe.search",
            &[
                ("creators", &count(info.counts.creators)),
                ("campaigns", &count(info.counts.campaigns)),
                ("terms", &count(info.counts.terms)),
            ],
        ),
        canonical: format!("{}{dir}", info.base_url),
        breadcrumbs: vec![
            Link::nav(l.t("section.home"), info.nav.home.clone()),
            Link::nav(l.t("section.search"), ""),
        ],
        alternates,
        x_default,
        seo: crate::plan::Head::default(),
    };
    cx.insert("page", &meta);
    cx.insert("root", &"../".repeat(dir.matches('/').count()));
    cx.insert(
        "index_script",
        &format!("{}{}", info.prefix, super::INDEX_PATH),
    );
    let mut bytes = Vec::with_capacity(16 * 1024);
    tera.render_to(TEMPLATE, &cx, &mut bytes)?;
    Ok(OutputFile {
        path: format!("{}{PAGE_PATH}", info.prefix),
        bytes,
    })
}

/// The index of `site`, manifest first, with the entries `memo` has (dev
/// server).
pub fn index_files(site: &Site, memo: Option<&super::index::Memo>) -> Vec<OutputFile> {
    let dir = format!("{}search/", site.info.prefix);
    super::shards::files(&super::index::build(site, memo), &dir)
}

/// The search page and the index of `site` (with the entries `memo` has),
/// and the template error if the page could not be rendered (the pipeline
/// reports it like a page job's, and drops files a static file replaces).
pub fn files(
    site: &Site,
    tera: &tera::Tera,
    alternates: &crate::plan::alternates::Alternates,
    memo: Option<&super::index::Memo>,
) -> (Vec<OutputFile>, Option<tera::Error>) {
    let mut files = index_files(site, memo);
    match render(site, tera, alternates) {
        Ok(f) => {
            files.push(f);
            (files, None)
        }
        Err(e) => (files, Some(e)),
    }
}
