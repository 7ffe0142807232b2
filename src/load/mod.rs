//! Stage 1: files → parsed entries.
//!
//! Reads `site.yaml` and every Markdown file under `content/`, in parallel,
//! into typed entries. Nothing here knows about other entries: cross-checks
//! (unknown slugs, links) belong to the resolve stage.

pub mod frontmatter;
mod translate;
pub mod yaml;

use crate::diag::{Diagnostics, Pos, rel_path};
use crate::model::{CampaignFm, CreatorFm, PageFm, SiteConfig, TermFm};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// One content file, parsed.
#[derive(Debug, Clone)]
pub struct Entry<T> {
    /// URL-safe identifier: the file stem unless front matter sets `slug`.
    pub slug: String,
    /// Path relative to the site root, for messages.
    pub path: String,
    /// Language code of a translation (`lea.fr.md`), `None` for an original.
    pub lang: Option<String>,
    /// Typed front matter.
    pub fm: T,
    /// Markdown source of the body.
    pub body: String,
    /// File line where the body starts.
    pub body_line: u32,
    /// Top-level front-matter keys with their file lines, for messages
    /// about values that carry no position of their own.
    pub keys: Vec<(String, u32)>,
    /// Hash of everything the entry was made from (its path, its text and,
    /// for a translation, its original's front matter): equal hashes mean
    /// equal entries, which lets the dev server reuse views.
    pub hash: u128,
}

/// [`Entry::hash`] of a file at `rel` with `text`, inheriting `original`.
fn source_hash(rel: &str, text: &str, original: Option<&str>) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in [rel, text, original.unwrap_or_default()] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.update(&[u8::from(original.is_some())]);
    h.digest128()
}

impl<T> Entry<T> {
    /// Position of a top-level front-matter key, or of the file's first line.
    pub fn key_pos(&self, key: &str) -> Pos {
        self.keys
            .iter()
            .find(|(k, _)| k == key)
            .map_or(Pos::new(1, 1), |(_, line)| Pos::new(*line, 1))
    }
}

/// Top-level `key:` lines of a YAML block whose first line is file line `first`.
fn top_level_keys(yaml: &str, first: u32) -> Vec<(String, u32)> {
    yaml.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let (key, _) = line.split_once(':')?;
            let ok = key
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
                && key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            ok.then(|| (key.to_string(), first + i as u32))
        })
        .collect()
}

/// Everything read from disk.
#[derive(Debug, Default)]
pub struct Loaded {
    /// `site.yaml`, when it parsed.
    pub config: Option<SiteConfig>,
    /// Content files that exist but did not parse (their problems are
    /// reported): links to them are not reported as broken on top.
    pub unparsed: Vec<String>,
    /// Creator profiles and their translations.
    pub creators: Vec<Entry<CreatorFm>>,
    /// Campaign recaps and their translations.
    pub campaigns: Vec<Entry<CampaignFm>>,
    /// Glossary terms and their translations.
    pub terms: Vec<Entry<TermFm>>,
    /// Free pages and their translations.
    pub pages: Vec<Entry<PageFm>>,
    /// `content/_index.md` and its translations.
    pub home: Vec<Entry<PageFm>>,
}

/// The content folders and the kind of entry each holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Folder {
    Creators,
    Campaigns,
    Glossary,
    Pages,
    Home,
}

/// Reads the whole site under `root`.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Loaded {
    let mut loaded = Loaded {
        config: load_config(root, diags),
        ..Loaded::default()
    };
    let files = discover(root, diags);
    let parsed: Vec<(Parsed, Diagnostics)> = files
        .par_iter()
        .map(|(folder, path)| {
            let mut d = Diagnostics::new();
            let p = parse_file(root, *folder, path, &mut d);
            (p, d)
        })
        .collect();
    for (p, d) in parsed {
        diags.extend(d);
        loaded.push(p);
    }
    loaded
}

impl Loaded {
    /// Adds one parsed file; `load` and [`assemble`] share this, so a cached
    /// build is put together exactly like a fresh one.
    fn push(&mut self, p: Parsed) {
        match p {
            Parsed::Creator(e) => self.creators.push(e),
            Parsed::Campaign(e) => self.campaigns.push(e),
            Parsed::Term(e) => self.terms.push(e),
            Parsed::Page(e) => self.pages.push(e),
            Parsed::Home(e) => self.home.push(e),
            Parsed::Failed(path) => self.unparsed.push(path),
        }
    }
}

