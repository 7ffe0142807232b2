//! Markdown bodies → HTML, with the site's rules applied on the event stream:
//! links to `.md` files become page links, raw HTML is escaped unless the site
//! allows it, dangerous URL schemes are neutralised, `private` fenced blocks
//! are dropped from public builds, headings get ids, and a glossary body's
//! `## FAQ` section is lifted out into questions and answers.

use crate::diag::{Diagnostics, Pos};
use crate::fasthash::HashMap;
mod embeds;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Content files by path (`content/creators/lea.md`) → root-relative URL,
/// `None` when the entry exists but is not part of this build.
pub type LinkMap = HashMap<String, Option<String>>;

/// Everything the renderer needs to know about where a body lives.
pub struct MdContext<'a> {
    /// Source file, relative to the site root.
    pub file: &'a str,
    /// File line where the body starts.
    pub body_line: u32,
    /// From the page back to the site root, e.g. `../../`.
    pub root: &'a str,
    /// Known content files.
    pub links: &'a LinkMap,
    /// Pass raw HTML through.
    pub unsafe_html: bool,
    /// Keep `private` fenced blocks.
    pub team: bool,
}

/// A rendered body.
#[derive(Debug, Default)]
pub struct Rendered {
    /// HTML without the FAQ section.
    pub html: String,
    /// `(question, answer_html, answer_text)` from a `## FAQ` section.
    pub faq: Vec<(String, String, String)>,
}

/// Renders `md` to HTML; problems (broken links) go to `diags`.
pub fn render(md: &str, cx: &MdContext, extract_faq: bool, diags: &mut Diagnostics) -> Rendered {
    // CommonMark replaces NUL with U+FFFD; pulldown-cmark passes it through,
    // and a NUL in a page can truncate it for whatever reads it next.
    let md = if md.contains('\0') {
        std::borrow::Cow::Owned(md.replace('\0', "\u{FFFD}"))
    } else {
        std::borrow::Cow::Borrowed(md)
    };
    let md: &str = &md;
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let events: Vec<(Event, std::ops::Range<usize>)> =
        Parser::new_ext(md, opts).into_offset_iter().collect();
    let events = rewrite(md, events, cx, diags);
    if !extract_faq {
        let mut html = String::with_capacity(md.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        return Rendered {
            html,
            faq: Vec::new(),
        };
    }
    split_faq(events)
}

type Spanned<'a> = (Event<'a>, std::ops::Range<usize>);

/// Applies the site's rules to the event stream of `md` (see the module
/// comment); each kind of event has its own small method.
fn rewrite<'a>(
    md: &'a str,
    events: Vec<Spanned<'a>>,
    cx: &MdContext,
    diags: &mut Diagnostics,
) -> Vec<Event<'a>> {
    let mut r = Rewriter {
        md,
        cx,
        diags,
        out: Vec::with_capacity(events.len()),
        events,
        i: 0,
        in_code: false,
    };
    while let Some((ev, range)) = r.next() {
        r.event(ev, range);
    }
    r.out
}

/// The state of one [`rewrite`]: events are taken out one by one (look-ahead
/// reads those after `i`, still in place).
struct Rewriter<'a, 'c, 'd> {
    md: &'a str,
    cx: &'c MdContext<'c>,
    diags: &'d mut Diagnostics,
    events: Vec<Spanned<'a>>,
    out: Vec<Event<'a>>,
    i: usize,
    /// Inside a code block, whose text is never an embed.
    in_code: bool,
}

