//! The search index: documents plus an inverted index of folded tokens,
//! written as shards by [`super::shards`] (the format is documented there
//! and in docs/search.md).
//!
//! Each document holds each of its tokens once, with the strongest field it
//! occurs in (3 title, 2 names and facets: handles, brand, niches,
//! alternate names…, 1 summary, 0 body text), which is what keeps full-text
//! search small.

use super::{for_each_token, html_text};
use crate::cache::by_view::{ByView, by_view};
use crate::fasthash::{HashMap, HashMapExt};
use crate::resolve::Site;
use crate::resolve::types::{Campaign, Creator, Page, Term};
use std::sync::Arc;

/// The 64 digits of the posting encoding; see the module documentation.
pub(super) const DIGITS: &[u8; 64] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Keys of the document kinds' labels in the interface strings, in kind
/// order; taxonomies follow their key (`niches` → 4).
const KIND_KEYS: [&str; 10] = [
    "kind.creator",
    "kind.campaign",
    "kind.term",
    "kind.page",
    "kind.niche",
    "kind.network",
    "kind.brand",
    "kind.country",
    "kind.language",
    "kind.objective",
];

/// Score bonus of each kind, as `search.js` adds it (creators and glossary
/// terms before campaigns, pages and taxonomy values).
pub(super) const KIND_BONUS: [u32; 10] = [6, 4, 6, 2, 0, 0, 0, 0, 0, 0];

/// Kind number of a taxonomy's values.
fn taxonomy_kind(key: &str) -> u8 {
    match key {
        "networks" => 5,
        "brands" => 6,
        "countries" => 7,
        "languages" => 8,
        "objectives" => 9,
        _ => 4,
    }
}

/// Where a token was found; a higher field ranks higher.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
#[repr(u8)]
pub enum Field {
    /// Body text.
    Body = 0,
    /// Summary, definition, description.
    Summary = 1,
    /// Names and facets: handles, brand, niches, alternate names.
    Facet = 2,
    /// The title: name, campaign title, term.
    Title = 3,
}

/// Very common English words: left out of body text only (a query for
/// "the" still finds a title "The …"), as they would match every page.
/// Sorted, for `binary_search`.
const STOP: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "their", "this", "to", "was", "were", "with",
];

/// One search result as the browser shows it.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Index into the kind labels.
    pub kind: u8,
    /// Title.
    pub title: String,
    /// Root-relative URL, in the build's link style.
    pub path: String,
    /// One short line under the title (handle and place, brand and date…).
    pub meta: String,
    /// The summary shown under it, with the match highlighted.
    pub snippet: String,
}

/// One document being indexed: what the browser shows, and each of its
/// words with the strongest field it occurs in.
pub struct Entry {
    doc: Doc,
    words: HashMap<String, Field>,
}

impl Entry {
    /// A document; its title is indexed. Feed the rest with [`Entry::text`].
    pub(super) fn new(kind: u8, title: &str, path: &str, meta: String, snippet: &str) -> Entry {
        let mut e = Entry {
            doc: Doc {
                kind,
                title: title.to_string(),
                path: path.to_string(),
                meta,
                snippet: snippet.to_string(),
            },
            words: HashMap::new(),
        };
        e.text(Field::Title, title);
        e
    }

    /// Indexes the words of `text` in `field`.
    pub(super) fn text(&mut self, field: Field, text: &str) {
        let words = &mut self.words;
        for_each_token(text, |t| {
            // STOP is sorted: a binary search, as this runs for every body word.
            if field == Field::Body && STOP.binary_search(&t).is_ok() {
                return;
            }
            match words.get_mut(t) {
                Some(f) => *f = (*f).max(field),
                None => {
                    words.insert(t.to_string(), field);
                }
            }
        });
    }

    /// Indexes a handle both as its words and as one word, so `leamar`
    /// finds `@lea.martin` as you type.
    fn handle(&mut self, handle: &str) {
        self.text(Field::Facet, handle);
        let joined: String = handle.chars().filter(|c| c.is_alphanumeric()).collect();
        self.text(Field::Facet, &joined);
    }
}

/// The documents and, per token, the documents holding it (ascending) with
/// the field.
pub struct Builder {
    docs: Vec<Doc>,
    postings: HashMap<String, Vec<(u32, Field)>>,
    /// Labels of the kinds, in the site's language.
    kinds: Vec<String>,
}

