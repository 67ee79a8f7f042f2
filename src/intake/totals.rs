//! Rows that are not payouts and say so themselves: totals and subtotal
//! rows (`Total`, `Grand Total`, `মোট`), the header repeated further down
//! (two exports pasted into one sheet), and the sign-off block under the
//! table (`Prepared by`, `Approved by`).
//!
//! Finance sheets end with a totals row, and department sheets have subtotals
//! in the middle. Such a row is not a payout, and paying it would pay the sum
//! of the sheet a second time to nobody in particular. A row is left out only
//! when it says so itself: one of its cells is a totals label, and its wallet
//! and provider cells are blank (or hold that label). Such a row could never
//! be paid anyway, so leaving it out cannot pay anything; it is reported as a
//! note naming the row, so the user sees it happen. A row with only an
//! amount and no label is still refused by the validator: it might be a payee
//! whose details were forgotten.

use super::areas::SheetTable;
use super::sign_off::{in_words_label, sign_off_label};
use super::table::{RowTable, RowView};
use super::{CellKind, Layout, forward, quoted, summary};
use crate::fields::{Field, fold};
use crate::wallet::Provider;

/// How many skipped rows are named one by one.
pub(super) const MAX_NOTES: usize = 20;

/// Labels (folded: lower case, letters and digits only) that mark a totals row.
const TOTAL_LABELS: [&str; 16] = [
    "total",
    "totals",
    "grandtotal",
    "subtotal",
    "totalamount",
    "totalbdt",
    "totaltk",
    "totaltaka",
    "totalpayable",
    "nettotal",
    "sum",
    "মোট",
    "সর্বমোট",
    "উপমোট",
    "মোটটাকা",
    "সর্বমোটটাকা",
];

/// Starts of a totals label that may go on to name the group:
/// `Sub Total (Sewing)`, `Total for Finishing`, `মোট (সেলাই)`.
const TOTAL_STARTS: [&str; 6] = ["total", "subtotal", "grandtotal", "মোট", "সর্বমোট", "উপমোট"];

/// Ends of a totals label that names its group first: Excel's Data >
/// Subtotal writes `Sewing Total` (or `bKash Total` in the Provider column)
/// above `Grand Total`; `Department Total`, `Page Total`, `সেলাই মোট`. A
/// payee whose name ends so is still a payee: a totals row has no wallet
/// and no provider.
const TOTAL_ENDS: [&str; 2] = ["total", "মোট"];

pub(super) fn is_total_label(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.len() > 80 {
        return false;
    }
    let f = fold(t);
    TOTAL_LABELS.contains(&f.as_str())
        || TOTAL_STARTS.iter().any(|s| f.starts_with(s))
        || TOTAL_ENDS.iter().any(|s| f.ends_with(s))
}

/// `B "Name"`, or just `B` when the header cell is blank.
fn column_name(layout: &Layout, col: usize) -> String {
    let letter = super::column_letter(col);
    match layout.headers.get(col).map(|h| h.trim()) {
        Some(h) if !h.is_empty() => format!("{letter} {}", quoted(h)),
        _ => letter,
    }
}

/// Whether a row is the header again: its wallet and provider cells hold
/// their headers, and every other non-blank cell holds its own column's header.
fn repeats_header(layout: &Layout, r: &RowView<'_>, must: &[usize]) -> bool {
    // The header's own name, or another name of the same field: a
    // bilingual sheet's Bengali header under its English one (`টাকা`
    // under `Amount`).
    let same = |c: usize| {
        let h = layout.headers.get(c).map_or("", |h| h.trim());
        let t = r.text(c).trim();
        t == h
            || Field::named(&fold(t))
                .is_some_and(|f| !t.is_empty() && layout.columns.field_of(c) == Some(f))
    };
    must.iter()
        .all(|c| layout.headers.get(*c).is_some_and(|h| !h.trim().is_empty()) && same(*c))
        && (0..r.len()).all(|c| is_blank(r.text(c)) || same(c))
}

pub(super) fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}'))
}

/// A totals row as the sheet states it, kept so the validator can compare it
/// with the rows above: a sheet's own total is a control total its author
/// already wrote, and a mismatch means a row is missing, changed or extra.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedTotal {
    /// The row number as the user sees it.
    pub row: usize,
    /// The label as written (`Grand Total`, `Sub Total (Sewing)`).
    pub label: String,
    /// The amount cell as written; empty when the row has none.
    pub amount: String,
    /// The text cells right after the amount cell (at most
    /// [`CELLS_AFTER_TOTAL`]): in a CSV, `13,500` written without quotes
    /// leaves `500` there, and the validator reads the total whole.
    pub after: Vec<String>,
    /// What the row states: a total, a page's running sum, a sign-off, or
    /// a row of a summary by provider.
    pub kind: TotalKind,
}

