//! Incremental rebuilds for the dev server: the same site as a full build,
//! byte for byte, for a fraction of the work.
//!
//! A rebuild runs every stage, but each one skips what cannot have changed:
//!
//! - **load**: parsed files are cached; only files the watcher reported (or,
//!   after a rescan, whose size or mtime changed) are read again. The folder
//!   is walked again only when a file may have appeared or disappeared
//!   (see `serve/sources.rs`).
//! - **resolve**: runs on all the cached parses (cross-references,
//!   figures and taxonomies depend on every entry), but rendered Markdown
//!   bodies ([`crate::cache::markdown`]) and views whose inputs are unchanged
//!   ([`crate::resolve::memo`]) come from memos. When the only change is
//!   the body of entries whose front matter is byte-identical, resolve is
//!   skipped altogether (see `serve/fastpath.rs`).
//! - **render**: every page gets a fingerprint of everything its template
//!   can see ([`super::pages`]; views shared with the last site keep
//!   theirs). Only pages whose fingerprint changed are rendered; the others
//!   keep their previous bytes, which a full render would reproduce exactly
//!   since rendering is deterministic. Big creator tables reuse the rows
//!   of unchanged creators ([`crate::render::rows`]).
//!
//! Pages and static files are published first ([`Rebuilder::rebuild`]);
//! the site-wide files (sitemap, feed, exports), which depend on every
//! page, right after ([`Rebuilder::site_files_job`]). The server holds requests
//! for anything missing in between, so nothing stale is ever served.
//!
//! The theme (templates and static files) is reloaded only when something
//! under `themes/`, `static/` or `site.yaml` changed; when nothing else
//! changed, load and resolve are skipped (they never read those folders).

use super::fingerprint::Fp;
use super::pages::{self, ViewFps};
use super::sources::{Sources, replay};
pub use super::watch::Changes;
use crate::cache::markdown::MdCache;
use crate::diag::{Diagnostic, Diagnostics};
use crate::fasthash::{HashMap, HashMapExt, HashSet, HashSetExt};
use crate::load;
use crate::plan::{Collected, Job};
use crate::render::{self, Theme};
use crate::resolve::memo::ViewMemo;
use crate::resolve::{self, Options, Site};
use crate::timing;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use super::server::Files;

/// The result of one rebuild.
pub struct Outcome {
    /// The build succeeded; otherwise the last good site is still served.
    pub ok: bool,
    /// Every problem found, sorted (warnings too).
    pub problems: Vec<Diagnostic>,
    /// Pages and static files whose bytes changed, appeared or disappeared.
    pub changed: Vec<String>,
    /// Number of pages rendered (the others were reused).
    pub rendered: usize,
    /// Number of pages in the site.
    pub pages: usize,
    /// Time spent, up to the pages being ready (the pages open in a
    /// browser, when the others were deferred).
    pub elapsed: Duration,
    /// Pages left for [`Rebuilder::finish_deferred`].
    pub deferred: usize,
    /// Only bodies changed, and load and resolve were skipped.
    pub body_only: bool,
    /// Only templates or static files changed, and load and resolve were skipped.
    pub theme_only: bool,
}

/// The theme of the last good build, with its template fingerprints.
pub(super) struct CachedTheme {
    name: String,
    pub(super) theme: Theme,
    /// Page template name → fingerprint of everything it can include.
    pub(super) templates: HashMap<&'static str, Fp>,
}

/// Keeps everything a rebuild can reuse.
pub struct Rebuilder {
    pub(super) root: PathBuf,
    pub(super) opts: Options,
    /// Parsed content files.
    pub(super) sources: Sources,
    pub(super) md: MdCache,
    /// Views of the last builds (see `resolve::memo`).
    pub(super) views: ViewMemo,
    pub(super) theme: Option<Arc<CachedTheme>>,
    /// `unsafe_html` of the last good build's `site.yaml`.
    pub(super) unsafe_html: bool,
    /// The last good build's site and view fingerprints; `None` after a
    /// failed build, which sends the next rebuild down the full path.
    pub(super) site: Option<(Arc<Site>, ViewFps)>,
    /// Problems of the last good build (warnings only).
    pub(super) last_problems: Vec<Diagnostic>,
    /// Fingerprint of each page of the last good build, by output path.
    pub(super) pages: HashMap<String, Fp>,
    /// Pages and static files of the last good build; without the
    /// deferred pages until they are rendered.
    pub(super) out: Arc<Files>,
    /// The stale pages of the last build left for later.
    pub(super) deferred: Option<super::deferred::Deferred>,
    /// Search entries of the last site-files jobs.
    search: Arc<crate::search::index::Memo>,
    /// What the last good build's image copies were made from.
    images: super::images::ImageMemo,
}

