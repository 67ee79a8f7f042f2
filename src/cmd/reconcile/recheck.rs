//! `reconcile --recheck-final`: final payouts asked about once more, within
//! one budget of queries and time for the run.

use crate::cli::{RecheckWindow, ReconcileArgs};
use crate::engine::{Halt, Link, RateLimiter};
use crate::error::Error;
use crate::ledger::Ledger;
use crate::settle::{SettleConfig, recheck};
use std::cell::Cell;
use std::collections::HashSet;
use std::time::{Instant, SystemTime};

/// What `--recheck-final`, `--recheck-max` and `--recheck-time` allow one
/// run: for one batch, or shared by the batches of an `--all-open` run,
/// which take from it one after the other (so that a cron line that
/// rechecks every batch is bounded as one batch's is).
pub(super) struct Budget {
    /// The earliest final status asked about again (`None`: any), and the
    /// words for it.
    since: Option<String>,
    scope: String,
    queries: Cell<u64>,
    until: Instant,
}

impl Budget {
    /// The run's budget, from now; `None` without `--recheck-final`.
    pub(super) fn of(args: &ReconcileArgs) -> Option<Budget> {
        let window = args.recheck_final?;
        let (since, scope) = match window {
            RecheckWindow::All => (None, "all".to_string()),
            RecheckWindow::Within(d) => {
                let from = SystemTime::now()
                    .checked_sub(d)
                    .unwrap_or(SystemTime::UNIX_EPOCH);
                let within = humantime::format_duration(d);
                (
                    Some(crate::time::to_text(from)),
                    format!("finalised within {within}"),
                )
            }
        };
        Some(Budget {
            since,
            scope,
            queries: Cell::new(u64::from(args.recheck_max)),
            until: Instant::now() + args.recheck_time,
        })
    }

    /// The earliest final status asked about again; `None`: any.
    pub(super) fn since(&self) -> Option<&str> {
        self.since.as_deref()
    }

    /// No query or no time left: a batch with nothing open waits for the
    /// next run, where it comes first.
    pub(super) fn spent(&self) -> bool {
        self.queries.get() == 0 || Instant::now() >= self.until
    }
}

/// `--recheck-final`: the batch's paid and failed payouts in the budget's
/// window (the latest first, as many as the budget has queries and time
/// left) asked about once more, at settling's pace; says how many now
/// disagree with the ledger (a new conflict reason) and how many wait for
/// the next run. Why it stopped early, if it did.
pub(super) fn recheck_final(
    budget: &Budget,
    ledger: &mut Ledger,
    client: &crate::gateway::Client,
    (label, (batch_id, run_id)): (&str, (i64, i64)),
    (cfg, limiter, stop): (&SettleConfig, &RateLimiter, &std::sync::atomic::AtomicBool),
) -> Result<Option<Halt>, Error> {
    let scope = &budget.scope;
    let max = usize::try_from(budget.queries.get()).unwrap_or(usize::MAX);
    let (items, total) = ledger.finals_to_recheck(batch_id, budget.since(), max)?;
    let ids: HashSet<i64> = items.iter().map(|p| p.id).collect();
    let before = ledger.conflict_details(batch_id)?;
    let done = {
        let writer = ledger.writer(run_id)?;
        let time = budget.until.saturating_duration_since(Instant::now());
        // In a block of its own: the handle is gone before `finish`, which
        // refuses a handle still held (`LedgerError::HandleLeaked`).
        let done = {
            let link = Link {
                gateway: client,
                writer: &writer.handle(),
                limiter,
                stop,
            };
            recheck(&link, items, cfg, time)
        };
        writer.finish()?;
        done
    };
    let after = ledger.conflict_details(batch_id)?;
    let changed = after
        .iter()
        .filter(|(id, why)| ids.contains(id) && before.get(id) != Some(why))
        .count();
    budget
        .queries
        .set(budget.queries.get().saturating_sub(done.asked));
    let left = (total as u64).saturating_sub(done.asked);
    crate::log::finish_with(&[
        ("rechecked", done.asked.into()),
        ("recheck_disagree", changed.into()),
        ("recheck_left", left.into()),
    ]);
    let limit = if done.timed_out {
        " (--recheck-time ran out)"
    } else if left > 0 && done.halt.is_none() {
        " (--recheck-max)"
    } else {
        ""
    };
    println!(
        "Rechecked {} ({scope}): {changed} now disagree with the ledger{}; {left} left for the next run{limit}.",
        crate::text::count(done.asked, "final payout", "final payouts"),
        if changed > 0 {
            format!(
                " and are flagged conflict, their status kept (see `payrun status --batch {}{}`)",
                super::super::shell::shell_word(label),
                crate::config::selection::flags()
            )
        } else {
            String::new()
        }
    );
    Ok(done.halt)
}
