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

/// Arguments of `payrun submit`.
#[derive(Debug, Args)]
pub struct SubmitArgs {}
