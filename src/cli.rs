//! The command line: clap definitions, with real examples in every help
//! text, one file per subcommand's arguments. The flags of settings come
//! from the settings table ([`settings`]).

use clap::{Parser, Subcommand};

mod approve;
mod check;
mod config;
mod conflict;
mod global;
mod helpers;
mod listen;
mod matching;
mod reconcile;
mod report;
#[cfg(feature = "sandbox")]
mod sandbox;
pub mod sandbox_flag;
pub mod settings;
mod sheet;
mod statement;
mod status;
mod submit;
pub use approve::*;
pub use check::*;
pub use config::*;
pub use conflict::*;
pub use global::*;
pub use helpers::*;
pub use listen::*;
pub use matching::*;
pub use reconcile::*;
pub use report::*;
#[cfg(feature = "sandbox")]
pub use sandbox::*;
pub use sheet::*;
pub use statement::*;
pub use status::*;
pub use submit::*;

/// Pay people from a spreadsheet through an e-wallet payout gateway, exactly once.
#[derive(Debug, Parser)]
#[command(name = "payrun", version, about, long_about = None, after_help = EXIT_CODES)]
#[command(mut_subcommands(finish_subcommand))]
pub struct Cli {
    #[command(flatten)]
    /// Options every subcommand takes (config file, log format, quiet).
    pub global: GlobalArgs,

    #[command(subcommand)]
    /// The subcommand to run.
    pub command: Command,
}

/// Shown under every `--help`: cron jobs depend on these.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  done: every payout is paid or processing (for check: the sheet is valid;
     for reconcile: every payout is final)
  1  finished, but some payouts failed, are unknown, not sent or in conflict
     (for reconcile: or still processing), or rows were skipped as invalid
     (--skip-invalid)
  2  usage error or invalid input; nothing was sent
  3  stopped on a systemic refusal by the gateway; rows not sent wait for the next run
  4  another run holds the ledger lock
  5  could not start: the gateway was unreachable, or the ledger, its folder or
     its disk cannot be written; nothing was sent
  130  interrupted (Ctrl-C, SIGTERM) where nothing was in flight to finish
reconcile --all-open exits with the worst (highest) code of the batches it followed.

Under --log-format json the last stderr line is {\"event\":\"finished\",\"exit_code\":N,...}.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a payroll sheet without sending anything (the dry run).
    Check(CheckArgs),
    /// Run the built-in sandbox gateway: the real gateway's API on 127.0.0.1,
    /// with documented rules and fault injection, for trying payrun and for tests.
    #[cfg(feature = "sandbox")]
    Sandbox(Box<SandboxArgs>),
    /// Pay every valid row of a sheet through the gateway, exactly once.
    Submit(SubmitArgs),
    /// Ask the gateway about payouts not final yet, record the answers, write the report.
    Reconcile(Box<ReconcileArgs>),
    /// Receive the gateway's callbacks (the notifyUrl) and apply them to the ledger.
    Listen(ListenArgs),
    /// Write a batch's reconciliation report (.xlsx, .csv or .json).
    Report(ReportArgs),
    /// Show a batch's summary, or list the batches in the ledger.
    Status(StatusArgs),
    /// List the payouts in conflict, or record a person's check of one
    /// (never moves money).
    Conflict(ConflictArgs),
    /// Match a batch against the provider's statement, line by line: the
    /// independent proof that the money left as the sheet said.
    Match(Box<MatchArgs>),
    /// List the provider statements imported by `match`, or withdraw one
    /// imported by mistake (recorded, kept, its matches undone).
    Statement(StatementArgs),
    /// Show or create payrun.toml (settings and profiles).
    Config(ConfigArgs),
    /// Approve exactly this sheet's payouts for a batch: write the statement,
    /// record an SSH-signed (or unsigned) approval, or --verify the recorded ones.
    Approve(ApproveArgs),
    /// Write an empty payroll sheet (.xlsx or .csv) with the right headers.
    Template(TemplateArgs),
    /// Print shell completions (bash, zsh, fish, ...).
    Completions(CompletionsArgs),
    /// Print the man page, generated from this help.
    Man(ManArgs),
}

/// Applied by clap to every subcommand: the settings' flags, and the
/// `--sandbox` flag hidden in a build without the sandbox.
fn finish_subcommand(cmd: clap::Command) -> clap::Command {
    sandbox_flag::hide_unless_built(settings::add_flags(cmd))
}
