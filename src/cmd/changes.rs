//! "What changed since the last payroll" for the commands that show it
//! (`check`, `submit`, `approve`): read the recent batches that paid (or may have) from the
//! ledger, if one exists (never creating one), and compare.

use crate::changes::{self, Changes};
use crate::config::CompareWindow;
use crate::error::Error;
use crate::ledger::earlier::{self, Recent};
use crate::validate::Payout;
use std::path::Path;

/// Compares `payouts` with the recent batches that paid (or may have) of the ledger at `path`,
/// leaving out the batch `exclude` (the one being paid). `None` when there
/// is no ledger to compare with.
pub(super) fn compare(
    path: Option<&Path>,
    window: CompareWindow,
    exclude: Option<&str>,
    payouts: &[Payout],
) -> Result<Option<Changes>, Error> {
    let Some(path) = path else {
        return Ok(None);
    };
    let recent = Recent {
        batches: window.batches,
        days: window.days,
        now: chrono::Utc::now(),
        exclude,
    };
    let Some(earlier) = earlier::read(path, &recent)? else {
        return Ok(None);
    };
    Ok(Some(changes::compare(
        payouts,
        &earlier,
        window.amount_percent,
    )))
}

/// The section's text when there was no ledger to compare with.
pub(super) fn no_ledger(path: Option<&Path>) -> String {
    match path {
        Some(p) => format!(
            "Changes since the last payroll: not compared (no ledger at {}).\n",
            p.display()
        ),
        None => "Changes since the last payroll: not compared (no ledger location).\n".into(),
    }
}
