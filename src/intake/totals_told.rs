//! What a totals row left out states, told: its note's words, and the
//! figures kept to check it with (`totals.rs` decides which rows they are).

use super::areas::SheetTable;
use super::table::RowView;
use super::totals::{StatedTotal, TotalKind, column_name};
use super::{CellKind, Layout, quoted};
use crate::fields::Field;

/// More than a split number can leave after its first piece.
const CELLS_AFTER_TOTAL: usize = 8;

/// The text cells right after row `r`'s amount cell: the rest of an amount
/// split by an unquoted comma.
pub(super) fn cells_after(layout: &Layout, r: &RowView<'_>) -> Vec<String> {
    layout
        .columns
        .get(Field::Amount)
        .map_or_else(Vec::new, |a| {
            (a + 1..=a + CELLS_AFTER_TOTAL)
                .map_while(|c| r.cell(c).filter(|cell| cell.kind == CellKind::Text))
                .map(|cell| cell.text.trim().to_string())
                .collect()
        })
}

/// A page total (`Carried forward`, `Brought forward`) with its label in
/// column `c`: the note, and the running sum it states.
pub(super) fn page_total(
    layout: &Layout,
    r: &RowView<'_>,
    c: usize,
    kind: TotalKind,
) -> (String, Option<StatedTotal>) {
    let amount = layout
        .columns
        .get(Field::Amount)
        .map_or("", |a| r.text(a).trim());
    // A brought-forward figure is checked against the one carried forward
    // before it as well (`validate/forward.rs`), and a row between the two
    // is refused: the note says both.
    let (what, against) = match kind {
        TotalKind::BroughtForward => (
            "a brought-forward page total",
            "the payee rows above it and the figure carried forward before it, if any",
        ),
        _ => ("a carried-forward page total", "the payee rows above it"),
    };
    let note = format!(
        "row {} skipped: {what} ({} in column {}, amount {}), not a payout; checked against \
         {against}",
        r.number(),
        quoted(r.text(c).trim()),
        column_name(layout, c),
        quoted(amount),
    );
    let total = StatedTotal {
        row: r.number(),
        label: r.text(c).trim().to_string(),
        amount: amount.to_string(),
        after: cells_after(layout, r),
        kind,
    };
    (note, Some(total))
}

/// What a totals row is (the note's words), its label for the stated
/// total, and what to do if it is meant to be paid: a table's totals row
/// by its table, any other by its label in column `col`.
pub(super) fn described(
    layout: &Layout,
    r: &RowView<'_>,
    table: Option<&SheetTable>,
    col: Option<usize>,
    amount: &str,
) -> Option<(String, String, &'static str)> {
    let label = |c: usize| r.text(c).trim().to_string();
    Some(match (table, col) {
        (Some(t), _) => (
            format!(
                "the totals row of Excel table {} ({}{amount})",
                quoted(&t.name),
                t.text
            ),
            col.map_or_else(|| format!("Total of table {}", t.name), label),
            "a table's totals row is never paid: if it is meant to be paid, move it into the table's rows above its totals row",
        ),
        (None, Some(c)) => (
            format!(
                "a totals row ({} in column {}{amount})",
                quoted(&label(c)),
                column_name(layout, c)
            ),
            label(c),
            "if it is meant to be paid, give it a wallet and a provider",
        ),
        (None, None) => return None,
    })
}
