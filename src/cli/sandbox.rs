//! Arguments of `payrun sandbox`, the built-in gateway for trying payrun and
//! for tests.

use clap::Args;

/// Arguments of `payrun sandbox`. Every fault knob is also a JSON field of
/// `POST /_sandbox/faults` (with `_` for `-`), so tests can change them live.
#[derive(Debug, Args)]
#[command(
    after_help = crate::sandbox::CLI_EXAMPLES,
    after_long_help = crate::sandbox::CLI_LONG_HELP
)]
pub struct SandboxArgs {
    /// Address to listen on. Port 0 picks a free port; the URL is printed.
    /// Only loopback addresses (127.0.0.0/8, ::1) unless --public.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub bind: String,
    /// Allow --bind on an address other machines can reach (e.g. 0.0.0.0:8080).
    /// The /_sandbox/* controls take no password and the sandbox POSTs
    /// callbacks to any notifyUrl it is given: only on a network you trust.
    #[arg(long)]
    pub public: bool,
    /// The merchantNo header accepted (else outer code 1003). The secret is
    /// sandbox-secret-0001, or $PAYRUN_SANDBOX_SECRET; it is never a flag.
    #[arg(long, default_value = crate::sandbox::DEFAULT_MERCHANT_NO, value_name = "NO")]
    pub merchant_no: String,
    /// Starting available balance in taka (payouts beyond it get 1005).
    #[arg(long, default_value = "10000000", value_name = "TAKA")]
    pub balance: String,
    /// How long a payout stays 0015 (processing) before its final status.
    #[arg(long, default_value = "2s", value_name = "DURATION", value_parser = crate::time::duration)]
    pub settle_after: std::time::Duration,
    /// Answer every payout's final status at once (data.status 0000 or the
    /// failure code) instead of 0015 first.
    #[arg(long)]
    pub instant: bool,
    /// Echo the order's walletId in query answers (the provider's carry
    /// none): how `submit --adopt` meets a gateway that says whose order it is.
    #[arg(long)]
    pub echo_wallet: bool,
    /// Orders kept in memory; past it new payouts get outer code 5000.
    #[arg(long, default_value_t = 200_000, value_name = "N")]
    pub max_orders: usize,
    /// Keep the books (orders, their statuses and timers, the balance) in
    /// FILE across restarts, as a real gateway keeps them: read at start
    /// (its balance wins over --balance), saved before every answer that
    /// shows a change. Without it they are gone when the sandbox stops.
    #[arg(long, value_name = "FILE")]
    pub state: Option<std::path::PathBuf>,
    /// Smallest amount accepted, in taka (else 1001).
    #[arg(long, default_value = "1", value_name = "TAKA")]
    pub min_amount: String,
    /// Largest amount accepted, in taka (else 1001).
    #[arg(long, default_value = "50000", value_name = "TAKA")]
    pub max_amount: String,
    /// Accept amounts with poisha (by default only whole taka, else 1001).
    #[arg(long)]
    pub allow_decimals: bool,
    /// The wayCodes accepted, comma-separated (else 1001).
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "EWALLET_BKASH,EWALLET_NAGAD,EWALLET_ROCKET",
        value_name = "CODES"
    )]
    pub way_codes: Vec<String>,
    /// Gateway requests processed at once. Each request with latency holds
    /// one; more wait for a place (control requests never wait).
    #[arg(long, default_value_t = 16, value_name = "N")]
    pub threads: usize,
    /// Connections open at once (each has its own thread); one more gets a
    /// 503 and is closed at once.
    #[arg(long, default_value_t = crate::sandbox::DEFAULT_MAX_CONNECTIONS, value_name = "N")]
    pub max_connections: usize,
    /// Delays between callback attempts, comma-separated; a callback not
    /// answered with exactly OK is retried once per delay.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "2s,5s,10s,30s,1h,3h,3h,3h",
        value_name = "DURATIONS",
        value_parser = crate::time::duration
    )]
    pub callback_retries: Vec<std::time::Duration>,
    /// How long one callback POST may take.
    #[arg(long, default_value = "10s", value_name = "DURATION", value_parser = crate::time::duration)]
    pub callback_timeout: std::time::Duration,
    #[command(flatten)]
    pub faults: FaultArgs,
    #[command(flatten)]
    pub statement: StatementFaultArgs,
}

