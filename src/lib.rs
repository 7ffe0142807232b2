//! creatorkb: a static-site generator for creator knowledge bases.
//!
//! The build is a chain of stages, each a module with a small typed
//! interface (see ARCHITECTURE.md):
//! [`load`] files → entries, [`resolve`] entries → site, [`render`] site →
//! pages in memory, [`output`] pages → folder.

pub mod diag;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod resolve;
pub mod scaffold;
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

/// Runs every stage but writing: loads, resolves and renders the site at `root`.
/// Problems, including warnings, are collected in `diags`; `None` when the
/// site has errors.
pub fn build(root: &Path, opts: &resolve::Options, diags: &mut Diagnostics) -> Option<Built> {
    let loaded = load::load(root, diags);
    let theme_name = loaded.config.as_ref().map(|c| c.theme.clone());
    let site = resolve::resolve(loaded, opts, diags);
    let theme = render::theme::load(root, theme_name.as_deref().unwrap_or("default"), diags);
    let (site, theme) = (site?, theme?);
    if diags.has_errors() {
        return None;
    }
    let files = render::render(&site, &theme, root, diags);
    if diags.has_errors() {
        return None;
    }
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    Some(Built { files, pages })
}
