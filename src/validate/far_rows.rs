//! Payee rows far below the list.
//!
//! A payee typed under a long run of empty rows (row 1,500, under 1,500
//! empty ones) is in the file, but nobody reviewing the list on screen sees
//! it, and without a totals row nothing else says it is there. Intake notes
//! every row after [`crate::intake::Gap`]'s run of empty rows (20 or more:
//! see `intake/chunker.rs` for why 20). Such a row is money to a person
//! nobody saw, so a payout in the block it starts refuses the sheet, naming
//! the rows and the gap, and each such row is refused with the same words:
//! the fix is one edit (move the rows up under the list, or delete them).
//!
//! A block that starts right under the header (the list itself, however
//! far down) is the list: nothing is above it to be seen instead. Rows
//! after the sheet's last totals row are `after_total.rs`'s, which refuses
//! them already.

use super::Validated;
use super::batch::{Loc, apply_flags};
use super::types::{RowIssue, list_rows};
use crate::money::Amount;
use crate::text::count;

/// Refuses the payouts in every block of rows that follows a long run of
/// empty rows below the list.
pub(super) fn check_far_rows(v: &mut Validated) {
    let header_row = v.sheet.layout.header_row;
    let last_total = v.sheet.stated_totals.last().map(|t| t.row);
    let gaps: Vec<_> = v
        .sheet
        .gaps
        .iter()
        .copied()
        .filter(|g| g.after != header_row)
        .collect();
    let mut flags: Vec<(Loc, RowIssue)> = Vec::new();
    for (k, gap) in gaps.iter().enumerate() {
        let end = gaps.get(k + 1).map_or(usize::MAX, |g| g.row);
        let block: Vec<(usize, usize, Amount)> = v
            .payouts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.row >= gap.row && p.row < end)
            .filter(|(_, p)| last_total.is_none_or(|t| p.row < t))
            .map(|(i, p)| (i, p.row, p.amount))
            .collect();
        if block.is_empty() {
            continue;
        }
        let rows: Vec<usize> = block.iter().map(|(_, r, _)| *r).collect();
        let sum = Amount::checked_sum(block.iter().map(|(_, _, a)| *a))
            .map_or_else(String::new, |s| format!(", Tk {s}"));
        let empty = format!(
            "{} empty rows (rows {}-{})",
            gap.row - gap.after - 1,
            gap.after + 1,
            gap.row - 1
        );
        let (it, it_belongs, it_stands) = match rows.len() {
            1 => ("it", "it belongs", "it stands"),
            _ => ("them", "they belong", "they stand"),
        };
        v.batch_errors.push(format!(
            "{}: {} would be paid far below the list ({}{sum}), under {empty} after row {}: nobody reviewing the list on screen sees {it}. If {it_belongs} in this payroll, delete the empty rows so {it_stands} with the list; if not, delete {it}; then check again",
            v.file_name,
            count(rows.len() as u64, "payout", "payouts"),
            list_rows(&rows),
            gap.after,
        ));
        for (i, row, _) in block {
            flags.push((
                Loc::Payout(i),
                RowIssue::row_error(
                    row,
                    format!(
                        "is far below the list, under {empty}: delete the empty rows if it belongs in this payroll, or delete the row"
                    ),
                ),
            ));
        }
    }
    apply_flags(v, flags);
}