impl<'a> Rewriter<'a, '_, '_> {
    /// The next event, taken out instead of cloned.
    fn next(&mut self) -> Option<Spanned<'a>> {
        let slot = self.events.get_mut(self.i)?;
        self.i += 1;
        Some(std::mem::replace(slot, (Event::SoftBreak, 0..0)))
    }

    fn error(&mut self, offset: usize, msg: String) {
        let pos = pos_of(self.md, offset, self.cx.body_line);
        self.diags.error(self.cx.file, pos, msg);
    }

    fn event(&mut self, ev: Event<'a>, range: std::ops::Range<usize>) {
        let unsafe_html = self.cx.unsafe_html;
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if is_private(&info) => {
                self.private_block()
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.in_code = true;
                self.out.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.in_code = false;
                self.out.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Start(Tag::Paragraph) if embeds::is_embed(self.md, &range) => self.embed(range),
            Event::Text(t) => {
                if !self.in_code {
                    self.inline_embeds(range);
                }
                self.out.push(Event::Text(t));
            }
            // Comments are notes to the writer: shown as text they would
            // publish them, so they are dropped with the HTML they are in.
            Event::InlineHtml(h) if !unsafe_html && h.starts_with("<!--") => {}
            Event::Start(Tag::HtmlBlock) if !unsafe_html => self.html_block(),
            Event::Html(h) | Event::InlineHtml(h) if !unsafe_html => self.out.push(Event::Text(h)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => self.link(link_type, dest_url, title, id, range.start),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.image(link_type, dest_url, title, id, range.start),
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.heading(level, id, classes, attrs, range.start),
            other => self.out.push(other),
        }
    }

    /// A `private` fenced block: an aside in team builds, nothing otherwise.
    fn private_block(&mut self) {
        let team = self.cx.team;
        if team {
            self.out.push(Event::Html(CowStr::Borrowed(
                "<aside class=\"private-note\"><p class=\"private-label\">Private note</p>",
            )));
            // Render the block's text as escaped preformatted text.
            self.out
                .push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(
                    CowStr::Borrowed(""),
                ))));
        }
        while let Some((e, _)) = self.next() {
            if matches!(e, Event::End(TagEnd::CodeBlock)) {
                break;
            }
            if team {
                self.out.push(e);
            }
        }
        if team {
            self.out.push(Event::End(TagEnd::CodeBlock));
            self.out.push(Event::Html(CowStr::Borrowed("</aside>")));
        }
    }

    /// An HTML block when raw HTML is not allowed: its text, escaped, with
    /// comments taken out.
    fn html_block(&mut self) {
        let mut block = Vec::new();
        while let Some((e, _)) = self.next() {
            match e {
                Event::End(TagEnd::HtmlBlock) => break,
                Event::Html(h) | Event::Text(h) => block.push(h),
                _ => {}
            }
        }
        if block.iter().any(|h| h.contains("<!--")) {
            let text = strip_comments(&block.concat());
            block = if text.trim().is_empty() {
                Vec::new()
            } else {
                vec![text.into()]
            };
        }
        if !block.is_empty() {
            self.out.push(Event::Start(Tag::HtmlBlock));
            self.out.extend(block.into_iter().map(Event::Text));
            self.out.push(Event::End(TagEnd::HtmlBlock));
        }
    }

    fn link(
        &mut self,
        link_type: pulldown_cmark::LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        offset: usize,
    ) {
        let Some(dest_url) = self.target(dest_url, offset) else {
            self.unlinked();
            return;
        };
        self.out.push(Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }));
    }

    /// Where a link or image in the body points once rewritten, or `None`
    /// when it is dropped (after reporting why, if it is a problem).
    fn target(&mut self, dest_url: CowStr<'a>, offset: usize) -> Option<CowStr<'a>> {
        match link_target(&dest_url, self.cx) {
            Target::Keep => Some(dest_url),
            Target::Page(url) => Some(url.into()),
            Target::Drop(problem) => {
                if let Some(msg) = problem {
                    self.error(offset, msg);
                }
                None
            }
        }
    }

    /// Keeps a dropped link's text, not the link: copies events up to the
    /// matching end.
    fn unlinked(&mut self) {
        let mut depth = 1;
        while let Some((e, _)) = self.next() {
            match e {
                Event::Start(Tag::Link { .. }) => depth += 1,
                Event::End(TagEnd::Link) => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            self.out.push(e);
        }
    }

    fn image(
        &mut self,
        link_type: pulldown_cmark::LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        offset: usize,
    ) {
        let dest_url = self
            .target(dest_url, offset)
            .unwrap_or(CowStr::Borrowed(""));
        self.out.push(Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }));
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        mut classes: Vec<CowStr<'a>>,
        mut attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
        offset: usize,
    ) {
        let unsafe_html = self.cx.unsafe_html;
        let mut problems: Vec<String> = Vec::new();
        let mut id = id.filter(|id| unsafe_html || safe_token(id, "id", &mut problems));
        if !unsafe_html {
            // Any other attribute (`onfocus`, `style`, `tabindex`)
            // could run script or restyle the page.
            classes.retain(|c| safe_token(c, "class", &mut problems));
            for (name, _) in attrs.drain(..) {
                problems.push(format!(
                    "heading attribute `{name}` is not allowed: headings may set only an id (`{{#id}}`) and classes (`{{.class}}`); the attribute is left out (set `unsafe_html: true` in site.yaml to allow any)"
                ));
            }
        }
        for msg in problems {
            self.error(offset, msg);
        }
        if id.is_none() {
            let rest = self.events.get(self.i..).unwrap_or_default();
            id = Some(crate::text::slugify(&heading_text(rest)).into());
        }
        self.out.push(Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }));
    }
}

