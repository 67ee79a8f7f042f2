//! Arguments of the commands after sending: reconcile, listen, report and
//! status (they read what `submit` recorded, and settle or show it).

use super::{GatewayArgs, LedgerArgs};
use clap::Args;
use std::path::PathBuf;

/// Shown under `payrun reconcile --help`.
pub const RECONCILE_EXAMPLES: &str = "\
Examples:
  # Ask the gateway once about every payout still processing or unknown,
  # then write the report beside the ledger (reports/payroll-2026-11.xlsx):
  payrun reconcile --batch payroll-2026-11

  # Keep asking, with growing pauses per payout, until all are final or 30
  # minutes have passed; write the report as CSV for finance:
  payrun reconcile --batch payroll-2026-11 --wait 30m --report out/nov.csv

  # From cron every 10 minutes (exit 0 once all are paid or processing):
  */10 * * * * payrun reconcile --batch payroll-2026-11 --ledger /srv/payrun/ledger.sqlite

  # After the quick start (submit --sandbox): the sandbox ledger and gateway:
  payrun reconcile --batch demo --sandbox

A payout the gateway has never heard of (\"not found\" after --grace) goes back
to \"not sent\"; the next `payrun submit` sends it with the same tradeNo. It is
never marked failed. Uses PAYRUN_GATEWAY_URL, PAYRUN_MERCHANT_NO and
PAYRUN_APP_SECRET like submit; the batch must be reconciled against the
gateway it was paid through.";

/// Arguments of `payrun reconcile`.
#[derive(Debug, Args)]
#[command(after_long_help = RECONCILE_EXAMPLES)]
pub struct ReconcileArgs {
    /// The batch label used with `payrun submit`, e.g. payroll-2026-11.
    #[arg(long, value_name = "LABEL")]
    pub batch: String,

    #[command(flatten)]
    pub gateway: GatewayArgs,

    #[command(flatten)]
    pub ledger: LedgerArgs,

    /// Use the sandbox's ledger, ./payrun-sandbox/ledger.sqlite (the one
    /// `payrun submit --sandbox` writes, never $PAYRUN_LEDGER), and ask the
    /// built-in sandbox gateway.
    #[arg(long)]
    pub sandbox: bool,

    /// Keep polling until every payout is final or this much time has passed
    /// (e.g. 30m, 2h). Without it, each payout is asked about once.
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub wait: Option<std::time::Duration>,

    /// Pace of queries: 20/s, 600/min, or unlimited. Slows down by itself when
    /// the gateway says "too many requests".
    #[arg(long, value_name = "RATE", default_value = "20/s")]
    pub rate: crate::config::Rate,

    /// Queries that may go out back to back after an idle moment.
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub burst: u32,

    /// Queries in flight at most.
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u32).range(1..=64))]
    pub concurrency: u32,

    /// How long after a send a "not found" is believed: only then does an
    /// unknown payout go back to "not sent".
    #[arg(long, value_name = "DURATION", default_value = "60s",
          value_parser = humantime::parse_duration)]
    pub grace: std::time::Duration,

    /// Where to write the report: .xlsx, .csv or .json
    /// [default: <ledger folder>/reports/<LABEL>.xlsx].
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,

    /// Show only the last 4 digits of wallet ids in the report.
    #[arg(long)]
    pub mask_wallets: bool,

    /// First pause between two queries of the same payout (it doubles up to
    /// --poll-max).
    #[arg(long, value_name = "DURATION", default_value = "2s", hide = true,
          value_parser = humantime::parse_duration)]
    pub poll_min: std::time::Duration,

    /// Longest pause between two queries of the same payout.
    #[arg(long, value_name = "DURATION", default_value = "60s", hide = true,
          value_parser = humantime::parse_duration)]
    pub poll_max: std::time::Duration,
}

/// Shown under `payrun listen --help`.
pub const LISTEN_EXAMPLES: &str = "\
Examples:
  # Receive the gateway's callbacks (point notifyUrl / PAYRUN_NOTIFY_URL at
  # this address, through your reverse proxy):
  export PAYRUN_APP_SECRET=...   # the same secret submit signs with
  payrun listen --bind 127.0.0.1:8088 --ledger /srv/payrun/ledger.sqlite

  # Beside a running submit or reconcile on the same ledger (no lock taken):
  payrun listen --ledger payrun-sandbox/ledger.sqlite &
  payrun submit payroll.xlsx --batch payroll-2026-11 --ledger payrun-sandbox/ledger.sqlite

