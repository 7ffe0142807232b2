//! The pipeline: calls each stage in order for a whole site.
//!
//! load → i18n → resolve → (render, search, seo) → output. Render, search
//! and seo never call each other: each takes the resolved [`Site`] and the
//! output plan ([`crate::plan`]) and returns files, and this module puts
//! them together (the dev server, `crate::serve`, does the same in its own
//! order). A static file of the same path replaces a generated site-wide
//! file (a hand-written `robots.txt`, a hand-made search page).

use crate::diag::{self, Diagnostics, Pos};
use crate::plan::{Collected, Job, OutputFile, Sink, alternates::Alternates};
use crate::progress::{Progress, Silent, Stage};
use crate::render::{self, Theme};
use crate::resolve::{self, Site};
use crate::{calendar, compliance, i18n, images, load, output, refs, search, seo, timing};
use std::path::Path;

/// A finished build in memory.
pub struct Built {
    /// Every output file, sorted by path.
    pub files: Vec<OutputFile>,
    /// Number of HTML pages.
    pub pages: usize,
}

/// What a streamed build produced.
pub struct Stats {
    /// Number of files written.
    pub files: usize,
    /// Number of HTML pages.
    pub pages: usize,
}

/// Loads and resolves the site and its theme; `None` on errors.
/// With `refs`, the links and images of every body are collected there
/// for `check`.
pub fn prepare(
    root: &Path,
    opts: &resolve::Options,
    diags: &mut Diagnostics,
    refs: Option<&mut refs::Refs>,
) -> Option<(Site, Theme)> {
    prepare_with(root, opts, diags, refs, &Silent)
}

/// [`prepare`], telling `progress` about the loading and resolving stages.
pub fn prepare_with(
    root: &Path,
    opts: &resolve::Options,
    diags: &mut Diagnostics,
    refs: Option<&mut refs::Refs>,
    progress: &dyn Progress,
) -> Option<(Site, Theme)> {
    let t = std::time::Instant::now();
    progress.start(Stage::Loading, None);
    let loaded = load::load(root, diags);
    timing("load", t);
    let entries = loaded.creators.len()
        + loaded.campaigns.len()
        + loaded.terms.len()
        + loaded.pages.len()
        + loaded.home.len();
    progress.finish(Stage::Loading, entries as u64);
    progress.start(Stage::Resolving, None);
    if let Some(refs) = refs {
        *refs = refs::collect(&loaded);
        // `check` only, like the references: disclosure and licence dates.
        let today = opts.today.unwrap_or_else(crate::model::Date::today_utc);
        compliance::lint(&loaded, today, diags);
    }
    let theme_name = loaded.config.as_ref().map(|c| c.theme.clone());
    let site = resolve_loaded(root, loaded, opts, diags);
    let theme = render::theme::load(root, theme_name.as_deref().unwrap_or("default"), diags);
    let (site, theme) = (site?, theme?);
    progress.finish(Stage::Resolving, page_count(&site) as u64);
    if diags.has_errors() {
        return None;
    }
    Some((site, theme))
}

/// The site's languages (`i18n`, with the built-in theme's strings), then
/// `resolve`: what `prepare` and `import` (on entries it has not written
/// yet) both do with loaded sources.
pub fn resolve_loaded(
    root: &Path,
    loaded: load::Loaded,
    opts: &resolve::Options,
    diags: &mut Diagnostics,
) -> Option<Site> {
    let langs = loaded
        .config
        .as_ref()
        .map(|c| i18n::load(root, c, render::theme::builtin_files(), diags))
        .unwrap_or_default();
    let t = std::time::Instant::now();
    let site = resolve::resolve(loaded, opts, &langs, diags);
    timing("resolve", t);
    site
}

/// Runs every stage but writing: loads, resolves and renders the site at
/// `root` into memory. Problems, including warnings, are collected in
/// `diags`; `None` when the site has errors.
pub fn build(root: &Path, opts: &resolve::Options, diags: &mut Diagnostics) -> Option<Built> {
    let (site, theme) = prepare(root, opts, diags, None)?;
    let files = render_to_memory(&site, &theme, root, diags);
    if diags.has_errors() {
        return None;
    }
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    Some(Built { files, pages })
}

