//! Raw rows to payouts, or to row issues; then the batch checks (duplicates,
//! control totals) and the batch digest that approvals bind to.
//!
//! Per-row rules run in parallel (rayon) in bounded chunks, so a million-row
//! sheet never holds a second full copy of itself in flight.

mod batch;
mod digest;
mod hidden;
mod row;
mod row_ids;
mod split;
mod stated;
#[cfg(test)]
mod tests;
mod types;

pub use digest::validated_digest;
pub use types::{InvalidRow, Payout, RowIssue, Severity};

use crate::config::{Ctx, keys};
use crate::fields::ColumnOverride;
use crate::intake::{self, IntakeError, Layout, ReadOptions, RowTable, SheetInfo};
use crate::money::Amount;
use crate::wallet::Provider;
use rayon::prelude::*;
use std::path::Path;

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
    /// The sheet's name as the user gave it, for messages.
    pub file_name: String,
    /// SHA-256 of the input file's bytes, lower-case hex.
    pub file_sha256: String,
    /// Data rows read (title rows, header and fully empty rows not counted).
    pub rows_read: usize,
    /// Valid rows, in sheet order.
    pub payouts: Vec<Payout>,
    /// Refused rows, in sheet order, each with its reasons.
    pub invalid: Vec<InvalidRow>,
    /// Every row issue, warnings included, sorted by row.
    pub issues: Vec<RowIssue>,
    /// Problems of the batch as a whole (control totals).
    pub batch_errors: Vec<String>,
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
}

/// Totals for one provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProviderTotal {
    pub provider: Provider,
    pub count: usize,
    pub total: Amount,
}

impl Validated {
    /// Valid rows that carry a warning.
    pub fn warned(&self) -> usize {
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
        Amount::checked_sum(self.payouts.iter().map(|p| p.amount))
    }

