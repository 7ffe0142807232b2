//! creatorkb: a static-site generator for creator knowledge bases.
//!
//! The build is a chain of stages, each a module with a small typed
//! interface (see ARCHITECTURE.md):
//! [`load`] files → entries, [`resolve`] entries → site, [`render`] site →
//! pages in memory, [`output`] pages → folder.

pub mod byview;
pub mod diag;
pub mod fasthash;
pub mod generations;
pub mod i18n;
pub mod load;
pub mod markdown;
pub mod mdcache;
pub mod model;
pub mod output;
pub mod refs;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod seo;
pub mod serve;
pub mod text;

use diag::Diagnostics;
use std::path::Path;

/// A finished build in memory.
pub struct Built {
    /// Every output file, sorted by path.
    pub files: Vec<render::OutputFile>,
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

/// Prints how long a stage took when `CREATORKB_TIMINGS` is set (every
/// stage, `build` and `serve` alike).
pub(crate) fn timing(stage: &str, since: std::time::Instant) {
    if std::env::var_os("CREATORKB_TIMINGS").is_some() {
        eprintln!(
            "timing: {stage} {:.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}

/// Loads and resolves the site and its theme; `None` on errors.
fn prepare(
    root: &Path,
    opts: &resolve::Options,
    diags: &mut Diagnostics,
    refs: Option<&mut refs::Refs>,
) -> Option<(resolve::Site, render::Theme)> {
    let t = std::time::Instant::now();
    let loaded = load::load(root, diags);
    timing("load", t);
    if let Some(refs) = refs {
        *refs = refs::collect(&loaded);
    }
    let theme_name = loaded.config.as_ref().map(|c| c.theme.clone());
    let langs = loaded
        .config
        .as_ref()
        .map(|c| i18n::load(root, c, diags))
        .unwrap_or_default();
    let t = std::time::Instant::now();
    let site = resolve::resolve(loaded, opts, &langs, diags);
    timing("resolve", t);
    let theme = render::theme::load(root, theme_name.as_deref().unwrap_or("default"), diags);
    let (site, theme) = (site?, theme?);
    if diags.has_errors() {
        return None;
    }
    Some((site, theme))
}

/// Runs every stage but writing: loads, resolves and renders the site at
/// `root` into memory. Problems, including warnings, are collected in
/// `diags`; `None` when the site has errors.
pub fn build(root: &Path, opts: &resolve::Options, diags: &mut Diagnostics) -> Option<Built> {
    let (site, theme) = prepare(root, opts, diags, None)?;
    let files = render::render_to_memory(&site, &theme, root, diags);
    if diags.has_errors() {
        return None;
    }
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    Some(Built { files, pages })
}

/// Builds the site at `root` into the folder `out`, streaming pages into a
/// staging folder that replaces `out` only when everything succeeded.
pub fn build_to_folder(
    root: &Path,
    opts: &resolve::Options,
    out: &Path,
    diags: &mut Diagnostics,
) -> Option<Stats> {
    let (site, theme) = prepare(root, opts, diags, None)?;
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
        staging.write(path, &bytes)
    };
    let t = std::time::Instant::now();
    let files = render::render(&site, &theme, root, &sink, diags);
    timing("render+write", t);
    if diags.has_errors() {
        staging.abort();
        return None;
    }
    let t = std::time::Instant::now();
    let committed = staging.commit();
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

/// Loads, resolves and renders without keeping or writing anything: `check`.
pub fn check(root: &Path, opts: &resolve::Options, diags: &mut Diagnostics) -> Option<Stats> {
    let mut refs = refs::Refs::default();
    let (site, theme) = prepare(root, opts, diags, Some(&mut refs))?;
    let pages = std::sync::atomic::AtomicUsize::new(0);
    // Every page's structured data is validated as it is rendered.
    let structured = seo::validate::Checker::new(&site);
    // Every output path, for the links and images the bodies point at.
    let written = std::sync::Mutex::new(fasthash::HashSet::default());
    let sink = |path: &str, bytes: Vec<u8>| {
        if path.ends_with(".html") {
            pages.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            structured.page(path, &bytes);
        }
        if let Ok(mut w) = written.lock() {
            w.insert(path.to_string());
        }
        Ok(())
    };
    let files = render::render(&site, &theme, root, &sink, diags);
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
