//! A memo that forgets what the last build did not use: the dev server's
//! caches ([`crate::cache::markdown`], [`crate::resolve::memo`]) are built on it.

use crate::fasthash::{HashMap, HashMapExt};
use std::sync::Mutex;

/// Values by 128-bit key, each stamped with the last build that used it.
/// [`Generations::finish`] drops those the build did not use, so the memo
/// never outgrows two builds (the one before, and the new values of this
/// one).
pub struct Generations<V> {
    state: Mutex<State<V>>,
}

struct State<V> {
    /// Key → (value, number of the build that last used it).
    map: HashMap<u128, (V, u64)>,
    /// Number of the build in progress.
    now: u64,
}

impl<V> Default for Generations<V> {
    fn default() -> Self {
        Generations {
            state: Mutex::new(State {
                map: HashMap::new(),
                now: 0,
            }),
        }
    }
}

impl<V: Clone> Generations<V> {
    /// The value at `key`, which now counts as used by this build.
    pub fn get(&self, key: u128) -> Option<V> {
        let mut s = self.state.lock().ok()?;
        let now = s.now;
        let (v, used) = s.map.get_mut(&key)?;
        *used = now;
        Some(v.clone())
    }

    /// [`Generations::get`] for many keys under one lock: threads that
    /// look up thousands of keys each would otherwise queue on it.
    pub fn get_all(&self, keys: &[u128]) -> Vec<Option<V>> {
        let Ok(mut s) = self.state.lock() else {
            return vec![None; keys.len()];
        };
        let now = s.now;
        keys.iter()
            .map(|key| {
                let (v, used) = s.map.get_mut(key)?;
                *used = now;
                Some(v.clone())
            })
            .collect()
    }

    /// Remembers `value` at `key`, as used by this build.
    pub fn put(&self, key: u128, value: V) {
        self.put_all([(key, value)]);
    }

    /// [`Generations::put`] for many values under one lock.
    pub fn put_all(&self, values: impl IntoIterator<Item = (u128, V)>) {
        if let Ok(mut s) = self.state.lock() {
            let now = s.now;
            s.map.extend(values.into_iter().map(|(k, v)| (k, (v, now))));
        }
    }

    /// Ends a build: values it did not use are forgotten.
    pub fn finish(&self) {
        if let Ok(mut s) = self.state.lock() {
            let now = s.now;
            s.map.retain(|_, (_, used)| *used == now);
            s.now += 1;
        }
    }

    /// Number of values remembered.
    pub fn len(&self) -> usize {
        self.state.lock().map_or(0, |s| s.map.len())
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_keeps_what_it_used_and_forgets_the_rest() {
        let g: Generations<&str> = Generations::default();
        g.put(1, "one");
        g.put(2, "two");
        g.finish();
        assert_eq!(g.get_all(&[1, 3]), vec![Some("one"), None]);
        g.finish();
        assert_eq!(g.get(1), Some("one"));
        assert_eq!(g.get(2), None, "unused by the last build");
        assert_eq!(g.len(), 1);
    }
}