    /// Count and sum per provider, in [`Provider::ALL`] order.
    pub fn by_provider(&self) -> Vec<ProviderTotal> {
        Provider::ALL
            .into_iter()
            .map(|provider| {
                let mine = self.payouts.iter().filter(|p| p.provider == provider);
                ProviderTotal {
                    provider,
                    count: mine.clone().count(),
                    total: Amount::checked_sum(mine.map(|p| p.amount)).unwrap_or(Amount::ZERO),
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

/// Rows per chunk: enough to keep both cores busy, small enough that a
/// chunk in flight is a sliver of a big sheet.
const CHUNK_ROWS: usize = 16 * 1024;

/// Per-row results gathered chunk by chunk.
#[derive(Default)]
struct Gathered {
    payouts: Vec<Payout>,
    invalid: Vec<InvalidRow>,
    issues: Vec<RowIssue>,
}

/// One chunk of raw rows with the verdicts the row checks gave them, in
/// sheet order. The batch checks come later and may still change a verdict
/// (see [`Validated::batch_flagged_rows`]).
pub struct ChunkVerdicts<'a> {
    pub layout: &'a Layout,
    pub rows: &'a RowTable,
    pub payouts: &'a [Payout],
    pub invalid: &'a [InvalidRow],
    pub issues: &'a [RowIssue],
}

/// A chunk validated and gathered, waiting to be shown to the caller.
struct Shown {
    layout: Layout,
    rows: RowTable,
    /// Where the chunk's verdicts start in each gathered list.
    starts: (usize, usize, usize),
}

/// What the caller sees of each chunk; `Send` so that showing one chunk can
/// run while the next is validated.
pub type OnChunk<'f> = dyn FnMut(&ChunkVerdicts<'_>) + Send + 'f;

impl Gathered {
    /// Validates one chunk in parallel.
    fn check(layout: &Layout, rows: &RowTable, opts: &CheckOptions) -> Vec<row::Outcome> {
        (0..rows.len())
            .into_par_iter()
            .filter_map(|i| rows.row(i))
            .map(|r| row::check_row(layout, r, opts))
            .collect()
    }

    /// Appends a chunk's outcomes in sheet order; returns where they start.
    fn append(&mut self, outcomes: Vec<row::Outcome>) -> (usize, usize, usize) {
        let starts = (self.payouts.len(), self.invalid.len(), self.issues.len());
        self.payouts.reserve(outcomes.len());
        for o in outcomes {
            match o {
                row::Outcome::Valid(p, row_issues) => {
                    self.issues.extend(row_issues);
                    self.payouts.push(p);
                }
                row::Outcome::Invalid(inv) => {
                    self.issues.extend(inv.issues.iter().cloned());
                    self.invalid.push(*inv);
                }
            }
        }
        starts
    }

    /// Shows a gathered chunk with its verdicts to `on_chunk`.
    fn show(&self, chunk: &Shown, on_chunk: &mut OnChunk<'_>) {
        let (p0, i0, s0) = chunk.starts;
        on_chunk(&ChunkVerdicts {
            layout: &chunk.layout,
            rows: &chunk.rows,
            payouts: self.payouts.get(p0..).unwrap_or(&[]),
            invalid: self.invalid.get(i0..).unwrap_or(&[]),
            issues: self.issues.get(s0..).unwrap_or(&[]),
        });
    }

    /// Validates `rows` while the previous chunk is shown to `on_chunk`,
    /// then gathers them and returns them as the next chunk to show.
    fn add(
        &mut self,
        layout: Layout,
        rows: RowTable,
        opts: &CheckOptions,
        previous: Option<Shown>,
        on_chunk: &mut OnChunk<'_>,
    ) -> Shown {
        let (outcomes, ()) = rayon::join(
            || Gathered::check(&layout, &rows, opts),
            || {
                if let Some(prev) = &previous {
                    self.show(prev, on_chunk);
                }
            },
        );
        let starts = self.append(outcomes);
        Shown {
            layout,
            rows,
            starts,
        }
    }
}

/// Reads and validates a sheet. `check` prints the result; `submit` pays it.
///
/// Reading runs on its own thread and hands chunks of rows to the
/// validator, which checks each chunk in parallel; only the verdicts are kept.
pub fn validate_file(path: &Path, opts: &CheckOptions) -> Result<Validated, IntakeError> {
    validate_file_with(path, opts, &mut |_| {})
}

/// [`validate_file`], showing each chunk of raw rows with its verdicts to
/// `on_chunk` as it is validated, so a caller can stream a row-by-row
/// report without the sheet being read twice or held whole.
pub fn validate_file_with(
    path: &Path,
    opts: &CheckOptions,
    on_chunk: &mut OnChunk<'_>,
) -> Result<Validated, IntakeError> {
    let read_opts = ReadOptions {
        sheet: opts.sheet.clone(),
        maps: opts.maps.clone(),
        allow_xls_unchecked: opts.allow_xls_unchecked,
        provider: opts.provider,
    };
    let mut gathered = Gathered::default();
    let (tx, rx) = std::sync::mpsc::sync_channel::<(Layout, RowTable)>(2);
    let read = std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut send = |layout: &Layout, rows: RowTable| {
                // The receiver only goes away if validation stopped; then
                // there is nobody left to tell.
                let _ = tx.send((layout.clone(), rows));
            };
            intake::read_sheet_chunked(path, &read_opts, CHUNK_ROWS, &mut send)
        });
        let mut previous = None;
        for (layout, rows) in rx {
            previous = Some(gathered.add(layout, rows, opts, previous, on_chunk));
        }
        if let Some(last) = &previous {
            gathered.show(last, on_chunk);
        }
        reader.join()
    });
    let sheet = match read {
        Ok(result) => result?,
        Err(_) => {
            return Err(IntakeError::Unreadable {
                path: path.display().to_string(),
                message: "the sheet reader stopped unexpectedly; please report this".into(),
            });
        }
    };
    Ok(finish(sheet, gathered, opts))
}

/// The batch checks and the digest, once every row has its verdict.
fn finish(sheet: SheetInfo, g: Gathered, opts: &CheckOptions) -> Validated {
    let mut v = Validated {
        file_name: sheet.file_name.clone(),
        file_sha256: sheet.file_sha256.clone(),
        rows_read: sheet.data_rows,
        payouts: g.payouts,
        invalid: g.invalid,
        issues: g.issues,
        batch_errors: Vec::new(),
        batch_flagged_rows: Vec::new(),
        digest: String::new(),
        sheet,
    };
    batch::check_duplicates(&mut v);
    hidden::check_hidden(&mut v, opts);
    batch::check_control_totals(&mut v, opts);
    stated::check_stated_totals(&mut v);
    v.payouts.shrink_to_fit();
    v.issues.sort_by_key(|i| i.row);
    v.digest = validated_digest(&v.payouts, opts.provider);
    v
}
