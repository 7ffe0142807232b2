//! The body-only fast path: the most common edit — prose in a profile, a
//! recap, a glossary entry or a page — skips load and resolve entirely.
//!
//! When every changed file is a known entry whose bytes before the body
//! (its front matter) are exactly what they were, the parse differs only in
//! the body: same slug, fields, visibility, links, problems. Resolve reads
//! a body in one place only, to render it into the entry's own view
//! (`body_html`, and the FAQ of a glossary term), so the new site is the
//! last one with those fields replaced. The body is rendered with the very
//! same Markdown context resolve uses (the memo of [`crate::cache::markdown`] is
//! shared), then pages are fingerprinted and rendered as usual.
//!
//! Anything else — a new, deleted or renamed file, a front-matter change, a
//! translation, the home intro, a body with problems, a last build that
//! failed — goes down the full path. The serve tests compare the result
//! with a full build after body edits of every kind of entry.

use super::fingerprint;
use super::incremental::{Outcome, Rebuilder};
use super::sources::{CachedFile, front_hash, strip_if_public};
use super::watch::Changes;
use crate::diag::Diagnostics;
use crate::load::Folder;
use crate::markdown::{MdContext, Rendered};
use crate::resolve::Audience;
use crate::resolve::types::FaqView;
use crate::timing;
use std::path::PathBuf;
use std::time::Instant;

/// One body to put in the site.
struct BodyEdit {
    path: PathBuf,
    file: CachedFile,
    /// Where the entry is in the site; `None` when it is not rendered (a
    /// hidden entry or a translation), so nothing in the site changes.
    target: Option<(Folder, usize)>,
    rendered: Option<Rendered>,
    /// FAQ items of the old body (glossary terms), to replace.
    old_body_faq: usize,
}

