//! A second header whose columns are in another order: two exports pasted
//! into one sheet, the second laid out differently (`Employee No` and
//! `Amount` swapped).
//!
//! Every row is read by the first header's columns, so the rows under such
//! a header would be read from the wrong cells: a payee's employee number
//! paid as the amount. As a bad payee row of its own, the header would be
//! skipped by `--skip-invalid` and the rows under it paid; deleting it, the
//! fix its row errors pointed to, left those rows read wrong and valid. So
//! it refuses the batch, naming both headers and the columns that moved,
//! and no flag skips it. A header repeated in the same order is harmless
//! and is skipped by intake with a note (`intake/totals.rs`).

use super::Validated;
use super::types::{InvalidRow, RowIssue, Severity, shown_value};
use crate::fields::{Field, fold};
use crate::intake::{Layout, RowTable, RowView, column_letter, quoted};
use crate::money::Amount;

/// A column whose name sits elsewhere in the second header.
#[derive(Debug, Clone)]
pub(super) struct Moved {
    /// The name as written in the second header.
    text: String,
    /// Its column there.
    here: usize,
    /// The column of that name (or field) in the first header.
    first: usize,
}

/// A second header found in the sheet.
#[derive(Debug, Clone)]
pub(super) struct HeaderAgain {
    row: usize,
    first_row: usize,
    moved: Vec<Moved>,
}

/// The columns that moved, when row `r` is a header again: at least two of
/// its cells, and more than half of them, are the first header's names or
/// a field's header names, and some of them sit in another column than the
/// first header has them. `None` for every other row.
pub(super) fn moved(layout: &Layout, r: &RowView<'_>) -> Option<Vec<Moved>> {
    // Nearly every row: a wallet number is no header.
    let wallet = layout.columns.get(Field::Wallet)?;
    let header_digits = layout.headers.get(wallet).is_some_and(|h| has_digit(h));
    if !header_digits && has_digit(r.text(wallet)) {
        return None;
    }
    let names: Vec<(usize, String)> = (0..layout.headers.len())
        .filter_map(|c| Some((c, fold(layout.headers.get(c)?))))
        .filter(|(_, f)| !f.is_empty())
        .collect();
    let (mut filled, mut words, mut moved) = (0usize, 0usize, Vec::new());
    for here in 0..r.len() {
        let text = r.text(here).trim();
        if text.is_empty() {
            continue;
        }
        filled += 1;
        let f = fold(text);
        let first = names
            .iter()
            .find(|(_, n)| *n == f)
            .map(|(c, _)| *c)
            .or_else(|| Field::named(&f).and_then(|field| layout.columns.get(field)));
        let Some(first) = first.filter(|_| !f.is_empty()) else {
            continue;
        };
        words += 1;
        if first != here {
            moved.push(Moved {
                text: text.to_string(),
                here,
                first,
            });
        }
    }
    (words >= 2 && words * 2 > filled && !moved.is_empty()).then_some(moved)
}

fn has_digit(t: &str) -> bool {
    t.chars()
        .any(|c| c.is_ascii_digit() || ('০'..='৯').contains(&c))
}

/// The second header's row as an invalid row with one error, in place of
/// the wallet, provider and amount errors its names would get.
pub(super) fn invalid_row(layout: &Layout, r: &RowView<'_>) -> InvalidRow {
    let first = r.cells().find(|c| !c.text.trim().is_empty());
    whole_row(
        layout,
        r,
        first.map(|c| shown_value(c.text.trim())),
        format!(
            "is a second header, with the names of row {}'s header in another order; \
             the sheet is refused for it (see the batch error), not only this row",
            layout.header_row
        ),
    )
}

/// Row `r` as an invalid row with one error about the whole row (`value`,
/// `message`), in place of the wallet, provider and amount errors its
/// cells would get: a header row where a payee was expected.
pub(super) fn whole_row(
    layout: &Layout,
    r: &RowView<'_>,
    value: Option<String>,
    message: String,
) -> InvalidRow {
    let raw = |f: Field| {
        layout
            .columns
            .get(f)
            .map_or(String::new(), |c| r.text(c).trim().to_string())
    };
    InvalidRow {
        row: r.number(),
        reference: None,
        name: None,
        wallet_raw: raw(Field::Wallet),
        provider_raw: raw(Field::Provider),
        amount_raw: raw(Field::Amount),
        issues: vec![RowIssue {
            row: r.number(),
            column: None,
            value,
            severity: Severity::Error,
            message,
            spaces_named: false,
        }],
        wallet: None,
        provider: None,
        amount: None,
        // A SUM skips a text cell.
        figure: Some(Amount::ZERO),
        repeat_ok: false,
        title: None,
    }
}

/// Notes every second header of one chunk of rows.
pub(super) fn observe(found: &mut Vec<HeaderAgain>, layout: &Layout, rows: &RowTable) {
    for r in rows.iter() {
        if let Some(moved) = self::moved(layout, &r) {
            found.push(HeaderAgain {
                row: r.number(),
                first_row: layout.header_row,
                moved,
            });
        }
    }
}

/// Refuses the batch for each second header, naming the rows under it.
pub(super) fn refuse(v: &mut Validated, found: &[HeaderAgain]) {
    for (i, h) in found.iter().enumerate() {
        let end = found.get(i + 1).map_or(usize::MAX, |n| n.row);
        let under: Vec<usize> = v
            .payouts
            .iter()
            .map(|p| p.row)
            .chain(v.invalid.iter().map(|r| r.row))
            .filter(|r| *r > h.row && *r < end)
            .collect();
        let rows = match (under.iter().min(), under.iter().max()) {
            (Some(a), Some(b)) if a == b => format!("row {a}"),
            (Some(a), Some(b)) => format!("rows {a}-{b}"),
            _ => "none yet".to_string(),
        };
        let moved: Vec<String> = h
            .moved
            .iter()
            .map(|m| {
                format!(
                    "{} is in column {} here and in column {} in row {}",
                    quoted(&m.text),
                    column_letter(m.here),
                    column_letter(m.first),
                    h.first_row
                )
            })
            .collect();
        v.batch_errors.push(format!(
            "row {} is a second header, with the names of the header in row {} in another order, \
             as when two exports are pasted together: {}. payrun reads every row by row {}'s \
             columns, so the rows under it ({rows}) would be read from the wrong cells. Nothing \
             is paid while it is there: put the rows under it in row {}'s column order, or check \
             each export as its own sheet, then delete row {} (`--skip-invalid` does not skip this)",
            h.row,
            h.first_row,
            moved.join("; "),
            h.first_row,
            h.first_row,
            h.row,
        ));
    }
}
