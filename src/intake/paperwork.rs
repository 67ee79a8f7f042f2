//! The paperwork around a payroll table that `totals.rs` leaves out with a
//! note, besides totals and sign-off rows: the rows right under the header
//! that describe the columns (`head_rows.rs`), the rest of a sign-off block
//! (`sign_off_block.rs`), and notes under the total (`Legend:`, `Yellow =
//! new joiner`, `* Figures as per HR`).
//!
//! A note under the total is a row of one filled cell of text, naming no
//! unit or other currency, that cannot pay (no wallet number, no amount),
//! below a totals row and below every row that can pay: a title with
//! payees under it is no note under the total, and stays a row of its own.
//! Which rows come after a note is known only once the sheet's last rows
//! are read, so notes are left out only from the sheet's last chunk; a
//! note in an earlier chunk stays a row, refused as before. Intake knows
//! no hold words: each note left out is handed on ([`AboveCell`]), and
//! validate refuses the sheet for one whose words hold rows back (`* Row 7
//! already paid`, `do not pay`), by the rule it reads a title row by
//! (`validate/after_total.rs`).

use super::head_rows::head_row;
use super::sign_off::{cannot_pay, sign_off_label};
use super::sign_off_block::{Block, lines_over};
use super::table::{RowTable, RowView};
use super::totals::{StatedTotal, TotalKind, is_blank};
use super::unit_words::{Said, said_in};
use super::{AboveCell, Layout};

/// A row that may be a note under the total: its index in the chunk, and
/// where and what it says.
struct Candidate {
    index: usize,
    cell: AboveCell,
}

/// What the skipping of one chunk's rows knows beyond the row at hand.
pub(super) struct Paperwork {
    wallet: usize,
    amount: Option<usize>,
    /// The header's width, for column numbers.
    width: usize,
    /// The row a head row may stand on next: right under the header, then
    /// right under the last head row.
    head_next: Option<usize>,
    block: Option<Block>,
    candidates: Vec<Candidate>,
}

impl Paperwork {
    pub(super) fn new(layout: &Layout, wallet: usize, amount: Option<usize>) -> Paperwork {
        Paperwork {
            wallet,
            amount,
            width: layout.headers.len(),
            head_next: Some(layout.header_row + 1),
            block: None,
            candidates: Vec::new(),
        }
    }

    /// The note for row `r` (row `i` of `rows`) when it is a head row or a
    /// row of a sign-off block already begun: looked at before anything
    /// else, as their cells may hold digits (`3`, a date) where a wallet
    /// goes.
    pub(super) fn first_look(&mut self, r: &RowView<'_>) -> Option<String> {
        let (wallet, amount) = (self.wallet, self.amount);
        if self.head_next.take() == Some(r.number())
            && let Some(h) = head_row(r, wallet, amount, self.width)
        {
            self.head_next = Some(r.number() + 1);
            return Some(format!(
                "row {} skipped: {}, not a payout",
                r.number(),
                h.what()
            ));
        }
        let block = self.block.as_mut()?;
        if !block.takes(r, wallet, amount) {
            self.block = None;
            return None;
        }
        // A label row of its own (`Checked by` under `Prepared by`) is told
        // as one, and begins the block again.
        if sign_off_label(r, wallet, amount).is_some() {
            return None;
        }
        block.last = r.number();
        Some(block.note(r))
    }

    /// The note for row `i` of `rows` when it is a line drawn over a
    /// sign-off row.
    pub(super) fn line_over_sign_off(&self, rows: &RowTable, i: usize) -> Option<String> {
        let label_row = lines_over(rows, i, self.wallet, self.amount)?;
        let r = rows.row(i)?;
        Some(format!(
            "row {} skipped: a signature line over the sign-off row {label_row}, not a payout",
            r.number()
        ))
    }

    /// Row `r` was skipped as stating `total`: a sign-off row begins a block.
    pub(super) fn skipped(&mut self, r: &RowView<'_>, total: Option<&StatedTotal>) {
        self.block = total
            .filter(|t| t.kind == TotalKind::SignOff)
            .map(|t| Block {
                label_row: r.number(),
                label: t.label.clone(),
                last: r.number(),
            });
    }

    /// Row `r`, row `i` of the chunk, is kept: noted as a candidate when it
    /// may be a note under a total of `stated`.
    pub(super) fn kept(&mut self, i: usize, r: &RowView<'_>, stated: &[StatedTotal]) {
        let n = r.number();
        if !stated
            .iter()
            .any(|t| t.kind == TotalKind::Total && t.row < n)
            || !cannot_pay(r, self.wallet, self.amount)
        {
            return;
        }
        let mut filled = (0..r.len()).filter(|c| !is_blank(r.text(*c)));
        let (Some(col), None) = (filled.next(), filled.next()) else {
            return;
        };
        let text = r.text(col).trim();
        if text.chars().any(char::is_alphabetic) && said_in(text, Said::Title).is_none() {
            self.candidates.push(Candidate {
                index: i,
                cell: AboveCell {
                    row: n,
                    col,
                    text: text.to_string(),
                },
            });
        }
    }

    /// On the sheet's last chunk: leaves out the candidates under every
    /// kept row that can pay, noting each (`name` names its column) and
    /// handing it on in `under`.
    pub(super) fn notes_under_total(
        self,
        rows: &RowTable,
        keep: &mut [bool],
        notes: &mut Vec<(usize, String)>,
        under: &mut Vec<AboveCell>,
        name: impl Fn(usize) -> String,
    ) {
        if self.candidates.is_empty() {
            return;
        }
        let is_candidate = |j: usize| {
            self.candidates
                .binary_search_by_key(&j, |c| c.index)
                .is_ok()
        };
        // From the end: the last payee is near it.
        let last_payee = (0..rows.len()).rev().find(|&j| {
            keep.get(j).copied().unwrap_or(false)
                && !is_candidate(j)
                && rows
                    .row(j)
                    .is_some_and(|r| !cannot_pay(&r, self.wallet, self.amount))
        });
        for c in self.candidates {
            if last_payee.is_some_and(|p| c.index < p) {
                continue;
            }
            if let Some(k) = keep.get_mut(c.index) {
                *k = false;
            }
            notes.push((
                c.cell.row,
                format!(
                    "row {} skipped: a note under the total ({} in column {}), not a payout",
                    c.cell.row,
                    super::quoted(&c.cell.text),
                    name(c.cell.col),
                ),
            ));
            under.push(c.cell);
        }
    }
}
