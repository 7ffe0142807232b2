//! What the dev server remembers between rebuilds.
//!
//! A plain build keeps nothing; `serve` keeps the last site's work so an
//! edit redoes only what it touches. Every memo here returns exactly what
//! doing the work again would give (the serve tests compare each rebuild
//! with a fresh build), and forgets what the last build did not use.

pub mod by_view;
pub mod generations;
pub mod markdown;
