//! Arguments of `payrun reconcile`. Its settings (the gateway, the pace,
//! the grace period, the ledger) come from the settings table
//! (`cli::settings`); the pause between queries of one payout is its own.

use clap::Args;
use std::path::PathBuf;

/// What `-h` shows; `--help` has the rest.
const RECONCILE_SHORT: &str = "\
Examples:
  payrun reconcile --batch 2026-11-payroll
  payrun reconcile --batch 2026-11-payroll --wait 30m --report out/nov.csv
  payrun reconcile --batch demo --sandbox
  payrun reconcile --all-open                 # every batch still open (cron)
  payrun reconcile --batch payroll-2026-11 --recheck-final 30d

More with --help.";

/// Shown under `payrun reconcile --help`.
pub const RECONCILE_EXAMPLES: &str = "\
Examples:
  # Ask the gateway once about every payout still processing or unknown,
  # then write the report beside the ledger (reports/payroll-2026-11.xlsx):
  payrun reconcile --batch 2026-11-payroll

  # Keep asking, with growing pauses per payout, until all are final or 30
  # minutes have passed; write the report as CSV for finance:
  payrun reconcile --batch 2026-11-payroll --wait 30m --report out/nov.csv

  # From cron every 15 minutes: every batch with payouts still processing or
  # unknown, whatever month it was paid in, then the totals of all; exit 0
  # when every payout is paid or processing, else the worst batch's code
  # (1 for one failed, unknown or in conflict, or processing for more than
  # a day: ask the provider):
  */15 * * * * payrun --quiet reconcile --all-open

  # One batch, before it exists too (--if-exists: exit 0, nothing to do):
  payrun reconcile --batch 2026-12-payroll --if-exists

  # After the quick start (submit --sandbox): the sandbox ledger and gateway:
  payrun reconcile --batch demo --sandbox

  # Ask again about payouts already paid or failed whose status was recorded
  # in the last 30 days, to catch a reversal, refund or chargeback the
  # gateway told no one about (exit 1 when one now disagrees: see
  # `payrun status --batch payroll-2026-11` and docs/operations.md):
  payrun reconcile --batch payroll-2026-11 --recheck-final 30d

  # Weekly from cron: every batch, open or final, with payouts finalised in
  # the last 45 days, the one reconciled longest ago first, at most 1000
  # queries and 10 minutes for the whole run (the rest next week):
  0 6 * * 0 payrun --quiet reconcile --all-open --recheck-final 45d

A payout the gateway has never heard of (\"not found\" after --grace) goes back
to \"not sent\"; the next `payrun submit` sends it with the same tradeNo. It is
never marked failed. Uses PAYRUN_GATEWAY_URL, PAYRUN_MERCHANT_NO and
PAYRUN_APP_SECRET like submit; the batch must be reconciled against the
gateway it was paid through.";

/// Arguments of `payrun reconcile`.
#[derive(Debug, Args)]
#[command(after_help = RECONCILE_SHORT, after_long_help = RECONCILE_EXAMPLES)]
pub struct ReconcileArgs {
    /// The batch label used with `payrun submit`, e.g. 2026-11-payroll.
    #[arg(long, value_name = "LABEL", required_unless_present = "all_open")]
    pub batch: Option<String>,

    /// Every batch of the ledger with payouts still processing or unknown,
    /// the one reconciled longest ago first (at most 50 a run, the rest
    /// next run; --wait is shared among them), each with its own report,
    /// then the totals of every batch followed (also in the `finished`
    /// event). With --recheck-final, also every batch with payouts
    /// finalised in its window, within one --recheck-max and
    /// --recheck-time for the whole run. Writes the missing report of a
    /// finished batch too. Exit code: the worst of the batches'. The cron
    /// line that follows a batch paid on the 28th into the next month.
    #[arg(long, conflicts_with_all = ["batch", "report", "if_exists"])]
    pub all_open: bool,

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

    /// Also ask the gateway again about payouts already paid or failed: all
    /// of them, or those whose final status was recorded within WINDOW
    /// (e.g. 30d, 12h). A payout the gateway now answers otherwise (paid
    /// now failed, refunded or reversed, a status payrun cannot read,
    /// another amount or order number) is flagged conflict for a person and
    /// keeps its status; nothing is sent. Exit 1 when any batch payout is
    /// in conflict.
    #[arg(long, value_name = "WINDOW", num_args = 0..=1, default_missing_value = "all",
          value_parser = parse_window)]
    pub recheck_final: Option<RecheckWindow>,

    /// At most this many final payouts are asked about again, the latest
    /// finalised first; the rest wait for the next run. With --all-open,
    /// for the whole run: the batches take from it in turn.
    #[arg(long, value_name = "N", default_value_t = 1000, requires = "recheck_final",
          value_parser = clap::value_parser!(u32).range(1..))]
    pub recheck_max: u32,

    /// Stop asking about final payouts again after this long (the rest wait
    /// for the next run): checked before each query, so a slow gateway
    /// overruns it by at most the queries in flight (each bounded by the
    /// gateway's timeout); the rate limit and timeouts are settling's. With
    /// --all-open, for the whole run.
    #[arg(long, value_name = "DURATION", default_value = "10m", requires = "recheck_final",
          value_parser = humantime::parse_duration)]
    pub recheck_time: std::time::Duration,

    /// Longest pause between two queries of the same payout [default:
    /// `SettleConfig::default`'s, 60s].
    #[arg(long, value_name = "DURATION", hide = true,
          value_parser = crate::time::duration)]
    pub poll_max: Option<std::time::Duration>,
}

/// Which final payouts `--recheck-final` asks about again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecheckWindow {
    /// Every paid or failed payout of the batch.
    All,
    /// Those whose final status was recorded within this long.
    Within(std::time::Duration),
}

/// `all`, or a duration (`30d`, `12h`).
fn parse_window(text: &str) -> Result<RecheckWindow, String> {
    if text.trim().eq_ignore_ascii_case("all") {
        return Ok(RecheckWindow::All);
    }
    humantime::parse_duration(text.trim())
        .map(RecheckWindow::Within)
        .map_err(|e| format!("{e}; give a window such as 30d or 12h, or `all`"))
}
