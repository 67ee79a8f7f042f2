//! Which rows and columns of a worksheet are hidden in Excel.
//!
//! A finance person who hides a row usually means "not this month", and an
//! AutoFilter left on hides rows nobody meant to leave out. calamine does not
//! report either, so for `.xlsx`/`.xlsm` payrun reads the chosen
//! worksheet's XML itself (`hidden_xlsx.rs`): it finds the sheet's part
//! through `xl/workbook.xml` and `xl/_rels/workbook.xml.rels` (by sheet name,
//! the way calamine does), then streams the part once with quick-xml. This
//! file holds what every format's reader hands on: [`HiddenParts`].
//!
//! What hides a row or column (ECMA-376 Part 1, 18.3.1.73 `row`, 18.3.1.13
//! `col`, 18.3.1.81 `sheetFormatPr`):
//! - `<row hidden="1">`: hidden by hand, in a collapsed outline group (Excel
//!   and LibreOffice set `hidden` on every row of the closed group, not only
//!   `collapsed` on its summary row), or by an AutoFilter or advanced filter;
//! - a row too low to read ([`too_low`](super::legible::too_low)): `ht="0"` or any height under
//!   4 points, or no `ht` of its own under `<sheetFormatPr zeroHeight="1">`
//!   or such a default row height;
//! - `<col min max hidden="1">`, or a column narrower than one character
//!   ([`too_narrow`](super::legible::too_narrow));
//! - the rows of a group whose summary row says `collapsed="1"` (see
//!   `outline`).
//!
//! Booleans are read in every spelling that could mean yes (`1`, `true`,
//! which LibreOffice writes, and `on`): a row wrongly taken as hidden only
//! refuses a sheet. When the part cannot be found or read to the end of its
//! rows, the answer is "unknown", never "nothing hidden": the validator
//! refuses the batch unless the user says hidden rows may be paid.

use super::areas::{SheetArea, SheetTable};
use super::conditional::{self, Rule};
use super::format_words::Unit;
use super::unseen::{self, FormatWords};
use calamine::{Data, Range};

// What is kept of a cell shown rounded, and how a cell is struck.
#[path = "hidden_kinds.rs"]
mod kinds;
pub use kinds::{Rounded, Struck};

// The reader of `.xlsx`/`.xlsm` sheet parts; `.xls` and `.ods` are read in
// `biff.rs` and `ods_scan.rs`, into the same `HiddenParts`.
#[path = "hidden_xlsx.rs"]
mod xlsx;
pub(super) use xlsx::{resolve_target, scan_xlsx_read, sheet_part, sheet_rid, with_the_sheet};
#[cfg(test)]
use {
    super::{uncalculated::FormulaCount, xlsx_styles::XlsxLooks},
    xlsx::{scan_sheet, scan_styled_sheet, scan_xlsx},
};

/// Excel's last row and column; a number past them is not a real row.
const MAX_ROW: usize = 1_048_576;
const MAX_COL: usize = 16_384;

/// The most separate runs of hidden rows kept. Excel has at most one per two
/// rows; more means a damaged or hostile file, and the answer is "unknown".
pub(super) const MAX_RUNS: usize = MAX_ROW / 2 + 1;

