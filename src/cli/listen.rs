//! Arguments of `payrun listen`, the callback receiver. Its limits are its
//! own flags (defaults in `crate::listen`); the ledger comes from the
//! settings table (`cli::settings`).

use clap::Args;

/// What `-h` shows; `--help` has the rest.
const LISTEN_SHORT: &str = "\
Examples:
  payrun listen --bind 127.0.0.1:8088 --ledger /srv/payrun/ledger.sqlite
  payrun listen --ledger payrun-sandbox/ledger.sqlite &

The app secret comes from PAYRUN_APP_SECRET (never the command line).
More with --help: the reverse proxy, limits, what is answered.";

/// Shown under `payrun listen --help`.
pub const LISTEN_EXAMPLES: &str = "\
Examples:
  # Receive the gateway's callbacks (point notifyUrl / PAYRUN_NOTIFY_URL at
  # this address, through your reverse proxy):
  export PAYRUN_APP_SECRET=...   # the same secret submit signs with
  payrun listen --bind 127.0.0.1:8088 --ledger /srv/payrun/ledger.sqlite

  # Beside a running submit or reconcile on the same ledger (no lock taken):
  payrun listen --ledger payrun-sandbox/ledger.sqlite &
  payrun submit payroll.xlsx --batch 2026-11-payroll --ledger payrun-sandbox/ledger.sqlite

Each callback's sign is checked over every field received (in the body, or
in a sign, x-sign, signature or x-signature header). A forged or
unsigned callback gets HTTP 401 and changes nothing; an unknown tradeNo gets
404; a signed one for another merchantNo 403. A body compressed (gzip,
deflate) or in a charset its Content-Type names is read; one that cannot be
read gets 415, 413 or 400 with the reason, one signed but not applicable
(a final status without an amount) 422. A signed status payrun does not
read, about a payout it knows, is kept, the payout flagged conflict for a
person, and answered `OK`. A valid one is applied once (repeats change
nothing) and answered `OK`.
Every verified callback is kept raw in the ledger's events table; a refused
one keeps its sender, size, SHA-256 and first 1 KiB, within a budget per
minute and in total (what is over it is counted in refused_evidence).

Started before the first submit (a fresh install: no ledger at the path
yet), listen serves anyway and answers signed callbacks 503, never `OK`
(nothing was recorded; the gateway sends them again), until `payrun submit`
creates the ledger; it looks for it every second. It never creates one.

listen faces the internet: on an address other than loopback, put TLS in
front (docs/operations.md shows nginx and Caddy). A head must arrive within
10 s, a body within 10 s more; one address holds at most --max-per-peer
connections, and its connections past that wait their turn (at most 4 s,
--max-waiting in all) before a 503 that the gateway retries.";

/// Arguments of `payrun listen`.
#[derive(Debug, Args)]
#[command(after_help = LISTEN_SHORT, after_long_help = LISTEN_EXAMPLES)]
pub struct ListenArgs {
    /// Address to listen on; 127.0.0.1:0 picks a free port (printed at start).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8088")]
    pub bind: String,

    /// Use the sandbox's ledger, ./payrun-sandbox/ledger.sqlite, and verify
    /// callbacks with the sandbox's secret (PAYRUN_SANDBOX_SECRET, else its
    /// public default), never the production one.
    #[arg(long)]
    pub sandbox: bool,

    /// Callbacks handled at once.
    #[arg(long, value_name = "N", default_value_t = 4,
          value_parser = clap::value_parser!(u32).range(1..=64))]
    pub threads: u32,

    /// Largest callback body accepted, in bytes, as sent and once
    /// decompressed; larger ones get 413.
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

    /// Connections over --max-per-peer that wait (at most 4 s, nothing read
    /// from them) for a place of their address instead of a 503 at once, so
    /// that a gateway's burst from one address is served in turn; one
    /// address may hold 3/4 of them. 0: none wait.
    #[arg(long, value_name = "N", default_value_t = crate::listen::MAX_WAITING as u32,
          value_parser = clap::value_parser!(u32).range(0..=10_000))]
    pub max_waiting: u32,
}