// Seams for the dev server's parse cache (`serve::incremental`): it re-reads
// only changed files and rebuilds a `Loaded` from cached parses. Together
// these do exactly what `load` does.

/// One content file parsed on its own; cheap to keep and clone.
#[derive(Clone)]
pub struct ParsedFile(Parsed);

/// What the dev server needs to know of a parsed file to re-render its body
/// alone when nothing else in it changed.
pub struct EntryParts<'a> {
    /// Path relative to the site root.
    pub path: &'a str,
    /// Slug.
    pub slug: &'a str,
    /// Language of a translation.
    pub lang: Option<&'a str>,
    /// Markdown body.
    pub body: &'a str,
    /// File line where the body starts.
    pub body_line: u32,
}

impl ParsedFile {
    /// Applies `creator` or `campaign` to the entry, if it is one: the dev
    /// server clears private fields once, when it parses a file, rather
    /// than in every rebuild (resolve clears them again, which is then
    /// nearly free).
    pub fn strip_private(
        &mut self,
        creator: impl FnOnce(&mut Entry<CreatorFm>),
        campaign: impl FnOnce(&mut Entry<CampaignFm>),
    ) {
        match &mut self.0 {
            Parsed::Creator(e) => creator(e),
            Parsed::Campaign(e) => campaign(e),
            _ => {}
        }
    }

    /// The entry's parts; `None` when the file did not parse.
    pub fn parts(&self) -> Option<EntryParts<'_>> {
        fn of<T>(e: &Entry<T>) -> EntryParts<'_> {
            EntryParts {
                path: &e.path,
                slug: &e.slug,
                lang: e.lang.as_deref(),
                body: &e.body,
                body_line: e.body_line,
            }
        }
        match &self.0 {
            Parsed::Creator(e) => Some(of(e)),
            Parsed::Campaign(e) => Some(of(e)),
            Parsed::Term(e) => Some(of(e)),
            Parsed::Page(e) | Parsed::Home(e) => Some(of(e)),
            Parsed::Failed(_) => None,
        }
    }
}

/// The content files `load` reads, in the order it reads them.
pub fn discover_files(root: &Path, diags: &mut Diagnostics) -> Vec<(Folder, PathBuf)> {
    discover(root, diags)
}

/// Parses one content file found by [`discover_files`].
pub fn parse_one(root: &Path, folder: Folder, path: &Path, diags: &mut Diagnostics) -> ParsedFile {
    ParsedFile(parse_file(root, folder, path, diags))
}

/// [`parse_one`] on the file's bytes, already read by the caller (who can
/// then compare them with an earlier version).
pub fn parse_one_bytes(
    root: &Path,
    folder: Folder,
    path: &Path,
    bytes: &[u8],
    diags: &mut Diagnostics,
) -> ParsedFile {
    ParsedFile(parse_bytes(root, folder, path, bytes, diags))
}

/// Reads and parses `site.yaml` alone.
pub fn load_site_config(root: &Path, diags: &mut Diagnostics) -> Option<SiteConfig> {
    load_config(root, diags)
}

/// Puts parsed files, in [`discover_files`] order, together as `load` would.
pub fn assemble(config: Option<SiteConfig>, files: impl IntoIterator<Item = ParsedFile>) -> Loaded {
    let files: Vec<ParsedFile> = files.into_iter().collect();
    let mut loaded = Loaded {
        config,
        ..Loaded::default()
    };
    // Entries are big and there are thousands: grow each list once.
    let count = |kind: fn(&Parsed) -> bool| files.iter().filter(|f| kind(&f.0)).count();
    loaded
        .creators
        .reserve(count(|p| matches!(p, Parsed::Creator(_))));
    loaded
        .campaigns
        .reserve(count(|p| matches!(p, Parsed::Campaign(_))));
    loaded
        .terms
        .reserve(count(|p| matches!(p, Parsed::Term(_))));
    for f in files {
        loaded.push(f.0);
    }
    loaded
}

