//! `reconcile --recheck-final`: final payouts asked about once more.

use crate::cli::{RecheckWindow, ReconcileArgs};
use crate::engine::{Halt, Link, RateLimiter};
use crate::error::Error;
use crate::ledger::Ledger;
use crate::settle::{SettleConfig, recheck};
use std::collections::HashSet;
use std::time::SystemTime;

/// `--recheck-final`: the batch's paid and failed payouts in `window`
/// (the latest first, at most `--recheck-max`, for at most
/// `--recheck-time`) asked about once more, at settling's pace; says how
/// many now disagree with the ledger (a new conflict reason) and how many
/// wait for the next run. Why it stopped early, if it did.
pub(super) fn recheck_final(
    args: &ReconcileArgs,
    window: RecheckWindow,
    ledger: &mut Ledger,
    client: &crate::gateway::Client,
    (label, (batch_id, run_id)): (&str, (i64, i64)),
    (cfg, limiter, stop): (&SettleConfig, &RateLimiter, &std::sync::atomic::AtomicBool),
) -> Result<Option<Halt>, Error> {
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
    let max = args.recheck_max as usize;
    let (items, total) = ledger.finals_to_recheck(batch_id, since.as_deref(), max)?;
    let ids: HashSet<i64> = items.iter().map(|p| p.id).collect();
    let before = ledger.conflict_details(batch_id)?;
    let done = {
        let writer = ledger.writer(run_id)?;
        let time = args.recheck_time;
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