/// Makes the site-wide files of one build, on any thread: see
/// [`Rebuilder::site_files_job`].
pub struct SiteFilesJob {
    site: Arc<Site>,
    theme: Arc<CachedTheme>,
    root: PathBuf,
    out: Arc<Files>,
    search: Arc<crate::search::index::Memo>,
}

impl SiteFilesJob {
    /// The complete set of files (pages, static files and site-wide files),
    /// or the problems that make the build fail (a search template error).
    pub fn run(self) -> Result<Arc<Files>, Vec<Diagnostic>> {
        let t = Instant::now();
        // Work on a copy and let go of the shared site at once: the next
        // body-only rebuild can then update it in place instead of copying
        // it on the critical path (this job takes seconds on a big site).
        let site: Site = (*self.site).clone();
        drop(self.site);
        let kept = Collected::default();
        let sink = |path: &str, bytes: Vec<u8>| kept.put(path, bytes);
        let mut diags = Diagnostics::new();
        let theme = &self.theme.theme;
        crate::pipeline::search_files(
            &site,
            theme,
            &self.root,
            &sink,
            &mut diags,
            Some(&self.search),
        );
        crate::pipeline::site_files(&site, theme, &sink, &mut diags);
        if diags.has_errors() {
            return Err(diags.into_sorted());
        }
        let mut all: Files = (*self.out).clone();
        for f in kept.into_files() {
            all.insert(f.path, Arc::new(f.bytes));
        }
        timing("serve: site files", t);
        Ok(Arc::new(all))
    }
}

impl Rebuilder {
    /// A rebuilder for the site at `root`; nothing is read until [`Rebuilder::rebuild`].
    pub fn new(root: &Path, opts: Options) -> Self {
        Rebuilder {
            root: root.to_path_buf(),
            sources: Sources::new(root, opts.audience == resolve::Audience::Public),
            opts,
            md: MdCache::new(),
            views: ViewMemo::new(),
            theme: None,
            unsafe_html: false,
            site: None,
            last_problems: Vec::new(),
            pages: HashMap::new(),
            out: Arc::new(Files::new()),
            deferred: None,
            search: Arc::default(),
            images: Default::default(),
        }
    }

    /// Pages and static files of the last good build (no site-wide files).
    pub fn pages_and_statics(&self) -> Arc<Files> {
        self.out.clone()
    }

    /// Brings pages and static files up to date with the disk. The first
    /// call builds everything.
    pub fn rebuild(&mut self, changes: &Changes) -> Outcome {
        self.rebuild_for(changes, None)
    }

    /// [`Rebuilder::rebuild`], rendering only the stale pages among
    /// `open` (output paths, such as `creators/lea/index.html`): the
    /// others are left out of [`Rebuilder::pages_and_statics`] until
    /// [`Rebuilder::finish_deferred`]. `None` renders every page.
    ///
    /// A writer looks at one page while a creator edit touches the
    /// directory and a dozen listing pages of thousands of rows each: the
    /// page in view reloads first, the listings follow.
    pub fn rebuild_for(&mut self, changes: &Changes, open: Option<HashSet<String>>) -> Outcome {
        let open = open.as_ref();
        let start = Instant::now();
        let changes = &self.with_translations(changes);
        if let Some(outcome) = self.try_body_only(changes, open, start) {
            return outcome;
        }
        if let Some(outcome) = self.try_theme_only(changes, open, start) {
            return outcome;
        }
        let outcome = self.full(changes, open, start);
        // After the pages, not during: the copy would compete for cores.
        self.sources.prepare_spare();
        outcome
    }

    /// The work left to complete the last good build: the search page and
    /// index, sitemap, robots.txt, feed, llms.txt and exports, which all
    /// depend on every page. `None` when the last build failed.
    pub fn site_files_job(&self) -> Option<SiteFilesJob> {
        let (site, _) = self.site.as_ref()?;
        Some(SiteFilesJob {
            site: site.clone(),
            theme: self.theme.clone()?,
            root: self.root.clone(),
            out: self.out.clone(),
            search: self.search.clone(),
        })
    }

