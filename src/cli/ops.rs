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
  # The maker checks the sheet and sends it to the checker with its digest:
  payrun check payroll-nov.xlsx
  # The checker approves exactly that content:
  payrun approve payroll-nov.xlsx --batch payroll-2026-11 --by rahim
  # Above approval_threshold_taka a second, different person approves too:
  payrun approve payroll-nov.xlsx --batch payroll-2026-11 --by karim --note \"checked vs HR\"

With require_approval = true in the profile, `payrun submit` refuses a sheet
whose validated payouts (the digest `payrun check` prints) have no approval
under that batch label. Changing any payout (a wallet, an amount, a name)
changes the digest, so an approval never covers an edited sheet. Reordering
rows does not. Approvals are kept in the ledger and listed in the report.

Exit codes: 0 recorded (or already recorded); 2 invalid sheet or usage error.";

/// Arguments of `payrun approve`.
#[derive(Debug, Args)]
#[command(after_help = APPROVE_EXAMPLES)]
pub struct ApproveArgs {
    #[command(flatten)]
    pub sheet: SheetArgs,

    /// The batch label the sheet will be submitted under, e.g. payroll-2026-11.
    #[arg(long, value_name = "LABEL")]
    pub batch: String,

    /// Who approves (a name or user id, recorded as written).
    #[arg(long, value_name = "NAME")]
    pub by: String,

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
