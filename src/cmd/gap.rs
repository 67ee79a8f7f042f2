//! A ledger that lacks runs (`ledger::lacking`: an older backup restored,
//! a `-wal` lost), as the commands that only read or resolve it say so.
//!
//! They may still use it (`reconcile` only asks the gateway, `listen` only
//! applies what the gateway signed, `report` and `status` show what it
//! holds), but what they show lacks the payouts of those runs. A warning
//! alone went unseen under cron, where the exit code and the `finished`
//! event are what monitoring reads: so `reconcile`, `report` and `status`
//! (their codes speak of the ledger's payouts) exit 1 while it lacks runs,
//! as the batch list always did, and every reading command counts the runs
//! in the `finished` event (`ledger_lacks_runs`) and says how to close the
//! gap (`lacking::steps`).

use crate::error::Error;
use crate::exit;
use crate::ledger::lacking::{self, MarkedRun};
use crate::ledger::{Ledger, LedgerError};

/// Says what `ledger` lacks, and that it is older than the ledger last used
/// at its path when it is; counts the lacking runs in the `finished` event;
/// returns them (empty: none).
pub(super) fn tell(ledger: &Ledger) -> Result<Vec<MarkedRun>, Error> {
    let runs = ledger.lacking_runs()?;
    crate::log::finish_with(&[("ledger_lacks_runs", runs.len().into())]);
    if let Err(LedgerError::WentBack { path, why }) = ledger.check_continuity() {
        crate::log::warn(
            "ledger_went_back",
            format!(
                "warning: {} is older than the ledger last used at this path ({why}): payouts \
                 sent since then may be missing from what follows. See docs/operations.md, \
                 \"Recovery\"",
                path.display()
            ),
        );
    }
    if !runs.is_empty() {
        crate::log::warn(
            "ledger_lacks_runs",
            format!(
                "warning: {} lacks {}: payouts sent there are missing from what follows, and \
                 `reconcile`, `report` and `status` exit 1 until the gap is closed. To close \
                 it, {}",
                ledger.path().display(),
                lacking::describe(&runs),
                lacking::steps(&runs)
            ),
        );
    }
    Ok(runs)
}

/// The exit code of a command that read a ledger lacking `runs`: `code`,
/// raised from 0 to 1 while any is lacking (a higher code already says
/// more: invalid input, a systemic refusal, not started).
pub(super) fn code(runs: &[MarkedRun], code: i32) -> i32 {
    match (runs.is_empty(), code) {
        (false, exit::OK) => exit::INCOMPLETE,
        _ => code,
    }
}
