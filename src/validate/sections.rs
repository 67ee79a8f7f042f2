//! Title rows whose words hold back the rows under them.
//!
//! Finance teams split a payroll sheet with title rows: `Sewing`,
//! `Finishing`, or `On hold - do not pay this month` above the rows held
//! back, often merged across the table and in bold. A title row holds no
//! wallet, provider or amount, so it is an invalid row of its own, and
//! `--skip-invalid` would skip it and pay the rows under it: exactly the
//! rows its words hold back. So a title that says its rows are not to be
//! paid refuses the batch, naming the rows under it (and `--skip-invalid`
//! cannot skip it), until the sheet says what it means: those rows deleted
//! (not to be paid) or the title deleted or reworded (to be paid).
//!
//! The rows under a title run to the next title that holds rows back, or
//! to the end of the sheet: blank and totals rows, a department title, a
//! note row or a payee row left without a wallet inside the held block do
//! not end it. A held section is not known to end anywhere else, and
//! refusing a row that was meant to be paid costs a re-check, not money. A department title says nothing of payment: it
//! stays an invalid row of its own and the rows under it are paid as before.

use super::Validated;
use super::batch::{Loc, apply_flags};
use super::pay_reading::title_holds_back;
use super::types::{InvalidRow, RowIssue, list_rows};
use crate::intake::quoted;
use crate::money::Amount;
use crate::text::count;

/// Whether any title among `invalid` holds rows back: then a counted
/// check must keep its rows, so they can be named and refused.
pub(super) fn any_held(invalid: &[InvalidRow]) -> bool {
    invalid.iter().any(|r| {
        r.title
            .as_deref()
            .is_some_and(|t| title_holds_back(t).is_some())
    })
}

/// A title row that holds back the rows under it: its sheet row, what it
/// says, and the words that hold them back.
struct Title {
    row: usize,
    text: String,
    phrase: &'static str,
}

/// Refuses the payouts under every title that holds them back, and the
/// batch with them.
pub(super) fn check_sections(v: &mut Validated) {
    // Only titles that hold rows back: any other ends nothing.
    let mut titles: Vec<Title> = v
        .invalid
        .iter()
        .filter_map(|r| {
            let text = r.title.clone()?;
            let phrase = title_holds_back(&text)?;
            Some(Title {
                row: r.row,
                text,
                phrase,
            })
        })
        .collect();
    if titles.is_empty() {
        return;
    }
    titles.sort_by_key(|t| t.row);
    let mut flags: Vec<(Loc, RowIssue)> = Vec::new();
    for (k, title) in titles.iter().enumerate() {
        let phrase = title.phrase;
        let end = titles.get(k + 1).map_or(usize::MAX, |t| t.row);
        let under: Vec<(usize, usize, Amount)> = v
            .payouts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.row > title.row && p.row < end)
            .map(|(i, p)| (i, p.row, p.amount))
            .collect();
        if under.is_empty() {
            continue;
        }
        let rows: Vec<usize> = under.iter().map(|(_, row, _)| *row).collect();
        let sum = under
            .iter()
            .try_fold(Amount::ZERO, |s, (_, _, a)| s.checked_add(*a));
        let said = quoted(&title.text);
        let sum = sum.map_or_else(String::new, |s| format!(", Tk {s}"));
        v.batch_errors.push(format!(
            "{}: row {} reads {said}, and {} under it would be paid ({}{sum}), yet its words (\"{phrase}\") say they are not to be paid; delete those rows (and the title) if they are not to be paid, or delete or reword the title if they are, then check again",
            v.file_name,
            title.row,
            count(rows.len() as u64, "payout", "payouts"),
            list_rows(&rows),
        ));
        for (i, row, _) in under {
            flags.push((
                Loc::Payout(i),
                RowIssue::row_error(
                    row,
                    format!(
                        "is under the title on row {} ({said}), whose words (\"{phrase}\") say the rows under it are not to be paid — delete this row if it is not to be paid; if it is, delete or reword the title",
                        title.row
                    ),
                ),
            ));
        }
    }
    apply_flags(v, flags);
}
