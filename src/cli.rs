//! The command line: clap definitions, with real examples in every help text.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Pay people from a spreadsheet through an e-wallet payout gateway, exactly once.
#[derive(Debug, Parser)]
#[command(name = "payrun", version, about, long_about = None, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Shown under every `--help`: cron jobs depend on these.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  done: every payout is paid or processing (for check: the sheet is valid)
  1  finished, but some payouts failed, are unknown or in conflict
  2  usage error or invalid input; nothing was sent
  3  stopped on a systemic refusal by the gateway; unsent rows wait for the next run
  4  another run holds the ledger lock";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a payroll sheet without sending anything (the dry run).
    Check(CheckArgs),
    /// Run the built-in sandbox gateway: the real gateway's API on 127.0.0.1,
    /// with documented rules and fault injection, for trying payrun and for tests.
    Sandbox(Box<SandboxArgs>),
    /// Pay every valid row of a sheet (placeholder until issue #4 lands).
    Submit(SubmitArgs),
}

/// Arguments of `payrun check`.
#[derive(Debug, Args)]
#[command(after_long_help = CHECK_EXAMPLES, after_help = CHECK_EXAMPLES)]
pub struct CheckArgs {
    #[command(flatten)]
    pub sheet: SheetArgs,

    /// Write the row-by-row result here: .csv or .xlsx, by extension.
    /// Default: payrun-out/<sheet name>.check.csv in the current directory.
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,

    /// Print a machine-readable summary (JSON, amounts in poisha) instead of
    /// the human one.
    #[arg(long)]
    pub json: bool,
}

const CHECK_EXAMPLES: &str = "\
Examples:
  payrun check samples/payroll-2026-11.csv
  payrun check payroll.xlsx --sheet November --report november-check.xlsx
  payrun check payroll.csv --map amount=\"Net Pay\" --map wallet=\"bKash No\"
  payrun check payroll.csv --expect-rows 40 --expect-total 12,34,000
  payrun check payroll.csv --max-amount 30000 --provider-cap rocket=25000 --json

The row-by-row result (original columns plus status, normalized_wallet,
provider_code, amount_poisha and issues) is always written: to --report PATH,
or else to payrun-out/<sheet name>.check.csv. Nothing touches the network.

Exit codes: 0 the sheet is valid (warnings allowed unless --strict);
2 invalid rows, a control-total mismatch, or an unreadable sheet.";

/// How a payroll sheet is read and judged. `check` and `submit` flatten the
/// same struct, so both commands read a sheet the same way.
#[derive(Debug, Clone, Args)]
pub struct SheetArgs {
    /// The payroll sheet: .csv (UTF-8, comma or semicolon), .xlsx, .xlsm,
    /// .xlsb, .xls or .ods.
    #[arg(value_name = "SHEET")]
    pub path: PathBuf,

    /// The worksheet to read from a workbook (default: the first visible one).
    #[arg(long = "sheet", value_name = "NAME")]
    pub worksheet: Option<String>,

    /// Read a field from a column whose header payrun does not recognise.
    /// FIELD is wallet, amount, provider, name, reference, remark or repeat.
    /// Repeatable, e.g. --map amount="Net Pay" --map wallet="bKash No".
    #[arg(long = "map", value_name = "FIELD=HEADER")]
    pub maps: Vec<crate::intake::ColumnOverride>,

    /// Every repeated wallet in the sheet is intended (otherwise mark each
    /// repeat with yes in a "repeat" column).
    #[arg(long)]
    pub allow_repeat: bool,

    /// Control total: the sheet must have exactly N data rows.
    #[arg(long, value_name = "N")]
    pub expect_rows: Option<usize>,

    /// Control total: the valid rows must add up to exactly TAKA
    /// (e.g. 12,34,000 or 1234000.50).
    #[arg(long, value_name = "TAKA", value_parser = parse_taka)]
    pub expect_total: Option<crate::money::Amount>,

    /// Per-row cap in taka for every provider; a row above it is invalid.
    #[arg(long, value_name = "TAKA", default_value = "50000", value_parser = parse_taka)]
    pub max_amount: crate::money::Amount,

    /// Per-row cap for one provider, overriding --max-amount, e.g.
    /// --provider-cap rocket=25000. Repeatable.
    #[arg(long = "provider-cap", value_name = "PROVIDER=TAKA", value_parser = parse_provider_cap)]
    pub provider_caps: Vec<(crate::wallet::Provider, crate::money::Amount)>,

    /// Accept amounts with poisha (e.g. 500.50). By default only whole taka
    /// pass, because the gateway does not recommend decimals.
    #[arg(long)]
    pub allow_poisha: bool,

    /// Treat warnings (such as a restored leading zero) as failures.
    #[arg(long)]
    pub strict: bool,
}

impl SheetArgs {
    /// The validator's options from these flags.
    pub fn to_options(&self) -> crate::validate::CheckOptions {
        crate::validate::CheckOptions {
            sheet: self.worksheet.clone(),
            maps: self.maps.clone(),
            allow_repeat: self.allow_repeat,
            expect_rows: self.expect_rows,
            expect_total: self.expect_total,
            max_amount: self.max_amount,
            provider_caps: self.provider_caps.clone(),
            allow_fractional: self.allow_poisha,
            strict: self.strict,
        }
    }
}