/// The number of pages `site` renders, in every language.
fn page_count(site: &Site) -> usize {
    site.all().map(|s| crate::plan::jobs(s).len()).sum()
}

/// Builds the site at `root` into the folder `out`, streaming pages into a
/// staging folder that replaces `out` only when everything succeeded.
pub fn build_to_folder(
    root: &Path,
    opts: &resolve::Options,
    out: &Path,
    diags: &mut Diagnostics,
) -> Option<Stats> {
    build_to_folder_with(root, opts, out, diags, &Silent)
}

/// [`build_to_folder`], telling `progress` about each stage.
pub fn build_to_folder_with(
    root: &Path,
    opts: &resolve::Options,
    out: &Path,
    diags: &mut Diagnostics,
    progress: &dyn Progress,
) -> Option<Stats> {
    if let Err(msg) = output::check_target(root, out) {
        diags.error(&out.display().to_string(), diag::Pos::default(), msg);
        return None;
    }
    let (site, theme) = prepare_with(root, opts, diags, None, progress)?;
    let staging = match output::Staging::new(out) {
        Ok(s) => s,
        Err(e) => {
            diags.error(
                &out.display().to_string(),
                diag::Pos::default(),
                format!("cannot create the output folder: {e}"),
            );
            return None;
        }
    };
    let pages = std::sync::atomic::AtomicUsize::new(0);
    let sink = |path: &str, bytes: Vec<u8>| {
        if path.ends_with(".html") {
            pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        progress.advance(1);
        staging.write(path, &bytes)
    };
    let t = std::time::Instant::now();
    progress.start(Stage::Rendering, Some(expected_files(&site, &theme)));
    let files = render_all(&site, &theme, root, &sink, diags);
    progress.finish(Stage::Rendering, files as u64);
    timing("render+write", t);
    if diags.has_errors() {
        staging.abort();
        return None;
    }
    let t = std::time::Instant::now();
    // The exchange is one step: nothing to count until it is done.
    progress.start(Stage::Writing, None);
    let committed = staging.commit();
    progress.finish(Stage::Writing, files as u64);
    timing("commit", t);
    if let Err(e) = committed {
        diags.error(
            &out.display().to_string(),
            diag::Pos::default(),
            format!("cannot replace the output folder: {e}"),
        );
        return None;
    }
    Some(Stats {
        files,
        pages: pages.into_inner(),
    })
}

/// How many files rendering will hand to the sink, about: every page and
/// static file (site-wide files and search shards come on top).
fn expected_files(site: &Site, theme: &Theme) -> u64 {
    (page_count(site) + theme.statics.len()) as u64
}

/// Loads, resolves and renders without keeping or writing anything: `check`.
pub fn check(root: &Path, opts: &resolve::Options, diags: &mut Diagnostics) -> Option<Stats> {
    check_with(root, opts, diags, &Silent)
}

/// [`check`], telling `progress` about each stage (nothing is written).
pub fn check_with(
    root: &Path,
    opts: &resolve::Options,
    diags: &mut Diagnostics,
    progress: &dyn Progress,
) -> Option<Stats> {
    let mut refs = refs::Refs::default();
    let (site, theme) = prepare_with(root, opts, diags, Some(&mut refs), progress)?;
    let pages = std::sync::atomic::AtomicUsize::new(0);
    // Every page's structured data is validated as it is rendered.
    let structured = seo::validate::Checker::new(&site);
    // Every output path, for the links and images the bodies point at.
    let written = std::sync::Mutex::new(crate::fasthash::HashSet::default());
    let sink = |path: &str, bytes: Vec<u8>| {
        if path.ends_with(".html") {
            pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            structured.page(path, &bytes);
        }
        if let Ok(mut w) = written.lock() {
            w.insert(path.to_string());
        }
        progress.advance(1);
        Ok(())
    };
    progress.start(Stage::Rendering, Some(expected_files(&site, &theme)));
    let files = render_all(&site, &theme, root, &sink, diags);
    progress.finish(Stage::Rendering, files as u64);
    structured.finish(diags);
    let written = written.into_inner().unwrap_or_default();
    refs.check(
        &|p: &str| written.contains(p) || theme.statics.contains_key(p),
        diags,
    );
    if diags.has_errors() {
        return None;
    }
    Some(Stats {
        files,
        pages: pages.into_inner(),
    })
}

/// Every output of the site into `sink`: the pages and static files, the
/// search page and index, and the site-wide files. Returns the number of
/// files; problems go to `diags`.
pub fn render_all(
    site: &Site,
    theme: &Theme,
    root: &Path,
    sink: &Sink,
    diags: &mut Diagnostics,
) -> usize {
    let all = |_: usize, _: Job| true;
    render::render_pages(site, theme, root, &seo::head, sink, diags, &all)
        + image_files(site, theme, root, sink, diags)
        + search_files(site, theme, root, sink, diags, None)
        + site_files(site, theme, sink, diags)
}

/// The resized copies of the site's local images (`images`), with the
/// cache in `root`; a static file of the same path wins. Returns their
/// number.
pub fn image_files(
    site: &Site,
    theme: &Theme,
    root: &Path,
    sink: &Sink,
    diags: &mut Diagnostics,
) -> usize {
    let t = std::time::Instant::now();
    let made = images::process(site, &theme.statics, Some(root), diags);
    timing("images", t);
    write_generated(made.files, theme, sink, diags)
}

/// The search page and its index script of every language. Like
/// [`site_files`] they depend on every page: the dev server makes them
/// right after publishing the pages, with a `memo` of search entries.
pub fn search_files(
    site: &Site,
    theme: &Theme,
    root: &Path,
    sink: &Sink,
    diags: &mut Diagnostics,
    memo: Option<&search::index::Memo>,
) -> usize {
    let alternates = Alternates::new(site);
    let mut files = Vec::new();
    for s in site.all() {
        let tera = render::language_tera(s, theme);
        let (made, failed) = search::page::files(s, &tera, &alternates, memo);
        if let Some(e) = failed {
            let template = search::page::TEMPLATE;
            render::theme::report(root, &theme.name, template, &theme.local, &e, diags);
        }
        files.extend(made);
    }
    if let Some(m) = memo {
        m.retain(site);
    }
    write_generated(files, theme, sink, diags)
}

/// The site-wide files built from every page: sitemap, robots.txt, feed,
/// llms.txt, data exports, the listings' filter data
/// (`render::listing_data`), and in team builds `calendar.ics`. Returns
/// their number.
pub fn site_files(site: &Site, theme: &Theme, sink: &Sink, diags: &mut Diagnostics) -> usize {
    let mut files = seo::files(site);
    if site.info.team {
        files.extend(calendar::files(site, site.today));
    }
    // The data the listings' filters read in the browser.
    match render::listing_data::files(site, theme) {
        Ok(data) => files.extend(data),
        Err(e) => diags.error(
            "templates/partials",
            Pos::default(),
            format!("cannot render the listings' rows: {e}"),
        ),
    }
    write_generated(files, theme, sink, diags)
}

/// Writes generated site-wide files into `sink`, but those a static file
/// of the same path replaces; returns how many were written.
fn write_generated(
    files: Vec<OutputFile>,
    theme: &Theme,
    sink: &Sink,
    diags: &mut Diagnostics,
) -> usize {
    let mut count = 0;
    for f in files {
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

/// Renders into memory, sorted by path: for tests and the dev server.
pub fn render_to_memory(
    site: &Site,
    theme: &Theme,
    root: &Path,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let kept = Collected::default();
    render_all(site, theme, root, &|p, b| kept.put(p, b), diags);
    let mut files = kept.into_files();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}
