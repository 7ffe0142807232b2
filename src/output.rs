//! Stage 4: pages → the output folder, atomically.
//!
//! Pages are written into a fresh sibling staging folder as they are
//! rendered; only when the whole build succeeded does the staging folder
//! replace the old output. A failed build therefore leaves the previous
//! output intact, and files of removed content vanish.
//!
//! The replacement itself never leaves a moment without a complete output:
//! on Linux the two folders are exchanged in one `renameat2(RENAME_EXCHANGE)`
//! call; elsewhere (or on a file system without it) the old output is moved
//! aside first, and a build killed in that instant has its old output put
//! back by the next run. Staging folders left by killed builds
//! (`.NAME.new-PID`, `.NAME.old-PID` of a process that is gone) are removed
//! by the next build into the same folder.

use std::io;
use std::path::{Component, Path, PathBuf};

/// The folders of a site that a build reads (besides `site.yaml`).
const SOURCE_FOLDERS: [&str; 4] = ["content", "static", "themes", "i18n"];

/// Why `out` cannot be a build's output folder for the site at `root`, or
/// `Ok` when it can. The build replaces the output folder as a whole, so a
/// folder that holds the site, a source folder, or someone's other files
/// would be deleted.
pub fn check_target(root: &Path, out: &Path) -> Result<(), String> {
    let shown = out.display();
    let root_c = resolve_path(root).map_err(|e| format!("cannot read the site folder: {e}"))?;
    let out_c = resolve_path(out).map_err(|e| format!("--output {shown}: {e}"))?;
    if out_c.parent().is_none() {
        return Err(format!(
            "--output {shown} is the root of the file system; choose a folder of its own, e.g. {}",
            root.join("output").display()
        ));
    }
    if root_c.starts_with(&out_c) {
        return Err(format!(
            "--output {shown} is the site folder or contains it; the build replaces the output folder as a whole and would delete the site. Choose a folder of its own, e.g. {}",
            root.join("output").display()
        ));
    }
    for name in SOURCE_FOLDERS {
        let src = resolve_path(&root.join(name)).unwrap_or_else(|_| root_c.join(name));
        if out_c.starts_with(&src) || src.starts_with(&out_c) {
            return Err(format!(
                "--output {shown} is inside the site's `{name}` folder or contains it; the build replaces the output folder as a whole and would delete sources. Choose a folder of its own, e.g. {}",
                root.join("output").display()
            ));
        }
    }
    match std::fs::symlink_metadata(out) {
        // `out_c` has symbolic links followed: a link to a folder is a folder.
        Ok(_) if !out_c.is_dir() => Err(format!(
            "--output {shown} is a file, not a folder; it is not replaced. Remove it or choose another folder"
        )),
        Ok(_) if !looks_like_output(&out_c) => Err(format!(
            "--output {shown} is a folder that is not empty and holds no index.html, so it is not a site built by creatorkb; the build replaces the output folder as a whole and would delete its files. Choose a new or empty folder"
        )),
        _ => Ok(()),
    }
}

/// Whether an existing folder can be replaced: empty, or with the
/// `index.html` every build writes.
fn looks_like_output(dir: &Path) -> bool {
    dir.join("index.html").is_file()
        || std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_none())
}

/// `p` made absolute with every existing part's symbolic links resolved and
/// `.`/`..` applied, whether or not the whole path exists.
fn resolve_path(p: &Path) -> io::Result<PathBuf> {
    let abs = std::path::absolute(p)?;
    let mut cur = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => cur.push(c.as_os_str()),
            Component::CurDir => {}
            // `cur` is canonical (or does not exist), so its parent is the
            // real parent.
            Component::ParentDir => {
                cur.pop();
            }
            Component::Normal(name) => {
                cur.push(name);
                if std::fs::symlink_metadata(&cur).is_ok() {
                    cur = std::fs::canonicalize(&cur)?;
                }
            }
        }
    }
    Ok(cur)
}

/// A staging folder that becomes the output on [`Staging::commit`].
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
    old: PathBuf,
}

