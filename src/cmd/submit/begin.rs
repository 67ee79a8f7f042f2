//! Beginning a submit run: the lock (taken before the ledger's history is
//! read), the ledger, the batch and the run row.
//! Nothing can have been sent if this fails, which `not_started` relies on.

use super::super::connect::Connection;
use crate::error::Error;
use crate::ledger::batch_lock::{self, BatchLock};
use crate::ledger::{Batch, Ledger, LedgerError, RunInfo, RunLock};
use crate::plan::Plan;
use crate::validate::Validated;
use std::path::Path;

/// Takes the run lock first of all: a run that cannot start (another run
/// holds the ledger) says so before it reads or shows anything of the
/// ledger's history, and that history cannot change between being shown and
/// the send. Holding the lock longer only narrows what another run may do.
pub(super) fn lock(ledger_path: &Path) -> Result<RunLock, Error> {
    Ok(RunLock::acquire(ledger_path, "payrun submit").map_err(LedgerError::from)?)
}

/// What [`start`] opened and began.
pub(super) struct Started {
    pub lock: RunLock,
    /// One run per batch on this host (`ledger::batch_lock`).
    pub batch_lock: Option<BatchLock>,
    pub ledger: Ledger,
    pub batch: Batch,
    pub run_id: i64,
    /// The ledger is older than the one last used at its path, and
    /// `--adopt` was given: it is accepted (its mark written) only once the
    /// adoption has asked about everything it holds as unsent.
    pub went_back: bool,
    /// This run made the ledger new, and the batch's own mark says a ledger
    /// sent the batch before (`Ledger::check_batch_mark`): the gateway is
    /// asked about every payout before the first send, not a sample.
    pub ask_every: bool,
}

/// Opens the ledger under `lock` (taken now if not yet), checks that it is
/// the one last used at its path (`ledger::continuity`), binds the batch and
/// begins the run: nothing can have been sent if this fails.
pub(super) fn start(
    lock: Option<RunLock>,
    ledger_path: &Path,
    plan: &Plan,
    conn: &Connection,
    validated: &Validated,
    args: &crate::cli::SubmitArgs,
) -> Result<Started, Error> {
    let adopt = args.adopt;
    let mut lock = match lock {
        Some(l) => l,
        None => self::lock(ledger_path)?,
    };
    let batch_lock = batch_lock(conn, plan, ledger_path)?;
    let mut ledger = crate::ledger::open_under_lock(&mut lock, ledger_path, true)?;
    if let Some(b) = &batch_lock {
        b.check_ledger(ledger.path(), plan.label.as_str(), adopt)
            .map_err(Error::Usage)?;
    }
    let batch_mark = match &batch_lock {
        Some(b) => ledger.check_batch_mark(&b.mark_file(), plan.label.as_str()),
        None => Ok(false),
    };
    let ask_every = matches!(batch_mark, Ok(true));
    let went_back = went_back(
        ledger.check_continuity().and(batch_mark.map(drop)),
        plan,
        args,
    )?;
    let acknowledge = args.acknowledge_missing_runs;
    let lacking = super::lacking::gate(&ledger, plan.label.as_str(), adopt, acknowledge)?;
    let batch = bind(&mut ledger, plan, conn, went_back)?;
    // A batch keeps the tradeNo form it was first sent in; refused before
    // the run begins.
    ledger
        .check_trade_no_form(batch.id, plan.label.as_str(), plan.form)
        .map_err(|e| Error::Usage(e.to_string()))?;
    let run_id = ledger.begin_run(Some(batch.id), &run_info(validated))?;
    // One that never sent anything takes this run's form.
    ledger
        .take_trade_no_form(batch.id, run_id, plan)
        .map_err(|e| match e {
            LedgerError::TradeNoFormChanged { .. } => Error::Usage(e.to_string()),
            e => e.into(),
        })?;
    super::lacking::record(&ledger, &lacking, run_id, acknowledge)?;
    if !went_back {
        mark(&ledger, run_id);
    }
    Ok(Started {
        lock,
        batch_lock,
        ledger,
        batch,
        run_id,
        went_back,
        ask_every,
    })
}

