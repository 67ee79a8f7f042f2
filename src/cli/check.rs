//! Arguments of `payrun check`, the dry run. Its settings (`--max-amount`,
//! `--allow-poisha`, and `--ledger`, the ledger compared with: read only,
//! never created) come from the settings table (`cli::settings`).

use super::SheetArgs;
use clap::Args;
use std::path::PathBuf;

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

    /// Compare with the sandbox ledger (./payrun-sandbox/ledger.sqlite), the
    /// one `payrun submit --sandbox` writes.
    #[arg(long)]
    pub sandbox: bool,

    /// Check the sheet as `submit --batch LABEL` would take it: rows that
    /// batch already holds are its own, not repeats. Without it, the sheet
    /// is checked as a new label's, which every earlier batch is another to.
    #[arg(long, value_name = "LABEL")]
    pub batch: Option<String>,

    /// As for submit: rows paid under another label within --repeat-window
    /// are paid again, not held.
    #[arg(long)]
    pub allow_repeat_payment: bool,
}

const CHECK_EXAMPLES: &str = "\
Examples:
  payrun check samples/payroll-2026-11.csv
  payrun check payroll.xlsx --sheet November --report november-check.xlsx
  payrun check payroll.csv --map amount=\"Net Pay\" --map wallet=\"bKash No\"
  payrun check payroll.xlsx --map amount=\"Take Home\"         # the net, not Salary
  payrun check payroll.xlsx --map wallet=\"Receiver Number\"   # not the Mobile
  payrun check payroll.csv --expect-rows 40 --expect-total 12,34,000
  payrun check payroll.csv --max-amount 30000 --provider-cap rocket=25000 --json
  payrun check payroll.xlsx --include-hidden-rows   # read rows hidden in Excel as payouts
  payrun check nagad-only.csv --provider nagad      # a sheet with no provider column
  payrun check payroll.xlsx --pay-despite Status    # pay rows its Status marks Hold
  payrun check payroll.xlsx --pay-despite \"Payment Date\"   # its dates are the ones planned
  payrun check payroll-dec.xlsx --ledger /srv/payrun/ledger.sqlite   # what changed since November
  payrun check payroll-dec.csv --batch 2026-12-payroll   # as a re-run of that batch

The row-by-row result (original columns plus status, normalized_wallet,
provider_code, amount_poisha and issues) is always written: to --report PATH,
or else to payrun-out/<file name>.check.csv (payrun-out/payroll-2026-11.csv.check.csv
for samples/payroll-2026-11.csv; payroll.xlsx and payroll.csv get one each).
Nothing touches the network.

Changes since the last payroll: when the ledger exists (--ledger, else the
default submit uses; --sandbox for the sandbox's), the sheet is compared with
its recent batches that paid or may have paid (still processing, unknown, in
conflict) ([changes] in payrun.toml: the last 3, and every one of the last 45
days). The output counts changed wallets, one wallet under two
payees, changed names, new payees, payees no longer paid and amounts moved by
more than 20%; every change is written to <report>.changes.csv, e.g.
payrun-out/payroll-2026-11.csv.check.changes.csv. The ledger is only read.
The verdict (VALID, INVALID, HELD or NOT VALID under --strict) is the last line.

Repeats: as submit does, check holds every row paid (or maybe paid) under
another batch label within --repeat-window (20days by default), naming the
batch, tradeNo and date; a held row is a batch error (exit 2), as
submit --dry-run exits, and when held rows are the only errors the verdict
is HELD, naming the ways to go on. The sheet is checked as a new label's unless --batch
names the batch it is for. --allow-repeat-payment, or yes in a row's repeat
column, pays the repeat.

Rows hidden in the workbook (by hand, in a collapsed group, by an AutoFilter,
or too low to read), and cells that show nothing (;;;, white or faint text, a
conditional format, a merged cell over them), are never paid without a word:
one that would be a payout refuses the sheet, naming each row, until it is
made visible and deleted, or --include-hidden-rows says to pay it. .xlsx,
.xlsm, .ods and .xls; see docs/sheets.md. A row struck through (Ctrl+5)
usually means cancelled: a struck-through cell payrun reads refuses its row,
and no flag pays it; delete the row, or clear the strikethrough.

A column that says whether a row is paid (Status: Cancelled or Hold, Pay?,
Send? or Eligible: No, Include: N, Paid: Yes, Paid On: a date, TrxID: an id,
a remark \"do not pay\") refuses each row it marks, naming the column and
the value: delete the row, clear the cell, or pass --pay-despite COLUMN to
read the column as information. A Payment Date the same on every row is the
plan; dated on some rows only, it records payments made. See docs/sheets.md.

Exit codes: 0 the sheet is valid (warnings allowed unless --strict);
2 invalid rows, a row held as a repeat, a hidden payee row, a control-total mismatch, or an unreadable sheet.";
