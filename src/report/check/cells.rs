//! The check report's table, said once for CSV and XLSX: the user's own
//! columns as read, then payrun's verdict columns.

use super::{CheckRow, EXTRA_COLUMNS, Status, error_columns, issues_text};
use crate::fields::Field;
use crate::intake::{CellKind, Layout};
use crate::report::table::{Cell, Mark, TableWriter};
use std::borrow::Cow;

/// The header row: the sheet's headers as written, then [`EXTRA_COLUMNS`].
pub(crate) fn headers(layout: &Layout) -> Vec<&str> {
    let user = layout.headers.iter().map(String::as_str);
    user.chain(EXTRA_COLUMNS).collect()
}

/// Writes one row: each of the user's cells as read (a workbook's number
/// stays a number, a cell named by an error is marked red), then the row
/// number, the verdict, and what payrun made of the row.
pub(crate) fn row_cells<T: TableWriter>(
    t: &mut T,
    layout: &Layout,
    r: &CheckRow<'_>,
) -> Result<(), T::Error> {
    let bad = error_columns(layout, r.issues);
    let wallet = layout.columns.get(Field::Wallet);
    for c in 0..layout.headers.len() {
        // A wallet id is text even where the workbook held a number.
        let number = |x: &crate::intake::Cell<'_>| x.kind == CellKind::Number && Some(c) != wallet;
        let cell = match r.raw.cell(c) {
            None => Cell::Empty,
            // Marked in error, a number still: `-500` is no formula.
            Some(x) if bad.contains(&c) && number(&x) => Cell::MarkedNumber(x.text, Mark::Error),
            Some(x) if bad.contains(&c) => Cell::Marked(Cow::Borrowed(x.text), Mark::Error),
            Some(x) if number(&x) => Cell::Number(x.text),
            Some(x) => Cell::text(Some(x.text)),
        };
        t.cell(&cell)?;
    }
    let status = r.status.as_str();
    let verdict = match r.status {
        Status::Invalid => Cell::Marked(Cow::Borrowed(status), Mark::Error),
        Status::Warning => Cell::Marked(Cow::Borrowed(status), Mark::Warning),
        Status::Ok => Cell::Text(Cow::Borrowed(status)),
    };
    let issues = if r.issues.is_empty() {
        Cell::Empty
    } else {
        Cell::long(issues_text(r.issues))
    };
    t.row(&[
        Cell::Int(r.raw.number() as i64),
        verdict,
        Cell::text(r.wallet),
        Cell::text(r.provider.map(|p| p.default_way_code())),
        Cell::poisha(r.amount),
        issues,
    ])
}