/// The faults `payrun sandbox` plays, under their own heading in `--help`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Faults")]
pub struct FaultArgs {
    /// Seed of the random generator behind every fault rate.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Delay before every gateway answer: fixed (50ms) or a range (10ms..200ms).
    #[arg(long, default_value = "0ms", value_name = "DURATION[..DURATION]")]
    pub latency: String,
    /// Gateway requests allowed per second across all clients (0: no limit).
    #[arg(long, default_value_t = 0, value_name = "RPS")]
    pub rate_limit: u32,
    /// The answer over the rate limit: outer code 1006, or HTTP 429.
    #[arg(long, default_value = "1006", value_parser = ["1006", "429"])]
    pub throttle_with: String,
    /// Fraction of requests answered with --error-status before processing.
    #[arg(long, default_value_t = 0.0, value_name = "FRACTION")]
    pub error_rate: f64,
    /// The 5xx status of --error-rate answers.
    #[arg(long, default_value_t = 503, value_name = "STATUS")]
    pub error_status: u16,
    /// Fraction of requests processed, then left without an answer: the client
    /// does not know the order exists.
    #[arg(long, default_value_t = 0.0, value_name = "FRACTION")]
    pub drop_rate: f64,
    /// How --drop-rate answers are lost: the connection closes at once, or
    /// stays open and silent until the client's own timeout.
    #[arg(long, default_value = "close", value_parser = ["close", "silence"])]
    pub drop_with: String,
    /// Fraction of requests processed, then answered with HTTP 200 and HTML.
    #[arg(long, default_value_t = 0.0, value_name = "FRACTION")]
    pub garbage_rate: f64,
    /// Fraction of callbacks sent twice.
    #[arg(long, default_value_t = 0.0, value_name = "FRACTION")]
    pub callback_duplicate_rate: f64,
    /// Fraction of payouts whose callback (with the final status) is sent
    /// before the payout's answer, while the query still says 0015.
    #[arg(long, default_value_t = 0.0, value_name = "FRACTION")]
    pub callback_early_rate: f64,
    /// Place a repeated tradeNo as a new order, paid again, instead of
    /// refusing it with 1004: a gateway with no duplicate check, the worst
    /// payrun can meet (the provider does not say which kind it runs).
    #[arg(long)]
    pub accept_duplicates: bool,
    /// Fraction of queries (only) answered with --error-status before any
    /// processing: a query endpoint flakier than the payout endpoint.
    #[arg(long, default_value_t = 0.0, value_name = "FRACTION")]
    pub query_error_rate: f64,
    /// A new order is "not found" (1007) by queries until this long after it
    /// was placed (e.g. 40s): a gateway whose query index lags its payouts.
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub query_lag: Option<std::time::Duration>,
    /// The characters a payout's tradeNo may have; any other is refused
    /// "1001 tradeNo format error", as by a gateway that takes only the
    /// provider's recommended digits (try payrun's trade_no_form).
    #[arg(long, default_value = "any", value_parser = ["any", "alphanumeric", "digits"])]
    pub trade_no_alphabet: String,
}

/// The faults of the sandbox's statement (`GET /_sandbox/statement`), for
/// trying `payrun match`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Statement faults")]
pub struct StatementFaultArgs {
    /// Statement: fraction of paid orders whose debit line is missing from
    /// GET /_sandbox/statement.
    #[arg(long, default_value_t = 0.0, value_name = "FRACTION")]
    pub statement_missing_rate: f64,
    /// Statement: fraction of paid orders debited 10 taka more than ordered.
    #[arg(long, default_value_t = 0.0, value_name = "FRACTION")]
    pub statement_amount_rate: f64,
    /// Statement: fraction of paid orders reversed after paid (a credit line
    /// a minute after the debit).
    #[arg(long, default_value_t = 0.0, value_name = "FRACTION")]
    pub statement_reversal_rate: f64,
    /// Statement: this many debits for orders no client ever sent.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub statement_extra_debits: u32,
    /// Statement: the fee per debited order, in poisha (500 is Tk 5).
    #[arg(long, default_value_t = 0, value_name = "POISHA")]
    pub statement_fee_poisha: u64,
}