fn load_config(root: &Path, diags: &mut Diagnostics) -> Option<SiteConfig> {
    let path = root.join("site.yaml");
    let rel = "site.yaml";
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            diags.error(rel, Pos::default(), format!("cannot read the site configuration: {e}; every site needs a `site.yaml` at its root (`creatorkb init` makes one)"));
            return None;
        }
    };
    let text = decode(rel, &bytes, diags)?;
    match yaml::parse::<SiteConfig>(text, 0) {
        Ok(c) => Some(c),
        Err(e) => {
            diags.error(rel, e.pos, e.message);
            None
        }
    }
}

/// Lists content files in a stable order.
fn discover(root: &Path, diags: &mut Diagnostics) -> Vec<(Folder, PathBuf)> {
    let content = root.join("content");
    let mut out = Vec::new();
    if !content.is_dir() {
        diags.warning(
            "content",
            Pos::default(),
            "no `content/` folder: the site has no entries",
        );
        return out;
    }
    if let Some(link) = crate::diag::first_link(root, &content) {
        diags.warning(&link, Pos::default(), crate::diag::LINK_SKIPPED);
        return out;
    }
    // Entries may be filed in sub-folders of their kind's folder, to any
    // depth (`content/creators/2024/lea.md`, `content/campaigns/fr/x.md`):
    // the first folder under `content/` gives the kind, the file name the
    // slug; the sub-folders only organise the files.
    for path in walk_files(root, &content, diags) {
        let path = path.as_path();
        let rel = rel_path(root, path);
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if !name.ends_with(".md") {
            // Other Markdown extensions are a likely slip, not a choice.
            let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            if let Some(ext @ ("markdown" | "mdown" | "mkd" | "mkdn" | "mdwn")) = ext.as_deref() {
                diags.warning(
                    &rel,
                    Pos::default(),
                    format!("ignored: content files end in `.md`, not `.{ext}`: rename the file"),
                );
            }
            continue;
        }
        let parent = path
            .parent()
            .and_then(|p| p.strip_prefix(&content).ok())
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        // The kind comes from the first folder under `content/`.
        let top = parent.split(['/', '\\']).next().unwrap_or_default();
        let folder = match top {
            "" if name == "_index.md" || is_translation_of_index(&name) => Folder::Home,
            "creators" => Folder::Creators,
            "campaigns" => Folder::Campaigns,
            "glossary" => Folder::Glossary,
            "pages" => Folder::Pages,
            _ => {
                diags.warning(&rel, Pos::default(), "ignored: content files belong in content/creators, content/campaigns, content/glossary or content/pages (or content/_index.md for the home page)");
                continue;
            }
        };
        out.push((folder, path.to_path_buf()));
    }
    out
}

/// Every file under `dir`, sorted by name, as the site's sources are read:
/// symbolic links are never followed (each is reported and skipped),
/// hidden files and folders (`.git`, `.DS_Store`) are left out, and a
/// folder that cannot be read is an error. A missing `dir` has no files.
pub fn walk_files(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .follow_links(false)
        .into_iter()
        // Hidden folders are not entered at all.
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for item in walker {
        let item = match item {
            Ok(i) => i,
            Err(e) => {
                let p = e
                    .path()
                    .map_or_else(|| rel_path(root, dir), |p| rel_path(root, p));
                diags.error(&p, Pos::default(), format!("cannot read: {e}"));
                continue;
            }
        };
        if item.path_is_symlink() {
            diags.warning(
                &rel_path(root, item.path()),
                Pos::default(),
                crate::diag::LINK_SKIPPED,
            );
            continue;
        }
        if item.file_type().is_file() {
            out.push(item.into_path());
        }
    }
    out
}

fn is_translation_of_index(name: &str) -> bool {
    name.strip_prefix("_index.")
        .and_then(|r| r.strip_suffix(".md"))
        .is_some_and(is_language_code)
}

/// A language suffix of a translation file: two or three lowercase letters.
pub fn is_language_code(s: &str) -> bool {
    (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase())
}

#[allow(clippy::large_enum_variant)] // short-lived, one per file: boxing would only add allocations
#[derive(Clone)]
enum Parsed {
    Creator(Entry<CreatorFm>),
    Campaign(Entry<CampaignFm>),
    Term(Entry<TermFm>),
    Page(Entry<PageFm>),
    Home(Entry<PageFm>),
    /// The file exists but could not be read or parsed (already reported).
    Failed(String),
}

