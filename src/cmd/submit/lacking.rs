//! A ledger that lacks runs (`ledger::lacking`): which batches a run may
//! still pay through it, and what it records of the gap.
//!
//! A row paid in a lacking run reads here as never paid, so the repeat rule
//! cannot see it. Until each lacking run's batch is adopted (asked about at
//! the gateway, payout by payout) or a person acknowledges the gap, a run
//! goes on only to adopt one of those batches.

use crate::error::Error;
use crate::ledger::lacking::{self, MarkedRun};
use crate::ledger::{Ledger, LedgerError};

/// What the run may do, given the runs the ledger lacks: `Ok` with them
/// (empty: none), or the refusal naming them.
pub(super) fn gate(
    ledger: &Ledger,
    label: &str,
    adopt: bool,
    acknowledge: bool,
) -> Result<Vec<MarkedRun>, Error> {
    let runs = ledger.lacking_runs()?;
    if acknowledge && runs.is_empty() {
        return Err(Error::Usage(format!(
            "--acknowledge-missing-runs: {} lacks no runs, so there is nothing to acknowledge. \
             The flag is refused rather than ignored: left in a script or a crontab, it would \
             acknowledge, unread, the gap a later restore opens. Nothing was sent. Run the same \
             command without it: {}",
            ledger.path().display(),
            this_command(Some("--acknowledge-missing-runs"), None)
        )));
    }
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

/// What a dry run with `--acknowledge-missing-runs` would record of
/// `runs`: said, and nothing recorded.
pub(super) fn dry_acknowledge(runs: &[MarkedRun], acknowledge: bool) {
    if acknowledge && !runs.is_empty() {
        crate::log::info(
            "missing_runs_to_acknowledge",
            format!(
                "--acknowledge-missing-runs (dry run): the real run would acknowledge that this \
                 ledger lacks {}; nothing recorded now",
                lacking::describe(runs)
            ),
        );
    }
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

/// `e`, the refusal of a ledger older than the one last used at its path
/// or for the batch, to a run without `--adopt` (`args`). With
/// `--acknowledge-missing-runs` it says what the flag needs: the flag
/// acknowledges runs a ledger is recorded to lack, and only an `--adopt`
/// checks such a ledger against the gateway and records what it lacks; the
/// generic refusal did not say why the flag was not enough, nor give the
/// command.
pub(super) fn went_back(e: LedgerError, args: &crate::cli::SubmitArgs) -> Error {
    let why = match &e {
        LedgerError::WentBack { path, why } | LedgerError::BatchWentBack { path, why, .. } => {
            format!(
                "{} is older than the ledger last used there or for this batch: {why}",
                path.display()
            )
        }
        _ => return e.into(),
    };
    if !args.acknowledge_missing_runs || args.adopt {
        return e.into();
    }
    Error::Usage(format!(
        "--acknowledge-missing-runs needs --adopt on this ledger: {why}. No run has accepted it \
         yet, so it is not yet recorded what it lacks, and there is nothing for the flag to \
         acknowledge: a run with --adopt first asks the gateway about every payout of its \
         batch this ledger holds as not sent, then accepts the ledger, records the runs it \
         lacks and, with the flag, acknowledges them. Nothing was sent. Run: {}",
        this_command(None, Some("--adopt"))
    ))
}

/// This process's command line as a command to copy (each word quoted for
/// the shell), without the word `drop` and with `add` at its end.
fn this_command(drop: Option<&str>, add: Option<&str>) -> String {
    let mut words: Vec<String> = vec!["payrun".into()];
    words.extend(
        std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .filter(|a| Some(a.as_str()) != drop)
            .map(|a| crate::text::shell_word(&a)),
    );
    words.extend(add.map(str::to_string));
    format!("`{}`", words.join(" "))
}
