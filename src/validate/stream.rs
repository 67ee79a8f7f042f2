//! A sheet validated as it streams past: a reader thread parses chunks of
//! rows, each chunk is checked in parallel while the previous one is shown
//! to the caller (who writes the row-result file), and only the verdicts
//! are kept, or, when counting ([`validate_file_counted`]), only what the
//! summary, the digest and the duplicate checks need.

use super::counted::{Counted, Kept};
use super::records::PaymentDates;
use super::text_amounts::TextAmounts;
use super::{CheckOptions, InvalidRow, Payout, RowIssue, Severity, ValidRow, Validated, row};
use crate::intake::{self, IntakeError, Layout, ReadOptions, RowTable, SheetInfo};
use rayon::prelude::*;
use std::path::Path;

/// Rows per chunk: enough to keep both cores busy, small enough that a
/// chunk in flight is a sliver of a big sheet.
const CHUNK_ROWS: usize = 16 * 1024;

/// One chunk of raw rows with the verdicts the row checks gave them, in
/// sheet order. The batch checks come later and may still change a verdict
/// (see [`Validated::batch_flagged_rows`]).
pub struct ChunkVerdicts<'a> {
    pub layout: &'a Layout,
    pub rows: &'a RowTable,
    /// The chunk's valid rows as the row-result file shows them.
    pub valid: &'a [ValidRow],
    pub invalid: &'a [InvalidRow],
    pub issues: &'a [RowIssue],
}

/// What the caller sees of each chunk; `Send` so that showing one chunk can
/// run while the next is validated.
pub type OnChunk<'f> = dyn FnMut(&ChunkVerdicts<'_>) + Send + 'f;

/// Per-row results gathered chunk by chunk.
pub(super) struct Gathered {
    /// Every valid row; none when counting.
    pub(super) payouts: Vec<Payout>,
    /// When counting, the valid rows of the chunk being gathered.
    valid: Vec<ValidRow>,
    pub(super) invalid: Vec<InvalidRow>,
    pub(super) issues: Vec<RowIssue>,
    /// Set when counting instead of keeping the payouts.
    pub(super) counted: Option<Counted>,
    /// How the payable rows fill each payment-date column.
    pub(super) dates: PaymentDates,
    /// The rows whose amount cell is text, which a `SUM` skips.
    pub(super) text_amounts: TextAmounts,
    /// Second headers whose columns are in another order.
    pub(super) headers_again: Vec<super::header_again::HeaderAgain>,
}

/// A chunk validated and gathered, waiting to be shown to the caller.
struct Shown {
    layout: Layout,
    rows: RowTable,
    /// Where the chunk's verdicts start in each gathered list.
    starts: (usize, usize, usize),
    /// The chunk's valid rows.
    valid: Vec<ValidRow>,
}

/// A row's verdict, and what it leaves behind when counting.
pub(super) enum Checked {
    Kept(Payout, Vec<RowIssue>),
    /// Nothing of the row is allocated: its wallet is inline.
    Counted(ValidRow, Vec<RowIssue>, Kept),
    Invalid(Box<InvalidRow>),
}

impl Gathered {
    pub(super) fn keeping() -> Gathered {
        Gathered {
            payouts: Vec::new(),
            valid: Vec::new(),
            invalid: Vec::new(),
            issues: Vec::new(),
            counted: None,
            dates: PaymentDates::default(),
            text_amounts: TextAmounts::default(),
            headers_again: Vec::new(),
        }
    }

    fn counting() -> Gathered {
        Gathered {
            counted: Some(Counted::new()),
            ..Gathered::keeping()
        }
    }

    /// Validates one chunk in parallel; when counting, each valid row's
    /// digest line and keys are computed there too.
    pub(super) fn check(
        layout: &Layout,
        rows: &RowTable,
        opts: &CheckOptions,
        counting: bool,
    ) -> Vec<Option<Checked>> {
        // Indexed all the way (no `filter_map`), so rayon collects each
        // result straight into its place instead of into lists to join.
        (0..rows.len())
            .into_par_iter()
            .map_init(
                || String::with_capacity(160),
                |line, i| {
                    let r = rows.row(i)?;
                    Some(match row::check_row(layout, r, opts) {
                        row::Outcome::Valid(draft, issues) if counting => {
                            let warned = issues.iter().any(|i| i.severity == Severity::Warning);
                            let kept = Kept::of(line, &draft, warned);
                            let shown = ValidRow::new(
                                draft.row,
                                &draft.wallet,
                                draft.provider,
                                draft.amount,
                            );
                            Checked::Counted(shown, issues, kept)
                        }
                        row::Outcome::Valid(draft, issues) => {
                            Checked::Kept(draft.into_payout(), issues)
                        }
                        row::Outcome::Invalid(inv) => Checked::Invalid(inv),
                    })
                },
            )
            .collect()
    }

