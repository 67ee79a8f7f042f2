//! Arguments of `payrun status`; the ledger comes from the settings table
//! (`cli::settings`).

use clap::Args;

/// Shown under `payrun status --help`.
pub const STATUS_EXAMPLES: &str = "\
Examples:
  payrun status                              # every batch: label, when, counts, taka
  payrun status --sandbox                    # after the quick start (submit --sandbox)
  payrun status --batch 2026-11-payroll      # one batch's summary and open rows
  payrun status --batch 2026-11-payroll --ledger /srv/payrun/ledger.sqlite

With --batch, payouts still open (processing or unknown) are listed under
\"Open payouts\" (row, reference, tradeNo, state, amount, age since sent),
with the oldest's age: one open for more than a day, ask the provider.

Exit 1 when a payout is in conflict or the control equation does not
balance: with --batch, in that batch; without it, in any batch (the list
flags it CONFLICT or NOT BALANCED and names the command to look), so a
monitoring script can run plain `payrun status`. The list also flags a
batch with a payout open for more than a day (OPEN 2d) and exits 1 for it,
and counts signed callbacks for tradeNos no payout of the ledger has
(another ledger's orders, or ones a lost ledger sent).";

/// Arguments of `payrun status`.
#[derive(Debug, Args)]
#[command(after_help = STATUS_EXAMPLES, after_long_help = STATUS_EXAMPLES)]
pub struct StatusArgs {
    /// One batch's summary; without it, the list of batches.
    #[arg(long, value_name = "LABEL")]
    pub batch: Option<String>,

    /// Use the sandbox's ledger, ./payrun-sandbox/ledger.sqlite (the one
    /// `payrun submit --sandbox` writes), never $PAYRUN_LEDGER.
    #[arg(long)]
    pub sandbox: bool,
}