    /// Renders the pages the last [`Rebuilder::rebuild_for`] left for
    /// later and adds them to [`Rebuilder::pages_and_statics`]; `None`
    /// when it left none. A template error here fails the build like any
    /// other: those pages keep their last good version, and the next
    /// rebuild starts from scratch.
    pub fn finish_deferred(&mut self) -> Option<Outcome> {
        let deferred = self.deferred.take()?;
        let start = Instant::now();
        let site = self.site.as_ref()?.0.clone();
        let theme = self.theme.clone()?;
        let kept = Collected::default();
        let sink = |path: &str, bytes: Vec<u8>| {
            // Static files are written again on every render: only the
            // deferred pages are wanted.
            if deferred.contains(path) {
                kept.put(path, bytes)?;
            }
            Ok(())
        };
        let mut diags = Diagnostics::new();
        let want = |lang: usize, job: Job| deferred.keys.contains(&(lang, job));
        self.render_pages(&site, &theme.theme, &sink, &mut diags, &want);
        crate::timing("serve: deferred pages", start);
        let mut files: Files = (*self.out).clone();
        let ok = !diags.has_errors();
        if ok {
            for f in kept.into_files() {
                files.insert(f.path, Arc::new(f.bytes));
            }
        } else {
            for (path, old) in &deferred.old {
                // Stale for the next rebuild, whatever its fingerprint says.
                self.pages.remove(path);
                if let Some(old) = old {
                    files.insert(path.clone(), old.clone());
                }
            }
            self.site = None;
        }
        self.out = Arc::new(files);
        Some(Outcome {
            ok,
            // The warnings went out with the first half.
            problems: if ok { Vec::new() } else { diags.into_sorted() },
            // Nobody shows these pages: no reload is sent for them.
            changed: Vec::new(),
            rendered: deferred.len(),
            pages: self.pages.len(),
            elapsed: start.elapsed(),
            body_only: false,
            theme_only: false,
            deferred: 0,
        })
    }

    /// Every file of the last good build, as `build` makes them (runs
    /// [`SiteFilesJob`] on this thread): for tests and tools.
    pub fn files(&self) -> Result<Arc<Files>, Vec<Diagnostic>> {
        match self.site_files_job() {
            Some(job) => job.run(),
            None => Err(Vec::new()),
        }
    }

    /// `changes` plus the translations of every changed file: a
    /// translation is parsed together with its original, whose keys it
    /// inherits, so it is stale when the original changed.
    fn with_translations(&self, changes: &Changes) -> Changes {
        let mut out = changes.clone();
        for p in &changes.paths {
            let (Some(dir), Some(stem)) = (p.parent(), p.file_stem().and_then(|s| s.to_str()))
            else {
                continue;
            };
            let prefix = format!("{stem}.");
            out.paths.extend(
                self.sources
                    .paths()
                    .filter(|f| f.parent() == Some(dir) && *f != p)
                    .filter(|f| {
                        f.file_name()
                            .and_then(|n| n.to_str())
                            .and_then(|n| n.strip_prefix(&prefix)?.strip_suffix(".md"))
                            .is_some_and(crate::load::is_language_code)
                    })
                    .cloned(),
            );
        }
        out
    }

    /// Only templates or static files changed: load and resolve read
    /// neither (only `site.yaml` and `content/`), so the last site stands;
    /// reload the theme and re-render the pages whose templates changed.
    fn try_theme_only(
        &mut self,
        changes: &Changes,
        open: Option<&HashSet<String>>,
        start: Instant,
    ) -> Option<Outcome> {
        let (themes, statics) = (self.root.join("themes"), self.root.join("static"));
        let theme_only = !changes.rescan
            && !changes.paths.is_empty()
            && changes
                .paths
                .iter()
                .all(|p| p.starts_with(&themes) || p.starts_with(&statics))
            // Interface strings feed resolve (labels, figures): not theme-only.
            && !changes
                .paths
                .iter()
                .any(|p| p.components().any(|c| c.as_os_str() == "i18n"));
        if !theme_only {
            return None;
        }
        let name = self.theme.as_ref().map(|t| t.name.clone())?;
        let (site, views) = self.site.take()?;
        let mut diags = Diagnostics::new();
        // Problems of loading and resolving stand; those about static
        // files come again from rendering, as they are now.
        for d in self
            .last_problems
            .iter()
            .filter(|d| !d.path.starts_with("static/"))
        {
            replay(d, &mut diags);
        }
        self.refresh_theme(changes, &name, &mut diags);
        if self.theme.is_none() || diags.has_errors() {
            return Some(self.failed(diags, start));
        }
        let mut outcome = self.render_and_publish(site, views, diags, open, start);
        outcome.theme_only = outcome.ok;
        Some(outcome)
    }

