//! A compact store of raw rows: every cell's text in one arena, so a
//! million-row sheet costs a few allocations instead of millions.

use super::merged::MergedValues;
use std::sync::Arc;

/// What kind of value a cell held in its file. CSV cells are always text;
/// spreadsheets say more, and the validator needs it (a date is never a wallet
/// id; a number cell has lost its leading zeros).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum CellKind {
    /// Text as written (every CSV cell, and empty cells).
    Text,
    /// A numeric cell, rendered with Rust's shortest round-trip `Display`.
    Number,
    /// A date or time cell, rendered as ISO 8601.
    Date,
    /// A formula error such as `#REF!`.
    Error,
    /// A TRUE/FALSE cell.
    Bool,
    /// A cell longer than Excel's 32,767-character limit; only a prefix is kept.
    Oversized,
}

/// Excel's cell limit. Anything longer is not a payroll value, and keeping it
/// whole would let one bad cell bloat every report.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Excel's column limit; a row wider than this is not a sheet a person made.
pub const MAX_CELLS_PER_ROW: usize = 16_384;

/// How much of an oversized cell is kept, for the report and messages.
const OVERSIZED_PREFIX_CHARS: usize = 40;

/// One cell as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell<'a> {
    pub text: &'a str,
    pub kind: CellKind,
}

#[derive(Debug, Clone, Copy)]
struct RowRef {
    number: usize,
    text_start: usize,
    first_cell: usize,
}

/// Raw rows with their row numbers as the user sees them.
#[derive(Debug, Default, Clone)]
pub struct RowTable {
    /// What merges spanning rows show, for the whole sheet: shared by every
    /// chunk, so a merge that crosses chunks is seen whole.
    merged: Arc<MergedValues>,
    text: String,
    /// End of each cell's text, relative to its row's start.
    cell_ends: Vec<u32>,
    kinds: Vec<CellKind>,
    rows: Vec<RowRef>,
    /// Cells of the row being built, before it is known to be non-empty.
    open_row: Option<RowRef>,
}

impl RowTable {
    pub fn new() -> RowTable {
        RowTable::default()
    }

    /// Starts a row. A previous row left open is committed first.
    pub fn begin_row(&mut self, number: usize) {
        self.end_row();
        self.open_row = Some(RowRef {
            number,
            text_start: self.text.len(),
            first_cell: self.cell_ends.len(),
        });
    }

    /// Adds a cell to the open row. Oversized cells are cut to a prefix and
    /// marked, so the validator can say so.
    pub fn push_cell(&mut self, text: &str, kind: CellKind) {
        let Some(open) = self.open_row else {
            return;
        };
        let (text, kind) = cut(text, kind);
        self.text.push_str(text);
        // A row holds at most 16,384 cells of at most 32,767 chars (4 bytes
        // each): under 2^31 bytes, so the offset fits in u32.
        let rel = u32::try_from(self.text.len() - open.text_start).unwrap_or(u32::MAX);
        self.cell_ends.push(rel);
        self.kinds.push(kind);
    }

    /// Gives the rows what merges spanning rows show in the sheet.
    pub(super) fn set_merged(&mut self, merged: Arc<MergedValues>) {
        self.merged = merged;
    }

    /// Commits the open row, or drops it if every cell is blank: fully empty
    /// rows are ignored, as a person reading the sheet would.
    pub fn end_row(&mut self) {
        let Some(open) = self.open_row.take() else {
            return;
        };
        let blank = self.text[open.text_start..]
            .chars()
            .all(|c| c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}');
        if blank {
            self.text.truncate(open.text_start);
            self.cell_ends.truncate(open.first_cell);
            self.kinds.truncate(open.first_cell);
        } else {
            self.rows.push(open);
        }
    }

    /// Committed rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Row `i` (0-based among committed rows), if there is one.
    pub fn row(&self, i: usize) -> Option<RowView<'_>> {
        self.rows.get(i).map(|&r| RowView {
            table: self,
            r,
            end_cell: self
                .rows
                .get(i + 1)
                .map_or(self.cell_ends.len(), |n| n.first_cell),
            index: i,
        })
    }

    /// Every committed row, in sheet order.
    pub fn iter(&self) -> impl Iterator<Item = RowView<'_>> {
        (0..self.len()).filter_map(|i| self.row(i))
    }

    /// The rows a header is looked for in (the first
    /// [`super::HEADER_SEARCH_ROWS`]), as (row number, cell texts): a
    /// payroll sheet's and a statement's alike.
    pub fn head_rows(&self) -> Vec<(usize, Vec<String>)> {
        self.iter()
            .take(super::HEADER_SEARCH_ROWS)
            .map(|r| (r.number(), r.cells().map(|c| c.text.to_string()).collect()))
            .collect()
    }

    /// Drops the first `n` committed rows (title rows and the header), keeping
    /// the rest. Their text stays in the arena; it is small.
    pub fn drop_first(&mut self, n: usize) {
        let n = n.min(self.rows.len());
        self.rows.drain(..n);
    }

    #[cfg(test)]
    /// Appends every row of `other` (for collecting chunks into one table).
    pub fn append(&mut self, other: &RowTable) {
        for r in other.iter() {
            self.begin_row(r.number());
            for c in r.cells() {
                self.push_cell(c.text, c.kind);
            }
            self.end_row();
        }
    }
}

