//! What this listener knows of the ledger's budget for evidence of refused
//! callbacks. Once the ledger has said this minute's (or its whole) budget
//! is spent, further refusals in that minute cost no ledger write at all:
//! they are counted here and added to the ledger's counts every few seconds
//! and at exit. So a flood of junk costs a few ledger writes per minute, not
//! one per request, and never delays a verified callback's write.

use crate::http::lock;
use crate::ledger::refused::{MINUTE_ROWS, Spent, TOTAL_BYTES, TOTAL_ROWS, minute_of};
use crate::ledger::{Ledger, LedgerError};
use crate::time::now_text;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often counted drops are added to the ledger's counts.
const FLUSH_EVERY: Duration = Duration::from_secs(5);

/// Refusals counted here, not yet in the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Pending {
    rows: u64,
    bytes: u64,
    first: String,
    last: String,
}

#[derive(Debug)]
pub(super) struct Memo {
    spent_minute: Option<String>,
    spent_total: bool,
    pending: Option<Pending>,
    flushed_at: Instant,
}

impl Default for Memo {
    fn default() -> Self {
        Memo {
            spent_minute: None,
            spent_total: false,
            pending: None,
            flushed_at: Instant::now(),
        }
    }
}

impl Memo {
    /// Counts a refusal of `bytes` body bytes at `now` without the ledger,
    /// when the budget is known to be spent; `false` when the ledger must
    /// be asked.
    pub fn skip(&mut self, bytes: u64, now: &str) -> bool {
        if !self.spent_total && self.spent_minute.as_deref() != Some(minute_of(now)) {
            return false;
        }
        match self.pending.as_mut() {
            Some(p) => {
                p.rows += 1;
                p.bytes = p.bytes.saturating_add(bytes);
                p.last = now.to_string();
            }
            None => {
                self.pending = Some(Pending {
                    rows: 1,
                    bytes,
                    first: now.to_string(),
                    last: now.to_string(),
                })
            }
        }
        true
    }

    /// What the ledger said; `true` when it is news (worth one log line).
    pub fn learn(&mut self, spent: Spent, now: &str) -> bool {
        match spent {
            Spent::Total => !std::mem::replace(&mut self.spent_total, true),
            Spent::Minute => {
                let minute = Some(minute_of(now).to_string());
                std::mem::replace(&mut self.spent_minute, minute.clone()) != minute
            }
        }
    }

    fn due(&self) -> bool {
        self.pending.is_some() && self.flushed_at.elapsed() >= FLUSH_EVERY
    }
}

/// The log line for a budget newly spent.
pub(super) fn spent_message(spent: Spent) -> String {
    match spent {
        Spent::Minute => format!(
            "listen: the evidence budget for refused callbacks is spent for this minute \
             ({MINUTE_ROWS} kept); further refusals this minute are counted in the ledger's \
             refused_evidence table, not stored"
        ),
        Spent::Total => format!(
            "listen: the ledger's evidence budget for refused callbacks is spent \
             ({TOTAL_ROWS} rows or {} MiB); refusals are now only counted in refused_evidence",
            TOTAL_BYTES / (1024 * 1024)
        ),
    }
}

/// Adds what was counted here to the ledger's counts, if it is time (or
/// `force`); on failure the counts stay here for the next try. Made on the
/// way to a callback's answer, it never waits for another process's lock
/// on the file (only `force`, at exit, does): the gateway waits 10 s for
/// `OK`, and the callback's own write may already have waited for it.
pub(super) fn flush_if_due(memo: &Mutex<Memo>, ledger: &mut Ledger, force: bool) {
    let pending = {
        let mut m = lock(memo);
        if !(force || m.due()) {
            return;
        }
        m.flushed_at = Instant::now();
        m.pending.take()
    };
    let Some(p) = pending else {
        return;
    };
    let counted = if force {
        ledger.count_dropped_refusals(p.rows, p.bytes, &p.first, &p.last)
    } else {
        without_waiting(ledger, |l| {
            l.count_dropped_refusals(p.rows, p.bytes, &p.first, &p.last)
        })
    };
    if let Err(e) = counted {
        crate::log::warn(
            "evidence_count",
            format!("listen: could not count {} dropped refusals: {e}", p.rows),
        );
        let mut m = lock(memo);
        match m.pending.as_mut() {
            Some(q) => {
                q.rows += p.rows;
                q.bytes = q.bytes.saturating_add(p.bytes);
                q.first = p.first;
            }
            None => m.pending = Some(p),
        }
    }
}

/// Runs `f` with the ledger's busy timeout at zero, then sets it back.
fn without_waiting<T>(
    ledger: &mut Ledger,
    f: impl FnOnce(&mut Ledger) -> Result<T, LedgerError>,
) -> Result<T, LedgerError> {
    ledger.set_busy_timeout(Duration::ZERO)?;
    let out = f(ledger);
    ledger.set_busy_timeout(super::LEDGER_BUSY)?;
    out
}

/// At exit: everything counted goes to the ledger.
pub(super) fn flush(memo: &Mutex<Memo>, ledger: &mut Ledger) {
    flush_if_due(memo, ledger, true);
}

/// Now, as the ledger writes it.
pub(super) fn now() -> String {
    now_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spent_minute_is_skipped_until_the_next_and_a_spent_total_for_good() {
        let mut m = Memo::default();
        let t = "2026-11-23T10:00:01.000Z";
        assert!(!m.skip(10, t), "nothing known: ask the ledger");
        assert!(m.learn(Spent::Minute, t));
        assert!(
            !m.learn(Spent::Minute, "2026-11-23T10:00:30.000Z"),
            "not news"
        );
        assert!(m.skip(10, "2026-11-23T10:00:59.999Z"));
        assert!(!m.skip(10, "2026-11-23T10:01:00.000Z"), "a new minute");
        assert!(m.learn(Spent::Total, t));
        assert!(m.skip(5, "2026-11-23T11:00:00.000Z"));
        let p = m.pending.clone().expect("pending");
        assert_eq!((p.rows, p.bytes), (2, 15));
        assert_eq!(p.first, "2026-11-23T10:00:59.999Z");
        assert_eq!(p.last, "2026-11-23T11:00:00.000Z");
    }
}
