//! Problems found in a site: values with a path, a line and a column.
//!
//! Every stage reports into a [`Diagnostics`] collector instead of stopping at
//! the first problem, so one run shows the writer everything that is wrong.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is. Errors fail the build; warnings are only printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The site cannot be built as written.
    Error,
    /// Something probably unintended that does not stop the build.
    Warning,
}

/// One problem, located in a file relative to the site root.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// 1-based line, 0 when unknown.
    pub line: u32,
    /// 1-based column, 0 when unknown.
    pub column: u32,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and, when not obvious, what to do about it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // File names and messages hold what users wrote: a newline could
        // forge a second problem line, an escape sequence rewrite the
        // terminal.
        let (path, message) = (terminal_safe(&self.path), terminal_safe(&self.message));
        match (self.line, self.column) {
            (0, _) => write!(f, "{path}: {sev}: {message}"),
            (l, 0) => write!(f, "{path}:{l}: {sev}: {message}"),
            (l, c) => write!(f, "{path}:{l}:{c}: {sev}: {message}"),
        }
    }
}

/// `s` with control characters (newlines, escape sequences, NUL) and the
/// invisible marks that reorder text (bidirectional overrides) written as
/// escapes such as `\n` or `\u{1b}`, so printing it cannot fake lines or
/// drive the terminal. Other text, accents and scripts included, is kept.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A position inside a file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line, 0 when unknown.
    pub line: u32,
    /// 1-based column, 0 when unknown.
    pub column: u32,
}

impl Pos {
    /// A known position.
    pub fn new(line: u32, column: u32) -> Self {
        Pos { line, column }
    }
}

/// Collects problems from every stage; sorted on output so reports are stable.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error at `pos` in `path`.
    pub fn error(&mut self, path: &str, pos: Pos, message: impl Into<String>) {
        self.push(path, pos, Severity::Error, message.into());
    }

    /// Records a warning at `pos` in `path`.
    pub fn warning(&mut self, path: &str, pos: Pos, message: impl Into<String>) {
        self.push(path, pos, Severity::Warning, message.into());
    }

    fn push(&mut self, path: &str, pos: Pos, severity: Severity, message: String) {
        self.items.push(Diagnostic {
            path: path.to_string(),
            line: pos.line,
            column: pos.column,
            severity,
            message,
        });
    }

    /// Keeps only the problems `keep` accepts.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    /// Moves every problem of `other` into `self`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// All problems, sorted by path, line, column.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort();
        self.items.dedup();
        self.items
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The path of `file` relative to `root`, with `/` separators, for messages.
pub fn rel_path(root: &Path, file: &Path) -> String {
    let rel: PathBuf = file.strip_prefix(root).unwrap_or(file).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The first folder from `root` down to `dir` (both included but `root`)
/// that is a symbolic link, relative to `root`, for the rule that no link
/// in a site's source folders is followed.
pub fn first_link(root: &Path, dir: &Path) -> Option<String> {
    let rel = dir.strip_prefix(root).ok()?;
    let mut cur = root.to_path_buf();
    for c in rel.components() {
        cur.push(c);
        if std::fs::symlink_metadata(&cur).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(rel_path(root, &cur));
        }
    }
    None
}

/// Why a symbolic link is skipped, for the warning.
pub const LINK_SKIPPED: &str = "symbolic link skipped: creatorkb never follows links in content/, static/ or themes/ (a link committed to a repository could publish any file of the machine that builds it); copy the file or folder here instead";

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for cand in candidates {
        let d = levenshtein(word, cand);
        let limit = (cand.chars().count().max(word.chars().count()) / 3).max(1) + 1;
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// Edit distance between two strings, counted in characters.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_keys_only() {
        let keys = ["followers", "network", "handle"];
        assert_eq!(did_you_mean("folowers", keys), Some("followers"));
        assert_eq!(did_you_mean("zzz", keys), None);
    }

    #[test]
    fn escapes_control_characters() {
        let mut d = Diagnostics::new();
        d.error(
            "content/a\nb.md: error: fake\u{1b}[2J",
            Pos::new(1, 1),
            "bad `x\ry`\u{202e}",
        );
        let line = d.into_sorted()[0].to_string();
        assert_eq!(
            line,
            "content/a\\nb.md: error: fake\\u{1b}[2J:1:1: error: bad `x\\ry`\\u{202e}"
        );
        assert_eq!(terminal_safe("Léa 李"), "Léa 李");
    }

    #[test]
    fn formats_like_a_compiler() {
        let mut d = Diagnostics::new();
        d.error("content/a.md", Pos::new(7, 3), "bad");
        let v = d.into_sorted();
        assert_eq!(v[0].to_string(), "content/a.md:7:3: error: bad");
    }
}
