//! A header that spans two rows: names merged down over both header rows
//! (`Wallet` on C1:C2) and, on the second, names under a group merged
//! across (`Amount` over `Taka | Poisha`), as hand ledgers are drawn.
//!
//! payrun reads the header from one row and every row under it as a
//! payee, so the second header row got one error per cell (an empty
//! wallet, `"Taka" is not an amount`, the wallet "merged down over rows
//! 1-2"), none of which says what happened. The row gets one error that
//! does, in place of those; which rows are paid does not change (the row
//! was refused before, and `--skip-invalid` still skips it).

use super::types::InvalidRow;
use crate::fields::{Field, fold};
use crate::intake::{Layout, RowView, column_letter, quoted};

/// Header cells named in the message; the rest are counted.
const NAMED: usize = 4;

/// The error for row `r` when it is the header's second row: the row right
/// under the header, with a header cell merged down over it and no wallet
/// number in its wallet cell. `None` for every other row.
pub(super) fn second_row(layout: &Layout, r: &RowView<'_>) -> Option<String> {
    let header = layout.header_row;
    if r.number() != header + 1 {
        return None;
    }
    let wallet = layout.columns.get(Field::Wallet)?;
    if r.text(wallet).chars().any(char::is_numeric) {
        return None;
    }
    let width = layout.headers.len().max(r.len());
    let down: Vec<String> = (0..width)
        .filter_map(|c| {
            let m = r.merged(c)?;
            let (first, last) = m.rows;
            (first == header && last >= r.number()).then(|| {
                let l = column_letter(c);
                format!("{} ({l}{first}:{l}{last})", quoted(m.cell.text.trim()))
            })
        })
        .collect();
    if down.is_empty() {
        return None;
    }
    let own: Vec<String> = (0..r.len())
        .map(|c| r.text(c).trim())
        .filter(|t| !t.is_empty())
        .map(quoted)
        .collect();
    let row = r.number();
    let holds = match own.len() {
        0 => String::new(),
        _ => format!(", and row {row} holds {}", listed(&own)),
    };
    let (is, them) = match down.len() {
        1 => ("is", "it"),
        _ => ("are", "them"),
    };
    Some(format!(
        "the header seems to span two rows ({header}-{row}): {} {is} merged down over both{holds}; \
         payrun reads the header from row {header} alone and every row under it as a payee, so row \
         {row} cannot be read — put the header on one row: unmerge {them} (Home > Merge & Center), \
         give each column one name on row {header}, and delete row {row}{}",
        listed(&down),
        split_amount(&own),
    ))
}

/// `"a", "b", "c" and 2 more`.
fn listed(items: &[String]) -> String {
    let mut out = items
        .iter()
        .take(NAMED)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > NAMED {
        out.push_str(&format!(" and {} more", items.len() - NAMED));
    }
    out
}

/// What to do with an amount kept in two columns (`Taka | Poisha`), when
/// the second row names poisha: one column, which payrun refuses as units
/// otherwise.
fn split_amount(own: &[String]) -> &'static str {
    let poisha = ["poisha", "paisa", "ps", "পয়সা"];
    if own
        .iter()
        .any(|t| poisha.contains(&fold(t.trim_matches('"')).as_str()))
    {
        "; an amount kept in two columns (Taka | Poisha) must become one column in taka, with the poisha after the decimal point"
    } else {
        ""
    }
}

/// The header's second row as an invalid row with the one error above.
pub(super) fn invalid_row(layout: &Layout, r: &RowView<'_>, message: String) -> InvalidRow {
    super::header_again::whole_row(layout, r, None, message)
}
