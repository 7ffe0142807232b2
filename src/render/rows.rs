//! Creator-table rows, rendered one by one and remembered.
//!
//! The directory lists every creator (8.7 MB of HTML at 6,000 creators) and
//! a network's page thousands, so rendering those tables whole was the
//! slowest part of a dev-server rebuild after a creator edit, although one
//! row changed. Each row is rendered alone from `partials/creator-row.html`
//! and the table pastes them in (`creator_rows`).
//!
//! A row is a function of its creator's view (the card, and on the
//! directory the filter data made from the view), of the page's depth and
//! language, of the build's switches and of the theme. A [`RowCache`] lives
//! in the [`Theme`](super::theme::Theme), so a template or `site.yaml` edit
//! starts it afresh; it keys rows by the address of the creator's shared
//! view, which it keeps alive, so the same address is the same view
//! (resolve makes a new view whenever anything it shows changes, interface
//! strings included). A plain build renders each row once per table kind
//! and depth, where it used to render it once per table.

use super::directory::CreatorRow;
use crate::resolve::Site;
use crate::resolve::types::{Campaign, Creator};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// The template of one row.
pub const TEMPLATE: &str = "partials/creator-row.html";

/// (language folder and root, directory or not, view address) → row.
type Key = (String, bool, usize);

/// View address → (the view, its card as a template value).
type CardMemo<T> = Mutex<HashMap<usize, (Arc<T>, tera::Value)>>;

/// A row's HTML with its view.
type Row = (Arc<Creator>, Arc<str>);

/// Rendered rows, shared by the pages rendered in parallel, and the cards
/// of listings as template values (also keyed by view address).
/// The default one remembers nothing (a plain build renders each page
/// once); the dev server's theme uses [`RowCache::keeping`].
#[derive(Default)]
pub struct RowCache {
    /// Whether rows and cards are remembered at all.
    keep: bool,
    /// Each row with its view, kept alive so no other view takes its address.
    rows: Mutex<HashMap<Key, Row>>,
    /// Creator cards as template values.
    creator_cards: CardMemo<Creator>,
    /// Campaign cards as template values.
    campaign_cards: CardMemo<Campaign>,
}

/// `view.card` as a template value, from `memo` when it has `view`.
fn card_value<T, C: serde::Serialize>(
    memo: Option<&CardMemo<T>>,
    view: &Arc<T>,
    card: impl Fn(&T) -> &C,
) -> tera::Value {
    let Some(memo) = memo else {
        return tera::Value::from_serializable(card(view));
    };
    let addr = Arc::as_ptr(view) as usize;
    if let Some(v) = memo
        .lock()
        .ok()
        .and_then(|m| m.get(&addr).map(|(_, v)| v.clone()))
    {
        return v;
    }
    let v = tera::Value::from_serializable(card(view));
    if let Ok(mut m) = memo.lock() {
        m.insert(addr, (view.clone(), v.clone()));
    }
    v
}

/// One creator of a table: its view, its card as a template value and, on
/// the directory, its filter data.
pub struct Item<'a> {
    /// The creator's view (its address is the cache key).
    pub view: &'a Arc<Creator>,
    /// `view.card` as a template value.
    pub card: &'a tera::Value,
    /// The directory's filter data for this creator; `None` elsewhere.
    pub row: Option<&'a CreatorRow>,
}

impl RowCache {
    /// A cache that remembers rows and cards across renders.
    pub fn keeping() -> Self {
        RowCache {
            keep: true,
            ..Default::default()
        }
    }

    /// The `<tr>` of every item, in order, concatenated: remembered rows as
    /// they are, the others rendered with `tera`. `place` is the language
    /// folder and the page's root.
    pub fn render<'a>(
        &self,
        tera: &tera::Tera,
        place: (&str, &str),
        items: impl Iterator<Item = Item<'a>>,
    ) -> Result<String, tera::Error> {
        let (prefix, root) = place;
        let lang_key = format!("{prefix}\0{root}");
        let mut cx = tera::Context::new();
        cx.insert("root", root);
        let mut out = String::new();
        let mut buf = Vec::with_capacity(2048);
        for item in items {
            let dir = item.row.is_some();
            let key = (lang_key.clone(), dir, Arc::as_ptr(item.view) as usize);
            let known = self
                .rows
                .lock()
                .ok()
                .filter(|_| self.keep)
                .and_then(|m| m.get(&key).map(|(_, html)| html.clone()));
            let html = match known {
                Some(html) => html,
                None => {
                    cx.insert("dir", &dir);
                    cx.insert_value("c", item.card.clone());
                    match item.row {
                        Some(r) => cx.insert("r", r),
                        None => cx.insert("r", &()),
                    }
                    buf.clear();
                    tera.render_to(TEMPLATE, &cx, &mut buf)?;
                    let html: Arc<str> = Arc::from(String::from_utf8_lossy(&buf).as_ref());
                    if self.keep
                        && let Ok(mut m) = self.rows.lock()
                    {
                        m.insert(key, (item.view.clone(), html.clone()));
                    }
                    html
                }
            };
            out.push_str(&html);
        }
        Ok(out)
    }

    /// A creator's card as a template value.
    pub fn creator_card(&self, view: &Arc<Creator>) -> tera::Value {
        card_value(self.keep.then_some(&self.creator_cards), view, |c| &c.card)
    }

    /// A campaign's card as a template value.
    pub fn campaign_card(&self, view: &Arc<Campaign>) -> tera::Value {
        card_value(self.keep.then_some(&self.campaign_cards), view, |c| &c.card)
    }

    /// Forgets the rows and cards of views `site` (all languages) no
    /// longer has.
    pub fn retain(&self, site: &Site) {
        let current: HashSet<usize> = site
            .all()
            .flat_map(|s| {
                let c = s.creators.iter().map(|c| Arc::as_ptr(c) as usize);
                c.chain(s.campaigns.iter().map(|c| Arc::as_ptr(c) as usize))
            })
            .collect();
        if let Ok(mut m) = self.rows.lock() {
            m.retain(|(_, _, addr), _| current.contains(addr));
        }
        if let Ok(mut m) = self.creator_cards.lock() {
            m.retain(|addr, _| current.contains(addr));
        }
        if let Ok(mut m) = self.campaign_cards.lock() {
            m.retain(|addr, _| current.contains(addr));
        }
    }
}
