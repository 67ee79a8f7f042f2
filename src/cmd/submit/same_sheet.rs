//! Stops a sheet whose exact payouts were already submitted under another
//! batch label (see `ledger::same_sheet`), unless `--allow-same-sheet`.

use crate::cli::SubmitArgs;
use crate::error::Error;
use crate::ledger::Ledger;
use crate::plan::Plan;
use crate::time::from_text;
use crate::validate::Validated;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// Within this long, the same payouts under a new label are refused; after
/// it, they are a warning. A month's payroll with exactly the same payees,
/// amounts, references and remarks as last month's is rare but real; a
/// re-upload of the same file happens within hours or days.
pub const WINDOW: Duration = Duration::from_secs(20 * 24 * 3600);

/// `Err` (exit 2, nothing sent) when the same payouts went out under another
/// label within [`WINDOW`]; a warning when longer ago.
pub(super) fn guard(
    args: &SubmitArgs,
    ledger_path: &Path,
    plan: &Plan,
    validated: &Validated,
) -> Result<(), Error> {
    if args.allow_same_sheet || validated.payouts.is_empty() || !ledger_path.exists() {
        return Ok(());
    }
    let ledger = Ledger::open(ledger_path)?;
    let Some(earlier) = ledger.same_payouts_elsewhere(&validated.digest, plan.label.as_str())?
    else {
        return Ok(());
    };
    let file = earlier
        .input_file
        .as_deref()
        .map(|f| format!(" (file {f})"))
        .unwrap_or_default();
    let what = format!(
        "{}: these exact {} payouts (digest {}) were already submitted under batch '{}' at {}{file}",
        validated.file_name,
        validated.payouts.len(),
        validated.digest.get(..16).unwrap_or(&validated.digest),
        earlier.label,
        earlier.started_at,
    );
    let recent = from_text(&earlier.started_at)
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_none_or(|age| age < WINDOW);
    if recent {
        return Err(Error::Usage(format!(
            "{what}. Under the new label '{}' every one of them would be paid again. Nothing was sent. \
             To continue or re-run that batch, use --batch {}; if paying everyone a second time is \
             intended, add --allow-same-sheet",
            plan.label, earlier.label
        )));
    }
    crate::log::warn(
        "same_sheet",
        format!(
            "warning: {what}, more than {} days ago; paying them again under '{}' as a new run",
            WINDOW.as_secs() / 86_400,
            plan.label
        ),
    );
    Ok(())
}
