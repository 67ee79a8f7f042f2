//! Beginning a submit run: the lock (taken before the ledger's history is
//! read), the ledger, the batch and the run row.
//! Nothing can have been sent if this fails, which `not_started` relies on.

use super::super::connect::Connection;
use crate::error::Error;
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

/// Opens the ledger under `lock` (taken now if not yet), binds the batch
/// and begins the run: nothing can have been sent if this fails.
pub(super) fn start(
    lock: Option<RunLock>,
    ledger_path: &Path,
    plan: &Plan,
    conn: &Connection,
    validated: &Validated,
) -> Result<(RunLock, Ledger, Batch, i64), Error> {
    let mut lock = match lock {
        Some(l) => l,
        None => self::lock(ledger_path)?,
    };
    let mut ledger = crate::ledger::open_under_lock(&mut lock, ledger_path, true)?;
    let batch = ledger
        .ensure_batch(plan.label.as_str(), &conn.merchant_no, &conn.gateway_id)
        .map_err(|e| match e {
            // The wrong label or the wrong gateway: a usage error, nothing sent.
            LedgerError::BatchMismatch { .. } => Error::Usage(e.to_string()),
            e => e.into(),
        })?;
    let run_id = ledger.begin_run(Some(batch.id), &run_info(validated))?;
    Ok((lock, ledger, batch, run_id))
}

fn run_info(v: &Validated) -> RunInfo {
    RunInfo {
        command: "submit".to_string(),
        input_file: Some(v.file_name.clone()),
        input_sha256: Some(v.file_sha256.clone()),
        payouts_digest: Some(v.digest.clone()),
        rows_in_sheet: Some(v.rows_read),
        dry_run: false,
    }
}