/// Whether a heading's `{#id}` or `{.class}` is a plain name (letters,
/// digits, `-`, `_`, `.`, `:`); if not, the reason goes to `problems`.
fn safe_token(token: &str, what: &str, problems: &mut Vec<String>) -> bool {
    let ok = !token.is_empty()
        && token.chars().count() <= 100
        && token
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    if !ok {
        problems.push(format!(
            "heading {what} `{}` is left out: use letters, digits, `-`, `_`, `.` and `:` only (at most 100)",
            token.escape_debug()
        ));
    }
    ok
}

/// `html` without its `<!-- ... -->` comments (an unclosed one runs to the end).
fn strip_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 4..];
        // `<!-->` and `<!--->` are (empty) comments too.
        let end = if after.starts_with('>') {
            Some(1)
        } else if after.starts_with("->") {
            Some(2)
        } else {
            after.find("-->").map(|e| e + 3)
        };
        match end {
            Some(e) => rest = &after[e..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

enum Target {
    /// Leave the URL as written (external or in-page).
    Keep,
    /// Replace with this page URL.
    Page(String),
    /// Remove the link, with an error message when it is the author's mistake.
    Drop(Option<String>),
}

fn link_target(dest: &str, cx: &MdContext) -> Target {
    let lower = dest.trim_start().to_ascii_lowercase();
    if let Some(colon) = lower.find(':')
        && !lower[..colon].contains('/')
    {
        let scheme = &lower[..colon];
        return if matches!(scheme, "http" | "https" | "mailto" | "tel") {
            Target::Keep
        } else {
            Target::Drop(Some(format!(
                "link to `{dest}`: only http, https, mailto and tel links are allowed"
            )))
        };
    }
    if dest.starts_with('#') || dest.starts_with("//") {
        return Target::Keep;
    }
    let (file_part, anchor) = match dest.split_once('#') {
        Some((f, a)) => (f, Some(a)),
        None => (dest, None),
    };
    if !file_part.ends_with(".md") {
        // A static file: root-absolute paths become root-relative.
        return match file_part.strip_prefix('/') {
            Some(rest) => Target::Page(format!(
                "{}{rest}{}",
                cx.root,
                anchor.map(|a| format!("#{a}")).unwrap_or_default()
            )),
            None => Target::Keep,
        };
    }
    let target = join(cx.file, file_part);
    match cx.links.get(&target) {
        Some(Some(path)) => Target::Page(format!(
            "{}{}{}",
            cx.root,
            path,
            anchor.map(|a| format!("#{a}")).unwrap_or_default()
        )),
        Some(None) => Target::Drop(None),
        None => Target::Drop(Some(format!(
            "broken link `{file_part}`: `{target}` does not exist (links to content files are paths relative to this file)"
        ))),
    }
}

/// Resolves `rel` against the folder of `file`, both `/`-separated.
pub(crate) fn join(file: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = file.split('/').collect();
    parts.pop();
    let rel = rel.strip_prefix('/').map_or(rel, |r| {
        parts.clear();
        r
    });
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

pub(crate) fn pos_of(md: &str, offset: usize, body_line: u32) -> Pos {
    let before = md.get(..offset).unwrap_or(md);
    let line = before.bytes().filter(|&b| b == b'\n').count() as u32;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    Pos::new(body_line + line, col)
}

fn heading_text(rest: &[(Event, std::ops::Range<usize>)]) -> String {
    let mut s = String::new();
    for (e, _) in rest {
        match e {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            _ => {}
        }
    }
    s
}

/// Separates a `## FAQ` section (`###` questions) from the rest of the body.
fn split_faq(events: Vec<Event>) -> Rendered {
    let mut body = Vec::with_capacity(events.len());
    let mut faq: Vec<(String, Vec<Event>)> = Vec::new();
    let mut in_faq = false;
    let mut i = 0;
    while i < events.len() {
        let ev = &events[i];
        if let Event::Start(Tag::Heading { level, .. }) = ev {
            let (text, end) = heading_span(&events, i);
            match level {
                HeadingLevel::H2 => {
                    in_faq = text.trim().eq_ignore_ascii_case("faq")
                        || text
                            .trim()
                            .eq_ignore_ascii_case("frequently asked questions");
                    if in_faq {
                        i = end;
                        continue;
                    }
                }
                HeadingLevel::H1 => in_faq = false,
                HeadingLevel::H3 if in_faq => {
                    faq.push((text, Vec::new()));
                    i = end;
                    continue;
                }
                _ => {}
            }
        }
        if in_faq {
            if let Some((_, answer)) = faq.last_mut() {
                answer.push(ev.clone());
            }
        } else {
            body.push(ev.clone());
        }
        i += 1;
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, body.into_iter());
    let faq = faq
        .into_iter()
        .map(|(q, evs)| {
            let text = plain_text(&evs);
            let mut a = String::new();
            pulldown_cmark::html::push_html(&mut a, evs.into_iter());
            (q, a, text)
        })
        .collect();
    Rendered { html, faq }
}

/// The heading's text and the index after its end event.
fn heading_span(events: &[Event], start: usize) -> (String, usize) {
    let mut text = String::new();
    let mut j = start + 1;
    while j < events.len() {
        match &events[j] {
            Event::End(TagEnd::Heading(_)) => return (text, j + 1),
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
        j += 1;
    }
    (text, j)
}

/// Text content of events, blocks separated by spaces.
pub fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            // Inline ends (`*could* work`, `[Léa](x).`) add no space.
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_)
                if !s.ends_with(' ') && !s.is_empty() =>
            {
                s.push(' ')
            }
            _ => {}
        }
    }
    s.trim().to_string()
}

