//! The command line: clap definitions, with real examples in every help text.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

mod matching;
mod ops;
#[cfg(feature = "sandbox")]
mod sandbox;
pub mod sandbox_flag;
mod settle;
pub use matching::*;
pub use ops::*;
#[cfg(feature = "sandbox")]
pub use sandbox::*;
pub use settle::*;

/// Pay people from a spreadsheet through an e-wallet payout gateway, exactly once.
#[derive(Debug, Parser)]
#[command(name = "payrun", version, about, long_about = None, after_help = EXIT_CODES)]
#[command(mut_subcommands(sandbox_flag::hide_unless_built))]
pub struct Cli {
    #[command(flatten)]
    /// Options every subcommand takes (config file, log format, quiet).
    pub global: GlobalArgs,

    #[command(subcommand)]
    /// The subcommand to run.
    pub command: Command,
}

/// Shown under every `--help`: cron jobs depend on these.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  done: every payout is paid or processing (for check: the sheet is valid)
  1  finished, but some payouts failed, are unknown, not sent or in conflict,
     or rows were skipped as invalid (--skip-invalid)
  2  usage error or invalid input; nothing was sent
  3  stopped on a systemic refusal by the gateway; rows not sent wait for the next run
  4  another run holds the ledger lock
  5  could not start: the gateway was unreachable, or the ledger, its folder or
     its disk cannot be written; nothing was sent
  130  interrupted (Ctrl-C, SIGTERM) where nothing was in flight to finish

Under --log-format json the last stderr line is {\"event\":\"finished\",\"exit_code\":N,...}.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a payroll sheet without sending anything (the dry run).
    Check(CheckArgs),
    /// Run the built-in sandbox gateway: the real gateway's API on 127.0.0.1,
    /// with documented rules and fault injection, for trying payrun and for tests.
    #[cfg(feature = "sandbox")]
    Sandbox(Box<SandboxArgs>),
    /// Pay every valid row of a sheet through the gateway, exactly once.
    Submit(SubmitArgs),
    /// Ask the gateway about payouts not final yet, record the answers, write the report.
    Reconcile(Box<ReconcileArgs>),
    /// Receive the gateway's callbacks (the notifyUrl) and apply them to the ledger.
    Listen(ListenArgs),
    /// Write a batch's reconciliation report (.xlsx, .csv or .json).
    Report(ReportArgs),
    /// Show a batch's summary, or list the batches in the ledger.
    Status(StatusArgs),
    /// Match a batch against the provider's statement, line by line: the
    /// independent proof that the money left as the sheet said.
    Match(Box<MatchArgs>),
    /// Show or create payrun.toml (settings and profiles).
    Config(ConfigArgs),
    /// Approve exactly this sheet's payouts for a batch: write the statement,
    /// record an SSH-signed (or unsigned) approval, or --verify the recorded ones.
    Approve(ApproveArgs),
    /// Write an empty payroll sheet (.xlsx or .csv) with the right headers.
    Template(TemplateArgs),
    /// Print shell completions (bash, zsh, fish, ...).
    Completions(CompletionsArgs),
    /// Print the man page, generated from this help.
    Man(ManArgs),
}

/// Arguments of `payrun check`.
#[derive(Debug, Args)]
#[command(after_long_help = CHECK_EXAMPLES, after_help = CHECK_EXAMPLES)]
pub struct CheckArgs {
    #[command(flatten)]
    pub sheet: SheetArgs,

    /// Write the row-by-row result here: .csv or .xlsx, by extension.
    /// Default: payrun-out/<file name>.check.csv in the current directory
    /// (payrun-out/<file name>.<worksheet>.check.csv with --sheet).
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,

    /// Print a machine-readable summary (JSON, amounts in poisha) instead of
    /// the human one.
    #[arg(long)]
    pub json: bool,

    /// The ledger to compare the sheet with ("changes since the last
    /// payroll"); read only, and never created. Same default as submit.
    #[command(flatten)]
    pub ledger: LedgerArgs,