fn parse_file(root: &Path, folder: Folder, path: &Path, diags: &mut Diagnostics) -> Parsed {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.error(
                &rel_path(root, path),
                Pos::default(),
                format!("cannot read: {e}"),
            );
            return Parsed::Failed(rel_path(root, path));
        }
    };
    parse_bytes(root, folder, path, &bytes, diags)
}

/// [`parse_file`] on bytes already read.
fn parse_bytes(
    root: &Path,
    folder: Folder,
    path: &Path,
    bytes: &[u8],
    diags: &mut Diagnostics,
) -> Parsed {
    let rel = rel_path(root, path);
    let Some(text) = decode(&rel, bytes, diags) else {
        return Parsed::Failed(rel);
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `lea-martin.fr.md` is the French translation of `lea-martin.md`.
    let (stem, lang) = match stem.rsplit_once('.') {
        Some((base, lang)) if is_language_code(lang) => (base.to_string(), Some(lang.to_string())),
        _ => (stem, None),
    };
    // A translation is read together with its original, whose keys it inherits.
    let original_text;
    let original = match &lang {
        Some(_) if text.starts_with("---") => {
            let base = if folder == Folder::Home {
                "_index"
            } else {
                &stem
            };
            let orig_path = path.with_file_name(format!("{base}.md"));
            let orig_rel = rel_path(root, &orig_path);
            let Ok(bytes) = std::fs::read(&orig_path) else {
                diags.error(&rel, Pos::new(1, 1), format!("translation of `{base}`, which does not exist: add the original {orig_rel} next to it"));
                return Parsed::Failed(rel);
            };
            original_text = bytes;
            // The original's own problems are reported when it is parsed.
            let mut quiet = Diagnostics::new();
            let Some(t) = decode(&orig_rel, &original_text, &mut quiet) else {
                return Parsed::Failed(rel);
            };
            let Ok(split) = frontmatter::split(t) else {
                return Parsed::Failed(rel);
            };
            Some((orig_rel, split.yaml))
        }
        _ => None,
    };
    let original = original.as_ref().map(|(p, y)| (p.as_str(), *y));
    match folder {
        Folder::Creators => entry(
            &rel,
            &stem,
            lang,
            text,
            original,
            diags,
            CREATOR_REQUIRED,
            |f: &CreatorFm| f.slug.as_ref(),
        )
        .map_or_else(|| Parsed::Failed(rel.clone()), Parsed::Creator),
        Folder::Campaigns => entry(
            &rel,
            &stem,
            lang,
            text,
            original,
            diags,
            CAMPAIGN_REQUIRED,
            |f: &CampaignFm| f.slug.as_ref(),
        )
        .map_or_else(|| Parsed::Failed(rel.clone()), Parsed::Campaign),
        Folder::Glossary => entry(
            &rel,
            &stem,
            lang,
            text,
            original,
            diags,
            TERM_REQUIRED,
            |f: &TermFm| f.slug.as_ref(),
        )
        .map_or_else(|| Parsed::Failed(rel.clone()), Parsed::Term),
        Folder::Pages => {
            let e = entry(
                &rel,
                &stem,
                lang,
                text,
                original,
                diags,
                &[],
                |f: &PageFm| f.slug.as_ref(),
            );
            if let Some(e) = &e
                && e.fm.title.is_none()
                && e.lang.is_none()
            {
                diags.error(
                    &rel,
                    Pos::new(2, 1),
                    "missing field `title`: a page needs a title",
                );
            }
            e.map_or_else(|| Parsed::Failed(rel.clone()), Parsed::Page)
        }
        Folder::Home => {
            // The home intro may be plain Markdown with no front matter.
            if !text.starts_with("---") {
                return Parsed::Home(Entry {
                    slug: String::new(),
                    hash: source_hash(&rel, text, None),
                    path: rel,
                    lang,
                    fm: PageFm {
                        title: None,
                        description: None,
                        slug: None,
                        date: None,
                        updated: None,
                        draft: false,
                        private: false,
                        extra: Default::default(),
                    },
                    body: text.to_string(),
                    body_line: 1,
                    keys: Vec::new(),
                });
            }
            entry(&rel, "", lang, text, original, diags, &[], |_: &PageFm| {
                None
            })
            .map_or_else(|| Parsed::Failed(rel.clone()), Parsed::Home)
        }
    }
}

/// Turns bytes into text: strips a BOM, rejects invalid UTF-8 with its position.
fn decode<'a>(rel: &str, bytes: &'a [u8], diags: &mut Diagnostics) -> Option<&'a str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(t) => Some(t),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            diags.error(
                rel,
                Pos::new(line as u32, col as u32),
                "the file is not valid UTF-8: save it as UTF-8 (most editors have it under \"Save with encoding\")",
            );
            None
        }
    }
}

