//! THE settings table: every setting payrun.toml may hold, declared once
//! with its flag, its environment variable, its built-in default, its parser
//! and its doc line. Everything else reads it: clap's flags
//! (`cli::settings`), the precedence ([`super::Layers`]), the defaults a
//! command runs with ([`super::Resolved`]), `config show`, the starter
//! file, the unknown-key check, and the table in docs/operations.md (a test
//! compares them). A default written anywhere else is a bug: the tests in
//! `keys_tests.rs` check clap's flags, `config show`, the starter, the
//! docs and the library defaults (`CheckOptions`, `ClientConfig`) against
//! this table.
//!
//! What is a setting: anything payrun.toml or a `PAYRUN_*` variable may
//! set, or whose default more than one place needs. What stays a plain
//! clap flag, declared once in its subcommand's file under `src/cli/`:
//! - per-run switches and inputs with no default: `--batch`, `--report`,
//!   `--sandbox`, `--dry-run`, `--wait`, `--adopt`, `--allow-repeat-payment`,
//!   `--allow-same-sheet`, `--retry-failed`, `--skip-invalid`,
//!   `--mask-wallets`, the sheet's own flags (`--map`, `--provider-cap`,
//!   `--expect-*`, `--include-hidden-rows`, ...), and those of `approve`,
//!   `match`, `status`, `conflict`, `statement`, `report`, `template`, `completions` and `man`;
//! - `listen`'s `--bind`, `--threads`, `--max-body`, `--max-connections` and
//!   `--max-per-peer` (one server's limits, defaults from `crate::listen`);
//! - `reconcile`'s hidden `--poll-min`/`--poll-max` (test hooks);
//! - `config init --out`, and every flag of `payrun sandbox` (they describe
//!   the simulated provider, not payrun);
//! - `--config`, `--profile` and `--log-format`: read before the file, so
//!   not keys of it; their variables are [`CONFIG_ENV`], [`PROFILE_ENV`] and
//!   [`LOG_FORMAT_ENV`] below.

use super::parse::{self, show};
use crate::config::{Rate, TradeNoForm};
use crate::money::Amount;
use std::path::PathBuf;
use std::time::Duration;

pub use super::key::{AnyKey, Ctx, Flag, Group, Key, Meta, When};

/// The commands that talk to the gateway.
const SEND: &[&str] = &["submit", "reconcile"];
/// The commands that talk to the gateway, and `approve`, whose statement
/// names the merchant account that pays.
const SEND_OR_APPROVE: &[&str] = &["submit", "reconcile", "approve"];
/// The commands that read a payroll sheet.
const SHEET: &[&str] = &["check", "submit", "approve"];
/// The commands that open a ledger.
const LEDGER_USERS: &[&str] = &[
    "check",
    "submit",
    "approve",
    "reconcile",
    "listen",
    "report",
    "status",
    "match",
    "conflict",
    "statement",
];

pub const PRODUCTION: Key<bool> = Key::new("production", parse::boolean, show::plain)
    .default("false")
    .doc("Marks a profile as paying real money (a profile named production always is); file only.");

pub const GATEWAY_URL: Key<String> = Key::new("gateway_url", parse::url, show::plain)
    .env("PAYRUN_GATEWAY_URL")
    .flag("--gateway", "URL", SEND)
    .doc("The gateway's base URL, e.g. https://gateway.example/bd.");

pub const MERCHANT_NO: Key<String> = Key::new("merchant_no", parse::text, show::plain)
    .env("PAYRUN_MERCHANT_NO")
    .flag("--merchant", "NO", SEND_OR_APPROVE)
    .doc("The merchant number issued by the provider, sent in the merchantNo header.");

pub const NOTIFY_URL: Key<String> = Key::new("notify_url", parse::url, show::plain)
    .env("PAYRUN_NOTIFY_URL")
    .flag("--notify-url", "URL", SEND)
    .doc("Where the gateway POSTs payout results, sent as notifyUrl (payrun listen behind your proxy).");