impl Rebuilder {
    /// Rebuilds through the fast path when the changes allow it; `None`
    /// when they do not (nothing has been modified then).
    pub(super) fn try_body_only(
        &mut self,
        changes: &Changes,
        open: Option<&crate::fasthash::HashSet<String>>,
        start: Instant,
    ) -> Option<Outcome> {
        if changes.rescan || changes.paths.is_empty() {
            return None;
        }
        let (site, _) = self.site.as_ref()?;
        let links = self.md.link_map()?;
        let mut paths: Vec<&PathBuf> = changes.paths.iter().collect();
        paths.sort();
        paths.dedup();
        let team = self.opts.audience == Audience::Team;
        let mut edits = Vec::with_capacity(paths.len());
        for path in paths {
            let old = self.sources.get(path)?;
            if old.folder == Folder::Home {
                return None;
            }
            let raw = std::fs::read(path).ok()?;
            let mut d = Diagnostics::new();
            let mut parsed =
                crate::load::parse_one_bytes(&self.root, old.folder, path, &raw, &mut d);
            strip_if_public(
                &mut parsed,
                self.opts.audience == crate::resolve::Audience::Public,
            );
            let problems = d.into_sorted();
            let front = front_hash(&raw, &parsed);
            if front.is_none() || front != old.front || problems != old.problems {
                return None;
            }
            let (new, before) = (parsed.parts()?, old.parsed.parts()?);
            if (new.path, new.slug, new.lang, new.body_line)
                != (before.path, before.slug, before.lang, before.body_line)
            {
                return None;
            }
            // Embeds give the entries they show backlinks: the full path
            // keeps those in step.
            let embeds = |b: &str| b.contains("{{") || b.contains("ckb:embed");
            if embeds(new.body) || embeds(before.body) {
                return None;
            }
            // An original's body shows only in the default language (other
            // languages show their translation's body, or none for a
            // fallback). A translation's body would need its language's
            // links and root: the full path handles it. A translation
            // re-read because its original changed, but itself unchanged,
            // needs nothing.
            let target = if new.lang.is_some() {
                if new.body != before.body {
                    return None;
                }
                None
            } else {
                let slug = new.slug;
                match old.folder {
                    Folder::Creators => site.creators.iter().position(|c| c.card.slug == slug),
                    Folder::Campaigns => site.campaigns.iter().position(|c| c.card.slug == slug),
                    Folder::Glossary => site.terms.iter().position(|t| t.slug == slug),
                    Folder::Pages => site.pages.iter().position(|p| p.slug == slug),
                    Folder::Home => None,
                }
                .map(|i| (old.folder, i))
            };
            let mut edit = BodyEdit {
                path: path.clone(),
                file: CachedFile {
                    folder: old.folder,
                    stamp: std::fs::metadata(path)
                        .ok()
                        .and_then(|m| Some((m.len(), m.modified().ok()?))),
                    parsed: std::sync::Arc::new(parsed.clone()),
                    problems,
                    front,
                },
                target,
                rendered: None,
                old_body_faq: 0,
            };
            if let Some((folder, _)) = target {
                // The same context resolve gives this kind of entry (see
                // `resolve::build`): root, FAQ extraction, links, switches.
                let root = if folder == Folder::Pages {
                    "../"
                } else {
                    "../../"
                };
                let faq = folder == Folder::Glossary;
                let cx = |body_line| MdContext {
                    file: new.path,
                    body_line,
                    root,
                    links: &links,
                    unsafe_html: self.unsafe_html,
                    team,
                };
                let mut d_old = Diagnostics::new();
                let old_render =
                    self.md
                        .render(before.body, &cx(before.body_line), faq, &mut d_old);
                let mut d_new = Diagnostics::new();
                let new_render = self
                    .md
                    .render(new.body, &cx(new.body_line), faq, &mut d_new);
                // Problems in a body (broken links) are the full path's
                // business: it reports them with everything else.
                if !d_old.is_empty() || !d_new.is_empty() {
                    return None;
                }
                edit.old_body_faq = old_render.faq.len();
                edit.rendered = Some(new_render);
            }
            edits.push(edit);
        }
        let t = Instant::now();
        let (site, mut views) = self.site.take()?;
        // Shared with a site-files job still running for the last build
        // only when edits come quicker than that job: copy then.
        let t_clone = Instant::now();
        let mut site = std::sync::Arc::try_unwrap(site).unwrap_or_else(|shared| (*shared).clone());
        timing("serve: take site", t_clone);
        let mut buf = Vec::new();
        for edit in &mut edits {
            let (Some((folder, i)), Some(r)) = (edit.target, edit.rendered.take()) else {
                continue;
            };
            match folder {
                Folder::Creators => {
                    std::sync::Arc::make_mut(&mut site.creators[i]).body_html = r.html;
                    views.creators[i] = fingerprint::of(&mut buf, &site.creators[i]);
                }
                Folder::Campaigns => {
                    std::sync::Arc::make_mut(&mut site.campaigns[i]).body_html = r.html;
                    views.campaigns[i] = fingerprint::of(&mut buf, &site.campaigns[i]);
                }
                Folder::Glossary => {
                    let term = std::sync::Arc::make_mut(&mut site.terms[i]);
                    term.body_html = r.html;
                    // Front-matter questions first, then the body's (as
                    // resolve composes them): replace the body's.
                    let keep = term.faq.len().saturating_sub(edit.old_body_faq);
                    term.faq.truncate(keep);
                    term.faq.extend(r.faq.into_iter().map(|(q, a, t)| FaqView {
                        question: q,
                        answer_html: a,
                        answer_text: t,
                    }));
                    views.terms[i] = fingerprint::of(&mut buf, &site.terms[i]);
                }
                Folder::Pages => {
                    std::sync::Arc::make_mut(&mut site.pages[i]).body_html = r.html;
                    views.pages[i] = fingerprint::of(&mut buf, &site.pages[i]);
                }
                Folder::Home => {}
            }
        }
        for edit in edits {
            self.sources.replace(edit.path, edit.file);
        }
        timing("serve: body-only update", t);
        let mut diags = Diagnostics::new();
        for d in &self.last_problems {
            let pos = crate::diag::Pos::new(d.line, d.column);
            match d.severity {
                crate::diag::Severity::Error => diags.error(&d.path, pos, d.message.clone()),
                crate::diag::Severity::Warning => diags.warning(&d.path, pos, d.message.clone()),
            }
        }
        let mut outcome =
            self.render_and_publish(std::sync::Arc::new(site), views, diags, open, start);
        outcome.body_only = outcome.ok;
        Some(outcome)
    }
}
