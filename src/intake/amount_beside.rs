//! A second amount beside the one payrun read, judged by header and cells:
//! a deduction beside a gross pay, the pay left after deductions, or a
//! `Cash` column of sums. payrun pays one column as it stands and never
//! subtracts, so finance must say which one to pay.

use super::{Below, two_candidates};
use crate::fields::{ColumnMap, Field};
use crate::intake::columns::{col_letter, head};
use crate::intake::payee_words::{looks_gross, may_be_net_pay, names_cash, names_deduction};
use crate::intake::quoted;
use crate::wallet::normalize_wallet_any;

/// A deduction column beside an amount whose header says the pay before
/// deductions, with no column of the pay after them: payrun pays a column
/// as it stands and never subtracts, so finance must say what to pay.
pub(super) fn deduction_beside(cells: &[String], map: &ColumnMap, amount: usize) -> Option<String> {
    let gross = head(cells, amount);
    if !looks_gross(gross) {
        return None;
    }
    let d =
        (0..cells.len()).find(|&c| map.field_of(c).is_none() && names_deduction(head(cells, c)))?;
    Some(format!(
        "column {} {} looks like the pay before deductions, and column {} {} is a deduction; payrun pays one column as it stands and never subtracts. Add a column with the amount to pay and name it with --map amount=\"HEADER\", or if {} is already the amount to pay, say so with --map amount={}",
        col_letter(amount),
        quoted(gross),
        col_letter(d),
        quoted(head(cells, d)),
        quoted(gross),
        quoted(gross),
    ))
}

/// A column that may be the amount left to pay (`Balance`, `Due`,
/// `Transfer`), holding money on most sampled rows, beside an amount whose
/// header says the pay before deductions: payrun paid the gross `Salary`
/// beside a `Balance` of 28000 (probe3 finding 8). `Due` alone, or beside
/// a plain `Amount`, is not asked about.
pub(super) fn net_beside(
    cells: &[String],
    below: Below<'_>,
    map: &ColumnMap,
    amount: usize,
) -> Option<String> {
    if !looks_gross(head(cells, amount)) {
        return None;
    }
    let net = money_beside(cells, below, map, amount, may_be_net_pay)?;
    Some(format!(
        "{}; {} looks like the pay before deductions, and {} may be the amount left to pay",
        two_candidates(Field::Amount, amount, net, cells, below),
        quoted(head(cells, amount)),
        quoted(head(cells, net)),
    ))
}

/// The first unmapped column but the amount's whose header `says` and
/// whose cells hold sums of money: a second amount.
fn money_beside(
    cells: &[String],
    below: Below<'_>,
    map: &ColumnMap,
    amount: usize,
    says: fn(&str) -> bool,
) -> Option<usize> {
    (0..cells.len()).find(|&c| {
        c != amount && map.field_of(c).is_none() && says(head(cells, c)) && holds_money(below, c)
    })
}

/// Whether column `c` holds sums of money on most of its filled sampled
/// cells: a wallet number is no sum, though it reads as a figure.
fn holds_money(below: Below<'_>, c: usize) -> bool {
    let filled: Vec<&str> = below
        .iter()
        .filter_map(|(_, r)| r.get(c).map(|t| t.trim()).filter(|t| !t.is_empty()))
        .collect();
    let sums = filled
        .iter()
        .filter(|t| {
            crate::money::Amount::figure(t).is_some_and(|a| a.poisha() > 0)
                && normalize_wallet_any(t).is_err()
        })
        .count();
    sums > 0 && sums * 2 > filled.len()
}

/// A column headed `Cash` (`In Cash`, `Cash Portion`, `নগদ`) holding sums
/// beside the amount: the part paid in cash, or the amount itself; payrun
/// paid the gross `Salary` beside a `Cash` of 28000. A `Cash` column of
/// words (`Yes`, `bKash`) is a payment method, and asks nothing.
pub(super) fn cash_beside(
    cells: &[String],
    below: Below<'_>,
    map: &ColumnMap,
    amount: usize,
) -> Option<String> {
    let cash = money_beside(cells, below, map, amount, names_cash)?;
    Some(format!(
        "{}; {} holds sums of money too (a part paid in cash, or the amount itself)",
        two_candidates(Field::Amount, amount, cash, cells, below),
        quoted(head(cells, cash)),
    ))
}
