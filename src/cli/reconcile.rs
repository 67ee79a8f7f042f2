//! Arguments of `payrun reconcile`. Its settings (the gateway, the pace,
//! the grace period, the ledger) come from the settings table
//! (`cli::settings`); the pause between queries of one payout is its own.

use clap::Args;
use std::path::PathBuf;

/// What `-h` shows; `--help` has the rest.
const RECONCILE_SHORT: &str = "\
Examples:
  payrun reconcile --batch payroll-2026-11
  payrun reconcile --batch payroll-2026-11 --wait 30m --report out/nov.csv
  payrun reconcile --batch demo --sandbox

More with --help.";

/// Shown under `payrun reconcile --help`.
pub const RECONCILE_EXAMPLES: &str = "\
Examples:
  # Ask the gateway once about every payout still processing or unknown,
  # then write the report beside the ledger (reports/payroll-2026-11.xlsx):
  payrun reconcile --batch payroll-2026-11

  # Keep asking, with growing pauses per payout, until all are final or 30
  # minutes have passed; write the report as CSV for finance:
  payrun reconcile --batch payroll-2026-11 --wait 30m --report out/nov.csv

  # From cron every 15 minutes, for this month's batch: exit 0 and nothing
  # printed once all are paid or processing, and before the month's batch
  # exists (--if-exists); `%` is `\\%` in a crontab:
  */15 * * * * payrun --quiet reconcile --batch payroll-$(date +\\%Y-\\%m) --if-exists

  # After the quick start (submit --sandbox): the sandbox ledger and gateway:
  payrun reconcile --batch demo --sandbox

A payout the gateway has never heard of (\"not found\" after --grace) goes back
to \"not sent\"; the next `payrun submit` sends it with the same tradeNo. It is
never marked failed. Uses PAYRUN_GATEWAY_URL, PAYRUN_MERCHANT_NO and
PAYRUN_APP_SECRET like submit; the batch must be reconciled against the
gateway it was paid through.";

/// Arguments of `payrun reconcile`.
#[derive(Debug, Args)]
#[command(after_help = RECONCILE_SHORT, after_long_help = RECONCILE_EXAMPLES)]
pub struct ReconcileArgs {
    /// The batch label used with `payrun submit`, e.g. payroll-2026-11.
    #[arg(long, value_name = "LABEL")]
    pub batch: String,

    /// Use the sandbox's ledger, ./payrun-sandbox/ledger.sqlite (the one
    /// `payrun submit --sandbox` writes, never $PAYRUN_LEDGER), and ask the
    /// built-in sandbox gateway, which remembers the orders that run placed
    /// (sandbox-gateway.json beside the ledger).
    #[arg(long)]
    pub sandbox: bool,

    /// Keep polling until every payout is final or this much time has passed
    /// (e.g. 30m, 2h). Without it, each payout is asked about once.
    #[arg(long, value_name = "DURATION", value_parser = crate::time::duration)]
    pub wait: Option<std::time::Duration>,

    /// Where to write the report: .xlsx, .csv or .json
    /// [default: <ledger folder>/reports/<LABEL>.xlsx].
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,

    /// Show only the last 4 digits of wallet ids in the report.
    #[arg(long)]
    pub mask_wallets: bool,

    /// A batch the ledger does not hold yet (or no ledger yet) is nothing to
    /// reconcile: exit 0, not 2. For cron jobs that name this month's batch
    /// before its sheet is paid; without it, a label that is not there is an
    /// error, so a mistyped one is never taken for "nothing to do".
    #[arg(long)]
    pub if_exists: bool,

    /// First pause between two queries of the same payout (it doubles up to
    /// --poll-max) [default: `SettleConfig::default`'s, 2s].
    #[arg(long, value_name = "DURATION", hide = true,
          value_parser = crate::time::duration)]
    pub poll_min: Option<std::time::Duration>,

    /// Longest pause between two queries of the same payout [default:
    /// `SettleConfig::default`'s, 60s].
    #[arg(long, value_name = "DURATION", hide = true,
          value_parser = crate::time::duration)]
    pub poll_max: Option<std::time::Duration>,
}