    /// Compare with the sandbox ledger (./payrun-sandbox/ledger.sqlite), the
    /// one `payrun submit --sandbox` writes.
    #[arg(long)]
    pub sandbox: bool,

    /// The [changes] window from payrun.toml; file only.
    #[arg(skip)]
    pub compare: crate::config::CompareWindow,
}

const CHECK_EXAMPLES: &str = "\
Examples:
  payrun check samples/payroll-2026-11.csv
  payrun check payroll.xlsx --sheet November --report november-check.xlsx
  payrun check payroll.csv --map amount=\"Net Pay\" --map wallet=\"bKash No\"
  payrun check payroll.csv --expect-rows 40 --expect-total 12,34,000
  payrun check payroll.csv --max-amount 30000 --provider-cap rocket=25000 --json
  payrun check payroll.xlsx --include-hidden-rows   # read rows hidden in Excel as payouts
  payrun check nagad-only.csv --provider nagad      # a sheet with no provider column
  payrun check payroll-dec.xlsx --ledger /srv/payrun/ledger.sqlite   # what changed since November

The row-by-row result (original columns plus status, normalized_wallet,
provider_code, amount_poisha and issues) is always written: to --report PATH,
or else to payrun-out/<file name>.check.csv (payrun-out/payroll-2026-11.csv.check.csv
for samples/payroll-2026-11.csv; payroll.xlsx and payroll.csv get one each).
Nothing touches the network.

Changes since the last payroll: when the ledger exists (--ledger, else the
default submit uses; --sandbox for the sandbox's), the sheet is compared with
its recent paid batches ([changes] in payrun.toml: the last 3, and every one
of the last 45 days). The output counts changed wallets, one wallet under two
payees, changed names, new payees, payees no longer paid and amounts moved by
more than 20%; every change is written to <report>.changes.csv, e.g.
payrun-out/payroll-2026-11.csv.check.changes.csv. The ledger is only read.
The verdict (VALID, INVALID or NOT VALID under --strict) is the last line.

Rows hidden in the workbook (by hand, in a collapsed group, or by an
AutoFilter) are never paid without a word: one that would be a payout refuses
the sheet, naming each row, until it is unhidden and deleted, or
--include-hidden-rows says to pay it. .xlsx, .xlsm, .ods and .xls; see
docs/sheets.md.

Exit codes: 0 the sheet is valid (warnings allowed unless --strict);
2 invalid rows, a hidden payee row, a control-total mismatch, or an unreadable sheet.";

/// How a payroll sheet is read and judged. `check` and `submit` flatten the
/// same struct, so both commands read a sheet the same way.
#[derive(Debug, Clone, Args)]
pub struct SheetArgs {
    /// The payroll sheet: .csv (UTF-8, comma, semicolon or tab), .xlsx, .xlsm,
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
    pub maps: Vec<crate::fields::ColumnOverride>,

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

    /// Read and pay rows that are hidden in the workbook (hidden by hand,
    /// in a collapsed group, or by an AutoFilter). Without it, a hidden row
    /// that would be a payout refuses the whole batch: a hidden row often
    /// means "not this month". .xlsx, .xlsm, .ods and .xls; see docs/sheets.md.
    #[arg(long)]
    pub include_hidden_rows: bool,

    /// Read an .xls whose hidden rows and columns payrun cannot check (an
    /// unusual or damaged file), because you checked by hand that nothing is
    /// hidden. Without it such a file is refused; see docs/sheets.md.
    #[arg(long)]
    pub allow_xls_unchecked: bool,
    /// Pay every row through this provider (bkash, nagad or rocket), for a
    /// sheet with no provider column, e.g. Name,Wallet,Amount. A sheet whose
    /// wallet header names its provider (bKash Number) needs no flag. Part of
    /// what is validated: an approval given without it does not cover a
    /// submit with it.
    #[arg(long, value_name = "NAME", value_parser = parse_provider)]
    pub provider: Option<crate::wallet::Provider>,
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
            include_hidden_rows: self.include_hidden_rows,
            allow_xls_unchecked: self.allow_xls_unchecked,
            provider: self.provider,
        }
    }
}

