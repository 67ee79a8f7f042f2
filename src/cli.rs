//! The command line: clap definitions, with real examples in every help text.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Pay people from a spreadsheet through an e-wallet payout gateway, exactly once.
#[derive(Debug, Parser)]
#[command(name = "payrun", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Shown under every `--help`: cron jobs depend on these.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  done: every payout is paid or processing (for check: the sheet is valid)
  1  finished, but some payouts failed, are unknown or in conflict
  2  usage error or invalid input; nothing was sent
  3  stopped on a systemic refusal by the gateway; unsent rows wait for the next run
  4  another run holds the ledger lock";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a payroll sheet without sending anything (the dry run).
    Check(CheckArgs),
    /// Run the built-in sandbox gateway (placeholder until issue #3 lands).
    Sandbox(SandboxArgs),
    /// Pay every valid row of a sheet (placeholder until issue #4 lands).
    Submit(SubmitArgs),
}

/// Arguments of `payrun check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The sheet: .csv, .xlsx, .xlsm, .xls or .ods.
    pub sheet: PathBuf,
}

/// Arguments of `payrun sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {}

/// Shown under `payrun submit --help`.
pub const SUBMIT_EXAMPLES: &str = "\
Examples:
  # Try it end to end against the built-in sandbox (nothing real is paid):
  payrun submit samples/payroll-2026-11.csv --batch demo --sandbox

  # See what would be sent, with the balance check, without sending:
  export PAYRUN_GATEWAY_URL=https://gateway.example/bd PAYRUN_MERCHANT_NO=0000000001
  export PAYRUN_APP_SECRET=...   # never on the command line
  export PAYRUN_NOTIFY_URL=https://payrun.example.com/callback
  payrun submit payroll-nov.xlsx --batch payroll-2026-11 --dry-run

  # Pay it, 8 workers at most 20 requests a second:
  payrun submit payroll-nov.xlsx --batch payroll-2026-11

  # Re-run after a crash, a kill or a corrected sheet: same command, same label.
  # Paid rows are never sent again; uncertain ones are asked about first.
  payrun submit payroll-nov-fixed.xlsx --batch payroll-2026-11

  # Pay the valid rows and record the invalid ones for the report:
  payrun submit payroll-nov.csv --batch payroll-2026-11 --skip-invalid

Ledger: --ledger, else $PAYRUN_LEDGER, else $XDG_DATA_HOME/payrun/ledger.sqlite
(~/.local/share/payrun/ledger.sqlite); with --sandbox ./payrun-sandbox/ledger.sqlite.";

/// Arguments of `payrun submit`.
#[derive(Debug, Args)]
#[command(after_long_help = SUBMIT_EXAMPLES, args_override_self = true)]
pub struct SubmitArgs {
    #[command(flatten)]
    pub sheet: SheetArgs,

    /// The batch label, e.g. payroll-2026-11. It scopes "each row is paid once":
    /// the same sheet under the same label never pays a row twice. Use a new
    /// label for a new payment run.
    #[arg(long, value_name = "LABEL")]
    pub batch: String,

    #[command(flatten)]
    pub gateway: GatewayArgs,

    #[command(flatten)]
    pub ledger: LedgerArgs,

    /// Requests in flight at most (worker threads).
    #[arg(long, value_name = "N", default_value_t = 8,
          value_parser = clap::value_parser!(u32).range(1..=512))]
    pub concurrency: u32,

    /// Pace of requests (payouts and queries together): 20/s, 600/min, or
    /// unlimited. Slows down by itself when the gateway says "too many requests".
    #[arg(long, value_name = "RATE", default_value = "20/s")]
    pub rate: crate::submit::rate::Rate,

    /// Requests that may go out back to back after an idle moment.
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub burst: u32,

    /// Sends of one payout per run before it is left for the next run (as
    /// unknown, or planned if it never reached the gateway; never as failed).
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_attempts: u32,

    /// How long after a send a "not found" from the query endpoint is believed,
    /// allowing a resend with the same tradeNo.
    #[arg(long, value_name = "DURATION", default_value = "60s",
          value_parser = humantime::parse_duration)]
    pub grace: std::time::Duration,

    /// Record invalid and refused rows for the report, and pay the rest.
    /// Without it, any such row stops the run before anything is sent (exit 2).
    #[arg(long)]
    pub skip_invalid: bool,

    /// Plan, compare with the ledger and check the balance; print what would be
    /// sent; send nothing and write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Run the whole job against the built-in sandbox gateway, started on a free
    /// loopback port with its default credentials. Nothing real is paid.
    #[arg(long)]
    pub sandbox: bool,
}

/// How to reach the gateway. The app secret is read from the environment
/// variable PAYRUN_APP_SECRET only: a flag would leak it into shell history
/// and `ps`.
#[derive(Debug, Clone, Args)]
pub struct GatewayArgs {
    /// Gateway base URL, e.g. https://gateway.example/bd.
    #[arg(long = "gateway", value_name = "URL", env = "PAYRUN_GATEWAY_URL")]
    pub gateway_url: Option<String>,

    /// Merchant number issued by the provider, e.g. 0000000001.
    #[arg(long, value_name = "NO", env = "PAYRUN_MERCHANT_NO")]
    pub merchant: Option<String>,

    /// Where the gateway POSTs payout results (sent as notifyUrl).
    #[arg(long, value_name = "URL", env = "PAYRUN_NOTIFY_URL")]
    pub notify_url: Option<String>,

    /// Time to open a connection; past it nothing was sent, so it is retried.
    #[arg(long, value_name = "DURATION", default_value = "5s",
          value_parser = humantime::parse_duration)]
    pub connect_timeout: std::time::Duration,

    /// Time for a whole request; past it the outcome is unknown and is asked
    /// about by query, never resent blindly.
    #[arg(long, value_name = "DURATION", default_value = "30s",
          value_parser = humantime::parse_duration)]
    pub request_timeout: std::time::Duration,
}

/// Which ledger to use.
#[derive(Debug, Clone, Args)]
pub struct LedgerArgs {
    /// The SQLite ledger [default: $PAYRUN_LEDGER, else
    /// $XDG_DATA_HOME/payrun/ledger.sqlite, i.e. ~/.local/share/payrun/ledger.sqlite;
    /// with --sandbox ./payrun-sandbox/ledger.sqlite, never $PAYRUN_LEDGER].
    #[arg(long = "ledger", value_name = "PATH")]
    pub ledger: Option<PathBuf>,
}

impl LedgerArgs {
    /// The ledger path: the flag, else the documented default. A sandbox run
    /// ignores $PAYRUN_LEDGER so that it never writes into a production ledger.
    pub fn resolve(&self, sandbox: bool) -> Option<PathBuf> {
        if let Some(p) = &self.ledger {
            return Some(p.clone());
        }
        if sandbox {
            return Some(PathBuf::from("payrun-sandbox").join("ledger.sqlite"));
        }
        if let Some(p) = std::env::var_os("PAYRUN_LEDGER").filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(p));
        }
        let data = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
        Some(data.join("payrun").join("ledger.sqlite"))
    }
}
