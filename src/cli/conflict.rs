//! Arguments of `payrun conflict`: list the payouts in conflict, and record
//! a person's check of one. The ledger comes from the settings table.

use crate::ledger::reviews::Finding;
use clap::{Args, ValueEnum};

/// Shown under `payrun conflict --help`.
pub const CONFLICT_EXAMPLES: &str = "\
Examples:
  payrun conflict list                              # every payout in conflict, checked or not
  payrun conflict list --batch payroll-2026-11
  # After checking a payout with the provider, record what you found:
  payrun conflict resolve payroll-2026-11-7f3a9c2e01 --by \"Karim (finance)\" \\
      --outcome paid --note \"bKash portal: paid 05 Dec 10:02, TrxID 9LK3...\"
  # The same, naming the sheet's row instead of the tradeNo:
  payrun conflict resolve 14 --batch payroll-2026-11 --by Karim --outcome reversed \\
      --note \"statement line 212: reversal credited 06 Dec\"

A payout is in conflict when the gateway's answers, or the provider's
statement, contradict what the ledger holds. `resolve` adds a review to the
ledger (who, when, --outcome, --note, and the conflict's reasons as they
stand); it never changes the payout, never sends or resends anything, and the
flag and its reasons stay for auditors. A checked conflict is still listed as
a conflict in `status` and every report (with the review in its notes), but
no longer makes the exit code 1. A new reason recorded later (another
callback, another statement) reopens it until it is checked again.

Exit codes:
  0  list: no conflict left unchecked; resolve: the review is recorded
  1  list: a conflict is not checked yet
  2  resolve: no payout in conflict with that tradeNo (or row), or a usage error";

/// What `payrun conflict` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConflictAction {
    /// List the payouts in conflict and every review of them.
    List,
    /// Record that a person checked one payout in conflict.
    Resolve,
}

/// Arguments of `payrun conflict`.
#[derive(Debug, Args)]
#[command(after_help = CONFLICT_EXAMPLES, after_long_help = CONFLICT_EXAMPLES)]
pub struct ConflictArgs {
    /// list, or resolve.
    #[arg(value_enum, value_name = "ACTION")]
    pub action: ConflictAction,

    /// For resolve: the payout's tradeNo, or its row number in the sheet
    /// with --batch.
    #[arg(value_name = "TRADENO|ROW", required_if_eq("action", "resolve"))]
    pub target: Option<String>,

    /// The batch (list: only its conflicts; resolve: where ROW is).
    #[arg(long, value_name = "LABEL")]
    pub batch: Option<String>,

    /// Who checked it: a name the auditors can find.
    #[arg(long, value_name = "NAME", required_if_eq("action", "resolve"))]
    pub by: Option<String>,

    /// What the check found, and where (portal, statement line, ticket).
    #[arg(long, value_name = "TEXT", required_if_eq("action", "resolve"))]
    pub note: Option<String>,

    /// What became of the money, as the check found it. Recorded as the
    /// finding only: the payout's state stays what the gateway said.
    #[arg(long, value_enum, default_value = "noted")]
    pub outcome: Finding,

    /// Use the sandbox's ledger, ./payrun-sandbox/ledger.sqlite.
    #[arg(long)]
    pub sandbox: bool,
}