/// What a row left out of the payees states, for validate to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TotalKind {
    /// A totals or subtotal row: the sum of a block of rows.
    Total,
    /// `Carried forward` at a page's foot: the sum of every row above it.
    CarriedForward,
    /// `Brought forward` at a page's head: the figure carried forward.
    BroughtForward,
    /// A sign-off row (`Prepared by`); `amount` is empty. Payee rows under
    /// it were added after whoever signed saw the sheet.
    SignOff,
    /// A row of a summary by provider under the table: the provider it
    /// names (`None` for the summary's own total) and its count cell as
    /// written, if it has a count column.
    Summary {
        provider: Option<Provider>,
        count: Option<String>,
    },
}

/// More than a split number can leave after its first piece.
const CELLS_AFTER_TOTAL: usize = 8;

/// Removes totals rows from `rows`, records each in `stated`, and returns a
/// note for each row removed. A row of an Excel table's totals row (in
/// `tables`) is one whatever its cells say, when its wallet and provider
/// cells are blank or labels: Excel's totals row often has no label, or
/// one in a column payrun does not read.
pub(super) fn skip_totals_rows(
    layout: &Layout,
    rows: &mut RowTable,
    stated: &mut Vec<StatedTotal>,
    tables: &[SheetTable],
) -> Vec<String> {
    let cols = &layout.columns;
    let Some(wallet) = cols.get(Field::Wallet) else {
        return Vec::new();
    };
    // A sheet whose header names its provider (`bKash Number`) has no
    // provider column: the wallet cell alone says whether a row pays.
    let provider = cols.get(Field::Provider);
    let must: Vec<usize> = [Some(wallet), provider].into_iter().flatten().collect();
    let mut notes = Vec::new();
    let mut keep = Vec::with_capacity(rows.len());
    let header_has_digit = layout.headers.get(wallet).is_some_and(|h| has_digit(h));
    // Rows of a summary by provider still to leave out.
    let mut in_summary = 0usize;
    for (i, r) in rows.iter().enumerate() {
        if in_summary > 0 {
            in_summary -= 1;
            keep.push(false);
            continue;
        }
        // The fast path for nearly every row: a wallet cell with digits and
        // no letter in it is a payee (good or bad), never a label to skip.
        if !header_has_digit && has_digit(r.text(wallet)) && !has_letter(r.text(wallet)) {
            keep.push(true);
            continue;
        }
        if let Some(s) = summary::at(rows, i, stated, is_blank, is_total_label) {
            notes.push(s.note);
            stated.extend(s.stated);
            in_summary = s.len.saturating_sub(1);
            keep.push(false);
            continue;
        }
        let table = tables.iter().find(|t| t.is_totals_row(r.number()));
        match skipped(layout, &r, &must, (wallet, provider), table) {
            Some((note, total)) => {
                notes.push(note);
                stated.extend(total);
                keep.push(false);
            }
            None => keep.push(true),
        }
    }
    if keep.iter().all(|k| *k) {
        return notes;
    }
    *rows = kept_rows(rows, &keep);
    notes
}

/// A letter in a wallet cell (`Ext 1234`, `Date: 30/11`): no wallet number,
/// so the row is looked at as a label row may be.
fn has_letter(t: &str) -> bool {
    t.chars().any(char::is_alphabetic)
}

fn has_digit(t: &str) -> bool {
    t.chars()
        .any(|c| c.is_ascii_digit() || ('০'..='৯').contains(&c))
}

