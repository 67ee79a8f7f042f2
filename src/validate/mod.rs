//! Raw rows to payouts, or to row issues; then the batch checks (duplicates,
//! control totals) and the batch digest that approvals bind to.
//!
//! Per-row rules run in parallel (rayon) in bounded chunks, so a million-row
//! sheet never holds a second full copy of itself in flight.

mod above_header;
mod after_total;
mod batch;
mod comments;
mod counted;
mod date_words;
mod digest;
mod far_rows;
mod forward;
mod header_again;
mod header_second_row;
mod hidden;
mod instruction_cells;
mod instructions;
mod linked;
mod lone_rows;
mod lost_text;
mod merged_down;
mod outside;
mod pay_reading;
mod pay_words;
mod payable;
mod records;
mod rival;
mod row;
mod row_ids;
mod sections;
mod shown_wallet;
mod split;
mod stated;
mod stream;
mod struck;
mod summary;
#[cfg(test)]
mod tests;
mod text_amounts;
mod types;
mod units;

pub use batch::MARK_REPEAT;
pub use digest::validated_digest;
pub use stream::{ChunkVerdicts, validate_file, validate_file_counted, validate_file_with};
pub use types::{InvalidRow, Payout, RowIssue, Severity, ValidRow, list_rows};

use crate::config::{Ctx, keys};
use crate::fields::ColumnOverride;
use crate::intake::SheetInfo;
use crate::money::Amount;
use crate::wallet::Provider;

/// Everything that changes how a sheet is read and judged. `check` and
/// `submit` build it from the same flags, so both judge a sheet alike.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The worksheet to read; the first visible one when `None`.
    pub sheet: Option<String>,
    /// `--map field="Header"` overrides.
    pub maps: Vec<ColumnOverride>,
    /// Every repeated wallet is intended (`--allow-repeat`).
    pub allow_repeat: bool,
    /// Control total: the number of data rows the sheet must have.
    pub expect_rows: Option<usize>,
    /// Control total: what the valid rows must add up to.
    pub expect_total: Option<Amount>,
    /// The per-row cap for every provider without its own.
    pub max_amount: Amount,
    /// Per-provider caps that override `max_amount`.
    pub provider_caps: Vec<(Provider, Amount)>,
    /// Allow amounts with poisha (the gateway does not recommend decimals).
    pub allow_fractional: bool,
    /// Warnings fail the check too.
    pub strict: bool,
    /// Rows hidden in the workbook are read and paid like any other
    /// (`--include-hidden-rows`); without it they refuse the batch.
    pub include_hidden_rows: bool,
    /// Read an `.xls` whose hidden rows payrun cannot check
    /// (`--allow-xls-unchecked`); without it such a file is refused.
    pub allow_xls_unchecked: bool,
    /// `--provider NAME`: every row's provider, for a sheet with no provider
    /// column. Part of the validated content: it is in the digest.
    pub provider: Option<Provider>,
    /// `--pay-despite COLUMN`: columns that say whether a row is to be paid
    /// (`Status`, `Pay?`) which the user says do not decide payment; their
    /// rows are paid whatever they say, with a note.
    pub pay_despite: Vec<String>,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            sheet: None,
            maps: Vec::new(),
            allow_repeat: false,
            expect_rows: None,
            expect_total: None,
            // The settings table's defaults, as `check` with no settings.
            max_amount: keys::MAX_AMOUNT.fixed(Ctx::new("check", false)),
            provider_caps: Vec::new(),
            allow_fractional: keys::ALLOW_POISHA.fixed(Ctx::new("check", false)),
            strict: false,
            include_hidden_rows: false,
            allow_xls_unchecked: false,
            provider: None,
            pay_despite: Vec::new(),
        }
    }
}

impl CheckOptions {
    /// The per-row cap for `provider`: its own if set, else the general one.
    pub fn cap_for(&self, provider: Provider) -> Amount {
        self.provider_caps
            .iter()
            .rev()
            .find(|(p, _)| *p == provider)
            .map_or(self.max_amount, |(_, a)| *a)
    }
}

/// A validated sheet: the payouts to make, the rows refused and why, and the
/// digests that tie an approval to exactly this content.
#[derive(Debug, Clone)]
pub struct Validated {
    /// The sheet's name as the user gave it, for messages. A copy of
    /// `sheet.file_name` only because `sections.rs` (another branch's file
    /// today) still reads it here; the file's bytes (`sheet.file_sha256`) and
    /// its row count (`sheet.data_rows`) are read from `sheet` alone.
    pub file_name: String,
    /// Valid rows, in sheet order. Empty when the sheet was only counted
    /// ([`validate_file_counted`]); [`Validated::valid_count`] counts them.
    pub payouts: Vec<Payout>,
    /// Refused rows, in sheet order, each with its reasons.
    pub invalid: Vec<InvalidRow>,
    /// Every row issue, warnings included, sorted by row.
    pub issues: Vec<RowIssue>,
    /// Problems of the batch as a whole (control totals).
    pub batch_errors: Vec<String>,
    /// Of `batch_errors`, the rows held as paid under another label within
    /// the repeat window (`check` adds them): the sheet is not wrong, and
    /// the verdict says how to pay them or leave them out.
    pub held_repeats: usize,
    /// Invalid rows refused only for repeating another row's wallet without
    /// the mark that says it is intended, in sheet order: the sheet may be
    /// right, and the advice names the mark ([`MARK_REPEAT`]), not a fix.
    pub repeated_wallets: Vec<usize>,
    /// Rows whose verdict the batch checks (duplicates) changed after the
    /// row checks: anything streamed per chunk is stale for these rows.
    pub batch_flagged_rows: Vec<usize>,
    /// The order-stable digest of the validated payouts, and of the
    /// `--provider` that decided them if one did ([`validated_digest`]).
    pub digest: String,
    /// The sheet as read: its header, columns, notes, and how to read its
    /// raw cells again. The rows themselves are not kept: a report reads
    /// them again (and checks the file's SHA-256), so a million-row sheet
    /// is never held twice.
    pub sheet: SheetInfo,
    /// The counts and sums of the valid rows when they were not kept.
    tally: Option<counted::Tally>,
}

