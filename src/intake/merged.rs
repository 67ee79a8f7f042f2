//! Merged cells: the values under them, held in the file and shown to
//! nobody, and the value a merge spanning rows shows on every row it
//! covers ([`MergedValues`]).
//!
//! A merged range shows its first (top-left) cell only. LibreOffice asks,
//! when cells are merged, whether to keep the contents of the cells it
//! covers, and keeps them if told; other writers may too. A row merged into
//! one cell reading "left in October" can then still hold a wallet and an
//! amount that calamine reads like any other. payrun takes such a covered
//! cell with a value as one that shows nothing ([`super::unseen`]).
//!
//! `.xlsx` lists merges after the cells (`<mergeCells><mergeCell
//! ref="A3:E3"/>`, ECMA-376 Part 1, 18.3.1.55): the covered cells are then
//! looked up in the sheet calamine read. `.xls` lists them in MERGEDCELLS
//! records after its cell table ([MS-XLS] 2.4.168), read in a second pass
//! over the records in memory; `.ods` marks a covered cell where it stands
//! (`table:covered-table-cell`), and its first cell the range it spans
//! (`table:number-rows-spanned`, `table:number-columns-spanned`). Each
//! format's reader hands on its merges as [`Area`]s; the rest is done here,
//! once, for all three.

use super::excel_cells::{render, render_fix};
use super::ods_scan::Fix;
use super::table::CellKind;
use super::unseen::MAX_UNSEEN_CELLS;
use calamine::{Data, Range};
use std::collections::HashMap;

/// The most merged ranges kept, and the most rows they may cover in all;
/// more is not a payroll a person made, and the hidden parts are unknown.
pub(super) const MAX_MERGES: usize = 100_000;
const MAX_COVERED_ROWS: usize = 1_048_576;

/// Excel's last row.
const LAST_ROW: usize = 1_048_576;

/// A merged range: first and last row as the user sees them, first and last
/// column 0-based.
pub(super) type Area = (usize, usize, usize, usize);

/// Which merged ranges cover each row: the one index of merges, for the
/// values hidden under them ([`Covered::hides`]) and for the value they
/// show ([`MergedValues`]). One entry per row a range covers, in order of
/// row, so a lookup is a binary search and building it one sort.
#[derive(Debug, Default)]
pub(super) struct Covered {
    areas: Vec<Area>,
    /// (row as seen, index in `areas`), in order.
    by_row: Vec<(u32, u32)>,
}

impl Covered {
    /// Ranges past Excel's last row are left out: no sheet payrun reads
    /// has such a row.
    pub(super) fn new(areas: &[Area]) -> Result<Covered, String> {
        let areas: Vec<Area> = areas
            .iter()
            .copied()
            .filter(|&(r0, r1, ..)| r0 <= r1 && r1 <= LAST_ROW)
            .collect();
        let total = areas
            .iter()
            .fold(0usize, |t, &(r0, r1, ..)| t.saturating_add(r1 - r0 + 1));
        if total > MAX_COVERED_ROWS {
            return Err("merged cells cover more rows than a worksheet has".into());
        }
        let mut by_row = Vec::with_capacity(total);
        for (i, &(r0, r1, ..)) in areas.iter().enumerate() {
            // Both fit: rows are at most LAST_ROW, areas at most as many.
            let i = u32::try_from(i).unwrap_or(u32::MAX);
            by_row.extend((r0..=r1).map(|r| (u32::try_from(r).unwrap_or(u32::MAX), i)));
        }
        by_row.sort_unstable();
        Ok(Covered { areas, by_row })
    }

    /// The ranges that cover cell (`row` as seen, `col`), with their index.
    fn covering(&self, row: usize, col: usize) -> impl Iterator<Item = (usize, Area)> + '_ {
        let at = self.by_row.partition_point(|&(r, _)| (r as usize) < row);
        self.by_row[at..]
            .iter()
            .take_while(move |&&(r, _)| r as usize == row)
            .filter_map(|&(_, i)| self.areas.get(i as usize).map(|a| (i as usize, *a)))
            .filter(move |&(_, (_, _, c0, c1))| (c0..=c1).contains(&col))
    }

    /// Whether the cell at `row` (as seen) and `col` lies under a merged
    /// range and is not the range's first cell.
    pub(super) fn hides(&self, row: usize, col: usize) -> bool {
        self.covering(row, col)
            .any(|(_, (r0, _, c0, _))| (row, col) != (r0, c0))
    }
}

/// What each merged range that spans rows shows in every cell it covers:
/// the value of its first (top-left) cell. A clerk merges one `Status`
/// cell ("On hold") down over a block of rows, and everyone looking at the
/// sheet reads every row of it as on hold, while the file holds the value
/// on the first row only. Built once per sheet, by every workbook format
/// alike, and handed with each chunk of rows ([`super::RowView::merged`]),
/// so a range that crosses a chunk is seen whole. A range within one row,
/// or whose first cell is empty, shows nothing more than its cells hold,
/// and is not kept.
#[derive(Debug, Default)]
pub(crate) struct MergedValues {
    covered: Covered,
    /// The first cell of each range in `covered`, as read.
    values: Vec<(String, CellKind)>,
}