/// Why row `r` is no payout (a repeated header, a sign-off row, a totals
/// row: the note), and the total it states; `None` for a row to keep.
fn skipped(
    layout: &Layout,
    r: &RowView<'_>,
    must: &[usize],
    (wallet, provider): (usize, Option<usize>),
    table: Option<&SheetTable>,
) -> Option<(String, Option<StatedTotal>)> {
    let cols = &layout.columns;
    let empty_or_label = |c: usize| {
        let t = r.text(c);
        is_blank(t) || is_total_label(t)
    };
    if repeats_header(layout, r, must) {
        let note = format!(
            "row {} skipped: it repeats the header of row {} (two exports pasted together?), not a payout",
            r.number(),
            layout.header_row
        );
        return Some((note, None));
    }
    if let Some(first) = sign_off_label(r, wallet, cols.get(Field::Amount)) {
        let note = format!(
            "row {} skipped: a sign-off row ({} in column {}), not a payout",
            r.number(),
            quoted(r.text(first).trim()),
            column_name(layout, first),
        );
        let sign_off = StatedTotal {
            row: r.number(),
            label: r.text(first).trim().to_string(),
            amount: String::new(),
            after: Vec::new(),
            kind: TotalKind::SignOff,
        };
        return Some((note, Some(sign_off)));
    }
    if let Some(c) = in_words_label(r, wallet, cols.get(Field::Amount)) {
        let note = format!(
            "row {} skipped: the amount in words ({} in column {}), not a payout",
            r.number(),
            quoted(r.text(c).trim()),
            column_name(layout, c),
        );
        return Some((note, None));
    }
    if let Some((c, kind)) = forward::page_total(layout, r, is_blank) {
        return Some(page_total(layout, r, c, kind));
    }
    let col = (0..r.len()).find(|c| is_total_label(r.text(*c)));
    if (col.is_none() && table.is_none())
        || !(empty_or_label(wallet) && provider.is_none_or(empty_or_label))
    {
        return None;
    }
    let amount = cols
        .get(Field::Amount)
        .map(|c| r.text(c).trim())
        .filter(|t| !t.is_empty())
        .map(|t| format!(", amount {}", quoted(t)))
        .unwrap_or_default();
    let (what, label, fix) = described(layout, r, table, col, &amount)?;
    let note = format!("row {} skipped: {what}, not a payout; {fix}", r.number());
    let amount_col = cols.get(Field::Amount);
    let total = StatedTotal {
        row: r.number(),
        label,
        amount: amount_col
            .map(|c| r.text(c).trim().to_string())
            .unwrap_or_default(),
        after: cells_after(layout, r),
        kind: TotalKind::Total,
    };
    Some((note, Some(total)))
}

/// The text cells right after row `r`'s amount cell: the rest of an amount
/// split by an unquoted comma.
fn cells_after(layout: &Layout, r: &RowView<'_>) -> Vec<String> {
    layout
        .columns
        .get(Field::Amount)
        .map_or_else(Vec::new, |a| {
            (a + 1..=a + CELLS_AFTER_TOTAL)
                .map_while(|c| r.cell(c).filter(|cell| cell.kind == CellKind::Text))
                .map(|cell| cell.text.trim().to_string())
                .collect()
        })
}

/// A page total (`Carried forward`, `Brought forward`) with its label in
/// column `c`: the note, and the running sum it states.
fn page_total(
    layout: &Layout,
    r: &RowView<'_>,
    c: usize,
    kind: TotalKind,
) -> (String, Option<StatedTotal>) {
    let amount = layout
        .columns
        .get(Field::Amount)
        .map_or("", |a| r.text(a).trim());
    // A brought-forward figure is checked against the one carried forward
    // before it as well (`validate/forward.rs`), and a row between the two
    // is refused: the note says both.
    let (what, against) = match kind {
        TotalKind::BroughtForward => (
            "a brought-forward page total",
            "the payee rows above it and the figure carried forward before it, if any",
        ),
        _ => ("a carried-forward page total", "the payee rows above it"),
    };
    let note = format!(
        "row {} skipped: {what} ({} in column {}, amount {}), not a payout; checked against \
         {against}",
        r.number(),
        quoted(r.text(c).trim()),
        column_name(layout, c),
        quoted(amount),
    );
    let total = StatedTotal {
        row: r.number(),
        label: r.text(c).trim().to_string(),
        amount: amount.to_string(),
        after: cells_after(layout, r),
        kind,
    };
    (note, Some(total))
}

/// What a totals row is (the note's words), its label for the stated
/// total, and what to do if it is meant to be paid: a table's totals row
/// by its table, any other by its label in column `col`.
fn described(
    layout: &Layout,
    r: &RowView<'_>,
    table: Option<&SheetTable>,
    col: Option<usize>,
    amount: &str,
) -> Option<(String, String, &'static str)> {
    let label = |c: usize| r.text(c).trim().to_string();
    Some(match (table, col) {
        (Some(t), _) => (
            format!(
                "the totals row of Excel table {} ({}{amount})",
                quoted(&t.name),
                t.text
            ),
            col.map_or_else(|| format!("Total of table {}", t.name), label),
            "a table's totals row is never paid: if it is meant to be paid, move it into the table's rows above its totals row",
        ),
        (None, Some(c)) => (
            format!(
                "a totals row ({} in column {}{amount})",
                quoted(&label(c)),
                column_name(layout, c)
            ),
            label(c),
            "if it is meant to be paid, give it a wallet and a provider",
        ),
        (None, None) => return None,
    })
}

/// The rows of `rows` whose `keep` is true.
fn kept_rows(rows: &RowTable, keep: &[bool]) -> RowTable {
    let mut kept = RowTable::new();
    for (r, k) in rows.iter().zip(keep) {
        if *k {
            kept.begin_row(r.number());
            for c in r.cells() {
                kept.push_cell(c.text, c.kind);
            }
        }
    }
    kept.end_row();
    kept
}
