//! Embeds in Markdown bodies: `{{ creator(slug="lea-martin") }}` and its
//! kin, written alone in their own paragraph.
//!
//! A leaf module shared by the stages that meet an embed: `markdown`
//! parses the syntax ([`parse`]) and leaves a [`marker`] in the body's
//! HTML; `resolve` turns the markers of every body into backlinks;
//! `render` replaces each marker with the theme's `embeds/<kind>.html`;
//! the dev server fingerprints the pages that embed a view. The marker is
//! an HTML comment naming a kind and a checked slug, so a body's HTML
//! stays valid and its plain text (search, snippets) holds no `{{ … }}`.

mod syntax;

pub use syntax::{Call, ParseError, parse, starts_embed};

/// What an embed shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A creator's listing card: `{{ creator(slug="…") }}`.
    Creator,
    /// A campaign's card: `{{ campaign(slug="…") }}`.
    Campaign,
    /// A glossary term's definition: `{{ term(slug="…") }}`.
    Term,
    /// A creator's figure tiles: `{{ kpis(creator="…") }}`.
    Kpis,
}

impl Kind {
    /// Every kind, in the order the documentation lists them.
    pub const ALL: [Kind; 4] = [Kind::Creator, Kind::Campaign, Kind::Term, Kind::Kpis];

    /// The name written in a body, and of the theme's `embeds/<name>.html`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Creator => "creator",
            Kind::Campaign => "campaign",
            Kind::Term => "term",
            Kind::Kpis => "kpis",
        }
    }

    /// The kind written `name`, if any.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The one argument each kind takes: the slug of what it shows.
    pub fn argument(self) -> &'static str {
        match self {
            Kind::Kpis => "creator",
            _ => "slug",
        }
    }

    /// The kind of entry the argument names (`kpis` shows a creator's).
    pub fn target(self) -> Kind {
        match self {
            Kind::Kpis => Kind::Creator,
            k => k,
        }
    }

    /// The entry kind in words, for messages.
    pub fn entry_word(self) -> &'static str {
        match self.target() {
            Kind::Campaign => "campaign",
            Kind::Term => "glossary term",
            _ => "creator",
        }
    }

    /// The template that renders it.
    pub fn template(self) -> String {
        format!("embeds/{}.html", self.name())
    }
}

/// A resolved embed: what to show, of which entry.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Embed {
    /// What to show.
    pub kind: Kind,
    /// The slug of the entry shown (checked to be a plain name).
    pub slug: String,
}

const OPEN: &str = "<!--ckb:embed ";
const CLOSE: &str = "-->";

/// The HTML comment a body holds where the embed goes.
pub fn marker(e: &Embed) -> String {
    format!("{OPEN}{} {}{CLOSE}", e.kind.name(), e.slug)
}

/// Key of an embeddable entry in the markdown link map (`embed:creator:lea`),
/// where a body's embeds are checked: `Some` when the entry is in the build.
pub fn link_key(kind: Kind, slug: &str) -> String {
    format!("embed:{}:{slug}", kind.target().name())
}

/// Whether `html` holds any embed marker (cheap: one substring search).
pub fn any(html: &str) -> bool {
    html.contains(OPEN)
}

/// One piece of HTML split at its markers.
pub enum Piece<'a> {
    /// HTML to copy as it is.
    Html(&'a str),
    /// An embed to render in its place.
    Embed(Embed),
}

/// `html` cut into plain HTML and embeds, in order. A marker that does not
/// name a kind and a plain slug (say, written by hand in raw HTML) is
/// left as HTML.
pub fn pieces(html: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len()..];
        let Some(end) = after.find(CLOSE) else { break };
        let embed = after[..end].split_once(' ').and_then(|(k, slug)| {
            let kind = Kind::from_name(k)?;
            syntax::plain_slug(slug).then(|| Embed {
                kind,
                slug: slug.to_string(),
            })
        });
        let stop = start + OPEN.len() + end + CLOSE.len();
        match embed {
            Some(e) => {
                out.push(Piece::Html(&rest[..start]));
                out.push(Piece::Embed(e));
            }
            None => out.push(Piece::Html(&rest[..stop])),
        }
        rest = &rest[stop..];
    }
    out.push(Piece::Html(rest));
    out
}

/// The embeds of `html`, in order (repeats kept).
pub fn in_html(html: &str) -> Vec<Embed> {
    if !any(html) {
        return Vec::new();
    }
    pieces(html)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Embed(e) => Some(e),
            Piece::Html(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip_and_forged_ones_stay_html() {
        let e = Embed {
            kind: Kind::Kpis,
            slug: "lea-martin".into(),
        };
        let html = format!(
            "<p>a</p>{}<p>b</p><!--ckb:embed nope x--><!--ckb:embed creator a\"b-->",
            marker(&e)
        );
        assert_eq!(in_html(&html), vec![e]);
        let joined: String = pieces(&html)
            .into_iter()
            .map(|p| match p {
                Piece::Html(h) => h.to_string(),
                Piece::Embed(_) => "[E]".into(),
            })
            .collect();
        assert_eq!(
            joined,
            "<p>a</p>[E]<p>b</p><!--ckb:embed nope x--><!--ckb:embed creator a\"b-->"
        );
    }
}
