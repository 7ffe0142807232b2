//! Full-text search that works from `file://`: the index is emitted at build
//! time as JavaScript files, a manifest (`search/index.js`) and shards loaded
//! on demand, that pages load with `<script>` tags, because browsers refuse
//! `fetch` of local files. The theme's `search.js` reads them.
//!
//! - [`index`]: the documents (creators, campaigns, glossary terms, pages,
//!   taxonomy values) and an inverted index of accent-folded tokens;
//! - [`shards`]: the files of the index (their format);
//! - [`page`]: the `/search/` page (`?q=` pre-fills the query, so the
//!   `WebSite` `SearchAction` can point at it).
//!
//! Everything is read from the resolved [`Site`](crate::resolve::Site), whose
//! public build holds no private value: the index cannot leak what the pages
//! do not show. See docs/search.md for the format and its size at scale.

pub mod index;
pub mod page;
pub mod shards;

/// Output path of the index's manifest script; its shards are beside it.
pub const INDEX_PATH: &str = "search/index.js";

/// Lowercase, accent-free form of `s`, exactly as `search.js` folds a query;
/// see [`crate::text::fold`].
pub use crate::text::fold;

/// Longest token kept, in characters: longer runs are noise (URLs, hashes).
const MAX_TOKEN: usize = 32;

/// The searchable words of `s`: folded, split on anything that is not a
/// letter or digit, one-character words dropped (they would match half the
/// index as a prefix). `search.js` splits a query the same way.
pub fn tokens(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_token(s, |t| out.push(t.to_string()));
    out
}

/// Calls `f` with each searchable word of `s` (see [`tokens`]), without
/// allocating one string per word: indexing a large site folds and splits
/// megabytes of text.
pub fn for_each_token(s: &str, mut f: impl FnMut(&str)) {
    let folded = fold(s);
    for t in folded.split(|c: char| !c.is_alphanumeric()) {
        if t.len() < 2 {
            continue; // also drops the empty pieces; a 1-byte word is 1 char
        }
        let n = t.chars().count();
        if (2..=MAX_TOKEN).contains(&n) {
            f(t);
        }
    }
}

/// Plain text of rendered HTML: tags dropped (each one becomes a space, so
/// `<li>a</li><li>b</li>` stays two words), the entities the Markdown
/// renderer writes decoded.
pub fn html_text(html: &str) -> String {
    /// Entities the Markdown renderer writes, and what they stand for.
    const ENTITIES: [(&str, char); 7] = [
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&#x27;", '\''),
        ("&nbsp;", ' '),
    ];
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut space = true; // collapse runs of white space, trim the start
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        let mut step = c.len_utf8();
        let mut emit = None;
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                emit = Some(' ');
            }
            _ if in_tag => {}
            '&' => {
                emit = Some('&');
                for (name, ch) in ENTITIES {
                    if rest.starts_with(name) {
                        emit = Some(ch);
                        step = name.len();
                        break;
                    }
                }
            }
            _ => emit = Some(c),
        }
        if let Some(e) = emit {
            if e.is_whitespace() {
                if !space {
                    out.push(' ');
                    space = true;
                }
            } else {
                out.push(e);
                space = false;
            }
        }
        rest = &rest[step..];
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_like_the_browser() {
        assert_eq!(fold("Créée"), "creee");
        assert_eq!(fold("Léa MARTIN"), "lea martin");
        assert_eq!(fold("Ærøskøbing"), "aeroskobing");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("Lucía Ferrer"), "lucia ferrer");
        assert_eq!(fold("ΟΔΟΣ"), "οδοσ");
    }

    #[test]
    fn splits_words() {
        let t = tokens("L'Oréal x Léa: 2025 — a/b lea.martin.skin");
        assert_eq!(t, ["oreal", "lea", "2025", "lea", "martin", "skin"]);
    }

    #[test]
    fn strips_html() {
        assert_eq!(
            html_text("<p>Fish &amp; <em>chips</em></p><ul><li>a1</li><li>b2</li></ul>"),
            "Fish & chips a1 b2"
        );
        assert_eq!(
            html_text("a&nbsp;&lt;b&gt; &amp;&unknown; "),
            "a <b> &&unknown;"
        );
    }
}
