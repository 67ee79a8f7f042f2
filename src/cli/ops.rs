//! Options shared by every command (config, profile, logging) and the
//! operator's commands: config, approve, template, completions, man.

use super::{LedgerArgs, SheetArgs};
use clap::{Args, Subcommand};
use std::path::PathBuf;

/// Options every command takes; they may appear before or after the
/// subcommand.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// The config file [default: $PAYRUN_CONFIG, else ./payrun.toml if it exists].
    #[arg(long, global = true, value_name = "PATH", env = "PAYRUN_CONFIG")]
    pub config: Option<PathBuf>,

    /// The [profile.NAME] section of the config file to use, e.g. production.
    #[arg(long, global = true, value_name = "NAME", env = "PAYRUN_PROFILE")]
    pub profile: Option<String>,

    /// How events are written on stderr: text for people, json for log
    /// collectors (one JSON object per line). stdout is unchanged.
    #[arg(
        long,
        global = true,
        value_name = "FORMAT",
        value_enum,
        default_value = "text",
        env = "PAYRUN_LOG_FORMAT"
    )]
    pub log_format: crate::log::Format,

    /// Print only the final summary (and warnings and errors): no progress,
    /// no step-by-step messages. For cron mail.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
}

/// Shown under `payrun config --help`.
pub const CONFIG_EXAMPLES: &str = "\
Examples:
  payrun config init                          # writes ./payrun.toml, commented
  payrun config init --out /etc/payrun/payrun.toml
  payrun config show                          # what is in effect, and from where
  payrun --profile production config show
  PAYRUN_CONFIG=/etc/payrun/payrun.toml payrun config show

Precedence: flags, then PAYRUN_* environment variables, then the file, then
built-in defaults. The file is --config PATH, else $PAYRUN_CONFIG, else
./payrun.toml. The app secret comes only from PAYRUN_APP_SECRET or the file
named by app_secret_file; `config show` prints it as ***.";

/// Arguments of `payrun config`.
#[derive(Debug, Args)]
#[command(after_help = CONFIG_EXAMPLES)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the effective settings and where each came from
    /// (flag / env / file:PATH / default).
    Show,
    /// Write a commented starter payrun.toml (never overwrites a file).
    Init {
        /// Where to write it.
        #[arg(long, value_name = "PATH", default_value = "payrun.toml")]
        out: PathBuf,
    },
}

/// Shown under `payrun approve --help`.
pub const APPROVE_EXAMPLES: &str = "\
Examples:
  # Signed (with approval_signers in payrun.toml). Write the statement, read it,
  # sign it with your own SSH key (no payrun needed), record the signature:
  payrun approve payroll-nov.xlsx --batch payroll-2026-11 --statement-out nov.approval.txt
  ssh-keygen -Y sign -f ~/.ssh/id_ed25519 -n payrun-approval nov.approval.txt
  payrun approve payroll-nov.xlsx --batch payroll-2026-11 --signature nov.approval.txt.sig

  # Or let payrun sign with your key file, or with ssh-agent (give the .pub):
  payrun approve payroll-nov.xlsx --batch payroll-2026-11 --sign-with ~/.ssh/id_ed25519.pub

  # The maker signs as preparer (require_prepared_by); they can never approve:
  payrun approve payroll-nov.xlsx --batch payroll-2026-11 --prepare --sign-with ~/.ssh/id_ed25519

  # Check every recorded signature again (an auditor, months later):
  payrun approve --verify --batch payroll-2026-11

  # Unsigned, only while no allowed-signers file is configured:
  payrun approve payroll-nov.xlsx --batch payroll-2026-11 --by rahim --note \"checked vs HR\"

The statement states the batch label, the sheet's SHA-256, the payouts digest
(what `payrun check` prints), the row count, the totals per provider and
overall (taka and exact poisha), how the sheet was read, the date, and what
changed since the last payroll. Signatures use the namespace payrun-approval
and are checked against the allowed-signers file (ssh-keygen -Y verify format).

With require_approval = true, `payrun submit` refuses a sheet whose payouts
lack the approvals the profile requires: distinct principals per
approval_tiers (the same key twice, or one person's two keys, count once).
Changing any payout changes the digest, so an approval never covers an edited
sheet; reordering rows does not. See docs/operations.md.

Exit codes: 0 recorded (or already recorded, or the statement written, or every
signature verifies); 2 invalid sheet, refused signature or usage error.";

/// Arguments of `payrun approve`.
#[derive(Debug, Args)]
#[command(after_help = APPROVE_EXAMPLES)]
#[command(mut_arg("path", |a| a.required(false).default_value(".").hide_default_value(true)))]
pub struct ApproveArgs {
    #[command(flatten)]
    pub sheet: SheetArgs,

    /// The batch label the sheet will be submitted under, e.g. payroll-2026-11.
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

    /// Approve the valid rows of a sheet that has invalid ones (they will be
    /// skipped by `submit --skip-invalid`). Without it such a sheet is refused.
    #[arg(long)]
    pub skip_invalid: bool,

    /// A remark kept with the approval, e.g. "checked against HR's list".
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    #[command(flatten)]
    pub ledger: LedgerArgs,

    /// Record in the sandbox ledger (./payrun-sandbox/ledger.sqlite), the one
    /// `payrun submit --sandbox` uses.
    #[arg(long)]
    pub sandbox: bool,

    /// The approval rule from payrun.toml; file only.
    #[arg(skip)]
    pub approval: crate::config::ApprovalPolicy,

    /// The [changes] window from payrun.toml; file only.
    #[arg(skip)]
    pub compare: crate::config::CompareWindow,
}

/// Shown under `payrun template --help`.
pub const TEMPLATE_EXAMPLES: &str = "\
Examples:
  payrun template --out payroll.xlsx     # headers, Text wallet column, provider dropdown, instructions
  payrun template --out payroll.csv

Fill one row per payout, then `payrun check payroll.xlsx`.";

/// Arguments of `payrun template`.
#[derive(Debug, Args)]
#[command(after_help = TEMPLATE_EXAMPLES)]
pub struct TemplateArgs {
    /// The file to write: .xlsx or .csv. An existing file is never overwritten.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
}

/// Arguments of `payrun completions`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  payrun completions bash > ~/.local/share/bash-completion/completions/payrun
  payrun completions zsh  > ~/.zfunc/_payrun
  payrun completions fish > ~/.config/fish/completions/payrun.fish")]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `payrun man`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  payrun man > payrun.1 && man ./payrun.1
  payrun man --out-dir /usr/local/share/man/man1   # payrun.1 and payrun-SUBCOMMAND.1")]
pub struct ManArgs {
    /// Write one page per command into this folder instead of payrun(1) on stdout.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}
