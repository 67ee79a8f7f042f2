//! How much of the log one kind of callback line may fill.
//!
//! Anyone who holds one signed callback (a ledger copy, a captured request)
//! may post it again as fast as the network allows; each copy used to be
//! one log line, so a replay filled the disk through the log (about 780
//! lines a second) where the ledger no longer grows. Each kind of line
//! (`callback_applied`, `callback_refused`, ...) is therefore written at
//! most [`LINES_PER_WINDOW`] times a [`WINDOW`]; past that it is counted,
//! and the count is said in one line when the window closes or `listen`
//! stops. The exit line's counters include what the log leaves out.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Lines of one kind written per window before the rest are counted.
pub(super) const LINES_PER_WINDOW: u32 = 120;
/// The window the limit counts over.
pub(super) const WINDOW: Duration = Duration::from_secs(60);

/// The lines written and held back of each kind in its current window.
#[derive(Debug, Default)]
pub(super) struct LogBudget {
    kinds: BTreeMap<&'static str, Window>,
}

#[derive(Debug)]
struct Window {
    start: Instant,
    written: u32,
    held: u64,
}

impl LogBudget {
    /// Whether a line of `kind` may be written now. Call [`Self::closed`]
    /// first, so a closed window's count is said before its kind goes on.
    pub(super) fn admit(&mut self, kind: &'static str, now: Instant) -> bool {
        let w = self.kinds.entry(kind).or_insert(Window {
            start: now,
            written: 0,
            held: 0,
        });
        if now.saturating_duration_since(w.start) >= WINDOW {
            debug_assert_eq!(w.held, 0, "closed() reports a window before it is reused");
            *w = Window {
                start: now,
                written: 0,
                held: 0,
            };
        }
        let write = w.written < LINES_PER_WINDOW;
        if write {
            w.written += 1;
        } else {
            w.held += 1;
        }
        debug_assert!(w.written <= LINES_PER_WINDOW);
        write
    }

    /// The kinds whose window has closed with lines held back, and how many;
    /// those windows start over.
    pub(super) fn closed(&mut self, now: Instant) -> Vec<(&'static str, u64)> {
        self.take(|w| now.saturating_duration_since(w.start) >= WINDOW)
    }

    /// Every kind with lines held back, and how many, closed or not (when
    /// `listen` stops); the budget starts over.
    pub(super) fn drain(&mut self) -> Vec<(&'static str, u64)> {
        self.take(|_| true)
    }

    fn take(&mut self, due: impl Fn(&Window) -> bool) -> Vec<(&'static str, u64)> {
        let held: Vec<_> = self
            .kinds
            .iter()
            .filter(|(_, w)| w.held > 0 && due(w))
            .map(|(k, w)| (*k, w.held))
            .collect();
        for (k, _) in &held {
            self.kinds.remove(k);
        }
        held
    }
}

/// The line that says how many lines of `kind` were not written.
pub(super) fn held_message(kind: &str, held: u64) -> String {
    format!(
        "listen: {held} more {kind} lines were not written (at most {LINES_PER_WINDOW} of one \
         kind a minute, so that a flood of callbacks cannot fill the disk; the counts at \
         exit include them)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_past_its_lines_is_counted_and_said_when_its_window_closes() {
        let mut b = LogBudget::default();
        let t0 = Instant::now();
        for _ in 0..LINES_PER_WINDOW {
            assert!(b.admit("callback_applied", t0));
        }
        for _ in 0..5 {
            assert!(!b.admit("callback_applied", t0));
        }
        // Another kind has its own budget.
        assert!(b.admit("callback_refused", t0));
        assert!(b.closed(t0 + WINDOW / 2).is_empty(), "still open");
        assert_eq!(b.closed(t0 + WINDOW), vec![("callback_applied", 5)]);
        assert!(b.closed(t0 + WINDOW).is_empty(), "said once");
        assert!(b.admit("callback_applied", t0 + WINDOW), "a new window");
    }

    #[test]
    fn drain_says_every_kind_held_back_open_or_closed() {
        let mut b = LogBudget::default();
        let t0 = Instant::now();
        for _ in 0..LINES_PER_WINDOW + 3 {
            b.admit("callback_conflict", t0);
        }
        b.admit("callback_unknown", t0);
        assert_eq!(b.drain(), vec![("callback_conflict", 3)]);
        assert!(b.drain().is_empty());
    }
}
