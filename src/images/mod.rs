//! The image stage: the resized copies of the local images the resolved
//! site shows (portraits, key visuals), as output files.
//!
//! `resolve` gives each view an [`variants::ImageSet`] (names and sizes,
//! from the `image:` path alone); this stage makes the files those names
//! promise, from the sources in `static/` (already read with the theme).
//! Only images of entries in the site are processed, so a hidden
//! creator's portrait never becomes part of a public build.
//!
//! Encoding is slow (tens of milliseconds a copy), so every copy is kept in
//! a cache folder in the site, `.creatorkb-cache/images/`, named by a hash
//! of the source's bytes and the copy's size and format: a rebuild reads
//! copies instead of making them, and an edited source gets a new hash.
//! The cache never sits in the output folder (which is replaced whole).

pub mod encode;
pub mod variants;

use crate::diag::{Diagnostics, Pos};
use crate::plan::OutputFile;
use crate::resolve::Site;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use variants::{ImageSet, format_of};

/// The cache folder, relative to the site's root.
pub const CACHE_DIR: &str = ".creatorkb-cache/images";

/// Changes whenever the bytes a copy is made of could change (filters,
/// qualities, encoders): old cache entries are then simply not found.
const RECIPE: &str = "creatorkb-images-1 catmull-rom webp-q80-m2 jpeg-q85 libwebp-0.9";

/// What the stage made.
#[derive(Default)]
pub struct Processed {
    /// The copies, sorted by path.
    pub files: Vec<OutputFile>,
    /// Copies encoded by this run (the others came from the cache).
    pub encoded: usize,
}

/// The cache key of a source: a hash of the recipe and its bytes.
pub fn source_key(bytes: &[u8]) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(RECIPE.as_bytes());
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
    h.digest128()
}

/// The cache file of one copy: the source's key, the size and format.
pub fn cache_name(key: u128, spec: variants::Spec, format: variants::Format) -> String {
    format!("{key:032x}.{}x{}.{}", spec.width, spec.height, format.ext())
}

/// The image sets of every language's creators and campaigns, one per
/// source (the first place it is used, for problems), sorted by source.
pub fn requests(site: &Site) -> BTreeMap<String, ImageSet> {
    let mut out = BTreeMap::new();
    for s in site.all() {
        let cards = s.creators.iter().map(|c| c.card.image_set.as_ref());
        let visuals = s.campaigns.iter().map(|c| c.card.image_set.as_ref());
        for set in cards.chain(visuals).flatten() {
            out.entry(set.source.clone()).or_insert_with(|| set.clone());
        }
    }
    out
}

/// Makes the copies of every image `site` shows from `statics` (output
/// path → bytes), with the cache under `root` (`None`: no cache). A
/// source that cannot be read is an error at its `image:` line; a
/// missing one is left to `check` (like any missing file).
pub fn process(
    site: &Site,
    statics: &BTreeMap<String, Vec<u8>>,
    root: Option<&Path>,
    diags: &mut Diagnostics,
) -> Processed {
    let wanted: Vec<ImageSet> = requests(site).into_values().collect();
    let cache = root.map(|r| r.join(CACHE_DIR));
    let encoded = AtomicUsize::new(0);
    let cache_failed = std::sync::Mutex::new(None::<String>);
    let results: Vec<Result<Vec<OutputFile>, String>> = wanted
        .par_iter()
        .map(|set| {
            let Some(bytes) = statics.get(&set.source) else {
                return Ok(Vec::new());
            };
            let made = one(set, bytes, cache.as_deref(), &encoded, &cache_failed);
            made.map_err(|e| format!("image `/{}` {e}", set.source))
        })
        .collect();
    let mut files = Vec::new();
    for (set, r) in wanted.iter().zip(results) {
        match r {
            Ok(f) => files.extend(f),
            Err(msg) => diags.error(&set.origin.path, set.origin.pos, msg),
        }
    }
    if let Ok(Some(e)) = cache_failed.into_inner() {
        diags.warning(
            CACHE_DIR,
            Pos::default(),
            format!("cannot write the image cache ({e}): images are encoded again next build"),
        );
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Processed {
        files,
        encoded: encoded.into_inner(),
    }
}

/// The copies of one source: read from the cache, or made (decoding the
/// source once for all the missing ones) and stored.
fn one(
    set: &ImageSet,
    bytes: &[u8],
    cache: Option<&Path>,
    encoded: &AtomicUsize,
    cache_failed: &std::sync::Mutex<Option<String>>,
) -> Result<Vec<OutputFile>, String> {
    let key = source_key(bytes);
    let mut out = Vec::with_capacity(4);
    let mut missing = Vec::new();
    for (spec, sized) in set.variants() {
        let format = format_of(spec, set.format);
        let file = cache.map(|c| c.join(cache_name(key, spec, format)));
        match file.as_ref().and_then(|f| std::fs::read(f).ok()) {
            Some(b) if !b.is_empty() => out.push(OutputFile {
                path: sized.path.clone(),
                bytes: b,
            }),
            _ => missing.push((spec, format, sized, file)),
        }
    }
    if missing.is_empty() {
        return Ok(out);
    }
    let decoded = encode::decode(bytes)?;
    for (spec, format, sized, file) in missing {
        let b = encode::variant(&decoded, spec, format)?;
        encoded.fetch_add(1, Ordering::Relaxed);
        if let Some(file) = file
            && let Err(e) = store(&file, &b)
            && let Ok(mut first) = cache_failed.lock()
        {
            first.get_or_insert_with(|| e.to_string());
        }
        out.push(OutputFile {
            path: sized.path.clone(),
            bytes: b,
        });
    }
    Ok(out)
}

/// Writes a cache file whole or not at all: into a temporary name, then
/// renamed, so a killed or concurrent build never leaves half a file.
fn store(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    let tmp: PathBuf = dir.join(format!(
        ".{name}.{}.{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use variants::{AVATAR, Format, OG};

    #[test]
    fn cache_keys_follow_content_size_and_format() {
        let (a, b) = (source_key(b"portrait one"), source_key(b"portrait two"));
        assert_ne!(a, b);
        assert_eq!(a, source_key(b"portrait one"));
        // The length is hashed too: a prefix is another key.
        assert_ne!(source_key(b"portrait"), source_key(b"portrait one"));
        let n = cache_name(a, AVATAR, Format::WebP);
        assert_eq!(n, format!("{a:032x}.96x96.webp"));
        assert_ne!(n, cache_name(a, OG, Format::WebP));
        assert_ne!(
            cache_name(a, OG, Format::Jpeg),
            cache_name(a, OG, Format::Png)
        );
    }
}
