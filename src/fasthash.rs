//! Hash maps and sets for the hot paths, with foldhash instead of the
//! standard library's SipHash.
//!
//! A rebuild in the dev server looks up every slug, link, page path and
//! memo key of a 10,000-page site several times; SipHash, built to resist
//! hash flooding from untrusted peers, was a sixth of resolve's time. The
//! keys here come from the user's own files, and foldhash still seeds each
//! map randomly. Nothing may depend on iteration order (output is sorted
//! with explicit keys), as with the standard maps.
//!
//! `new` and `with_capacity` come from the [`HashMapExt`] and
//! [`HashSetExt`] traits.

pub use foldhash::{HashMapExt, HashSetExt};

/// `std::collections::HashMap` with foldhash.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// `std::collections::HashSet` with foldhash.
pub type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
