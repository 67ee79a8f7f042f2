//! Numbers split by an unquoted comma.
//!
//! In a CSV, `12,000` written without quotes is two cells: `12` in the
//! amount column and `000` in the next one (a remark, say), and the row
//! would pay Tk 12. The row may even have as many cells as the header, when
//! its last cell was empty. A number a spreadsheet formats with thousand
//! separators (`1,712,345,678` for a wallet) splits the same way.
//!
//! The signs: a figure written without a comma or a decimal point, followed
//! by cells that are exactly two or three digits (`12 | 000`, `1 | 25 |
//! 000` in lakh grouping, `1500 | 50` for a decimal comma), the last of which
//! may carry the decimals or a `/-`. A row showing them is refused with what
//! probably happened and how to write the number. A genuine figure is never
//! written that way after a split: `500.00` next to a `26` is not a sign,
//! so a sheet whose amount really sits beside a small number column can say
//! so by writing its decimals.

use super::row::Ctx;
use super::types::Severity;
use crate::fields::Field;
use crate::intake::{CellKind, RowView};
use crate::money::Amount;

/// The most cells a split number leaves after its first: `1 | 00 | 00 |
/// 00 | 000` is a hundred crore.
const MAX_PIECES: usize = 5;

/// Cells past the header's last column: a ragged row. Non-empty ones usually
/// mean a cell was split by an unquoted comma (`1,000` read as `1` and `000`),
/// which would pay the wrong amount, so the row is refused. In a workbook
/// no comma splits a cell: a value there was typed in a column without a
/// header (a note, a hold), which payrun does not read, so it is named by
/// its cell and the fix is a header or deleting it.
pub(super) fn check_shape(cx: &mut Ctx<'_>) {
    let width = cx.layout.headers.len();
    let len = cx.row.len();
    let past: Vec<(String, String)> = (width..len)
        .filter(|c| !cx.row.text(*c).trim().is_empty())
        .take(3)
        .map(|c| {
            let letter = crate::intake::column_letter(c);
            (letter, crate::intake::quoted(cx.row.text(c).trim()))
        })
        .collect();
    if past.is_empty() {
        return;
    }
    let msg = if cx.layout.workbook {
        let row = cx.row.number();
        let cells: Vec<String> = past
            .iter()
            .map(|(letter, value)| format!("{letter}{row} holds {value}"))
            .collect();
        let (cell, a_column, the_columns, values) = match past.len() {
            1 => ("cell", "a column", "the column", "the value"),
            _ => ("cells", "columns", "each column", "the values"),
        };
        format!(
            "{cell} {} in {a_column} with no header, and payrun reads no column without a header, so what it says of this row (a hold, a note) would go unread — give {the_columns} a header (such as Remarks) or delete {values}",
            cells.join(", ")
        )
    } else {
        let cells: Vec<String> = past
            .iter()
            .map(|(letter, value)| format!("column {letter} {value}"))
            .collect();
        format!(
            "has {len} cells but the header has {width}; an unquoted comma (as in 1,000) may have split a cell — quote the value or fix the row (past the header: {})",
            cells.join(", ")
        )
    };
    cx.issue(None, None, Severity::Error, msg);
}

/// Refuses a row whose amount or wallet shows the signs of a split number.
/// Returns what the split amount probably was (`Some(None)` when its pieces
/// make no figure), for comparing with the sheet's totals: the author's
/// total counts 12,000, not the 12 left in the amount cell.
pub(super) fn check_split(cx: &mut Ctx<'_>) -> Option<Option<Amount>> {
    let mut whole = None;
    for field in [Field::Amount, Field::Wallet] {
        let Some(col) = cx.col(field) else {
            continue;
        };
        if field == Field::Amount
            && let Some(pieces) = typed_split(cx, col)
        {
            // The pieces lost their leading zeros (`000` is 0): no figure
            // can be rebuilt from them.
            whole = Some(None);
            let head = pieces.first().copied().unwrap_or("");
            let msg = format!(
                "is probably not the whole amount: the cells after it hold the numbers {} where the sheet has text or nothing, as when a CSV with an unquoted comma (12,000 or 1,25,000) is opened in a spreadsheet and saved; only {head} would be paid; correct the amount in the workbook (and the cells after it), or fix the CSV by writing the amount in quotes or without the grouping, and open it again",
                pieces[1..].join(" | ")
            );
            cx.error(field, Some(head), msg);
            continue;
        }
        let Some(pieces) = split_at(cx.row, col, field) else {
            continue;
        };
        let joined = pieces.join(",");
        let shown = pieces.join(" | ");
        let head = pieces.first().copied().unwrap_or("");
        if field == Field::Amount {
            whole = Some(Amount::figure(&joined).filter(|_| !joined.is_empty()));
        }
        let msg = match field {
            Field::Amount => format!(
                "is probably not the whole amount: the amount {joined} was probably split by an unquoted comma into {shown}, and only {head} would be paid; in the CSV write it in quotes, {}, or remove the grouping: {}",
                crate::intake::quoted(&joined),
                without_grouping(&joined)
            ),
            _ => format!(
                "is probably not the whole wallet number: the wallet {joined} was probably split by an unquoted comma into {shown} (a number format with thousand separators?); format the column as Text and export again, or write the number in quotes"
            ),
        };
        cx.error(field, Some(head), msg);
    }
    whole
}

