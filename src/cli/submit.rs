//! Arguments of `payrun submit`. Its settings (the gateway, the pace, the
//! ledger, the sheet's caps, the repeat window) come from the settings
//! table (`cli::settings`); `submit` runs with them resolved
//! (`config::Resolved`).

use super::SheetArgs;
use clap::Args;
use std::path::PathBuf;

/// What `-h` shows: the commands most runs need; `--help` has the rest.
const SUBMIT_SHORT: &str = "\
Examples:
  payrun submit samples/payroll-2026-11.csv --batch demo --sandbox
  payrun submit payroll-nov.xlsx --batch 2026-11-payroll --dry-run
  payrun submit payroll-nov.xlsx --batch 2026-11-payroll

Re-running the same command with the same label never pays a row twice.
More with --help: the settings, a lost ledger (--adopt), invalid rows, exit codes.";

/// Shown under `payrun submit --help`.
pub const SUBMIT_EXAMPLES: &str = "\
Examples:
  # Try it end to end against the built-in sandbox (nothing real is paid):
  payrun submit samples/payroll-2026-11.csv --batch demo --sandbox

  # See what would be sent, with the balance check, without sending:
  export PAYRUN_GATEWAY_URL=https://gateway.example/bd PAYRUN_MERCHANT_NO=0000000001
  export PAYRUN_APP_SECRET=...   # never on the command line
  export PAYRUN_NOTIFY_URL=https://payrun.example.com/callback
  payrun submit payroll-nov.xlsx --batch 2026-11-payroll --dry-run

  # Pay it, 8 workers at most 20 requests a second:
  payrun submit payroll-nov.xlsx --batch 2026-11-payroll

  # Re-run after a crash, a kill or a corrected sheet: same command, same label.
  # Paid rows are never sent again; uncertain ones are asked about first.
  payrun submit payroll-nov-fixed.xlsx --batch 2026-11-payroll

  # The ledger was lost (or restored from an older backup): rebuild it from
  # the gateway; only what the gateway has never seen is sent:
  payrun submit payroll-nov.xlsx --batch 2026-11-payroll --adopt

  # A restored ledger lacks runs made since its backup: payrun names them, and
  # pays nothing else until each batch is adopted with its own sheet:
  payrun submit bonus-nov.xlsx --batch 2026-11-bonus --adopt
  # or, without that sheet and once sure none of its rows is paid again, a
  # person acknowledges the gap (recorded in the ledger for auditors):
  payrun submit payroll-dec.xlsx --batch 2026-12-payroll --adopt --acknowledge-missing-runs

  # Pay the valid rows and record the invalid ones for the report:
  payrun submit payroll-nov.csv --batch 2026-11-payroll --skip-invalid

  # Rows hidden in Excel refuse the sheet (--skip-invalid does not skip them);
  # after checking they are meant to be paid:
  payrun submit payroll-nov.xlsx --batch 2026-11-payroll --include-hidden-rows

  # A row whose Status says Cancelled or Hold, Pay? says No, Paid says Yes, or
  # whose remark says \"do not pay\" is refused; if that column does not decide
  # payment this month (read it as information, with a note):
  payrun submit payroll-nov.xlsx --batch 2026-11-payroll --pay-despite Status

  # Some payouts failed (provider down); the rows are right. Look first, then
  # send those rows again under new tradeNos (paid rows are never touched):
  payrun submit payroll-nov.xlsx --batch 2026-11-payroll --retry-failed --dry-run
  payrun submit payroll-nov.xlsx --batch 2026-11-payroll --retry-failed

Ledger: --ledger, else $PAYRUN_LEDGER, else $XDG_DATA_HOME/payrun/ledger.sqlite
(~/.local/share/payrun/ledger.sqlite); with --sandbox ./payrun-sandbox/ledger.sqlite,
and the sandbox gateway's books beside it (sandbox-gateway.json; delete the
folder to start the demo afresh).

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
#[command(after_help = SUBMIT_SHORT, after_long_help = SUBMIT_EXAMPLES, args_override_self = true)]
pub struct SubmitArgs {
    #[command(flatten)]
    pub sheet: SheetArgs,