Each callback's sign is checked over every field received. A forged or
unsigned callback gets HTTP 401 and changes nothing; an unknown tradeNo gets
404. A valid one is applied once (repeats change nothing) and answered `OK`.
Every verified callback is kept raw in the ledger's events table; a refused
one keeps its sender, size, SHA-256 and first 1 KiB, within a budget per
minute and in total (what is over it is counted in refused_evidence).

listen faces the internet: on an address other than loopback, put TLS in
front (docs/operations.md shows nginx and Caddy). A head must arrive within
10 s, a body within 10 s more; one address holds at most --max-per-peer
connections.";

/// Arguments of `payrun listen`.
#[derive(Debug, Args)]
#[command(after_long_help = LISTEN_EXAMPLES)]
pub struct ListenArgs {
    /// Address to listen on; 127.0.0.1:0 picks a free port (printed at start).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8088")]
    pub bind: String,

    #[command(flatten)]
    pub ledger: LedgerArgs,

    /// Use the sandbox's ledger, ./payrun-sandbox/ledger.sqlite, and verify
    /// callbacks with the sandbox's secret (PAYRUN_SANDBOX_SECRET, else its
    /// public default), never the production one.
    #[arg(long)]
    pub sandbox: bool,

    /// Callbacks handled at once.
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u32).range(1..=64))]
    pub threads: u32,

    /// Largest callback body accepted, in bytes; larger ones get 413 unread.
    #[arg(long, value_name = "BYTES", default_value_t = crate::listen::MAX_BODY as u32,
          value_parser = clap::value_parser!(u32).range(1024..=1_048_576))]
    pub max_body: u32,

    /// Connections open at once; past it an idle one of the address holding
    /// the most is closed, or the newcomer gets 503.
    #[arg(long, value_name = "N", default_value_t = crate::listen::MAX_CONNECTIONS as u32,
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_connections: u32,

    /// Connections open at once from one IP address. Behind a reverse proxy
    /// every connection comes from the proxy: raise it to --max-connections
    /// there and let the proxy limit its clients.
    #[arg(long, value_name = "N", default_value_t = crate::listen::MAX_PER_PEER as u32,
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub max_per_peer: u32,
}

/// Shown under `payrun report --help`.
pub const REPORT_EXAMPLES: &str = "\
Examples:
  payrun report --batch payroll-2026-11 --out reports/payroll-2026-11.xlsx
  payrun report --batch payroll-2026-11 --out nov.csv      # also writes nov.summary.csv
  payrun report --batch payroll-2026-11 --out nov.json --mask-wallets
  payrun report --batch demo --out demo.csv --sandbox      # after the quick start

The format follows the extension (.xlsx, .csv, .json). Exit 1 when a payout
is in conflict or the control equation does not balance. Columns, statuses
and the control equation are explained in docs/auditors.md.";

/// Arguments of `payrun report`.
#[derive(Debug, Args)]
#[command(after_long_help = REPORT_EXAMPLES)]
pub struct ReportArgs {
    /// The batch label, e.g. payroll-2026-11.
    #[arg(long, value_name = "LABEL")]
    pub batch: String,

    /// The report file: .xlsx, .csv or .json.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,

    /// Show only the last 4 digits of wallet ids, for reports that leave finance.
    #[arg(long)]
    pub mask_wallets: bool,

    #[command(flatten)]
    pub ledger: LedgerArgs,

    /// Use the sandbox's ledger, ./payrun-sandbox/ledger.sqlite (the one
    /// `payrun submit --sandbox` writes), never $PAYRUN_LEDGER.
    #[arg(long)]
    pub sandbox: bool,
}

/// Shown under `payrun status --help`.
pub const STATUS_EXAMPLES: &str = "\
Examples:
  payrun status                              # every batch: label, when, counts, taka
  payrun status --sandbox                    # after the quick start (submit --sandbox)
  payrun status --batch payroll-2026-11      # one batch's summary and open rows
  payrun status --batch payroll-2026-11 --ledger /srv/payrun/ledger.sqlite

With --batch, exit 1 when a payout is in conflict or the control equation
does not balance.";

/// Arguments of `payrun status`.
#[derive(Debug, Args)]
#[command(after_long_help = STATUS_EXAMPLES)]
pub struct StatusArgs {
    /// One batch's summary; without it, the list of batches.
    #[arg(long, value_name = "LABEL")]
    pub batch: Option<String>,

    #[command(flatten)]
    pub ledger: LedgerArgs,

    /// Use the sandbox's ledger, ./payrun-sandbox/ledger.sqlite (the one
    /// `payrun submit --sandbox` writes), never $PAYRUN_LEDGER.
    #[arg(long)]
    pub sandbox: bool,
}
