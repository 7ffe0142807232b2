//! creatorkb: a static-site generator for creator knowledge bases.
//!
//! The build is a chain of stages, each a module with a small typed
//! interface (see ARCHITECTURE.md):
//! [`load`] files → entries, [`resolve`] entries → site, [`render`] site →
//! pages in memory, [`output`] pages → folder.

pub mod cache;
pub mod calendar;
pub mod compliance;
pub mod diag;
pub mod embeds;
pub mod fasthash;
pub mod i18n;
pub mod images;
pub mod import;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod progress;
pub mod refs;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod seo;
pub mod serve;
pub mod text;

pub use pipeline::{Built, Stats, build, build_to_folder, build_to_folder_with, check, check_with};

/// Prints how long a step took when `CREATORKB_TIMINGS` is set: the dev
/// server's rebuild steps, and for `build` and `check` the finer internal
/// steps (a deprecated alias there: `--verbose` prints the stage timings,
/// through [`progress`]).
pub(crate) fn timing(stage: &str, since: std::time::Instant) {
    if std::env::var_os("CREATORKB_TIMINGS").is_some() {
        eprintln!(
            "timing: {stage} {:.1} ms",
            since.elapsed().as_secs_f64() * 1000.0
        );
    }
}
