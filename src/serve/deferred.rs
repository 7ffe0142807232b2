//! Pages rendered after the reload: the second half of
//! `Rebuilder::rebuild_for`.
//!
//! A rebuild renders the stale pages open in a browser, publishes them
//! and sends the reload; the other stale pages (typically the directory
//! and the listing pages of a creator's niches and networks, megabytes
//! each) come right after, from `Rebuilder::finish_deferred`. Until
//! then they are missing from the published files, and the server holds
//! requests for them rather than answer from the previous build.

use super::pages::PageKey;
use crate::fasthash::{HashMap, HashSet};
use std::sync::Arc;

/// The stale pages a rebuild left for later.
#[derive(Default)]
pub struct Deferred {
    /// The pages, as (language, job).
    pub keys: HashSet<PageKey>,
    /// Output path → the last good build's bytes (`None` for a new page):
    /// what is served again if rendering fails.
    pub old: HashMap<String, Option<Arc<Vec<u8>>>>,
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
