//! A ledger that lacks runs (`ledger::lacking`): which batches a run may
//! still pay through it, and what it records of the gap.
//!
//! A row paid in a lacking run reads here as never paid, so the repeat rule
//! cannot see it. Until each lacking run's batch is adopted (asked about at
//! the gateway, payout by payout) or a person acknowledges the gap, a run
//! goes on only to adopt one of those batches.

use crate::error::Error;
use crate::ledger::Ledger;
use crate::ledger::lacking::{self, MarkedRun};

/// What the run may do, given the runs the ledger lacks: `Ok` with them
/// (empty: none), or the refusal naming them.
pub(super) fn gate(
    ledger: &Ledger,
    label: &str,
    adopt: bool,
    acknowledge: bool,
) -> Result<Vec<MarkedRun>, Error> {
    let runs = ledger.lacking_runs()?;
    let adopting_one = adopt && runs.iter().any(|r| r.label == label);
    if runs.is_empty() || acknowledge || adopting_one {
        return Ok(runs);
    }
    Err(Error::Usage(refusal(ledger, &runs)))
}

/// The refusal (and `check`'s batch error) for a ledger lacking `runs`.
pub(in crate::cmd) fn refusal(ledger: &Ledger, runs: &[MarkedRun]) -> String {
    format!(
        "{} lacks {} that payrun made through it: {}. {}",
        ledger.path().display(),
        crate::text::count(runs.len() as u64, "run", "runs"),
        lacking::describe(runs),
        lacking::advice(runs)
    )
}

/// Records `runs` in the ledger as lacking (found by run `run_id`), and
/// settles them all when the run acknowledges the gap: said either way.
pub(super) fn record(
    ledger: &Ledger,
    runs: &[MarkedRun],
    run_id: i64,
    acknowledge: bool,
) -> Result<(), Error> {
    if runs.is_empty() {
        return Ok(());
    }
    ledger.record_missing(runs, run_id)?;
    if acknowledge {
        ledger.settle_missing(None, run_id)?;
        crate::log::warn(
            "missing_runs_acknowledged",
            format!(
                "--acknowledge-missing-runs: this ledger lacks {}; acknowledged in run {run_id} \
                 (recorded in the ledger's missing_runs for auditors). Rows paid there are not \
                 checked as repeats.",
                lacking::describe(runs)
            ),
        );
    } else {
        crate::log::warn(
            "ledger_lacks_runs",
            format!(
                "this ledger lacks {}: recorded; every batch but these is refused until each \
                 is adopted or the gap acknowledged (--acknowledge-missing-runs)",
                lacking::describe(runs)
            ),
        );
    }
    Ok(())
}

/// Once `--adopt` has asked about every payout of batch `label`: its
/// lacking runs are made good.
pub(super) fn adopted(ledger: &Ledger, label: &str, run_id: i64) -> Result<(), Error> {
    let n = ledger.settle_missing(Some(label), run_id)?;
    if n > 0 {
        crate::log::info(
            "missing_runs_adopted",
            format!(
                "batch '{label}' adopted: this ledger no longer lacks its {}",
                crate::text::count(n as u64, "run", "runs")
            ),
        );
    }
    Ok(())
}