/// Totals for one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderTotal {
    pub provider: Provider,
    pub count: usize,
    pub total: Amount,
}

impl Validated {
    /// The number of valid rows (the payouts, kept or counted).
    pub fn valid_count(&self) -> usize {
        self.tally.map_or(self.payouts.len(), |t| t.valid())
    }

    /// Valid rows that carry a warning.
    pub fn warned(&self) -> usize {
        if let Some(t) = &self.tally {
            return t.warned;
        }
        let mut rows: Vec<usize> = self
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
            .map(|i| i.row)
            .collect();
        rows.dedup();
        rows.into_iter()
            .filter(|r| self.payouts.binary_search_by_key(r, |p| p.row).is_ok())
            .count()
    }

    /// The sum of the valid rows. `None` only on overflow, which the batch
    /// checks already report.
    pub fn total(&self) -> Option<Amount> {
        match &self.tally {
            Some(t) => t.total,
            None => Amount::checked_sum(self.payouts.iter().map(|p| p.amount)),
        }
    }

    /// Count and sum per provider, in [`Provider::ALL`] order.
    pub fn by_provider(&self) -> Vec<ProviderTotal> {
        Provider::ALL
            .into_iter()
            .enumerate()
            .map(|(i, provider)| match &self.tally {
                Some(t) => ProviderTotal {
                    provider,
                    count: t.count.get(i).copied().unwrap_or(0),
                    total: t.sum.get(i).copied().flatten().unwrap_or(Amount::ZERO),
                },
                None => {
                    let mine = self.payouts.iter().filter(|p| p.provider == provider);
                    ProviderTotal {
                        provider,
                        count: mine.clone().count(),
                        total: Amount::checked_sum(mine.map(|p| p.amount)).unwrap_or(Amount::ZERO),
                    }
                }
            })
            .collect()
    }

    /// Whether the sheet may be paid: no invalid row, no batch error, and
    /// under `strict`, no warning either.
    pub fn passes(&self, strict: bool) -> bool {
        self.invalid.is_empty() && self.batch_errors.is_empty() && !(strict && self.warned() > 0)
    }
}

/// The batch checks and the digest, once every row has its verdict. A
/// counted sheet reaches here only when no batch check can refuse one of
/// its valid rows ([`counted::Counted::needs_rows`]), so the checks run on
/// its invalid rows alone and change nothing they did not count.
fn finish(sheet: SheetInfo, g: stream::Gathered, opts: &CheckOptions) -> Validated {
    let (tally, lines) = match g.counted {
        Some(c) => (Some(c.tally), Some(c.lines)),
        None => (None, None),
    };
    let dates = g.dates;
    let text_amounts = g.text_amounts;
    let headers_again = g.headers_again;
    let mut v = Validated {
        file_name: sheet.file_name.clone(),
        payouts: g.payouts,
        invalid: g.invalid,
        issues: g.issues,
        batch_errors: Vec::new(),
        held_repeats: 0,
        repeated_wallets: Vec::new(),
        batch_flagged_rows: Vec::new(),
        digest: String::new(),
        sheet,
        tally,
    };
    header_again::refuse(&mut v, &headers_again);
    batch::check_duplicates(&mut v);
    lost_text::check_headers(&mut v);
    hidden::check_hidden(&mut v, opts);
    units::check_units(&mut v);
    shown_wallet::check_wallets_shown(&mut v);
    outside::refuse_totals_rows(&mut v);
    comments::check_comments(&mut v);
    linked::note_linked(&mut v);
    sections::check_sections(&mut v);
    after_total::check_notes_under_total(&mut v);
    above_header::check_above(&mut v);
    struck::check_struck(&mut v);
    dates.judge(&mut v, opts);
    batch::check_control_totals(&mut v, opts);
    let held = stated::check_stated_totals(&mut v, &text_amounts);
    outside::note_outside(&mut v, &held);
    far_rows::check_far_rows(&mut v);
    instructions::note_instructions(&mut v, opts);
    batch::keep_repeat_only(&mut v);
    v.payouts.shrink_to_fit();
    v.issues.sort_by_key(|i| i.row);
    v.digest = match lines {
        Some(lines) => {
            digest::with_provider_flag(digest::digest_of_line_hashes(lines), opts.provider)
        }
        None => validated_digest(&v.payouts, opts.provider),
    };
    v
}
