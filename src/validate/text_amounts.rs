//! Amounts a workbook holds as text (`'25,000`, `Tk 500`, `১০০০` typed
//! into a Text-formatted cell): payrun reads the figure and would pay it,
//! but Excel's and LibreOffice's `SUM` skip a text cell, so the sheet's own
//! total, the figure finance and the approver saw, leaves it out. When a
//! total disagrees with the rows, these rows are the first thing to name
//! (`stated.rs`). In a CSV every cell is text, but a CSV exported from a
//! workbook carries the workbook's total, made by a `SUM` that skipped the
//! cells the workbook held as text: so a CSV's amounts a spreadsheet would
//! hold as text (`৳ 12,345.50`, `Tk. 9,000`, `BDT 8,000`, `1,23,456`,
//! Bengali digits) are kept too, and named when the total matches only
//! without them.

use crate::fields::Field;
use crate::intake::{CellKind, Layout, RowTable, quoted_as_written};
use crate::money::Amount;

/// How many of the rows are named in a message, with their cell text.
const NAMED: usize = 5;

/// The rows whose amount cell is text holding a non-zero figure.
#[derive(Debug, Default)]
pub(super) struct TextAmounts {
    /// Whether any are kept: none before the sheet is known.
    kept: bool,
    /// The sheet is a CSV: only the amounts a spreadsheet would hold as
    /// text are kept (keeping every cell cost a million-row CSV 16 MB).
    csv: bool,
    /// Each such row and its figure, in sheet order.
    rows: Vec<(usize, Amount)>,
    /// The cell text of the first rows, for messages.
    shown: Vec<(usize, String)>,
}

impl TextAmounts {
    /// For a workbook (see `intake::is_workbook`) or a CSV.
    pub(super) fn for_sheet(workbook: bool) -> TextAmounts {
        TextAmounts {
            kept: true,
            csv: !workbook,
            ..TextAmounts::default()
        }
    }

    /// Whether the sheet is a CSV, whose text amounts are the ones a
    /// spreadsheet would hold as text.
    pub(super) fn in_csv(&self) -> bool {
        self.csv
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
            if c.kind != CellKind::Text || (self.csv && !held_as_text(c.text)) {
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
    /// `SUM` does.
    pub(super) fn skipped_by_sum(&self) -> &[(usize, Amount)] {
        &self.rows
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

/// Whether a spreadsheet opening a CSV would hold `text` as text, not a
/// number: anything but a plain figure (a sign, digits grouped in
/// thousands by commas or not, a decimal point, or the whole in brackets).
/// A currency sign or word, lakh grouping, Bengali digits or an apostrophe
/// is text to Excel and LibreOffice alike, and their `SUM` skips it.
fn held_as_text(text: &str) -> bool {
    let t = text.trim();
    let t = t
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(t);
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (whole, fraction) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or("");
    let grouped = whole.contains(',');
    let whole_ok = match grouped {
        false => digits(first),
        true => digits(first) && first.len() <= 3 && groups.all(|g| g.len() == 3 && digits(g)),
    };
    let fraction_ok = (fraction.is_empty() && !t.ends_with('.')) || digits(fraction);
    !(whole_ok && fraction_ok)
}

#[cfg(test)]
mod tests {
    use super::held_as_text;

    #[test]
    fn what_a_spreadsheet_holds_as_text() {
        for plain in [
            "12000",
            "15000.5",
            "9,000",
            "1,234,567.50",
            "-500",
            "(500)",
            " 700 ",
        ] {
            assert!(!held_as_text(plain), "{plain}");
        }
        for text in [
            "৳ 12,345.50",
            "Tk. 9,000",
            "BDT 8,000.00",
            "1,23,456",
            "১০০০",
            "'25,000",
            "500/-",
            "12,34",
            "5.",
        ] {
            assert!(held_as_text(text), "{text}");
        }
    }
}