/// What is hidden in one worksheet. Row numbers are as the user sees them
/// (1-based); column indexes are 0-based, as in [`super::Layout`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HiddenParts {
    /// Inclusive runs of hidden rows, in order, never overlapping.
    pub(super) rows: Vec<(usize, usize)>,
    /// Inclusive runs of hidden columns (0-based).
    pub(super) columns: Vec<(usize, usize)>,
    /// Cells whose own format shows nothing of their value (`;;;`, white
    /// ink): (row, 0-based column), in order.
    pub(super) cells: Vec<(usize, usize)>,
    /// Cells whose format shows their number as another number (scaled,
    /// a percentage, digits of its own), in order.
    pub(super) misstated: Vec<(usize, usize)>,
    /// Of those and of `cells`, the ones whose format writes words of its
    /// own: a unit beside the figure, text in place of it.
    pub(super) words: FormatWords,
    /// Cells whose text is struck through (their style's font, or a run
    /// of their rich text), in order.
    pub(super) struck: Vec<(usize, usize)>,
    /// Cells holding a value that a conditional format may strike through.
    pub(super) struck_by_rule: Vec<(usize, usize)>,
    /// Cells holding a number that a conditional format may show as
    /// another (its number format scales it or writes a unit), with the
    /// unit, in order.
    pub(super) misstated_by_rule: Vec<conditional::Misstated>,
    /// Cells holding a number that their format shows rounded, or a
    /// conditional format's may, in order; one each, its own format's first.
    pub(super) rounded: Vec<Rounded>,
    /// The print area and AutoFilter ranges: rows below them are warned of.
    pub(super) areas: Vec<SheetArea>,
    /// The worksheet's Excel tables: rows outside them are warned of, and
    /// their totals rows are never payees.
    pub(super) tables: Vec<SheetTable>,
    /// Cell comments (notes), as written: shown only on hover.
    pub(super) comments: Vec<super::comments::CellComment>,
    /// Cells whose formula reads another workbook.
    pub(super) linked: Vec<super::external_links::LinkedCell>,
    /// Why hidden rows could not be found, when they could not.
    unknown: Option<String>,
}

impl HiddenParts {
    /// Nothing hidden, or a format whose hidden rows payrun does not read.
    pub fn none() -> HiddenParts {
        HiddenParts::default()
    }

    /// The scan could not finish; `why` says what went wrong, for the user.
    pub fn unknown(why: impl Into<String>) -> HiddenParts {
        HiddenParts {
            unknown: Some(why.into()),
            ..HiddenParts::default()
        }
    }

    /// Whether row `row` (as the user sees it) is hidden.
    pub fn is_row_hidden(&self, row: usize) -> bool {
        is_in(&self.rows, row)
    }

    /// Whether column `col` (0-based) is hidden.
    pub fn is_column_hidden(&self, col: usize) -> bool {
        is_in(&self.columns, col)
    }

    /// Whether the cell at `row` (as the user sees it) and `col` (0-based)
    /// shows nothing of its value.
    pub fn is_cell_unseen(&self, row: usize, col: usize) -> bool {
        self.cells.binary_search(&(row, col)).is_ok()
    }

    pub(super) fn with_cells(self, cells: Vec<(usize, usize)>) -> HiddenParts {
        HiddenParts { cells, ..self }
    }

    /// Whether any cell shows its number as another, or may by a
    /// conditional format.
    pub fn any_misstated(&self) -> bool {
        !self.misstated.is_empty() || !self.misstated_by_rule.is_empty() || !self.rounded.is_empty()
    }

    /// Whether the cell at `row` and `col` shows its number as another.
    pub fn is_cell_misstated(&self, row: usize, col: usize) -> bool {
        self.misstated.binary_search(&(row, col)).is_ok()
    }

    /// Whether a conditional format may show the number of the cell at
    /// `row` and `col` as another: `Some` with the unit its number format
    /// writes beside the figure, if any.
    pub fn misstated_by_rule(&self, row: usize, col: usize) -> Option<Option<Unit>> {
        at_cell(&self.misstated_by_rule, row, col)
    }

    pub(super) fn with_misstated(self, misstated: Vec<(usize, usize)>) -> HiddenParts {
        HiddenParts { misstated, ..self }
    }

    /// Adds areas the sheet marks as its table (`super::areas`).
    pub(super) fn with_areas(mut self, areas: Vec<SheetArea>) -> HiddenParts {
        self.areas.extend(areas);
        self
    }

    /// The print area and AutoFilter ranges of the worksheet.
    pub fn areas(&self) -> &[SheetArea] {
        &self.areas
    }

