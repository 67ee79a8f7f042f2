//! The sheet's own totals rows as control totals.
//!
//! Intake leaves totals rows out (they are not payouts) and hands them on as
//! [`crate::intake::StatedTotal`]s. A total the sheet's author wrote is a check they already
//! made: if no run of payee rows adds up to it, a row is missing, changed or
//! extra, or the total is stale, and paying the sheet as it is would pay
//! something other than what was approved. That is a batch error.
//!
//! A totals row may sum the block since the previous totals row (a
//! subtotal), or everything above it (a grand total), or, placed under the
//! header, everything below it or its own block below. Any of those matching
//! is a match. Every figure counts as Excel's `SUM` counts it: a zero, a
//! dash (an accounting format's zero), an empty cell and a negative amount
//! included, though those rows are refused as payouts. Only a cell that is
//! not a figure at all ("five hundred") makes the comparison unknown rather
//! than wrong, with a note that is never suppressed.
//!
//! A workbook's amount stored as text (`'25,000`) is read and would be
//! paid, but a `SUM` skips it. A total that matches only with those rows
//! left out is refused naming them (`text_amounts.rs`), and any other
//! mismatch with text amounts near it names them first.

use super::Validated;
use super::text_amounts::TextAmounts;
use crate::intake::{Note, StatedTotal, TotalKind};
use crate::money::Amount;

/// Beyond this many totals rows the comparison is skipped (with a note): a
/// sheet like that is not laid out for people.
const MAX_COMPARED: usize = 100_000;

/// Compares every stated total with the rows around it: totals rows here,
/// page totals (`forward.rs`), a summary by provider (`summary.rs`), then
/// the rows after the last total or under a sign-off (`after_total.rs`).
/// Returns the payee rows a batch error refuses for where they stand.
pub(super) fn check_stated_totals(v: &mut Validated, texts: &TextAmounts) -> Vec<usize> {
    let all = std::mem::take(&mut v.sheet.stated_totals);
    if all.is_empty() {
        return Vec::new();
    }
    if all.len() > MAX_COMPARED {
        v.sheet.notes.push(Note::limit(format!(
            "{} totals rows: too many to compare with the rows; check the totals yourself",
            all.len()
        )));
        v.sheet.stated_totals = all;
        return Vec::new();
    }
    let (totals, others): (Vec<StatedTotal>, Vec<StatedTotal>) = all
        .iter()
        .cloned()
        .partition(|t| t.kind == TotalKind::Total);
    let mut held = check_totals(v, &totals, texts);
    super::forward::check_page_totals(v, &all);
    super::summary::check_summary(v, &others);
    held.extend(super::after_total::check_after_sign_off(v, &others, &held));
    v.sheet.stated_totals = all;
    held
}

/// Compares the totals rows with the rows around them; returns the rows
/// after the last one that none covers.
fn check_totals(v: &mut Validated, stated: &[StatedTotal], texts: &TextAmounts) -> Vec<usize> {
    if stated.is_empty() {
        return Vec::new();
    }
    let figures = Figures::of(v, &[]);
    let skipped = texts.skipped_by_sum();
    // The rows as a `SUM` adds them, text amounts left out.
    let summed = (!skipped.is_empty()).then(|| Figures::of(v, skipped));
    let mut matched = 0;
    // Whether a matched total covers the rows after the last totals row.
    let mut covers_end = false;
    for (i, t) in stated.iter().enumerate() {
        let stated_amount = match Amount::figure(&t.amount).filter(|_| !t.amount.is_empty()) {
            Some(a) => a,
            None => {
                v.sheet.notes.push(not_compared(t));
                continue;
            }
        };
        let prev = i
            .checked_sub(1)
            .and_then(|p| stated.get(p))
            .map_or(0, |p| p.row);
        let next = stated.get(i + 1).map_or(usize::MAX, |n| n.row);
        let above_all = figures.sum(0, t.row);
        let above_block = figures.sum(prev, t.row);
        let below_all = figures.sum(t.row, usize::MAX);
        let below_block = figures.sum(t.row, next);
        let candidates = [above_all, above_block, below_all, below_block];
        if candidates.contains(&Some(stated_amount)) {
            matched += 1;
            covers_end |= reaches_end(&candidates, stated_amount, next);
            continue;
        }
        let whole = split_whole(t);
        if let Some(w) = whole
            .as_ref()
            .filter(|w| candidates.contains(&Some(w.amount)))
        {
            v.sheet.notes.push(w.note(t));
            matched += 1;
            covers_end |= reaches_end(&candidates, w.amount, next);
            continue;
        }
        let ranges = [
            (0, t.row),
            (prev, t.row),
            (t.row, usize::MAX),
            (t.row, next),
        ];
        if let Some(&(from, to)) = summed.as_ref().and_then(|f| {
            ranges
                .iter()
                .find(|(from, to)| f.sum(*from, *to) == Some(stated_amount))
        }) {
            let paid = figures.sum(from, to);
            v.batch_errors
                .push(left_out_by_sum(t, stated_amount, texts, (from, to), paid));
            continue;
        }
        // A run with an unreadable amount may be the one that matches.
        let unknown_above = above_all.is_none() && figures.any_before(t.row);
        if unknown_above {
            v.sheet.notes.push(Note::limit(format!(
                "row {} {}: some rows above it have no readable amount, so it was not compared",
                t.row,
                crate::intake::quoted(&t.label)
            )));
            continue;
        }
        let (amount, shown) = match whole {
            Some(w) => (
                w.amount,
                format!(
                    "{}, split by an unquoted comma",
                    crate::intake::quoted(&w.pieces)
                ),
            ),
            None => (stated_amount, crate::intake::quoted(&t.amount)),
        };
        let message = mismatch(t, (amount, &shown), above_all, (prev, above_block));
        // Text amounts first: the likeliest cause, and one the rows'
        // figures do not show.
        let near = match texts.between(0, t.row) {
            [] => texts.between(t.row, next),
            above => above,
        };
        // In a CSV only the exact match above names them: a total typed
        // by hand counts every cell.
        let named_first = summed.is_some() && !near.is_empty() && !texts.in_csv();
        v.batch_errors.push(match named_first {
            true => format!(
                "{} hold{} the amount as text, which a SUM skips, so the sheet's total may leave {} out; re-enter {} as a number first. Then: {message}",
                texts.named(near),
                if near.len() == 1 { "s" } else { "" },
                if near.len() == 1 { "it" } else { "them" },
                if near.len() == 1 { "it" } else { "each" },
            ),
            false => message,
        });
    }
    if matched > 0 {
        v.sheet.notes.push(Note::info(format!(
            "{matched} totals row{} match{} the payee rows",
            if matched == 1 { "" } else { "s" },
            if matched == 1 { "es" } else { "" }
        )));
    }
    match covers_end {
        true => Vec::new(),
        false => super::after_total::check_after_last_total(v, stated),
    }
}

