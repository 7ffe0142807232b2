//! Embeds in a body (see [`crate::embeds`]): a paragraph that is one
//! `{{ name(arg="…") }}` becomes a marker for render; the same syntax
//! anywhere else (in a sentence, a heading, a tight list item) is an error,
//! and `\{{` writes the braces as text. Code spans and code blocks are never
//! read for embeds.

use super::{Rewriter, Spanned};
use crate::embeds::{self, Embed};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::ops::Range;

/// Whether the paragraph at `range` of `md` is written as an embed.
pub(super) fn is_embed(md: &str, range: &Range<usize>) -> bool {
    md.get(range.clone())
        .is_some_and(|src| embeds::starts_embed(src.trim_start()))
}

impl<'a> Rewriter<'a, '_, '_> {
    /// A paragraph that is an embed: checked against the build's entries
    /// and replaced by its marker; the paragraph's own events are skipped.
    pub(super) fn embed(&mut self, range: Range<usize>) {
        while let Some((e, _)) = self.next() {
            if matches!(e, Event::End(TagEnd::Paragraph)) {
                break;
            }
        }
        let src = self.md.get(range.clone()).unwrap_or_default();
        // Errors point at the `{{`, wherever the paragraph starts.
        let at = range.start + (src.len() - src.trim_start().len());
        let call = match embeds::parse(src) {
            Ok(call) => call,
            Err(msg) => return self.error(at, msg),
        };
        let key = embeds::link_key(call.kind, &call.slug);
        let word = call.kind.entry_word();
        match self.cx.links.get(&key) {
            Some(Some(_)) => {
                let marker = embeds::marker(&Embed {
                    kind: call.kind,
                    slug: call.slug,
                });
                self.out.push(Event::Html(CowStr::from(marker)));
            }
            // In a team build, only drafts are left out (without `--drafts`):
            // the embed goes with them, like a link to one.
            Some(None) if self.cx.team => {}
            Some(None) => self.error(
                at,
                format!(
                    "the {word} `{}` is not part of the public build (private, hidden, a draft or without consent): a public page cannot embed it",
                    call.slug
                ),
            ),
            None => self.error(at, format!("no {word} has the slug `{}`", call.slug)),
        }
    }

    /// Reports embeds written inside running text at `range`.
    pub(super) fn inline_embeds(&mut self, range: Range<usize>) {
        let Some(src) = self.md.get(range.clone()) else {
            return;
        };
        let mut from = 0;
        while let Some(k) = src.get(from..).and_then(|s| s.find("{{")) {
            let at = from + k;
            from = at + 2;
            let escaped = self.md[..range.start + at].ends_with('\\');
            if !escaped && src.get(at..).is_some_and(embeds::starts_embed) {
                self.error(
                    range.start + at,
                    "an embed must be alone in its own paragraph (a blank line before and after it); to write `{{` as text, write `\\{{`".to_string(),
                );
            }
        }
    }
}

/// `events` without the paragraphs written as embeds: for plain text,
/// which shows nothing of an embed.
pub(super) fn without_embeds<'a>(md: &str, events: Vec<Spanned<'a>>) -> Vec<Event<'a>> {
    let mut skipping = false;
    let mut out = Vec::with_capacity(events.len());
    for (e, range) in events {
        if skipping {
            skipping = !matches!(e, Event::End(TagEnd::Paragraph));
            continue;
        }
        if matches!(e, Event::Start(Tag::Paragraph)) && is_embed(md, &range) {
            skipping = true;
            continue;
        }
        out.push(e);
    }
    out
}
