//! Arguments of `payrun report`; the ledger comes from the settings table
//! (`cli::settings`).

use clap::Args;
use std::path::PathBuf;

/// Shown under `payrun report --help`.
pub const REPORT_EXAMPLES: &str = "\
Examples:
  payrun report --batch 2026-11-payroll --out reports/payroll-2026-11.xlsx
  payrun report --batch 2026-11-payroll --out nov.csv      # also writes nov.summary.csv
  payrun report --batch 2026-11-payroll --out nov.json --mask-wallets
  payrun report --batch demo --out demo.csv --sandbox      # after the quick start

The format follows the extension (.xlsx, .csv, .json). Exit 1 when a payout
is in conflict or the control equation does not balance. Columns, statuses
and the control equation are explained in docs/auditors.md.";

/// Arguments of `payrun report`.
#[derive(Debug, Args)]
#[command(after_help = REPORT_EXAMPLES, after_long_help = REPORT_EXAMPLES)]
pub struct ReportArgs {
    /// The batch label, e.g. 2026-11-payroll.
    #[arg(long, value_name = "LABEL")]
    pub batch: String,

    /// The report file: .xlsx, .csv or .json.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,

    /// Show only the last 4 digits of wallet ids, for reports that leave finance.
    #[arg(long)]
    pub mask_wallets: bool,

    /// Use the sandbox's ledger, ./payrun-sandbox/ledger.sqlite (the one
    /// `payrun submit --sandbox` writes), never $PAYRUN_LEDGER.
    #[arg(long)]
    pub sandbox: bool,
}