impl Builder {
    /// Merges entries, in order: their position is their document number.
    pub(super) fn new(entries: Vec<Arc<Entry>>) -> Builder {
        let mut postings: HashMap<String, Vec<(u32, Field)>> = HashMap::new();
        let mut docs = Vec::with_capacity(entries.len());
        for (id, e) in entries.iter().enumerate() {
            for (w, &f) in &e.words {
                // Entries may be shared with the memo: copy a word only
                // the first time it is seen.
                match postings.get_mut(w.as_str()) {
                    Some(p) => p.push((id as u32, f)),
                    None => {
                        postings.insert(w.clone(), vec![(id as u32, f)]);
                    }
                }
            }
            docs.push(e.doc.clone());
        }
        Builder {
            docs,
            postings,
            kinds: KIND_KEYS.iter().map(|k| k.to_string()).collect(),
        }
    }

    /// The documents, in index order.
    pub fn docs(&self) -> &[Doc] {
        &self.docs
    }

    /// Number of distinct tokens.
    pub fn token_count(&self) -> usize {
        self.postings.len()
    }

    /// Per token, the documents holding it (ascending) and the field.
    pub fn postings(&self) -> &HashMap<String, Vec<(u32, Field)>> {
        &self.postings
    }

    /// Labels of the kinds, in the site's language.
    pub fn kinds(&self) -> &[String] {
        &self.kinds
    }
}

/// At most `max` characters of `s`, cut at a word boundary, with `…`.
fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':', ' ']))
}

/// The summary, else the start of the body.
fn snippet(summary: &str, body_html: &str) -> String {
    if summary.is_empty() {
        clip(&html_text(body_html), 180)
    } else {
        clip(summary, 220)
    }
}

fn creator(c: &Creator, l: &crate::i18n::Lang) -> Entry {
    let card = &c.card;
    let mut meta: Vec<String> = Vec::new();
    meta.extend(card.fallback.as_ref().map(|f| f.fallback.clone()));
    if let Some(h) = &card.handle {
        meta.push(h.clone());
    }
    let place = match (&card.location, &card.country) {
        (Some(l), _) => Some(l.clone()),
        (None, Some(c)) => Some(c.name.clone()),
        _ => None,
    };
    meta.extend(place);
    if card.total_followers.value.is_some() {
        meta.push(l.fmt("kind.followers", &[("n", &card.total_followers.display)]));
    }
    let mut b = Entry::new(
        0,
        &card.name,
        &card.path,
        meta.join(" · "),
        &snippet(&card.summary, &c.body_html),
    );
    for p in &card.platforms {
        b.text(Field::Facet, p.label);
        if let Some(h) = &p.handle {
            b.handle(h);
        }
    }
    for l in card
        .niches
        .iter()
        .chain(&card.languages)
        .chain(&card.country)
    {
        b.text(Field::Facet, &l.name);
    }
    if let Some(l) = &card.location {
        b.text(Field::Facet, l);
    }
    // Team-only values are `None` in a public build.
    if let Some(o) = &card.owner {
        b.text(Field::Facet, o);
    }
    if let Some(s) = &card.status {
        b.text(Field::Facet, &s.label);
    }
    b.text(Field::Summary, &card.summary);
    for t in &c.tags {
        b.text(Field::Summary, t);
    }
    for l in &c.brands {
        b.text(Field::Summary, &l.name);
    }
    b.text(Field::Body, &html_text(&c.body_html));
    b
}

fn term(t: &Term, l: &crate::i18n::Lang) -> Entry {
    let mut meta: Vec<String> = Vec::new();
    meta.extend(t.fallback.as_ref().map(|f| f.fallback.clone()));
    meta.extend(t.category.clone());
    if !t.alternate_names.is_empty() {
        meta.push(l.fmt("kind.also", &[("names", &t.alternate_names.join(", "))]));
    }
    let mut b = Entry::new(
        2,
        &t.term,
        &t.path,
        meta.join(" · "),
        &clip(&t.definition, 220),
    );
    for n in &t.alternate_names {
        b.text(Field::Facet, n);
    }
    for tr in &t.translations {
        b.text(Field::Facet, &tr.term);
    }
    b.text(Field::Summary, &t.definition);
    for f in &t.faq {
        b.text(Field::Summary, &f.question);
        b.text(Field::Body, &f.answer_text);
    }
    b.text(Field::Body, &html_text(&t.body_html));
    b
}