    /// Every stage, with the caches.
    fn full(
        &mut self,
        changes: &Changes,
        open: Option<&HashSet<String>>,
        start: Instant,
    ) -> Outcome {
        let mut diags = Diagnostics::new();
        let t = Instant::now();
        self.sources.refresh(changes);
        timing("serve: load: refresh", t);
        let config = load::load_site_config(&self.root, &mut diags);
        timing("serve: load: config", t);
        let theme_name = config
            .as_ref()
            .map_or_else(|| "default".to_string(), |c| c.theme.clone());
        let unsafe_html = config.as_ref().is_some_and(|c| c.unsafe_html);
        let cloned = self.sources.parses(&mut diags);
        timing("serve: load: copies", t);
        let langs = config
            .as_ref()
            .map(|c| crate::i18n::load(&self.root, c, render::theme::builtin_files(), &mut diags))
            .unwrap_or_default();
        timing("serve: load: i18n", t);
        let loaded = load::assemble(config, cloned);
        timing("serve: load", t);
        let t = Instant::now();
        let site = resolve::resolve_cached(
            loaded,
            &self.opts,
            &langs,
            Some(resolve::Caches {
                md: &self.md,
                views: &self.views,
            }),
            &mut diags,
        );
        if site.is_some() {
            self.md.finish();
            self.views.finish();
        }
        timing("serve: resolve", t);
        self.refresh_theme(changes, &theme_name, &mut diags);
        let Some(site) = site else {
            return self.failed(diags, start);
        };
        if self.theme.is_none() || diags.has_errors() {
            return self.failed(diags, start);
        }
        self.unsafe_html = unsafe_html;
        let t = Instant::now();
        // The last site is still alive here, so the addresses of its views
        // (shared with the new site where resolve reused them) are unique.
        let views = ViewFps::reusing(&site, self.site.as_ref().map(|(s, v)| (s.as_ref(), v)));
        timing("serve: fingerprints", t);
        self.render_and_publish(Arc::new(site), views, diags, open, start)
    }

