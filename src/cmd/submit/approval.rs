//! Before sending: what changed since the last payroll (shown, and with
//! `refuse_wallet_changes` judged), and the maker-checker gate.

use crate::cli::SubmitArgs;
use crate::config::Resolved;
use crate::error::Error;
use crate::plan::Plan;
use crate::validate::Validated;
use std::path::Path;

/// Shows the changes since the last payroll and refuses a batch whose
/// approvals do not cover it (see `approve::gate`).
pub(super) fn gate(
    args: &SubmitArgs,
    s: &Resolved,
    ledger_path: &Path,
    plan: &Plan,
    validated: &Validated,
) -> Result<(), Error> {
    if !args.sandbox {
        trusted(s)?;
    }
    let changes = super::super::changes::compare(
        Some(ledger_path),
        s.compare,
        Some(plan.label.as_str()),
        &validated.payouts,
    )?;
    match &changes {
        Some(c) if !c.is_empty() => {
            let text = crate::changes::render::section(c, None);
            let event = if c.wallets_to_cover().is_empty() && c.shared_wallets.is_empty() {
                "changes"
            } else {
                "wallet_changes"
            };
            if event == "changes" {
                crate::log::info(event, text.trim_end());
            } else {
                crate::log::warn(event, text.trim_end());
            }
        }
        Some(c) => crate::log::info(
            "changes",
            crate::changes::render::section(c, None).trim_end(),
        ),
        None => {}
    }
    super::super::approve::gate(
        ledger_path,
        &s.approval,
        &super::super::approve::Batch {
            label: &plan.label,
            validated,
            changes: changes.as_ref(),
            sheet_words: super::super::approve::sheet_words(
                &args.sheet,
                &s.sheet,
                args.skip_invalid,
            ),
            sandbox: args.sandbox,
            merchant: s.gateway.merchant_no.as_deref(),
            lifts_repeats: (args.allow_repeat_payment || args.allow_same_sheet)
                .then_some(s.repeat_window),
        },
    )
}

/// Refuses a real-money run under a payrun.toml or allowed-signers file that
/// anyone, or a user other than the operator or root, could have written:
/// it chooses the approvers, and whether approval is needed at all. One
/// its group can write is warned about.
fn trusted(s: &Resolved) -> Result<(), Error> {
    use crate::config::trusted::{Loose, loose};
    let files = [
        (s.config_file.as_deref(), "the config file"),
        (s.approval.signers.as_deref(), "the allowed-signers file"),
    ];
    for (path, what) in files {
        match path.and_then(|p| loose(p, what)) {
            Some(Loose::Refuse(why)) => return Err(Error::Usage(why)),
            Some(Loose::Warn(why)) => crate::log::warn("config_writable", why),
            None => {}
        }
    }
    Ok(())
}