impl Staging {
    /// Creates an empty staging folder next to `out`, after removing the
    /// staging folders of builds that were killed.
    pub fn new(out: &Path) -> io::Result<Staging> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)?;
        let name = out
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        recover(&parent, &name, out);
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
        if std::fs::symlink_metadata(&self.out).is_err() {
            return std::fs::rename(&self.dir, &self.out);
        }
        if exchange(&self.dir, &self.out)? {
            // The staging path now holds the previous output.
            return std::fs::remove_dir_all(&self.dir);
        }
        std::fs::rename(&self.out, &self.old)?;
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            let _ = std::fs::rename(&self.old, &self.out);
            return Err(e);
        }
        std::fs::remove_dir_all(&self.old)
    }

    /// Throws the staging folder away; the output stays as it was.
    pub fn abort(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Swaps `a` and `b` in one step; `Ok(false)` when the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let cstr = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in a path"))
    };
    let (a, b) = (cstr(a)?, cstr(b)?);
    // SAFETY: both are valid NUL-terminated paths that live across the call;
    // AT_FDCWD makes them relative to the current folder like std::fs does.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        // Old kernels and some file systems (network, FUSE) lack it.
        Some(libc::ENOSYS | libc::EINVAL | libc::ENOTSUP) => Ok(false),
        _ => Err(e),
    }
}

/// Swaps `a` and `b` in one step; `Ok(false)` when the system cannot.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Removes the staging folders of dead builds into `parent/name`, first
/// putting back an old output whose replacement was interrupted.
fn recover(parent: &Path, name: &str, out: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let mut stale: Vec<(PathBuf, bool)> = Vec::new();
    let (new, old) = (format!(".{name}.new-"), format!(".{name}.old-"));
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(file) = file.to_str() else { continue };
        let (is_old, pid) = match (file.strip_prefix(&new), file.strip_prefix(&old)) {
            (Some(pid), _) => (false, pid),
            (_, Some(pid)) => (true, pid),
            _ => continue,
        };
        if pid.parse::<u32>().is_ok_and(|pid| !alive(pid)) {
            stale.push((e.path(), is_old));
        }
    }
    // Sorted so that the choice of the folder to restore is deterministic.
    stale.sort();
    for (path, is_old) in stale {
        if is_old && std::fs::symlink_metadata(out).is_err() && std::fs::rename(&path, out).is_ok()
        {
            continue;
        }
        let _ = std::fs::remove_dir_all(&path);
    }
}

/// Whether the process `pid` still runs (our own counts as running).
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks that the process exists.
        let rc = unsafe { libc::kill(pid, 0) };
        rc == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_and_leaves_nothing_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        for text in ["one", "two"] {
            let s = Staging::new(&out).unwrap();
            s.write("index.html", text.as_bytes()).unwrap();
            s.commit().unwrap();
            assert_eq!(
                std::fs::read_to_string(out.join("index.html")).unwrap(),
                text
            );
        }
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn restores_an_output_moved_aside_by_a_killed_build() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("out");
        // No process has this id (above the kernel's pid_max).
        let aside = tmp.path().join(".out.old-4194305");
        std::fs::create_dir_all(&aside).unwrap();
        std::fs::write(aside.join("index.html"), "old").unwrap();
        std::fs::create_dir_all(tmp.path().join(".out.new-4194306/x")).unwrap();
        Staging::new(&out).unwrap().abort();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "old"
        );
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_folders_in_one_step() {
        let tmp = tempfile::tempdir().unwrap();
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        for (dir, text) in [(&a, "new"), (&b, "old")] {
            std::fs::create_dir(dir).unwrap();
            std::fs::write(dir.join("index.html"), text).unwrap();
        }
        // Some file systems cannot; then the fallback is used.
        if exchange(&a, &b).unwrap() {
            assert_eq!(
                std::fs::read_to_string(b.join("index.html")).unwrap(),
                "new"
            );
            assert_eq!(
                std::fs::read_to_string(a.join("index.html")).unwrap(),
                "old"
            );
        }
    }

    #[test]
    fn resolves_dot_dot_after_a_missing_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(tmp.path()).unwrap();
        std::fs::create_dir(root.join("content")).unwrap();
        let p = resolve_path(&root.join("nope/../content/./")).unwrap();
        assert_eq!(p, root.join("content"));
    }
}