    /// Renders the pages whose fingerprint changed, then makes the result
    /// the last good build (or reports the failure). Stale pages outside
    /// `open` (when given) are left for [`Rebuilder::finish_deferred`].
    pub(super) fn render_and_publish(
        &mut self,
        site: Arc<Site>,
        views: ViewFps,
        mut diags: Diagnostics,
        open: Option<&HashSet<String>>,
        start: Instant,
    ) -> Outcome {
        let Some(theme) = self.theme.as_ref() else {
            return self.failed(diags, start);
        };
        let t = Instant::now();
        let fps = pages::page_fingerprints(&site, &views, &theme.templates);
        timing("serve: page fingerprints", t);
        // Deferred pages not rendered yet are missing from `out`: stale.
        self.deferred = None;
        let mut stale: HashSet<pages::PageKey> = HashSet::new();
        let mut later: HashSet<pages::PageKey> = HashSet::new();
        for (key, path, fp) in &fps {
            if self.pages.get(path) == Some(fp) && self.out.contains_key(path) {
                continue;
            }
            let in_view = open.is_none_or(|open| open.contains(path));
            if in_view {
                stale.insert(*key);
            } else {
                later.insert(*key);
            }
        }
        let kept = Collected::default();
        let sink = |path: &str, bytes: Vec<u8>| kept.put(path, bytes);
        let want = |lang: usize, job: Job| stale.contains(&(lang, job));
        self.render_pages(&site, &theme.theme, &sink, &mut diags, &want);
        timing("serve: render", t);
        let mut files = Files::with_capacity(self.out.len() + 16);
        let theme = theme.clone();
        let images = self
            .images
            .publish(&site, &theme, &self.root, &self.out, &mut files, &mut diags);
        if diags.has_errors() {
            return self.failed(diags, start);
        }
        self.images.keep(&theme, images);
        for f in kept.into_files() {
            files.insert(f.path, Arc::new(f.bytes));
        }
        let mut page_fps = HashMap::with_capacity(fps.len());
        let mut deferred = super::deferred::Deferred::default();
        for (key, path, fp) in fps.iter() {
            if later.contains(key) {
                deferred.add(*key, path, self.out.get(path));
            } else if !files.contains_key(path)
                && let Some(old) = self.out.get(path)
            {
                files.insert(path.clone(), old.clone());
            }
            page_fps.insert(path.clone(), *fp);
        }
        let mut changed: Vec<String> = files
            .iter()
            // Reused pages share their buffer with the last build: comparing
            // pointers first keeps this from reading every page.
            .filter(|(p, b)| {
                self.out
                    .get(*p)
                    .is_none_or(|old| !Arc::ptr_eq(old, b) && old != *b)
            })
            .map(|(p, _)| p.clone())
            .collect();
        // Gone from `files`, and not because they are left for later.
        changed.extend(
            self.out
                .keys()
                .filter(|p| !files.contains_key(*p) && !deferred.contains(p))
                .cloned(),
        );
        changed.sort();
        let problems = diags.into_sorted();
        let search_pages = search_pages(&site, &theme.theme);
        self.out = Arc::new(files);
        self.pages = page_fps;
        self.site = Some((site, views));
        self.last_problems = problems.clone();
        let outcome = Outcome {
            ok: true,
            problems,
            changed,
            rendered: stale.len(),
            // The search pages come with the site-wide files, after this
            // outcome; `build` counts them, so count them here too.
            pages: fps.len() + search_pages,
            elapsed: start.elapsed(),
            body_only: false,
            theme_only: false,
            deferred: deferred.len(),
        };
        self.deferred = (!deferred.is_empty()).then_some(deferred);
        outcome
    }

    /// Renders the pages `want` selects, as a build renders them.
    fn render_pages(
        &self,
        site: &Site,
        theme: &Theme,
        sink: &crate::plan::Sink,
        diags: &mut Diagnostics,
        want: &(dyn Fn(usize, Job) -> bool + Sync),
    ) {
        render::render_pages(
            site,
            theme,
            &self.root,
            &crate::seo::head,
            sink,
            diags,
            want,
        );
    }

    pub(super) fn failed(&mut self, diags: Diagnostics, start: Instant) -> Outcome {
        // The cached site no longer matches the disk: the next rebuild
        // must take the full path.
        self.site = None;
        self.images.forget();
        Outcome {
            ok: false,
            problems: diags.into_sorted(),
            changed: Vec::new(),
            rendered: 0,
            pages: self.pages.len(),
            elapsed: start.elapsed(),
            body_only: false,
            theme_only: false,
            deferred: 0,
        }
    }

    /// Reloads templates and static files when they may have changed.
    fn refresh_theme(&mut self, changes: &Changes, name: &str, diags: &mut Diagnostics) {
        let touches_theme = changes.rescan
            || changes.paths.iter().any(|p| {
                p.starts_with(self.root.join("themes"))
                    || p.starts_with(self.root.join("static"))
                    || *p == self.root
            });
        // Templates and static files do not come from `site.yaml` (only
        // the theme's name does); remembered rows that show its settings
        // are not reused (see `render::rows::globals`).
        let current = self.theme.as_ref().is_some_and(|t| t.name == name);
        if current && !touches_theme {
            return;
        }
        let t = Instant::now();
        self.theme = render::theme::load(&self.root, name, diags).map(|mut theme| {
            theme.rows = render::rows::RowCache::keeping();
            Arc::new(CachedTheme {
                name: name.to_string(),
                templates: pages::template_fingerprints(&self.root, name),
                theme,
            })
        });
        timing("serve: theme", t);
    }
}

/// Number of search pages (`search/index.html`, one per language) the
/// site-wide files will hold: those a static file does not replace.
fn search_pages(site: &Site, theme: &Theme) -> usize {
    site.all()
        .filter(|s| {
            let path = format!("{}{}", s.info.prefix, crate::search::page::PAGE_PATH);
            !theme.statics.contains_key(&path)
        })
        .count()
}
