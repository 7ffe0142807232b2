//! Stage 4: pages → the output folder, atomically.
//!
//! Pages are written into a fresh sibling staging folder as they are
//! rendered; only when the whole build succeeded does the staging folder
//! replace the old output. A failed build therefore leaves the previous
//! output intact, and files of removed content vanish.

use std::io;
use std::path::{Path, PathBuf};

/// A staging folder that becomes the output on [`Staging::commit`].
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    old: PathBuf,
}

impl Staging {
    /// Creates an empty staging folder next to `out`.
    pub fn new(out: &Path) -> io::Result<Staging> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        let pid = std::process::id();
        let dir = parent.join(format!(".{name}.new-{pid}"));
        let old = parent.join(format!(".{name}.old-{pid}"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
            old,
        })
    }

    /// Writes one file; `path` is relative and `/`-separated. Safe to call
    /// from several threads.
    pub fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        if path.is_empty()
            || path.split('/').any(|s| s == ".." || s.is_empty())
            || path.starts_with('/')
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to write outside the output: {path}"),
            ));
        }
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, bytes)
    }

    /// Replaces the output with the staging folder.
    pub fn commit(self) -> io::Result<()> {
        if self.out.exists() {
            std::fs::rename(&self.out, &self.old)?;
            if let Err(e) = std::fs::rename(&self.dir, &self.out) {
                let _ = std::fs::rename(&self.old, &self.out);
                return Err(e);
            }
            std::fs::remove_dir_all(&self.old)
        } else {
            std::fs::rename(&self.dir, &self.out)
        }
    }

    /// Throws the staging folder away; the output stays as it was.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