pub const APP_SECRET_FILE: Key<PathBuf> = Key::new("app_secret_file", parse::path, show::path)
    .env("PAYRUN_APP_SECRET_FILE")
    .doc("A file holding the app secret (trimmed); the secret itself is never a flag nor in this file. See Secrets.");

pub const CONNECT_TIMEOUT: Key<Duration> =
    Key::new("connect_timeout", parse::duration, show::duration)
        .env("PAYRUN_CONNECT_TIMEOUT")
        .flag("--connect-timeout", "DURATION", SEND)
        .default("5s")
        .starter(Group::Pace)
        .doc("Time to open a connection; past it nothing was sent, so it is retried.");

pub const REQUEST_TIMEOUT: Key<Duration> =
    Key::new("request_timeout", parse::duration, show::duration)
        .env("PAYRUN_REQUEST_TIMEOUT")
        .flag("--request-timeout", "DURATION", SEND)
        .default("30s")
        .except(&[(When::Sandbox, "3s")])
        .starter(Group::Pace)
        .doc("Time for a whole request; past it the outcome is unknown and is asked about by query, never resent blindly.");

pub const RATE: Key<Rate> = Key::new("rate", parse::rate, show::plain)
    .env("PAYRUN_RATE")
    .flag("--rate", "RATE", SEND)
    .default("20/s")
    .starter(Group::Pace)
    .doc("Pace of requests, payouts and queries together: 20/s, 600/min or unlimited. Slows down by itself when \"too many requests\" answers (1006, HTTP 429 or 503) are a large share of the gateway's answers (docs/gateway.md, How payrun sets its pace).");

pub const BURST: Key<u32> = Key::new("burst", parse::count_of::<1, 10_000>, show::plain)
    .env("PAYRUN_BURST")
    .flag("--burst", "N", SEND)
    .default("5")
    .starter(Group::Pace)
    .doc("Requests that may go out back to back after an idle moment.");

/// Reconcile asks at most this many at once, whatever the layers say.
pub const RECONCILE_MAX_CONCURRENCY: u32 = 64;

pub const CONCURRENCY: Key<u32> = Key::new("concurrency", parse::count_of::<1, 512>, show::plain)
    .env("PAYRUN_CONCURRENCY")
    .flag("--concurrency", "N", SEND)
    .default("8")
    .except(&[(When::On("reconcile"), "4")])
    .starter(Group::Pace)
    .doc("Requests in flight at most (worker threads); reconcile asks at most 64 at once.");

pub const MAX_ATTEMPTS: Key<u32> =
    Key::new("max_attempts", parse::count_of::<1, 100>, show::plain)
        .env("PAYRUN_MAX_ATTEMPTS")
        .flag("--max-attempts", "N", &["submit"])
        .default("5")
        .starter(Group::Pace)
        .doc("Sends of one payout per run before it is left for the next run (as unknown, or not sent if it never reached the gateway; never as failed).");

pub const GRACE: Key<Duration> = Key::new("grace", parse::duration, show::duration)
    .env("PAYRUN_GRACE")
    .flag("--grace", "DURATION", SEND)
    .default("60s")
    .except(&[(When::OnSandbox("submit"), "3s")])
    .starter(Group::Pace)
    .doc("How long after a send a \"not found\" from the query endpoint is believed, allowing a resend with the same tradeNo. At least 10s for a gateway off this machine (shorter is refused): the provider does not say whether it refuses a repeated tradeNo. Set it longer than the gateway's query lag (operations.md, \"Choosing the grace period\"): a lagging gateway that takes a repeated tradeNo as a new order pays twice.");

/// Tk 50,000: what a personal wallet may receive in a day.
pub const MAX_AMOUNT: Key<Amount> = Key::new("max_amount", parse::taka, show::taka)
    .env("PAYRUN_MAX_AMOUNT")
    .flag("--max-amount", "TAKA", SHEET)
    .default("50000")
    .starter(Group::Row)
    .doc("Per-row cap in taka for every provider; a row above it is invalid.");