/// Whether a total that states `amount` covers the rows after the last
/// totals row: it sums every row below it, or it is the last total and
/// sums its block below. Believed only where the total is not also the
/// sum of rows above it: late rows that happen to add up to a grand total
/// are not that total's. (A total heading a block equal to the block
/// above it is then read as the upper block's, and the rows under it are
/// refused: a re-check, never a payment nobody saw.)
fn reaches_end(candidates: &[Option<Amount>; 4], amount: Amount, next: usize) -> bool {
    let is = |i: usize| candidates.get(i).copied().flatten() == Some(amount);
    let below = is(2) || (next == usize::MAX && is(3));
    below && !(is(0) || is(1))
}

/// A totals row's amount split by an unquoted comma (`13 | 500`).
pub(super) struct Whole {
    /// The figure its author wrote: 13,500.
    pub(super) amount: Amount,
    /// `13,500`.
    written: String,
    /// `13 | 500`.
    pieces: String,
}

impl Whole {
    /// How the total was read: a note that is never suppressed, since the
    /// cell itself says otherwise.
    pub(super) fn note(&self, t: &StatedTotal) -> Note {
        Note::limit(format!(
            "row {} {}: its amount was split by an unquoted comma into {}; read as {}, \
             as its author wrote it (write it in quotes in the CSV: {})",
            t.row,
            crate::intake::quoted(&t.label),
            self.pieces,
            self.written,
            crate::intake::quoted(&self.written),
        ))
    }
}

/// A totals row with no figure to compare.
pub(super) fn not_compared(t: &StatedTotal) -> Note {
    Note::limit(format!(
        "row {} {} has {}; it was not compared with the rows",
        t.row,
        crate::intake::quoted(&t.label),
        if t.amount.is_empty() {
            "no amount".to_string()
        } else {
            format!("no readable amount ({})", crate::intake::quoted(&t.amount))
        }
    ))
}

/// The whole figure of a totals row whose amount shows the signs of a split
/// (`Total,,,13,500` unquoted in a CSV): the author's total is 13,500, as for
/// a payee row, not the 13 left in the amount cell.
pub(super) fn split_whole(t: &StatedTotal) -> Option<Whole> {
    let pieces = super::split::split_total(&t.amount, &t.after)?;
    let written = pieces.join(",");
    Some(Whole {
        amount: Amount::figure(&written)?,
        written,
        pieces: pieces.join(" | "),
    })
}

/// Why a stated total matches no run of rows: what the rows above it add
/// up to, and (`block`: the totals row before it, if any, and the sum
/// since) the block's sum.
fn mismatch(
    t: &StatedTotal,
    (stated_amount, shown_amount): (Amount, &str),
    above_all: Option<Amount>,
    (prev, above_block): (usize, Option<Amount>),
) -> String {
    let shown = |a: Option<Amount>| a.map_or("nothing".to_string(), |a| format!("Tk {a}"));
    let block = if prev > 0 {
        format!(
            "; the rows since the totals row on row {prev} add up to {}",
            shown(above_block)
        )
    } else {
        String::new()
    };
    format!(
        "row {} says {} is Tk {stated_amount} ({shown_amount}), but the rows above it add up to {}{block}: \
         a payee row may be missing, changed or extra, or the total is out of date. \
         Check the sheet against the approved list, or delete the totals row if it is stale",
        t.row,
        crate::intake::quoted(&t.label),
        shown(above_all),
    )
}