/// A taka figure on the command line, in any form a sheet may use.
fn parse_taka(s: &str) -> Result<crate::money::Amount, String> {
    crate::money::Amount::parse(s).map_err(|e| format!("{s:?} {e}"))
}

/// `--provider nagad`; a misspelling gets the nearest provider's name.
fn parse_provider(s: &str) -> Result<crate::wallet::Provider, String> {
    use crate::wallet::{Provider, nearest_provider};
    Provider::parse_alias(s).ok_or_else(|| {
        let hint = nearest_provider(s)
            .map(|p| format!(" (did you mean {}?)", p.key()))
            .unwrap_or_default();
        format!("unknown provider {s:?}{hint}; use bkash, nagad or rocket")
    })
}

/// `rocket=25000`.
fn parse_provider_cap(s: &str) -> Result<(crate::wallet::Provider, crate::money::Amount), String> {
    let (p, t) = s
        .split_once('=')
        .ok_or_else(|| format!("expected PROVIDER=TAKA, e.g. rocket=25000; got {s:?}"))?;
    let provider = parse_provider(p.trim())?;
    Ok((provider, parse_taka(t.trim())?))
}

/// Shown under `payrun submit --help`.
pub const SUBMIT_EXAMPLES: &str = "\
Examples:
  # Try it end to end against the built-in sandbox (nothing real is paid):
  payrun submit samples/payroll-2026-11.csv --batch demo --sandbox

  # See what would be sent, with the balance check, without sending:
  export PAYRUN_GATEWAY_URL=https://gateway.example/bd PAYRUN_MERCHANT_NO=0000000001
  export PAYRUN_APP_SECRET=...   # never on the command line
  export PAYRUN_NOTIFY_URL=https://payrun.example.com/callback
  payrun submit payroll-nov.xlsx --batch payroll-2026-11 --dry-run

  # Pay it, 8 workers at most 20 requests a second:
  payrun submit payroll-nov.xlsx --batch payroll-2026-11

  # Re-run after a crash, a kill or a corrected sheet: same command, same label.
  # Paid rows are never sent again; uncertain ones are asked about first.
  payrun submit payroll-nov-fixed.xlsx --batch payroll-2026-11

  # The ledger was lost (or restored from an older backup): rebuild it from
  # the gateway; only what the gateway has never seen is sent:
  payrun submit payroll-nov.xlsx --batch payroll-2026-11 --adopt

  # Pay the valid rows and record the invalid ones for the report:
  payrun submit payroll-nov.csv --batch payroll-2026-11 --skip-invalid

  # Rows hidden in Excel refuse the sheet (--skip-invalid does not skip them);
  # after checking they are meant to be paid:
  payrun submit payroll-nov.xlsx --batch payroll-2026-11 --include-hidden-rows

  # Some payouts failed (provider down); the rows are right. Look first, then
  # send those rows again under new tradeNos (paid rows are never touched):
  payrun submit payroll-nov.xlsx --batch payroll-2026-11 --retry-failed --dry-run
  payrun submit payroll-nov.xlsx --batch payroll-2026-11 --retry-failed

Ledger: --ledger, else $PAYRUN_LEDGER, else $XDG_DATA_HOME/payrun/ledger.sqlite
(~/.local/share/payrun/ledger.sqlite); with --sandbox ./payrun-sandbox/ledger.sqlite.

Exit codes:
  0  every payout of the sheet is paid or processing
  1  some payouts failed, are unknown, not sent or in conflict, or rows were
     skipped as invalid (--skip-invalid; listed in the summary)
  2  invalid or refused rows (a hidden payee row, a row paid under another label
     too), a refused ledger (empty, damaged, not a ledger, two names, or a lost
     one the gateway already knows), or a usage error; nothing was sent
  3  stopped on a systemic refusal or a short balance; rows not sent wait
  4  another run holds the ledger lock
  5  could not start (gateway unreachable or not answering the balance or the
     ledger-loss check, ledger folder or disk not writable); nothing was sent";

/// Arguments of `payrun submit`.
#[derive(Debug, Args)]
#[command(after_long_help = SUBMIT_EXAMPLES, args_override_self = true)]
pub struct SubmitArgs {
    #[command(flatten)]
    pub sheet: SheetArgs,