/// A taka figure on the command line, in any form a sheet may use.
fn parse_taka(s: &str) -> Result<crate::money::Amount, String> {
    crate::money::Amount::parse(s).map_err(|e| format!("{s:?} {e}"))
}

/// `rocket=25000`.
fn parse_provider_cap(s: &str) -> Result<(crate::wallet::Provider, crate::money::Amount), String> {
    let (p, t) = s
        .split_once('=')
        .ok_or_else(|| format!("expected PROVIDER=TAKA, e.g. rocket=25000; got {s:?}"))?;
    let provider = crate::wallet::Provider::parse_alias(p)
        .ok_or_else(|| format!("unknown provider {p:?}; use bkash, nagad or rocket"))?;
    Ok((provider, parse_taka(t.trim())?))
}

/// Arguments of `payrun sandbox`. Every fault knob is also a JSON field of
/// `POST /_sandbox/faults` (with `_` for `-`), so tests can change them live.
#[derive(Debug, Args)]
#[command(
    after_help = crate::sandbox::CLI_EXAMPLES,
    after_long_help = crate::sandbox::CLI_LONG_HELP
)]
pub struct SandboxArgs {
    /// Address to listen on. Port 0 picks a free port; the URL is printed.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub bind: String,
    /// The merchantNo header accepted (else outer code 1003). The secret is
    /// sandbox-secret-0001, or $PAYRUN_SANDBOX_SECRET; it is never a flag.
    #[arg(long, default_value = crate::sandbox::DEFAULT_MERCHANT_NO, value_name = "NO")]
    pub merchant_no: String,
    /// Starting available balance in taka (payouts beyond it get 1005).
    #[arg(long, default_value = "10000000", value_name = "TAKA")]
    pub balance: String,
    /// How long a payout stays 0015 (processing) before its final status.
    #[arg(long, default_value = "2s", value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub settle_after: std::time::Duration,
    /// Answer every payout's final status at once (data.status 0000 or the
    /// failure code) instead of 0015 first.
    #[arg(long)]
    pub instant: bool,
    /// Orders kept in memory; past it new payouts get outer code 5000.
    #[arg(long, default_value_t = 200_000, value_name = "N")]
    pub max_orders: usize,
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
    /// Threads answering requests. Each request with latency holds one.
    #[arg(long, default_value_t = 16, value_name = "N")]
    pub threads: usize,
    /// Delays between callback attempts, comma-separated; a callback not
    /// answered with exactly OK is retried once per delay.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "2s,5s,10s,30s,1h,3h,3h,3h",
        value_name = "DURATIONS",
        value_parser = humantime::parse_duration
    )]
    pub callback_retries: Vec<std::time::Duration>,
    /// How long one callback POST may take.
    #[arg(long, default_value = "10s", value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub callback_timeout: std::time::Duration,
    /// Seed of the random generator behind every fault rate.
    #[arg(long, default_value_t = 1, help_heading = "Faults")]
    pub seed: u64,
    /// Delay before every gateway answer: fixed (50ms) or a range (10ms..200ms).
    #[arg(
        long,
        default_value = "0ms",
        value_name = "DURATION[..DURATION]",
        help_heading = "Faults"
    )]
    pub latency: String,
    /// Gateway requests allowed per second across all clients (0: no limit).
    #[arg(long, default_value_t = 0, value_name = "RPS", help_heading = "Faults")]
    pub rate_limit: u32,
    /// The answer over the rate limit: outer code 1006, or HTTP 429.
    #[arg(long, default_value = "1006", value_parser = ["1006", "429"], help_heading = "Faults")]
    pub throttle_with: String,
    /// Fraction of requests answered with --error-status before processing.
    #[arg(
        long,
        default_value_t = 0.0,
        value_name = "FRACTION",
        help_heading = "Faults"
    )]
    pub error_rate: f64,
    /// The 5xx status of --error-rate answers.
    #[arg(
        long,
        default_value_t = 503,
        value_name = "STATUS",
        help_heading = "Faults"
    )]
    pub error_status: u16,
    /// Fraction of requests processed, then left without an answer: the client
    /// times out not knowing the order exists.
    #[arg(
        long,
        default_value_t = 0.0,
        value_name = "FRACTION",
        help_heading = "Faults"
    )]
    pub drop_rate: f64,
    /// Fraction of requests processed, then answered with HTTP 200 and HTML.
    #[arg(
        long,
        default_value_t = 0.0,
        value_name = "FRACTION",
        help_heading = "Faults"
    )]
    pub garbage_rate: f64,
    /// Fraction of callbacks sent twice.
    #[arg(
        long,
        default_value_t = 0.0,
        value_name = "FRACTION",
        help_heading = "Faults"
    )]
    pub callback_duplicate_rate: f64,
    /// Fraction of payouts whose callback (with the final status) is sent
    /// before the payout's answer, while the query still says 0015.
    #[arg(
        long,
        default_value_t = 0.0,
        value_name = "FRACTION",
        help_heading = "Faults"
    )]
    pub callback_early_rate: f64,
}

/// Arguments of `payrun submit`.
#[derive(Debug, Args)]
pub struct SubmitArgs {}