/// A cell as read, or, oversized, cut to a prefix and marked so, for the
/// validator to say.
pub(super) fn cut(text: &str, kind: CellKind) -> (&str, CellKind) {
    if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
        let cut = text
            .char_indices()
            .nth(OVERSIZED_PREFIX_CHARS)
            .map_or(text.len(), |(i, _)| i);
        (&text[..cut], CellKind::Oversized)
    } else {
        (text, kind)
    }
}

/// A cell under a merged range that spans rows (the range's first cell
/// too): what it shows, the value of the range's first cell, and the rows
/// the range spans, for a message to name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merged<'a> {
    pub cell: Cell<'a>,
    /// The range's first and last row as the user sees them.
    pub rows: (usize, usize),
}

/// One raw row: its number as the user sees it and its cells.
#[derive(Debug, Clone, Copy)]
pub struct RowView<'a> {
    table: &'a RowTable,
    r: RowRef,
    end_cell: usize,
    /// Its place among the table's committed rows.
    index: usize,
}

impl<'a> RowView<'a> {
    /// The row before this one that the table holds (blank rows are not
    /// kept): what a ditto mark repeats. A chunk's first row has none here.
    pub fn above(&self) -> Option<RowView<'a>> {
        let table: &'a RowTable = self.table;
        self.index.checked_sub(1).and_then(|i| table.row(i))
    }

    /// The row number as shown in Excel or a text editor.
    pub fn number(&self) -> usize {
        self.r.number
    }

    /// How many cells the row has (ragged rows differ from the header).
    pub fn len(&self) -> usize {
        self.end_cell - self.r.first_cell
    }

    /// Cell `col` (0-based), or `None` past the end of a short row.
    pub fn cell(&self, col: usize) -> Option<Cell<'a>> {
        if col >= self.len() {
            return None;
        }
        let idx = self.r.first_cell + col;
        let t = self.table;
        let start = if col == 0 {
            0
        } else {
            t.cell_ends.get(idx - 1).copied().unwrap_or(0) as usize
        };
        let end = t.cell_ends.get(idx).copied().unwrap_or(0) as usize;
        let text = t
            .text
            .get(self.r.text_start + start..self.r.text_start + end)
            .unwrap_or("");
        let kind = t.kinds.get(idx).copied().unwrap_or(CellKind::Text);
        Some(Cell { text, kind })
    }

    /// Cell text, empty past the end of a short row.
    pub fn text(&self, col: usize) -> &'a str {
        self.cell(col).map_or("", |c| c.text)
    }

    /// What cell `col` shows when a merged range that spans rows covers
    /// it: the value of the range's first cell, which the file holds on
    /// that cell only. `None` for every other cell, and in a CSV. Only what
    /// a row says of itself is judged by it; its payout is read from its
    /// own cells ([`RowView::cell`]).
    pub fn merged(&self, col: usize) -> Option<Merged<'a>> {
        let merged: &'a MergedValues = &self.table.merged;
        if merged.is_empty() {
            return None;
        }
        let ((r0, r1, ..), text, kind) = merged.at(self.r.number, col)?;
        Some(Merged {
            cell: Cell { text, kind },
            rows: (r0, r1),
        })
    }

    /// Every cell in order.
    pub fn cells(&self) -> impl Iterator<Item = Cell<'a>> + '_ {
        (0..self.len()).filter_map(|c| self.cell(c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_cells_numbers_and_kinds() {
        let mut t = RowTable::new();
        t.begin_row(3);
        t.push_cell("a", CellKind::Text);
        t.push_cell("", CellKind::Text);
        t.push_cell("12", CellKind::Number);
        t.begin_row(4);
        t.push_cell("  ", CellKind::Text);
        t.begin_row(7);
        t.push_cell("ৎ x", CellKind::Text);
        t.end_row();
        assert_eq!(t.len(), 2, "the blank row 4 is dropped");
        let r = t.row(0).unwrap();
        assert_eq!((r.number(), r.len()), (3, 3));
        assert_eq!(r.text(0), "a");
        assert_eq!(r.text(1), "");
        assert_eq!(r.cell(2).unwrap().kind, CellKind::Number);
        assert!(r.cell(3).is_none());
        let r = t.row(1).unwrap();
        assert_eq!((r.number(), r.text(0)), (7, "ৎ x"));
        t.drop_first(1);
        assert_eq!(t.row(0).unwrap().number(), 7);
    }

    #[test]
    fn oversized_cells_are_cut_and_marked() {
        let mut t = RowTable::new();
        t.begin_row(1);
        let big = "x".repeat(MAX_CELL_CHARS + 1);
        t.push_cell(&big, CellKind::Text);
        t.end_row();
        let c = t.row(0).unwrap().cell(0).unwrap();
        assert_eq!(c.kind, CellKind::Oversized);
        assert_eq!(c.text.len(), OVERSIZED_PREFIX_CHARS);
    }
}
