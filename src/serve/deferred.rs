//! Pages rendered after the reload: the second half of
//! [`Rebuilder::rebuild_for`].
//!
//! A rebuild renders the stale pages open in a browser, publishes them
//! and sends the reload; the other stale pages (typically the directory
//! and the listing pages of a creator's niches and networks, megabytes
//! each) come right after, from [`Rebuilder::finish_deferred`]. Until
//! then they are missing from the published files, and the server holds
//! requests for them rather than answer from the previous build.

use super::incremental::{Files, Outcome, Rebuilder};
use super::pages::PageKey;
use crate::diag::Diagnostics;
use crate::fasthash::{HashMap, HashSet};
use crate::plan::Job;
use crate::render;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// The stale pages a rebuild left for later.
#[derive(Default)]
pub struct Deferred {
    keys: HashSet<PageKey>,
    /// Output path → the last good build's bytes (`None` for a new page):
    /// what is served again if rendering fails.
    old: HashMap<String, Option<Arc<Vec<u8>>>>,
}

impl Deferred {
    /// Leaves the page `key` at `path` for later.
    pub fn add(&mut self, key: PageKey, path: &str, old: Option<&Arc<Vec<u8>>>) {
        self.keys.insert(key);
        self.old.insert(path.to_string(), old.cloned());
    }

    /// Whether the page at output path `path` is left for later.
    pub fn contains(&self, path: &str) -> bool {
        self.old.contains_key(path)
    }

    /// Number of pages left for later.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no page is left for later.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl Rebuilder {
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
        let written: Mutex<Vec<(String, Vec<u8>)>> = Mutex::new(Vec::new());
        let sink = |path: &str, bytes: Vec<u8>| {
            // Static files are written again on every render: only the
            // deferred pages are wanted.
            if deferred.contains(path)
                && let Ok(mut w) = written.lock()
            {
                w.push((path.to_string(), bytes));
            }
            Ok(())
        };
        let mut diags = Diagnostics::new();
        let want = |lang: usize, job: Job| deferred.keys.contains(&(lang, job));
        render::render_pages(
            &site,
            &theme.theme,
            &self.root,
            &crate::seo::head,
            &sink,
            &mut diags,
            &want,
        );
        crate::timing("serve: deferred pages", start);
        let mut files: Files = (*self.out).clone();
        let ok = !diags.has_errors();
        if ok {
            for (path, bytes) in written.into_inner().unwrap_or_default() {
                files.insert(path, Arc::new(bytes));
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
}
