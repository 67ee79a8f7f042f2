//! Rows right under the header that describe the columns, not a payee: a
//! units row that says the amounts are in taka (`(Tk.)`, `(Taka)`,
//! `(টাকা)`, `BDT` under a bare `Amount`), and the column numbers
//! government-style sheets print under the header (`1 | 2 | 3 | ... | 8`,
//! or `১ | ২ | ৩`). Each is skipped with a note.
//!
//! Neither can ever pay. A taka units row holds no wallet number and no
//! figure: every filled cell is a word for taka. A column-number row holds a
//! number in the wallet column too, but that number is its column's place
//! (`3`, at most a few dozen), and a wallet number has 11 digits: the row
//! has no wallet, so it could never be paid, and is checked to have none. A
//! units row that says anything else (thousands, another currency) is not
//! this row: `stated_units.rs` and `validate/units.rs` refuse the sheet for
//! it. Numbers out of order, or a column left blank, are not column
//! numbers: such a row stays a row, and is refused.

use super::table::RowView;
use super::totals::is_blank;
use crate::money::is_currency_word;
use crate::wallet::normalize_wallet_any;

/// What a row right under the header is, when it describes the columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HeadRow {
    /// Every filled cell says taka (`(Tk.)` under each money column).
    TakaUnits,
    /// Every column numbered in order from 1.
    ColumnNumbers,
}

impl HeadRow {
    /// The note's words for it.
    pub(super) fn what(self) -> &'static str {
        match self {
            HeadRow::TakaUnits => {
                "a units row under the header saying the amounts are in taka, as payrun pays them"
            }
            HeadRow::ColumnNumbers => "the column numbers under the header",
        }
    }
}

/// What row `r` is, when it describes the columns: `None` for any other
/// row (a payee, a title, a units row in another unit). `wallet` and
/// `amount` are the columns read; `width` the header's.
pub(super) fn head_row(
    r: &RowView<'_>,
    wallet: usize,
    amount: Option<usize>,
    width: usize,
) -> Option<HeadRow> {
    if normalize_wallet_any(r.text(wallet)).is_ok() {
        return None;
    }
    let amount = amount?;
    let mut filled = (0..r.len()).filter(|c| !is_blank(r.text(*c))).peekable();
    let any = filled.peek().is_some();
    if any
        && filled.all(|c| says_taka(r.text(c)))
        && (is_blank(r.text(amount)) || says_taka(r.text(amount)))
    {
        return Some(HeadRow::TakaUnits);
    }
    numbers_columns(r, width).then_some(HeadRow::ColumnNumbers)
}

/// `(Tk.)`, `(Taka)`, `[টাকা]`, `BDT`, `৳`, `in Taka`: a word for taka,
/// perhaps in brackets, nothing else.
fn says_taka(text: &str) -> bool {
    let t = text
        .trim()
        .trim_start_matches(['(', '['])
        .trim_end_matches([')', ']'])
        .trim();
    let t = t
        .strip_prefix("in ")
        .or_else(|| t.strip_prefix("In "))
        .unwrap_or(t)
        .trim();
    !t.is_empty() && is_currency_word(t)
}

/// Whether the filled cells of `r` are `1, 2, 3, ...` in order, one to a
/// column with none left blank, from the first filled column to at least
/// the header's last (`width`), at least three of them.
fn numbers_columns(r: &RowView<'_>, width: usize) -> bool {
    let Some(first) = (0..r.len()).find(|c| !is_blank(r.text(*c))) else {
        return false;
    };
    let last = (0..r.len())
        .rev()
        .find(|c| !is_blank(r.text(*c)))
        .unwrap_or(first);
    last + 1 >= width
        && last >= first + 2
        && (first..=last).all(|c| column_number(r.text(c)) == Some(c - first + 1))
}

/// `3`, `(3)`, `৩`: a column's number as written, at most three digits.
fn column_number(text: &str) -> Option<usize> {
    let t = text.trim().trim_start_matches('(').trim_end_matches(')');
    if t.is_empty() || t.chars().count() > 3 {
        return None;
    }
    t.chars().try_fold(0usize, |n, c| {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '০'..='৯' => c as u32 - '০' as u32,
            _ => return None,
        };
        Some(n * 10 + d as usize)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::{CellKind, RowTable};

    fn row(cells: &[&str]) -> RowTable {
        let mut t = RowTable::new();
        t.begin_row(4);
        for c in cells {
            t.push_cell(c, CellKind::Text);
        }
        t.end_row();
        t
    }

    fn of(cells: &[&str]) -> Option<HeadRow> {
        let t = row(cells);
        let r = t.row(0)?;
        head_row(&r, 1, Some(2), 3)
    }

    #[test]
    fn a_taka_units_row_and_column_numbers_are_told() {
        for units in ["(Tk.)", "(Taka)", "(টাকা)", "BDT", "৳", "[Tk]", "(in Taka)"] {
            assert_eq!(of(&["", "", units]), Some(HeadRow::TakaUnits), "{units}");
        }
        assert_eq!(of(&["(Tk.)", "", ""]), Some(HeadRow::TakaUnits));
        assert_eq!(of(&["1", "2", "3"]), Some(HeadRow::ColumnNumbers));
        assert_eq!(of(&["১", "২", "৩", "৪"]), Some(HeadRow::ColumnNumbers));
        assert_eq!(of(&["(1)", "(2)", "(3)"]), Some(HeadRow::ColumnNumbers));
    }

    /// Another unit, a payee, numbers out of order or short of the header,
    /// or a wallet number in the row: none is told as a head row.
    #[test]
    fn anything_else_stays_a_row() {
        for cells in [
            &["", "", "(USD)"][..],
            &["", "", "(Tk '000)"],
            &["", "", "Tk 500"],
            &["Sewing", "", "(Tk.)"],
            &["", "01711111111", "(Tk.)"],
            &["1", "3", "2"],
            &["1", "2", ""],
            &["1", "2"],
            &["", "", ""],
            &["A", "01711111111", "3"],
        ] {
            assert_eq!(of(cells), None, "{cells:?}");
        }
    }
}
