//! `--timings`: where a command's time goes, one `PHASE SECONDS` line per
//! phase on standard error, so users and benches see it without a profiler.

use std::time::Instant;

/// The clock of a command's phases; prints nothing unless asked to.
pub struct Timings {
    shown: bool,
    since: Instant,
}

impl Timings {
    /// Starts the first phase now; `shown` is the `--timings` flag.
    pub fn start(shown: bool) -> Timings {
        Timings {
            shown,
            since: Instant::now(),
        }
    }

    /// Ends the phase `phase` (printing its seconds when asked) and starts
    /// the next.
    pub fn end(&mut self, phase: &str) {
        if self.shown {
            eprintln!("{phase} {:.3}", self.since.elapsed().as_secs_f64());
        }
        self.since = Instant::now();
    }
}