/// Keys each kind cannot do without (content-model.md): when one is
/// missing, all the missing ones are reported in the same run.
const CREATOR_REQUIRED: &[&str] = &["name", "status"];
const CAMPAIGN_REQUIRED: &[&str] = &["title", "brand", "objective"];
const TERM_REQUIRED: &[&str] = &["term", "definition"];

#[allow(clippy::too_many_arguments)] // one call per kind, all in parse_bytes
fn entry<T: DeserializeOwned>(
    rel: &str,
    stem: &str,
    lang: Option<String>,
    text: &str,
    original: Option<(&str, &str)>,
    diags: &mut Diagnostics,
    required: &[&str],
    slug_of: impl Fn(&T) -> Option<&serde_saphyr::Spanned<String>>,
) -> Option<Entry<T>> {
    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err(e) => {
            diags.error(rel, e.pos, e.message);
            return None;
        }
    };
    let keys = top_level_keys(split.yaml, split.yaml_line_offset + 1);
    let merged = original.map(|(_, o)| translate::merge(o, split.yaml));
    let yaml_text = merged.as_ref().map_or(split.yaml, |m| m.yaml.as_str());
    let fm: T = match yaml::parse(yaml_text, split.yaml_line_offset) {
        Ok(v) => v,
        Err(e) => {
            let inherited = merged
                .as_ref()
                .and_then(|m| m.origin(e.pos.line.saturating_sub(split.yaml_line_offset)));
            match (inherited, original) {
                (Some(line), Some((orig, _))) => diags.error(
                    rel,
                    Pos::new(1, 1),
                    format!(
                        "{} (in a value inherited from {orig}:{})",
                        e.message,
                        line + split.yaml_line_offset
                    ),
                ),
                // serde stops at the first missing field: name them all.
                _ if e.message.starts_with("missing field") && original.is_none() => {
                    let missing: Vec<&str> = required
                        .iter()
                        .copied()
                        .filter(|r| !keys.iter().any(|(k, _)| k == r))
                        .collect();
                    if missing.len() > 1 {
                        for m in missing {
                            diags.error(
                                rel,
                                e.pos,
                                format!("missing field `{m}` (required: {})", required.join(", ")),
                            );
                        }
                    } else {
                        diags.error(rel, e.pos, e.message);
                    }
                }
                _ => diags.error(rel, e.pos, e.message),
            }
            return None;
        }
    };
    if let (Some(_), Some((_, line))) = (original, keys.iter().find(|(k, _)| k == "slug")) {
        diags.error(
            rel,
            Pos::new(*line, 1),
            "a translation keeps the slug of its original, so both versions share one address: remove `slug:` here",
        );
        return None;
    }
    let slug = match slug_of(&fm) {
        Some(s) => {
            let pos = Pos::new(
                (s.referenced.line() as u32).saturating_add(split.yaml_line_offset),
                s.referenced.column() as u32,
            );
            check_slug(rel, &s.value, pos, diags)?;
            s.value.clone()
        }
        None if stem.is_empty() => String::new(),
        None => {
            check_slug(rel, stem, Pos::default(), diags)?;
            stem.to_string()
        }
    };
    Some(Entry {
        slug,
        path: rel.to_string(),
        lang,
        fm,
        body: split.body.to_string(),
        body_line: split.body_line,
        keys,
        hash: source_hash(rel, text, original.map(|(_, o)| o)),
    })
}

/// Slugs are lowercase ASCII letters, digits and `-`.
fn check_slug(rel: &str, slug: &str, pos: Pos, diags: &mut Diagnostics) -> Option<()> {
    let ok = !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        return Some(());
    }
    diags.error(
        rel,
        pos,
        format!(
            "`{slug}` is not a valid slug: use lowercase ASCII letters, digits and `-` (e.g. `{}`); rename the file or set `slug:`",
            crate::text::slugify(slug)
        ),
    );
    None
}