pub const ALLOW_POISHA: Key<bool> = Key::new("allow_poisha", parse::boolean, show::plain)
    .env("PAYRUN_ALLOW_POISHA")
    .switch("--allow-poisha", SHEET)
    .default("false")
    .starter(Group::Row)
    .doc("Accept amounts with poisha (e.g. 500.50); by default only whole taka pass, as the gateway recommends.");

/// Where `--sandbox` runs keep their ledger, relative to the current folder.
pub const SANDBOX_LEDGER: &str = "payrun-sandbox/ledger.sqlite";

pub const LEDGER: Key<PathBuf> = Key::new("ledger", parse::path, show::path)
    .env("PAYRUN_LEDGER")
    .flag("--ledger", "PATH", LEDGER_USERS)
    .computed("$XDG_DATA_HOME/payrun/ledger.sqlite, i.e. ~/.local/share/payrun/ledger.sqlite; ~ is HOME, else the password database's home")
    .except(&[(When::Sandbox, SANDBOX_LEDGER)])
    .sandbox_own()
    .doc("The SQLite ledger. A --sandbox run takes only the flag, never the environment's or the file's ledger.");

pub const REPORT_DIR: Key<PathBuf> = Key::new("report_dir", parse::path, show::path)
    .env("PAYRUN_REPORT_DIR")
    .computed("<ledger folder>/reports")
    .doc("Where batch reports go when --report is not given.");

pub const REPEAT_WINDOW: Key<Duration> = Key::new("repeat_window", parse::repeat_window, show::duration)
    .env("PAYRUN_REPEAT_WINDOW")
    .flag("--repeat-window", "DURATION", &["submit", "check"])
    .default("20days")
    .starter(Group::Pace)
    .doc("A row paid (or maybe paid) under another batch label this recently is held (--allow-repeat-payment pays it); see docs/sheets.md.");

pub const TRADE_NO_FORM: Key<TradeNoForm> =
    Key::new("trade_no_form", parse::trade_no_form, show::plain)
        .env("PAYRUN_TRADE_NO_FORM")
        .flag("--trade-no-form", "FORM", &["submit"])
        .default("label-hash")
        .doc("How payrun writes the tradeNos of a new batch: label-hash (label front, '-', hash: letters, digits, '-' and '_', at most 32), alphanumeric (letters and digits only, at most 31) or digits (digits only, 25), for a gateway that refuses the default's characters. A batch keeps the form it was first sent with (the ledger records it); see docs/gateway.md, \"tradeNo\".");

/// The commands that judge approvals.
const APPROVALS_JUDGED: &[&str] = &["submit", "approve"];

pub const APPROVAL_MAX_AGE: Key<Duration> =
    Key::new("approval_max_age", parse::duration, show::duration)
        .env("PAYRUN_APPROVAL_MAX_AGE")
        .flag("--approval-max-age", "DURATION", APPROVALS_JUDGED)
        .default("7days")
        .doc("An approval older than this, by the ledger's record or by its statement's own date, no longer lets submit send; the variable and the flag can only shorten the file's (or the default) limit, never lengthen it (see Approvals).");

// File only from here: an approval rule that an environment variable or a
// flag could switch off would not be a control.

pub const REQUIRE_APPROVAL: Key<bool> = Key::new("require_approval", parse::boolean, show::plain)
    .default("false")
    .doc("Maker-checker: submit refuses a sheet whose exact payouts were not approved; file only.");

pub const APPROVAL_THRESHOLD: Key<Amount> =
    Key::new("approval_threshold_taka", parse::taka, show::taka)
        .doc("Above this batch total, two different approvers; file only (the two-tier form of approval_tiers).");