    /// Appends a chunk's outcomes in sheet order; returns where they start.
    pub(super) fn append(&mut self, outcomes: Vec<Option<Checked>>) -> (usize, usize, usize) {
        let starts = (self.payouts.len(), self.invalid.len(), self.issues.len());
        self.payouts.reserve(outcomes.len());
        for o in outcomes.into_iter().flatten() {
            match o {
                Checked::Kept(p, row_issues) => {
                    self.issues.extend(row_issues);
                    self.payouts.push(p);
                }
                Checked::Counted(shown, row_issues, kept) => {
                    if let Some(c) = self.counted.as_mut() {
                        c.add_valid(kept);
                    }
                    self.issues.extend(row_issues);
                    self.valid.push(shown);
                }
                Checked::Invalid(inv) => {
                    if let Some(c) = self.counted.as_mut() {
                        c.add_invalid(&inv);
                    }
                    self.issues.extend(inv.issues.iter().cloned());
                    self.invalid.push(*inv);
                }
            }
        }
        starts
    }

    /// Shows a gathered chunk with its verdicts to `on_chunk`.
    fn show(&self, chunk: &Shown, on_chunk: &mut OnChunk<'_>) {
        let (_, i0, s0) = chunk.starts;
        on_chunk(&ChunkVerdicts {
            layout: &chunk.layout,
            rows: &chunk.rows,
            valid: &chunk.valid,
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
        let counting = self.counted.is_some();
        let (outcomes, ()) = rayon::join(
            || Gathered::check(&layout, &rows, opts, counting),
            || {
                if let Some(prev) = previous {
                    self.show(&prev, on_chunk);
                    // Freed here, beside the next chunk's checks.
                    drop(prev);
                }
            },
        );
        let starts = self.append(outcomes);
        let valid = match self.counted {
            Some(_) => std::mem::take(&mut self.valid),
            None => self
                .payouts
                .get(starts.0..)
                .unwrap_or(&[])
                .iter()
                .map(ValidRow::from)
                .collect(),
        };
        self.dates.observe(&layout, &rows, &valid);
        self.text_amounts.observe(&layout, &rows);
        super::header_again::observe(&mut self.headers_again, &layout, &rows);
        Shown {
            layout,
            rows,
            starts,
            valid,
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
    let (sheet, gathered) = stream(path, opts, Gathered::keeping(), on_chunk)?;
    Ok(super::finish(sheet, gathered, opts))
}

/// [`validate_file_with`] without keeping the payouts: the result has the
/// counts, totals, issues, invalid rows and digest of the sheet, and an
/// empty [`Validated::payouts`] ([`Validated::valid_count`] counts them).
/// `Ok(None)` when a batch check could refuse a valid row (a repeated
/// wallet or reference, a hidden row, totals rows to compare): then what
/// was shown is not final, and the caller validates again with
/// [`validate_file_with`].
pub fn validate_file_counted(
    path: &Path,
    opts: &CheckOptions,
    on_chunk: &mut OnChunk<'_>,
) -> Result<Option<Validated>, IntakeError> {
    let (sheet, mut gathered) = stream(path, opts, Gathered::counting(), on_chunk)?;
    gathered.payouts = Vec::new();
    if gathered
        .counted
        .as_mut()
        .is_none_or(|c| c.needs_rows(&sheet))
        || super::sections::any_held(&gathered.invalid)
        || gathered.dates.any_record()
        || !gathered.headers_again.is_empty()
    {
        return Ok(None);
    }
    Ok(Some(super::finish(sheet, gathered, opts)))
}

/// Streams the sheet through the row checks into `gathered`.
fn stream(
    path: &Path,
    opts: &CheckOptions,
    mut gathered: Gathered,
    on_chunk: &mut OnChunk<'_>,
) -> Result<(SheetInfo, Gathered), IntakeError> {
    let read_opts = ReadOptions {
        sheet: opts.sheet.clone(),
        maps: opts.maps.clone(),
        allow_xls_unchecked: opts.allow_xls_unchecked,
        provider: opts.provider,
    };
    gathered.text_amounts = TextAmounts::for_sheet(intake::is_workbook(path));
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
    match read {
        Ok(result) => Ok((result?, gathered)),
        Err(_) => Err(IntakeError::Unreadable {
            path: path.display().to_string(),
            message: "the sheet reader stopped unexpectedly; please report this".into(),
        }),
    }
}
