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
//! language, of the template globals (`site`, `taxonomies`) and of the
//! theme. A [`RowCache`] lives in the [`Theme`](super::theme::Theme), so a
//! template edit starts it afresh; each table remembers the key of the
//! globals its rows were made with ([`globals`]) and is made again when
//! they change (a `site.yaml` edit, a creator added); within a table, rows
//! are keyed by the address of the creator's shared view, which the cache
//! keeps alive, so the same address is the same view (resolve makes a new
//! view whenever anything it shows changes, interface strings included).
//! A plain build renders each row once per table kind and depth, where it
//! used to render it once per table.

use super::directory::{CreatorRow, RowData};
use crate::cache::by_view::{ByView, addr, by_view};
use crate::fasthash::HashMap;
use crate::resolve::Site;
use crate::resolve::types::{Campaign, Creator};
use std::sync::{Arc, Mutex};

/// The template of one row.
pub const TEMPLATE: &str = "partials/creator-row.html";

/// (language folder and root, directory or not): a kind of table.
type Table = (String, bool);

/// A row's HTML with its view.
type Row = (Arc<Creator>, Arc<str>);

/// The rows of one kind of table, made with the template globals whose
/// key is `globals` (see [`globals`]).
#[derive(Default)]
struct Rows {
    globals: u128,
    by_view: HashMap<usize, Row>,
}

/// The key of what a row template can read besides its creator and its
/// place: the `site` and `taxonomies` globals of the templates (settings
/// from `site.yaml`, counts, menu) and the language. Rows made under
/// another key are not reused.
pub fn globals(site: &Site) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&serde_json::to_vec(&site.info).unwrap_or_default());
    for t in &site.taxonomies {
        for part in [t.key, &t.title, &t.singular, &t.path] {
            h.update(part.as_bytes());
            h.update(&[0]);
        }
    }
    h.update(&site.lang.fingerprint().to_le_bytes());
    h.digest128()
}

/// Rendered rows, shared by the pages rendered in parallel, and the cards
/// of listings as template values (also keyed by view address).
/// The default one remembers nothing (a plain build renders each page
/// once); the dev server's theme uses [`RowCache::keeping`].
#[derive(Default)]
pub struct RowCache {
    /// Whether rows and cards are remembered at all.
    keep: bool,
    /// Each row with its view, kept alive so no other view takes its address.
    rows: Mutex<HashMap<Table, Rows>>,
    /// Creator cards as template values.
    creator_cards: ByView<Creator, tera::Value>,
    /// Campaign cards as template values.
    campaign_cards: ByView<Campaign, tera::Value>,
    /// Directory rows' filter data.
    directory_rows: ByView<Creator, Arc<RowData>>,
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
    /// folder and the page's root; `globals` the [`globals`] of its site.
    pub fn render<'a>(
        &self,
        tera: &tera::Tera,
        place: (&str, &str),
        globals: u128,
        items: impl Iterator<Item = Item<'a>>,
    ) -> Result<String, tera::Error> {
        let (prefix, root) = place;
        let place = format!("{prefix}\0{root}");
        let items: Vec<Item> = items.collect();
        // One lock for every lookup, one for every insertion: pages are
        // rendered in parallel and share the tables of their language.
        let mut found: Vec<Option<Arc<str>>> = match self.rows.lock() {
            Ok(m) if self.keep => {
                let current = |dir: bool| {
                    m.get(&(place.clone(), dir))
                        .filter(|t| t.globals == globals)
                        .map(|t| &t.by_view)
                };
                let (directory, other) = (current(true), current(false));
                items
                    .iter()
                    .map(|it| {
                        let rows = if it.row.is_some() { directory } else { other }?;
                        rows.get(&addr(it.view)).map(|(_, html)| html.clone())
                    })
                    .collect()
            }
            _ => vec![None; items.len()],
        };
        let mut cx = tera::Context::new();
        cx.insert("root", root);
        let mut buf = Vec::with_capacity(2048);
        let mut made = Vec::new();
        for (it, slot) in items.iter().zip(found.iter_mut()) {
            if slot.is_some() {
                continue;
            }
            cx.insert("dir", &it.row.is_some());
            cx.insert_value("c", it.card.clone());
            match it.row {
                Some(r) => cx.insert("r", r),
                None => cx.insert("r", &()),
            }
            buf.clear();
            tera.render_to(TEMPLATE, &cx, &mut buf)?;
            let html: Arc<str> = Arc::from(String::from_utf8_lossy(&buf).as_ref());
            made.push((it.row.is_some(), it.view.clone(), html.clone()));
            *slot = Some(html);
        }
        if self.keep
            && !made.is_empty()
            && let Ok(mut m) = self.rows.lock()
        {
            for (dir, view, html) in made {
                let table = m.entry((place.clone(), dir)).or_default();
                if table.globals != globals {
                    table.by_view.clear();
                    table.globals = globals;
                }
                table.by_view.insert(addr(&view), (view, html));
            }
        }
        let mut out = String::with_capacity(found.iter().flatten().map(|h| h.len()).sum());
        for html in found.iter().flatten() {
            out.push_str(html);
        }
        Ok(out)
    }

    /// The cards of `views` as template values.
    pub fn creator_cards(&self, views: &[Arc<Creator>]) -> Vec<tera::Value> {
        by_view(self.keep.then_some(&self.creator_cards), views, |c| {
            tera::Value::from_serializable(&c.card)
        })
    }

    /// The cards of `views` as template values.
    pub fn campaign_cards(&self, views: &[Arc<Campaign>]) -> Vec<tera::Value> {
        by_view(self.keep.then_some(&self.campaign_cards), views, |c| {
            tera::Value::from_serializable(&c.card)
        })
    }

    /// The directory rows of `site`'s creators.
    pub fn directory_rows(&self, site: &Site) -> Vec<Arc<RowData>> {
        by_view(
            self.keep.then_some(&self.directory_rows),
            &site.creators,
            |c| Arc::new(super::directory::creator_row(c, &site.lang)),
        )
    }

    /// Forgets the rows and cards of views `site` (all languages) no
    /// longer has.
    pub fn retain(&self, site: &Site) {
        if !self.keep {
            return;
        }
        let current = site.view_addresses();
        if let Ok(mut m) = self.rows.lock() {
            for rows in m.values_mut() {
                rows.by_view.retain(|addr, _| current.contains(addr));
            }
        }
        crate::cache::by_view::retain(&self.creator_cards, &current);
        crate::cache::by_view::retain(&self.directory_rows, &current);
        crate::cache::by_view::retain(&self.campaign_cards, &current);
    }
}