/// Renders a short Markdown string (a FAQ answer) with the same rules; the
/// plain text (for JSON-LD, exports and search) leaves out what the HTML
/// leaves out for the audience.
pub fn render_inline(md: &str, cx: &MdContext, diags: &mut Diagnostics) -> (String, String) {
    let r = render(md, cx, false, diags);
    let md = md.replace('\0', "\u{FFFD}");
    let events = embeds::without_embeds(&md, Parser::new(&md).into_offset_iter().collect());
    let text = if cx.team {
        plain_text(&events)
    } else {
        plain_text(&without_private(events))
    };
    (r.html, text)
}

/// Whether a fenced block's info string marks it as a private note: its
/// first word is `private`, in any case (```` ```Private ```` too).
fn is_private(info: &str) -> bool {
    info.split_whitespace()
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("private"))
}

/// `events` without their private fenced blocks, for a public build.
fn without_private(events: Vec<Event>) -> Vec<Event> {
    let mut skipping = false;
    events
        .into_iter()
        .filter(|e| {
            if skipping {
                skipping = !matches!(e, Event::End(TagEnd::CodeBlock));
                return false;
            }
            if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = e
                && is_private(info)
            {
                skipping = true;
                return false;
            }
            true
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx<'a>(links: &'a LinkMap, team: bool) -> MdContext<'a> {
        MdContext {
            file: "content/creators/a.md",
            body_line: 5,
            root: "../../",
            links,
            unsafe_html: false,
            team,
        }
    }

    #[test]
    fn rewrites_md_links_and_reports_missing() {
        let mut links = LinkMap::default();
        links.insert("content/campaigns/x.md".into(), Some("campaigns/x/".into()));
        let mut d = Diagnostics::new();
        let r = render(
            "See [x](../campaigns/x.md#top).\n\n[y](nope.md)",
            &cx(&links, false),
            false,
            &mut d,
        );
        assert!(
            r.html.contains("href=\"../../campaigns/x/#top\""),
            "{}",
            r.html
        );
        assert!(!r.html.contains("nope.md"));
        let v = d.into_sorted();
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].line, v[0].column), (7, 1));
    }

    #[test]
    fn escapes_html_and_scripts() {
        let links = LinkMap::default();
        let mut d = Diagnostics::new();
        let r = render(
            "<script>alert(1)</script>\n\n[a](javascript:alert(1))",
            &cx(&links, false),
            false,
            &mut d,
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("javascript:"), "{}", r.html);
    }

    #[test]
    fn private_blocks_only_in_team_builds() {
        let links = LinkMap::default();
        let mut d = Diagnostics::new();
        let md = "Hi\n\n```private\nsecret\n```\n";
        assert!(
            !render(md, &cx(&links, false), false, &mut d)
                .html
                .contains("secret")
        );
        assert!(
            render(md, &cx(&links, true), false, &mut d)
                .html
                .contains("secret")
        );
    }

    #[test]
    fn lifts_the_faq_section() {
        let links = LinkMap::default();
        let mut d = Diagnostics::new();
        let r = render(
            "Intro\n\n## FAQ\n\n### Why?\n\nBecause.\n\n## More\n\nText",
            &cx(&links, false),
            true,
            &mut d,
        );
        assert_eq!(r.faq.len(), 1);
        assert_eq!(r.faq[0].0, "Why?");
        assert!(r.faq[0].1.contains("Because."));
        assert!(r.html.contains("More") && !r.html.contains("Because"));
    }

    #[test]
    fn plain_text_spaces_blocks_not_inline_ends() {
        let md = "You *could* work with [Léa](x.md).\n\nNext **one**.";
        let events: Vec<Event> = Parser::new(md).collect();
        assert_eq!(plain_text(&events), "You could work with Léa. Next one.");
    }
}
