//! Helpers shared by the integration tests: running the `creatorkb` binary,
//! throw-away sites in temp folders, and reading built output.
#![allow(dead_code)] // each test crate uses a different part of this module

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    /// Exit code (-1 when killed by a signal).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Fails with the whole output when the exit code is not `code`.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code; {self:#?}");
        self
    }

    /// Fails when the program panicked.
    pub fn expect_no_panic(&self) -> &Self {
        assert!(
            !self.stderr.contains("panicked") && !self.stdout.contains("panicked"),
            "the program panicked: {self:#?}"
        );
        assert!(
            self.code >= 0,
            "the program was killed by a signal: {self:#?}"
        );
        self
    }

    /// Error lines (`...: error: ...`) of stderr.
    pub fn errors(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": error: "))
            .collect()
    }
}

/// The `creatorkb` command with a neutral environment (no colour).
pub fn command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_creatorkb"));
    cmd.env("NO_COLOR", "1").env_remove("CREATORKB_TIMINGS");
    cmd
}

/// Runs `creatorkb ARGS`.
pub fn creatorkb(args: &[&str]) -> Run {
    run(command().args(args))
}

/// Runs a prepared command and collects its output.
pub fn run(cmd: &mut Command) -> Run {
    let out = cmd.output().expect("run the creatorkb binary");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The example site of the repository.
pub fn example_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `path` as a `&str` for command lines.
pub fn s(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

pub const SITE_YAML: &str = "title: Test Desk\nbase_url: https://test.example/\n";

/// A valid creator, so every broken site still has something to build.
pub const OK_CREATOR: &str = "---\nname: Valid Person\nstatus: active\n---\nA valid creator.\n";

/// A throw-away site in a temp folder.
pub struct Site {
    pub dir: TempDir,
}

impl Site {
    /// `site.yaml` and one valid creator (`content/creators/valid.md`).
    pub fn new() -> Site {
        let site = Site::bare(SITE_YAML);
        site.write("content/creators/valid.md", OK_CREATOR);
        site
    }

    /// Only a `site.yaml` with `yaml`.
    pub fn bare(yaml: &str) -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.write("site.yaml", yaml);
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `text` to `rel`, creating folders.
    pub fn write(&self, rel: &str, text: &str) -> &Site {
        self.write_bytes(rel, text.as_bytes())
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) -> &Site {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write a site file");
        self
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).expect("remove a site file");
    }

    /// `creatorkb check --root SITE EXTRA...`.
    pub fn check(&self, extra: &[&str]) -> Run {
        let mut args = vec!["check", "--root", s(self.root())];
        args.extend_from_slice(extra);
        creatorkb(&args)
    }

    /// Builds into `<tmp>/out`; returns the run and the output folder.
    pub fn build(&self, extra: &[&str]) -> (Run, PathBuf) {
        let out = self.root().join("out");
        let r = build_into(self.root(), &out, extra);
        (r, out)
    }

    /// Builds, asserting success, and returns the HTML pages.
    pub fn build_ok(&self, extra: &[&str]) -> BTreeMap<String, String> {
        let (r, out) = self.build(extra);
        r.expect_no_panic().expect_code(0);
        html_pages(&out)
    }
}

/// `creatorkb build --root ROOT --output OUT EXTRA...`.
pub fn build_into(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["build", "--root", s(root), "--output", s(out)];
    args.extend_from_slice(extra);
    creatorkb(&args)
}

/// Builds the example site into a fresh temp folder, asserting success.
/// Keep the `TempDir` alive while reading the output (`dir.path()/out`).
pub fn build_example(extra: &[&str]) -> (TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    build_into(&example_root(), &out, extra)
        .expect_no_panic()
        .expect_code(0);
    (tmp, out)
}

/// Every file under `dir`: relative `/`-separated path → bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    collect(dir, dir, &mut out);
    out
}

fn collect(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {dir:?}: {e}"));
    for e in entries {
        let path = e.expect("dir entry").path();
        if path.is_dir() {
            collect(base, &path, out);
        } else {
            let rel = path.strip_prefix(base).expect("under base");
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.insert(rel, std::fs::read(&path).expect("read output file"));
        }
    }
}

/// Every `.html` file under `dir`, as text.
pub fn html_pages(dir: &Path) -> BTreeMap<String, String> {
    read_tree(dir)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).expect("HTML output is UTF-8")))
        .collect()
}

/// Values of every `attr="..."` in `html` (double-quoted, as the theme writes them).
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

/// The text shown right after the element whose text is `label`
/// (`<span>Response rate</span><span>50%</span>` → `50%`), tags stripped.
pub fn figure_after(html: &str, label: &str) -> String {
    let at = html
        .find(&format!(">{label}<"))
        .unwrap_or_else(|| panic!("no element with the text `{label}` in the page"));
    let rest = &html[at + label.len() + 2..];
    let mut text = String::new();
    let mut in_tag = true; // we start right after `<`
    for c in rest.chars() {
        match c {
            '<' => {
                in_tag = true;
                if !text.trim().is_empty() {
                    break;
                }
            }
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.trim().to_string()
}
