//! Which uncertain payouts are waiting, and for how long: what the progress
//! line and the summary tell an operator who would otherwise see a run that
//! sends nothing and think it hung.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Uncertain payouts being resolved by query, each with the end of its
/// grace period. Touched once per uncertain answer, not per payout.
#[derive(Debug, Default)]
pub struct Waiting {
    by_payout: Mutex<HashMap<i64, Instant>>,
    /// Payouts that had an uncertain answer in this phase, ever.
    seen: Mutex<HashSet<i64>>,
}

/// What is being waited for at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WaitingNow {
    /// Uncertain payouts being resolved.
    pub payouts: u64,
    /// Until the last of their grace periods ends (zero: only queries are
    /// awaited).
    pub grace_left: Duration,
}

impl Waiting {
    /// Payout `id` is uncertain; a "not found" is believed after `grace_end`.
    pub fn enter(&self, id: i64, grace_end: Instant) {
        self.by_payout
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, grace_end);
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id);
    }

    /// Payout `id` is no longer waiting (settled, resent, left).
    pub fn leave(&self, id: i64) {
        self.by_payout
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&id);
    }

    pub fn now(&self, now: Instant) -> WaitingNow {
        let m = self.by_payout.lock().unwrap_or_else(|p| p.into_inner());
        WaitingNow {
            payouts: m.len() as u64,
            grace_left: m
                .values()
                .map(|end| end.saturating_duration_since(now))
                .max()
                .unwrap_or_default(),
        }
    }

    /// Counts another phase's uncertain payouts among these.
    pub fn absorb(&self, other: &Waiting) {
        let theirs = other.seen.lock().unwrap_or_else(|p| p.into_inner()).clone();
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend(theirs);
    }

    /// Payouts that had an uncertain answer, whether resolved since or not.
    pub fn seen(&self) -> u64 {
        self.seen.lock().unwrap_or_else(|p| p.into_inner()).len() as u64
    }
}

impl WaitingNow {
    /// "waiting 47 s of grace on 8 uncertain payouts", or while only the
    /// answers are awaited "asking about 2 uncertain payouts"; empty when
    /// nothing is uncertain.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let n = self.payouts;
        let payouts = crate::text::count(n, "uncertain payout", "uncertain payouts");
        if n == 0 {
        } else if self.grace_left.is_zero() {
            let _ = write!(out, "asking about {payouts}");
        } else {
            let secs = self.grace_left.as_secs_f64().ceil() as u64;
            let _ = write!(out, "waiting {secs} s of grace on {payouts}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_how_long_and_on_how_many_uncertain_payouts_the_run_waits() {
        let w = Waiting::default();
        let t0 = Instant::now();
        assert_eq!(w.now(t0).text(), "");
        for id in 1..=8 {
            w.enter(id, t0 + Duration::from_millis(40_000 + id as u64 * 800));
        }
        let now = w.now(t0);
        assert_eq!(now.payouts, 8);
        assert_eq!(now.text(), "waiting 47 s of grace on 8 uncertain payouts");
        w.leave(8);
        assert_eq!(
            w.now(t0 + Duration::from_secs(60)).text(),
            "asking about 7 uncertain payouts"
        );
        for id in 1..8 {
            w.leave(id);
        }
        assert_eq!(w.now(t0).text(), "");
        assert_eq!(
            w.seen(),
            8,
            "every payout that was uncertain, resolved or not"
        );
    }
}