    /// The batch label, e.g. payroll-2026-11. It scopes "each row is paid once":
    /// the same sheet under the same label never pays a row twice. Use a new
    /// label for a new payment run.
    #[arg(long, value_name = "LABEL")]
    pub batch: String,

    #[command(flatten)]
    pub gateway: GatewayArgs,

    #[command(flatten)]
    pub ledger: LedgerArgs,

    /// Requests in flight at most (worker threads).
    #[arg(long, value_name = "N", default_value_t = 8,
          value_parser = clap::value_parser!(u32).range(1..=512))]
    pub concurrency: u32,

    /// Pace of requests (payouts and queries together): 20/s, 600/min, or
    /// unlimited. Slows down by itself when the gateway says "too many requests".
    #[arg(long, value_name = "RATE", default_value = "20/s")]
    pub rate: crate::config::Rate,

    /// Requests that may go out back to back after an idle moment.
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub burst: u32,

    /// Sends of one payout per run before it is left for the next run (as
    /// unknown, or not sent if it never reached the gateway; never as failed).
    #[arg(long, value_name = "N", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_attempts: u32,

    /// How long after a send a "not found" from the query endpoint is believed,
    /// allowing a resend with the same tradeNo [default: 60s; 3s with --sandbox].
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub grace: Option<std::time::Duration>,

    /// Record invalid and refused rows for the report, and pay the rest.
    /// Without it, any such row stops the run before anything is sent (exit 2).
    #[arg(long)]
    pub skip_invalid: bool,

    /// Send again, under new tradeNos, the rows of this sheet whose payouts the
    /// gateway refused (failed), when the row itself is right and the failure
    /// was passing (provider down, daily limit, wallet since registered). Only
    /// failures confirmed by the gateway's answer or a query are retried, never
    /// one known from a callback alone (run `payrun reconcile` first) nor one
    /// in conflict. Without it a failed row stays failed: a re-run never
    /// retries on its own.
    #[arg(long)]
    pub retry_failed: bool,

    /// Pay a sheet whose exact payouts (same payees, wallets, amounts,
    /// references, names and remarks) were already submitted under another
    /// batch label in the last 20 days. Without it such a sheet is refused
    /// (exit 2): a re-downloaded "payroll (1).xlsx" under a new label would
    /// pay everyone twice.
    #[arg(long)]
    pub allow_same_sheet: bool,

    /// Pay rows that were paid (or may have been: processing, unknown) under
    /// ANOTHER batch label within --repeat-window, by reference or by wallet
    /// and amount. Without it such rows are held and the run refused (exit
    /// 2), each listed with the earlier batch, tradeNo and date. A row can
    /// say so itself with yes in its "repeat" column.
    #[arg(long)]
    pub allow_repeat_payment: bool,

    /// How far back a payment under another label holds the same payout
    /// [default: 20days]. A monthly payroll is paid about 30 days apart.
    #[arg(long, value_name = "DURATION", default_value = "20days",
          value_parser = humantime::parse_duration)]
    pub repeat_window: std::time::Duration,

    /// Rebuild a lost or restored ledger from the gateway: ask about every
    /// payout of this sheet that this ledger never sent, record what the
    /// gateway has (paid, processing, failed) as if this ledger had sent it,
    /// and send only what it has never seen, after the grace period. See
    /// docs/operations.md, "Recovery".
    #[arg(long)]
    pub adopt: bool,

    /// Plan, compare with the ledger and check the balance; print what would be
    /// sent; send nothing and write nothing. Exits as the real run would
    /// (1 with the list of rows --skip-invalid would leave unpaid).
    #[arg(long)]
    pub dry_run: bool,

    /// Run the whole job against the built-in sandbox gateway, started on a free
    /// loopback port with its default credentials. Nothing real is paid.
    #[arg(long)]
    pub sandbox: bool,

    /// After sending, keep asking the gateway about payouts still processing
    /// until all are final or this much time has passed (e.g. 10m), like
    /// `payrun reconcile --wait`.
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub wait: Option<std::time::Duration>,

    /// Where to write the batch's report: .xlsx, .csv or .json
    /// [default: <ledger folder>/reports/<LABEL>.xlsx].
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,

    /// The approval rule from payrun.toml (require_approval, approval
    /// tiers, allowed signers); file only, never a flag.
    #[arg(skip)]
    pub approval: crate::config::ApprovalPolicy,

    /// The [changes] window from payrun.toml; file only.
    #[arg(skip)]
    pub compare: crate::config::CompareWindow,
}

