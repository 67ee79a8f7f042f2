//! Amounts a workbook holds as text (`'25,000`, `Tk 500`, `১০০০` typed
//! into a Text-formatted cell): payrun reads the figure and would pay it,
//! but Excel's and LibreOffice's `SUM` skip a text cell, so the sheet's own
//! total, the figure finance and the approver saw, leaves it out. When a
//! total disagrees with the rows, these rows are the first thing to name
//! (`stated.rs`). In a CSV every cell is text and a total counts them all,
//! so only a workbook's are kept.

use crate::fields::Field;
use crate::intake::{CellKind, Layout, RowTable, quoted_as_written};
use crate::money::Amount;

/// How many of the rows are named in a message, with their cell text.
const NAMED: usize = 5;

/// The rows whose amount cell is text holding a non-zero figure.
#[derive(Debug, Default)]
pub(super) struct TextAmounts {
    /// Whether any are kept: a workbook's only. A CSV's amounts are all
    /// text, and keeping them cost a million-row CSV 16 MB for nothing.
    kept: bool,
    /// Each such row and its figure, in sheet order.
    rows: Vec<(usize, Amount)>,
    /// The cell text of the first rows, for messages.
    shown: Vec<(usize, String)>,
}

impl TextAmounts {
    /// None kept unless `workbook` (see `intake::is_workbook`).
    pub(super) fn for_sheet(workbook: bool) -> TextAmounts {
        TextAmounts {
            kept: workbook,
            ..TextAmounts::default()
        }
    }

    /// Notes the text amounts of one chunk of rows.
    pub(super) fn observe(&mut self, layout: &Layout, rows: &RowTable) {
        if !self.kept {
            return;
        }
        let Some(col) = layout.columns.get(Field::Amount) else {
            return;
        };
        for i in 0..rows.len() {
            let Some(cell) = rows
                .row(i)
                .and_then(|r| r.cell(col).map(|c| (r.number(), c)))
            else {
                continue;
            };
            let (row, c) = cell;
            if c.kind != CellKind::Text {
                continue;
            }
            let Some(a) = Amount::figure(c.text).filter(|a| *a != Amount::ZERO) else {
                continue;
            };
            self.rows.push((row, a));
            if self.shown.len() < NAMED {
                self.shown.push((row, c.text.trim().to_string()));
            }
        }
    }

    /// The figure of each text amount, by row, to leave out of a sum as
    /// `SUM` does; none for a CSV.
    pub(super) fn skipped_by_sum(&self, workbook: bool) -> &[(usize, Amount)] {
        match workbook {
            true => &self.rows,
            false => &[],
        }
    }

    /// The rows strictly between `from` and `to` holding a text amount.
    pub(super) fn between(&self, from: usize, to: usize) -> &[(usize, Amount)] {
        let lo = self.rows.partition_point(|(r, _)| *r <= from);
        let hi = self.rows.partition_point(|(r, _)| *r < to);
        self.rows.get(lo..hi).unwrap_or(&[])
    }

    /// `rows 3 ("১০০০"), 5 ("Tk 500") and 7 ("25,000")`, the first few
    /// of `rows` named with their text.
    pub(super) fn named(&self, rows: &[(usize, Amount)]) -> String {
        let mut parts: Vec<String> = rows
            .iter()
            .take(NAMED)
            .map(|(r, _)| match self.shown.iter().find(|(s, _)| s == r) {
                Some((_, t)) => format!("{r} ({})", quoted_as_written(t)),
                None => r.to_string(),
            })
            .collect();
        let more = rows.len().saturating_sub(NAMED);
        let last = match (more, parts.len()) {
            (0, n) if n > 1 => parts.pop().map(|p| format!(" and {p}")),
            (0, _) => None,
            (m, _) => Some(format!(" and {m} more")),
        };
        let word = if rows.len() == 1 { "row" } else { "rows" };
        format!("{word} {}{}", parts.join(", "), last.unwrap_or_default())
    }
}
