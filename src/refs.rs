//! What content files point at besides other content files: `image:` files
//! and the targets of Markdown links and images that are not `.md` files.
//! `check` gathers them while loading and tests them once every output
//! path is known, so a missing static file, a page link written without
//! `.md` or a root-absolute page link (broken from `file://`) is reported
//! at its `path:line:col` instead of being found on the published page.

use crate::diag::{Diagnostics, Pos};
use crate::fasthash::{HashMap, HashSet};
use crate::load::{Entry, Loaded};
use pulldown_cmark::{Event, Options, Parser, Tag};

/// Where a reference was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// An `image:` front-matter value.
    ImageKey,
    /// A Markdown link or image in a body.
    Body,
}

/// One reference to a file of the built site.
#[derive(Clone, Debug)]
pub struct Ref {
    path: String,
    pos: Pos,
    dest: String,
    kind: Kind,
}

/// The references of a loaded site, and the content files it has (by
/// path, and by kind folder and slug for suggestions).
#[derive(Default)]
pub struct Refs {
    refs: Vec<Ref>,
    /// `content/...md` paths of every entry.
    files: HashSet<String>,
    /// (`creators`, `lea-martin`) → `content/creators/2024/lea-martin.md`.
    by_slug: HashMap<(String, String), String>,
}

/// Gathers the references of every entry of `loaded`.
pub fn collect(loaded: &Loaded) -> Refs {
    let mut r = Refs::default();
    for e in &loaded.creators {
        r.image_key(e, e.fm.image.as_ref());
        r.entry(e, "creators");
    }
    for e in &loaded.campaigns {
        r.image_key(e, e.fm.image.as_ref());
        r.entry(e, "campaigns");
    }
    for e in &loaded.terms {
        r.entry(e, "glossary");
    }
    for e in loaded.pages.iter().chain(&loaded.home) {
        r.entry(e, "");
    }
    r
}

impl Refs {
    fn image_key<T>(&mut self, e: &Entry<T>, img: Option<&serde_saphyr::Spanned<String>>) {
        if let Some(img) = img {
            self.refs.push(Ref {
                path: e.path.clone(),
                pos: spanned_pos(img),
                dest: img.value.trim().to_string(),
                kind: Kind::ImageKey,
            });
        }
    }

    fn entry<T>(&mut self, e: &Entry<T>, section: &str) {
        self.files.insert(e.path.clone());
        if e.lang.is_none() {
            self.by_slug
                .insert((section.to_string(), e.slug.clone()), e.path.clone());
        }
        // Most bodies hold no link at all: skip the parse for them.
        if !e.body.contains("](") && !e.body.contains("]:") {
            return;
        }
        let parser = Parser::new_ext(&e.body, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES);
        for (ev, range) in parser.into_offset_iter() {
            if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = ev {
                self.refs.push(Ref {
                    path: e.path.clone(),
                    pos: crate::markdown::pos_of(&e.body, range.start, e.body_line),
                    dest: dest_url.to_string(),
                    kind: Kind::Body,
                });
            }
        }
    }

    /// Reports every reference whose target is not a file of the built
    /// site: `exists(path)` says whether the output holds `path` (a static
    /// file or a generated one, without a leading `/`).
    pub fn check(&self, exists: &dyn Fn(&str) -> bool, diags: &mut Diagnostics) {
        for r in &self.refs {
            self.check_one(r, exists, diags);
        }
    }

    fn check_one(&self, r: &Ref, exists: &dyn Fn(&str) -> bool, d: &mut Diagnostics) {
        let dest = r.dest.trim();
        let lower = dest.to_ascii_lowercase();
        // Other sites, in-page anchors and unsafe schemes are not files of
        // this site (unsafe schemes are reported where links are rendered).
        let has_scheme = lower.find(':').is_some_and(|i| !lower[..i].contains('/'));
        if dest.is_empty() || has_scheme || dest.starts_with('#') || dest.starts_with("//") {
            return;
        }
        let file_part = dest.split(['#', '?']).next().unwrap_or_default();
        if file_part.ends_with(".md") || file_part.is_empty() {
            return; // content links are checked as the body is rendered
        }
        if r.kind == Kind::ImageKey {
            let rel = file_part.trim_start_matches('/');
            if !exists(rel) {
                d.error(
                    &r.path,
                    r.pos,
                    format!("image `{dest}` does not exist: put the file in static/{rel}, or write its path from static/ (e.g. `/images/lea.jpg`)"),
                );
            }
            return;
        }
        if let Some(rel) = file_part.strip_prefix('/') {
            let index = if rel.is_empty() || rel.ends_with('/') {
                format!("{rel}index.html")
            } else {
                format!("{rel}/index.html")
            };
            let page_like = rel.is_empty() || rel.ends_with('/') || exists(&index);
            if page_like && exists(&index) {
                let hint = self
                    .content_file(rel)
                    .map(|f| {
                        format!(
                            ": link the content file instead, `{}`",
                            relative(&r.path, f)
                        )
                    })
                    .unwrap_or_default();
                d.warning(
                    &r.path,
                    r.pos,
                    format!("link `{dest}` starts at the site root, so it breaks when the site is browsed from disk (`build --offline`){hint}"),
                );
            } else if page_like {
                d.error(
                    &r.path,
                    r.pos,
                    format!("broken link `{dest}`: the site has no such page"),
                );
            } else if !exists(rel) {
                d.error(
                    &r.path,
                    r.pos,
                    format!("broken link `{dest}`: there is no static/{rel} (nor a theme or generated file of that path)"),
                );
            }
            return;
        }
        // A relative path that is a content file once `.md` is added.
        let base = file_part.trim_end_matches('/');
        let target = crate::markdown::join(&r.path, &format!("{base}.md"));
        if self.files.contains(&target) {
            d.error(
                &r.path,
                r.pos,
                format!(
                    "link `{dest}` lacks `.md`: links to content files name the file, `{base}.md`"
                ),
            );
        }
    }

    /// The content file whose page is at `rel` (`creators/lea/`), if any.
    fn content_file(&self, rel: &str) -> Option<&String> {
        let parts: Vec<&str> = rel.trim_end_matches('/').split('/').collect();
        let key = match parts.as_slice() {
            [section @ ("creators" | "campaigns" | "glossary"), slug] => {
                (section.to_string(), slug.to_string())
            }
            [slug] => (String::new(), slug.to_string()),
            _ => return None,
        };
        self.by_slug.get(&key)
    }
}

/// Front-matter position of a spanned value (YAML starts on file line 2).
/// The position of a front-matter value, 1-based.
pub(crate) fn spanned_pos<T>(s: &serde_saphyr::Spanned<T>) -> Pos {
    match u32::try_from(s.referenced.line()) {
        Ok(line) if line > 0 => {
            Pos::new(line + 1, u32::try_from(s.referenced.column()).unwrap_or(0))
        }
        _ => Pos::default(),
    }
}

/// Path of `to` relative to the folder of `from` (both from the site root).
fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let from_dir = &from[..from.len().saturating_sub(1)];
    let common = from_dir
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from_dir.len() - common);
    out.push_str(&to_parts[common..].join("/"));
    out
}

#[cfg(test)]
mod tests {
    use super::relative;

    #[test]
    fn relative_paths_between_content_files() {
        assert_eq!(
            relative("content/campaigns/a.md", "content/creators/lea.md"),
            "../creators/lea.md"
        );
        assert_eq!(
            relative("content/creators/2024/a.md", "content/creators/lea.md"),
            "../lea.md"
        );
        assert_eq!(relative("content/pages/a.md", "content/pages/b.md"), "b.md");
    }
}
