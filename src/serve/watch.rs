//! Watching the site's sources: `site.yaml`, `content/`, `static/` and
//! `themes/`, with notify and its full debouncer.
//!
//! The debouncer waits for a quiet period per file, which absorbs editors
//! that write in bursts or save through a temporary file and a rename. Its
//! events only say *where* something happened: the rebuild looks at the
//! disk again for each path (a debouncer can drop a delete when a file is
//! created and removed in one window), and a rescan is requested when the
//! watcher reports that it lost events.

use notify::RecursiveMode;
use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// What changed on disk since the last rebuild, as the watcher saw it.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    /// Absolute paths of files or folders that were created, modified,
    /// removed or renamed. Each is checked on disk again: events only say
    /// where to look, never what is there.
    pub paths: Vec<PathBuf>,
    /// The watcher lost track (overflow, error): compare everything.
    pub rescan: bool,
}

/// Quiet period before a burst of writes is handed over. Short, because it
/// adds to the time from save to reload; editors finish a save well within.
pub const QUIET: Duration = Duration::from_millis(40);

/// The site's source folders (beside `site.yaml`); each is watched once it exists.
pub(super) const FOLDERS: [&str; 4] = ["content", "static", "themes", "i18n"];

/// The watcher; dropping it stops watching.
pub struct SiteWatcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: HashSet<PathBuf>,
}

impl SiteWatcher {
    /// Starts watching the site at `root`; changes are sent to `tx`.
    pub fn start(root: &Path, tx: Sender<Changes>) -> Result<Self, String> {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let filter_root = root.clone();
        let handler = move |res: DebounceEventResult| {
            let changes = match res {
                Ok(events) => {
                    let mut c = Changes::default();
                    for e in &events {
                        if e.need_rescan() {
                            c.rescan = true;
                        }
                        if !relevant(&e.kind) {
                            continue;
                        }
                        c.paths.extend(
                            e.paths
                                .iter()
                                .filter(|p| watched_path(&filter_root, p))
                                .cloned(),
                        );
                    }
                    c
                }
                // The backend lost track: compare everything on disk.
                Err(_) => Changes {
                    paths: Vec::new(),
                    rescan: true,
                },
            };
            if changes.rescan || !changes.paths.is_empty() {
                let _ = tx.send(changes);
            }
        };
        let debouncer = new_debouncer(QUIET, None, handler)
            .map_err(|e| format!("cannot watch the site: {e}"))?;
        let mut w = SiteWatcher {
            debouncer,
            root: root.clone(),
            watched: HashSet::new(),
        };
        // The root itself, not recursively: site.yaml, and folders that
        // appear later (`static/` created after the server started).
        w.debouncer
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        w.refresh();
        Ok(w)
    }

    /// The canonical site root, as event paths spell it.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Starts watching folders that appeared since the last call.
    pub fn refresh(&mut self) {
        for f in FOLDERS {
            let dir = self.root.join(f);
            let exists = dir.is_dir();
            if exists && !self.watched.contains(&dir) {
                if self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok() {
                    self.watched.insert(dir);
                }
            } else if !exists && self.watched.remove(&dir) {
                let _ = self.debouncer.unwatch(&dir);
            }
        }
    }
}

/// Event kinds that can change the site. Opening or reading a file (which
/// the rebuild itself does) and metadata-only changes (access times) are
/// left out, or every rebuild would trigger the next one.
fn relevant(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

/// Whether a changed path is part of the site's sources and not editor noise.
pub fn watched_path(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    let inside = first == "site.yaml" || FOLDERS.contains(&first.as_ref());
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    inside && !is_editor_noise(&name)
}

/// Backup, swap and probe files editors write next to the real one:
/// `x.md~`, `.x.md.swp` (Vim, also `.swx`, `.swo`), `4913` (Vim's
/// write-permission probe), `#x.md#` and `.#x.md` (Emacs).
pub fn is_editor_noise(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name == "4913"
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_noise_is_ignored() {
        let root = Path::new("/s");
        for p in [
            "/s/content/creators/a.md~",
            "/s/content/creators/.a.md.swp",
            "/s/content/creators/4913",
            "/s/content/.#a.md",
            "/s/output/index.html",
            "/s/target/x",
            "/elsewhere/content/a.md",
        ] {
            assert!(!watched_path(root, Path::new(p)), "{p}");
        }
        for p in [
            "/s/site.yaml",
            "/s/content/creators/a.md",
            "/s/static/style.css",
            "/s/themes/x/templates/base.html",
            "/s/content",
        ] {
            assert!(watched_path(root, Path::new(p)), "{p}");
        }
    }
}