/// A total that a `SUM` of the rows makes only with their text amounts
/// left out: the sheet shows finance and the approver a figure that does
/// not count rows payrun would pay. Refused, naming those rows.
fn left_out_by_sum(
    t: &StatedTotal,
    stated: Amount,
    texts: &TextAmounts,
    (from, to): (usize, usize),
    paid: Option<Amount>,
) -> String {
    let rows = texts.between(from, to);
    let (it, them) = match rows.len() {
        1 => ("it", "its amount"),
        _ => ("them", "each amount"),
    };
    let (holds, carries) = match rows.len() {
        1 => ("it holds", "its amount carries"),
        _ => ("they hold", "their amounts carry"),
    };
    let (why, fix) = match texts.in_csv() {
        false => (format!("{holds} the amount as text, which a SUM skips"), ""),
        true => (
            format!(
                "{carries} a currency sign or word, a grouping or digits that a spreadsheet holds \
                 as text, and a SUM skips; the total was likely made in the workbook this CSV was \
                 exported from"
            ),
            " in that workbook, export the CSV again",
        ),
    };
    format!(
        "row {} says {} is Tk {stated}, but that total leaves out {}: {why}, while payrun reads \
         {it} and would pay {}. Nothing is paid while they disagree: re-enter {them} as a number \
         (format the cells as Number and type {them} again, or use Data > Text to Columns on the \
         column) so that the total counts {it}{fix}, and check the sheet again; delete a row that \
         is not to be paid",
        t.row,
        crate::intake::quoted(&t.label),
        texts.named(rows),
        paid.map_or("them".to_string(), |p| format!("Tk {p} in all")),
    )
}

/// Every data row's figure, in row order, with prefix sums so that the sum
/// of any run of rows costs two subtractions.
pub(super) struct Figures {
    /// Zero and negative included (a row of `0` or `-` once switched the
    /// comparison off); `None` only when the cell is not a figure at all.
    amounts: Vec<(usize, Option<Amount>)>,
    /// Prefix sums, in i128: no overflow.
    prefix: Vec<i128>,
    /// Prefix counts of unreadable amounts.
    unknown: Vec<usize>,
}

impl Figures {
    /// The rows' figures; those of `left_out` (sorted by row) count as
    /// zero, as a `SUM` counts a text cell.
    pub(super) fn of(v: &Validated, left_out: &[(usize, Amount)]) -> Figures {
        let skipped = |row: usize| left_out.binary_search_by_key(&row, |(r, _)| *r).is_ok();
        let mut amounts: Vec<(usize, Option<Amount>)> = v
            .payouts
            .iter()
            .map(|p| (p.row, Some(p.amount)))
            .chain(v.invalid.iter().map(|i| (i.row, i.figure)))
            .map(|(row, a)| (row, if skipped(row) { Some(Amount::ZERO) } else { a }))
            .collect();
        amounts.sort_unstable_by_key(|(row, _)| *row);
        let mut prefix = Vec::with_capacity(amounts.len() + 1);
        let mut unknown = Vec::with_capacity(amounts.len() + 1);
        let (mut acc, mut missing) = (0i128, 0usize);
        prefix.push(acc);
        unknown.push(missing);
        for (_, a) in &amounts {
            match a {
                Some(a) => acc += i128::from(a.poisha()),
                None => missing += 1,
            }
            prefix.push(acc);
            unknown.push(missing);
        }
        Figures {
            amounts,
            prefix,
            unknown,
        }
    }

    /// The sum of the rows strictly between `from` and `to`; `None` when
    /// there are none or one has no readable amount.
    pub(super) fn sum(&self, from: usize, to: usize) -> Option<Amount> {
        let lo = self.amounts.partition_point(|(r, _)| *r <= from);
        let hi = self.amounts.partition_point(|(r, _)| *r < to);
        if hi <= lo || self.unknown.get(hi)? != self.unknown.get(lo)? {
            return None;
        }
        let total = self.prefix.get(hi)? - self.prefix.get(lo)?;
        i64::try_from(total).ok().map(Amount::from_poisha)
    }

    /// The rows strictly between `from` and `to`.
    pub(super) fn rows(&self, from: usize, to: usize) -> Vec<usize> {
        let lo = self.amounts.partition_point(|(r, _)| *r <= from);
        let hi = self.amounts.partition_point(|(r, _)| *r < to);
        self.amounts
            .get(lo..hi)
            .unwrap_or(&[])
            .iter()
            .map(|(r, _)| *r)
            .collect()
    }

    /// Whether any data row comes before `row`.
    fn any_before(&self, row: usize) -> bool {
        self.amounts.partition_point(|(r, _)| *r < row) > 0
    }
}
