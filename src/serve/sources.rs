//! The sources side of the dev server's cache: parsed content files, kept
//! between rebuilds and read again only when they changed, and spare
//! copies of them made in the background (resolve consumes its input, and
//! copying 10,000 parses on the critical path costs tens of milliseconds).

use super::watch::Changes;
use crate::diag::{Diagnostic, Diagnostics, Pos, Severity};
use crate::fasthash::{HashMap, HashMapExt};
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

/// The parsed content files of the site, kept between rebuilds.
pub(super) struct Sources {
    root: PathBuf,
    /// Parses are made without private fields (a public site).
    public: bool,
    files: HashMap<PathBuf, CachedFile>,
    /// Every content file, in the loader's order.
    order: Vec<(Folder, PathBuf)>,
    /// Problems of the last walk of `content/`.
    walk_problems: Vec<Diagnostic>,
    walked: bool,
    /// Copies of the cached parses, made in the background for the next
    /// full rebuild (resolve consumes its input).
    spare: Option<std::thread::JoinHandle<Spare>>,
}

impl Sources {
    /// No file read yet: the first [`Sources::refresh`] walks `content/`.
    pub(super) fn new(root: &Path, public: bool) -> Self {
        Sources {
            root: root.to_path_buf(),
            public,
            files: HashMap::new(),
            order: Vec::new(),
            walk_problems: Vec::new(),
            walked: false,
            spare: None,
        }
    }

    /// The cached parse of the content file at `path`.
    pub(super) fn get(&self, path: &Path) -> Option<&CachedFile> {
        self.files.get(path)
    }

    /// Replaces the cached parse of a known file (the body-only path).
    pub(super) fn replace(&mut self, path: PathBuf, file: CachedFile) {
        self.files.insert(path, file);
    }

    /// Paths of every cached content file.
    pub(super) fn paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.files.keys()
    }

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

    /// A copy of every parse in the loader's order, for resolve (which
    /// consumes them), with the problems of parsing and walking replayed
    /// into `diags`.
    pub(super) fn parses(&mut self, diags: &mut Diagnostics) -> Vec<ParsedFile> {
        for problem in &self.walk_problems {
            replay(problem, diags);
        }
        // Copying 10,000 parses takes tens of milliseconds: use the copies
        // made in the background since the last full rebuild, for every
        // parse that has not been replaced since (same `Arc`).
        let mut spare: Spare = match self.spare.take() {
            Some(h) if h.is_finished() => h.join().unwrap_or_default(),
            _ => Vec::new(),
        };
        let by_parse: HashMap<*const ParsedFile, usize> = spare
            .iter()
            .enumerate()
            .map(|(i, (a, _))| (Arc::as_ptr(a), i))
            .collect();
        let mut ready = Vec::with_capacity(self.order.len());
        for f in self.order.iter().filter_map(|(_, p)| self.files.get(p)) {
            f.problems.iter().for_each(|p| replay(p, diags));
            let copy = by_parse
                .get(&Arc::as_ptr(&f.parsed))
                .and_then(|&i| spare.get_mut(i).and_then(|s| s.1.take()));
            ready.push((&f.parsed, copy));
        }
        // The rest (all of them at start-up) are copied in parallel.
        ready
            .into_par_iter()
            .map(|(parsed, copy)| copy.unwrap_or_else(|| (**parsed).clone()))
            .collect()
    }

    /// Re-reads the content files that changed; walks `content/` again
    /// when files may have appeared or disappeared.
    pub(super) fn refresh(&mut self, changes: &Changes) {
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
        let (root, public) = (&self.root, self.public);
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
