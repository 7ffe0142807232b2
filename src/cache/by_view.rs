//! Values made from one shared view, remembered by the view's address.
//!
//! Resolve makes a new `Arc` view whenever anything it shows changes (see
//! `resolve::memo`), and the dev server's next site shares the views that
//! did not change. So a value made from a view alone (a table row, a
//! listing card, a search entry) can be reused while the same `Arc` comes
//! back: the memo keeps the view alive, so no other view can take its
//! address. A view belongs to one language: its address says which.

use crate::fasthash::{HashMap, HashSet};
use rayon::prelude::*;
use std::sync::{Arc, Mutex};

/// View address → (the view, kept alive; a value made from it alone).
pub type ByView<T, V> = Mutex<HashMap<usize, (Arc<T>, V)>>;

/// A shared view's address: its identity while it is alive.
pub fn addr<T>(view: &Arc<T>) -> usize {
    Arc::as_ptr(view) as usize
}

/// `make(view)` for each of `views`, from `memo` when it has the view
/// (`None`: remember nothing). One lock for the lookups, one for the new
/// values; the misses are made in parallel.
pub fn by_view<T: Sync + Send, V: Clone + Send + Sync>(
    memo: Option<&ByView<T, V>>,
    views: &[Arc<T>],
    make: impl Fn(&T) -> V + Sync,
) -> Vec<V> {
    let known: Vec<Option<V>> = match memo.and_then(|m| m.lock().ok()) {
        Some(m) => views
            .iter()
            .map(|v| m.get(&addr(v)).map(|(_, x)| x.clone()))
            .collect(),
        None => vec![None; views.len()],
    };
    let made: Vec<(V, bool)> = views
        .par_iter()
        .zip(known)
        .map(|(v, k)| match k {
            Some(x) => (x, false),
            None => (make(v), true),
        })
        .collect();
    if let Some(mut m) = memo.and_then(|m| m.lock().ok()) {
        for (v, (x, new)) in views.iter().zip(&made) {
            if *new {
                m.insert(addr(v), (v.clone(), x.clone()));
            }
        }
    }
    made.into_iter().map(|(x, _)| x).collect()
}

/// Forgets the values of views not in `current` (addresses).
pub fn retain<T, V>(memo: &ByView<T, V>, current: &HashSet<usize>) {
    if let Ok(mut m) = memo.lock() {
        m.retain(|addr, _| current.contains(addr));
    }
}
