//! An approval is permission to send: given after every payout of the
//! content has left, it approved nothing, and a report listing it beside
//! the approvals given before sending would tell an auditor the payment was
//! approved when it was not. So `approve` refuses it and records nothing.
//! Content only partly sent (a run stopped on a refusal, failed rows that
//! `--retry-failed` may send again) can still be approved: the approval
//! gates what is left.

use crate::error::Error;
use crate::ledger::Ledger;
use crate::ledger::history::{self, Decision};
use crate::plan::{BatchLabel, Plan};
use crate::text::{count, quoted};
use crate::validate::Validated;
use std::path::Path;

/// Refuses (exit 2, nothing recorded) when every payout of this content is
/// already in the ledger in a state that may have moved money.
pub(super) fn refuse_if_all_sent(
    ledger_path: &Path,
    label: &BatchLabel,
    v: &Validated,
) -> Result<(), Error> {
    if !ledger_path.is_file() {
        return Ok(());
    }
    let ledger = Ledger::open_read_only(ledger_path)?;
    let Some(sent) = all_sent(&ledger, label, v)? else {
        return Ok(());
    };
    let which = match sent {
        1 => "the one payout".to_string(),
        n => format!("all {}", count(n as u64, "payout", "payouts")),
    };
    Err(Error::Usage(format!(
        "batch {}: {which} of {} were already sent (paid, processing or unknown) before this approval. An approval given after sending did not approve the sending, so it is refused. Nothing was recorded. Approve before submit (require_approval = true makes submit wait for it); a new payment of this sheet needs a new batch label.",
        quoted(label.as_str()),
        quoted(&v.file_name),
    )))
}

/// How many payouts of this content are in the ledger in a state that may
/// have moved money, when that is every one of them; `None` otherwise. Such
/// content has nothing left to approve: `approve` refuses, and the submit
/// gate does not age the approvals it was sent on (`approval_max_age`), or
/// a batch sent whole could never run again to settle what it sent.
pub(super) fn all_sent(
    ledger: &Ledger,
    label: &BatchLabel,
    v: &Validated,
) -> Result<Option<usize>, Error> {
    let Some(batch) = ledger.batch(label.as_str())? else {
        return Ok(None);
    };
    let plan = Plan::new(label.clone(), &v.payouts).map_err(|e| Error::Usage(e.to_string()))?;
    let existing = ledger.existing(batch.id)?;
    let sent = history::decide(&plan, &existing)
        .iter()
        .filter(|d| {
            matches!(d, Decision::Reuse { id, state }
            if state.may_move_money() || existing.iter().any(|e| e.id == *id && e.conflict))
        })
        .count();
    Ok((sent > 0 && sent >= plan.rows.len()).then_some(sent))
}