pub const APPROVAL_SIGNERS: Key<PathBuf> = Key::new("approval_signers", parse::path, show::path)
    .shown_elsewhere()
    .doc("The allowed-signers file (ssh-keygen -Y verify format) signed approvals are checked against; file only. Also [approvals] allowed_signers.");

pub const REQUIRE_SIGNED_APPROVAL: Key<bool> =
    Key::new("require_signed_approval", parse::boolean, show::plain)
        .default("false")
        .shown_elsewhere()
        .doc("Only signed approvals count (needs approval_signers); file only. Also [approvals] require_signed.");

pub const APPROVAL_WINDOW: Key<Option<Duration>> =
    Key::new("approval_window", parse::window, show::window)
        .default("24h")
        .doc("Other labels' batches approved or sent this recently, each by fewer approvers than their sum's tier needs, count toward a batch's tier: a payment split across labels needs the approvers of the whole (see Approvals); off judges each batch alone; file only.");

/// Every scalar key, in the order `config show`, the starter file and the
/// docs use.
pub const SCALARS: &[&dyn AnyKey] = &[
    &PRODUCTION,
    &GATEWAY_URL,
    &MERCHANT_NO,
    &NOTIFY_URL,
    &APP_SECRET_FILE,
    &CONNECT_TIMEOUT,
    &REQUEST_TIMEOUT,
    &RATE,
    &BURST,
    &CONCURRENCY,
    &MAX_ATTEMPTS,
    &GRACE,
    &MAX_AMOUNT,
    &ALLOW_POISHA,
    &LEDGER,
    &REPORT_DIR,
    &REPEAT_WINDOW,
    &TRADE_NO_FORM,
    &REQUIRE_APPROVAL,
    &APPROVAL_THRESHOLD,
    &APPROVAL_SIGNERS,
    &REQUIRE_SIGNED_APPROVAL,
    &APPROVAL_WINDOW,
    &APPROVAL_MAX_AGE,
];

/// The options every command takes (`--config`, `--profile`,
/// `--log-format`): read before the file, so not keys of it.
pub const CONFIG_ENV: &str = "PAYRUN_CONFIG";
pub const PROFILE_ENV: &str = "PAYRUN_PROFILE";
/// The environment variable that chooses the log format (`json` or
/// `text`), like `--log-format`.
pub const LOG_FORMAT_ENV: &str = "PAYRUN_LOG_FORMAT";

/// The variable of an option read before the file (`log_format`), for a
/// file that names it as a key: the message says where it goes instead.
/// The log format chooses how the file's own errors are written, so it
/// cannot come from the file.
pub fn read_before_the_file(name: &str) -> Option<&'static str> {
    match name {
        "config" => Some(CONFIG_ENV),
        "profile" => Some(PROFILE_ENV),
        "log_format" => Some(LOG_FORMAT_ENV),
        _ => None,
    }
}

pub use super::tables_doc::{
    APPROVAL_TIERS, APPROVALS, CHANGES, CODE_CLASSES, COLUMNS, PROVIDER_CAPS, STATUS_CODES, TABLES,
    WAY_CODES,
};

/// Whether `name` is a key a profile (or the top of the file) may hold.
pub fn is_known(name: &str) -> bool {
    all_names().any(|k| k == name)
}

/// Every known key, for "did you mean" and the error's list.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    SCALARS
        .iter()
        .map(|k| k.meta().name)
        .chain(TABLES.iter().map(|t| t.name))
}

/// Every place a default can differ, for checking the table.
#[cfg(test)]
pub fn contexts() -> Vec<Ctx> {
    let mut commands: Vec<&'static str> = SCALARS
        .iter()
        .filter_map(|k| k.meta().flag)
        .flat_map(|f| f.on.iter().copied())
        .collect();
    commands.sort_unstable();
    commands.dedup();
    commands
        .into_iter()
        .flat_map(|command| [false, true].map(|sandbox| Ctx { command, sandbox }))
        .collect()
}

#[cfg(test)]
#[path = "keys_tests.rs"]
mod tests;
