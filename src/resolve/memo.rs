//! Views of earlier builds, reused by the dev server when nothing they were
//! made from has changed.
//!
//! A view (a creator's profile, a recap, a term, a page) is a pure function
//! of its entry, of a few other entries (a profile shows the campaigns its
//! creator took part in; a recap, the cards of its creators; a term, the
//! names of its related terms) and of the language's context: link style,
//! link map (which says which entries are visible and where they are),
//! audience, interface strings. A memo key hashes exactly these
//! ([`Entry::hash`] stands for an entry), so a hit is what building again
//! would give, problems included.
//!
//! Like [`crate::cache::markdown::MdCache`], the memo keeps two [`Generations`]:
//! views used by the build in progress and those of the last build; the
//! rest are dropped at [`ViewMemo::finish`], so it never grows past two
//! sites.

use super::types::{Campaign, CampaignCard, Creator, CreatorCard, Page, Term};
use crate::cache::generations::Generations;
use crate::diag::Diagnostics;
use crate::load::Entry;
use rayon::prelude::*;
use std::sync::Arc;
use xxhash_rust::xxh3::Xxh3;

/// One kind of view: key → (view, the problems building it reported).
pub(super) type Memo<T> = Generations<(Arc<T>, Diagnostics)>;

/// Memoized views of every kind and language, shared by the threads of a
/// resolve.
#[derive(Default)]
pub struct ViewMemo {
    creators: Memo<Creator>,
    creator_cards: Memo<CreatorCard>,
    campaigns: Memo<Campaign>,
    campaign_cards: Memo<CampaignCard>,
    terms: Memo<Term>,
    pages: Memo<Page>,
    /// Problems of an entry's own checks, by entry hash.
    checks: Generations<Diagnostics>,
}

/// The kinds of view, each with its memo.
pub(super) trait Memoized: Sized + Send + Sync {
    fn memo(m: &ViewMemo) -> &Memo<Self>;
}

impl Memoized for Creator {
    fn memo(m: &ViewMemo) -> &Memo<Self> {
        &m.creators
    }
}
impl Memoized for CreatorCard {
    fn memo(m: &ViewMemo) -> &Memo<Self> {
        &m.creator_cards
    }
}
impl Memoized for CampaignCard {
    fn memo(m: &ViewMemo) -> &Memo<Self> {
        &m.campaign_cards
    }
}
impl Memoized for Campaign {
    fn memo(m: &ViewMemo) -> &Memo<Self> {
        &m.campaigns
    }
}
impl Memoized for Term {
    fn memo(m: &ViewMemo) -> &Memo<Self> {
        &m.terms
    }
}
impl Memoized for Page {
    fn memo(m: &ViewMemo) -> &Memo<Self> {
        &m.pages
    }
}

impl ViewMemo {
    /// An empty memo.
    pub fn new() -> Self {
        Self::default()
    }

    /// Ends a build: views it did not use are forgotten.
    pub fn finish(&self) {
        self.creators.finish();
        self.creator_cards.finish();
        self.campaigns.finish();
        self.campaign_cards.finish();
        self.terms.finish();
        self.pages.finish();
        self.checks.finish();
    }
}

/// The key of everything a view reads besides entries: the language (its
/// strings and formats), link style and folder, the link map (visibility
/// and place of every entry, by its [`crate::cache::markdown::link_map_hash`]),
/// the audience, the raw-HTML switch and the
/// mark of untranslated entries.
pub(super) fn context_key(
    lang: &crate::i18n::Lang,
    urls: super::Urls,
    links_hash: u128,
    team: bool,
    unsafe_html: bool,
    fallback: Option<&super::types::Fallback>,
) -> u128 {
    let mut h = Xxh3::new();
    h.update(&lang.fingerprint().to_le_bytes());
    h.update(&links_hash.to_le_bytes());
    h.update(&[
        u8::from(urls.offline),
        u8::from(team),
        u8::from(unsafe_html),
    ]);
    h.update(urls.prefix.as_bytes());
    h.update(&[0]);
    if let Some(f) = fallback {
        h.update(f.lang.as_bytes());
        h.update(&[0]);
        h.update(f.fallback.as_bytes());
    }
    h.digest128()
}