fn campaign(c: &Campaign) -> Entry {
    let k = &c.card;
    let mut meta: Vec<String> = k.fallback.iter().map(|f| f.fallback.clone()).collect();
    meta.extend([k.brand.name.clone(), k.objective.name.clone()]);
    meta.extend(k.date.clone());
    let mut b = Entry::new(
        1,
        &k.title,
        &k.path,
        meta.join(" · "),
        &snippet(&k.summary, &c.body_html),
    );
    b.text(Field::Facet, &k.brand.name);
    b.text(Field::Facet, &k.objective.name);
    for p in &c.participants {
        b.text(Field::Facet, &p.creator.name);
    }
    for m in &c.markets {
        b.text(Field::Summary, &m.name);
    }
    for ch in &c.channels {
        b.text(Field::Summary, &ch.label);
    }
    b.text(Field::Summary, &k.summary);
    for l in &c.learnings {
        b.text(Field::Body, l);
    }
    b.text(Field::Body, &html_text(&c.body_html));
    b
}

fn page(p: &Page) -> Entry {
    let mut b = Entry::new(
        3,
        &p.title,
        &p.path,
        String::new(),
        &snippet(&p.description, &p.body_html),
    );
    b.text(Field::Summary, &p.description);
    b.text(Field::Body, &html_text(&p.body_html));
    b
}

/// Search entries of the last builds, by view (see [`crate::cache::by_view`]).
/// The dev server makes the index again after every rebuild, and folding
/// and splitting the text of every entry was nearly all of that work; an
/// entry reads nothing but its view and the view's language.
#[derive(Default)]
pub struct Memo {
    creators: ByView<Creator, Arc<Entry>>,
    campaigns: ByView<Campaign, Arc<Entry>>,
    terms: ByView<Term, Arc<Entry>>,
    pages: ByView<Page, Arc<Entry>>,
}

impl Memo {
    /// Forgets the entries of views that are not in `site` (in any
    /// language) any more.
    pub fn retain(&self, site: &Site) {
        let current = site.view_addresses();
        crate::cache::by_view::retain(&self.creators, &current);
        crate::cache::by_view::retain(&self.campaigns, &current);
        crate::cache::by_view::retain(&self.terms, &current);
        crate::cache::by_view::retain(&self.pages, &current);
    }
}

/// Indexes every visible entry of `site`, taking entries from `memo` when
/// it has them. Entries are tokenized in parallel, then merged in a fixed
/// order, so the output does not depend on scheduling.
pub fn build(site: &Site, memo: Option<&Memo>) -> Builder {
    let l = &site.lang;
    let mut entries: Vec<Arc<Entry>> = by_view(memo.map(|m| &m.creators), &site.creators, |c| {
        Arc::new(creator(c, l))
    });
    entries.extend(by_view(memo.map(|m| &m.campaigns), &site.campaigns, |c| {
        Arc::new(campaign(c))
    }));
    entries.extend(by_view(memo.map(|m| &m.terms), &site.terms, |t| {
        Arc::new(term(t, l))
    }));
    // Pages not translated into this language have no page here.
    let pages: Vec<Arc<Page>> = site.pages.iter().filter(|p| !p.fallback).cloned().collect();
    entries.extend(by_view(memo.map(|m| &m.pages), &pages, |p| {
        Arc::new(page(p))
    }));
    for tax in &site.taxonomies {
        let kind = taxonomy_kind(tax.key);
        for t in &tax.terms {
            let meta = l.fmt(
                "kind.count",
                &[
                    ("singular", &tax.singular),
                    ("n", &l.locale.int(t.count as u64)),
                ],
            );
            entries.push(Arc::new(Entry::new(kind, &t.name, &t.path, meta, "")));
        }
    }
    let mut b = Builder::new(entries);
    b.kinds = KIND_KEYS.iter().map(|k| l.t(k).to_string()).collect();
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_keep_the_strongest_field_and_no_body_stop_words() {
        let mut entries: Vec<Entry> = (0..40)
            .map(|i| Entry::new(0, &format!("Doc {i}"), "", String::new(), ""))
            .collect();
        entries[3].text(Field::Body, "alpha beta");
        entries[3].text(Field::Facet, "alpha");
        entries[39].text(Field::Summary, "alpha");
        entries[0].text(Field::Body, "alpha the");
        let b = Builder::new(entries.into_iter().map(Arc::new).collect());
        assert_eq!(b.docs().len(), 40);
        assert!(
            !b.postings.contains_key("the"),
            "stop words are not body words"
        );
        let mut alpha = b.postings["alpha"].clone();
        alpha.sort();
        assert_eq!(
            alpha,
            [(0, Field::Body), (3, Field::Facet), (39, Field::Summary)]
        );
    }

    #[test]
    fn clips_at_words() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("one two three four", 12), "one two…");
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP.windows(2).all(|w| w[0] < w[1]));
    }
}
