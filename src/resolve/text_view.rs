//! Glossary terms and free pages.

use super::build::{Context, opt_date};
use super::types::*;
use crate::diag::Diagnostics;
use crate::fasthash::HashMap;
use crate::load::Entry;
use crate::markdown::{self, MdContext};
use crate::model::{PageFm, TermFm};
use crate::text;

/// A glossary term, its FAQ merged from front matter and the body's `## FAQ`.
pub(super) fn term(
    e: &Entry<TermFm>,
    names_by_slug: &HashMap<&str, Link>,
    cx: &Context,
    d: &mut Diagnostics,
) -> Term {
    let fm = &e.fm;
    let body = cx.body(e, "../../", true, d);
    let root = cx.md_root("../../");
    let md_cx = MdContext {
        file: &e.path,
        body_line: e.body_line,
        root: &root,
        links: cx.links,
        unsafe_html: cx.unsafe_html,
        team: cx.team,
    };
    let mut faq: Vec<FaqView> = fm
        .faq
        .iter()
        .map(|f| {
            let (answer_html, answer_text) = markdown::render_inline(&f.answer, &md_cx, d);
            FaqView {
                question: f.question.clone(),
                answer_html,
                answer_text,
            }
        })
        .collect();
    faq.extend(body.faq.into_iter().map(|(q, a, t)| FaqView {
        question: q,
        answer_html: a,
        answer_text: t,
    }));
    let letter = fm
        .term
        .chars()
        .next()
        .map(|c| text::fold(&c.to_string()).to_uppercase())
        .filter(|l| l.chars().all(|c| c.is_ascii_alphabetic()))
        .unwrap_or_else(|| "#".to_string());
    Term {
        slug: e.slug.clone(),
        path: cx.entry_urls(e).dir(&format!("glossary/{}/", e.slug)),
        term: fm.term.clone(),
        definition: fm.definition.trim().to_string(),
        letter,
        alternate_names: fm.alternate_names.clone(),
        translations: fm
            .translations
            .iter()
            .map(|(l, t)| Translation {
                lang: l.clone(),
                language: cx.lang.language_name(l),
                term: t.clone(),
            })
            .collect(),
        category: fm.category.clone(),
        related: fm
            .related
            .iter()
            .filter_map(|r| names_by_slug.get(r.value.as_str()).cloned())
            .collect(),
        faq,
        author: fm.author.clone(),
        date: opt_date(fm.date),
        updated: opt_date(fm.updated.or(fm.date)),
        body_html: body.html,
        fallback: cx.fallback(e),
        extra: fm.extra.clone(),
        source: e.path.clone(),
    }
}

/// A free page or the home intro at `path`, its links relative to `root`.
pub(super) fn page(
    e: &Entry<PageFm>,
    path: String,
    root: &str,
    cx: &Context,
    d: &mut Diagnostics,
) -> Page {
    let body = cx.body(e, root, false, d);
    Page {
        slug: e.slug.clone(),
        path,
        title: e.fm.title.clone().unwrap_or_default(),
        description: e.fm.description.clone().unwrap_or_default(),
        date: opt_date(e.fm.date),
        updated: opt_date(e.fm.updated.or(e.fm.date)),
        body_html: body.html,
        extra: e.fm.extra.clone(),
        source: e.path.clone(),
        fallback: cx.is_fallback(e),
    }
}
