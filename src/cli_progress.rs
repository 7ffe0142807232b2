//! The command line's view of a build's progress (`creatorkb::progress`):
//! a bar on stderr by stage, with counts, once a build has taken about a
//! second on a terminal; `--verbose` timings of each stage; nothing with
//! `--quiet` or when stderr is not a terminal.

use creatorkb::progress::{Progress, Stage};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a build runs before the bar shows: long enough that quick
/// builds print nothing but their summary.
const DELAY: Duration = Duration::from_secs(1);

/// What to show.
#[derive(Clone, Copy)]
pub struct Show {
    /// Draw a bar (stderr is a terminal and `--quiet` is not given).
    pub bar: bool,
    /// Print each stage's time (`--verbose`).
    pub timings: bool,
    /// Colour the bar (no `NO_COLOR`).
    pub color: bool,
}

/// A [`Progress`] that draws an indicatif bar and prints timings.
pub struct Reporter {
    show: Show,
    bar: ProgressBar,
    /// Set when the build is over: the bar must not appear after that.
    done: Arc<Mutex<bool>>,
    /// When the current stage began.
    began: Mutex<Instant>,
}

impl Reporter {
    /// Starts the clock; the bar appears after the delay (the test-only
    /// `CREATORKB_PROGRESS_DELAY_MS` shortens it) if the build still runs.
    pub fn new(show: Show) -> Reporter {
        let bar = ProgressBar::hidden();
        let done = Arc::new(Mutex::new(false));
        if show.bar {
            let delay = std::env::var("CREATORKB_PROGRESS_DELAY_MS")
                .ok()
                .and_then(|v| v.parse().ok())
                .map_or(DELAY, Duration::from_millis);
            let (bar, done) = (bar.clone(), done.clone());
            // Without a thread, a long stage that counts nothing (resolving)
            // would keep the bar hidden until its end.
            let _ = std::thread::Builder::new()
                .name("creatorkb-progress".into())
                .spawn(move || {
                    std::thread::sleep(delay);
                    if let Ok(done) = done.lock()
                        && !*done
                    {
                        bar.set_draw_target(ProgressDrawTarget::stderr());
                        bar.enable_steady_tick(Duration::from_millis(120));
                    }
                });
        }
        Reporter {
            show,
            bar,
            done,
            began: Mutex::new(Instant::now()),
        }
    }

    /// Takes the bar off the terminal; before any summary or problem is printed.
    pub fn clear(&self) {
        if let Ok(mut done) = self.done.lock() {
            *done = true;
            self.bar.finish_and_clear();
        }
    }

    fn style(&self, counted: bool) -> ProgressStyle {
        let template = match (counted, self.show.color) {
            (true, true) => "{spinner:.cyan} {prefix:.bold} [{bar:30.cyan/blue}] {pos}/{len} {msg}",
            (true, false) => "{spinner} {prefix} [{bar:30}] {pos}/{len} {msg}",
            (false, true) => "{spinner:.cyan} {prefix:.bold} {msg} {elapsed}",
            (false, false) => "{spinner} {prefix} {msg} {elapsed}",
        };
        ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_spinner())
            .progress_chars("=> ")
    }
}

impl Progress for Reporter {
    fn start(&self, stage: Stage, total: Option<u64>) {
        if let Ok(mut began) = self.began.lock() {
            *began = Instant::now();
        }
        self.bar.set_style(self.style(total.is_some()));
        self.bar.set_prefix(stage.name());
        self.bar.set_length(total.unwrap_or(0));
        self.bar.set_position(0);
        self.bar.set_message(match total {
            Some(_) => stage.unit(),
            None => "",
        });
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }

    fn finish(&self, stage: Stage, count: u64) {
        if !self.show.timings {
            return;
        }
        let took = self.began.lock().map(|b| b.elapsed()).unwrap_or_default();
        let line = format!(
            "timing: {} {:.1} ms ({count} {})",
            stage.name(),
            took.as_secs_f64() * 1000.0,
            stage.unit()
        );
        // Printed above the bar, which is drawn again below it.
        self.bar.suspend(|| eprintln!("{line}"));
    }
}

impl Drop for Reporter {
    fn drop(&mut self) {
        self.clear();
    }
}
