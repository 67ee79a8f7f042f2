//! Arguments of `payrun statement`: list the provider statements imported
//! by `payrun match`, and withdraw one imported by mistake.

use clap::{Args, ValueEnum};

/// Shown under `payrun statement --help`.
pub const STATEMENT_EXAMPLES: &str = "\
Examples:
  payrun statement list                   # every import: id, file, SHA-256, batches, withdrawn
  # November's statement was imported for the wrong merchant account:
  payrun statement withdraw 3 --by \"Karim (finance)\" \\
      --reason \"export of merchant 0000000002, not ours; re-exported as nov-fixed.csv\"
  payrun statement withdraw 9f2c51d0 --by Karim --reason \"wrong month\"   # by SHA-256 prefix

Withdrawing records who and why in the ledger; the statement and its lines
stay for the audit trail. No match weighs it again: each batch it was matched
against is matched again at once against the statements that remain (or
shows no statement class until the next `payrun match`), and `status` no
longer names it. The same file given to `payrun match` again is refused. A
payout it flagged `conflict` stays flagged (clearing it could let payrun send
a payout that may have moved money): check it and record what you found with
`payrun conflict resolve`. Nothing is sent.

Exit codes:
  0  listed; or withdrawn and its batches matched again
  2  no such import, a prefix that names two, already withdrawn, or a usage error
  4  another run holds the ledger lock";

/// What `payrun statement` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatementAction {
    /// List every statement imported.
    List,
    /// Withdraw one import.
    Withdraw,
}

/// Arguments of `payrun statement`.
#[derive(Debug, Args)]
#[command(after_help = STATEMENT_EXAMPLES, after_long_help = STATEMENT_EXAMPLES)]
pub struct StatementArgs {
    /// list, or withdraw.
    #[arg(value_enum, value_name = "ACTION")]
    pub action: StatementAction,

    /// For withdraw: the import's id (statement list), or its file's
    /// SHA-256 (at least its first 8 characters).
    #[arg(value_name = "ID|SHA256", required_if_eq("action", "withdraw"))]
    pub import: Option<String>,

    /// Who withdraws it: a name the auditors can find.
    #[arg(long, value_name = "NAME", required_if_eq("action", "withdraw"))]
    pub by: Option<String>,

    /// Why it was wrong.
    #[arg(long, value_name = "TEXT", required_if_eq("action", "withdraw"))]
    pub reason: Option<String>,

    /// Use the sandbox's ledger, ./payrun-sandbox/ledger.sqlite.
    #[arg(long)]
    pub sandbox: bool,
}
