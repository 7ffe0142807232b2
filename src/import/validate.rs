//! The site as the import would leave it, loaded and resolved in memory
//! the way `build` and `check` do, with each problem in an imported entry
//! brought back to its CSV row and column.

use super::{Planned, Problem, apply};
use crate::diag::{Diagnostics, Severity, rel_path};
use crate::load::{self, Folder};
use crate::resolve::{Audience, Options};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Problems of planned entries (by index) and of the rest of the site.
pub(super) fn check(
    root: &Path,
    folder: Folder,
    files: &[(Folder, PathBuf)],
    planned: &[Planned],
    headers: &[String],
) -> (Vec<(usize, Problem)>, Vec<String>) {
    let mut d = Diagnostics::new();
    let config = load::load_site_config(root, &mut d);
    let mut parsed = Vec::with_capacity(files.len() + planned.len());
    let mut seen = vec![false; planned.len()];
    // By path: a big import into a big site must not compare every pair.
    let index: HashMap<&str, usize> = planned
        .iter()
        .enumerate()
        .map(|(i, p)| (p.rel.as_str(), i))
        .collect();
    for (f, path) in files {
        let rel = rel_path(root, path);
        match index.get(rel.as_str()).copied() {
            Some(i) => {
                seen[i] = true;
                match &planned[i].text {
                    Some(t) => {
                        parsed.push(load::parse_one_bytes(root, *f, path, t.as_bytes(), &mut d))
                    }
                    None => parsed.push(load::parse_one(root, *f, path, &mut d)),
                }
            }
            None => parsed.push(load::parse_one(root, *f, path, &mut d)),
        }
    }
    for (p, _) in planned.iter().zip(&seen).filter(|(_, s)| !**s) {
        if let Some(t) = &p.text {
            let path = root.join(&p.rel);
            parsed.push(load::parse_one_bytes(
                root,
                folder,
                &path,
                t.as_bytes(),
                &mut d,
            ));
        }
    }
    let loaded = load::assemble(config, parsed);
    // Team and drafts: every entry and every field is checked.
    let opts = Options {
        audience: Audience::Team,
        drafts: true,
        offline: false,
        base_url: None,
        today: None,
    };
    let _ = crate::pipeline::resolve_loaded(root, loaded, &opts, &mut d);
    let mut mine = Vec::new();
    let mut site = Vec::new();
    for diag in d.into_sorted() {
        let warning = diag.severity == Severity::Warning;
        let Some(i) = index.get(diag.path.as_str()).copied() else {
            if !warning {
                site.push(diag.to_string());
            }
            continue;
        };
        let p = &planned[i];
        // Line 1 is `---`: front-matter line index = file line - 2.
        let at = (diag.line as usize).checked_sub(2);
        let path = at
            .and_then(|a| p.lines.iter().find(|(l, _)| *l == a))
            .map(|(_, path)| path);
        let entry = path.and_then(|path| apply::entry_at(&p.trace, path));
        let col = entry.and_then(|e| p.trace.get(e)).map(|(_, c)| *c);
        // The row that set the value: a campaign has one per participation.
        let (line, column) = match (entry, col) {
            (Some(e), Some(c)) => (
                p.trace_rows.get(e).copied().unwrap_or(p.rows[0]),
                headers.get(c).cloned().unwrap_or_default(),
            ),
            _ => (p.rows[0], String::new()),
        };
        let message = if col.is_some() {
            diag.message
        } else {
            format!("{}: {}", diag.path, diag.message)
        };
        mine.push((
            i,
            Problem {
                line,
                column,
                warning,
                message,
            },
        ));
    }
    (mine, site)
}
