//! The `/search/` page and the index script, emitted next to the page jobs.
//!
//! The search page is not a [`Job`](crate::render::Job): it has no entry
//! behind it and no structured data, and keeping it out of the job list
//! keeps it out of the sitemap and the dev server's per-entry bookkeeping.
//! It is rendered, like the index, on every build and rebuild.

use crate::render::OutputFile;
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
    alternates: Vec<crate::render::alternates::Alt>,
    x_default: Option<String>,
    /// Empty: a results page has no structured data or image of its own.
    #[serde(flatten)]
    seo: crate::seo::Head,
}

/// The search page, rendered with `tera` (whose global context already
/// holds `site` and `taxonomies`).
pub fn render(
    site: &Site,
    tera: &tera::Tera,
    alternates: &crate::render::alternates::Alternates,
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
        seo: crate::seo::Head::default(),
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

/// The index script of `site`, with the entries `memo` has (dev server).
pub fn index_file(site: &Site, memo: Option<&super::index::Memo>) -> OutputFile {
    OutputFile {
        path: format!("{}{}", site.info.prefix, super::INDEX_PATH),
        bytes: super::index::build(site, memo).to_script().into_bytes(),
    }
}

/// The search page and the index of `site` (with the entries `memo` has),
/// without those a static file replaces (a hand-made search page).
/// Template errors go to `diags` like a page job's.
pub fn files(
    site: &Site,
    tera: &tera::Tera,
    alternates: &crate::render::alternates::Alternates,
    root: &std::path::Path,
    theme: &crate::render::Theme,
    diags: &mut crate::diag::Diagnostics,
    memo: Option<&super::index::Memo>,
) -> Vec<OutputFile> {
    let mut files = vec![index_file(site, memo)];
    match render(site, tera, alternates) {
        Ok(f) => files.push(f),
        Err(e) => {
            crate::render::theme::report(root, &theme.name, TEMPLATE, &theme.local, &e, diags)
        }
    }
    files.retain(|f| !theme.statics.contains_key(&f.path));
    files
}
