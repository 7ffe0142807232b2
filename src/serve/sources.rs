//! The sources side of the dev server's cache: parsed content files, kept
//! between rebuilds and read again only when they changed, and spare
//! copies of them made in the background (resolve consumes its input, and
//! copying 10,000 parses on the critical path costs tens of milliseconds).

use super::incremental::{Changes, Rebuilder};
use crate::diag::{Diagnostic, Diagnostics, Pos, Severity};
use crate::load::{self, Folder, ParsedFile};
use crate::resolve::audience;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// A content file's parse, kept between rebuilds.
pub(super) struct CachedFile {
    pub(super) folder: Folder,
    pub(super) stamp: Option<(u64, SystemTime)>,
    pub(super) parsed: Arc<ParsedFile>,
    pub(super) problems: Vec<Diagnostic>,
    /// Hash of the bytes before the body (front matter), when the body is
    /// the end of the file: equal hashes mean only the body changed.
    pub(super) front: Option<u128>,
}

/// Copies made by the spare thread, with the parse each one copies.
pub(super) type Spare = Vec<(Arc<ParsedFile>, Option<ParsedFile>)>;

impl Rebuilder {
    /// Starts copying every cached parse on another thread, for the next
    /// full rebuild.
    pub(super) fn prepare_spare(&mut self) {
        let parses: Vec<Arc<ParsedFile>> = self.files.values().map(|f| f.parsed.clone()).collect();
        self.spare = std::thread::Builder::new()
            .name("creatorkb-spare".into())
            .spawn(move || {
                parses
                    .into_iter()
                    .map(|a| {
                        let copy = (*a).clone();
                        (a, Some(copy))
                    })
                    .collect()
            })
            .ok();
    }

    /// Re-reads the content files that changed; walks `content/` again
    /// when files may have appeared or disappeared.
    pub(super) fn refresh_content(&mut self, changes: &Changes) {
        let content = self.root.join("content");
        let mut need_walk = !self.walked || changes.rescan;
        let mut reread: HashSet<PathBuf> = HashSet::new();
        for p in &changes.paths {
            if !p.starts_with(&content) {
                continue;
            }
            match self.files.get(p) {
                // A known file that is still a file (not a link, which
                // the walk reports and skips): read it again.
                Some(_) if std::fs::symlink_metadata(p).is_ok_and(|m| m.is_file()) => {
                    reread.insert(p.clone());
                }
                // Gone, a folder, or not known yet: only a walk can tell
                // what the folder holds now.
                _ => need_walk = true,
            }
        }
        if need_walk {
            let mut d = Diagnostics::new();
            let found = load::discover_files(&self.root, &mut d);
            self.walk_problems = d.into_sorted();
            self.walked = true;
            let mut old = std::mem::take(&mut self.files);
            let mut todo = Vec::new();
            for (folder, path) in &found {
                match old.remove(path) {
                    Some(c)
                        if c.folder == *folder
                            && !reread.contains(path)
                            && (!changes.rescan || stamp(path) == c.stamp) =>
                    {
                        self.files.insert(path.clone(), c);
                    }
                    _ => todo.push((*folder, path.clone())),
                }
            }
            self.parse(todo);
            self.order = found;
        } else {
            let todo: Vec<(Folder, PathBuf)> = reread
                .into_iter()
                .filter_map(|p| self.files.get(&p).map(|c| (c.folder, p)))
                .collect();
            self.parse(todo);
        }
    }

    fn parse(&mut self, todo: Vec<(Folder, PathBuf)>) {
        let root = &self.root;
        let public = self.opts.audience == crate::resolve::Audience::Public;
        let parsed: Vec<(PathBuf, CachedFile)> = todo
            .into_par_iter()
            .map(|(folder, path)| {
                let file = parse_cached(root, folder, &path, public);
                (path, file)
            })
            .collect();
        self.files.extend(parsed);
    }
}

/// Clears the private fields of a parse for a public site, once, so that
/// no rebuild copies them (resolve clears them again: nearly free then).
pub(super) fn strip_if_public(parsed: &mut ParsedFile, public: bool) {
    if public {
        parsed.strip_private(audience::strip_creator, audience::strip_campaign);
    }
}

/// Parses one content file for the cache; `public`: without private fields.
pub(super) fn parse_cached(root: &Path, folder: Folder, path: &Path, public: bool) -> CachedFile {
    // Stamp before reading: a write after it shows up as a new stamp (and
    // a new event) and is read again.
    let stamp = stamp(path);
    let mut d = Diagnostics::new();
    let (parsed, front) = match std::fs::read(path) {
        Ok(raw) => {
            let mut parsed = load::parse_one_bytes(root, folder, path, &raw, &mut d);
            strip_if_public(&mut parsed, public);
            let front = front_hash(&raw, &parsed);
            (parsed, front)
        }
        // Let the loader report the problem as a full build would.
        Err(_) => {
            let mut parsed = load::parse_one(root, folder, path, &mut d);
            strip_if_public(&mut parsed, public);
            (parsed, None)
        }
    };
    CachedFile {
        folder,
        stamp,
        parsed: Arc::new(parsed),
        problems: d.into_sorted(),
        front,
    }
}

/// Hash of what precedes the body in `raw` (the front matter), when the
/// parsed body is the end of the file.
pub(super) fn front_hash(raw: &[u8], parsed: &ParsedFile) -> Option<u128> {
    let body = parsed.parts()?.body.as_bytes();
    let cut = raw.len().checked_sub(body.len())?;
    (raw[cut..] == *body).then(|| xxhash_rust::xxh3::xxh3_128(&raw[..cut]))
}

/// Records `d` again in `diags`.
pub(super) fn replay(d: &Diagnostic, diags: &mut Diagnostics) {
    let pos = Pos::new(d.line, d.column);
    match d.severity {
        Severity::Error => diags.error(&d.path, pos, d.message.clone()),
        Severity::Warning => diags.warning(&d.path, pos, d.message.clone()),
    }
}

/// Size and modification time, to notice changes the watcher missed.
pub(super) fn stamp(path: &Path) -> Option<(u64, SystemTime)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}
