//! Arguments of `payrun match`: the three-way match of a batch against the
//! provider's statement.

use clap::{ArgGroup, Args};
use std::path::PathBuf;

/// Shown under `payrun match --help`.
pub const MATCH_EXAMPLES: &str = "\
Examples:
  # Match November's payroll against the statement exported from the
  # merchant portal (CSV or Excel; title rows above the header are fine):
  payrun match statement-2026-11.xlsx --batch 2026-11-payroll

  # One statement covering two batches: match them together, so that each
  # one's verdict counts the other's payouts (--batch once per batch):
  payrun match statement-2026-12.csv --batch 2026-12-payroll --batch bonus-2026-12

  # Every batch of a period, report as CSV for the auditors:
  payrun match statement-2026-11.csv --from 2026-11-01 --to 2026-11-30 --out audit/nov-match.csv

  # A portal with its own column names, and a status word payrun does not know:
  payrun match export.csv --batch 2026-11-payroll \\
      --map trade_no=\"Client Ref\" --map debit=\"Paid Out (BDT)\" --status-word Disbursed=completed

  # Try it with the sample statement of the sandbox demo batch (it plants a
  # reversal, which stays flagged conflict in the sandbox ledger: delete
  # ./payrun-sandbox to start the demo afresh):
  payrun submit samples/payroll-2026-11.csv --batch demo --sandbox
  payrun match samples/statement-demo.xlsx --batch demo --sandbox

Every payout of the batch and every statement line ends in exactly one class:
matched; amount differs; status differs (failed or reversed where the ledger
says paid, or debited where it says failed or never sent); paid, not debited
(yet); debited, not a payout of this batch; debited twice. The report (.xlsx,
.csv or .json, by the extension of --out; default
<ledger folder>/reports/<LABEL>.match.xlsx) lists discrepancies first, each
with a next step, and the control equations:
  valid rows requested = paid + unpaid
  ledger paid = matched statement debits
  statement debits = matched + unexplained
A reversal after paid, or a debit for a payout the ledger holds as failed or
never sent, is recorded in the ledger and flags the payout `conflict`: it is
never resent, by a re-run or by --retry-failed. Matching the same statement
again changes nothing; a later statement covering more days completes the
\"not debited (yet)\" lines. A statement imported by mistake is withdrawn with
`payrun statement withdraw ID --by NAME --reason TEXT` (kept, never weighed again). Statement columns payrun reads (--map FIELD=HEADER):
trade_no, platform_no, amount, debit, credit, fee, status, type, direction,
time, wallet, balance.

Exit codes:
  0  every payout and every statement line matched, every equation BALANCED
  1  something needs attention (see the report)
  2  the statement cannot be read (unreadable file, unidentifiable columns,
     a cell payrun cannot read, a time zone other than UTC/GMT/Z or a numeric
     offset such as +06:00), its title block names another merchant
     (Merchant No) than the batch was sent as, or a usage error
  4  another run holds the ledger lock";

/// Shown under `payrun match -h`.
const MATCH_SHORT: &str = "\
Examples:
  payrun match statement-2026-11.xlsx --batch 2026-11-payroll
  payrun match statement-2026-11.csv --from 2026-11-01 --to 2026-11-30 --out nov-match.csv
  payrun match export.csv --batch 2026-11-payroll --map trade_no=\"Client Ref\"

Exit codes: 0 all matched; 1 something needs attention; 2 unreadable statement.
More with --help: the classes, the equations, what is flagged.";

/// Arguments of `payrun match`.
#[derive(Debug, Args)]
#[command(
    after_help = MATCH_SHORT,
    after_long_help = MATCH_EXAMPLES,
    group(ArgGroup::new("scope").required(true).args(["batch", "from"]))
)]
pub struct MatchArgs {
    /// The provider's statement: .csv, .xlsx, .xlsm, .xlsb, .xls or .ods,
    /// as exported from the merchant portal.
    #[arg(value_name = "STATEMENT")]
    pub statement: PathBuf,

    /// The batch to match, e.g. 2026-11-payroll. Give it once per batch to
    /// match several together (one statement covering two batches):
    /// --batch demo --batch 2026-12-payroll.
    #[arg(long, value_name = "LABEL", conflicts_with_all = ["from", "to"])]
    pub batch: Vec<String>,

    /// Match every batch created or sent from this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", requires = "to", value_parser = parse_day)]
    pub from: Option<String>,

    /// ... up to and including this day (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE", requires = "from", value_parser = parse_day)]
    pub to: Option<String>,

    /// Where to write the match report: .xlsx, .csv or .json
    /// [default: <ledger folder>/reports/<LABEL>.match.xlsx].
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,

    /// The worksheet of a workbook statement (default: the first visible one).
    #[arg(long = "sheet", value_name = "NAME")]
    pub worksheet: Option<String>,

    /// Read a statement field from a column whose header payrun does not
    /// recognise, e.g. --map trade_no="Client Ref". Repeatable.
    #[arg(long = "map", value_name = "FIELD=HEADER")]
    pub maps: Vec<crate::statement::StatementMap>,

    /// What a status word payrun does not know means: completed, failed,
    /// reversed or pending, e.g. --status-word Disbursed=completed. Repeatable.
    #[arg(long = "status-word", value_name = "WORD=STATUS")]
    pub status_words: Vec<crate::statement::StatusWord>,

    /// Use the sandbox ledger (./payrun-sandbox/ledger.sqlite), the one
    /// `payrun submit --sandbox` uses.
    #[arg(long)]
    pub sandbox: bool,
}

/// `2026-11-30`.
fn parse_day(s: &str) -> Result<String, String> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map(|d| d.format("%Y-%m-%d").to_string())
        .map_err(|_| {
            format!(
                "{} is not a day; write it as YYYY-MM-DD, e.g. 2026-11-30",
                crate::text::quoted(s)
            )
        })
}
