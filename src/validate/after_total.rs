//! Payee rows after the sheet's last totals row.
//!
//! A sheet's totals are the figures finance and the approver looked at. A
//! row typed below the grand total (a late addition, under the sign-off
//! block even) is in no total the sheet shows, so no one who checked the
//! sheet by its totals saw it; and since every total still matches the rows
//! it sums, nothing else would refuse it. Such rows refuse the batch, named
//! with the total they fall outside, until the sheet says what it means:
//! the rows moved above the total and the total updated, or deleted. There
//! is no flag for it: the fix is one edit, and the approved figure must be
//! the paid one.
//!
//! The same holds for rows under a sign-off block (`Prepared by`,
//! `Approved by`) on a sheet with or without totals: whoever signed did
//! not see rows typed under their signature.
//!
//! Rows are inside a total that sums every row below it (a total placed
//! under the header), or when the last total heads its own block below;
//! `stated.rs` tells which, and calls this only when none does.

use super::Validated;
use super::types::list_rows;
use crate::intake::{StatedTotal, TotalKind, quoted};
use crate::money::Amount;

/// Refuses the batch when valid payee rows come after the last totals row
/// of `stated` (in sheet order), naming them and that total; returns them.
pub(super) fn check_after_last_total(v: &mut Validated, stated: &[StatedTotal]) -> Vec<usize> {
    let Some(last) = stated.last() else {
        return Vec::new();
    };
    let Some((numbers, sum)) = payees_after(v, last.row, &[]) else {
        return Vec::new();
    };
    let shown = match Amount::figure(&last.amount).filter(|_| !last.amount.is_empty()) {
        Some(a) => format!("Tk {a}"),
        None => "no amount".to_string(),
    };
    let one = numbers.len() == 1;
    let (comes, it, they, is) = match one {
        true => ("comes", "it", "it", "is"),
        false => ("come", "them", "they", "are"),
    };
    v.batch_errors.push(format!(
        "{} {comes} after row {} {} ({shown}), the sheet's last totals row, and {is} outside every total \
         the sheet shows: the totals finance and the approver saw do not count {it}, and payrun would \
         pay {}. Nothing is paid while {they} {is} there: move {it} above the total and update the \
         total, or delete {it} if {they} {is} not to be paid (`--skip-invalid` does not skip this)",
        list_rows(&numbers),
        last.row,
        quoted(&last.label),
        sum.map_or_else(|| format!("{it} too"), |s| format!("Tk {s} more")),
    ));
    // A total placed above its block that the rows above it also add up
    // to is read as theirs (`stated.rs`): say so, with the fix that ends
    // the doubt, rather than only that no total counts the rows.
    let heads = sum.is_some() && sum == Amount::figure(&last.amount);
    if let (true, Some(error)) = (heads, v.batch_errors.last_mut()) {
        error.push_str(&format!(
            ". Row {} also equals the rows below it: if it heads them, the rows above it add up              to it too, so it is read as their total; put each block's total under its block              instead",
            last.row
        ));
    }
    numbers
}

/// Refuses the batch when valid payee rows come after a sign-off row
/// (`Prepared by`, `Approved by`, `স্বাক্ষর`: intake's one rule for them,
/// `intake/totals.rs`) that itself comes after a data row, naming them and
/// the last such sign-off; rows in `held` (already refused as after the
/// last total) are not named again. A sign-off above every data row (a
/// cover block) signs nothing off yet. Returns the rows refused.
pub(super) fn check_after_sign_off(
    v: &mut Validated,
    stated: &[StatedTotal],
    held: &[usize],
) -> Vec<usize> {
    let mut data: Vec<usize> = v
        .payouts
        .iter()
        .map(|p| p.row)
        .chain(v.invalid.iter().map(|r| r.row))
        .collect();
    data.sort_unstable();
    let first_data = data.first().copied();
    // The last one: a printout signed at the foot of every page, or each
    // block signed, has its rows under a signature all the same.
    let signs: Vec<&StatedTotal> = stated
        .iter()
        .filter(|t| t.kind == TotalKind::SignOff && first_data.is_some_and(|d| d < t.row))
        .collect();
    let Some(last) = signs.last() else {
        return Vec::new();
    };
    // Named by the first row of its block (`Prepared by` over `Approved by`,
    // blank rows between them): no data row between two sign-off rows.
    let mut sign = *last;
    for s in signs.iter().rev().skip(1) {
        let between =
            data.partition_point(|r| *r <= s.row) < data.partition_point(|r| *r < sign.row);
        if between {
            break;
        }
        sign = s;
    }
    let Some((numbers, sum)) = payees_after(v, sign.row, held) else {
        return Vec::new();
    };
    let (comes, it, they, is, was) = match numbers.len() {
        1 => ("comes", "it", "it", "is", "was"),
        _ => ("come", "them", "they", "are", "were"),
    };
    v.batch_errors.push(format!(
        "{} {comes} after the sign-off on row {} ({}): {they} {was} added after whoever signed \
         the sheet saw it, and payrun would pay {}. Nothing is paid while {they} {is} there: \
         move {it} above the sign-off and have the sheet signed again, or delete {it} if {they} \
         {is} not to be paid (`--skip-invalid` does not skip this)",
        list_rows(&numbers),
        sign.row,
        quoted(&sign.label),
        sum.map_or_else(|| format!("{it} too"), |s| format!("Tk {s} more")),
    ));
    numbers
}

/// Refuses the batch for each note under the total that intake left out
/// (`intake/paperwork.rs`: `Legend:`, `* Figures as per HR`) whose words
/// hold rows back (`* Row 7 already paid`, `Do not pay Jamal this month`),
/// by the rule a title row is read by
/// ([`super::pay_reading::title_holds_back`]). payrun cannot tell which
/// rows such a note means, so nothing is paid while it is there, and
/// `--skip-invalid` does not skip it.
pub(super) fn check_notes_under_total(v: &mut Validated) {
    let errors: Vec<String> = v
        .sheet
        .notes_under_total
        .iter()
        .filter_map(|n| {
            let phrase = super::pay_reading::title_holds_back(&n.text)?;
            Some(format!(
                "row {} under the total reads {} (cell {}{}), and its words ({}) say rows of this \
                 sheet are not to be paid, or were paid already; payrun cannot tell which rows it \
                 means, so nothing is paid while it is there: delete the rows it means (or mark them \
                 in the sheet) and the note, or delete or reword the note if every row above is to be \
                 paid (`--skip-invalid` does not skip this)",
                n.row,
                quoted(&n.text),
                crate::intake::column_letter(n.col),
                n.row,
                quoted(phrase),
            ))
        })
        .collect();
    v.batch_errors.extend(errors);
}

/// The valid payee rows below row `after`, but those in `held`, and what
/// they add up to (`None` past the largest amount): `None` when there are
/// none.
fn payees_after(
    v: &Validated,
    after: usize,
    held: &[usize],
) -> Option<(Vec<usize>, Option<Amount>)> {
    let mut held = held.to_vec();
    held.sort_unstable();
    let rows: Vec<(usize, Amount)> = v
        .payouts
        .iter()
        .filter(|p| p.row > after && held.binary_search(&p.row).is_err())
        .map(|p| (p.row, p.amount))
        .collect();
    if rows.is_empty() {
        return None;
    }
    let sum = Amount::checked_sum(rows.iter().map(|(_, a)| *a));
    Some((rows.iter().map(|(r, _)| *r).collect(), sum))
}