    /// Adds the worksheet's Excel tables (or an `.ods`'s named database
    /// ranges).
    pub(super) fn with_tables(mut self, tables: Vec<SheetTable>) -> HiddenParts {
        self.tables.extend(tables);
        self
    }

    /// The worksheet's Excel tables.
    pub fn tables(&self) -> &[SheetTable] {
        &self.tables
    }

    pub(super) fn with_rounded(mut self, rounded: Vec<Rounded>) -> HiddenParts {
        self.rounded.extend(rounded);
        self
    }

    /// The cell at `row` and `col`, when its number format shows its
    /// number rounded, or a conditional format's may: what it shows, what
    /// it holds, and the rule's format.
    pub fn rounded(&self, row: usize, col: usize) -> Option<&Rounded> {
        let i = self
            .rounded
            .binary_search_by_key(&(row, col), |r| (r.row, r.col))
            .ok()?;
        self.rounded.get(i)
    }

    /// The unit shown beside the figure of the cell at `row` and `col`,
    /// when its format writes one.
    pub fn unit_of(&self, row: usize, col: usize) -> Option<Unit> {
        at_cell(&self.words.units, row, col)
    }

    /// Whether the cell at `row` and `col` shows text of its format's own
    /// in place of its figure.
    pub fn shows_as_text(&self, row: usize, col: usize) -> bool {
        self.words.as_text.binary_search(&(row, col)).is_ok()
    }

    pub(super) fn with_words(self, words: FormatWords) -> HiddenParts {
        HiddenParts { words, ..self }
    }

    /// Whether any cell is, or may be, struck through.
    pub fn any_struck(&self) -> bool {
        !self.struck.is_empty() || !self.struck_by_rule.is_empty()
    }

    /// Whether the cell at `row` and `col` is struck through by its font,
    /// or may be by a conditional format.
    pub fn struck_cell(&self, row: usize, col: usize) -> Option<Struck> {
        if self.struck.binary_search(&(row, col)).is_ok() {
            Some(Struck::ByFont)
        } else if self.struck_by_rule.binary_search(&(row, col)).is_ok() {
            Some(Struck::ByRule)
        } else {
            None
        }
    }

    /// Adds what conditional formats `rules` hide or may strike through in
    /// `range` (the sheet as calamine read it), and puts everything in order.
    pub(super) fn with_rules(
        mut self,
        rules: &[Rule],
        range: &Range<Data>,
    ) -> Result<HiddenParts, String> {
        if !rules.is_empty() {
            self.cells
                .extend(conditional::unseen_in_range(rules, range)?);
            self.struck_by_rule = conditional::struck_in_range(rules, range)?;
            self.misstated_by_rule = conditional::misstated_in_range(rules, range)?;
            // After the cells' own roundings: `sorted` keeps a cell's first.
            self.rounded
                .extend(conditional::rounded_in_range(rules, range)?);
        }
        if self.cells.len() + self.struck.len() + self.struck_by_rule.len()
            > unseen::MAX_UNSEEN_CELLS
        {
            return Err("more cells hidden by their format than payrun keeps".into());
        }
        Ok(self.sorted())
    }

    pub(super) fn with_struck(self, struck: Vec<(usize, usize)>) -> HiddenParts {
        HiddenParts { struck, ..self }
    }

    /// With the sheet's cell comments.
    pub(super) fn with_comments(self, comments: Vec<super::comments::CellComment>) -> HiddenParts {
        HiddenParts { comments, ..self }
    }

    /// With the cells whose formula reads another workbook.
    pub(super) fn with_linked(self, linked: Vec<super::external_links::LinkedCell>) -> HiddenParts {
        HiddenParts { linked, ..self }
    }

    /// The cells whose formula reads another workbook (`.xlsx`, `.ods`).
    pub fn linked(&self) -> &[super::external_links::LinkedCell] {
        &self.linked
    }

