//! The sign-off block as a whole, laid out across the sheet: a row of
//! signature lines (`_____________`), the labels (`Prepared by | Checked by
//! | Approved by`), and under them the names, the titles (`Managing
//! Director`, often under the amount column) and the dates of those who
//! sign. `sign_off.rs` reads the label row; this reads the rest of the
//! block around it.
//!
//! The block runs from its first line or label row down to a blank row or
//! the end of the sheet, every row of it one that cannot pay
//! ([`cannot_pay`]: no wallet number and no amount). Its rows are skipped
//! with a note. A row that can pay ends it and stays a row: a payee typed
//! inside or under the block is refused (`validate/after_total.rs`), since
//! whoever signed did not see it. A line row counts only right over a label
//! row, with nothing but more line rows between. Only rows of one chunk of
//! the sheet are looked at together: a block split between two chunks (16k
//! rows apart) is read in part, and its rows past the split are refused, as
//! every row of such a block was before.

use super::sign_off::{cannot_pay, sign_off_label};
use super::table::{RowTable, RowView};
use super::totals::is_blank;

/// Characters a signature line is drawn with.
const RULE: [char; 7] = ['_', '-', '–', '—', '.', '…', '='];

/// The fewest of them that make a line.
const RULE_MIN: usize = 3;

/// A sign-off block being read: its label row, and its last row so far.
#[derive(Debug, Clone)]
pub(super) struct Block {
    pub(super) label_row: usize,
    pub(super) label: String,
    pub(super) last: usize,
}

impl Block {
    /// Whether row `r` goes on the block: right under its last row, and it
    /// cannot pay.
    pub(super) fn takes(&self, r: &RowView<'_>, wallet: usize, amount: Option<usize>) -> bool {
        r.number() == self.last + 1 && cannot_pay(r, wallet, amount)
    }

    /// The note for row `r`, a row of the block under its label row.
    pub(super) fn note(&self, r: &RowView<'_>) -> String {
        format!(
            "row {} skipped: part of the sign-off block of row {} ({}): the names, titles, dates \
             or lines of those who sign, not a payout",
            r.number(),
            self.label_row,
            super::quoted(&self.label),
        )
    }
}

/// Whether `text` is a line drawn to sign on: [`RULE_MIN`] or more rule
/// characters and nothing else but spaces.
fn is_rule_line(text: &str) -> bool {
    let mut n = 0usize;
    for c in text.chars() {
        if RULE.contains(&c) {
            n += 1;
        } else if !c.is_whitespace() {
            return false;
        }
    }
    n >= RULE_MIN
}

/// Whether every filled cell of `r` is a signature line (at least one).
fn is_line_row(r: &RowView<'_>) -> bool {
    let mut filled = (0..r.len()).map(|c| r.text(c)).filter(|t| !is_blank(t));
    let first = filled.next();
    first.is_some_and(is_rule_line) && filled.all(is_rule_line)
}

/// The label row that row `i` of `rows` is a signature line over: `i` and
/// any rows between it and the label row are line rows that cannot pay,
/// one right under the other, and the row under them is a sign-off row.
/// Returns that row's number.
pub(super) fn lines_over(
    rows: &RowTable,
    i: usize,
    wallet: usize,
    amount: Option<usize>,
) -> Option<usize> {
    let r = rows.row(i)?;
    if !is_line_row(&r) || !cannot_pay(&r, wallet, amount) {
        return None;
    }
    let mut above = r.number();
    // Each step moves one row down; it stops at the first row that is no line.
    for j in i + 1..rows.len() {
        let next = rows.row(j)?;
        if next.number() != above + 1 {
            return None;
        }
        if !(is_line_row(&next) && cannot_pay(&next, wallet, amount)) {
            return sign_off_label(&next, wallet, amount).map(|_| next.number());
        }
        above = next.number();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_line_is_a_run_of_rule_characters() {
        for line in [
            "_____________",
            "----------",
            "..........",
            " ___ ___ ",
            "=====",
            "———",
        ] {
            assert!(is_rule_line(line), "{line}");
        }
        for other in ["__", "Sumi ____", "01711111111", "-1000", "", ".."] {
            assert!(!is_rule_line(other), "{other}");
        }
    }
}