    /// The batch label, e.g. 2026-11-payroll. It scopes "each row is paid once":
    /// the same sheet under the same label never pays a row twice. Use a new
    /// label for a new payment run. Once a payout request of the label was
    /// made, the label stays with that gateway and merchant; a run that made
    /// none (a wrong URL or merchant) binds nothing: fix it and run again.
    /// Every tradeNo starts with the label's first 11 characters, which is
    /// all the provider's portal shows of it: put what tells batches apart
    /// first (2026-11-payroll); a label cut there warns.
    #[arg(long, value_name = "LABEL")]
    pub batch: String,

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
    /// batch label in the last 20 days (by a run that made a payout
    /// request). Without it such a sheet is refused
    /// (exit 2): a re-downloaded "payroll (1).xlsx" under a new label would
    /// pay everyone twice. Under require_approval, an approval counts only
    /// if its statement listed the payouts paid before (see
    /// --allow-repeat-payment).
    #[arg(long)]
    pub allow_same_sheet: bool,

    /// Pay rows that were paid (or may have been: processing, unknown) under
    /// ANOTHER batch label within --repeat-window, by reference or by wallet
    /// and amount. Without it such rows are held and the run refused (exit
    /// 2), each listed with the earlier batch, tradeNo and date. A row can
    /// say so itself with yes in its "repeat" column. Under
    /// require_approval, an approval counts only if its statement listed
    /// those payouts, byte for byte as they stand now: one given before
    /// they were paid never showed them (approve again).
    #[arg(long)]
    pub allow_repeat_payment: bool,

    /// Rebuild a lost or restored ledger from the gateway: ask about every
    /// payout of this sheet that this ledger never sent, record what the
    /// gateway has (paid, processing, failed) as if this ledger had sent it,
    /// and send only what it has never seen, after the grace period. Any
    /// order found for another amount (or echoed wallet) than its row
    /// refuses the whole batch: another ledger used this label. See
    /// docs/operations.md, "Recovery" and "Two ledgers, one label".
    #[arg(long)]
    pub adopt: bool,

    /// Go on although this ledger lacks runs payrun made through it (an
    /// older backup restored, a -wal lost): their rows are not checked as
    /// repeats. Without it, a ledger that lacks runs pays nothing but an
    /// --adopt of one of their batches. Recorded in the ledger, with this
    /// run and the account, for auditors. Needs --adopt while no run has
    /// accepted the ledger yet; refused on a ledger that lacks no runs (a
    /// flag left in a script would acknowledge a later gap unread). See
    /// docs/operations.md, "Recovery".
    #[arg(long)]
    pub acknowledge_missing_runs: bool,

    /// Plan, compare with the ledger and check the balance; print what would be
    /// sent; send nothing and write nothing. Exits as the real run would
    /// (1 with the list of rows --skip-invalid would leave unpaid).
    #[arg(long)]
    pub dry_run: bool,

    /// Run the whole job against the built-in sandbox gateway, started on a free
    /// loopback port with its default credentials. Nothing real is paid. It
    /// remembers its orders and balance across runs in sandbox-gateway.json
    /// beside the ledger, as one real gateway would.
    #[arg(long)]
    pub sandbox: bool,

    /// After sending, keep asking the gateway about payouts still processing
    /// until all are final or this much time has passed (e.g. 10m), like
    /// `payrun reconcile --wait`.
    #[arg(long, value_name = "DURATION", value_parser = crate::time::duration)]
    pub wait: Option<std::time::Duration>,

    /// Where to write the batch's report: .xlsx, .csv or .json
    /// [default: <ledger folder>/reports/<LABEL>.xlsx]. Checked before
    /// anything is sent: a path that cannot be written, or an existing
    /// file there that is not a report payrun wrote, is exit 2.
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
}