    /// The sheet's cell comments, as written (`.xlsx` and `.ods`).
    pub fn comments(&self) -> &[super::comments::CellComment] {
        &self.comments
    }

    /// What was read, but with something payrun could not check (`why`,
    /// for the user): refused as unknown, the rows found still named.
    pub(super) fn with_unknown(self, why: impl Into<String>) -> HiddenParts {
        HiddenParts {
            unknown: Some(why.into()),
            ..self
        }
    }

    /// Why hidden rows could not be checked, if they could not.
    pub fn unknown_reason(&self) -> Option<&str> {
        self.unknown.as_deref()
    }

    /// The runs in order, as [`HiddenParts::is_row_hidden`] needs them.
    pub(super) fn sorted(self) -> HiddenParts {
        HiddenParts {
            rows: merged(self.rows),
            columns: merged(self.columns),
            cells: in_order(self.cells),
            misstated: in_order(self.misstated),
            words: FormatWords {
                units: by_cell(self.words.units),
                as_text: in_order(self.words.as_text),
            },
            struck: in_order(self.struck),
            struck_by_rule: in_order(self.struck_by_rule),
            misstated_by_rule: by_cell(self.misstated_by_rule),
            rounded: {
                let mut r = self.rounded;
                r.sort_by_key(|r| (r.row, r.col));
                r.dedup_by_key(|r| (r.row, r.col));
                r
            },
            areas: self.areas,
            tables: self.tables,
            comments: self.comments,
            linked: self.linked,
            unknown: self.unknown,
        }
    }

    /// Whether any row, column or cell is hidden.
    pub fn any(&self) -> bool {
        !self.rows.is_empty() || !self.columns.is_empty() || !self.cells.is_empty()
    }
}

/// Cells sorted, each once, as the binary searches above need them.
fn in_order(mut cells: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    cells.sort_unstable();
    cells.dedup();
    cells
}

/// Cells with something kept of each, sorted, each once (the first kept).
fn by_cell<T>(mut cells: Vec<(usize, usize, T)>) -> Vec<(usize, usize, T)> {
    cells.sort_by_key(|&(r, c, _)| (r, c));
    cells.dedup_by_key(|&mut (r, c, _)| (r, c));
    cells
}

/// What is kept of the cell at `row` and `col` in `cells` ([`by_cell`]).
fn at_cell<T: Copy>(cells: &[(usize, usize, T)], row: usize, col: usize) -> Option<T> {
    let i = cells
        .binary_search_by_key(&(row, col), |&(r, c, _)| (r, c))
        .ok()?;
    cells.get(i).map(|&(_, _, t)| t)
}

fn is_in(runs: &[(usize, usize)], n: usize) -> bool {
    let i = runs.partition_point(|(_, last)| *last < n);
    runs.get(i).is_some_and(|(first, _)| *first <= n)
}

/// Adds `first..=last` to the runs, merging it with the last run when it
/// extends it. Out-of-order input (a damaged or hostile file) is only
/// pushed: [`HiddenParts::sorted`] puts the runs in order once, at the end,
/// so a file of rows in reverse order costs one sort, not one per row.
pub(super) fn add_run(runs: &mut Vec<(usize, usize)>, first: usize, last: usize) {
    if let Some(prev) = runs.last_mut()
        && first >= prev.0
        && first <= prev.1.saturating_add(1)
    {
        prev.1 = prev.1.max(last);
        return;
    }
    runs.push((first, last));
}

/// Sorts runs and merges those that overlap or touch.
fn merged(mut runs: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    if runs.windows(2).all(|w| matches!(w, [a, b] if a.1 < b.0)) {
        return runs;
    }
    runs.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(runs.len());
    for (f, l) in runs {
        match out.last_mut() {
            Some(m) if f <= m.1.saturating_add(1) => m.1 = m.1.max(l),
            _ => out.push((f, l)),
        }
    }
    out
}

#[cfg(test)]
#[path = "hidden_tests.rs"]
mod tests;
