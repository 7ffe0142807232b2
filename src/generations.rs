//! A memo that forgets what the last build did not use: the dev server's
//! caches ([`crate::mdcache`], [`crate::resolve::memo`]) are built on it.

use std::collections::HashMap;
use std::sync::Mutex;

/// Values by 128-bit key in two generations: those used by the build in
/// progress and those left from the last build. [`Generations::finish`]
/// drops the second, so the memo never outgrows two builds.
pub struct Generations<V> {
    /// (used by the build in progress, left from the last build).
    maps: Mutex<(HashMap<u128, V>, HashMap<u128, V>)>,
}

impl<V> Default for Generations<V> {
    fn default() -> Self {
        Generations {
            maps: Mutex::new((HashMap::new(), HashMap::new())),
        }
    }
}

impl<V: Clone> Generations<V> {
    /// The value at `key`, which now counts as used by this build.
    pub fn get(&self, key: u128) -> Option<V> {
        let mut maps = self.maps.lock().ok()?;
        let (cur, old) = &mut *maps;
        if let Some(hit) = cur.get(&key) {
            return Some(hit.clone());
        }
        let hit = old.remove(&key)?;
        cur.insert(key, hit.clone());
        Some(hit)
    }

    /// [`Generations::get`] for many keys under one lock: threads that
    /// look up thousands of keys each would otherwise queue on it.
    pub fn get_all(&self, keys: &[u128]) -> Vec<Option<V>> {
        let Ok(mut maps) = self.maps.lock() else {
            return vec![None; keys.len()];
        };
        let (cur, old) = &mut *maps;
        keys.iter()
            .map(|key| {
                if let Some(hit) = cur.get(key) {
                    return Some(hit.clone());
                }
                let hit = old.remove(key)?;
                cur.insert(*key, hit.clone());
                Some(hit)
            })
            .collect()
    }

    /// [`Generations::put`] for many values under one lock.
    pub fn put_all(&self, values: impl IntoIterator<Item = (u128, V)>) {
        if let Ok(mut maps) = self.maps.lock() {
            maps.0.extend(values);
        }
    }

    /// Remembers `value` at `key`, as used by this build.
    pub fn put(&self, key: u128, value: V) {
        if let Ok(mut maps) = self.maps.lock() {
            maps.0.insert(key, value);
        }
    }

    /// Ends a build: values it did not use are forgotten.
    pub fn finish(&self) {
        if let Ok(mut maps) = self.maps.lock() {
            let used = std::mem::take(&mut maps.0);
            maps.1 = used;
        }
    }

    /// Number of values remembered.
    pub fn len(&self) -> usize {
        self.maps.lock().map_or(0, |m| m.0.len() + m.1.len())
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
