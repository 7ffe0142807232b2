//! Stage 4: pages in memory → the output folder, atomically.
//!
//! Everything is written into a fresh sibling folder first; only when every
//! file is written does it replace the old output. A failed build therefore
//! leaves the previous output intact, and files of removed content vanish.

use crate::render::OutputFile;
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

/// Writes `files` into `out`, replacing what was there.
pub fn write(out: &Path, files: &[OutputFile]) -> io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    let result = fill(&staging, files).and_then(|()| swap(out, &staging, &old));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn fill(dir: &Path, files: &[OutputFile]) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    // Directories first, once each, so parallel writes never race on them.
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| dir.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        std::fs::create_dir_all(d)?;
    }
    files.par_iter().try_for_each(|f| {
        if f.path.split('/').any(|s| s == ".." || s.is_empty()) {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("refusing to write outside the output: {}", f.path)));
        }
        std::fs::write(dir.join(&f.path), &f.bytes)
    })
}

fn swap(out: &Path, staging: &Path, old: &Path) -> io::Result<()> {
    if out.exists() {
        std::fs::rename(out, old)?;
        if let Err(e) = std::fs::rename(staging, out) {
            let _ = std::fs::rename(old, out);
            return Err(e);
        }
        std::fs::remove_dir_all(old)
    } else {
        std::fs::rename(staging, out)
    }
}