/// How to reach the gateway. The app secret is read from PAYRUN_APP_SECRET
/// or the file named by app_secret_file in payrun.toml, never from a flag: a
/// flag would leak it into shell history and `ps`.
#[derive(Debug, Clone, Args)]
pub struct GatewayArgs {
    /// Gateway base URL, e.g. https://gateway.example/bd.
    #[arg(long = "gateway", value_name = "URL", env = "PAYRUN_GATEWAY_URL")]
    pub gateway_url: Option<String>,

    /// Merchant number issued by the provider, e.g. 0000000001.
    #[arg(long, value_name = "NO", env = "PAYRUN_MERCHANT_NO")]
    pub merchant: Option<String>,

    /// Where the gateway POSTs payout results (sent as notifyUrl).
    #[arg(long, value_name = "URL", env = "PAYRUN_NOTIFY_URL")]
    pub notify_url: Option<String>,

    /// Time to open a connection; past it nothing was sent, so it is retried.
    #[arg(long, value_name = "DURATION", default_value = "5s",
          value_parser = humantime::parse_duration)]
    pub connect_timeout: std::time::Duration,

    /// Time for a whole request; past it the outcome is unknown and is asked
    /// about by query, never resent blindly [default: 30s; 3s with --sandbox].
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    pub request_timeout: Option<std::time::Duration>,

    /// What payrun.toml adds (wayCodes, outer-code classes, the secret file,
    /// whether the profile is production); filled in from the config.
    #[arg(skip)]
    pub settings: Box<crate::config::GatewaySettings>,
}

impl GatewayArgs {
    /// The request timeout: the flag, else 30 s for a real gateway and 3 s
    /// for the in-process sandbox (loopback answers in milliseconds).
    pub fn request_timeout(&self, sandbox: bool) -> std::time::Duration {
        self.request_timeout
            .unwrap_or(std::time::Duration::from_secs(if sandbox { 3 } else { 30 }))
    }
}

impl SubmitArgs {
    /// The grace period: the flag, else 60 s for a real gateway and 3 s for
    /// the in-process sandbox.
    pub fn grace(&self) -> std::time::Duration {
        self.grace
            .unwrap_or(std::time::Duration::from_secs(if self.sandbox {
                3
            } else {
                60
            }))
    }
}

/// Which ledger to use.
#[derive(Debug, Clone, Args)]
pub struct LedgerArgs {
    /// The SQLite ledger [default: $PAYRUN_LEDGER, else
    /// $XDG_DATA_HOME/payrun/ledger.sqlite, i.e. ~/.local/share/payrun/ledger.sqlite;
    /// with --sandbox ./payrun-sandbox/ledger.sqlite, never $PAYRUN_LEDGER].
    #[arg(long = "ledger", value_name = "PATH")]
    pub ledger: Option<PathBuf>,
}

impl LedgerArgs {
    /// The ledger path: the flag, else the documented default. A sandbox run
    /// ignores $PAYRUN_LEDGER so that it never writes into a production ledger.
    pub fn resolve(&self, sandbox: bool) -> Option<PathBuf> {
        if let Some(p) = &self.ledger {
            return Some(p.clone());
        }
        if sandbox {
            return Some(PathBuf::from("payrun-sandbox").join("ledger.sqlite"));
        }
        if let Some(p) = std::env::var_os("PAYRUN_LEDGER").filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(p));
        }
        let data = std::env::var_os("XDG_DATA_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
        Some(data.join("payrun").join("ledger.sqlite"))
    }
}