/// The batch's lock on this host, over every ledger; none for the
/// in-process sandbox, which is this run's alone: two runs never share it.
fn batch_lock(
    conn: &Connection,
    plan: &Plan,
    ledger_path: &Path,
) -> Result<Option<BatchLock>, Error> {
    Ok(match conn.sandbox {
        Some(_) => None,
        None => batch_lock::acquire(
            &conn.gateway_id,
            &conn.merchant_no,
            plan.label.as_str(),
            &std::path::absolute(ledger_path).unwrap_or_else(|_| ledger_path.to_path_buf()),
        )
        .map_err(LedgerError::from)?,
    })
}

/// Whether the ledger went back in time (`continuity`: its own check and
/// the batch mark's), which only `--adopt` goes on with, said as a
/// warning; without it the refusal names the way out.
fn went_back(
    continuity: Result<(), LedgerError>,
    plan: &Plan,
    args: &crate::cli::SubmitArgs,
) -> Result<bool, Error> {
    match continuity {
        Ok(()) => Ok(false),
        Err(LedgerError::WentBack { path, why } | LedgerError::BatchWentBack { path, why, .. })
            if args.adopt =>
        {
            crate::log::warn(
                "ledger_went_back",
                format!(
                    "{} is older than the ledger last used at this path or for this batch \
                     ({why}). --adopt: every \
                     payout of batch '{}' it holds as not sent is asked about first; then this \
                     ledger is accepted here, marked as lacking the runs named until each \
                     batch is adopted.",
                    path.display(),
                    plan.label
                ),
            );
            Ok(true)
        }
        Err(e) => Err(super::lacking::went_back(e, args)),
    }
}

/// The batch row, made or checked against this run's gateway and merchant.
fn bind(
    ledger: &mut Ledger,
    plan: &Plan,
    conn: &Connection,
    went_back: bool,
) -> Result<Batch, Error> {
    ledger
        // A ledger that went back cannot show that nothing was sent: its
        // batch keeps its gateway.
        .ensure_batch(
            plan.label.as_str(),
            &conn.merchant_no,
            &conn.gateway_id,
            !went_back,
        )
        .map_err(|e| match e {
            // The wrong label or the wrong gateway: a usage error, nothing sent.
            LedgerError::BatchMismatch { .. } => Error::Usage(e.to_string()),
            e => e.into(),
        })
}

/// Records this run as what the ledger's path last saw. A mark that cannot
/// be written leaves the older one, which this ledger still holds: the
/// check it feeds is weaker for it, never wrong, so the run goes on.
pub(super) fn mark(ledger: &Ledger, run_id: i64) {
    if let Err(e) = ledger.write_mark(run_id) {
        crate::log::warn(
            "mark_not_written",
            format!("warning: the ledger's mark was not written ({e}); payouts are unaffected"),
        );
    }
}

/// The run as it starts: the file it reads, named for auditors. The sheet
/// (its digest, payouts and row count) becomes the batch's only once its
/// rows are recorded ([`sheet_info`]): a run that sends nothing (refused
/// rows, a report that cannot be written) leaves the batch's books alone.
fn run_info(v: &Validated) -> RunInfo {
    RunInfo {
        command: "submit".to_string(),
        input_file: Some(v.file_name.clone()),
        ..RunInfo::default()
    }
}

/// What the run records of its sheet when the batch takes it
/// (`Ledger::take_sheet`).
pub(super) fn sheet_info(v: &Validated) -> RunInfo {
    RunInfo {
        command: "submit".to_string(),
        input_file: Some(v.file_name.clone()),
        input_sha256: Some(v.sheet.file_sha256.clone()),
        payouts_digest: Some(v.digest.clone()),
        rows_in_sheet: Some(v.sheet.data_rows),
        dry_run: false,
    }
}
