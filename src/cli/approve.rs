//! Arguments of `payrun approve`. The sheet's settings and the ledger come
//! from the settings table (`cli::settings`); the approval rule is file
//! only (`config::ApprovalPolicy`).

use super::SheetArgs;
use clap::Args;
use std::path::PathBuf;

/// Shown under `payrun approve --help`.
pub const APPROVE_EXAMPLES: &str = "\
Examples:
  # Signed (with approval_signers in payrun.toml). Write the statement, read it,
  # sign it with your own SSH key (no payrun needed), record the signature:
  payrun approve payroll-nov.xlsx --batch 2026-11-payroll --statement-out nov.approval.txt
  ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n payrun-approval nov.approval.txt
  payrun approve payroll-nov.xlsx --batch 2026-11-payroll --signature nov.approval.txt.sig

  # Or let payrun sign with your key file, or with ssh-agent (give the .pub):
  payrun approve payroll-nov.xlsx --batch 2026-11-payroll --sign-with ~/.ssh/id_ed25519.pub

  # The maker signs as preparer (require_prepared_by); they can never approve:
  payrun approve payroll-nov.xlsx --batch 2026-11-payroll --prepare --sign-with ~/.ssh/id_ed25519

  # Check every recorded signature again (an auditor, months later): against
  # the allowed-signers line kept in the ledger when each was recorded, and the
  # team's file if configured or named:
  payrun approve --verify --batch 2026-11-payroll
  payrun approve --verify --batch 2026-11-payroll --ledger copy.sqlite --allowed-signers team_signers

  # Unsigned, only while no allowed-signers file is configured:
  payrun approve payroll-nov.xlsx --batch 2026-11-payroll --by rahim --note \"checked vs HR\"

The statement states the batch label, the gateway and the merchant account that
pays (--merchant, as submit is given it, unless payrun.toml names it), the
sheet's SHA-256, the payouts digest (what `payrun check` prints), the row count,
the totals per provider and overall (taka and exact poisha), how the sheet was
read, the date, what changed since the last payroll, the payouts another
label paid recently, and for a corrected sheet under a label that already
sent, what changed since (wallets first) and exactly what this approval sends. Signatures use the namespace payrun-approval and are
checked against the allowed-signers file (ssh-keygen -Y verify format).

With require_approval = true, `payrun submit` refuses a sheet whose payouts
lack the approvals the profile requires: distinct principals per
approval_tiers (the same key twice, or one person's two keys, count once).
Changing any payout changes the digest, so an approval never covers an edited
sheet; reordering rows does not. An approval counts for approval_max_age (7 days
by default), from the older of when it was recorded and its statement's date;
submit --allow-repeat-payment pays payouts another label paid only if the
approvals' statements listed them as they stand. See docs/operations.md.

Exit codes: 0 recorded (or already recorded, or the statement written, or every
signature verifies); 2 invalid sheet, refused signature or usage error.";

/// Arguments of `payrun approve`.
#[derive(Debug, Args)]
#[command(after_help = APPROVE_EXAMPLES)]
#[command(mut_arg("path", |a| a.required(false).default_value(".").hide_default_value(true)))]
pub struct ApproveArgs {
    #[command(flatten)]
    pub sheet: SheetArgs,

    /// The batch label the sheet will be submitted under, e.g. 2026-11-payroll.
    #[arg(long, value_name = "LABEL")]
    pub batch: String,

    /// Write the approval statement to FILE for the approver to read and sign
    /// (`ssh-keygen -Y sign -n payrun-approval FILE`); records nothing unless
    /// --sign-with is given too.
    #[arg(long, value_name = "FILE", conflicts_with = "signature")]
    pub statement_out: Option<PathBuf>,

    /// Record the SSH signature FILE.sig of the statement (made by
    /// `ssh-keygen -Y sign`); it is checked against the allowed-signers file.
    #[arg(long, value_name = "FILE.sig", conflicts_with_all = ["sign_with", "by"])]
    pub signature: Option<PathBuf>,

    /// The signed statement [default: the --signature path without .sig].
    #[arg(long, value_name = "FILE", requires = "signature")]
    pub statement: Option<PathBuf>,

    /// Sign the statement here and record it: a private key file, or a public
    /// key (.pub) whose private half ssh-agent holds. payrun never asks for a
    /// passphrase: load a protected key with ssh-add first.
    #[arg(long, value_name = "KEY", conflicts_with = "by")]
    pub sign_with: Option<PathBuf>,

    /// Sign as the maker who prepared the batch, not as an approver. The
    /// preparer's principal can never approve the same batch.
    #[arg(long)]
    pub prepare: bool,

    /// Unsigned approval by NAME (a name or user id, recorded as written).
    /// Refused once an allowed-signers file is configured.
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,

    /// Check every recorded approval of --batch again (statement, signature,
    /// allowed signers); no SHEET needed.
    #[arg(long, conflicts_with_all = ["statement_out", "signature", "sign_with", "by"])]
    pub verify: bool,

    /// With --verify: the allowed-signers FILE to check against instead of
    /// approval_signers (an auditor's copy of the team's file). Each signed
    /// approval is also checked against the line kept in the ledger when it
    /// was recorded.
    #[arg(long, value_name = "FILE", requires = "verify")]
    pub allowed_signers: Option<PathBuf>,

    /// Approve the valid rows of a sheet that has invalid ones (they will be
    /// skipped by `submit --skip-invalid`). Without it such a sheet is refused.
    #[arg(long)]
    pub skip_invalid: bool,

    /// A remark kept with the approval, e.g. "checked against HR's list".
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Record in the sandbox ledger (./payrun-sandbox/ledger.sqlite), the one
    /// `payrun submit --sandbox` uses.
    #[arg(long)]
    pub sandbox: bool,
}