/// A split amount in a workbook: a whole-number amount cell followed by
/// number cells of at most three digits in columns payrun reads as text
/// (name, remark) or past the header. A spreadsheet that opened
/// a CSV holding `12,000` unquoted stores `12 | 0`: the pieces' leading
/// zeros are gone, so the two-or-three-digit sign of a CSV cannot apply,
/// but a number where the sheet keeps text (or nothing) is the sign
/// instead. A number column of the payroll's own (days, bonus) next to the
/// amount is not a text column, so it is never taken for a piece; nor is
/// the reference, which is often a number (employee 101) and may well
/// stand after the amount.
fn typed_split<'a>(cx: &Ctx<'a>, col: usize) -> Option<Vec<&'a str>> {
    let head = cx.row.cell(col)?;
    if head.kind != CellKind::Number || !is_small_whole(head.text.trim(), usize::MAX) {
        return None;
    }
    let text_col = |c: usize| cx.col(Field::Name) == Some(c) || cx.col(Field::Remark) == Some(c);
    let width = cx.layout.headers.len();
    let mut pieces = vec![head.text.trim()];
    for c in col + 1..=col + MAX_PIECES {
        let Some(cell) = cx.row.cell(c) else { break };
        let in_text_col = text_col(c) || c >= width;
        if cell.kind != CellKind::Number || !in_text_col || !is_small_whole(cell.text.trim(), 3) {
            break;
        }
        pieces.push(cell.text.trim());
    }
    (pieces.len() >= 2).then_some(pieces)
}

/// A number cell's text that is a whole number of at most `max` digits.
fn is_small_whole(text: &str, max: usize) -> bool {
    !text.is_empty() && text.len() <= max && text.bytes().all(|b| b.is_ascii_digit())
}

/// The cells of a split number starting at `col`, when the row shows the
/// signs; `None` otherwise.
fn split_at<'a>(row: RowView<'a>, col: usize, field: Field) -> Option<Vec<&'a str>> {
    let head = row.cell(col)?;
    if !matches!(head.kind, CellKind::Text | CellKind::Number) {
        return None;
    }
    let head_text = head.text.trim();
    let digits = head_digits(head_text)?;
    // A wallet's first piece is a digit group, not a whole phone number.
    if field == Field::Wallet && digits > 3 {
        return None;
    }
    let next = (col + 1..=col + MAX_PIECES)
        .map_while(|c| row.cell(c).filter(|cell| cell.kind == CellKind::Text))
        .map(|cell| cell.text.trim());
    let pieces = pieces(head_text, next)?;
    if field == Field::Wallet {
        // The pieces must make a phone number's worth of digits.
        let total: usize = pieces.iter().map(|p| count_digits(p)).sum();
        if !(10..=13).contains(&total) {
            return None;
        }
    }
    Some(pieces)
}

/// The pieces of a number split after `head` (a figure already checked)
/// into the cells `next`; `None` when the next cell is no digit group, as
/// after most figures.
fn pieces<'a>(head: &'a str, next: impl Iterator<Item = &'a str>) -> Option<Vec<&'a str>> {
    let mut pieces = vec![head];
    for t in next.take(MAX_PIECES) {
        match group(t) {
            Some(Group::Middle) => pieces.push(t),
            Some(Group::Last) => {
                pieces.push(t);
                break;
            }
            None => break,
        }
    }
    (pieces.len() >= 2).then_some(pieces)
}

/// A totals row's amount split like a payee's: its pieces, when `amount`
/// and the cells `after` it show the signs. The author's total is the
/// whole number, as for a payee row.
pub(super) fn split_total<'a>(amount: &'a str, after: &'a [String]) -> Option<Vec<&'a str>> {
    head_digits(amount)?;
    pieces(amount, after.iter().map(|t| t.trim()))
}

/// The number of digits in a first piece: an optional currency mark, then
/// digits only (no comma, no decimal point).
fn head_digits(text: &str) -> Option<usize> {
    // Nearly every amount cell is plain ASCII digits: no copy to lower-case.
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Some(text.len());
    }
    let lower = text.to_lowercase();
    let body = ["bdt", "tk.", "tk", "taka", "৳", "টাকা"]
        .iter()
        .find_map(|m| lower.strip_prefix(m))
        .unwrap_or(&lower)
        .trim_start();
    let n = count_digits(body);
    (n > 0 && n == body.chars().count()).then_some(n)
}

fn count_digits(s: &str) -> usize {
    s.chars()
        .filter(|c| crate::wallet::ascii_digit(*c).is_some())
        .count()
}

enum Group {
    /// Two or three digits: more may follow.
    Middle,
    /// Two or three digits with decimals or `/-` after them: the end.
    Last,
}

fn group(text: &str) -> Option<Group> {
    let is_digit = |c: char| crate::wallet::ascii_digit(c).is_some();
    let lead: String = text.chars().take_while(|c| is_digit(*c)).collect();
    let n = lead.chars().count();
    if !(2..=3).contains(&n) {
        return None;
    }
    let rest = &text[lead.len()..];
    if rest.is_empty() {
        return Some(Group::Middle);
    }
    let rest = rest.strip_suffix("/-").unwrap_or(rest).trim_end();
    let decimals_ok = match rest.strip_prefix('.') {
        Some(d) => (1..=2).contains(&d.chars().count()) && d.chars().all(is_digit),
        None => rest.is_empty(),
    };
    decimals_ok.then_some(Group::Last)
}

/// `12,000` as `12000`; `1500,50` (a decimal comma) as `1500.50`.
fn without_grouping(joined: &str) -> String {
    if let Ok(a) = Amount::parse(joined) {
        return a.to_wire();
    }
    match joined.rsplit_once(',') {
        Some((int, dec)) => format!(
            "{}.{dec} if the comma is the decimal mark",
            int.replace(',', "")
        ),
        None => joined.to_string(),
    }
}