/// Builds a key from the language context's key and the hashes of the
/// entries a view reads, in the order given.
pub(super) struct Key(Xxh3);

impl Key {
    /// A key in the context `cx` (see [`context_key`]).
    pub(super) fn new(cx: u128) -> Key {
        let mut h = Xxh3::new();
        h.update(&cx.to_le_bytes());
        Key(h)
    }

    /// Adds an entry the view reads.
    pub(super) fn entry<T>(mut self, e: &Entry<T>) -> Key {
        self.0.update(&e.hash.to_le_bytes());
        self
    }

    /// Adds a number the view reads that its entries do not determine.
    pub(super) fn num(mut self, n: u64) -> Key {
        self.0.update(&n.to_le_bytes());
        self
    }

    /// The key.
    pub(super) fn finish(self) -> u128 {
        self.0.digest128()
    }
}

/// Runs `check` on each of `entries` (a check reads nothing but its entry),
/// or takes its problems from the memo, in parallel; problems go to `diags`
/// in the entries' order.
pub(super) fn checked<T: Sync>(
    memo: Option<&ViewMemo>,
    entries: &[Entry<T>],
    check: fn(&Entry<T>, &mut Diagnostics),
    diags: &mut Diagnostics,
) {
    // Entries of different kinds differ by path, which their hash covers,
    // and each kind has one check: the hash is the key.
    let keys: Vec<u128> = entries.iter().map(|e| e.hash).collect();
    let hits = match memo {
        Some(m) => m.checks.get_all(&keys),
        None => vec![None; entries.len()],
    };
    let found: Vec<(Diagnostics, bool)> = entries
        .par_iter()
        .zip(hits)
        .map(|(e, hit)| match hit {
            Some(d) => (d, false),
            None => {
                let mut d = Diagnostics::new();
                check(e, &mut d);
                (d, true)
            }
        })
        .collect();
    if let Some(m) = memo {
        m.checks.put_all(
            keys.iter()
                .zip(&found)
                .filter(|(_, (_, new))| *new)
                .map(|(k, (d, _))| (*k, d.clone())),
        );
    }
    for (d, _) in found {
        diags.extend(d);
    }
}

/// Views `0..n`, each from the memo when there is one and it has the
/// view's key, built (in parallel) otherwise. Problems go to `diags`.
pub(super) fn views<T: Memoized>(
    memo: Option<&ViewMemo>,
    n: usize,
    key: impl Fn(usize) -> u128 + Sync,
    build: impl Fn(usize, &mut Diagnostics) -> T + Sync + Send,
    diags: &mut Diagnostics,
) -> Vec<Arc<T>> {
    let keys: Vec<u128> = match memo {
        Some(_) => (0..n).into_par_iter().map(&key).collect(),
        None => Vec::new(),
    };
    let hits = match memo {
        Some(m) => T::memo(m).get_all(&keys),
        None => Vec::new(),
    };
    let made: Vec<(Arc<T>, Diagnostics, bool)> = (0..n)
        .into_par_iter()
        .map(|i| {
            if let Some(Some((view, d))) = hits.get(i) {
                return (view.clone(), d.clone(), false);
            }
            let mut d = Diagnostics::new();
            let view = Arc::new(build(i, &mut d));
            (view, d, true)
        })
        .collect();
    if let Some(m) = memo {
        T::memo(m).put_all(
            keys.iter()
                .zip(&made)
                .filter(|(_, (_, _, new))| *new)
                .map(|(k, (v, d, _))| (*k, (v.clone(), d.clone()))),
        );
    }
    made.into_iter()
        .map(|(v, d, _)| {
            diags.extend(d);
            v
        })
        .collect()
}
