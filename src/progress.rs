//! How `build` and `check` tell their caller where they are: a small typed
//! interface the pipeline passes down (no global state). The command line
//! turns it into a progress bar and `--verbose` timings; the library never
//! touches the terminal.

/// A stage of a build, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading `site.yaml` and the content files.
    Loading,
    /// Checking entries and building every language's views.
    Resolving,
    /// Rendering pages, the search index and site-wide files (a build
    /// streams them into the staging folder as they are made).
    Rendering,
    /// Putting the finished output in place of the old one.
    Writing,
}

impl Stage {
    /// The stage's name as the command line prints it.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Loading => "loading",
            Stage::Resolving => "resolving",
            Stage::Rendering => "rendering",
            Stage::Writing => "writing",
        }
    }

    /// What the stage counts, for messages (`255 files`).
    pub fn unit(self) -> &'static str {
        match self {
            Stage::Loading => "entries",
            Stage::Resolving => "pages to render",
            Stage::Rendering | Stage::Writing => "files",
        }
    }
}

/// Receives a build's progress; called from several threads. Every method
/// does nothing by default, so a caller implements only what it shows.
pub trait Progress: Sync {
    /// `stage` begins; `total` is how many items it will count, when known.
    fn start(&self, stage: Stage, total: Option<u64>) {
        let _ = (stage, total);
    }

    /// `n` more items of the current stage are done.
    fn advance(&self, n: u64) {
        let _ = n;
    }

    /// `stage` ended, having counted `count` items.
    fn finish(&self, stage: Stage, count: u64) {
        let _ = (stage, count);
    }
}

/// Shows nothing: for callers without a terminal (tests, the dev server).
pub struct Silent;

impl Progress for Silent {}