impl MergedValues {
    /// The ranges of `areas` that span rows, each with the value of its
    /// first cell in `range` (the sheet as calamine read it; `fixes` are
    /// the cells payrun read itself).
    pub(super) fn read(
        areas: &[Area],
        range: &Range<Data>,
        fixes: &HashMap<(u32, u32), Fix>,
    ) -> Result<MergedValues, String> {
        let mut kept = Vec::new();
        let mut values = Vec::new();
        let mut buf = String::new();
        for &(r0, r1, c0, c1) in areas.iter().filter(|a| a.1 > a.0) {
            let (Ok(r), Ok(c)) = (u32::try_from(r0.saturating_sub(1)), u32::try_from(c0)) else {
                continue;
            };
            let kind = match (fixes.get(&(r, c)), range.get_value((r, c))) {
                (Some(fix), _) => render_fix(fix, &mut buf),
                (None, Some(value)) => render(value, &mut buf),
                (None, None) => continue,
            };
            if buf.trim().is_empty() {
                continue;
            }
            let (text, kind) = super::table::cut(&buf, kind);
            kept.push((r0, r1, c0, c1));
            values.push((text.to_string(), kind));
        }
        Ok(MergedValues {
            covered: Covered::new(&kept)?,
            values,
        })
    }

    pub(super) fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The range that spans rows over cell (`row` as seen, `col`), its
    /// first cell included, and the value of its first cell.
    pub(super) fn at(&self, row: usize, col: usize) -> Option<(Area, &str, CellKind)> {
        let (i, area) = self.covered.covering(row, col).next()?;
        let (text, kind) = self.values.get(i)?;
        Some((area, text.as_str(), *kind))
    }
}

/// `A3:E3` as an [`Area`]; `None` for a single cell or a reference payrun
/// cannot read (which merges nothing it need care about).
pub(super) fn parse_ref(r: &str) -> Option<Area> {
    let (a, b) = r.split_once(':')?;
    let (r0, c0) = cell(a)?;
    let (r1, c1) = cell(b)?;
    (r0 <= r1 && c0 <= c1).then_some((r0, r1, c0, c1))
}

/// `D3` as (3, 3).
pub(super) fn cell(r: &str) -> Option<(usize, usize)> {
    let r = r.trim().trim_start_matches('$');
    let split = r.find(|c: char| !c.is_ascii_alphabetic())?;
    let (letters, digits) = r.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.bytes().fold(0usize, |n, b| {
        n * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1)
    });
    let row: usize = digits.trim_start_matches('$').parse().ok()?;
    Some((row, col.checked_sub(1)?))
}

/// The cells under `areas` (not their first cells) that hold a value in
/// `range`, the sheet as calamine read it: no second pass over the XML.
pub(super) fn covered_in_range(
    areas: &[Area],
    range: &Range<Data>,
) -> Result<Vec<(usize, usize)>, String> {
    let too_many = "more cells under merged ranges than payrun keeps";
    let areas = areas.iter().map(|&a| (a, a));
    cells_where(
        areas,
        range,
        too_many,
        |&(r0, _, c0, _), row, col, value| {
            let empty = match value {
                Data::Empty => true,
                Data::String(s) => s.is_empty(),
                _ => false,
            };
            (row, col) != (r0, c0) && !empty
        },
    )
}

/// The cells of each area within `range` that `keep` picks, given what
/// the area came with (row as seen, 0-based column). Past
/// [`MAX_UNSEEN_CELLS`] of them, `too_many` is the error: a sheet that
/// hides that much is refused, not listed.
pub(super) fn cells_where<T>(
    areas: impl IntoIterator<Item = (Area, T)>,
    range: &Range<Data>,
    too_many: &str,
    mut keep: impl FnMut(&T, usize, usize, &Data) -> bool,
) -> Result<Vec<(usize, usize)>, String> {
    let mut out = Vec::new();
    let mut looked = 0usize;
    for (area, with) in areas {
        each_cell_in(area, range, &mut looked, |row, col, value| {
            // One past the limit is kept, to say so below.
            if out.len() <= MAX_UNSEEN_CELLS && keep(&with, row, col, value) {
                out.push((row, col));
            }
        })?;
        if out.len() > MAX_UNSEEN_CELLS {
            return Err(too_many.into());
        }
    }
    Ok(out)
}

