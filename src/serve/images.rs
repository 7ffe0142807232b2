//! The resized copies of images in the dev server: made like a build makes
//! them (`pipeline::image_files`, with the same disk cache), and reused
//! from the last good build while neither the static files nor the set of
//! images shown changed, so an edit to a text does not read every copy
//! back from the cache.

use super::incremental::CachedTheme;
use super::server::Files;
use crate::diag::Diagnostics;
use crate::images::variants::ImageSet;
use crate::plan::Collected;
use crate::resolve::Site;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// What the last good build's copies were made from.
#[derive(Default)]
pub(super) struct ImageMemo {
    /// The theme (static files included) and the images shown; holding the
    /// theme keeps its address from being reused by a later one.
    last: Option<(Arc<CachedTheme>, BTreeMap<String, ImageSet>)>,
}

impl ImageMemo {
    /// Puts the copies of `site`'s images into `files`: those of `out`
    /// (the last good build) when nothing they depend on changed, else
    /// freshly made. Call [`ImageMemo::keep`] once the build succeeded.
    pub(super) fn publish(
        &self,
        site: &Site,
        theme: &Arc<CachedTheme>,
        root: &Path,
        out: &Files,
        files: &mut Files,
        diags: &mut Diagnostics,
    ) -> BTreeMap<String, ImageSet> {
        let wanted = crate::images::requests(site);
        if let Some((t, last)) = &self.last
            && Arc::ptr_eq(t, theme)
            && *last == wanted
        {
            for set in wanted.values() {
                for (_, sized) in set.variants() {
                    if let Some(b) = out.get(&sized.path) {
                        files.insert(sized.path.clone(), b.clone());
                    }
                }
            }
            return wanted;
        }
        let kept = Collected::default();
        let sink = |path: &str, bytes: Vec<u8>| kept.put(path, bytes);
        crate::pipeline::image_files(site, &theme.theme, root, &sink, diags);
        for f in kept.into_files() {
            files.insert(f.path, Arc::new(f.bytes));
        }
        wanted
    }

    /// Remembers what the copies just published were made from.
    pub(super) fn keep(&mut self, theme: &Arc<CachedTheme>, wanted: BTreeMap<String, ImageSet>) {
        self.last = Some((theme.clone(), wanted));
    }

    /// Forgets them (after a failed build).
    pub(super) fn forget(&mut self) {
        self.last = None;
    }
}
