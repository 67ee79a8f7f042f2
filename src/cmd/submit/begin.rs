//! Beginning a submit run: the lock, the ledger, the batch and the run row.
//! Nothing can have been sent if this fails, which `not_started` relies on.

use super::super::connect::Connection;
use crate::error::Error;
use crate::ledger::{Batch, Ledger, LedgerError, RunInfo, RunLock};
use crate::plan::Plan;
use crate::validate::Validated;
use std::path::Path;

/// Takes the lock, opens the ledger, binds the batch and begins the run:
/// nothing can have been sent if this fails.
pub(super) fn start(
    ledger_path: &Path,
    plan: &Plan,
    conn: &Connection,
    validated: &Validated,
) -> Result<(RunLock, Ledger, Batch, i64), Error> {
    let (lock, mut ledger) = crate::ledger::open_for_run(ledger_path, "payrun submit", true)?;
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