/// Calls `f` with each cell of `area` within `range` (row as seen,
/// 0-based column, value): only the part of the area within the range is
/// looked at, and at most [`MAX_LOOKED_AT`] cells counted in `looked`,
/// over all the areas a caller looks at.
fn each_cell_in(
    (r0, r1, c0, c1): Area,
    range: &Range<Data>,
    looked: &mut usize,
    mut f: impl FnMut(usize, usize, &Data),
) -> Result<(), String> {
    let (Some((top, left)), Some((bottom, right))) = (range.start(), range.end()) else {
        return Ok(());
    };
    // Rows as seen are 1-based; calamine's are 0-based.
    let rows = r0.saturating_sub(1).max(top as usize)..=r1.saturating_sub(1).min(bottom as usize);
    let cols = c0.max(left as usize)..=c1.min(right as usize);
    if rows.is_empty() || cols.is_empty() {
        return Ok(());
    }
    let cells = rows.clone().count().saturating_mul(cols.clone().count());
    *looked = looked.saturating_add(cells);
    if *looked > MAX_LOOKED_AT {
        return Err(
            "merged cells or conditional formats cover more of the sheet than payrun looks at"
                .into(),
        );
    }
    for r in rows {
        for c in cols.clone() {
            if let Some(v) = range.get_value((r as u32, c as u32)) {
                f(r + 1, c, v);
            }
        }
    }
    Ok(())
}

/// The most cells under merged ranges or conditional formats looked at:
/// as many as a sheet payrun lays out.
const MAX_LOOKED_AT: usize = 20_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_coverage() {
        assert_eq!(parse_ref("A3:E3"), Some((3, 3, 0, 4)));
        assert_eq!(parse_ref("$C$4:$D$5"), Some((4, 5, 2, 3)));
        assert_eq!(parse_ref("B2"), None);
        assert_eq!(parse_ref("E3:A3"), None);
        let c = Covered::new(&[(3, 3, 0, 4), (4, 5, 2, 3)]).unwrap();
        assert!(!c.hides(3, 0) && c.hides(3, 1) && c.hides(3, 4) && !c.hides(3, 5));
        assert!(!c.hides(4, 2) && c.hides(4, 3) && c.hides(5, 2) && !c.hides(6, 3));
    }

    #[test]
    fn only_covered_cells_with_a_value_are_kept() {
        let sheet = r#"<worksheet><sheetData/><mergeCells><mergeCell ref="A3:D3"/>
            <mergeCell ref="A4:B4"/><mergeCell ref="X1:Z9"/></mergeCells></worksheet>"#;
        let mut xml = super::super::xml::Xml::new(sheet.as_bytes(), 1 << 20, "test");
        let areas = super::super::xlsx_tail::read_tail(&mut xml, &[], &Default::default())
            .unwrap()
            .merges;
        assert_eq!(areas[..2], [(3, 3, 0, 3), (4, 4, 0, 1)]);
        // Rows 3 and 4 (0-based 2 and 3) of a sheet A1:D4.
        let mut range: Range<Data> = Range::new((0, 0), (3, 3));
        range.set_value((2, 0), Data::String("Left".into()));
        range.set_value((2, 1), Data::String("01712345002".into()));
        range.set_value((2, 3), Data::Float(6000.0));
        range.set_value((3, 0), Data::String("x".into()));
        range.set_value((3, 1), Data::String(String::new()));
        let cells = covered_in_range(&areas, &range).unwrap();
        assert_eq!(cells, vec![(3, 1), (3, 3)]);
    }

    /// Only ranges that span rows and show something are kept; each shows
    /// its first cell's value on every cell it covers, the first included,
    /// and nowhere else. A fixed cell (an `.ods` error) shows as fixed.
    #[test]
    fn a_merge_spanning_rows_shows_its_first_value_on_every_cell_it_covers() {
        // Rows 2 to 9 as seen (0-based 1 to 8), columns A to D.
        let mut range: Range<Data> = Range::new((1, 0), (8, 3));
        range.set_value((2, 2), Data::String("On hold".into()));
        range.set_value((5, 0), Data::String("Active".into()));
        range.set_value((6, 3), Data::String("#N/A".into()));
        let fixes = HashMap::from([((6, 3), Fix::Error("#N/A".into()))]);
        let areas = [
            (3, 5, 2, 3), // C3:D5 "On hold"
            (6, 6, 0, 1), // A6:B6, within one row
            (8, 9, 1, 1), // B8:B9, its first cell empty
            (7, 8, 3, 3), // D7:D8, an error
        ];
        let m = MergedValues::read(&areas, &range, &fixes).unwrap();
        assert!(!m.is_empty());
        for (row, col) in [(3, 2), (4, 2), (5, 2), (4, 3), (5, 3)] {
            assert_eq!(
                m.at(row, col),
                Some(((3, 5, 2, 3), "On hold", CellKind::Text)),
                "{row} {col}"
            );
        }
        assert_eq!(m.at(8, 3), Some(((7, 8, 3, 3), "#N/A", CellKind::Error)));
        for (row, col) in [(2, 2), (6, 2), (3, 1), (6, 1), (9, 1), (9, 3)] {
            assert_eq!(m.at(row, col), None, "{row} {col}");
        }
        // Nothing spans rows: nothing to look up.
        assert!(
            MergedValues::read(&areas[1..2], &range, &fixes)
                .unwrap()
                .is_empty()
        );
        // Ranges past Excel's last row are left out; more rows than a
        // sheet has are refused.
        assert!(MergedValues::read(&[(1, 2_000_000, 0, 0)], &range, &fixes).is_ok());
        let many = vec![(1, 1_000, 0, 0); 1_100];
        assert!(Covered::new(&many).is_err());
    }
}
